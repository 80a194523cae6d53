"""Presentation arithmetic of the public figures: region codes, shares, percentages.

The figures themselves (the count, the official recap, TPS held out) are the rekap engine's
(``selenggara.rekap.domain.agregat`` and its selectors); nothing is summed here. Shares are
``Fraction`` values, rounded only at presentation (house style B5).
"""

from __future__ import annotations

from fractions import Fraction

# Length of the undotted code at each level: provinsi, kab/kota, kecamatan, desa, TPS.
PANJANG_KODE = (2, 4, 6, 10, 13)


def kode_polos(kode: str) -> str:
    """Return a region code without dots ("33.03.01" -> "330301"); TPS codes have none."""
    return kode.replace(".", "")


def kode_titik(polos: str) -> str:
    """Return the dotted code of an undotted region code ("330301" -> "33.03.01")."""
    parts = [polos[:2], polos[2:4], polos[4:6], polos[6:10]]
    return ".".join(p for p in parts if p)


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
