"""Writes for the intake of KPPS formation: the schedule, registration (public form, PPS desk)
and documents.

Every write is audited (``audit_record``) in its transaction, scoped to the applicant's desa.
Audit rows carry the masked NIK at most: never the NIK, the birth date or a document's bytes
(docs/adr/0009). Access checks happen before these are called (``pembentukan.access``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.accounts.models import User
from selenggara.core.audit import audit_record
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pembentukan.berkas import EXTENSION, berkas_check
from selenggara.pembentukan.domain.nik import NIK, InvalidNIK, JenisKelamin, mask_nik
from selenggara.pembentukan.domain.syarat import (
    JenisDokumen,
    Pendidikan,
)
from selenggara.pembentukan.domain.tahapan import (
    JADWAL_TEMPLATES,
    JenisBadan,
    Tahapan,
)
from selenggara.pembentukan.models import (
    PERNYATAAN_FIELDS,
    DokumenPendaftar,
    JadwalTahapan,
    Pendaftar,
)
from selenggara.pembentukan.personal import (
    nik_digest,
    nik_encrypt,
    token_digest,
    token_new,
)
from selenggara.pembentukan.saringan import nik_fakta
from selenggara.pembentukan.selectors import tahapan_require, today
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

Actor = User | None


NOMOR_PREFIX = {JenisBadan.KPPS: "KPPS", JenisBadan.PETUGAS_KETERTIBAN: "PTPS"}


def _refuse(message: str, field_name: str | None = None, row: int | None = None) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=row, field=field_name, message=message)])


@transaction.atomic
def jadwal_create(
    *,
    pemilihan: Pemilihan,
    preset: str,
    mulai: date | None = None,
    latihan: bool = False,
    actor: Actor,
) -> list[JadwalTahapan]:
    """Create the formation schedule of every body from the templates of ``preset``.

    ``preset`` is e.g. ``pemilu-2024`` (templates ``pemilu-2024/kpps`` and
    ``pemilu-2024/petugas-ketertiban``). With ``mulai``, every window shifts by the same number
    of days so the KPPS announcement starts on ``mulai``. A rehearsal schedule (``latihan``,
    used by the demo and for training officers) opens every stage over the whole span of the
    template, so each stage can be tried on the same day; the audit row says so. Raises
    InvalidInput when the preset is unknown or the election already has a schedule.
    """
    templates = [t for kode, t in JADWAL_TEMPLATES.items() if kode.startswith(f"{preset}/")]
    if not templates:
        raise _refuse(_("Templat jadwal %(preset)s tidak dikenal.") % {"preset": preset}, "preset")
    if JadwalTahapan.objects.filter(pemilihan=pemilihan).exists():
        raise _refuse(_("Pemilihan ini sudah mempunyai jadwal pembentukan."), "pemilihan")
    first = min(j.mulai for t in templates for j in t.jendela_list)
    last = max(j.selesai for t in templates for j in t.jendela_list)
    shift = (mulai - first) if mulai is not None else timedelta(0)
    rows = JadwalTahapan.objects.bulk_create(
        JadwalTahapan(
            pemilihan=pemilihan,
            badan=template.badan.value,
            tahapan=jendela.tahapan.value,
            mulai=(first if latihan else jendela.mulai) + shift,
            selesai=(last if latihan else jendela.selesai) + shift,
            template_kode=template.kode,
        )
        for template in templates
        for jendela in template.jendela_list
    )
    audit_record(
        actor=actor,
        action="jadwal.create",
        target=("pemilihan.pemilihan", str(pemilihan.pk)),
        after={
            "preset": preset,
            "geser_hari": shift.days,
            "latihan": latihan,
            "jendela": [f"{r.badan}/{r.tahapan}: {r.mulai}..{r.selesai}" for r in rows],
        },
    )
    return rows


@dataclass(frozen=True, slots=True, kw_only=True)
class PendaftarInput:
    """What an applicant states on the registration form (or one row of an import)."""

    nama: str
    nik: str
    tanggal_lahir: date
    jenis_kelamin: JenisKelamin
    alamat: str
    domisili_desa_kode: str
    pendidikan: Pendidikan
    telepon: str = ""
    email: str = ""
    tps_preferensi: TPS | None = None
    pernyataan: Mapping[str, bool] = field(default_factory=dict)


def input_check(
    *, data: PendaftarInput, pemilihan: Pemilihan, desa: Wilayah, row: int | None = None
) -> list[RowError]:
    """Return what makes ``data`` impossible to store (malformed NIK, unknown desa, foreign TPS).

    Everything else (age, domicile, education, duplicates) is stored and flagged by the
    automatic checks, never refused here: the officer decides.
    """
    errors: list[RowError] = []
    if not data.nama.strip():
        errors.append(RowError(row=row, field="nama", message=_("Nama wajib diisi.")))
    try:
        NIK.parse(data.nik)
    except InvalidNIK as exc:
        errors.append(RowError(row=row, field="nik", message=exc.message))
    try:
        KodeWilayah.parse(data.domisili_desa_kode)
    except InvalidKodeWilayah:
        errors.append(
            RowError(
                row=row,
                field="domisili_desa_kode",
                message=_("Kode desa domisili %(kode)s tidak sah.")
                % {"kode": data.domisili_desa_kode},
            )
        )
    if data.tps_preferensi is not None and (
        data.tps_preferensi.pemilihan_id != pemilihan.pk or data.tps_preferensi.desa_id != desa.pk
    ):
        errors.append(
            RowError(row=row, field="tps", message=_("TPS pilihan bukan TPS desa/kelurahan ini."))
        )
    if data.tanggal_lahir >= today():
        errors.append(
            RowError(
                row=row, field="tanggal_lahir", message=_("Tanggal lahir harus sebelum hari ini.")
            )
        )
    return errors


def _desa_check(pemilihan: Pemilihan, desa: Wilayah) -> None:
    if desa.versi_id != pemilihan.versi_wilayah_id or desa.tingkat != Tingkat.DESA:
        raise _refuse(_("Desa/kelurahan tidak termasuk wilayah pemilihan ini."), "desa")


def _nomor_next(pemilihan: Pemilihan, badan: JenisBadan, desa: Wilayah) -> str:
    # Serialise numbering per desa: lock the desa's region row (never updated otherwise).
    Wilayah.objects.select_for_update().filter(pk=desa.pk).first()
    prefix = f"{NOMOR_PREFIX[badan]}-{KodeWilayah(desa.kode).digits}-"
    last = (
        Pendaftar.objects.filter(pemilihan=pemilihan, nomor_pendaftaran__startswith=prefix)
        .order_by("-nomor_pendaftaran")
        .values_list("nomor_pendaftaran", flat=True)
        .first()
    )
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _pendaftar_store(
    *,
    pemilihan: Pemilihan,
    desa: Wilayah,
    data: PendaftarInput,
    sumber: str,
    actor: Actor,
    badan: JenisBadan = JenisBadan.KPPS,
) -> tuple[Pendaftar, str]:
    nik = NIK.parse(data.nik).value
    token = token_new()
    now = timezone.now()
    pendaftar = Pendaftar(
        pemilihan=pemilihan,
        badan=badan.value,
        desa=desa,
        desa_kode=KodeWilayah(desa.kode).digits,
        tps_preferensi=data.tps_preferensi,
        nomor_pendaftaran=_nomor_next(pemilihan, badan, desa),
        token_digest=token_digest(token),
        nama=data.nama.strip(),
        nik_encrypted=nik_encrypt(nik),
        nik_digest=nik_digest(nik),
        nik_masked=mask_nik(nik),
        **nik_fakta(
            nik=nik, tanggal_lahir=data.tanggal_lahir, jenis_kelamin=data.jenis_kelamin, on=today()
        ),
        tanggal_lahir=data.tanggal_lahir,
        jenis_kelamin=data.jenis_kelamin.value,
        alamat=data.alamat.strip(),
        domisili_desa_kode=KodeWilayah.parse(data.domisili_desa_kode).value,
        pendidikan=data.pendidikan.value,
        telepon=data.telepon.strip(),
        email=data.email.strip(),
        sumber=sumber,
        status=Pendaftar.Status.TERDAFTAR,
        status_at=now,
        created_by=actor,
        **{name: bool(data.pernyataan.get(name, False)) for name in PERNYATAAN_FIELDS},
    )
    pendaftar.full_clean(exclude=["created_by"])
    pendaftar.save()
    return pendaftar, token


def _audit_pendaftar(
    pendaftar: Pendaftar, *, actor: Actor, action: str, extra: Mapping[str, object] | None = None
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=pendaftar,
        wilayah_kode=pendaftar.desa.kode,
        after={
            "nomor_pendaftaran": pendaftar.nomor_pendaftaran,
            "nik": pendaftar.nik_masked,
            "sumber": pendaftar.sumber,
            "tps_preferensi": pendaftar.tps_preferensi.kode if pendaftar.tps_preferensi else None,
            "status": pendaftar.status,
            **(extra or {}),
        },
    )


def _dokumen_check_all(dokumen: Mapping[JenisDokumen, UploadedFile]) -> None:
    errors: list[RowError] = []
    for jenis, berkas in dokumen.items():
        try:
            berkas_check(jenis=jenis, berkas=berkas)
        except InvalidInput as exc:
            errors.extend(exc.errors)
    if errors:
        raise InvalidInput(errors[0].message, errors=errors)


def _register(
    *,
    pemilihan: Pemilihan,
    desa: Wilayah,
    data: PendaftarInput,
    dokumen: Mapping[JenisDokumen, UploadedFile],
    sumber: str,
    actor: Actor,
    on: date | None,
) -> tuple[Pendaftar, str]:
    tahapan_require(pemilihan=pemilihan, tahapan=Tahapan.PENDAFTARAN, on=on)
    _desa_check(pemilihan, desa)
    errors = input_check(data=data, pemilihan=pemilihan, desa=desa)
    if errors:
        raise InvalidInput(errors[0].message, errors=errors)
    _dokumen_check_all(dokumen)
    pendaftar, token = _pendaftar_store(
        pemilihan=pemilihan, desa=desa, data=data, sumber=sumber, actor=actor
    )
    stored: list[DokumenPendaftar] = []
    try:
        for jenis, berkas in dokumen.items():
            stored.append(
                _dokumen_store(pendaftar=pendaftar, jenis=jenis, berkas=berkas, actor=actor)
            )
    except BaseException:
        # The rows roll back with the transaction; the files must go too.
        for d in stored:
            d.berkas.storage.delete(d.berkas.name)
        raise
    _audit_pendaftar(
        pendaftar,
        actor=actor,
        action="pendaftar.register" if sumber == Pendaftar.Sumber.MANDIRI else "pendaftar.create",
        extra={"dokumen": sorted(j.value for j in dokumen)},
    )
    return pendaftar, token


@transaction.atomic
def pendaftar_register(
    *,
    pemilihan: Pemilihan,
    desa: Wilayah,
    data: PendaftarInput,
    dokumen: Mapping[JenisDokumen, UploadedFile],
    on: date | None = None,
) -> tuple[Pendaftar, str]:
    """Register an applicant from the public form; return it and its status token (shown once).

    Raises TahapanClosed outside the registration window, InvalidInput for a malformed NIK,
    a foreign TPS or a refused document; nothing is stored then.
    """
    return _register(
        pemilihan=pemilihan,
        desa=desa,
        data=data,
        dokumen=dokumen,
        sumber=Pendaftar.Sumber.MANDIRI,
        actor=None,
        on=on,
    )


@transaction.atomic
def pendaftar_create_by_pps(
    *,
    pemilihan: Pemilihan,
    desa: Wilayah,
    data: PendaftarInput,
    dokumen: Mapping[JenisDokumen, UploadedFile],
    actor: Actor,
    on: date | None = None,
) -> tuple[Pendaftar, str]:
    """Record a walk-in applicant at the PPS desk, within the registration window."""
    return _register(
        pemilihan=pemilihan,
        desa=desa,
        data=data,
        dokumen=dokumen,
        sumber=Pendaftar.Sumber.PPS,
        actor=actor,
        on=on,
    )


def _dokumen_store(
    *, pendaftar: Pendaftar, jenis: JenisDokumen, berkas: UploadedFile, actor: Actor
) -> DokumenPendaftar:
    checked = berkas_check(jenis=jenis, berkas=berkas)
    old = DokumenPendaftar.objects.filter(pendaftar=pendaftar, jenis=jenis.value).first()
    if old is not None:
        old_name = old.berkas.name
        old.delete()
        # The old file goes only once the new row is committed.
        transaction.on_commit(lambda: old.berkas.storage.delete(old_name))
    dokumen = DokumenPendaftar(
        pendaftar=pendaftar,
        jenis=jenis.value,
        content_type=checked.content_type,
        ukuran=checked.ukuran,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    dokumen.berkas.save(f"{jenis.value}{EXTENSION[checked.content_type]}", berkas, save=False)
    try:
        dokumen.save()
    except BaseException:
        dokumen.berkas.storage.delete(dokumen.berkas.name)
        raise
    return dokumen


@transaction.atomic
def dokumen_upload(
    *, pendaftar: Pendaftar, jenis: JenisDokumen, berkas: UploadedFile, actor: Actor
) -> DokumenPendaftar:
    """Store one document of an applicant privately, replacing the previous one of its kind.

    Raises InvalidInput when the file is empty, above 2 MB, or not PDF/JPEG/PNG by content.
    """
    dokumen = _dokumen_store(pendaftar=pendaftar, jenis=jenis, berkas=berkas, actor=actor)
    audit_record(
        actor=actor,
        action="dokumen.upload",
        target=dokumen,
        wilayah_kode=pendaftar.desa.kode,
        after={
            "pendaftar": pendaftar.nomor_pendaftaran,
            "jenis": jenis.value,
            "content_type": dokumen.content_type,
            "ukuran": dokumen.ukuran,
            "sha256": dokumen.sha256,
        },
    )
    return dokumen
