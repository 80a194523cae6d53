from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.core.storage import ENCRYPTED_HEADER
from selenggara.pembentukan.domain.syarat import JenisDokumen
from selenggara.pembentukan.domain.tahapan import Tahapan, TahapanClosed
from selenggara.pembentukan.models import DokumenPendaftar, JadwalTahapan, Pendaftar
from selenggara.pembentukan.pendaftaran.selectors import pendaftar_get_by_token
from selenggara.pembentukan.pendaftaran.services import (
    dokumen_upload,
    jadwal_create,
    pendaftar_create_by_pps,
    pendaftar_register,
)
from selenggara.pembentukan.personal import nik_decrypt, nik_digest, token_digest
from selenggara.pembentukan.tests.helpers import (
    JPEG,
    NIK_BUDI,
    PDF,
    PNG,
    audit_after,
    data_of,
    dokumen_files,
    jadwal_open,
    pendaftar_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desa(wilayah_tree):
    jadwal_open(wilayah_tree.pemilihan)
    return wilayah_tree.desa_list[0]


def _audit_text() -> str:
    return " ".join(f"{a.before} {a.after}" for a in AuditLog.objects.all())


def test_register_stores_the_nik_encrypted_digested_and_masked(pemilihan, desa, wilayah_tree):
    tps = wilayah_tree.tps_list[0]

    pendaftar, token = pendaftar_register(
        pemilihan=pemilihan, desa=desa, data=data_of(tps=tps), dokumen=dokumen_files()
    )

    assert pendaftar.nomor_pendaftaran == "KPPS-3303012001-0001"
    assert pendaftar.status == Pendaftar.Status.TERDAFTAR
    assert pendaftar.sumber == Pendaftar.Sumber.MANDIRI
    assert NIK_BUDI not in pendaftar.nik_encrypted
    assert nik_decrypt(pendaftar.nik_encrypted) == NIK_BUDI
    assert pendaftar.nik_digest == nik_digest(NIK_BUDI)
    assert pendaftar.nik_masked == "3303********0001"
    assert pendaftar.token_digest == token_digest(token)
    assert pendaftar_get_by_token(nomor=pendaftar.nomor_pendaftaran, token=token) == pendaftar
    assert pendaftar.dokumen_set.count() == len(JenisDokumen)
    assert pendaftar.tps_preferensi == tps


def test_register_audits_the_masked_nik_only(pemilihan, desa):
    _pendaftar, token = pendaftar_register(
        pemilihan=pemilihan, desa=desa, data=data_of(), dokumen=dokumen_files()
    )

    audit = AuditLog.objects.get(action="pendaftar.register")
    assert audit.wilayah_kode == "33.03.01.2001"
    assert audit_after("pendaftar.register")["nik"] == "3303********0001"
    text = _audit_text()
    assert NIK_BUDI not in text
    assert "1990-08-05" not in text
    assert token not in text


def test_numbers_follow_each_other_per_desa(pemilihan, desa):
    first = pendaftar_make(pemilihan, desa)
    second = pendaftar_make(pemilihan, desa, nik="3303010508900002")

    assert first.nomor_pendaftaran.endswith("-0001")
    assert second.nomor_pendaftaran.endswith("-0002")


def test_register_outside_the_window_is_refused_naming_it(pemilihan, desa):
    jadwal_open(pemilihan, closed=frozenset({Tahapan.PENDAFTARAN}))

    with pytest.raises(TahapanClosed, match="Pendaftaran dibuka"):
        pendaftar_register(pemilihan=pemilihan, desa=desa, data=data_of(), dokumen={})

    assert Pendaftar.objects.count() == 0


def test_register_without_schedule_is_refused(pemilihan, desa):
    JadwalTahapan.objects.all().delete()

    with pytest.raises(TahapanClosed, match="belum ditetapkan"):
        pendaftar_register(pemilihan=pemilihan, desa=desa, data=data_of(), dokumen={})


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        pytest.param("12345", "16 angka", id="short"),
        pytest.param("33030105089000ab", "hanya boleh berisi angka", id="letters"),
        pytest.param("3303013508900001", "tidak mungkin", id="day-35"),
    ],
)
def test_malformed_nik_is_refused_and_nothing_is_stored(pemilihan, desa, nik, message):
    with pytest.raises(InvalidInput, match=message) as caught:
        pendaftar_register(
            pemilihan=pemilihan, desa=desa, data=data_of(nik=nik), dokumen=dokumen_files()
        )

    assert caught.value.errors[0].field == "nik"
    assert Pendaftar.objects.count() == 0
    assert DokumenPendaftar.objects.count() == 0


def test_foreign_tps_and_future_birth_date_are_refused(pemilihan, desa, wilayah_tree):
    other_desa_tps = wilayah_tree.tps_list[2]

    with pytest.raises(InvalidInput) as caught:
        pendaftar_register(
            pemilihan=pemilihan,
            desa=desa,
            data=data_of(tps=other_desa_tps, lahir=date(2100, 1, 1), nama=" ", domisili="x"),
            dokumen={},
        )

    fields = {e.field for e in caught.value.errors}
    assert fields == {"tps", "tanggal_lahir", "nama", "domisili_desa_kode"}


def test_desa_of_another_region_version_is_refused(pemilihan, wilayah_tree, desa):
    with pytest.raises(InvalidInput, match="tidak termasuk"):
        pendaftar_register(
            pemilihan=pemilihan, desa=wilayah_tree.kecamatan, data=data_of(), dokumen={}
        )


@pytest.mark.parametrize(
    ("jenis", "upload", "message"),
    [
        pytest.param(
            JenisDokumen.IJAZAH, ("ijazah.pdf", b"hello, not a pdf"), "bukan PDF", id="fake-pdf"
        ),
        pytest.param(
            JenisDokumen.PAS_FOTO,
            ("foto.jpg", b"MZ\x90\x00" + b"\x00" * 100),
            "bukan JPEG atau PNG",
            id="exe-as-jpg",
        ),
        pytest.param(
            JenisDokumen.PAS_FOTO,
            ("foto.jpg", JPEG + b"\x00" * (5 * 1024 * 1024)),
            "paling besar 2 MB",
            id="5mb-photo",
        ),
        pytest.param(
            JenisDokumen.PAS_FOTO, ("foto.pdf", PDF), "bukan JPEG atau PNG", id="photo-as-pdf"
        ),
        pytest.param(JenisDokumen.IJAZAH, ("ijazah.pdf", b""), "kosong", id="empty"),
    ],
)
def test_bad_document_refuses_the_whole_registration(pemilihan, desa, jenis, upload, message):
    files = dokumen_files()
    files[jenis] = SimpleUploadedFile(*upload)

    with pytest.raises(InvalidInput, match=message) as caught:
        pendaftar_register(pemilihan=pemilihan, desa=desa, data=data_of(), dokumen=files)

    assert caught.value.errors[0].field == f"dokumen_{jenis.value}"
    assert Pendaftar.objects.count() == 0
    assert DokumenPendaftar.objects.count() == 0


def test_documents_are_private_typed_by_content_and_digested(pemilihan, desa, private_media):
    pendaftar = pendaftar_make(pemilihan, desa, with_dokumen=False)

    dokumen = dokumen_upload(
        pendaftar=pendaftar,
        jenis=JenisDokumen.PAS_FOTO,
        berkas=SimpleUploadedFile("foto.jpeg.exe", PNG),
        actor=None,
    )

    assert dokumen.content_type == "image/png"
    assert dokumen.berkas.name.endswith(".png")
    assert "Budi" not in dokumen.berkas.name
    # Encrypted at rest (docs/adr/0013), clear through the storage.
    on_disk = (private_media / "private" / dokumen.berkas.name).read_bytes()
    assert on_disk.startswith(ENCRYPTED_HEADER)
    assert PNG not in on_disk
    with dokumen.berkas.open("rb") as handle:
        assert handle.read() == PNG
    with pytest.raises(ValueError, match="no public URL"):
        _ = dokumen.berkas.url
    audit = AuditLog.objects.get(action="dokumen.upload")
    assert audit_after("dokumen.upload")["sha256"] == dokumen.sha256
    assert audit.wilayah_kode == desa.kode


def test_a_new_upload_replaces_the_document_of_its_kind(
    pemilihan, desa, private_media, django_capture_on_commit_callbacks
):
    pendaftar = pendaftar_make(pemilihan, desa)
    old = pendaftar.dokumen_set.get(jenis=JenisDokumen.IJAZAH.value)
    old_path = private_media / "private" / old.berkas.name

    with django_capture_on_commit_callbacks(execute=True):
        new = dokumen_upload(
            pendaftar=pendaftar,
            jenis=JenisDokumen.IJAZAH,
            berkas=SimpleUploadedFile("ijazah.jpg", JPEG),
            actor=None,
        )

    assert pendaftar.dokumen_set.get(jenis=JenisDokumen.IJAZAH.value) == new
    assert not old_path.exists()


def test_walk_in_is_recorded_with_its_officer(pemilihan, desa, world_pps):
    pendaftar, _token = pendaftar_create_by_pps(
        pemilihan=pemilihan, desa=desa, data=data_of(), dokumen={}, actor=world_pps
    )

    assert pendaftar.sumber == Pendaftar.Sumber.PPS
    assert pendaftar.created_by == world_pps
    assert AuditLog.objects.get(action="pendaftar.create").actor == world_pps


def test_jadwal_create_from_the_preset_and_shifted(pemilihan):
    rows = jadwal_create(pemilihan=pemilihan, preset="pemilu-2024", actor=None)
    pendaftaran = next(r for r in rows if r.tahapan == "pendaftaran" and r.badan == "kpps")
    assert (pendaftaran.mulai, pendaftaran.selesai) == (date(2023, 12, 11), date(2023, 12, 20))
    assert AuditLog.objects.filter(action="jadwal.create").count() == 1

    with pytest.raises(InvalidInput, match="sudah mempunyai"):
        jadwal_create(pemilihan=pemilihan, preset="pemilu-2024", actor=None)

    JadwalTahapan.objects.all().delete()
    shifted = jadwal_create(
        pemilihan=pemilihan, preset="pemilu-2024", mulai=date(2026, 1, 1), actor=None
    )
    pendaftaran = next(r for r in shifted if r.tahapan == "pendaftaran" and r.badan == "kpps")
    assert (pendaftaran.mulai, pendaftaran.selesai) == (date(2026, 1, 1), date(2026, 1, 10))


def test_rehearsal_schedule_opens_every_stage_over_the_whole_span(pemilihan):
    rows = jadwal_create(
        pemilihan=pemilihan, preset="pemilu-2024", mulai=date(2026, 1, 1), latihan=True, actor=None
    )

    kpps = {(r.mulai, r.selesai) for r in rows if r.badan == "kpps"}
    # Pemilu 2024 KPPS: 11 Dec 2023 (announcement) to 25 Feb 2024 (end of term): 76 days later.
    assert kpps == {(date(2026, 1, 1), date(2026, 3, 18))}
    audit = AuditLog.objects.get(action="jadwal.create")
    assert audit.after is not None
    assert audit.after["latihan"] is True


def test_jadwal_create_refuses_an_unknown_preset(pemilihan):
    with pytest.raises(InvalidInput, match="tidak dikenal"):
        jadwal_create(pemilihan=pemilihan, preset="pemilu-1955", actor=None)
