"""Reads of the appointment half: candidate pools, rosters per desa, progress and honoraria.

Every read of a region is a constant number of aggregate queries (no per-row query), so the
progress of a kabupaten with 3,000 TPS costs the same as that of one desa.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr

from selenggara.pembentukan.domain.honorarium import (
    TARIF_HONORARIUM,
    Anggaran,
    BarisSantunan,
    Jabatan,
    TarifHonorarium,
    anggaran,
    jumlah_jabatan,
    santunan_list,
)
from selenggara.pembentukan.domain.penetapan import (
    ANGGOTA_PER_KPPS,
    KRITERIA_BAKU,
    PETUGAS_KETERTIBAN_PER_TPS,
    KriteriaPeringkat,
    kriteria_parse,
)
from selenggara.pembentukan.domain.tahapan import JadwalPembentukan, Tahapan
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
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

# Digits of a child's undotted code, by the parent's level (0 = the nation).
_CHILD_DIGITS = {0: 2, 1: 4, 2: 6, 3: 10}
TANPA_TPS = "-"


def _digits(wilayah: Wilayah | None) -> str:
    return KodeWilayah(wilayah.kode).digits if wilayah is not None else ""


def kriteria_peringkat_get(*, pemilihan: Pemilihan) -> tuple[KriteriaPeringkat, ...]:
    """Return the election's ranking criteria, or the documented default when it set none."""
    stored = (
        PengaturanPenetapan.objects.filter(pemilihan=pemilihan)
        .values_list("kriteria_peringkat", flat=True)
        .first()
    )
    return kriteria_parse(stored) if stored else KRITERIA_BAKU


def pendaftar_calon_list(*, tps: TPS) -> list[Pendaftar]:
    """Return the pool of ``tps``: applicants of its desa who chose it or no TPS, in any
    status, less those already a member or a reserve of another TPS of the election."""
    placed_anggota = AnggotaKPPS.objects.filter(
        pemilihan_id=tps.pemilihan_id, status=AnggotaKPPS.Status.AKTIF
    ).exclude(tps=tps)
    placed_cadangan = CadanganKPPS.objects.filter(pemilihan_id=tps.pemilihan_id).exclude(tps=tps)
    return list(
        Pendaftar.objects.filter(pemilihan_id=tps.pemilihan_id, badan="kpps", desa_id=tps.desa_id)
        .filter(Q(tps_preferensi=tps) | Q(tps_preferensi__isnull=True))
        .exclude(pk__in=placed_anggota.values("pendaftar_id"))
        .exclude(pk__in=placed_cadangan.values("pendaftar_id"))
        .order_by("pk")
    )


def calon_tetangga_list(*, tps: TPS) -> list[Pendaftar]:
    """Return eligible applicants of the other desa of the TPS's kecamatan not yet placed.

    Shown to the PPS only when its TPS is short (issue 4: "take an eligible applicant from a
    neighbouring desa"); name, desa and masked NIK are shown, nothing else. ⚠ We have no
    adjacency data, so "neighbouring" is read as "in the same kecamatan".
    """
    kecamatan = tps.kode[:6]
    placed_anggota = AnggotaKPPS.objects.filter(
        pemilihan_id=tps.pemilihan_id, status=AnggotaKPPS.Status.AKTIF
    )
    placed_cadangan = CadanganKPPS.objects.filter(pemilihan_id=tps.pemilihan_id)
    return list(
        Pendaftar.objects.filter(
            pemilihan_id=tps.pemilihan_id,
            badan="kpps",
            desa_kode__startswith=kecamatan,
            status=Pendaftar.Status.MEMENUHI_SYARAT,
        )
        .exclude(desa_id=tps.desa_id)
        .exclude(pk__in=placed_anggota.values("pendaftar_id"))
        .exclude(pk__in=placed_cadangan.values("pendaftar_id"))
        .select_related("desa")
        .order_by("desa_kode", "nama", "pk")
    )


def anggota_list_of_tps(*, tps: TPS) -> list[AnggotaKPPS]:
    """Return the active members of ``tps`` by seat, with their applicant."""
    return list(
        AnggotaKPPS.objects.filter(tps=tps, status=AnggotaKPPS.Status.AKTIF)
        .select_related("pendaftar")
        .order_by("posisi")
    )


def cadangan_list_of_tps(*, tps: TPS) -> list[CadanganKPPS]:
    return list(
        CadanganKPPS.objects.filter(tps=tps).select_related("pendaftar").order_by("peringkat")
    )


def penggantian_list_of_tps(*, tps: TPS) -> list[Penggantian]:
    return list(
        Penggantian.objects.filter(tps=tps)
        .select_related("anggota_lama__pendaftar", "anggota_baru__pendaftar")
        .order_by("created_at", "pk")
    )


def ketertiban_list_of_tps(*, tps: TPS) -> list[PetugasKetertiban]:
    return list(
        PetugasKetertiban.objects.filter(tps=tps, status=PetugasKetertiban.Status.AKTIF).order_by(
            "nomor"
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSRoster:
    tps: TPS
    anggota_list: list[AnggotaKPPS]
    ketertiban_list: list[PetugasKetertiban]
    hadir_by_anggota: dict[int, bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class DesaRoster:
    pemilihan: Pemilihan
    desa: Wilayah
    kecamatan: Wilayah | None
    kabkota: Wilayah | None
    sk: SKKPPS | None
    pelantikan: PelantikanKPPS | None
    tps_list: list[TPSRoster]

    @property
    def jumlah_anggota(self) -> int:
        return sum(len(t.anggota_list) for t in self.tps_list)


def desa_roster_get(*, pemilihan: Pemilihan, desa: Wilayah) -> DesaRoster:
    """Return every TPS of ``desa`` with its active members, officers and attendance."""
    digits = _digits(desa)
    tps_list = list(TPS.objects.filter(pemilihan=pemilihan, desa=desa).order_by("nomor"))
    anggota_by_tps: dict[int, list[AnggotaKPPS]] = defaultdict(list)
    for a in (
        AnggotaKPPS.objects.filter(
            pemilihan=pemilihan, desa_kode=digits, status=AnggotaKPPS.Status.AKTIF
        )
        .select_related("pendaftar")
        .order_by("posisi")
    ):
        anggota_by_tps[a.tps_id].append(a)
    ketertiban_by_tps: dict[int, list[PetugasKetertiban]] = defaultdict(list)
    for p in PetugasKetertiban.objects.filter(
        pemilihan=pemilihan, desa_kode=digits, status=PetugasKetertiban.Status.AKTIF
    ).order_by("nomor"):
        ketertiban_by_tps[p.tps_id].append(p)
    hadir = dict(
        KehadiranPelantikan.objects.filter(
            pelantikan__pemilihan=pemilihan, pelantikan__desa=desa
        ).values_list("anggota_id", "hadir")
    )
    parents = {
        w.kode: w
        for w in Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, kode__in=[desa.kode[:5], desa.kode[:8]]
        )
    }
    return DesaRoster(
        pemilihan=pemilihan,
        desa=desa,
        kecamatan=parents.get(desa.kode[:8]),
        kabkota=parents.get(desa.kode[:5]),
        sk=SKKPPS.objects.filter(pemilihan=pemilihan, desa=desa).first(),
        pelantikan=PelantikanKPPS.objects.filter(pemilihan=pemilihan, desa=desa).first(),
        tps_list=[
            TPSRoster(
                tps=t,
                anggota_list=anggota_by_tps.get(t.pk, []),
                ketertiban_list=ketertiban_by_tps.get(t.pk, []),
                hadir_by_anggota={
                    a.pk: hadir[a.pk] for a in anggota_by_tps.get(t.pk, []) if a.pk in hadir
                },
            )
            for t in tps_list
        ],
    )


# --- Progress -----------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Progres:
    """Counts of one row of the progress dashboard (a child region, a TPS, or the total)."""

    kode: str
    nama: str
    tps: int = 0
    pendaftar: int = 0
    diteliti: int = 0
    memenuhi_syarat: int = 0
    ditetapkan: int = 0
    dilantik: int = 0
    ketertiban: int = 0
    tps_lengkap: int = 0
    terlambat: list[str] = field(default_factory=list)

    @property
    def dibutuhkan(self) -> int:
        return self.tps * ANGGOTA_PER_KPPS

    @property
    def ketertiban_dibutuhkan(self) -> int:
        return self.tps * PETUGAS_KETERTIBAN_PER_TPS

    def persen(self, bagian: int, dari: int) -> int:
        return min(100, bagian * 100 // dari) if dari else 0

    @property
    def persen_diteliti(self) -> int:
        return self.persen(self.diteliti, self.pendaftar)

    @property
    def persen_memenuhi(self) -> int:
        return self.persen(self.memenuhi_syarat, self.dibutuhkan)

    @property
    def persen_ditetapkan(self) -> int:
        return self.persen(self.ditetapkan, self.dibutuhkan)

    @property
    def persen_dilantik(self) -> int:
        return self.persen(self.dilantik, self.dibutuhkan)

    def add(self, other: Progres) -> None:
        for name in (
            "tps",
            "pendaftar",
            "diteliti",
            "memenuhi_syarat",
            "ditetapkan",
            "dilantik",
            "ketertiban",
            "tps_lengkap",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def terlambat_list(progres: Progres, jadwal: JadwalPembentukan | None, on: date) -> list[str]:
    """Return the stages whose window has closed on ``on`` with work still open."""
    if jadwal is None:
        return []
    checks = (
        (Tahapan.PENELITIAN_ADMINISTRASI, progres.diteliti < progres.pendaftar),
        (Tahapan.PENETAPAN, progres.ditetapkan < progres.dibutuhkan),
        (Tahapan.PELANTIKAN, progres.dilantik < progres.ditetapkan),
    )
    late = []
    for tahapan, open_work in checks:
        jendela = jadwal.jendela(tahapan)
        if jendela is not None and on > jendela.selesai and open_work:
            late.append(tahapan.label)
    return late


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgresPage:
    pemilihan: Pemilihan
    wilayah: Wilayah | None
    per_tps: bool
    baris: list[Progres]
    total: Progres


def _group(qs: QuerySet[Any], key: str, **aggregates: Count) -> dict[str, dict[str, int]]:
    rows = qs.values(k=F(key)).annotate(**aggregates)
    return {
        str(r["k"]) if r["k"] is not None else TANPA_TPS: {
            name: int(r[name] or 0) for name in aggregates
        }
        for r in rows
    }


def progres_get(
    *,
    pemilihan: Pemilihan,
    wilayah: Wilayah | None,
    jadwal: JadwalPembentukan | None,
    on: date,
) -> ProgresPage:
    """Return the formation progress below ``wilayah`` (the nation when None): one row per
    child region, or per TPS for a desa, plus the total; a constant number of queries."""
    prefix = _digits(wilayah)
    tingkat = wilayah.tingkat if wilayah is not None else 0
    per_tps = tingkat >= 4
    width = _CHILD_DIGITS.get(tingkat, 10)
    pendaftar = Pendaftar.objects.filter(
        pemilihan=pemilihan, badan="kpps", desa_kode__startswith=prefix
    )
    anggota = AnggotaKPPS.objects.filter(
        pemilihan=pemilihan, status=AnggotaKPPS.Status.AKTIF, desa_kode__startswith=prefix
    )
    ketertiban = PetugasKetertiban.objects.filter(
        pemilihan=pemilihan, status=PetugasKetertiban.Status.AKTIF, desa_kode__startswith=prefix
    )
    hadir = KehadiranPelantikan.objects.filter(
        anggota__pemilihan=pemilihan,
        anggota__status=AnggotaKPPS.Status.AKTIF,
        anggota__desa_kode__startswith=prefix,
        hadir=True,
    )
    tps_qs = TPS.objects.filter(pemilihan=pemilihan, kode__startswith=prefix)
    if per_tps:
        keys = ("tps_preferensi__kode", "tps__kode", "tps__kode", "anggota__tps__kode", "kode")
    else:
        pendaftar = pendaftar.annotate(grp=Substr("desa_kode", 1, width))
        anggota = anggota.annotate(grp=Substr("desa_kode", 1, width))
        ketertiban = ketertiban.annotate(grp=Substr("desa_kode", 1, width))
        hadir = hadir.annotate(grp=Substr("anggota__desa_kode", 1, width))
        tps_qs = tps_qs.annotate(grp=Substr("kode", 1, width))
        keys = ("grp", "grp", "grp", "grp", "grp")
    counts_pendaftar = _group(
        pendaftar,
        keys[0],
        pendaftar=Count("pk"),
        diteliti=Count("pk", filter=~Q(status=Pendaftar.Status.TERDAFTAR)),
        memenuhi_syarat=Count("pk", filter=Q(status=Pendaftar.Status.MEMENUHI_SYARAT)),
    )
    counts_anggota = _group(anggota, keys[1], ditetapkan=Count("pk"))
    counts_ketertiban = _group(ketertiban, keys[2], ketertiban=Count("pk"))
    counts_hadir = _group(hadir, keys[3], dilantik=Count("pk"))
    counts_tps = _group(tps_qs, keys[4], tps=Count("pk"))
    lengkap = _tps_lengkap_list(
        anggota_qs=AnggotaKPPS.objects.filter(
            pemilihan=pemilihan, status=AnggotaKPPS.Status.AKTIF, desa_kode__startswith=prefix
        )
    )
    names = _row_names(pemilihan=pemilihan, wilayah=wilayah, per_tps=per_tps, prefix=prefix)
    if per_tps and TANPA_TPS in counts_pendaftar:
        names[TANPA_TPS] = "Tanpa pilihan TPS"
    baris = []
    total = Progres(kode=prefix, nama=wilayah.nama if wilayah else "Nasional")
    for kode, nama in names.items():
        row = Progres(kode=kode, nama=nama)
        for counts in (
            counts_pendaftar,
            counts_anggota,
            counts_ketertiban,
            counts_hadir,
            counts_tps,
        ):
            for name, value in counts.get(kode, {}).items():
                setattr(row, name, value)
        row.tps_lengkap = sum(1 for t in lengkap if t.startswith(kode))
        baris.append(row)
        total.add(row)
    for row in [*baris, total]:
        row.terlambat = terlambat_list(row, jadwal, on)
    return ProgresPage(
        pemilihan=pemilihan, wilayah=wilayah, per_tps=per_tps, baris=baris, total=total
    )


def _tps_lengkap_list(*, anggota_qs: QuerySet[AnggotaKPPS]) -> list[str]:
    """Return the codes of the TPS with all 7 seats filled."""
    return list(
        anggota_qs.values("tps__kode")
        .annotate(n=Count("pk"))
        .filter(n__gte=ANGGOTA_PER_KPPS)
        .values_list("tps__kode", flat=True)
    )


def _row_names(
    *, pemilihan: Pemilihan, wilayah: Wilayah | None, per_tps: bool, prefix: str
) -> dict[str, str]:
    if per_tps:
        return {
            kode: f"TPS {nomor:03d}"
            for kode, nomor in TPS.objects.filter(pemilihan=pemilihan, kode__startswith=prefix)
            .order_by("nomor")
            .values_list("kode", "nomor")
        }
    children = Wilayah.objects.filter(
        versi_id=pemilihan.versi_wilayah_id, induk_kode=wilayah.kode if wilayah else ""
    ).order_by("kode")
    return {KodeWilayah(w.kode).digits: w.nama for w in children}


# --- Honorarium ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisHonorarium:
    kecamatan: str
    desa_kode: str
    desa: str
    tps: int
    orang: Mapping[Jabatan, int]
    anggaran: Anggaran

    @property
    def total(self) -> int:
        return self.anggaran.total


@dataclass(frozen=True, slots=True, kw_only=True)
class KelompokHonorarium:
    kecamatan_kode: str
    kecamatan: str
    baris: list[BarisHonorarium]
    subtotal: Anggaran
    tps: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RekapHonorarium:
    pemilihan: Pemilihan
    wilayah: Wilayah
    tarif: TarifHonorarium | None
    bulan: int
    kelompok: list[KelompokHonorarium]
    total: Anggaran | None
    kebutuhan: Anggaran | None  # every TPS fully staffed
    tps: int
    # Santunan per case for every ad hoc member counted (Kep KPU 59/2023, S-647/MK.02/2022),
    # and how many people of the region they cover: active KPPS and Petugas Ketertiban TPS.
    santunan: tuple[BarisSantunan, ...]
    orang_santunan: int


def tarif_for(pemilihan: Pemilihan) -> TarifHonorarium | None:
    """Return the rates of the election (by its code, e.g. ``pemilu-2024``), or None."""
    return TARIF_HONORARIUM.get(pemilihan.kode)


def _counts_by_desa(*, pemilihan: Pemilihan, prefix: str) -> dict[str, dict[Jabatan, int]]:
    counts: dict[str, dict[Jabatan, int]] = defaultdict(lambda: dict.fromkeys(Jabatan, 0))
    for row in (
        AnggotaKPPS.objects.filter(
            pemilihan=pemilihan, status=AnggotaKPPS.Status.AKTIF, desa_kode__startswith=prefix
        )
        .values("desa_kode", "peran")
        .annotate(n=Count("pk"))
    ):
        jabatan = Jabatan.KETUA_KPPS if row["peran"] == "ketua" else Jabatan.ANGGOTA_KPPS
        counts[row["desa_kode"]][jabatan] += row["n"]
    for row in (
        PetugasKetertiban.objects.filter(
            pemilihan=pemilihan,
            status=PetugasKetertiban.Status.AKTIF,
            desa_kode__startswith=prefix,
        )
        .values("desa_kode")
        .annotate(n=Count("pk"))
    ):
        counts[row["desa_kode"]][Jabatan.PETUGAS_KETERTIBAN] += row["n"]
    return counts


def _sum_counts(items: Iterable[Mapping[Jabatan, int]]) -> dict[Jabatan, int]:
    total = dict.fromkeys(Jabatan, 0)
    for item in items:
        for jabatan, n in item.items():
            total[jabatan] += n
    return total


def honorarium_rekap(*, pemilihan: Pemilihan, wilayah: Wilayah, bulan: int = 1) -> RekapHonorarium:
    """Return the honorarium budget of ``wilayah``: one line per desa with appointed people,
    grouped per kecamatan with subtotals, and the budget if every TPS were fully staffed."""
    prefix = _digits(wilayah)
    tarif = tarif_for(pemilihan)
    counts = _counts_by_desa(pemilihan=pemilihan, prefix=prefix)
    tps_by_desa = {
        r["d"]: r["n"]
        for r in TPS.objects.filter(pemilihan=pemilihan, kode__startswith=prefix)
        .annotate(d=Substr("kode", 1, 10))
        .values("d")
        .annotate(n=Count("pk"))
    }
    jumlah_tps = sum(tps_by_desa.values())
    orang = sum(_sum_counts(counts.values()).values())
    if tarif is None:
        return RekapHonorarium(
            pemilihan=pemilihan,
            wilayah=wilayah,
            tarif=None,
            bulan=bulan,
            kelompok=[],
            total=None,
            kebutuhan=None,
            tps=jumlah_tps,
            santunan=santunan_list(),
            orang_santunan=orang,
        )
    names = {
        KodeWilayah(w.kode).digits: w.nama
        for w in Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, kode__startswith=wilayah.kode, tingkat__gte=3
        ).only("kode", "nama")
    }
    by_kecamatan: dict[str, list[BarisHonorarium]] = defaultdict(list)
    for desa_kode in sorted(counts):
        by_kecamatan[desa_kode[:6]].append(
            BarisHonorarium(
                kecamatan=names.get(desa_kode[:6], desa_kode[:6]),
                desa_kode=desa_kode,
                desa=names.get(desa_kode, desa_kode),
                tps=tps_by_desa.get(desa_kode, 0),
                orang=counts[desa_kode],
                anggaran=anggaran(counts[desa_kode], tarif, bulan),
            )
        )
    kelompok = [
        KelompokHonorarium(
            kecamatan_kode=kec,
            kecamatan=names.get(kec, kec),
            baris=rows,
            subtotal=anggaran(_sum_counts(r.orang for r in rows), tarif, bulan),
            tps=sum(r.tps for r in rows),
        )
        for kec, rows in sorted(by_kecamatan.items())
    ]
    return RekapHonorarium(
        pemilihan=pemilihan,
        wilayah=wilayah,
        tarif=tarif,
        bulan=bulan,
        kelompok=kelompok,
        total=anggaran(_sum_counts(counts.values()), tarif, bulan),
        kebutuhan=anggaran(jumlah_jabatan(tps=jumlah_tps), tarif, bulan),
        tps=jumlah_tps,
        santunan=santunan_list(),
        orang_santunan=orang,
    )


# --- The applicant's own path after screening -----------------------------------------------


class JenisLangkah:
    """Codes of the steps on the applicant's status page (templates switch on them)."""

    CADANGAN = "cadangan"
    DITETAPKAN = "ditetapkan"
    PENGGANTI = "pengganti"
    DILANTIK = "dilantik"
    TIDAK_HADIR = "tidak_hadir"
    DIGANTI = "diganti"


@dataclass(frozen=True, slots=True, kw_only=True)
class Langkah:
    """One step of an applicant after screening, derived from the appointment rows."""

    kode: str
    tps_nomor: int
    peran_label: str = ""
    posisi: int | None = None
    peringkat: int | None = None
    sk_nomor: str = ""
    sk_tanggal: date | None = None
    tanggal: date | None = None  # a datetime where the row has one (shown in local time)
    alasan_label: str = ""
    dipakai: bool = False


def _reverse_one(obj: object, name: str) -> Any:
    """A reverse one-to-one that may be absent (None instead of DoesNotExist)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def pendaftar_langkah_list(*, pendaftar: Pendaftar) -> list[Langkah]:
    """Return what happened to ``pendaftar`` after screening, in order: placed on a reserve
    list, appointed (or appointed as a PAW replacement), inaugurated, replaced.

    Derived from CadanganKPPS, AnggotaKPPS, Penggantian and KehadiranPelantikan: no status
    column is duplicated, so the page can never disagree with the roster. Three queries.
    """
    langkah: list[Langkah] = []
    cadangan = (
        CadanganKPPS.objects.filter(pemilihan_id=pendaftar.pemilihan_id, pendaftar=pendaftar)
        .select_related("tps")
        .first()
    )
    if cadangan is not None:
        langkah.append(
            Langkah(
                kode=JenisLangkah.CADANGAN,
                tps_nomor=cadangan.tps.nomor,
                peringkat=cadangan.peringkat,
                tanggal=cadangan.dipakai_at,
                dipakai=cadangan.dipakai_at is not None,
            )
        )
    anggota_qs = (
        AnggotaKPPS.objects.filter(pemilihan_id=pendaftar.pemilihan_id, pendaftar=pendaftar)
        .select_related(
            "tps", "sk", "penggantian_masuk", "penggantian_keluar", "kehadiran__pelantikan"
        )
        .order_by("ditetapkan_at", "pk")
    )
    for anggota in anggota_qs:
        peran_label = str(anggota.get_peran_display())
        masuk: Penggantian | None = _reverse_one(anggota, "penggantian_masuk")
        langkah.append(
            Langkah(
                kode=JenisLangkah.PENGGANTI if masuk else JenisLangkah.DITETAPKAN,
                tps_nomor=anggota.tps.nomor,
                peran_label=peran_label,
                posisi=anggota.posisi,
                sk_nomor=anggota.sk.nomor if anggota.sk else "",
                sk_tanggal=anggota.sk.tanggal if anggota.sk else None,
                tanggal=masuk.tanggal if masuk else anggota.ditetapkan_at,
                alasan_label=masuk.get_alasan_display() if masuk else "",
            )
        )
        kehadiran: KehadiranPelantikan | None = _reverse_one(anggota, "kehadiran")
        if kehadiran is not None:
            langkah.append(
                Langkah(
                    kode=JenisLangkah.DILANTIK if kehadiran.hadir else JenisLangkah.TIDAK_HADIR,
                    tps_nomor=anggota.tps.nomor,
                    peran_label=peran_label,
                    tanggal=kehadiran.pelantikan.waktu,
                )
            )
        keluar: Penggantian | None = _reverse_one(anggota, "penggantian_keluar")
        if keluar is not None:
            langkah.append(
                Langkah(
                    kode=JenisLangkah.DIGANTI,
                    tps_nomor=anggota.tps.nomor,
                    peran_label=peran_label,
                    tanggal=keluar.tanggal,
                    alasan_label=keluar.get_alasan_display(),
                )
            )
    return langkah
