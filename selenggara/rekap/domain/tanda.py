"""Flags on the TPS of a region, as Kawal Pemilu's "janggal" marks, each with its reason.

Each flag names one TPS and one contest, so it links to that TPS's C.Hasil; the selectors count
them per region (a kecamatan shows how many of its TPS carry each flag). The wording lives in
``rekap/messages.py``; here only the codes and the numbers behind them.

Beyond the form's own arithmetic (tungsura's checks):
- turnout above 100 % of the TPS's DPT (voters from DPTb and DPK are few; more users of the
  vote than the register holds is worth a look, domain.md 3.4 rule 10);
- valid plus invalid votes above the TPS cap plus the reserve (rule 13);
- a TPS far out of line with the other TPS of its desa: for each participant, its share of the
  valid votes is compared with the desa's median by the modified z-score
  0.6745 * (x - median) / MAD (Iglewicz and Hoaglin, 1993), flagged above 3.5. The median and
  the median absolute deviation are not moved by the outlier itself, unlike a mean and a
  standard deviation; it is computed only for desa with at least four sheets, and not when
  the MAD is zero (every other TPS identical: nothing to scale by);
- the same sheet for several TPS: identical numbers (section IV and the totals) on sheets
  with votes, or the same photo file (SHA-256) attached to different TPS.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from math import gcd
from statistics import median

# Iglewicz and Hoaglin's constants: 0.6745 makes the MAD comparable to a standard deviation
# of a normal distribution; 3.5 is their recommended cut-off.
_Z_FAKTOR = Fraction(6745, 10000)
_Z_BATAS = Fraction(35, 10)
_MIN_TPS_DESA = 4


class KodeTanda(StrEnum):
    BELUM_MASUK = "belum_masuk"  # no sheet yet
    ARITMETIKA = "aritmetika"  # the sheet breaks its own arithmetic or the cap
    DITAHAN = "ditahan"  # held out of the count (see agregat.py)
    DIKOREKSI = "dikoreksi"  # the current version is a correction
    KEBERATAN = "keberatan"  # an objection was recorded
    PARTISIPASI_LEBIH = "partisipasi_lebih"  # users of the vote above the DPT
    MELEBIHI_BATAS = "melebihi_batas"  # votes above cap + reserve
    MENYIMPANG = "menyimpang"  # far out of line with its desa
    ANGKA_KEMBAR = "angka_kembar"  # identical numbers as another TPS
    FOTO_KEMBAR = "foto_kembar"  # the same photo as another TPS


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSLembar:
    """One TPS and one contest as the flags see it (``ada_lembar`` False: no sheet yet)."""

    tps_kode: str
    dpt: int  # from the TPS register
    batas_atas: int  # the cap plus its reserve
    ada_lembar: bool
    pengguna_total: int = 0
    suara_sah: int = 0
    suara_total: int = 0
    suara: Mapping[str, int] = field(default_factory=dict)
    galat: Sequence[str] = ()  # codes of the sheet's galat findings
    ditahan: bool = False
    nomor_versi: int = 0
    keberatan: int = 0
    foto_sha256: Sequence[str] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Tanda:
    kode: KodeTanda
    tps_kode: str
    # What the reason quotes: the numbers, the other TPS, the participant.
    params: Mapping[str, object] = field(default_factory=dict)


def tanda_tps(item: TPSLembar) -> list[Tanda]:
    """Return the flags one sheet carries on its own (without comparing with other TPS)."""
    kode = item.tps_kode
    if not item.ada_lembar:
        return [Tanda(kode=KodeTanda.BELUM_MASUK, tps_kode=kode)]
    out: list[Tanda] = []
    if item.galat:
        out.append(Tanda(kode=KodeTanda.ARITMETIKA, tps_kode=kode, params={"temuan": item.galat}))
    if item.ditahan:
        out.append(Tanda(kode=KodeTanda.DITAHAN, tps_kode=kode))
    if item.nomor_versi > 1:
        out.append(
            Tanda(kode=KodeTanda.DIKOREKSI, tps_kode=kode, params={"versi": item.nomor_versi})
        )
    if item.keberatan:
        out.append(
            Tanda(kode=KodeTanda.KEBERATAN, tps_kode=kode, params={"jumlah": item.keberatan})
        )
    if item.pengguna_total > item.dpt:
        params = {"pengguna": item.pengguna_total, "dpt": item.dpt}
        out.append(Tanda(kode=KodeTanda.PARTISIPASI_LEBIH, tps_kode=kode, params=params))
    if item.suara_total > item.batas_atas:
        params = {"suara": item.suara_total, "batas": item.batas_atas}
        out.append(Tanda(kode=KodeTanda.MELEBIHI_BATAS, tps_kode=kode, params=params))
    return out


def skor_z(nilai: Fraction, kelompok: Sequence[Fraction]) -> Fraction | None:
    """Return the modified z-score of ``nilai`` in ``kelompok``, or None when the MAD is 0."""
    tengah = median(kelompok)
    mad = median([abs(x - tengah) for x in kelompok])
    if mad == 0:
        return None
    return _Z_FAKTOR * (nilai - tengah) / mad


# Floats decide a flag only where they cannot be wrong: a float share is within a relative
# 2**-53 of the exact one and the medians and differences add a few such errors, so with
# _RAGU (about 10**7 times that) around every float figure, the exact score lies inside the
# interval computed below; only a score whose interval straddles the cut-off, or a MAD the
# floats cannot tell from zero, is recomputed exactly with Fractions.
_RAGU = 1e-9
_Z_FAKTOR_F = float(_Z_FAKTOR)
_Z_BATAS_F = float(_Z_BATAS)


def _tepat(counted: Sequence[TPSLembar], kunci: str) -> tuple[list[Fraction], Fraction, Fraction]:
    """The exact shares of ``kunci`` with their median and MAD."""
    shares = [Fraction(t.suara.get(kunci, 0), t.suara_sah) for t in counted]
    tengah = median(shares)
    return shares, tengah, median([abs(x - tengah) for x in shares])


def _mad_nol(counted: Sequence[TPSLembar], kunci: str) -> bool:
    """True when the exact MAD is zero: more than half the TPS have the very same share."""
    same: defaultdict[tuple[int, int], int] = defaultdict(int)
    for t in counted:
        a = t.suara.get(kunci, 0)
        g = gcd(a, t.suara_sah)
        same[(a // g, t.suara_sah // g)] += 1
    return max(same.values()) > len(counted) // 2


def _menyimpang_float(counted: Sequence[TPSLembar], kunci: str) -> list[int] | None:
    """The indexes of the TPS flagged for ``kunci`` as decided by floats, [] when the MAD is
    exactly zero, or None when the floats cannot decide and the exact path must."""
    shares = [t.suara.get(kunci, 0) / t.suara_sah for t in counted]
    tengah = median(shares)
    mad = median([abs(x - tengah) for x in shares])
    ragu = _RAGU * max(1.0, *(abs(x) for x in shares))
    if mad <= ragu:
        return [] if mad == 0 and _mad_nol(counted, kunci) else None
    out: list[int] = []
    for i, share in enumerate(shares):
        beda = abs(share - tengah)
        bawah = _Z_FAKTOR_F * max(0.0, beda - ragu) / (mad + ragu) * (1 - _RAGU)
        atas = _Z_FAKTOR_F * (beda + ragu) / (mad - ragu) * (1 + _RAGU)
        if bawah > _Z_BATAS_F:
            out.append(i)
        elif atas > _Z_BATAS_F:
            return None
    return out


def _menyimpang_tepat(counted: Sequence[TPSLembar], kunci: str) -> list[int]:
    shares, tengah, mad = _tepat(counted, kunci)
    if mad == 0:
        return []
    return [i for i, x in enumerate(shares) if abs(_Z_FAKTOR * (x - tengah) / mad) > _Z_BATAS]


def tanda_menyimpang(desa_list: Sequence[TPSLembar]) -> list[Tanda]:
    """Return the TPS of one desa whose share of a participant is far from the others'.

    The flags and their figures are those of the exact modified z-score (Fractions): floats
    decide only where they provably agree with it, and a flag's figures are exact.
    """
    counted = [t for t in desa_list if t.ada_lembar and not t.ditahan and t.suara_sah > 0]
    if len(counted) < _MIN_TPS_DESA:
        return []
    out: list[Tanda] = []
    for kunci in sorted({k for t in counted for k in t.suara}):
        flagged = _menyimpang_float(counted, kunci)
        if flagged is None:
            flagged = _menyimpang_tepat(counted, kunci)
        if not flagged:
            continue
        # The median and the MAD belong to the desa, not to the TPS: computed once per key.
        shares, tengah, mad = _tepat(counted, kunci)
        for i in flagged:
            z = _Z_FAKTOR * (shares[i] - tengah) / mad
            params = {
                "kunci": kunci,
                "persen": round(float(shares[i]) * 100, 1),
                "median": round(float(tengah) * 100, 1),
                "skor": round(float(z), 1),
            }
            out.append(
                Tanda(kode=KodeTanda.MENYIMPANG, tps_kode=counted[i].tps_kode, params=params)
            )
    return out


def _kembar(groups: Mapping[object, list[str]], kode: KodeTanda) -> list[Tanda]:
    out: list[Tanda] = []
    for tps_list in groups.values():
        unique = sorted(set(tps_list))
        if len(unique) < 2:
            continue
        for tps_kode in unique:
            others = [k for k in unique if k != tps_kode]
            out.append(Tanda(kode=kode, tps_kode=tps_kode, params={"tps_lain": others}))
    return out


def tanda_kembar(item_list: Iterable[TPSLembar]) -> list[Tanda]:
    """Return the TPS whose sheet has the same numbers or the same photo as another TPS's."""
    by_angka: defaultdict[object, list[str]] = defaultdict(list)
    by_foto: defaultdict[object, list[str]] = defaultdict(list)
    for item in item_list:
        if item.ada_lembar and item.suara_total > 0:
            key = (item.pengguna_total, item.suara_total, tuple(sorted(item.suara.items())))
            by_angka[key].append(item.tps_kode)
        for sha in item.foto_sha256:
            by_foto[sha].append(item.tps_kode)
    return _kembar(by_angka, KodeTanda.ANGKA_KEMBAR) + _kembar(by_foto, KodeTanda.FOTO_KEMBAR)


def desa_of(tps_kode: str) -> str:
    return tps_kode[:10]


def tanda_list(item_list: Sequence[TPSLembar], *, hanya: str = "") -> list[Tanda]:
    """Return every flag of a set of TPS (one contest), sheet by sheet, then across them.

    ``hanya``: only the flags of the TPS whose code starts with it (a desa page). Outliers are
    measured within the whole desa of those TPS and twin sheets across every item given, so
    they are the very flags the whole set gives those TPS.
    """
    sekitar = desa_of(hanya)  # the desa (or larger region) whose TPS the outliers compare
    out = [
        tanda for item in item_list if item.tps_kode.startswith(hanya) for tanda in tanda_tps(item)
    ]
    by_desa: defaultdict[str, list[TPSLembar]] = defaultdict(list)
    for item in item_list:
        if item.tps_kode.startswith(sekitar):
            by_desa[desa_of(item.tps_kode)].append(item)
    for desa in sorted(by_desa):
        out.extend(t for t in tanda_menyimpang(by_desa[desa]) if t.tps_kode.startswith(hanya))
    out.extend(t for t in tanda_kembar(item_list) if t.tps_kode.startswith(hanya))
    return out


def tanda_hitung(tanda: Iterable[Tanda]) -> dict[str, int]:
    """Return how many distinct TPS carry each flag (a region's roll-up)."""
    seen: defaultdict[str, set[str]] = defaultdict(set)
    for item in tanda:
        seen[item.kode.value].add(item.tps_kode)
    return {kode: len(seen[kode]) for kode in sorted(seen)}
