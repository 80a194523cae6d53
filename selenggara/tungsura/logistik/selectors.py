"""Reads of TPS logistics: ballots per TPS and contest (DPT + reserve) and the sealed boxes.

Ballots of one contest at a TPS = its DPT + the reserve of ``pemilihan.domain.cadangan``
(Pemilu 2 % of the TPS's DPT, rounded up unless the election says otherwise). A TPS receives
that many for every contest it votes in (``kontestasi_at``: DKI Jakarta has no DPRD Kab/Kota).

A desa or kecamatan is read TPS by TPS in three queries whatever its size; a kab/kota or
provinsi is a summary per child region, summed by the database (the reserve is computed per
TPS in SQL with the same integer rounding as the domain function).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.expressions import CombinedExpression, Expression
from django.db.models.functions import Cast, Substr

from selenggara.pemilihan.domain.cadangan import Pembulatan, cadangan_surat_suara
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan, kontestasi_at
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan
from selenggara.tungsura.models import KotakSuara
from selenggara.wilayah.domain.kode import KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

_PER = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Aturan:
    """The reserve rule of one election."""

    basis_poin: int
    pembulatan: Pembulatan

    @classmethod
    def of(cls, pemilihan: Pemilihan) -> Aturan:
        return cls(
            basis_poin=pemilihan.cadangan_basis_poin,
            pembulatan=Pembulatan(pemilihan.cadangan_pembulatan),
        )

    def cadangan(self, dpt: int) -> int:
        return cadangan_surat_suara(dpt=dpt, basis_poin=self.basis_poin, pembulatan=self.pembulatan)

    @property
    def persen(self) -> str:
        """The rate as printed: ``2``, ``2,5``."""
        whole, rest = divmod(self.basis_poin, 100)
        return f"{whole},{rest:02d}".rstrip("0").rstrip(",")


def kontestasi_held(pemilihan: Pemilihan) -> frozenset[JenisKontestasi]:
    """Return the contests ``pemilihan`` holds at all."""
    return frozenset(
        JenisKontestasi(j) for j in pemilihan.kontestasi_set.values_list("jenis", flat=True)
    )


def kontestasi_label(jenis: str) -> str:
    return str(Kontestasi.Jenis(jenis).label)


@dataclass(frozen=True, slots=True, kw_only=True)
class KotakBaris:
    """One contest at one TPS: its allocation and the sealed box as received (if recorded)."""

    jenis: JenisKontestasi
    surat_suara: int
    kotak: KotakSuara | None

    @property
    def label(self) -> str:
        return kontestasi_label(self.jenis)

    @property
    def selisih(self) -> int | None:
        """Received minus allocated; None until recorded."""
        if self.kotak is None:
            return None
        return self.kotak.surat_suara_diterima - self.surat_suara

    @property
    def segel_rusak(self) -> bool:
        return self.kotak is not None and self.kotak.kondisi_segel == KotakSuara.Kondisi.RUSAK

    @property
    def ditandai(self) -> bool:
        return self.segel_rusak or bool(self.selisih)


@dataclass(frozen=True, slots=True, kw_only=True)
class LogistikTPS:
    """One TPS: DPT, reserve, ballots per contest and its sealed boxes in ballot order."""

    tps: TPS
    cadangan: int
    kotak_list: list[KotakBaris]

    @property
    def dpt(self) -> int:
        return self.tps.dpt

    @property
    def surat_suara(self) -> int:
        """Ballots of each contest (the same for every contest of the TPS)."""
        return self.tps.dpt + self.cadangan

    @property
    def surat_suara_total(self) -> int:
        return self.surat_suara * len(self.kotak_list)

    def kotak_for(self, jenis: str) -> KotakBaris | None:
        return next((k for k in self.kotak_list if k.jenis == jenis), None)

    @property
    def kotak_dicatat(self) -> int:
        return sum(1 for k in self.kotak_list if k.kotak is not None)

    @property
    def kotak_ditandai(self) -> int:
        return sum(1 for k in self.kotak_list if k.ditandai)


@dataclass(frozen=True, slots=True, kw_only=True)
class Jumlah:
    """Totals over a set of TPS."""

    tps: int = 0
    dpt: int = 0
    cadangan: int = 0
    surat_suara_by_jenis: dict[str, int] = field(default_factory=dict)
    kotak: int = 0  # boxes expected: one per TPS and contest
    kotak_dicatat: int = 0
    kotak_ditandai: int = 0

    @property
    def surat_suara(self) -> int:
        return sum(self.surat_suara_by_jenis.values())

    def __add__(self, other: Jumlah) -> Jumlah:
        by_jenis = dict(self.surat_suara_by_jenis)
        for jenis, n in other.surat_suara_by_jenis.items():
            by_jenis[jenis] = by_jenis.get(jenis, 0) + n
        return Jumlah(
            tps=self.tps + other.tps,
            dpt=self.dpt + other.dpt,
            cadangan=self.cadangan + other.cadangan,
            surat_suara_by_jenis=by_jenis,
            kotak=self.kotak + other.kotak,
            kotak_dicatat=self.kotak_dicatat + other.kotak_dicatat,
            kotak_ditandai=self.kotak_ditandai + other.kotak_ditandai,
        )


def _jumlah_of(baris: LogistikTPS) -> Jumlah:
    return Jumlah(
        tps=1,
        dpt=baris.dpt,
        cadangan=baris.cadangan,
        surat_suara_by_jenis={k.jenis.value: baris.surat_suara for k in baris.kotak_list},
        kotak=len(baris.kotak_list),
        kotak_dicatat=baris.kotak_dicatat,
        kotak_ditandai=baris.kotak_ditandai,
    )


def jumlah_sum(items: Iterable[Jumlah]) -> Jumlah:
    """Return the sum of ``items`` (an empty Jumlah for none)."""
    total = Jumlah()
    for item in items:
        total = total + item
    return total


@dataclass(frozen=True, slots=True, kw_only=True)
class KelompokDesa:
    desa: Wilayah
    tps_list: list[LogistikTPS]
    jumlah: Jumlah


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisRingkasan:
    """One child region of a kab/kota or provinsi summary."""

    kode: str
    nama: str
    jumlah: Jumlah


@dataclass(frozen=True, slots=True, kw_only=True)
class LogistikWilayah:
    """The logistics of one region: per TPS (desa, kecamatan) or per child region (above)."""

    pemilihan: Pemilihan
    wilayah: Wilayah
    aturan: Aturan
    kontestasi: list[JenisKontestasi]  # the columns: every contest voted in the region
    kelompok_list: list[KelompokDesa]
    ringkasan_list: list[BarisRingkasan]
    jumlah: Jumlah

    @property
    def per_tps(self) -> bool:
        return self.wilayah.tingkat >= Tingkat.KECAMATAN

    @property
    def kontestasi_label_list(self) -> list[tuple[str, str]]:
        return [(j.value, kontestasi_label(j)) for j in self.kontestasi]


def _prefix(wilayah: Wilayah) -> str:
    return KodeWilayah(wilayah.kode).digits


def _kontestasi_for(
    pemilihan: Pemilihan, held: frozenset[JenisKontestasi], kode: str
) -> list[JenisKontestasi]:
    # kontestasi_at reads only the provinsi and the kind of kab/kota, so a kecamatan or
    # kab/kota code gives the contests of every TPS below it.
    return kontestasi_at(
        jenis=JenisPemilihan(pemilihan.jenis), held=held, desa=KodeWilayah.parse(kode)
    )


def _columns(
    found: Iterable[Sequence[JenisKontestasi]], held: frozenset[JenisKontestasi]
) -> list[JenisKontestasi]:
    present = {j for jenis_list in found for j in jenis_list}
    return [j for j in JenisKontestasi if j in present and j in held]


def logistik_tps_list(
    *, pemilihan: Pemilihan, tps_qs: QuerySet[TPS], held: frozenset[JenisKontestasi] | None = None
) -> list[LogistikTPS]:
    """Return the logistics of every TPS of ``tps_qs`` (two queries), in code order."""
    aturan = Aturan.of(pemilihan)
    held = kontestasi_held(pemilihan) if held is None else held
    tps_list = list(tps_qs.select_related("desa").order_by("kode"))
    kotak_by_key = {
        (k.tps_id, k.kontestasi.jenis): k
        for k in KotakSuara.objects.filter(tps__in=[t.pk for t in tps_list])
        .select_related("kontestasi", "dicatat_oleh")
        .order_by()
    }
    jenis_by_kabkota: dict[str, list[JenisKontestasi]] = {}
    rows = []
    for tps in tps_list:
        kabkota = tps.desa.kode[:5]
        if kabkota not in jenis_by_kabkota:
            jenis_by_kabkota[kabkota] = _kontestasi_for(pemilihan, held, tps.desa.kode)
        cadangan = aturan.cadangan(tps.dpt)
        rows.append(
            LogistikTPS(
                tps=tps,
                cadangan=cadangan,
                kotak_list=[
                    KotakBaris(
                        jenis=jenis,
                        surat_suara=tps.dpt + cadangan,
                        kotak=kotak_by_key.get((tps.pk, jenis.value)),
                    )
                    for jenis in jenis_by_kabkota[kabkota]
                ],
            )
        )
    return rows


def logistik_get_for_tps(*, tps: TPS) -> LogistikTPS:
    """Return the logistics of one TPS (got through ``tps_get_for_actor``)."""
    return logistik_tps_list(pemilihan=tps.pemilihan, tps_qs=TPS.objects.filter(pk=tps.pk))[0]


def logistik_get_for_wilayah(*, pemilihan: Pemilihan, wilayah: Wilayah) -> LogistikWilayah:
    """Return the logistics of ``wilayah`` (got through ``wilayah_get_for_laporan``).

    A desa or kecamatan lists every TPS grouped by desa with subtotals; a kab/kota or
    provinsi lists its children with their totals.
    """
    held = kontestasi_held(pemilihan)
    aturan = Aturan.of(pemilihan)
    if wilayah.tingkat >= Tingkat.KECAMATAN:
        rows = logistik_tps_list(
            pemilihan=pemilihan,
            tps_qs=TPS.objects.filter(pemilihan=pemilihan, kode__startswith=_prefix(wilayah)),
            held=held,
        )
        kelompok_list = _kelompok(rows)
        return LogistikWilayah(
            pemilihan=pemilihan,
            wilayah=wilayah,
            aturan=aturan,
            kontestasi=_columns(([k.jenis for k in r.kotak_list] for r in rows), held),
            kelompok_list=kelompok_list,
            ringkasan_list=[],
            jumlah=jumlah_sum(k.jumlah for k in kelompok_list),
        )
    ringkasan_list, kontestasi = _ringkasan(pemilihan=pemilihan, wilayah=wilayah, held=held)
    return LogistikWilayah(
        pemilihan=pemilihan,
        wilayah=wilayah,
        aturan=aturan,
        kontestasi=kontestasi,
        kelompok_list=[],
        ringkasan_list=ringkasan_list,
        jumlah=jumlah_sum(r.jumlah for r in ringkasan_list),
    )


def _kelompok(rows: list[LogistikTPS]) -> list[KelompokDesa]:
    by_desa: dict[str, list[LogistikTPS]] = {}
    for row in rows:
        by_desa.setdefault(row.tps.desa.kode, []).append(row)
    result = []
    for tps_rows in by_desa.values():
        tps_rows.sort(key=lambda r: r.tps.nomor)
        result.append(
            KelompokDesa(
                desa=tps_rows[0].tps.desa,
                tps_list=tps_rows,
                jumlah=jumlah_sum(_jumlah_of(r) for r in tps_rows),
            )
        )
    return result


# --- Summaries above the kecamatan: summed by the database ------------------------------------


def cadangan_expression(aturan: Aturan, dpt: str = "dpt") -> Expression:
    """Return SQL computing ``cadangan_surat_suara`` of column ``dpt`` (integer division).

    Mirrors the domain function exactly; a test compares the two over a range of DPT.
    """
    basis = Cast(Value(aturan.basis_poin), BigIntegerField())
    scaled = CombinedExpression(F(dpt), "*", basis, output_field=BigIntegerField())
    per = Cast(Value(_PER), BigIntegerField())
    if aturan.pembulatan is Pembulatan.KE_ATAS:
        numerator = scaled + Cast(Value(_PER - 1), BigIntegerField())
        return CombinedExpression(numerator, "/", per, output_field=BigIntegerField())
    if aturan.pembulatan is Pembulatan.KE_BAWAH:
        return CombinedExpression(scaled, "/", per, output_field=BigIntegerField())
    two = Cast(Value(2), BigIntegerField())
    numerator = scaled * two + per
    return CombinedExpression(numerator, "/", per * two, output_field=BigIntegerField())


def _ringkasan(
    *, pemilihan: Pemilihan, wilayah: Wilayah, held: frozenset[JenisKontestasi]
) -> tuple[list[BarisRingkasan], list[JenisKontestasi]]:
    aturan = Aturan.of(pemilihan)
    width = len(_prefix(wilayah)) + 2  # a kab/kota's children are 6 digits, a provinsi's 4
    tps_qs = TPS.objects.filter(pemilihan=pemilihan, kode__startswith=_prefix(wilayah))
    sums = (
        tps_qs.annotate(anak=Substr("kode", 1, width))
        .values("anak")
        .annotate(
            n=Count("pk"),
            dpt_sum=Sum("dpt"),
            cadangan_sum=Sum(cadangan_expression(aturan)),
        )
        .order_by("anak")
    )
    alokasi = F("tps__dpt") + cadangan_expression(aturan, "tps__dpt")
    kotak = (
        KotakSuara.objects.filter(tps__in=tps_qs)
        .annotate(anak=Substr("tps__kode", 1, width))
        .values("anak")
        .annotate(
            dicatat=Count("pk"),
            ditandai=Count(
                "pk",
                filter=Q(kondisi_segel=KotakSuara.Kondisi.RUSAK) | ~Q(surat_suara_diterima=alokasi),
            ),
        )
        .order_by()
    )
    kotak_by_anak = {row["anak"]: row for row in kotak}
    children = {
        KodeWilayah.parse(w.kode).digits: w
        for w in Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, induk_kode=wilayah.kode
        )
    }
    rows = []
    found = []
    for row in sums:
        child = children.get(row["anak"])
        kode = child.kode if child else KodeWilayah.parse(row["anak"]).value
        jenis_list = _kontestasi_for(pemilihan, held, kode)
        found.append(jenis_list)
        ballots = row["dpt_sum"] + row["cadangan_sum"]
        counted = kotak_by_anak.get(row["anak"], {})
        rows.append(
            BarisRingkasan(
                kode=kode,
                nama=child.nama if child else kode,
                jumlah=Jumlah(
                    tps=row["n"],
                    dpt=row["dpt_sum"],
                    cadangan=row["cadangan_sum"],
                    surat_suara_by_jenis={j.value: ballots for j in jenis_list},
                    kotak=row["n"] * len(jenis_list),
                    kotak_dicatat=counted.get("dicatat", 0),
                    kotak_ditandai=counted.get("ditandai", 0),
                ),
            )
        )
    return rows, _columns(found, held)
