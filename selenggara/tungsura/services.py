"""Writes of the C.Hasil: submission, correction (a new version), confirmation, page photos.

The paper is the record. A sheet is stored exactly as written; the checks only flag it, and the
submitter confirms each flagged field once more (on the same request from the web form, or by
a later call). A correction is a new version with its reason; no version is ever changed
except for those confirmations, and every write is audited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from selenggara.accounts.access import tps_check_writable
from selenggara.core.audit import audit_record
from selenggara.core.errors import DomainError, InvalidInput, RowError
from selenggara.core.events import publish
from selenggara.pemilihan.models import TPS
from selenggara.tungsura.domain import pemeriksaan
from selenggara.tungsura.domain.lembar import ADMINISTRASI, isian_check, suara_bagian_iv
from selenggara.tungsura.domain.salinan import digest_of, teks_kanonik
from selenggara.tungsura.events import CHasilFotoDisimpan, CHasilVersiDicatat
from selenggara.tungsura.foto import foto_check
from selenggara.tungsura.lembar import LembarTPS, lembar_for_tps
from selenggara.tungsura.messages import isian_message
from selenggara.tungsura.models import CHasil, CHasilFoto, CHasilVersi, Sumber
from selenggara.wilayah.domain.kode import KodeTPS

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from selenggara.accounts.models import User


class CHasilSudahAda(DomainError):
    """A second, different submission without a reason: corrections must say why."""

    code = "c_hasil_sudah_ada"
    http_status = 409


class VersiBentrok(DomainError):
    """A correction made on top of a version that is no longer current.

    Two operators opened the same C.Hasil at version n and both corrected it: the first to
    commit wins, the second gets this error naming the version that won, and nothing of theirs
    is stored. ``params["versi"]`` is the winning version's number.
    """

    code = "versi_bentrok"
    http_status = 409


class KunciIdempotensiBentrok(DomainError):
    """An idempotency key reused for a different sheet."""

    code = "idempotency_key_reused"
    http_status = 422


class VersiBukanTerkini(DomainError):
    code = "versi_bukan_terkini"
    http_status = 409


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilKirim:
    versi: CHasilVersi
    # True when nothing was written: a retry of a stored submission (same key or same numbers).
    ulangan: bool


def _isian_refuse(lembar: LembarTPS, angka: Mapping[str, object]) -> None:
    problems = isian_check(angka, lembar.susunan)
    if not problems:
        return
    errors = [
        RowError(row=None, field=p.kunci, message=isian_message(p.kunci, p.alasan))
        for p in problems
    ]
    raise InvalidInput(
        gettext("Isian C.Hasil tidak lengkap atau tidak sah; tidak ada yang disimpan."),
        errors=errors,
    )


def _replay(versi: CHasilVersi, *, tps: TPS, jenis: str, digest: str) -> HasilKirim:
    same = (
        versi.c_hasil.tps_id == tps.pk
        and versi.c_hasil.kontestasi.jenis == jenis
        and versi.digest == digest
    )
    if not same:
        raise KunciIdempotensiBentrok(
            gettext(
                "Kunci idempotensi ini sudah dipakai untuk kiriman lain; buat kunci baru untuk "
                "kiriman baru."
            )
        )
    return HasilKirim(versi=versi, ulangan=True)


def _by_key(key: UUID) -> CHasilVersi | None:
    return (
        CHasilVersi.objects.select_related("c_hasil__kontestasi")
        .filter(idempotency_key=key)
        .first()
    )


def c_hasil_submit(
    *,
    tps: TPS,
    jenis: str,
    angka: Mapping[str, object],
    actor: User,
    sumber: Sumber,
    konfirmasi: Sequence[str] = (),
    alasan: str = "",
    idempotency_key: UUID | None = None,
    versi_dasar: int | None = None,
) -> HasilKirim:
    """Store what the paper C.Hasil of ``tps`` for contest ``jenis`` says, as a new version.

    The first submission is version 1. A later one with different numbers is a correction and
    needs ``alasan``; without it CHasilSudahAda is raised. A retry (the same
    ``idempotency_key``, or the same numbers as the current version) writes nothing and
    returns the stored version, so a bad network never creates a second copy.

    ``versi_dasar`` is the number of the version the submitter saw as current (0: none yet).
    When given and another version has become current since, VersiBentrok is raised naming
    it (optimistic concurrency: of two simultaneous corrections one wins, the other is told).

    Raises InvalidInput, naming each field, when ``angka`` is not a complete sheet of
    whole non-negative numbers for this TPS's form; PermissionDenied for a read-only role.
    """
    tps_check_writable(actor=actor, tps=tps)
    return c_hasil_store(
        lembar=lembar_for_tps(tps=tps, jenis=jenis),
        angka=angka,
        actor=actor,
        sumber=sumber,
        konfirmasi=konfirmasi,
        alasan=alasan,
        idempotency_key=idempotency_key,
        versi_dasar=versi_dasar,
    )


def c_hasil_store(
    *,
    lembar: LembarTPS,
    angka: Mapping[str, object],
    actor: User | None,
    sumber: Sumber,
    konfirmasi: Sequence[str] = (),
    alasan: str = "",
    idempotency_key: UUID | None = None,
    versi_dasar: int | None = None,
    dibuat_pada: datetime | None = None,
) -> HasilKirim:
    """The write of ``c_hasil_submit`` once access is settled: one path to every version.

    ``c_hasil_submit`` checks the actor's role and loads the TPS's layout, then calls this;
    a loader that acts as the system (the demo, ``actor`` None) calls it with a layout it
    already holds. Either way the sheet gets the same completeness check, checks, digest,
    header lock, audit row and event. ``dibuat_pada`` is when the paper was entered, for a
    loader replaying a past evening (default: now; a confirmation then carries that time).
    """
    _isian_refuse(lembar, angka)
    tps = lembar.tps
    numbers = {key: int(str(angka[key])) for key in lembar.susunan.kunci_semua()}
    teks = teks_kanonik(
        pemilihan=tps.pemilihan.kode,
        tps=tps.kode,
        kontestasi=lembar.kontestasi.jenis,
        dapil=lembar.dapil.kode,
        angka=numbers,
    )
    digest = digest_of(teks)
    store = partial(
        _store,
        lembar=lembar,
        numbers=numbers,
        teks=teks,
        digest=digest,
        actor=actor,
        sumber=sumber,
        konfirmasi=konfirmasi,
        alasan=alasan.strip(),
        idempotency_key=idempotency_key,
        versi_dasar=versi_dasar,
        dibuat_pada=dibuat_pada,
    )
    try:
        with transaction.atomic():
            return store()
    except IntegrityError:
        # The key is already stored: another copy of this request committed first (a retry
        # racing its original), or the key was used for another sheet. Nothing was written.
        if idempotency_key is not None and (stored := _by_key(idempotency_key)) is not None:
            return _replay(stored, tps=tps, jenis=lembar.kontestasi.jenis, digest=digest)
        raise


def _header_lock(lembar: LembarTPS) -> CHasil:
    """Create the C.Hasil header of this TPS and contest, or lock the existing one.

    One statement either way (INSERT ... ON CONFLICT DO UPDATE, PostgreSQL and SQLite): the
    row lock serialises the versions of one C.Hasil, and two first submissions racing queue
    on the unique constraint instead of failing, the second seeing the first's version.
    """
    table = connection.ops.quote_name(CHasil._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (tps_id, kontestasi_id, dapil_id, versi_terkini_id, created_at) "  # noqa: S608 - quoted model table
            "VALUES (%s, %s, %s, NULL, %s) "
            "ON CONFLICT (tps_id, kontestasi_id) DO UPDATE SET tps_id = EXCLUDED.tps_id "
            "RETURNING id, dapil_id, versi_terkini_id",
            [lembar.tps.pk, lembar.kontestasi.pk, lembar.dapil.pk, timezone.now()],
        )
        pk, dapil_id, versi_terkini_id = cursor.fetchone()
    c_hasil = CHasil.from_db(
        connection.alias,
        ["id", "tps_id", "kontestasi_id", "dapil_id", "versi_terkini_id"],
        [pk, lembar.tps.pk, lembar.kontestasi.pk, dapil_id, versi_terkini_id],
    )
    c_hasil.tps = lembar.tps
    c_hasil.kontestasi = lembar.kontestasi
    if dapil_id == lembar.dapil.pk:
        c_hasil.dapil = lembar.dapil
    return c_hasil


def _store(
    *,
    lembar: LembarTPS,
    numbers: dict[str, int],
    teks: str,
    digest: str,
    actor: User | None,
    sumber: Sumber,
    konfirmasi: Sequence[str],
    alasan: str,
    idempotency_key: UUID | None,
    versi_dasar: int | None,
    dibuat_pada: datetime | None,
) -> HasilKirim:
    tps = lembar.tps
    c_hasil = _header_lock(lembar)
    current = None
    if c_hasil.versi_terkini_id is not None:
        current = CHasilVersi.objects.get(pk=c_hasil.versi_terkini_id)
        current.c_hasil = c_hasil
        if idempotency_key is not None:
            # A retry: answer with what its key stored (the current or an earlier version),
            # and refuse the key if it stored other numbers or another sheet.
            same = current.idempotency_key == idempotency_key
            stored = current if same else _by_key(idempotency_key)
            if stored is not None:
                return _replay(stored, tps=tps, jenis=lembar.kontestasi.jenis, digest=digest)
        if current.digest == digest:
            # The same numbers again (a retry under a new key, a double tap): nothing to add.
            return HasilKirim(versi=current, ulangan=True)
    _versi_dasar_check(current, versi_dasar)
    if current is not None and not alasan:
        raise CHasilSudahAda(
            gettext(
                "C.Hasil TPS ini untuk kontestasi ini sudah dikirim (versi %(nomor)s). "
                "Perbaikan dicatat sebagai koreksi: tuliskan alasannya."
            )
            % {"nomor": current.nomor}
        )
    temuan = pemeriksaan.c_hasil_check(numbers, susunan=lembar.susunan, konteks=lembar.konteks)
    flagged = set(pemeriksaan.kunci_ditandai(temuan))
    confirmed = [key for key in dict.fromkeys(konfirmasi) if key in flagged]
    status = pemeriksaan.status_for(temuan, confirmed)
    now = dibuat_pada or timezone.now()
    versi = CHasilVersi(
        c_hasil=c_hasil,
        nomor=(current.nomor + 1) if current else 1,
        sumber=sumber,
        alasan=alasan,
        dibuat_oleh=actor,
        dibuat_pada=now,
        temuan=[t.as_dict() for t in temuan],
        status=status.value,
        konfirmasi=confirmed,
        dikonfirmasi_oleh=actor if confirmed else None,
        dikonfirmasi_pada=now if confirmed else None,
        teks_kanonik=teks,
        digest=digest,
        idempotency_key=idempotency_key,
        **{key: numbers[key] for key in ADMINISTRASI},
        # Section IV goes into the version's own row: one INSERT for the whole sheet.
        suara=suara_bagian_iv(numbers, lembar.susunan),
        susunan_sidik=lembar.susunan.sidik,
    )
    versi.save()
    CHasil.objects.filter(pk=c_hasil.pk).update(versi_terkini=versi)
    c_hasil.versi_terkini = versi
    audit_record(
        actor=actor,
        action="c_hasil.koreksi" if current else "c_hasil.submit",
        target=versi,
        wilayah_kode=KodeTPS.parse(tps.kode).desa.value,
        before={"versi": current.nomor, "digest": current.digest} if current else None,
        after={
            "tps": tps.kode,
            "kontestasi": lembar.kontestasi.jenis,
            "versi": versi.nomor,
            "sumber": sumber.value,
            "digest": digest,
            "status": status.value,
            "temuan": [t.kode.value for t in temuan],
            "konfirmasi": confirmed,
        },
        reason=alasan,
    )
    publish(
        CHasilVersiDicatat(
            c_hasil_id=c_hasil.pk,
            versi_id=versi.pk,
            tps_kode=tps.kode,
            jenis=lembar.kontestasi.jenis,
            nomor=versi.nomor,
        )
    )
    return HasilKirim(versi=versi, ulangan=False)


def _versi_dasar_check(current: CHasilVersi | None, versi_dasar: int | None) -> None:
    """Refuse a write made on top of a version that is no longer current (under the row lock)."""
    nomor = current.nomor if current is not None else 0
    if versi_dasar is None or versi_dasar == nomor:
        return
    if current is None:  # the submitter saw a version that does not exist
        raise VersiBentrok(
            gettext("Versi %(dasar)s yang Anda buka tidak ada; muat ulang halaman C.Hasil ini.")
            % {"dasar": versi_dasar},
            versi=0,
        )
    raise VersiBentrok(
        gettext(
            "C.Hasil ini sudah diubah menjadi versi %(nomor)s oleh %(oleh)s pada %(waktu)s "
            "(%(sumber)s) setelah Anda membuka versi %(dasar)s. Koreksi Anda tidak disimpan: "
            "periksa versi %(nomor)s, lalu koreksi lagi bila masih perlu."
        )
        % {
            "nomor": current.nomor,
            "oleh": current.dibuat_oleh,
            "waktu": timezone.localtime(current.dibuat_pada).strftime("%d-%m-%Y %H:%M"),
            "sumber": current.get_sumber_display(),
            "dasar": versi_dasar,
        },
        versi=current.nomor,
    )


@transaction.atomic
def c_hasil_konfirmasi(*, versi: CHasilVersi, kunci: Sequence[str], actor: User) -> CHasilVersi:
    """Record that ``actor`` checked flagged fields ``kunci`` against the paper once more.

    Only the current version can be confirmed; a key that is not flagged is refused by name.
    """
    versi = (
        CHasilVersi.objects.select_for_update()
        .select_related("c_hasil__tps__desa")
        .get(pk=versi.pk)
    )
    c_hasil = versi.c_hasil
    tps_check_writable(actor=actor, tps=c_hasil.tps)
    if c_hasil.versi_terkini_id != versi.pk:
        raise VersiBukanTerkini(
            gettext("Hanya versi terkini yang dapat dikonfirmasi (versi %(nomor)s sudah diganti).")
            % {"nomor": versi.nomor}
        )
    temuan = versi.temuan_domain()
    flagged = pemeriksaan.kunci_ditandai(temuan)
    unknown = [key for key in kunci if key not in flagged]
    if unknown:
        raise InvalidInput(
            gettext("Kolom berikut tidak ditandai, jadi tidak perlu dikonfirmasi."),
            errors=[
                RowError(row=None, field=key, message=gettext("tidak ditandai")) for key in unknown
            ],
        )
    before = {"status": versi.status, "konfirmasi": list(versi.konfirmasi)}
    versi.konfirmasi = [key for key in flagged if key in set(versi.konfirmasi) | set(kunci)]
    versi.status = pemeriksaan.status_for(temuan, versi.konfirmasi).value
    versi.dikonfirmasi_oleh = actor
    versi.dikonfirmasi_pada = timezone.now()
    versi.save(update_fields=["konfirmasi", "status", "dikonfirmasi_oleh", "dikonfirmasi_pada"])
    audit_record(
        actor=actor,
        action="c_hasil.konfirmasi",
        target=versi,
        wilayah_kode=KodeTPS.parse(c_hasil.tps.kode).desa.value,
        before=before,
        after={"status": versi.status, "konfirmasi": versi.konfirmasi},
    )
    return versi


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilFoto:
    foto: CHasilFoto
    # True when nothing was written: the same bytes of the same page were stored already.
    ulangan: bool


def c_hasil_foto_upload(
    *, tps: TPS, jenis: str, halaman: int, dari: int, berkas: UploadedFile, actor: User
) -> CHasilFoto:
    """Attach a photo of a page to a C.Hasil; see ``c_hasil_foto_kirim``."""
    return c_hasil_foto_kirim(
        tps=tps, jenis=jenis, halaman=halaman, dari=dari, berkas=berkas, actor=actor
    ).foto


@transaction.atomic
def c_hasil_foto_kirim(
    *, tps: TPS, jenis: str, halaman: int, dari: int, berkas: UploadedFile, actor: User
) -> HasilFoto:
    """Attach a photo of page ``halaman`` of ``dari`` (as printed on the paper) to a C.Hasil.

    The photo may come before the numbers (photograph first, then type), so the C.Hasil
    header is created if needed. Raises InvalidInput for a file that is not a JPEG, PNG or
    WebP image by its bytes, is larger than the limit, or a page number outside 1..dari.

    Idempotent by content: the same bytes (SHA-256) for the same page of the same C.Hasil are
    the same photo, so a phone resending a whole photo after an interrupted upload gets the
    stored one back (``ulangan``) and nothing is stored twice. The header row is locked while
    looking, so two copies of one upload racing store it once. A new photo publishes
    CHasilFotoDisimpan (pindai reads it in the background).
    """
    tps_check_writable(actor=actor, tps=tps)
    return c_hasil_foto_store(
        lembar=lembar_for_tps(tps=tps, jenis=jenis),
        halaman=halaman,
        dari=dari,
        berkas=berkas,
        actor=actor,
    )


@transaction.atomic
def c_hasil_foto_store(
    *,
    lembar: LembarTPS,
    halaman: int,
    dari: int,
    berkas: UploadedFile,
    actor: User | None,
    diunggah_pada: datetime | None = None,
) -> HasilFoto:
    """The write of ``c_hasil_foto_kirim`` once access is settled: one path to every photo.

    A loader acting as the system (the demo, ``actor`` None) calls it with a layout it holds;
    the photo gets the same page, type and size checks, idempotency and audit row.
    ``diunggah_pada`` is when it was taken, for a loader replaying a past evening.
    """
    tps = lembar.tps
    jenis = lembar.kontestasi.jenis
    if not 1 <= halaman <= dari <= 99:
        message = gettext("Nomor halaman %(halaman)s dari %(dari)s tidak mungkin.") % {
            "halaman": halaman,
            "dari": dari,
        }
        raise InvalidInput(message, errors=[RowError(row=None, field="halaman", message=message)])
    checked = foto_check(berkas)
    c_hasil = _header_lock(lembar)
    stored = CHasilFoto.objects.filter(
        c_hasil=c_hasil, halaman=halaman, dari=dari, sha256=checked.sha256
    ).first()
    if stored is not None:
        return HasilFoto(foto=stored, ulangan=True)
    berkas.seek(0)
    foto = CHasilFoto(
        c_hasil=c_hasil,
        halaman=halaman,
        dari=dari,
        content_type=checked.content_type,
        ukuran=checked.ukuran,
        sha256=checked.sha256,
        diunggah_oleh=actor,
        diunggah_pada=diunggah_pada or timezone.now(),
    )
    foto.berkas.save(f"hal{halaman}{checked.extension}", berkas, save=False)
    foto.save()
    audit_record(
        actor=actor,
        action="c_hasil.foto",
        target=foto,
        wilayah_kode=KodeTPS.parse(tps.kode).desa.value,
        after={
            "tps": tps.kode,
            "kontestasi": jenis,
            "halaman": halaman,
            "dari": dari,
            "sha256": checked.sha256,
            "ukuran": checked.ukuran,
        },
    )
    publish(
        CHasilFotoDisimpan(
            foto_id=foto.pk,
            c_hasil_id=c_hasil.pk,
            tps_kode=tps.kode,
            jenis=jenis,
            halaman=halaman,
            dari=dari,
        )
    )
    return HasilFoto(foto=foto, ulangan=False)
