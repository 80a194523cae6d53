"""Exact query counts of the region browser: fixed per level, whatever the number of children.

Each page reads: session, user, (TOTP device for KPU roles), election, the actor's assignments
(once per access selector and once for the top bar), the node, its children, their rollup rows
in one query, the breadcrumb names in one query, and at a desa its TPS.
"""

import pytest
from django.urls import reverse

from selenggara.accounts.domain.peran import Peran
from selenggara.pemilihan.services import ringkasan_refresh
from selenggara.portal.tests.world import DESA_A, TPS_A1, World, tps_create
from selenggara.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def _children_add(world: World, n: int) -> None:
    """Add ``n`` more children at every level along 33 > 33.03 > 33.03.01 > desa A, with TPS."""
    versi = world.versi
    new = []
    for i in range(n):
        new += [
            (f"{51 + i}", f"Provinsi Tambahan {i}", 1, ""),
            (f"33.{11 + i:02d}", f"Kabupaten Tambahan {i}", 2, "33"),
            (f"33.03.{11 + i:02d}", f"Kecamatan Tambahan {i}", 3, "33.03"),
            (f"33.03.01.{2011 + i}", f"Desa Tambahan {i}", 4, "33.03.01"),
        ]
    Wilayah.objects.bulk_create(
        Wilayah(versi=versi, kode=k, nama=nama, tingkat=t, induk_kode=induk)
        for k, nama, t, induk in new
    )
    for i in range(n):
        desa = Wilayah.objects.get(versi=versi, kode=f"33.03.01.{2011 + i}")
        tps_create(world.pemilihan, desa, 1)
        tps_create(world.pemilihan, world.wilayah[DESA_A], 10 + i)
    ringkasan_refresh(pemilihan=world.pemilihan)


LEVELS = [
    pytest.param(Peran.KPU_RI, reverse("portal:wilayah"), 10, id="kpu-ri-nation"),
    pytest.param(Peran.KPU_RI, reverse("portal:wilayah", args=["33"]), 11, id="kpu-ri-provinsi"),
    pytest.param(
        Peran.KPU_RI, reverse("portal:wilayah", args=["33.03"]), 12, id="kpu-ri-kabupaten"
    ),
    pytest.param(
        Peran.KPU_RI, reverse("portal:wilayah", args=["33.03.01"]), 12, id="kpu-ri-kecamatan"
    ),
    pytest.param(Peran.KPU_RI, reverse("portal:wilayah", args=[DESA_A]), 12, id="kpu-ri-desa"),
    pytest.param(Peran.KPU_RI, reverse("portal:tps", args=[TPS_A1]), 10, id="kpu-ri-tps"),
    pytest.param(Peran.PPK, reverse("portal:wilayah", args=["33.03.01"]), 12, id="ppk-kecamatan"),
    pytest.param(Peran.PPS, reverse("portal:wilayah", args=[DESA_A]), 12, id="pps-desa"),
    pytest.param(Peran.PPS, reverse("portal:tps", args=[TPS_A1]), 10, id="pps-tps"),
]


@pytest.mark.parametrize("extra", [0, 3])
@pytest.mark.parametrize(("peran", "url", "expected"), LEVELS)
def test_region_browser_query_count_is_fixed(
    world: World, *, client_as, django_assert_num_queries, peran, url, expected, extra
):
    _children_add(world, extra)
    client = client_as(peran)
    client.get(reverse("portal:dashboard"))  # the election is now remembered in the session

    with django_assert_num_queries(expected):
        response = client.get(url)

    assert response.status_code == 200
    if "/wilayah/" in url and DESA_A not in url:
        assert ("Tambahan" in response.content.decode()) is bool(extra)
