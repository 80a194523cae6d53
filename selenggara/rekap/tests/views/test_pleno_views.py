"""The plenary pages through HTTP: open, confirm, object and answer, correct (with a conflict),
adopt, download the D.Hasil, reopen; and the region page with both figures."""

from __future__ import annotations

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, World, login
from selenggara.rekap.models import Pleno
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet


@pytest.fixture
def world(db) -> World:
    return rekap_world_build()


def _post(client: Client, pleno: Pleno, **data: str) -> None:
    response = client.post(f"/rekap/pleno/{pleno.pk}/aksi/", data)
    assert response.status_code == 302


def test_a_ppk_plenary_from_opening_to_the_locked_d_hasil(world: World) -> None:
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        kirim(world, tps)
    client = login(Client(), world.user(Peran.PPK))
    assert client.get("/rekap/").status_code == 302
    assert client.get("/rekap/wilayah/33.03.01/pleno/ppwp/").status_code == 200
    assert client.post("/rekap/wilayah/33.03.01/pleno/ppwp/").status_code == 302
    pleno = Pleno.objects.get(wilayah_kode="33.03.01", kontestasi__jenis="ppwp")
    assert client.get("/rekap/wilayah/33.03.01/pleno/ppwp/").status_code == 302
    page = client.get(f"/rekap/pleno/{pleno.pk}/").content.decode()
    assert "Kedungbenda" in page
    assert TPS_B1 in page
    _post(client, pleno, aksi="hadir", unsur="saksi", nama="Budi", peserta="02")
    _post(client, pleno, aksi="keberatan", kode=TPS_A1, pengaju="Saksi 02", uraian="Angka 01 salah")
    keberatan = pleno.keberatan_set.get()
    form = client.get(f"/rekap/pleno/{pleno.pk}/koreksi/{TPS_A1}/")
    assert form.status_code == 200
    base = sheet(world, TPS_A1)
    angka = {k: str(v) for k, v in base.items()}
    angka.update(calon_1=str(base["calon_1"] - 3), calon_2=str(base["calon_2"] + 3))
    post = {
        **angka,
        "idempotency_key": "8c0f4b3e-3e4f-4a5f-9b6e-1c2d3e4f5a6b",
        "versi_dasar": "1",
        "alasan": "Dibaca ulang dari plano",
        "keberatan": str(keberatan.pk),
    }
    assert client.post(f"/rekap/pleno/{pleno.pk}/koreksi/{TPS_A1}/", post).status_code == 302
    stale = client.post(
        f"/rekap/pleno/{pleno.pk}/koreksi/{TPS_A1}/",
        {
            **post,
            "idempotency_key": "9c0f4b3e-3e4f-4a5f-9b6e-1c2d3e4f5a6b",
            "calon_1": str(base["calon_1"]),
        },
    )
    assert stale.status_code == 409
    assert "versi 2" in stale.content.decode()
    assert client.post(f"/rekap/pleno/{pleno.pk}/koreksi/{TPS_A1}/", {}).status_code == 422
    _post(
        client, pleno, aksi="jawab", keberatan=str(keberatan.pk), jawaban="Dikoreksi sesuai plano"
    )
    for tps in (TPS_A2, TPS_B1):
        _post(client, pleno, aksi="konfirmasi", kode=tps)
    _post(client, pleno, aksi="tetapkan")
    pleno.refresh_from_db()
    assert pleno.status == "ditetapkan"
    pdf = client.get(f"/rekap/pleno/{pleno.pk}/d-hasil.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    _post(client, pleno, aksi="konfirmasi", kode=TPS_A2)  # locked: refused with a message
    assert (
        client.post(
            f"/rekap/pleno/{pleno.pk}/aksi/", {"aksi": "jawab", "keberatan": "0"}
        ).status_code
        == 404
    )
    region = client.get("/rekap/wilayah/33.03.01/?jenis=ppwp").content.decode()
    assert "rekap-sah" in region
    kabkota = login(Client(), world.user(Peran.KPU_KABKOTA))
    assert kabkota.get("/rekap/wilayah/33.03/").status_code == 200
    _post(kabkota, pleno, aksi="buka_kembali", alasan="Pemeriksaan ulang")
    pleno.refresh_from_db()
    assert pleno.putaran == 2
    assert "Pemeriksaan ulang" in kabkota.get(f"/rekap/pleno/{pleno.pk}/").content.decode()


def test_the_nation_page_and_the_d_hasil_before_adoption(world: World) -> None:
    kirim(world, TPS_A1)
    client = login(Client(), world.user(Peran.KPU_RI))
    assert client.get("/rekap/").status_code == 302
    assert client.get("/rekap/wilayah/nasional/").status_code == 200
    assert client.get("/rekap/wilayah/nasional/?jenis=tidak-ada").status_code == 404
    assert client.get("/rekap/wilayah/33.03.01.2001/").status_code == 200
    assert client.get("/rekap/wilayah/bukan-kode/").status_code == 404
    assert client.get("/rekap/wilayah/33/pleno/tidak-ada/").status_code == 404
    client.post("/rekap/wilayah/nasional/pleno/ppwp/")
    pleno = Pleno.objects.get(wilayah_kode="")
    assert client.get(f"/rekap/pleno/{pleno.pk}/d-hasil.pdf").status_code == 404
    kpps = login(Client(), world.user(Peran.KPPS_KETUA))
    assert kpps.get("/rekap/").status_code == 302


def test_a_desa_confirmed_at_once_names_the_tps_left(world: World) -> None:
    kirim(world, TPS_A1)
    client = login(Client(), world.user(Peran.PPK))
    client.post("/rekap/wilayah/33.03.01/pleno/ppwp/")
    pleno = Pleno.objects.get(wilayah_kode="33.03.01", kontestasi__jenis="ppwp")
    page = client.get(f"/rekap/pleno/{pleno.pk}/").content.decode()
    assert 'value="konfirmasi_desa"' in page

    response = client.post(
        f"/rekap/pleno/{pleno.pk}/aksi/", {"aksi": "konfirmasi_desa", "desa": "33.03.01.2001"}
    )

    assert response.status_code == 302
    page = client.get(f"/rekap/pleno/{pleno.pk}/").content.decode()
    assert "Belum dikonfirmasi" in page
    assert TPS_A2 in page
    assert pleno.butir_set.get(kode=TPS_A1).status == "dibaca"
    assert (
        client.post(
            f"/rekap/pleno/{pleno.pk}/aksi/", {"aksi": "konfirmasi_desa", "desa": "35.78.01.1001"}
        ).status_code
        == 404
    )
