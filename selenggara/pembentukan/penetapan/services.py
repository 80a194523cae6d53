"""Writes of the appointment half of KPPS formation: penetapan, SK, pelantikan, PAW, ketertiban.

PPS forms the KPPS of each TPS of its desa on behalf of KPU Kab/Kota (PKPU 8/2022 Pasal 18
and 28). Every service is atomic, audited with the desa as ``wilayah_kode``, names people by id
and masked NIK only, and is refused outside its stage's window when the election has a
schedule (``tahapan_check``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.accounts.models import User
from selenggara.core.audit import audit_record
from selenggara.core.domain.temuan import Temuan
from selenggara.core.errors import DomainError, InvalidInput, RowError
from selenggara.pembentukan.berkas import EXTENSION, UKURAN_MAKS, sniff
from selenggara.pembentukan.domain.nik import NIK, JenisKelamin, mask_nik
from selenggara.pembentukan.domain.penetapan import (
    ANGGOTA_PER_KPPS,
    PETUGAS_KETERTIBAN_PER_TPS,
    AlasanPAW,
    Calon,
    Kekurangan,
    KriteriaPeringkat,
    Penempatan,
    Peran,
    SusunanKPPS,
    kpps_pick,
    kriteria_parse,
    pengganti_pick,
)
from selenggara.pembentukan.domain.syarat import Pendidikan
from selenggara.pembentukan.domain.tahapan import JenisBadan, Tahapan, TahapanClosed, tahapan_check
from selenggara.pembentukan.messages import temuan_text
from selenggara.pembentukan.models import (
    SKKPPS,
    AnggotaKPPS,
    CadanganKPPS,
    KehadiranPelantikan,
    PelantikanKPPS,
    Pendaftar,
    PengaturanPenetapan,
    Penggantian,
    PetugasKetertiban,
)
from selenggara.pembentukan.penetapan.selectors import kriteria_peringkat_get, pendaftar_calon_list
from selenggara.pembentukan.personal import nik_digest, nik_encrypt
from selenggara.pembentukan.selectors import jadwal_get
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

# A PAW may happen from the appointment until the end of the term.
TAHAPAN_PAW = (Tahapan.PENETAPAN, Tahapan.PELANTIKAN, Tahapan.MASA_KERJA)


class KPPSSudahDitetapkan(DomainError):
    """The TPS already has its KPPS: changes go through PAW."""

    code = "kpps_sudah_ditetapkan"
    http_status = 409


class KPPSBelumLengkap(DomainError):
    """Fewer than 7 eligible applicants: the TPS is short and nothing is appointed."""

    code = "kpps_belum_lengkap"
    http_status = 409


class AnggotaTidakAktif(DomainError):
    code = "anggota_tidak_aktif"
    http_status = 409


@dataclass(frozen=True, slots=True, kw_only=True)
class Tambahan:
    """An eligible applicant from outside the TPS's pool (a neighbouring desa), and why."""

    pendaftar: Pendaftar
    alasan: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilPenetapan:
    anggota_list: list[AnggotaKPPS]
    cadangan_list: list[CadanganKPPS]
    peringatan: tuple[Temuan[str], ...]
    kekurangan_lokal: Kekurangan | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DataPetugas:
    """One Petugas Ketertiban TPS as entered by the PPS."""

    nama: str
    nik: str
    jenis_kelamin: JenisKelamin
    telepon: str = ""


def _today(on: date | None) -> date:
    return on if on is not None else timezone.localdate()


def jadwal_check(
    *,
    pemilihan: Pemilihan,
    tahapan_list: Sequence[Tahapan],
    on: date,
    badan: JenisBadan = JenisBadan.KPPS,
) -> None:
    """Refuse unless one of ``tahapan_list`` is open on ``on``; no schedule means no check.

    Raises TahapanClosed naming the last window tried.
    """
    jadwal = jadwal_get(pemilihan=pemilihan, badan=badan)
    if jadwal is None:
        return
    closed: TahapanClosed | None = None
    for tahapan in tahapan_list:
        try:
            tahapan_check(jadwal, tahapan, on)
        except TahapanClosed as exc:
            closed = exc
        else:
            return
    assert closed is not None  # noqa: S101 - tahapan_list is never empty
    raise closed


def calon_from(pendaftar: Pendaftar, *, skor: int | None = None) -> Calon:
    """Return the ranking's view of an applicant (``ref`` is the applicant's id)."""
    return Calon(
        ref=str(pendaftar.pk),
        jenis_kelamin=JenisKelamin(pendaftar.jenis_kelamin),
        tanggal_lahir=pendaftar.tanggal_lahir,
        pendidikan=Pendidikan(pendaftar.pendidikan),
        didaftar_pada=pendaftar.created_at,
        memenuhi_syarat=pendaftar.status == Pendaftar.Status.MEMENUHI_SYARAT,
        skor=skor,
    )


def susunan_propose(
    *,
    tps: TPS,
    pool: Sequence[Pendaftar],
    tambahan: Sequence[Pendaftar] = (),
    ketua: Pendaftar | None = None,
) -> SusunanKPPS:
    """Return the proposed KPPS of ``tps`` from its pool and any added applicants.

    Added applicants (neighbouring desa) rank after every eligible applicant of the pool: the
    pool gets score 1 and the added ones score 0, which ``calon_rank`` orders first. ⚠ Local
    priority is our reading of "diambil dari desa terdekat" when a TPS cannot be filled.
    """
    skor_lokal = 1 if tambahan else None
    calon = [calon_from(p, skor=skor_lokal) for p in pool]
    calon += [calon_from(p, skor=0) for p in tambahan]
    return kpps_pick(
        calon=calon,
        hari_pemungutan=tps.pemilihan.hari_pemungutan,
        ketua_ref=str(ketua.pk) if ketua is not None else None,
        kriteria=kriteria_peringkat_get(pemilihan=tps.pemilihan),
    )


@transaction.atomic
def kriteria_peringkat_set(
    *, pemilihan: Pemilihan, kriteria: Sequence[str], actor: User | None
) -> tuple[KriteriaPeringkat, ...]:
    """Set the election's ranking criteria (best first); audited with the old and new order.

    Raises KriteriaTidakSah for an unknown or repeated criterion, or none. Appointments
    already made keep their ranking; the new order applies to the next proposal.
    """
    parsed = kriteria_parse(kriteria)
    before = kriteria_peringkat_get(pemilihan=pemilihan)
    PengaturanPenetapan.objects.update_or_create(
        pemilihan=pemilihan,
        defaults={"kriteria_peringkat": [k.value for k in parsed], "updated_by": actor},
    )
    audit_record(
        actor=actor,
        action="penetapan.kriteria_peringkat",
        target=("pemilihan.pemilihan", str(pemilihan.pk)),
        before={"kriteria_peringkat": [k.value for k in before]},
        after={"kriteria_peringkat": [k.value for k in parsed]},
    )
    return parsed


def _tambahan_check(*, tps: TPS, tambahan: Sequence[Tambahan], pool: Sequence[Pendaftar]) -> None:
    pool_ids = {p.pk for p in pool}
    kabkota = KodeWilayah(tps.desa.kode).digits[:4]
    errors: list[RowError] = []
    for item in tambahan:
        p = item.pendaftar
        field = f"tambahan.{p.pk}"
        if p.pk in pool_ids:
            errors.append(RowError(row=None, field=field, message=_("Sudah calon TPS ini.")))
        elif p.pemilihan_id != tps.pemilihan_id or not p.desa_kode.startswith(kabkota):
            errors.append(
                RowError(row=None, field=field, message=_("Bukan pendaftar kabupaten/kota ini."))
            )
        elif p.status != Pendaftar.Status.MEMENUHI_SYARAT:
            errors.append(RowError(row=None, field=field, message=_("Belum memenuhi syarat.")))
        elif not item.alasan.strip():
            errors.append(
                RowError(row=None, field=field, message=_("Alasan mengambil dari desa lain wajib."))
            )
    placed = _placed_ids(pemilihan=tps.pemilihan, pendaftar_ids=[t.pendaftar.pk for t in tambahan])
    errors += [
        RowError(row=None, field=f"tambahan.{pk}", message=_("Sudah ditetapkan di TPS lain."))
        for pk in sorted(placed)
    ]
    if errors:
        raise InvalidInput(_("Pendaftar tambahan tidak dapat diambil."), errors=errors)


def _placed_ids(*, pemilihan: Pemilihan, pendaftar_ids: Collection[int]) -> set[int]:
    aktif = AnggotaKPPS.objects.filter(
        pemilihan=pemilihan, status=AnggotaKPPS.Status.AKTIF, pendaftar_id__in=pendaftar_ids
    ).values_list("pendaftar_id", flat=True)
    cadangan = CadanganKPPS.objects.filter(
        pemilihan=pemilihan, pendaftar_id__in=pendaftar_ids
    ).values_list("pendaftar_id", flat=True)
    return set(aktif) | set(cadangan)


def _posisi_by_ref(susunan: SusunanKPPS) -> dict[str, int]:
    """KPPS 1 is the ketua (Kep KPU 66/2024); the others take seats 2-7 in rank order."""
    posisi = {p.ref: 1 for p in susunan.anggota if p.peran is Peran.KETUA}
    others = [p for p in susunan.anggota if p.peran is not Peran.KETUA]
    posisi.update({p.ref: i for i, p in enumerate(others, start=2)})
    return posisi


@transaction.atomic
def kpps_tetapkan(
    *,
    tps: TPS,
    actor: User,
    ketua: Pendaftar | None = None,
    tambahan: Sequence[Tambahan] = (),
    on: date | None = None,
) -> HasilPenetapan:
    """Appoint the 7 members of ``tps`` (1 ketua) and store the ranked reserves.

    Warnings (fewer than 30 % women, members above 55) are returned, never blocking. Raises
    TahapanClosed outside the penetapan window, KPPSSudahDitetapkan when the TPS already has
    members, InvalidInput for an unusable added applicant, KetuaNotCandidate when ``ketua`` is
    not among the 7, and KPPSBelumLengkap (naming the cause) with fewer than 7 eligible.
    """
    pemilihan = tps.pemilihan
    jadwal_check(pemilihan=pemilihan, tahapan_list=(Tahapan.PENETAPAN,), on=_today(on))
    TPS.objects.select_for_update().filter(pk=tps.pk).first()
    if AnggotaKPPS.objects.filter(tps=tps, status=AnggotaKPPS.Status.AKTIF).exists():
        raise KPPSSudahDitetapkan(
            _("KPPS TPS ini sudah ditetapkan; perubahan melalui penggantian antarwaktu."),
            tps=tps.kode,
        )
    pool = pendaftar_calon_list(tps=tps)
    _tambahan_check(tps=tps, tambahan=tambahan, pool=pool)
    susunan = susunan_propose(
        tps=tps, pool=pool, tambahan=[t.pendaftar for t in tambahan], ketua=ketua
    )
    lokal = susunan_propose(tps=tps, pool=pool).kekurangan if tambahan else susunan.kekurangan
    if len(susunan.anggota) < ANGGOTA_PER_KPPS:
        pesan = temuan_text(susunan.kekurangan) if susunan.kekurangan else ""
        raise KPPSBelumLengkap(pesan, tps=tps.kode)
    return _kpps_store(tps=tps, actor=actor, susunan=susunan, tambahan=tambahan, lokal=lokal)


def _kpps_store(
    *,
    tps: TPS,
    actor: User,
    susunan: SusunanKPPS,
    tambahan: Sequence[Tambahan],
    lokal: Kekurangan | None,
) -> HasilPenetapan:
    now = timezone.now()
    alasan_by_pk = {t.pendaftar.pk: t.alasan.strip() for t in tambahan}
    posisi = _posisi_by_ref(susunan)
    sk = SKKPPS.objects.filter(pemilihan=tps.pemilihan, desa_id=tps.desa_id).first()
    desa_kode = tps.kode[:10]
    anggota_list = [
        AnggotaKPPS(
            pemilihan=tps.pemilihan,
            tps=tps,
            desa_kode=desa_kode,
            pendaftar_id=int(p.ref),
            peran=AnggotaKPPS.PeranChoices.KETUA
            if p.peran is Peran.KETUA
            else AnggotaKPPS.PeranChoices.ANGGOTA,
            posisi=posisi[p.ref],
            peringkat=p.peringkat,
            dari_desa_lain=int(p.ref) in alasan_by_pk,
            alasan_desa_lain=alasan_by_pk.get(int(p.ref), ""),
            sk=sk,
            ditetapkan_at=now,
            ditetapkan_by=actor,
        )
        for p in susunan.anggota
    ]
    for anggota in anggota_list:
        anggota.full_clean(validate_constraints=False)
    AnggotaKPPS.objects.bulk_create(anggota_list)
    cadangan_list = CadanganKPPS.objects.bulk_create(
        CadanganKPPS(
            pemilihan=tps.pemilihan,
            tps=tps,
            desa_kode=desa_kode,
            pendaftar_id=int(p.ref),
            peringkat=p.peringkat,
        )
        for p in susunan.cadangan
    )
    nik_by_pk = dict(
        Pendaftar.objects.filter(pk__in=[int(p.ref) for p in susunan.anggota]).values_list(
            "pk", "nik_masked"
        )
    )
    audit_record(
        actor=actor,
        action="kpps.tetapkan",
        target=tps,
        wilayah_kode=tps.desa.kode,
        after={
            "anggota": [
                {
                    "pendaftar": a.pendaftar_id,
                    "nik": nik_by_pk.get(a.pendaftar_id, ""),
                    "posisi": a.posisi,
                    "peran": a.peran,
                    "dari_desa_lain": a.dari_desa_lain,
                }
                for a in sorted(anggota_list, key=lambda a: a.posisi)
            ],
            "cadangan": [c.pendaftar_id for c in cadangan_list],
            "peringatan": [t.kode for t in susunan.peringatan],
        },
        reason="; ".join(f"{pk}: {alasan}" for pk, alasan in alasan_by_pk.items()),
    )
    return HasilPenetapan(
        anggota_list=sorted(anggota_list, key=lambda a: a.posisi),
        cadangan_list=list(cadangan_list),
        peringatan=susunan.peringatan,
        kekurangan_lokal=lokal,
    )


@transaction.atomic
def sk_kpps_set(
    *, pemilihan: Pemilihan, desa: Wilayah, nomor: str, tanggal: date, actor: User
) -> SKKPPS:
    """Record (or correct) the SK appointing the KPPS of ``desa`` and link its members.

    Raises InvalidInput without a number, TahapanClosed when ``tanggal`` is outside the
    penetapan window.
    """
    nomor = nomor.strip()
    if not nomor:
        raise InvalidInput(_("Nomor SK wajib diisi."), field="nomor")
    jadwal_check(pemilihan=pemilihan, tahapan_list=(Tahapan.PENETAPAN,), on=tanggal)
    sk = SKKPPS.objects.filter(pemilihan=pemilihan, desa=desa).first()
    before = {"nomor": sk.nomor, "tanggal": sk.tanggal} if sk is not None else None
    if sk is None:
        sk = SKKPPS(pemilihan=pemilihan, desa=desa, desa_kode=KodeWilayah(desa.kode).digits)
    sk.nomor, sk.tanggal = nomor, tanggal
    sk.ditetapkan_by, sk.ditetapkan_at = actor, timezone.now()
    sk.full_clean(validate_constraints=False)
    sk.save()
    linked = AnggotaKPPS.objects.filter(
        pemilihan=pemilihan, desa_kode=sk.desa_kode, status=AnggotaKPPS.Status.AKTIF, sk=None
    ).update(sk=sk)
    audit_record(
        actor=actor,
        action="kpps.sk_set",
        target=sk,
        wilayah_kode=desa.kode,
        before=before,
        after={"nomor": nomor, "tanggal": tanggal, "anggota_ditautkan": linked},
    )
    return sk


@transaction.atomic
def pelantikan_record(
    *,
    pemilihan: Pemilihan,
    desa: Wilayah,
    waktu: datetime,
    tempat: str,
    hadir_ids: Collection[int],
    actor: User,
) -> PelantikanKPPS:
    """Record the inauguration of the KPPS of ``desa`` and who of its active members attended.

    The inauguration must lie in the pelantikan window (it may be recorded later). Raises
    InvalidInput for a member id not of this desa, TahapanClosed outside the window.
    """
    jadwal_check(
        pemilihan=pemilihan,
        tahapan_list=(Tahapan.PELANTIKAN,),
        on=timezone.localdate(waktu),
    )
    desa_kode = KodeWilayah(desa.kode).digits
    anggota_list = list(
        AnggotaKPPS.objects.filter(
            pemilihan=pemilihan, desa_kode=desa_kode, status=AnggotaKPPS.Status.AKTIF
        )
    )
    unknown = set(hadir_ids) - {a.pk for a in anggota_list}
    if unknown:
        raise InvalidInput(_("Anggota KPPS tidak dikenal di desa ini."), ids=sorted(unknown))
    pelantikan, _created = PelantikanKPPS.objects.update_or_create(
        pemilihan=pemilihan,
        desa=desa,
        defaults={
            "desa_kode": desa_kode,
            "waktu": waktu,
            "tempat": tempat.strip(),
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    hadir_set = set(hadir_ids)
    KehadiranPelantikan.objects.filter(anggota__in=anggota_list).delete()
    KehadiranPelantikan.objects.bulk_create(
        KehadiranPelantikan(pelantikan=pelantikan, anggota=a, hadir=a.pk in hadir_set)
        for a in anggota_list
    )
    audit_record(
        actor=actor,
        action="kpps.pelantikan_record",
        target=pelantikan,
        wilayah_kode=desa.kode,
        after={
            "waktu": waktu,
            "tempat": pelantikan.tempat,
            "hadir": sorted(hadir_set),
            "tidak_hadir": sorted(a.pk for a in anggota_list if a.pk not in hadir_set),
        },
    )
    return pelantikan


def _bukti_check(bukti: UploadedFile) -> str:
    size = bukti.size or 0
    if size == 0 or size > UKURAN_MAKS:
        raise InvalidInput(_("Berkas bukti kosong atau lebih dari 2 MB."), field="bukti")
    bukti.seek(0)
    kind = sniff(bukti.read(16))
    bukti.seek(0)
    if kind is None:
        raise InvalidInput(_("Berkas bukti harus PDF, JPEG atau PNG."), field="bukti")
    return kind


@transaction.atomic
def paw_execute(
    *,
    anggota: AnggotaKPPS,
    alasan: AlasanPAW,
    keterangan: str,
    bukti: UploadedFile,
    tanggal: date,
    actor: User,
    on: date | None = None,
) -> Penggantian:
    """Replace ``anggota`` by the best-ranked unused reserve of its TPS (PKPU 8/2022 Pasal 43).

    The replacement inherits the seat and the role; the member replaced stays on record as
    ``diganti``. Raises AnggotaTidakAktif, InvalidInput (no note, bad evidence file),
    TahapanClosed outside the term, and CadanganHabis when no reserve is left.
    """
    jadwal_check(pemilihan=anggota.pemilihan, tahapan_list=TAHAPAN_PAW, on=_today(on))
    anggota = AnggotaKPPS.objects.select_for_update().select_related("tps__desa").get(pk=anggota.pk)
    if anggota.status != AnggotaKPPS.Status.AKTIF:
        raise AnggotaTidakAktif(_("Anggota ini sudah tidak aktif."), anggota=anggota.pk)
    if not keterangan.strip():
        raise InvalidInput(_("Keterangan penggantian wajib diisi."), field="keterangan")
    content_type = _bukti_check(bukti)
    cadangan_list = list(CadanganKPPS.objects.filter(tps=anggota.tps))
    penggantian = pengganti_pick(
        cadangan=[
            Penempatan(ref=str(c.pk), peringkat=c.peringkat, peran=None) for c in cadangan_list
        ],
        diganti=Penempatan(
            ref=str(anggota.pk), peringkat=anggota.posisi, peran=Peran(anggota.peran)
        ),
        alasan=alasan,
        tidak_tersedia={str(c.pk) for c in cadangan_list if c.dipakai_at is not None},
    )
    cadangan = next(c for c in cadangan_list if str(c.pk) == penggantian.pengganti.ref)
    return _paw_store(
        anggota=anggota,
        cadangan=cadangan,
        alasan=alasan,
        keterangan=keterangan.strip(),
        bukti=bukti,
        content_type=content_type,
        tanggal=tanggal,
        actor=actor,
    )


def _paw_store(
    *,
    anggota: AnggotaKPPS,
    cadangan: CadanganKPPS,
    alasan: AlasanPAW,
    keterangan: str,
    bukti: UploadedFile,
    content_type: str,
    tanggal: date,
    actor: User,
) -> Penggantian:
    now = timezone.now()
    anggota.status, anggota.berakhir_at = AnggotaKPPS.Status.DIGANTI, now
    anggota.save(update_fields=["status", "berakhir_at"])
    baru = AnggotaKPPS.objects.create(
        pemilihan=anggota.pemilihan,
        tps=anggota.tps,
        desa_kode=anggota.desa_kode,
        pendaftar_id=cadangan.pendaftar_id,
        peran=anggota.peran,
        posisi=anggota.posisi,
        peringkat=cadangan.peringkat,
        sk=anggota.sk,
        ditetapkan_at=now,
        ditetapkan_by=actor,
    )
    cadangan.dipakai_at = now
    cadangan.save(update_fields=["dipakai_at"])
    digest = _sha256(bukti)
    penggantian = Penggantian(
        pemilihan=anggota.pemilihan,
        tps=anggota.tps,
        desa_kode=anggota.desa_kode,
        anggota_lama=anggota,
        anggota_baru=baru,
        alasan=alasan.value,
        keterangan=keterangan,
        tanggal=tanggal,
        bukti_content_type=content_type,
        bukti_sha256=digest,
        created_by=actor,
        created_at=now,
    )
    penggantian.bukti.save(f"bukti{EXTENSION[content_type]}", bukti, save=False)
    penggantian.save()
    audit_record(
        actor=actor,
        action="kpps.paw",
        target=penggantian,
        wilayah_kode=anggota.tps.desa.kode,
        before={"anggota": anggota.pk, "pendaftar": anggota.pendaftar_id},
        after={
            "anggota": baru.pk,
            "pendaftar": baru.pendaftar_id,
            "posisi": baru.posisi,
            "peran": baru.peran,
            "alasan": alasan.value,
            "tanggal": tanggal,
            "bukti_sha256": digest,
        },
        reason=keterangan,
    )
    return penggantian


def _sha256(berkas: UploadedFile) -> str:
    import hashlib

    digest = hashlib.sha256()
    berkas.seek(0)
    for chunk in berkas.chunks():
        digest.update(chunk)
    berkas.seek(0)
    return digest.hexdigest()


def _petugas_check(*, tps: TPS, petugas: Sequence[DataPetugas]) -> list[tuple[DataPetugas, str]]:
    if len(petugas) != PETUGAS_KETERTIBAN_PER_TPS:
        raise InvalidInput(
            _("Petugas Ketertiban TPS harus %(n)d orang.") % {"n": PETUGAS_KETERTIBAN_PER_TPS},
            field="petugas",
        )
    errors: list[RowError] = []
    parsed: list[tuple[DataPetugas, str]] = []
    for row, data in enumerate(petugas, start=1):
        if not data.nama.strip():
            errors.append(RowError(row=row, field="nama", message=_("Nama wajib diisi.")))
        try:
            parsed.append((data, NIK.parse(data.nik).value))
        except DomainError as exc:
            errors.append(RowError(row=row, field="nik", message=exc.message))
    if len({nik for _d, nik in parsed}) < len(parsed):
        errors.append(RowError(row=None, field="nik", message=_("NIK kedua petugas sama.")))
    digests = [nik_digest(nik) for _d, nik in parsed]
    elsewhere = PetugasKetertiban.objects.filter(
        pemilihan=tps.pemilihan, status=PetugasKetertiban.Status.AKTIF, nik_digest__in=digests
    ).exclude(tps=tps)
    if elsewhere.exists():
        errors.append(
            RowError(row=None, field="nik", message=_("NIK sudah menjadi petugas di TPS lain."))
        )
    if errors:
        raise InvalidInput(_("Data Petugas Ketertiban TPS tidak valid."), errors=errors)
    return parsed


@transaction.atomic
def ketertiban_set(
    *, tps: TPS, petugas: Sequence[DataPetugas], actor: User, on: date | None = None
) -> list[PetugasKetertiban]:
    """Set the 2 Petugas Ketertiban TPS of ``tps``, replacing any current ones.

    Checked against the Petugas Ketertiban schedule (penetapan to the end of the term).
    Raises InvalidInput unless exactly two people with valid, distinct NIKs not already
    serving at another TPS are given.
    """
    jadwal_check(
        pemilihan=tps.pemilihan,
        tahapan_list=TAHAPAN_PAW,
        on=_today(on),
        badan=JenisBadan.PETUGAS_KETERTIBAN,
    )
    parsed = _petugas_check(tps=tps, petugas=petugas)
    current = PetugasKetertiban.objects.filter(tps=tps, status=PetugasKetertiban.Status.AKTIF)
    before = {"petugas": [(p.nomor, p.nik_masked) for p in current.order_by("nomor")]}
    current.update(status=PetugasKetertiban.Status.DIGANTI)
    now = timezone.now()
    created = PetugasKetertiban.objects.bulk_create(
        PetugasKetertiban(
            pemilihan=tps.pemilihan,
            tps=tps,
            desa_kode=tps.kode[:10],
            nomor=nomor,
            nama=data.nama.strip(),
            nik_encrypted=nik_encrypt(nik),
            nik_digest=nik_digest(nik),
            nik_masked=mask_nik(nik),
            jenis_kelamin=data.jenis_kelamin.value,
            telepon=data.telepon.strip(),
            ditetapkan_at=now,
            ditetapkan_by=actor,
        )
        for nomor, (data, nik) in enumerate(parsed, start=1)
    )
    audit_record(
        actor=actor,
        action="ketertiban.set",
        target=tps,
        wilayah_kode=tps.desa.kode,
        before=before if before["petugas"] else None,
        after={"petugas": [(p.nomor, p.nik_masked) for p in created]},
    )
    return created
