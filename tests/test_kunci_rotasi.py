"""`selenggara kunci rotasi`: every stored NIK and document under the new key, search intact.

Real applicants, real files on disk, the real command; two rotations in a row, an interrupted
run resumed, a row no key opens, and the old ciphertext unreadable once its key is dropped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from selenggara.core.kunci import encrypted_targets, key_fingerprint, kunci_rotasi
from selenggara.core.models import AuditLog
from selenggara.core.storage import ENCRYPTED_HEADER, encrypted_storage
from selenggara.pembentukan.domain.syarat import JenisDokumen
from selenggara.pembentukan.models import DokumenPendaftar, Pendaftar
from selenggara.pembentukan.pendaftaran.services import dokumen_upload
from selenggara.pembentukan.personal import nik_decrypt, nik_digest, nik_encrypt
from selenggara.pembentukan.tests.penetapan.builders import PDF, calon_make

pytestmark = pytest.mark.django_db

K1, K2, K3 = "kunci-satu-" + "a" * 40, "kunci-dua-" + "b" * 40, "kunci-tiga-" + "c" * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SELENGGARA_DATA_KEY = K1
    settings.SELENGGARA_DATA_KEYS_OLD = []
    settings.SELENGGARA_DIGEST_KEY = K1  # pinned before the first rotation (docs/adr/0013)


def _ring(settings, current: str, *old: str) -> None:
    settings.SELENGGARA_DATA_KEY = current
    settings.SELENGGARA_DATA_KEYS_OLD = list(old)


def _applicants(pemilihan, desa, n: int) -> list[tuple[Pendaftar, str]]:
    made = [calon_make(pemilihan, desa) for _ in range(n)]
    return [(p, nik_decrypt(p.nik_encrypted)) for p in made]


def _stored_nik(pendaftar: Pendaftar) -> str:
    return Pendaftar.objects.values_list("nik_encrypted", flat=True).get(pk=pendaftar.pk)


def _on_disk(dokumen: DokumenPendaftar) -> bytes:
    return Path(encrypted_storage().path(dokumen.berkas.name)).read_bytes()


def _opened(dokumen: DokumenPendaftar) -> bytes:
    fresh = DokumenPendaftar.objects.get(pk=dokumen.pk)
    with fresh.berkas.open("rb") as handle:
        data: bytes = handle.read()
    return data


def test_every_encrypted_column_and_document_field_is_found():
    labels = [t.label for t in encrypted_targets()]

    assert labels == [
        "pembentukan.DokumenPendaftar.berkas",
        "pembentukan.Pendaftar.nik_encrypted",
        "pembentukan.Penggantian.bukti",
        "pembentukan.PetugasKetertiban.nik_encrypted",
    ]


def test_an_uploaded_document_is_encrypted_on_disk_and_served_in_clear(wilayah_tree):
    pendaftar, _ = _applicants(wilayah_tree.pemilihan, wilayah_tree.desa_list[0], 1)[0]
    pdf = PDF + b"rahasia-pribadi"

    dokumen = dokumen_upload(
        pendaftar=pendaftar,
        jenis=JenisDokumen.KTP_ELEKTRONIK,
        berkas=SimpleUploadedFile("ktp.pdf", pdf, content_type="application/pdf"),
        actor=None,
    )

    assert _on_disk(dokumen).startswith(ENCRYPTED_HEADER)
    assert b"rahasia-pribadi" not in _on_disk(dokumen)
    assert _opened(dokumen) == pdf


def test_two_rotations_in_a_row_keep_every_nik_document_and_search(settings, wilayah_tree):
    desa = wilayah_tree.desa_list[0]
    people = _applicants(wilayah_tree.pemilihan, desa, 5)
    digests = {p.pk: p.nik_digest for p, _ in people}
    dokumen = dokumen_upload(
        pendaftar=people[0][0],
        jenis=JenisDokumen.KTP_ELEKTRONIK,
        berkas=SimpleUploadedFile("ktp.png", PNG, content_type="image/png"),
        actor=None,
    )
    under_k1 = {p.pk: _stored_nik(p) for p, _ in people}
    file_under_k1 = _on_disk(dokumen)

    for step, (current, old) in enumerate([(K2, [K1]), (K3, [K2, K1])], start=1):
        _ring(settings, current, *old)
        report = kunci_rotasi(actor=None, batch_rows=2)
        assert report.failures == 0
        nik_count = next(t for t in report.targets if t.label.endswith("Pendaftar.nik_encrypted"))
        assert (nik_count.scanned, nik_count.rotated, nik_count.current) == (5, 5, 0), step
        # Only the new key is needed now: drop every old one.
        _ring(settings, current)
        for pendaftar, nik in people:
            assert nik_decrypt(_stored_nik(pendaftar)) == nik
            found = Pendaftar.objects.get(nik_digest=nik_digest(nik))
            assert found.pk == pendaftar.pk
            assert found.nik_digest == digests[pendaftar.pk]
        assert _opened(dokumen) == PNG

    assert all(under_k1[p.pk] != _stored_nik(p) for p, _ in people)
    for token in under_k1.values():
        with pytest.raises(ValueError, match="cannot be decrypted"):
            nik_decrypt(token)
    stale = DokumenPendaftar.objects.get(pk=dokumen.pk)
    Path(encrypted_storage().path(stale.berkas.name)).write_bytes(file_under_k1)
    with pytest.raises(ValueError, match="cannot be decrypted"):
        _opened(dokumen)


def test_an_interrupted_rotation_resumes_without_encrypting_twice(settings, wilayah_tree):
    people = _applicants(wilayah_tree.pemilihan, wilayah_tree.desa_list[0], 5)
    _ring(settings, K2, K1)
    calls = 0

    def interrupt(phase: str, done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kunci_rotasi(actor=None, batch_rows=1, progress=interrupt)

    first = next(
        t for t in kunci_rotasi(actor=None, dry_run=True).targets if "Pendaftar.nik" in t.label
    )
    # Two batches committed, the third rolled back whole.
    assert (first.current, first.rotated) == (2, 3)
    resumed = kunci_rotasi(actor=None, batch_rows=2)
    counted = next(t for t in resumed.targets if "Pendaftar.nik" in t.label)
    assert (counted.current, counted.rotated) == (2, 3)
    _ring(settings, K2)
    assert [nik_decrypt(_stored_nik(p)) for p, _ in people] == [nik for _, nik in people]


def test_a_plain_file_from_before_encryption_is_encrypted_by_the_rotation(wilayah_tree):
    pendaftar, _ = _applicants(wilayah_tree.pemilihan, wilayah_tree.desa_list[0], 1)[0]
    dokumen = dokumen_upload(
        pendaftar=pendaftar,
        jenis=JenisDokumen.KTP_ELEKTRONIK,
        berkas=SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
        actor=None,
    )
    Path(encrypted_storage().path(dokumen.berkas.name)).write_bytes(PDF)
    assert _opened(dokumen) == PDF

    report = kunci_rotasi(actor=None)

    files = next(t for t in report.targets if t.label.endswith("DokumenPendaftar.berkas"))
    assert (files.rotated, files.current) == (1, 0)
    assert _on_disk(dokumen).startswith(ENCRYPTED_HEADER)
    assert _opened(dokumen) == PDF


def test_what_no_key_opens_is_named_not_written_and_the_command_fails(settings, wilayah_tree):
    people = _applicants(wilayah_tree.pemilihan, wilayah_tree.desa_list[0], 2)
    settings.SELENGGARA_DATA_KEY = "kunci-yang-hilang-" + "z" * 40
    lost = nik_encrypt("3303010508900099")
    Pendaftar.objects.filter(pk=people[1][0].pk).update(nik_encrypted=lost)
    dokumen = dokumen_upload(
        pendaftar=people[0][0],
        jenis=JenisDokumen.KTP_ELEKTRONIK,
        berkas=SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
        actor=None,
    )
    Path(encrypted_storage().path(dokumen.berkas.name)).unlink()
    _ring(settings, K2, K1)

    with pytest.raises(CommandError, match="2 data tidak dapat dibuka"):
        call_command("kunci", "rotasi")

    assert _stored_nik(people[1][0]) == lost
    _ring(settings, K2)
    assert nik_decrypt(_stored_nik(people[0][0])) == people[0][1]


def test_the_rotation_is_audited_with_counts_and_never_a_nik(settings, wilayah_tree, capsys):
    people = _applicants(wilayah_tree.pemilihan, wilayah_tree.desa_list[0], 3)
    _ring(settings, K2, K1)

    call_command("kunci", "rotasi", "--kelompok", "2")

    out = capsys.readouterr().out
    assert "pembentukan.Pendaftar.nik_encrypted: 3 diperiksa, 3 dienkripsi ulang" in out
    assert "Rotasi selesai: 3 data dienkripsi ulang." in out
    rows = list(AuditLog.objects.filter(action__startswith="kunci.rotasi").order_by("seq"))
    assert [r.action for r in rows] == ["kunci.rotasi"] * 4 + ["kunci.rotasi.selesai"]
    assert {r.target_id for r in rows} == {key_fingerprint(K2)}
    selesai = rows[-1].after
    assert selesai is not None
    assert selesai["kunci_lama"] == [key_fingerprint(K1)]
    assert selesai["dienkripsi_ulang"] == 3
    logged = json.dumps([[r.before, r.after, r.reason] for r in rows])
    for pendaftar, nik in people:
        assert nik not in logged
        assert pendaftar.nik_digest not in logged
    assert K1 not in logged
    assert K2 not in logged


def test_status_counts_without_writing(settings, wilayah_tree, capsys):
    people = _applicants(wilayah_tree.pemilihan, wilayah_tree.desa_list[0], 2)
    before = [_stored_nik(p) for p, _ in people]
    _ring(settings, K2, K1)

    call_command("kunci", "status")
    assert "2 data masih dengan kunci lama" in capsys.readouterr().out
    assert [_stored_nik(p) for p, _ in people] == before
    assert not AuditLog.objects.filter(action__startswith="kunci.").exists()

    call_command("kunci", "rotasi")
    call_command("kunci", "status")
    assert "kunci lama boleh dibuang" in capsys.readouterr().out


def test_a_batch_below_one_is_refused():
    with pytest.raises(CommandError, match="paling sedikit 1"):
        call_command("kunci", "rotasi", "--kelompok", "0")
