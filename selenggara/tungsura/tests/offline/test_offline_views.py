"""The offline app's server side: its data, manifest and service worker, photos kept once per
page and content, and sign-out telling the browser to drop the app's cache and queue."""

from __future__ import annotations

import io
import json
from typing import Any, cast

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_A2, World, login
from selenggara.tungsura.domain.aturan import aturan_list
from selenggara.tungsura.forms import lembar_tata_letak
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilFoto, KejadianKhusus, Sumber
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
    assert ppwp["bacaan"] == (
        f"/api/pindai/pemilihan/{world.pemilihan.kode}/tps/{TPS_A1}/c-hasil/ppwp/bacaan"
    )
    assert ppwp["aturan"] == [a.as_dict() for a in aturan_list(lembar.susunan, lembar.konteks)]
    assert [c["kunci"] for c in ppwp["kolom"]] == lembar.susunan.kunci_semua()
    assert "Prabowo" in json.dumps(ppwp["kolom"])
    assert data["pesan"]["suara_sah_tidak_sesuai"].startswith("Jumlah perolehan suara")
    assert data["tingkat"]["dpt_tidak_sama_daftar"] == "Peringatan"
    assert data["versi_aplikasi"] == luring_versi()
    assert _bagian_rows(ppwp) == _bagian_rows_online(tps, "ppwp")
    # The phone's QR names the same page as the server's copy: /verifikasi/<digest>/.
    assert data["verifikasi_digest"] == "http://testserver/verifikasi/DIGEST/"


def _bagian_rows(kontestasi: dict[str, Any]) -> list[tuple[str, str, list[str], list[Any]]]:
    return [
        (
            b["kode"],
            b["judul"],
            b["kolom"],
            [(r["nomor"], r["uraian"], r["nama"], r["judul_blok"], r["kunci"]) for r in b["baris"]],
        )
        for b in kontestasi["bagian"]
    ]


def _bagian_rows_online(tps, jenis: str) -> list[tuple[str, str, list[str], list[Any]]]:
    """The sections and rows the online entry form and the server's copy show (_lembar.html)."""
    lembar = lembar_for_tps(tps=tps, jenis=jenis)
    return [
        (
            b.kode,
            b.judul,
            b.kolom,
            [
                (r.nomor, r.uraian, r.nama, r.judul_blok, [k.kunci for k in r.kotak])
                for r in b.baris
            ],
        )
        for b in lembar_tata_letak(susunan=lembar.susunan, nama_peserta=lembar.nama_peserta)
    ]


def test_the_data_lays_every_contest_out_like_the_paper(world: World):
    """Sections I-V with the paper's rows in the paper's order, for every contest of the TPS:
    the pairs of the PPWP, each party's block with its candidates and total for DPR."""
    tps = world.tps[TPS_A1]
    data = _client(world).get(f"/tungsura/tps/{TPS_A1}/luring/data.json").json()
    assert data["kontestasi"]
    for kontestasi in data["kontestasi"]:
        rows = _bagian_rows(kontestasi)
        assert rows == _bagian_rows_online(tps, kontestasi["jenis"])
        assert [kode for kode, *_ in rows] == ["I", "II", "III", "IV", "V"]
        # Every box once, in the order the sheet's keys go (sections I-III, IV, V).
        keys = [k for *_, baris in rows for *_, kunci in baris for k in kunci]
        assert keys == [c["kunci"] for c in kontestasi["kolom"]]
    ppwp = next(k for k in data["kontestasi"] if k["jenis"] == "ppwp")
    (iv,) = (b for b in ppwp["bagian"] if b["kode"] == "IV")
    assert iv["judul"] == "Perolehan suara sah"
    assert [r["kunci"] for r in iv["baris"]] == [["calon_1"], ["calon_2"], ["calon_3"]]
    assert "Prabowo" in json.dumps(iv["baris"])
    i = ppwp["bagian"][0]
    assert i["judul"] == "Data pemilih dan pengguna hak pilih"
    assert i["baris"][0]["kunci"] == ["dpt_l", "dpt_p", "dpt_j"]
    partai = [k for k in data["kontestasi"] if k["jenis"] != "ppwp" and k["jenis"] != "dpd"]
    for kontestasi in partai:
        (iv,) = (b for b in kontestasi["bagian"] if b["kode"] == "IV")
        assert iv["baris"][0]["judul_blok"].startswith("Partai nomor 1 ")
        assert [r["kelas"] for r in iv["baris"]][:1] == ["partai"]
        assert "jumlah" in [r["kelas"] for r in iv["baris"]]


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
    assert manifest["scope"] == f"/tungsura/tps/{TPS_A1}/"
    assert manifest["start_url"].startswith(manifest["scope"])
    assert manifest["display"] == "standalone"
    assert manifest["name"] == "C.Hasil TPS 001 Kedungbenda"
    assert manifest["short_name"] == "C.Hasil TPS 001"
    png = [i for i in manifest["icons"] if i["type"] == "image/png"]
    assert sorted(i["sizes"] for i in png) == ["192x192", "512x512"]
    # Each icon is a real PNG of the size it states, served as a static file the app keeps.
    for icon in png:
        name = icon["src"].removeprefix("/static/")
        assert name in SHELL
        with Image.open(cast("str", finders.find(name))) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.mode == "RGBA"


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


# --- Incidents from the offline queue ------------------------------------------------------

KEJADIAN = {
    "jenis": "keberatan",
    "kontestasi": "ppwp",
    "kategori": "penghitungan",
    "uraian": "Saksi pasangan 02 keberatan atas dua surat suara tidak sah.",
    "pengaju": "saksi",
    "nama_pengaju": "Budi (saksi pasangan 02)",
}
KEY = "3f1c9a52-8d0e-4b7a-9c51-2e6f0a4d8b13"


def _kejadian_post(client: Client, *, key: str | None = KEY, tps: str = TPS_A1, **changes):
    body: dict[str, object] = {
        **KEJADIAN,
        "foto": SimpleUploadedFile("k1.jpg", _jpeg(), content_type="image/jpeg"),
        **changes,
    }
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"/tungsura/tps/{tps}/luring/kejadian", body, headers=headers)


def test_an_incident_from_the_queue_is_stored_once_with_its_photo(world: World):
    client = _client(world)
    first, again = _kejadian_post(client), _kejadian_post(client)

    assert (first.status_code, again.status_code) == (201, 200)
    assert (first.json()["ulangan"], again.json()["ulangan"]) == (False, True)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["foto"] == 1
    kejadian = KejadianKhusus.objects.get()
    assert str(kejadian.idempotency_key) == KEY
    assert kejadian.kontestasi is not None
    assert (kejadian.jenis, kejadian.kontestasi.jenis) == ("keberatan", "ppwp")
    assert kejadian.foto_set.count() == 1
    assert AuditLog.objects.filter(action="kejadian.catat").count() == 1


def test_the_data_carries_the_incident_forms_choices_and_limits(world: World):
    kejadian = _client(world).get(f"/tungsura/tps/{TPS_A1}/luring/data.json").json()["kejadian"]
    assert kejadian["url"] == (
        f"/tungsura/tps/{TPS_A1}/luring/kejadian?pemilihan={world.pemilihan.kode}"
    )
    assert ["keberatan", "Keberatan"] in kejadian["jenis"]
    assert kejadian["pengaju"][0][0] == "kpps"
    assert kejadian["pengaju_bernama"] == ["pemantau", "pengawas_tps", "saksi"]
    assert (kejadian["uraian_min"], kejadian["uraian_max"], kejadian["foto_maks"]) == (10, 4000, 5)


@pytest.mark.parametrize(
    ("key", "changes", "kolom"),
    [
        (None, {}, ["Idempotency-Key"]),
        ("bukan-uuid", {}, ["Idempotency-Key"]),
        (KEY, {"uraian": "pendek", "nama_pengaju": ""}, ["uraian", "nama_pengaju"]),
        (KEY, {"kontestasi": "dprd_kab", "kategori": "x"}, ["kontestasi", "kategori"]),
    ],
    ids=["no-key", "bad-key", "uraian-nama", "kontestasi-kategori"],
)
def test_a_refused_incident_names_its_fields_and_stores_nothing(world: World, key, changes, kolom):
    response = _kejadian_post(_client(world), key=key, **changes)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert sorted(k["kunci"] for k in body["kolom"]) == sorted(kolom)
    assert not KejadianKhusus.objects.exists()


def test_the_same_key_for_another_incident_is_refused(world: World):
    client = _client(world)
    _kejadian_post(client)
    response = _kejadian_post(client, kategori="prosedur")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert KejadianKhusus.objects.count() == 1


def test_a_signed_out_phone_gets_a_401_in_json_not_the_login_page(world: World):
    response = _kejadian_post(Client())
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not KejadianKhusus.objects.exists()


def test_another_tps_and_a_read_only_role_record_no_incident(world: World):
    assert _kejadian_post(_client(world), tps=TPS_A2).status_code == 404
    assert _kejadian_post(_client(world, Peran.SAKSI)).status_code == 403
    assert not KejadianKhusus.objects.exists()


def test_every_signed_in_page_warns_before_a_sign_out_erases_unsent_items(world: World):
    html = _client(world).get("/").content.decode()
    assert 'src="/static/tungsura/offline/antrean.js" defer' in html
    assert 'src="/static/tungsura/offline/keluar.js" defer' in html
    assert 'data-peringatan="Masih ada {n} kiriman' in html
    assert 'data-batal="Batal, tetap masuk"' in html
    assert "keluar.js" not in Client().get("/akun/masuk/").content.decode()
