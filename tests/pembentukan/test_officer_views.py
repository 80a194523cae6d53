from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.pembentukan.domain.syarat import JenisDokumen, Syarat
from selenggara.pembentukan.models import Pendaftar, TanggapanMasyarakat
from selenggara.pembentukan.pendaftaran.impor import IMPORT_COLUMNS
from selenggara.pembentukan.pendaftaran.services import pendaftar_create_by_pps
from selenggara.pembentukan.tests.domain.builders import nik_of
from selenggara.pembentukan.tests.helpers import PNG, data_of, jadwal_open, xlsx_bytes
from selenggara.portal.tests.world import DESA_A, World, login, world_build
from tests.pembentukan.world import NAMA, NIK, registered

pytestmark = pytest.mark.django_db
ROW = [
    "Siti Aminah",
    "3303015203900001",
    "12-03-1990",
    "P",
    "Jl. 1",
    DESA_A,
    "sma",
    "1",
    "",
    "",
    "ya",
]


@pytest.fixture
def world() -> World:
    w = world_build(with_users=False)
    jadwal_open(w.pemilihan)
    return w


@pytest.fixture
def pps(world: World) -> Client:
    return login(Client(), world.user(Peran.PPS))


def test_desa_page_lists_applicants_with_masked_nik(world, pps):
    pendaftar = registered(world, DESA_A).pendaftar

    body = pps.get(f"/pembentukan/desa/{DESA_A}/").content.decode()

    assert NAMA[DESA_A] in body
    assert pendaftar.nik_masked in body
    assert NIK[DESA_A] not in body
    assert "Catat pendaftar" in body


def test_desa_page_pages_a_long_list(world, pps):
    for serial in range(1, 121):
        pendaftar_create_by_pps(
            pemilihan=world.pemilihan,
            desa=world.wilayah[DESA_A],
            data=data_of(nama=f"Pendaftar Ke-{serial:03d}", nik=nik_of(serial=serial)),
            dokumen={},
            actor=None,
        )

    first = pps.get(f"/pembentukan/desa/{DESA_A}/").content.decode()
    last = pps.get(f"/pembentukan/desa/{DESA_A}/?pemilihan={world.pemilihan.kode}&halaman=3")
    wrong = pps.get(f"/pembentukan/desa/{DESA_A}/?halaman=abc").content.decode()

    assert first.count("Pendaftar Ke-") == 50
    assert "Pendaftar Ke-001" in first
    assert "Pendaftar Ke-051" not in first
    assert "Halaman 1 dari 3" in first
    assert "1–50 dari 120" in first
    assert 'rel="next" href="?halaman=2"' in first
    assert 'rel="prev"' not in first
    body = last.content.decode()
    assert body.count("Pendaftar Ke-") == 20
    assert "Pendaftar Ke-120" in body
    assert f'rel="prev" href="?pemilihan={world.pemilihan.kode}&amp;halaman=2"' in body
    assert 'rel="next"' not in body
    assert ">120<" in body  # the count is of the whole desa, not the page
    assert wrong.count("Pendaftar Ke-") == 50


def test_beranda_counts_per_desa(world, pps):
    registered(world, DESA_A)

    body = pps.get("/pembentukan/").content.decode()

    assert "Kedungbenda" in body


def test_pengawas_reads_but_sees_no_write_buttons(world):
    registered(world, DESA_A)
    client = login(Client(), world.user(Peran.PENGAWAS))

    body = client.get(f"/pembentukan/desa/{DESA_A}/").content.decode()

    assert NAMA[DESA_A] in body
    assert "Catat pendaftar" not in body


def test_walk_in_form_records_an_applicant(world, pps):
    data = {
        "nama": "Agus Walkin",
        "nik": "3303010101850002",
        "tanggal_lahir": "1985-01-01",
        "jenis_kelamin": "L",
        "alamat": "Jl. 2",
        "domisili": "luar",
        "pendidikan": "s1",
        "tps_preferensi": str(world.tps["3303012001002"].pk),
    }

    response = pps.post(f"/pembentukan/desa/{DESA_A}/tambah/", data)

    assert response.status_code == 302
    pendaftar = Pendaftar.objects.get(nama="Agus Walkin")
    assert (pendaftar.sumber, pendaftar.domisili_desa_kode) == ("pps", "33.03.01")
    invalid = pps.post(f"/pembentukan/desa/{DESA_A}/tambah/", {**data, "nik": "3303019903900001"})
    assert invalid.status_code == 422


def test_import_shows_every_row_error_and_stores_nothing(world, pps):
    bad = xlsx_bytes(rows=[list(IMPORT_COLUMNS), ROW, ["", *ROW[1:]]])

    response = pps.post(
        f"/pembentukan/desa/{DESA_A}/impor/",
        {"berkas": SimpleUploadedFile("pendaftar.xlsx", bad)},
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "baris 3, kolom nik: NIK sama dengan baris 2." in body
    assert "baris 3, kolom nama: wajib diisi." in body
    assert Pendaftar.objects.count() == 0


def test_import_of_the_template_and_the_template_download(world, pps):
    template = pps.get("/pembentukan/templat-impor.xlsx")
    assert template.content.startswith(b"PK")

    response = pps.post(
        f"/pembentukan/desa/{DESA_A}/impor/",
        {"berkas": SimpleUploadedFile("templat.xlsx", template.content)},
    )

    assert response.status_code == 302
    assert Pendaftar.objects.get().sumber == "impor"
    assert pps.get(f"/pembentukan/desa/{DESA_A}/impor/").status_code == 200


def test_detail_shows_findings_beside_the_verdict_form(world, pps):
    pendaftar = registered(world, DESA_A).pendaftar
    pendaftar.dokumen_set.filter(jenis=JenisDokumen.IJAZAH.value).delete()

    assert pps.post(f"/pembentukan/pendaftar/{pendaftar.pk}/penelitian/").status_code == 302
    body = pps.get(f"/pembentukan/pendaftar/{pendaftar.pk}/").content.decode()

    assert "Dokumen fotokopi ijazah" in body
    assert "Otomatis: ada masalah" in body
    assert body.count('type="radio"') == 2 * len(Syarat)
    assert NIK[DESA_A] not in body


def test_recording_ms_for_every_requirement_sets_the_status(world, pps):
    pendaftar = registered(world, DESA_A).pendaftar
    Pendaftar.objects.filter(pk=pendaftar.pk).update(status="diteliti")
    data = {f"hasil_{s.value}": "ms" for s in Syarat}

    response = pps.post(f"/pembentukan/pendaftar/{pendaftar.pk}/", data)

    assert response.status_code == 302
    pendaftar.refresh_from_db()
    assert pendaftar.status == Pendaftar.Status.MEMENUHI_SYARAT
    again = pps.get(f"/pembentukan/pendaftar/{pendaftar.pk}/").content.decode()
    assert "checked" in again


def test_tms_without_a_note_is_shown_again(world, pps):
    pendaftar = registered(world, DESA_A).pendaftar

    response = pps.post(f"/pembentukan/pendaftar/{pendaftar.pk}/", {"hasil_a_wni": "tms"})

    assert response.status_code == 422
    assert "TMS wajib disertai catatan" in response.content.decode()


def test_pengawas_cannot_record_a_verdict(world):
    pendaftar = registered(world, DESA_A).pendaftar
    client = login(Client(), world.user(Peran.PENGAWAS))

    response = client.post(f"/pembentukan/pendaftar/{pendaftar.pk}/", {"hasil_a_wni": "ms"})

    assert response.status_code == 403
    assert pendaftar.penilaian_set.count() == 0


def test_documents_are_served_through_the_scoped_view_only(world, pps):
    pendaftar = registered(world, DESA_A).pendaftar
    pdf = pendaftar.dokumen_set.get(jenis=JenisDokumen.IJAZAH.value)
    foto = pendaftar.dokumen_set.get(jenis=JenisDokumen.PAS_FOTO.value)

    pdf_response = pps.get(f"/pembentukan/pendaftar/{pendaftar.pk}/dokumen/{pdf.pk}/")
    foto_response = pps.get(f"/pembentukan/pendaftar/{pendaftar.pk}/dokumen/{foto.pk}/")

    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response["Content-Disposition"].startswith("attachment")
    assert pdf_response["Content-Security-Policy"].startswith("sandbox")
    assert foto_response["Content-Disposition"].startswith("inline")
    assert (
        Client().get(f"/pembentukan/pendaftar/{pendaftar.pk}/dokumen/{pdf.pk}/").status_code == 302
    )


def test_upload_replaces_a_document_or_explains_the_refusal(world, pps):
    pendaftar = registered(world, DESA_A).pendaftar
    url = f"/pembentukan/pendaftar/{pendaftar.pk}/dokumen/"

    ok = pps.post(
        url, {"jenis": "pas_foto", "berkas": SimpleUploadedFile("f.png", PNG)}, follow=True
    )
    bad = pps.post(
        url, {"jenis": "ijazah", "berkas": SimpleUploadedFile("i.pdf", b"teks")}, follow=True
    )
    empty = pps.post(url, {}, follow=True)

    assert "Dokumen disimpan." in ok.content.decode()
    assert "bukan PDF" in bad.content.decode()
    assert "Pilih jenis dokumen" in empty.content.decode()
    assert pendaftar.dokumen_set.get(jenis="pas_foto").content_type == "image/png"


def test_bulk_research_of_a_desa(world, pps):
    registered(world, DESA_A)

    response = pps.post(f"/pembentukan/desa/{DESA_A}/penelitian/", follow=True)

    assert "1 pendaftar diteliti otomatis" in response.content.decode()


def test_pps_clarifies_a_public_response(world, pps):
    pendaftar = registered(world, DESA_A).pendaftar
    tanggapan = TanggapanMasyarakat.objects.create(
        pendaftar=pendaftar,
        isi="Ybs pengurus partai.",
        pengirim_nama="Warga",
        pengirim_kontak="0813",
    )
    assert NAMA[DESA_A] in pps.get(f"/pembentukan/desa/{DESA_A}/").content.decode()

    invalid = pps.post(f"/pembentukan/tanggapan/{tanggapan.pk}/", {"klarifikasi": ""})
    ok = pps.post(
        f"/pembentukan/tanggapan/{tanggapan.pk}/",
        {"klarifikasi": "Sudah keluar 2015.", "hasil": "tidak_terbukti"},
    )

    assert invalid.status_code == 422
    assert ok.status_code == 302
    tanggapan.refresh_from_db()
    assert tanggapan.hasil == "tidak_terbukti"
    assert "Tidak terbukti" in pps.get(f"/pembentukan/tanggapan/{tanggapan.pk}/").content.decode()
