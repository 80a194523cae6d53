"""Writes for the intake half of KPPS formation: schedule, registration, documents, checks,
verdicts and public responses.

Every write is audited (``audit_record``) in its transaction, scoped to the applicant's desa.
Audit rows carry the masked NIK at most: never the NIK, the birth date or a document's bytes
(docs/adr/0009). Access checks happen before these are called (``pembentukan.access``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.accounts.models import User
from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pembentukan.berkas import EXTENSION, berkas_check
from selenggara.pembentukan.domain.nik import NIK, InvalidNIK, JenisKelamin, mask_nik
from selenggara.pembentukan.domain.syarat import (
    SYARAT_BY_CODE,
    DataPendaftar,
    JenisDokumen,
    KonteksPenelitian,
    Pendidikan,
    Syarat,
    penelitian_otomatis,
)
from selenggara.pembentukan.domain.syarat import HasilPenelitian as HasilOtomatis
from selenggara.pembentukan.domain.tahapan import (
    JADWAL_TEMPLATES,
    JenisBadan,
    Tahapan,
    TahapanClosed,
    tahapan_check,
)
from selenggara.pembentukan.models import (
    PERNYATAAN_FIELDS,
    DokumenPendaftar,
    HasilPenelitian,
    JadwalTahapan,
    Pendaftar,
    PenilaianSyarat,
    TanggapanMasyarakat,
)
from selenggara.pembentukan.models import DaftarAnggotaPartai as _Partai
from selenggara.pembentukan.personal import (
    nik_decrypt,
    nik_digest,
    nik_encrypt,
    token_digest,
    token_new,
)
from selenggara.pembentukan.selectors import jadwal_get, today
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

Actor = User | None

NOMOR_PREFIX = {JenisBadan.KPPS: "KPPS", JenisBadan.PETUGAS_KETERTIBAN: "PTPS"}


def _refuse(message: str, field_name: str | None = None, row: int | None = None) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=row, field=field_name, message=message)])


# --- schedule ----------------------------------------------------------------------------------


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


def tahapan_require(
    *,
    pemilihan: Pemilihan,
    tahapan: Tahapan,
    on: date | None = None,
    badan: JenisBadan = JenisBadan.KPPS,
) -> None:
    """Refuse unless ``tahapan`` is open on ``on`` (today); TahapanClosed names the window."""
    jadwal = jadwal_get(pemilihan=pemilihan, badan=badan)
    if jadwal is None:
        raise TahapanClosed(
            _("Jadwal pembentukan %(pemilihan)s belum ditetapkan.") % {"pemilihan": pemilihan.nama},
            tahapan=tahapan.value,
        )
    tahapan_check(jadwal, tahapan, on or today())


# --- registration ------------------------------------------------------------------------------


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


# --- documents ---------------------------------------------------------------------------------


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


# --- automatic checks (penelitian administrasi) ----------------------------------------------


def _temuan_json(hasil: HasilOtomatis) -> list[dict[str, Any]]:
    return [
        {
            "code": t.code,
            "severity": t.severity.value,
            "message_id": t.message_id,
            "params": dict(t.params),
            "field": t.field,
            "catatan_petugas": t.catatan_petugas,
            "syarat": SYARAT_BY_CODE[t.code].value,
        }
        for t in hasil.temuan
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Lookups:
    """What the checks of many applicants share: one query each, not one per applicant."""

    lain_by_digest: dict[str, list[tuple[int, str]]]
    partai_by_digest: dict[str, str]
    kecamatan: frozenset[str]

    def konteks(self, pendaftar: Pendaftar, on: date) -> KonteksPenelitian:
        lain = [
            label
            for pk, label in self.lain_by_digest.get(pendaftar.nik_digest, [])
            if pk != pendaftar.pk
        ]
        return KonteksPenelitian(
            desa=KodeWilayah(pendaftar.desa.kode),
            hari_pemungutan=pendaftar.pemilihan.hari_pemungutan,
            tanggal_penelitian=on,
            pendaftaran_lain=tuple(lain),
            partai=self.partai_by_digest.get(pendaftar.nik_digest),
            kecamatan_exists=self.kecamatan.__contains__,
        )


def _lookups(pemilihan: Pemilihan, digests: Sequence[str]) -> _Lookups:
    lain: dict[str, list[tuple[int, str]]] = defaultdict(list)
    same_nik = (
        Pendaftar.objects.filter(pemilihan=pemilihan, nik_digest__in=set(digests))
        .values_list("pk", "nik_digest", "badan", "nomor_pendaftaran", "tps_preferensi__kode")
        .order_by("pk")
    )
    for pk, digest, badan, nomor, tps_kode in same_nik:
        where = f"TPS {tps_kode}" if tps_kode else f"desa {nomor.split('-')[1]}"
        lain[digest].append((pk, f"{JenisBadan(badan).name} {where} ({nomor})"))
    partai = dict(
        _Partai.objects.filter(pemilihan=pemilihan, nik_digest__in=set(digests))
        .order_by("-partai")
        .values_list("nik_digest", "partai")
    )
    kecamatan = frozenset(
        KodeWilayah(k).digits
        for k in Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, tingkat=Tingkat.KECAMATAN
        ).values_list("kode", flat=True)
    )
    return _Lookups(lain_by_digest=dict(lain), partai_by_digest=partai, kecamatan=kecamatan)


def _data(pendaftar: Pendaftar, dokumen: frozenset[JenisDokumen]) -> DataPendaftar:
    return DataPendaftar(
        nik=nik_decrypt(pendaftar.nik_encrypted),
        tanggal_lahir=pendaftar.tanggal_lahir,
        jenis_kelamin=JenisKelamin(pendaftar.jenis_kelamin),
        domisili_desa=KodeWilayah(pendaftar.domisili_desa_kode),
        pendidikan=Pendidikan(pendaftar.pendidikan),
        dokumen=dokumen,
        menyatakan_tidak_terikat_perkawinan=pendaftar.pernyataan_tidak_terikat_perkawinan,
    )


def _hasil_build(
    pendaftar: Pendaftar, hasil: HasilOtomatis, *, actor: Actor, now: Any
) -> HasilPenelitian:
    return HasilPenelitian(
        pendaftar=pendaftar,
        temuan=_temuan_json(hasil),
        memenuhi_syarat=hasil.memenuhi_syarat,
        jumlah_error=len(hasil.errors),
        jumlah_warning=len(hasil.warnings),
        run_at=now,
        run_by=actor,
    )


@transaction.atomic
def penelitian_run(
    *, pendaftar: Pendaftar, actor: Actor, on: date | None = None
) -> HasilPenelitian:
    """Run the automatic checks on one applicant and store the findings as a new run.

    Duplicates are searched by NIK digest across every desa, TPS and body of the election, and
    the party list by digest. A registered applicant becomes ``diteliti``; the findings never
    set MS/TMS (the officer does, ``penilaian_record``).
    """
    on = on or today()
    dokumen = frozenset(
        JenisDokumen(j) for j in pendaftar.dokumen_set.values_list("jenis", flat=True)
    )
    lookups = _lookups(pendaftar.pemilihan, [pendaftar.nik_digest])
    hasil = penelitian_otomatis(_data(pendaftar, dokumen), lookups.konteks(pendaftar, on))
    now = timezone.now()
    row = _hasil_build(pendaftar, hasil, actor=actor, now=now)
    row.save()
    before = pendaftar.status
    if pendaftar.status == Pendaftar.Status.TERDAFTAR:
        pendaftar.status = Pendaftar.Status.DITELITI
        pendaftar.status_at = now
    pendaftar.diteliti_at = now
    pendaftar.save(update_fields=["status", "status_at", "diteliti_at"])
    audit_record(
        actor=actor,
        action="pendaftar.penelitian",
        target=pendaftar,
        wilayah_kode=pendaftar.desa.kode,
        before={"status": before},
        after={
            "status": pendaftar.status,
            "memenuhi_syarat_otomatis": hasil.memenuhi_syarat,
            "temuan": [t.code for t in hasil.temuan],
        },
    )
    return row


@dataclass(frozen=True, slots=True, kw_only=True)
class PenelitianBulkResult:
    jumlah: int
    lolos: int
    dengan_error: int


@transaction.atomic
def penelitian_run_bulk(
    *,
    pemilihan: Pemilihan,
    wilayah_kode: str | None,
    actor: Actor,
    on: date | None = None,
    progress: Progress | None = None,
) -> PenelitianBulkResult:
    """Run the automatic checks on every applicant of ``pemilihan`` in a region (all if None).

    The shared lookups (same NIK anywhere in the election, party list, kecamatan codes) are
    read once; one audit row records the run (ADR 0003). Raises InvalidInput for a bad code.
    """
    on = on or today()
    qs = Pendaftar.objects.filter(pemilihan=pemilihan).select_related("desa", "pemilihan")
    kode = ""
    if wilayah_kode:
        try:
            kode = KodeWilayah.parse(wilayah_kode).value
        except InvalidKodeWilayah as exc:
            raise _refuse(exc.message, "wilayah") from exc
        qs = qs.filter(desa_kode__startswith=KodeWilayah(kode).digits)
    pendaftar_list = list(qs.order_by("pk"))
    dokumen_by_pk: dict[int, set[JenisDokumen]] = defaultdict(set)
    for pk, jenis in DokumenPendaftar.objects.filter(pendaftar__in=qs).values_list(
        "pendaftar_id", "jenis"
    ):
        dokumen_by_pk[pk].add(JenisDokumen(jenis))
    lookups = _lookups(pemilihan, [p.nik_digest for p in pendaftar_list])
    now = timezone.now()
    rows: list[HasilPenelitian] = []
    for i, pendaftar in enumerate(pendaftar_list, start=1):
        data = _data(pendaftar, frozenset(dokumen_by_pk[pendaftar.pk]))
        rows.append(
            _hasil_build(
                pendaftar,
                penelitian_otomatis(data, lookups.konteks(pendaftar, on)),
                actor=actor,
                now=now,
            )
        )
        if progress is not None and i % 1000 == 0:
            progress("periksa", i, len(pendaftar_list))
    HasilPenelitian.objects.bulk_create(rows, batch_size=2000)
    qs.filter(status=Pendaftar.Status.TERDAFTAR).update(
        status=Pendaftar.Status.DITELITI, status_at=now
    )
    qs.update(diteliti_at=now)
    lolos = sum(1 for r in rows if r.memenuhi_syarat)
    result = PenelitianBulkResult(jumlah=len(rows), lolos=lolos, dengan_error=len(rows) - lolos)
    audit_record(
        actor=actor,
        action="pendaftar.penelitian_bulk",
        target=("pemilihan.pemilihan", str(pemilihan.pk)),
        wilayah_kode=kode,
        after={"jumlah": result.jumlah, "lolos": result.lolos, "dengan_error": result.dengan_error},
    )
    if progress is not None:
        progress("periksa", len(rows), len(rows))
    return result


# --- officer verdicts (MS / TMS) -----------------------------------------------------------------


def status_from_penilaian(hasil_by_syarat: Mapping[str, str]) -> str:
    """Return the applicant's status from the verdicts: MS only when every requirement is MS."""
    if any(h == PenilaianSyarat.Hasil.TMS for h in hasil_by_syarat.values()):
        if len(hasil_by_syarat) == len(Syarat):
            return Pendaftar.Status.TIDAK_MEMENUHI_SYARAT
        return Pendaftar.Status.DITELITI
    if len(hasil_by_syarat) == len(Syarat):
        return Pendaftar.Status.MEMENUHI_SYARAT
    return Pendaftar.Status.DITELITI


@transaction.atomic
def penilaian_record(
    *,
    pendaftar: Pendaftar,
    penilaian: Mapping[Syarat, tuple[str, str]],
    actor: User,
    on: date | None = None,
) -> Pendaftar:
    """Record the officer's verdicts, ``{syarat: (hasil "ms"/"tms", catatan)}``, and the status.

    The status becomes MS once every requirement is MS, TMS once every requirement has a
    verdict and one is TMS; otherwise ``diteliti``. The automatic findings are not consulted:
    they are shown beside the form, never overriding it. Raises TahapanClosed outside the
    research window and InvalidInput for an unknown verdict or a TMS without a note.
    """
    tahapan_require(pemilihan=pendaftar.pemilihan, tahapan=Tahapan.PENELITIAN_ADMINISTRASI, on=on)
    errors = []
    for syarat, (hasil, catatan) in penilaian.items():
        if hasil not in PenilaianSyarat.Hasil.values:
            errors.append(
                RowError(
                    row=None,
                    field=syarat.value,
                    message=_("%(syarat)s: pilih MS atau TMS.") % {"syarat": syarat.label},
                )
            )
        elif hasil == PenilaianSyarat.Hasil.TMS and not catatan.strip():
            errors.append(
                RowError(
                    row=None,
                    field=syarat.value,
                    message=_("%(syarat)s: TMS wajib disertai catatan.") % {"syarat": syarat.label},
                )
            )
    if errors:
        raise InvalidInput(errors[0].message, errors=errors)
    existing = {
        p.syarat: p for p in PenilaianSyarat.objects.select_for_update().filter(pendaftar=pendaftar)
    }
    now = timezone.now()
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for syarat, (hasil, catatan) in penilaian.items():
        row = existing.get(syarat.value)
        if row is not None and (row.hasil, row.catatan) == (hasil, catatan.strip()):
            continue
        before[syarat.value] = row.hasil if row is not None else ""
        after[syarat.value] = hasil
        if row is None:
            row = PenilaianSyarat(pendaftar=pendaftar, syarat=syarat.value)
            existing[syarat.value] = row
        row.hasil, row.catatan, row.petugas, row.dinilai_at = hasil, catatan.strip(), actor, now
        row.save()
    status = status_from_penilaian({k: v.hasil for k, v in existing.items()})
    if status != pendaftar.status:
        before["status"], after["status"] = pendaftar.status, status
        pendaftar.status, pendaftar.status_at = status, now
        pendaftar.save(update_fields=["status", "status_at"])
    if after:
        audit_record(
            actor=actor,
            action="pendaftar.penilaian",
            target=pendaftar,
            wilayah_kode=pendaftar.desa.kode,
            before=before,
            after=after,
        )
    return pendaftar


# --- public responses ------------------------------------------------------------------------


@transaction.atomic
def tanggapan_submit(
    *,
    pendaftar: Pendaftar,
    isi: str,
    pengirim_nama: str,
    pengirim_kontak: str,
    on: date | None = None,
) -> TanggapanMasyarakat:
    """Store a public response about an announced applicant, within the response window."""
    tahapan_require(pemilihan=pendaftar.pemilihan, tahapan=Tahapan.TANGGAPAN_MASYARAKAT, on=on)
    fields = {"isi": isi, "pengirim_nama": pengirim_nama, "pengirim_kontak": pengirim_kontak}
    errors = [
        RowError(row=None, field=name, message=_("Kolom ini wajib diisi."))
        for name, value in fields.items()
        if not value.strip()
    ]
    if errors:
        raise InvalidInput(errors[0].message, errors=errors)
    tanggapan = TanggapanMasyarakat.objects.create(
        pendaftar=pendaftar, **{k: v.strip() for k, v in fields.items()}
    )
    audit_record(
        actor=None,
        action="tanggapan.submit",
        target=tanggapan,
        wilayah_kode=pendaftar.desa.kode,
        after={"pendaftar": pendaftar.nomor_pendaftaran},
    )
    return tanggapan


@transaction.atomic
def tanggapan_resolve(
    *, tanggapan: TanggapanMasyarakat, klarifikasi: str, hasil: str, actor: User
) -> TanggapanMasyarakat:
    """Record the PPS's clarification of a response and its outcome (terbukti / tidak)."""
    if hasil not in TanggapanMasyarakat.Hasil.values:
        raise _refuse(_("Pilih hasil klarifikasi: terbukti atau tidak terbukti."), "hasil")
    if not klarifikasi.strip():
        raise _refuse(_("Klarifikasi wajib diisi."), "klarifikasi")
    before = {"hasil": tanggapan.hasil}
    tanggapan.klarifikasi, tanggapan.hasil = klarifikasi.strip(), hasil
    tanggapan.handled_by, tanggapan.handled_at = actor, timezone.now()
    tanggapan.save(update_fields=["klarifikasi", "hasil", "handled_by", "handled_at"])
    audit_record(
        actor=actor,
        action="tanggapan.resolve",
        target=tanggapan,
        wilayah_kode=tanggapan.pendaftar.desa.kode,
        before=before,
        after={"hasil": hasil, "pendaftar": tanggapan.pendaftar.nomor_pendaftaran},
    )
    return tanggapan
