"""/api/publik/...: no login, the same figures as the pages, caching headers, in the schema."""

import csv
import io

import pytest
from django.test import Client

from selenggara.portal.tests.world import DESA_A, TPS_A1, TPS_A2, TPS_B1
from selenggara.publik.tests.world import ALASAN_KOREKSI, kecamatan_ditetapkan

pytestmark = pytest.mark.django_db


def _url(hw, rest):
    return f"/api/publik/{hw.world.pemilihan.kode}/{rest}"


def test_region_results_without_login(hw):
    response = Client().get(_url(hw, "ppwp/hasil"), {"wilayah": "33.03.01"})

    assert response.status_code == 200
    data = response.json()
    assert data["format"] == "selenggara.hasil.v2"
    assert data["hitung"]["tps_masuk"] == 2  # counted; the third is held out
    assert data["hitung"]["tps_ditahan"] == 1
    assert data["hitung"]["tps_diharapkan"] == 3
    assert data["rekap"] is None
    assert {"kode": "tps_ditahan", "jumlah": 1, "tps": []} in data["perbedaan"]
    assert data["tanda_dibaca"] is True
    assert data["tanda"][0]["tps"] == TPS_A2  # held-out TPS first
    assert [a["kode"] for a in data["anak"]] == ["33.03.01.2001", "33.03.01.2002"]
    assert "public" in response["Cache-Control"]


def test_region_results_carry_the_official_recap_once_adopted(hw):
    kecamatan_ditetapkan(hw)

    data = Client().get(_url(hw, "ppwp/hasil"), {"wilayah": "33.03.01"}).json()

    assert data["rekap"]["tps_masuk"] == 3
    assert data["rekap_lengkap"] is True
    assert data["pleno"]["status"] == "ditetapkan"
    assert data["perbedaan"][0]["kode"] == "koreksi_setelah_penetapan"
    assert data["perbedaan"][0]["tps"] == [TPS_B1]
    calon_1 = next(x for x in data["peserta"] if x["kunci"] == "calon_1")
    # Adopted: version 2 (calon_1 - 5 on the base sheet); counted: version 3 (base - 3).
    assert calon_1["rekap"] - calon_1["suara"] == -2


def test_etag_gives_not_modified(hw):
    client = Client()
    first = client.get(_url(hw, "ppwp/hasil"))

    again = client.get(_url(hw, "ppwp/hasil"), headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_csv_has_a_row_per_child(hw):
    response = Client().get(_url(hw, "ppwp/hasil.csv"), {"wilayah": DESA_A})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv"
    assert [r["kode"] for r in rows] == ["3303012001001", "3303012001002"]
    assert "calon_1" in rows[0]


def test_tps_with_every_version(hw):
    data = Client().get(_url(hw, f"ppwp/tps/{TPS_B1}")).json()

    assert [v["nomor"] for v in data["versi"]] == [1, 2]
    assert data["versi"][1]["alasan"] == ALASAN_KOREKSI
    assert [v["digest"] for v in data["versi"]] == hw.digest[(TPS_B1, "ppwp")]


def test_tps_without_a_sheet_has_no_versions(hw):
    data = Client().get(_url(hw, f"dpd/tps/{TPS_A1}")).json()

    assert data["versi"] == []


@pytest.mark.parametrize(
    "rest", ["gubernur/hasil", "ppwp/hasil?wilayah=99", "ppwp/tps/0000000000000", "x/hasil.csv"]
)
def test_unknown_is_404(hw, rest):
    response = Client().get(_url(hw, rest))

    assert response.status_code == 404
    assert response.json()["code"] == "not_accessible"


def test_endpoints_are_in_the_openapi_schema_without_auth(db):
    schema = Client().get("/api/openapi.json").json()

    for path in (
        "/api/publik/{pemilihan}/{jenis}/hasil",
        "/api/publik/{pemilihan}/{jenis}/hasil.csv",
        "/api/publik/{pemilihan}/{jenis}/tps/{kode}",
    ):
        assert "security" not in schema["paths"][path]["get"], path
