"""The offline app's server side: its data, manifest and service worker, photos kept once per
page and content, and sign-out telling the browser to drop the app's cache and queue."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_A2, World, login
from selenggara.tungsura.domain.aturan import aturan_list
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilFoto, Sumber
from selenggara.tungsura.offline import SHELL, luring_versi
from selenggara.tungsura.services import c_hasil_foto_kirim, c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build


@pytest.fixture
def world(db) -> World:
    return tungsura_world_build()


def _client(world: World, peran: Peran = Peran.KPPS_KETUA) -> Client:
    return login(Client(), world.user(peran))


def _jpeg(colour: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 60), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_data_of_a_tps_holds_its_contests_rules_and_wording(world: World):
    tps = world.tps[TPS_A1]
    lembar = lembar_for_tps(tps=tps, jenis="ppwp")
    c_hasil_submit(
        tps=tps,
        jenis="ppwp",
        angka=lembar_konsisten(lembar.susunan, lembar.konteks),
        actor=world.user(Peran.PPS),
        sumber=Sumber.ENTRI_KERTAS,
    )
    response = _client(world).get(f"/tungsura/tps/{TPS_A1}/luring/data.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    data = response.json()
    assert (data["pemilihan"], data["tps"]) == (world.pemilihan.kode, TPS_A1)
    assert data["api"] == f"/api/tungsura/pemilihan/{world.pemilihan.kode}/tps/{TPS_A1}/c-hasil"
    ppwp = next(k for k in data["kontestasi"] if k["jenis"] == "ppwp")
    assert ppwp["versi"] == 1
    assert ppwp["halaman_diketahui"] == 3
    assert ppwp["aturan"] == [a.as_dict() for a in aturan_list(lembar.susunan, lembar.konteks)]
    assert [c["kunci"] for c in ppwp["kolom"]] == lembar.susunan.kunci_semua()
    assert "Prabowo" in json.dumps(ppwp["kolom"])
    assert data["pesan"]["suara_sah_tidak_sesuai"].startswith("Jumlah perolehan suara")
    assert data["tingkat"]["dpt_tidak_sama_daftar"] == "Peringatan"
    assert data["versi_aplikasi"] == luring_versi()
    # The phone's QR names the same page as the server's copy: /verifikasi/<digest>/.
    assert data["verifikasi_digest"] == "http://testserver/verifikasi/DIGEST/"


def test_the_page_loads_only_static_scripts_and_names_the_photo_size(world: World):
    response = _client(world).get(f"/tungsura/tps/{TPS_A1}/luring/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-foto-sisi="2000"' in html
    assert 'data-foto-kualitas="0.85"' in html
    assert 'capture="environment"' in html
    assert f'href="/tungsura/tps/{TPS_A1}/luring/manifest.webmanifest"' in html
    # No inline script (a strict CSP): only src= scripts and the JSON data block.
    assert html.count("<script") == html.count("<script src=") + 1
    assert '<script id="luring-teks" type="application/json">' in html


def test_the_manifest_starts_the_app_of_this_tps(world: World):
    response = _client(world).get(f"/tungsura/tps/{TPS_A1}/luring/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == f"/tungsura/tps/{TPS_A1}/luring/"
    assert manifest["display"] == "standalone"
    assert manifest["name"] == "C.Hasil TPS 001 Kedungbenda"


def test_the_service_worker_carries_the_version_and_the_shell(client: Client):
    response = client.get("/tungsura/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Service-Worker-Allowed"] == "/tungsura/"
    assert response["Cache-Control"] == "no-cache"
    head, _rest = response.content.decode().split("\n", 1)
    settings = json.loads(head.removeprefix("self.LURING = ").removesuffix(";"))
    assert settings["versi"] == luring_versi()
    assert settings["versi"].startswith("1-")
    assert settings["shell"] == [f"/static/{name}" for name in SHELL]
    assert settings["lingkup"] == "/tungsura/tps/"


def test_another_tps_and_a_read_only_role_get_no_data(world: World):
    assert _client(world).get(f"/tungsura/tps/{TPS_A2}/luring/data.json").status_code == 404
    saksi = _client(world, Peran.SAKSI)
    assert saksi.get(f"/tungsura/tps/{TPS_A1}/luring/data.json").status_code == 403


def test_sign_out_tells_the_browser_to_drop_the_cache_and_the_queue(world: World):
    response = _client(world).post("/akun/keluar/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def _kirim(world: World, data: bytes, *, halaman: int = 1):
    return c_hasil_foto_kirim(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        halaman=halaman,
        dari=3,
        berkas=SimpleUploadedFile("hal.jpg", data),
        actor=world.user(Peran.KPPS_KETUA),
    )


def test_the_same_photo_of_a_page_again_is_stored_once(world: World):
    first = _kirim(world, _jpeg())
    again = _kirim(world, _jpeg())
    assert (first.ulangan, again.ulangan) == (False, True)
    assert again.foto.pk == first.foto.pk
    # Another photo of the page, or the same bytes as another page, is a new photo.
    assert not _kirim(world, _jpeg("grey")).ulangan
    assert not _kirim(world, _jpeg(), halaman=2).ulangan
    assert CHasilFoto.objects.count() == 3
    assert AuditLog.objects.filter(action="c_hasil.foto").count() == 3


def test_the_api_answers_a_resent_photo_with_the_stored_one(world: World):
    client = _client(world)
    url = f"/api/tungsura/pemilihan/{world.pemilihan.kode}/tps/{TPS_A1}/c-hasil/ppwp/foto"

    def post():
        berkas = SimpleUploadedFile("hal1.jpg", _jpeg(), content_type="image/jpeg")
        return client.post(url, {"halaman": "1", "dari": "3", "berkas": berkas})

    first, again = post(), post()
    assert (first.status_code, again.status_code) == (201, 200)
    assert (first.json()["ulangan"], again.json()["ulangan"]) == (False, True)
    assert first.json()["id"] == again.json()["id"]
    assert CHasilFoto.objects.count() == 1


def test_the_tps_page_links_the_offline_app_for_writing_roles_only(world: World):
    link = f'href="/tungsura/tps/{TPS_A1}/luring/"'
    assert link in _client(world).get(f"/tungsura/tps/{TPS_A1}/").content.decode()
    saksi = _client(world, Peran.SAKSI).get(f"/tungsura/tps/{TPS_A1}/").content.decode()
    assert link not in saksi
