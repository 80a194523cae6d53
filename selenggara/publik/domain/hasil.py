"""The public figures of one region and contest, rolled up from the TPS sheets below it.

Input is one ``LembarTPS`` per TPS that has a current C.Hasil: its section IV votes, valid and
invalid votes, and whether it is held out. A held-out TPS (its form breaks its own arithmetic
or the TPS cap and nobody has yet confirmed or corrected it) never enters a sum: it is counted
as held out at every level above it, as the rekap issue requires. Shares are ``Fraction``
values, rounded only at presentation (house style B5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

# Length of the undotted code at each level: provinsi, kab/kota, kecamatan, desa, TPS.
PANJANG_KODE = (2, 4, 6, 10, 13)


class JenisTanda(StrEnum):
    """Why a TPS is flagged on the public pages (the sentences live in publik/messages.py)."""

    DITAHAN = "ditahan"  # held out of the count: findings not yet confirmed or corrected
    TEMUAN = "temuan"  # findings confirmed by the KPPS as what the paper says
    DIKOREKSI = "dikoreksi"  # the current numbers are a correction (version > 1)
    BELUM_MASUK = "belum_masuk"  # no C.Hasil yet


@dataclass(frozen=True, slots=True, kw_only=True)
class LembarTPS:
    """The current C.Hasil of one TPS for one contest, as the roll-up needs it."""

    tps: str  # the 13-digit KPU code
    suara: Mapping[str, int]
    suara_sah: int
    suara_tidak_sah: int
    ditahan: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Jumlah:
    """Sums over a set of TPS: votes per section IV key, valid, invalid, TPS in and held out."""

    suara: dict[str, int] = field(default_factory=dict)
    suara_sah: int = 0
    suara_tidak_sah: int = 0
    tps_masuk: int = 0
    tps_ditahan: int = 0


def kode_polos(kode: str) -> str:
    """Return a region code without dots ("33.03.01" -> "330301"); TPS codes have none."""
    return kode.replace(".", "")


def kode_titik(polos: str) -> str:
    """Return the dotted code of an undotted region code ("330301" -> "33.03.01")."""
    parts = [polos[:2], polos[2:4], polos[4:6], polos[6:10]]
    return ".".join(p for p in parts if p)


def jumlahkan(lembar_list: Iterable[LembarTPS]) -> Jumlah:
    """Sum the sheets; held-out sheets are counted as held out and in, never in the votes."""
    suara: dict[str, int] = {}
    sah = tidak_sah = masuk = ditahan = 0
    for lembar in lembar_list:
        masuk += 1
        if lembar.ditahan:
            ditahan += 1
            continue
        sah += lembar.suara_sah
        tidak_sah += lembar.suara_tidak_sah
        for kunci, nilai in lembar.suara.items():
            suara[kunci] = suara.get(kunci, 0) + nilai
    return Jumlah(
        suara=suara, suara_sah=sah, suara_tidak_sah=tidak_sah, tps_masuk=masuk, tps_ditahan=ditahan
    )


def jumlahkan_per_anak(lembar_list: Sequence[LembarTPS], *, panjang_anak: int) -> dict[str, Jumlah]:
    """Sum the sheets per child region, keyed by the child's undotted code prefix."""
    groups: dict[str, list[LembarTPS]] = {}
    for lembar in lembar_list:
        groups.setdefault(lembar.tps[:panjang_anak], []).append(lembar)
    return {kode: jumlahkan(group) for kode, group in sorted(groups.items())}


def panjang_anak(kode: str) -> int:
    """Return the undotted code length of the children of region ``kode`` ("" is the nation).

    Raises ValueError for a TPS code (it has no children) or a code of no known level.
    """
    panjang = len(kode_polos(kode))
    if panjang == 0:
        return PANJANG_KODE[0]
    if panjang not in PANJANG_KODE[:-1]:
        raise ValueError(kode)
    return PANJANG_KODE[PANJANG_KODE.index(panjang) + 1]


def bagian(nilai: int, total: int) -> Fraction:
    """Return ``nilai`` as a share of ``total`` (0 when the total is 0)."""
    return Fraction(nilai, total) if total else Fraction(0)


def persen(share: Fraction, *, digits: int = 2) -> str:
    """Return a share as a percentage with ``digits`` decimals, rounded half away from zero."""
    scaled = share * 100 * 10**digits
    rounded = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    whole, frac = divmod(abs(rounded), 10**digits)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole}.{frac:0{digits}d}" if digits else f"{sign}{whole}"


def selisih(hitung: Mapping[str, int], rekap: Mapping[str, int]) -> dict[str, int]:
    """Return, per key, rekap minus hitung where they differ (the differences to explain)."""
    keys = sorted(set(hitung) | set(rekap))
    return {
        k: rekap.get(k, 0) - hitung.get(k, 0) for k in keys if rekap.get(k, 0) != hitung.get(k, 0)
    }
