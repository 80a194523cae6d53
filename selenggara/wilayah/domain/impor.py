"""Rules for one row of a region list: a well-formed code, a name, a parent, no repeats."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from selenggara.core.errors import RowError
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah, Tingkat

NAMA_MAX_LENGTH = 120


@dataclass(frozen=True, slots=True, kw_only=True)
class WilayahRow:
    """A validated region: its code, name and the file row it came from."""

    row: int
    kode: KodeWilayah
    nama: str

    @property
    def induk_kode(self) -> str:
        parent = self.kode.parent
        return parent.value if parent is not None else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class WilayahCheck:
    rows: list[WilayahRow]
    errors: list[RowError]

    def counts(self) -> dict[str, int]:
        """Return how many regions of each level the list holds."""
        by_tingkat = dict.fromkeys(Tingkat, 0)
        for item in self.rows:
            by_tingkat[item.kode.tingkat] += 1
        return {t.name.lower(): n for t, n in by_tingkat.items()}


def _check_one(row: int, raw_kode: str | None, raw_nama: str | None) -> WilayahRow | RowError:
    if not raw_kode:
        return RowError(row=row, field="kode", message="Kode wilayah kosong.")
    try:
        kode = KodeWilayah.parse(raw_kode)
    except InvalidKodeWilayah as exc:
        return RowError(row=row, field="kode", message=exc.message)
    nama = (raw_nama or "").strip()
    if not nama:
        return RowError(row=row, field="nama", message=f"Nama wilayah {kode} kosong.")
    if len(nama) > NAMA_MAX_LENGTH:
        return RowError(
            row=row,
            field="nama",
            message=f"Nama wilayah {kode} lebih dari {NAMA_MAX_LENGTH} karakter.",
        )
    return WilayahRow(row=row, kode=kode, nama=nama)


def wilayah_rows_check(rows: Iterable[tuple[int, str | None, str | None]]) -> WilayahCheck:
    """Validate ``(row number, kode, nama)`` triples of a region list as a whole.

    Each code must parse (Permendagri 137/2017 Pasal 4), each name be non-empty, no code may
    repeat, and every region's parent must be in the same list, so that the tree is complete.
    Errors are collected per row, in row order, never raised.
    """
    valid: list[WilayahRow] = []
    errors: list[RowError] = []
    first_row: dict[KodeWilayah, int] = {}
    for row, raw_kode, raw_nama in rows:
        result = _check_one(row, raw_kode, raw_nama)
        if isinstance(result, RowError):
            errors.append(result)
            continue
        if result.kode in first_row:
            message = f"Kode {result.kode} ganda: sudah ada di baris {first_row[result.kode]}."
            errors.append(RowError(row=row, field="kode", message=message))
            continue
        first_row[result.kode] = row
        valid.append(result)
    for item in valid:
        parent = item.kode.parent
        if parent is not None and parent not in first_row:
            message = f"Induk {parent} dari wilayah {item.kode} tidak ada dalam berkas."
            errors.append(RowError(row=item.row, field="kode", message=message))
    errors.sort(key=lambda e: e.row or 0)
    return WilayahCheck(rows=valid, errors=errors)
