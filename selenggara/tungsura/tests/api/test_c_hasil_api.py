"""The C.Hasil JSON API: layout, submissions with idempotency keys, corrections, confirmations,
versions and photos, and clear 4xx answers for every malformed request."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable

import pytest
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_LUAR, World
from selenggara.tungsura.domain.lembar import kunci_partai, kunci_partai_jumlah
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilFoto, CHasilVersi, Sumber
from selenggara.tungsura.selectors import versi_angka
from selenggara.tungsura.tests.api.apiclient import Api, api_for, sheet, url

JENIS_SEMUA = ["ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota"]


def test_the_tps_lists_its_five_contests_in_ballot_order_before_anything_is_sent(api: Api):
    response = api.get(url())

    assert response.status_code == 200
    body = response.json()
    assert body["tps"] == TPS_A1
    rows = body["kontestasi"]
    assert [r["jenis"] for r in rows] == JENIS_SEMUA
    assert rows[0]["nama"] == "Presiden dan Wakil Presiden"
    assert rows[0]["dapil"] == {"kode": "ppwp", "nama": "Nasional"}
    assert {r["status"] for r in rows} == {"belum_dikirim"}
    assert rows[0]["halaman"] == {"jumlah": 3, "kurang": [1, 2, 3], "tidak_konsisten": False}


def test_the_tps_list_shows_the_current_version_and_its_open_flags(api: Api, world: World):
    angka = sheet(world)
    angka["calon_1"] += 800
    api.kirim("ppwp", angka)

    row = api.get(url()).json()["kontestasi"][0]

    assert (row["status"], row["versi"]) == ("perlu_konfirmasi", 1)
    assert row["digest"] == CHasilVersi.objects.get().digest
    assert row["jumlah_galat"] >= 1
    assert "calon_1" in row["belum_dikonfirmasi"]


def test_the_form_lists_every_field_in_paper_order_with_labels_names_and_registers(
    api: Api, world: World
):
    response = api.get(url("/ppwp/formulir"))

    assert response.status_code == 200
    body = response.json()
    lembar = lembar_for_tps(tps=world.tps[TPS_A1], jenis="ppwp")
    assert [k["kunci"] for k in body["kolom"]] == lembar.susunan.kunci_semua()
    by_key = {k["kunci"]: k for k in body["kolom"]}
    assert by_key["dpt_l"]["label"] == "I.A DPT laki-laki"
    assert [by_key[k]["bagian"] for k in ("dpt_l", "surat_suara_sisa", "disabilitas_j")] == [
        "I",
        "II",
        "III",
    ]
    assert by_key["suara_sah"]["bagian"] == "V"
    calon = by_key["calon_2"]
    assert (calon["bagian"], calon["calon"], calon["partai"]) == ("IV", 2, None)
    assert calon["nama"] == "Prabowo Subianto - Gibran Rakabuming Raka"
    assert "Prabowo Subianto" in calon["label"]
    tps = world.tps[TPS_A1]
    assert body["daftar"]["dpt"] == tps.dpt
    assert body["daftar"]["alokasi_surat_suara"] == lembar.konteks.alokasi_surat_suara
    assert (body["berpartai"], body["halaman_diketahui"]) == (False, 3)


def test_the_party_form_carries_parties_candidates_and_party_totals(api: Api):
    body = api.get(url("/dpr/formulir")).json()

    by_key = {k["kunci"]: k for k in body["kolom"]}
    assert body["berpartai"] is True
    assert body["dapil"]["kode"] == "dpr-jateng-7"
    assert by_key[kunci_partai(1)]["nama"] == "PKB"
    assert by_key["partai_2_calon_3"]["nama"] == "Calon dpr GERINDRA 3"
    total = by_key[kunci_partai_jumlah(3)]
    assert (total["partai"], total["calon"], total["jumlah_partai"]) == (3, None, True)


def test_an_unknown_contest_is_a_404_that_says_so(api: Api):
    response = api.get(url("/walikota/formulir"))

    assert response.status_code == 404
    assert "walikota" in response.json()["detail"]


@pytest.mark.parametrize("jenis", JENIS_SEMUA)
def test_a_submission_is_stored_once_and_a_retry_with_its_key_replays_it(
    api: Api, world: World, jenis
):
    angka = sheet(world, jenis)
    key = str(uuid.uuid4())

    first = api.kirim(jenis, angka, key=key)
    again = api.kirim(jenis, angka, key=key)

    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert first.json()["ulangan"] is False
    assert again.json()["ulangan"] is True
    assert first.json()["digest"] == again.json()["digest"]
    versi = CHasilVersi.objects.get()
    assert (versi.nomor, versi.sumber, str(versi.idempotency_key)) == (1, Sumber.API, key)
    assert versi_angka(versi) == angka
    assert AuditLog.objects.filter(action="c_hasil.submit").count() == 1


def test_a_flagged_sheet_answers_its_findings_in_indonesian_and_the_keys_to_confirm(
    api: Api, world: World
):
    angka = sheet(world)
    angka["calon_1"] += 800

    body = api.kirim("ppwp", angka).json()

    assert body["status"] == "perlu_konfirmasi"
    temuan = {t["kode"]: t for t in body["temuan"]}
    sah = temuan["suara_sah_tidak_sesuai"]
    assert sah["tingkat"] == "galat"
    assert "calon_1" in sah["kunci"]
    assert "jumlah suara sah tertulis" in sah["pesan"]
    assert "calon_1" in body["belum_dikonfirmasi"]


def test_confirming_on_submission_stores_the_confirmation(api: Api, world: World):
    angka = sheet(world)
    angka["calon_1"] += 800
    flagged = api.kirim("ppwp", angka).json()["belum_dikonfirmasi"]
    CHasilVersi.objects.all().delete()

    body = api.kirim("ppwp", angka, konfirmasi=flagged).json()

    assert (body["status"], body["belum_dikonfirmasi"]) == ("dikonfirmasi", [])


def test_a_key_reused_for_other_numbers_is_refused(api: Api, world: World):
    key = str(uuid.uuid4())
    api.kirim("ppwp", sheet(world), key=key)

    response = api.kirim("ppwp", sheet(world, suara_tidak_sah=2), key=key)

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"


def test_a_second_sheet_needs_a_reason_and_becomes_version_2(api: Api, world: World):
    api.kirim("ppwp", sheet(world))
    changed = sheet(world, calon_1=0)

    refused = api.kirim("ppwp", changed)
    koreksi = api.kirim("ppwp", changed, alasan="Salah salin baris 1")

    assert refused.status_code == 409
    assert refused.json()["code"] == "c_hasil_sudah_ada"
    assert "alasan" in refused.json()["detail"]
    assert koreksi.status_code == 201
    assert koreksi.json()["versi"] == 2
    versions = api.get(url("/ppwp/versi")).json()
    assert [v["versi"] for v in versions] == [2, 1]
    assert versions[0]["alasan"] == "Salah salin baris 1"
    assert versions[0]["dibuat_oleh"] == world.user(Peran.KPPS_KETUA).username
    assert (versions[0]["terkini"], versions[1]["terkini"]) == (True, False)
    assert versions[0]["sumber"] == "api"


def test_the_version_list_is_empty_before_a_submission_and_404_for_an_unknown_contest(api: Api):
    assert api.get(url("/dpd/versi")).json() == []
    assert api.get(url("/bupati/versi")).status_code == 404


@pytest.mark.parametrize(
    ("header", "fragment"),
    [(None, "wajib"), ("bukan-uuid", "UUID"), ("x" * 100, "UUID"), ("", "wajib")],
)
def test_a_submission_without_a_valid_idempotency_key_is_refused(
    api: Api, world: World, header, fragment
):
    response = api.post_json(url("/ppwp"), {"angka": sheet(world)}, key=header)

    assert response.status_code == 422
    body = response.json()
    assert fragment in body["detail"]
    assert body["kolom"][0]["kunci"] == "Idempotency-Key"
    assert not CHasilVersi.objects.exists()


def test_an_incomplete_sheet_names_every_missing_field(api: Api, world: World):
    angka = sheet(world)
    del angka["suara_sah"], angka["dpt_l"]

    response = api.kirim("ppwp", angka)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    kolom = {k["kunci"]: k["pesan"] for k in body["kolom"]}
    assert set(kolom) == {"suara_sah", "dpt_l"}
    assert "wajib diisi" in kolom["dpt_l"]
    assert any("dpt_l" in e for e in body["errors"])


@pytest.mark.parametrize(
    ("value", "alasan"),
    [
        ("12", "harus berupa bilangan bulat"),
        (12.0, "harus berupa bilangan bulat"),
        (12.5, "harus berupa bilangan bulat"),
        (True, "harus berupa bilangan bulat"),
        ({"nilai": 12}, "harus berupa bilangan bulat"),
        ([12], "harus berupa bilangan bulat"),
        (None, "wajib diisi"),
        (-1, "tidak boleh negatif"),
        (10**30, "terlalu besar"),
    ],
)
def test_a_field_of_the_wrong_type_is_refused_by_name(api: Api, world: World, value, alasan):
    angka: dict[str, object] = dict(sheet(world))
    angka["calon_2"] = value

    response = api.kirim("ppwp", angka)

    assert response.status_code == 422
    kolom = {k["kunci"]: k["pesan"] for k in response.json()["kolom"]}
    assert list(kolom) == ["calon_2"]
    assert alasan in kolom["calon_2"]


def test_a_field_not_on_this_form_is_refused(api: Api, world: World):
    angka = sheet(world, partai_1=3)

    response = api.kirim("ppwp", angka)

    assert response.status_code == 422
    assert "tidak ada pada formulir" in response.json()["kolom"][0]["pesan"]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"{angka: 1", "bukan JSON"),
        (b"", "bukan JSON"),
        (b"\xff\xfe", "bukan JSON"),
        (b"[1, 2]", "objek JSON"),
        (b'"angka"', "objek JSON"),
        (b'{"angka": 1' + b"0" * 5000 + b"}", "bukan JSON"),  # more digits than Python parses
        (b"[" * 100_000 + b"]" * 100_000, "bukan JSON"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(api: Api, raw, fragment):
    response = api.post_json(url("/ppwp"), None, key=str(uuid.uuid4()), raw=raw)

    assert response.status_code == 422
    assert fragment in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({}, "angka", "wajib diisi"),
        ({"angka": [1, 2]}, "angka", "objek JSON"),
        ({"angka": "semua"}, "angka", "objek JSON"),
        ({"angka": {}, "konfirmasi": "calon_1"}, "konfirmasi", "daftar"),
        ({"angka": {}, "konfirmasi": [1]}, "konfirmasi.0", "teks"),
        ({"angka": {}, "alasan": 5}, "alasan", "teks"),
        ({"angka": {}, "alasan": "x" * 3000}, "alasan", "terlalu panjang"),
        ({"angka": {}, "tps": "lain"}, "tps", "tidak dikenal"),
        ({"angka": {f"k{i}": 1 for i in range(1001)}}, "angka", "terlalu panjang"),
    ],
)
def test_a_body_of_the_wrong_shape_names_the_field(api: Api, body, field, fragment):
    response = api.post_json(url("/ppwp"), body, key=str(uuid.uuid4()))

    assert response.status_code == 422
    kolom = {k["kunci"]: k["pesan"] for k in response.json()["kolom"]}
    assert fragment in kolom[field]


def test_a_body_above_the_upload_limit_is_413(api: Api, world: World, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    response = api.kirim("ppwp", sheet(world))

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_a_submission_for_an_unknown_contest_is_a_404(api: Api, world: World):
    response = api.kirim("gubernur", sheet(world))

    assert response.status_code == 404
    assert "gubernur" in response.json()["detail"]


def test_a_read_only_role_is_refused_before_the_body_is_read(world: World):
    saksi = api_for(world, Peran.SAKSI)

    response = saksi.kirim("ppwp", sheet(world))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_out_of_scope_tps_is_a_404_whatever_the_body(api: Api):
    response = api.post_json(url("/ppwp", tps=TPS_LUAR), None, raw=b"nonsense")

    assert response.status_code == 404
    assert response.json()["detail"] == "TPS tidak ditemukan."


def test_an_unknown_election_is_a_404(api: Api):
    assert api.get(url(pemilihan="pemilu-1955")).status_code == 404


def test_without_a_token_the_api_answers_401(world: World):
    from django.test import Client

    assert Client().get(url()).status_code == 401


# --- Confirmation -------------------------------------------------------------------------------


def _flagged(api: Api, world: World) -> dict[str, object]:
    angka = sheet(world)
    angka["calon_1"] += 800
    body: dict[str, object] = api.kirim("ppwp", angka).json()
    return body


def test_confirming_every_flagged_field_settles_the_version(api: Api, world: World):
    sent = _flagged(api, world)

    response = api.post_json(
        url("/ppwp/konfirmasi"), {"versi": 1, "kunci": sent["belum_dikonfirmasi"]}
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["belum_dikonfirmasi"]) == (
        "dikonfirmasi",
        [],
    )
    assert CHasilVersi.objects.get().status == "dikonfirmasi"


def test_confirming_a_field_that_is_not_flagged_is_refused_by_name(api: Api, world: World):
    _flagged(api, world)

    response = api.post_json(url("/ppwp/konfirmasi"), {"versi": 1, "kunci": ["dpt_l"]})

    assert response.status_code == 422
    assert response.json()["kolom"][0]["kunci"] == "dpt_l"


def test_only_the_current_version_can_be_confirmed(api: Api, world: World):
    _flagged(api, world)
    api.kirim("ppwp", sheet(world), alasan="Dibaca ulang")

    response = api.post_json(url("/ppwp/konfirmasi"), {"versi": 1, "kunci": ["calon_1"]})

    assert response.status_code == 409
    assert response.json()["code"] == "versi_bukan_terkini"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"versi": 9, "kunci": ["calon_1"]}, 404),
        ({"versi": "1", "kunci": ["calon_1"]}, 422),
        ({"versi": 0, "kunci": ["calon_1"]}, 422),
        ({"versi": 1, "kunci": []}, 422),
        ({"versi": 1}, 422),
        ({"versi": 1, "kunci": ["calon_1"], "lain": 1}, 422),
    ],
)
def test_a_malformed_confirmation_is_a_clear_4xx(api: Api, world: World, body, status):
    _flagged(api, world)

    response = api.post_json(url("/ppwp/konfirmasi"), body)

    assert response.status_code == status
    assert response.json()["detail"]


def test_confirming_before_anything_was_sent_is_a_404(api: Api):
    response = api.post_json(url("/ppwp/konfirmasi"), {"versi": 1, "kunci": ["calon_1"]})

    assert response.status_code == 404
    assert "belum dikirim" in response.json()["detail"]


# --- Photos -------------------------------------------------------------------------------------


def _image(kind: str = "JPEG") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), "white").save(buffer, kind)
    buffer.seek(0)
    buffer.name = "halaman.jpg"
    return buffer


@pytest.mark.parametrize("field", ["berkas", "file"])
def test_a_page_photo_is_stored_and_answered(api: Api, field):
    response = api.post_multipart(url("/ppwp/foto"), {"halaman": "2", "dari": "3", field: _image()})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["halaman"], body["dari"], body["content_type"]) == (2, 3, "image/jpeg")
    assert len(body["sha256"]) == 64
    assert CHasilFoto.objects.get().sha256 == body["sha256"]
    assert api.get(url()).json()["kontestasi"][0]["halaman"]["kurang"] == [1, 3]


def _text_file() -> io.BytesIO:
    buffer = io.BytesIO(b"bukan gambar")
    buffer.name = "halaman.jpg"
    return buffer


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"halaman": "1", "dari": "3"}, "berkas"),
        ({"halaman": "4", "dari": "3", "berkas": "IMAGE"}, "halaman"),
        ({"halaman": "satu", "dari": "3", "berkas": "IMAGE"}, None),
        ({"dari": "3", "berkas": "IMAGE"}, None),
        ({"halaman": "1", "dari": "3", "berkas": "TEXT"}, "foto"),
    ],
)
def test_a_wrong_photo_upload_is_a_422_saying_why(api: Api, data, field):
    files: dict[str, Callable[[], object]] = {"IMAGE": _image, "TEXT": _text_file}
    data = {k: files[v]() if v in files else v for k, v in data.items()}

    response = api.post_multipart(url("/ppwp/foto"), data)

    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    if field:
        assert body["kolom"][0]["kunci"] == field
    assert not CHasilFoto.objects.exists()


def test_a_broken_multipart_body_is_a_422(api: Api):
    response = api.client.post(
        url("/ppwp/foto"),
        data=b"--x\r\nrusak",
        content_type="multipart/form-data",  # no boundary
        HTTP_AUTHORIZATION=f"Bearer {api.token}",
    )

    assert response.status_code == 422
    assert "multipart" in response.json()["detail"]


def test_a_correction_on_a_replaced_version_is_a_409_naming_the_winner(api: Api, world: World):
    api.kirim("ppwp", sheet(world))
    api.kirim("ppwp", sheet(world, suara_tidak_sah=3), alasan="PPS mengoreksi", versi_dasar=1)

    stale = api.kirim("ppwp", sheet(world, suara_tidak_sah=4), alasan="ponsel", versi_dasar=1)

    assert stale.status_code == 409
    assert stale.json()["code"] == "versi_bentrok"
    assert "versi 2" in stale.json()["detail"]
    assert [v["versi"] for v in api.get(url("/ppwp/versi")).json()] == [2, 1]
