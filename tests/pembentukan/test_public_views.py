from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from selenggara.pembentukan.domain.syarat import JenisDokumen
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.models import Pendaftar, TanggapanMasyarakat
from selenggara.pembentukan.tests.helpers import JPEG, PDF, jadwal_open
from selenggara.portal.tests.world import DESA_A, DESA_B, World, world_build
from tests.pembentukan.world import NAMA, NIK, registered

pytestmark = pytest.mark.django_db
NIK_BARU = "3303015203900001"
LEVELS = "provinsi=33&kabkota=33.03&kecamatan=33.03.01&desa=33.03.01.2001"


@pytest.fixture
def world() -> World:
    w = world_build(with_users=False)
    jadwal_open(w.pemilihan)
    return w


def _post_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "desa": DESA_A,
        "nama": "Siti Aminah",
        "nik": NIK_BARU,
        "tanggal_lahir": "1990-03-12",
        "jenis_kelamin": "P",
        "alamat": "Jl. Raya Kedungbenda 2",
        "domisili": DESA_A,
        "pendidikan": "sma",
        "telepon": "0812",
        "email": "",
        "tps_preferensi": "",
        "pernyataan_tidak_terikat_perkawinan": "on",
    }
    for jenis in JenisDokumen:
        content = JPEG if jenis is JenisDokumen.PAS_FOTO else PDF
        data[f"dokumen_{jenis.value}"] = SimpleUploadedFile(f"{jenis.value}.bin", content)
    data.update(overrides)
    return data


def test_registration_chooses_the_desa_level_by_level(world):
    client = Client()

    first = client.get("/daftar-kpps/")
    chosen = client.get(f"/daftar-kpps/?{LEVELS}")

    assert first.status_code == 200
    assert "Jawa Tengah" in first.content.decode()
    assert 'name="nik"' not in first.content.decode()
    body = chosen.content.decode()
    assert 'name="nik"' in body
    assert "TPS 001" in body
    assert "Kedungbenda" in body


def test_document_labels_keep_their_capitals(world):
    body = Client().get(f"/daftar-kpps/?{LEVELS}").content.decode()

    assert "Fotokopi e-KTP" in body
    assert "Fotokopi ijazah SMA/sederajat atau ijazah terakhir" in body
    assert "e-ktp" not in body
    assert "sma/sederajat" not in body


def test_registration_with_documents_leads_to_the_status_page(world):
    client = Client()

    response = client.post("/daftar-kpps/", _post_data())

    assert response.status_code == 302
    pendaftar = Pendaftar.objects.get(nama="Siti Aminah")
    assert pendaftar.dokumen_set.count() == len(JenisDokumen)
    status = client.get(response["Location"])
    body = status.content.decode()
    assert pendaftar.nomor_pendaftaran in body
    assert "3303********0001" in body
    assert NIK_BARU not in body
    assert status["Cache-Control"] == "private, no-store"


def test_registration_with_a_renamed_program_shows_the_error_on_its_field(world):
    data = _post_data(dokumen_pas_foto=SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" * 20))

    response = Client().post("/daftar-kpps/", data)

    assert response.status_code == 422
    assert "bukan JPEG atau PNG" in response.content.decode()
    assert Pendaftar.objects.count() == 0


def test_registration_with_a_malformed_nik_is_shown_again(world):
    response = Client().post("/daftar-kpps/", _post_data(nik="3303019903900001"))

    assert response.status_code == 422
    assert "tidak mungkin" in response.content.decode()


def test_registration_outside_its_window_names_the_window(world):
    jadwal_open(world.pemilihan, closed=frozenset({Tahapan.PENDAFTARAN}))

    page = Client().get(f"/daftar-kpps/?{LEVELS}")
    response = Client().post("/daftar-kpps/", _post_data())

    assert "Pendaftaran tidak sedang dibuka" in page.content.decode()
    assert response.status_code == 409
    assert "Pendaftaran dibuka" in response.content.decode()


def test_status_lookup_needs_number_and_code(world):
    own = registered(world, DESA_A)
    client = Client()

    ok = client.post(
        "/daftar-kpps/status/", {"nomor": own.pendaftar.nomor_pendaftaran, "token": own.token}
    )
    wrong = client.post(
        "/daftar-kpps/status/", {"nomor": own.pendaftar.nomor_pendaftaran, "token": "tebakan"}
    )

    assert ok.status_code == 302
    assert wrong.status_code == 422
    assert NAMA[DESA_A] not in wrong.content.decode()
    assert client.get("/daftar-kpps/status/").status_code == 200


def test_announcement_shows_names_and_results_but_no_personal_data(world):
    announced = registered(world, DESA_A).pendaftar

    body = Client().get(f"/daftar-kpps/pengumuman/{DESA_A}/").content.decode()

    assert NAMA[DESA_A] in body
    assert announced.nomor_pendaftaran in body
    for secret in (
        NIK[DESA_A],
        announced.nik_masked,
        "1990-08-05",
        "05-08-1990",
        "5 Agustus 1990",
        "August 5, 1990",
        announced.alamat,
        announced.telepon,
        announced.email,
        "dokumen",
    ):
        assert secret not in body, secret


def test_announcement_lists_only_decided_applicants_and_waits_for_its_window(world):
    registered(world, DESA_A)
    registered(world, DESA_B)

    body = Client().get(f"/daftar-kpps/pengumuman/{DESA_B}/").content.decode()
    assert NAMA[DESA_B] not in body

    jadwal_open(world.pemilihan, closed=frozenset({Tahapan.PENGUMUMAN_HASIL_PENELITIAN}))
    body = Client().get(f"/daftar-kpps/pengumuman/{DESA_A}/").content.decode()
    assert NAMA[DESA_A] not in body
    assert "belum diumumkan" in body


def test_public_response_about_an_announced_applicant(world):
    nomor = registered(world, DESA_A).pendaftar.nomor_pendaftaran
    client = Client()

    form = client.get(f"/daftar-kpps/tanggapan/{nomor}/")
    bad = client.post(f"/daftar-kpps/tanggapan/{nomor}/", {"isi": "", "pengirim_nama": "x"})
    ok = client.post(
        f"/daftar-kpps/tanggapan/{nomor}/",
        {"isi": "Ybs pengurus partai.", "pengirim_nama": "Warga", "pengirim_kontak": "0813"},
    )

    assert form.status_code == 200
    assert bad.status_code == 422
    assert ok.status_code == 302
    assert TanggapanMasyarakat.objects.get().pendaftar.nomor_pendaftaran == nomor


def test_public_response_outside_its_window_is_refused(world):
    nomor = registered(world, DESA_A).pendaftar.nomor_pendaftaran
    jadwal_open(world.pemilihan, closed=frozenset({Tahapan.TANGGAPAN_MASYARAKAT}))

    response = Client().post(
        f"/daftar-kpps/tanggapan/{nomor}/",
        {"isi": "isi", "pengirim_nama": "Warga", "pengirim_kontak": "0813"},
    )

    assert response.status_code == 409


def test_unknown_election_is_a_404(world):
    assert Client().get("/daftar-kpps/?pemilihan=tidak-ada").status_code == 404
