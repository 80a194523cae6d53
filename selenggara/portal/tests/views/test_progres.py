"""The C.Hasil progress page: arrivals and flags per region and contest, scoped, drawn."""

from __future__ import annotations

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.progres import Sel, progres_get_for_actor
from selenggara.portal.tests.world import DESA_A, TPS_A1, TPS_A2, World, login
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build


@pytest.fixture
def world(db) -> World:
    world = tungsura_world_build()
    kpu = world.user(Peran.KPU_KABKOTA)
    for kode, jenis, fault in (
        (TPS_A1, "ppwp", False),
        (TPS_A1, "dpr", True),
        (TPS_A2, "ppwp", True),
    ):
        tps = world.tps[kode]
        lembar = lembar_for_tps(tps=tps, jenis=jenis)
        angka = lembar_konsisten(lembar.susunan, lembar.konteks)
        if fault:
            angka["suara_tidak_sah"] += 1
        c_hasil_submit(tps=tps, jenis=jenis, angka=angka, actor=kpu, sumber=Sumber.ENTRI_KERTAS)
    return world


def test_a_kecamatan_counts_arrivals_and_flags_per_desa_and_contest(world: World):
    page = progres_get_for_actor(
        actor=world.user(Peran.PPK), pemilihan=world.pemilihan, kode="33.03.01"
    )

    by_kode = {b.wilayah.kode: b for b in page.baris}
    ppwp, dpr = by_kode[DESA_A].sel[0], by_kode[DESA_A].sel[1]
    assert [j for j, _ in page.kontestasi] == [
        "ppwp",
        "dpr",
        "dpd",
        "dprd_provinsi",
        "dprd_kabkota",
    ]
    assert (ppwp.diharapkan, ppwp.masuk, ppwp.ditandai) == (2, 2, 1)
    assert (dpr.masuk, dpr.ditandai, dpr.persen) == (1, 1, 50)
    assert page.jumlah[0].masuk == 2
    assert page.jumlah[0].diharapkan == 3  # desa A has 2 TPS, desa B 1


def test_a_desa_shows_each_tps_status_per_contest(world: World):
    page = progres_get_for_actor(
        actor=world.user(Peran.PPS), pemilihan=world.pemilihan, kode=DESA_A
    )

    statuses = {tps.kode: s for tps, s in page.tps_status}
    assert statuses[TPS_A1][:2] == ["konsisten", "perlu_konfirmasi"]
    assert statuses[TPS_A2][:2] == ["perlu_konfirmasi", ""]


def test_the_nation_page_leaves_pilkada_regional_contests_without_a_denominator(db):
    world = tungsura_world_build(with_users=False)
    import datetime as dt

    from selenggara.portal.tests.world import pemilihan_add

    pilkada = pemilihan_add(
        world.versi,
        kode="pilkada-2024",
        nama="Pilkada 2024",
        jenis="pilkada",
        hari=dt.date(2024, 11, 27),
    )
    page = progres_get_for_actor(actor=world.user(Peran.KPU_RI), pemilihan=pilkada, kode=None)

    assert page.baris
    assert all(sel.diharapkan is None for baris in page.baris for sel in baris.sel)


def test_bar_segments_are_shares_of_the_expected_sheets():
    sel = Sel(diharapkan=4, per_status={"konsisten": 2, "perlu_konfirmasi": 1})

    assert sel.bar() == [("konsisten", 50.0), ("perlu_konfirmasi", 25.0)]
    assert Sel(diharapkan=None).persen is None


def test_the_page_draws_bars_and_links_down(world: World):
    client = login(Client(), world.user(Peran.KPU_KABKOTA))

    response = client.get("/progres/33.03.01/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="st-konsisten"' in body
    assert f'href="/progres/{DESA_A}/"' in body


@pytest.mark.parametrize(
    ("peran", "target"), [(Peran.PPS, f"/progres/{DESA_A}/"), (Peran.PPK, "/progres/33.03.01/")]
)
def test_the_root_opens_the_actors_own_region(world: World, peran, target):
    client = login(Client(), world.user(peran))

    response = client.get("/progres/")

    assert response.status_code == 302
    assert response["Location"] == target


def test_contest_columns_are_headed_by_the_ballot_names_not_codes(world: World):
    client = login(Client(), world.user(Peran.KPU_KABKOTA))

    for url in ("/progres/33.03.01/", f"/progres/{DESA_A}/"):
        body = client.get(url).content.decode()
        assert "DPRD_PROVINSI" not in body
        assert "DPRD_KABKOTA" not in body
        assert 'title="DPRD Provinsi" data-jenis="dprd_provinsi">DPRD Prov.</th>' in body
        assert 'title="Presiden dan Wakil Presiden" data-jenis="ppwp">PPWP</th>' in body
