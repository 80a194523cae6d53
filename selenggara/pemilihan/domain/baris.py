"""Reading the cells of one row of a participants' file (parties, dapil, candidates).

Pure: each reader returns the value or a problem (a code and the data that words it); the
import services in ``pemilihan/services_peserta.py`` word the problem in Indonesian, name the
row and column, and decide what to write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah

NAMA_MAX_LENGTH = 200
SINGKATAN_MAX_LENGTH = 40
NOMOR_MAX = 99
# Yes/no cells: what an officer types in a spreadsheet for either.
YA = frozenset({"1", "ya", "y", "true", "benar"})
TIDAK = frozenset({"", "0", "tidak", "t", "false", "salah"})
JENIS_KELAMIN = ("", "L", "P")


class Masalah(StrEnum):
    KOSONG = "kosong"
    BUKAN_BULAT = "bukan_bulat"
    DI_LUAR_RENTANG = "di_luar_rentang"
    TERLALU_PANJANG = "terlalu_panjang"
    BUKAN_PILIHAN = "bukan_pilihan"
    KODE_TIDAK_SAH = "kode_tidak_sah"
    KODE_TIDAK_ADA = "kode_tidak_ada"


@dataclass(frozen=True, slots=True, kw_only=True)
class MasalahSel:
    """Why a cell cannot be read: ``teks`` is the cell as written (trimmed)."""

    masalah: Masalah
    teks: str = ""
    rendah: int = 0
    tinggi: int = 0
    batas: int = 0
    pesan: str = ""  # the parser's own Indonesian text (region codes), when it has one


def teks(raw: object) -> str:
    """Return a cell as trimmed text; a non-text cell (a number, an empty cell) is ""."""
    return raw.strip() if isinstance(raw, str) else ""


def bilangan(raw: object, *, rendah: int, tinggi: int) -> int | MasalahSel:
    """Return the cell as a whole number within [rendah, tinggi], or why it is not one."""
    text = teks(raw)
    if not text:
        return MasalahSel(masalah=Masalah.KOSONG)
    if not (text.isascii() and text.isdigit()):
        return MasalahSel(masalah=Masalah.BUKAN_BULAT, teks=text)
    value = int(text)
    if not rendah <= value <= tinggi:
        return MasalahSel(masalah=Masalah.DI_LUAR_RENTANG, teks=text, rendah=rendah, tinggi=tinggi)
    return value


def nama(raw: object, *, batas: int = NAMA_MAX_LENGTH) -> str | MasalahSel:
    """Return a required name of at most ``batas`` characters, or why it cannot be one."""
    text = teks(raw)
    if not text:
        return MasalahSel(masalah=Masalah.KOSONG)
    if len(text) > batas:
        return MasalahSel(masalah=Masalah.TERLALU_PANJANG, teks=text, batas=batas)
    return text


def ya_tidak(raw: object) -> bool | MasalahSel:
    """Return a yes/no cell (empty is no), or the unknown text."""
    text = teks(raw).lower()
    if text in YA:
        return True
    if text in TIDAK:
        return False
    return MasalahSel(masalah=Masalah.BUKAN_PILIHAN, teks=text)


def jenis_kelamin(raw: object) -> str | MasalahSel:
    """Return "L", "P" or "" (not stated), or the unknown text."""
    text = teks(raw).upper()
    if text in JENIS_KELAMIN:
        return text
    return MasalahSel(masalah=Masalah.BUKAN_PILIHAN, teks=text)


def kode_wilayah(raw: object, dikenal: Mapping[str, str]) -> str | MasalahSel:
    """Return the dotted region code of the cell ("" for the nation) when it is ``dikenal``.

    Undotted codes parse too (``3303`` is ``33.03``).
    """
    text = teks(raw)
    if not text:
        return ""
    try:
        kode = KodeWilayah.parse(text).value
    except InvalidKodeWilayah as exc:
        return MasalahSel(masalah=Masalah.KODE_TIDAK_SAH, teks=text, pesan=exc.message)
    if kode not in dikenal:
        return MasalahSel(masalah=Masalah.KODE_TIDAK_ADA, teks=text)
    return kode
