"""Reading uploaded tables (CSV, gzipped CSV or XLSX) into all-text Polars frames.

Every import reads its file through ``table_read`` so that wrong file types, empty files and
missing columns give the same clear Indonesian messages everywhere. All cells are read as text:
each import decides how to parse its numbers, so that "12a" is reported instead of guessed.
"""

from __future__ import annotations

import gzip
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import polars as pl
from django.utils.translation import gettext as _

from selenggara.core.errors import InvalidInput, RowError

# The header is row 1 of the file, so the first data row is row 2: what a spreadsheet shows.
FIRST_DATA_ROW = 2
ROW_COLUMN = "_baris"

_XLSX_MAGIC = b"PK\x03\x04"
_GZIP_MAGIC = b"\x1f\x8b"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


class Upload(Protocol):
    """What ``upload_saved`` needs of an uploaded file (Django's UploadedFile has it)."""

    name: str | None

    def chunks(self) -> Iterable[bytes]: ...


@contextmanager
def upload_saved(upload: Upload, *, default_suffix: str = ".xlsx") -> Iterator[Path]:
    """An uploaded table written to a temporary file under its own name (its suffix tells
    ``table_read`` the kind, and its name appears in messages); removed afterwards."""
    name = Path(upload.name or "impor")
    suffix = name.suffix.lower()[:6] or default_suffix
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name.stem[:60] or 'impor'}{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """An imported table: text columns named in lower case, plus ``_baris`` (file row number)."""

    frame: pl.DataFrame
    source: str


def _invalid(message: str, *, field: str | None = None) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=None, field=field, message=message)])


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet programs on Windows often save CSV as Windows-1252.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _invalid(
                _("Berkas %(name)s bukan teks CSV yang terbaca (bukan UTF-8).") % {"name": name}
            ) from exc


def _read_csv(data: bytes, name: str) -> pl.DataFrame:
    if data.startswith(_GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise _invalid(_("Berkas %(name)s rusak (gzip tidak utuh).") % {"name": name}) from exc
    text = _decode(data, name)
    if not text.strip():
        raise _invalid(_("Berkas %(name)s kosong.") % {"name": name})
    if "\x00" in text[:4096]:
        raise _invalid(_("Berkas %(name)s bukan berkas CSV (berisi data biner).") % {"name": name})
    header = text.split("\n", 1)[0]
    # Indonesian-locale spreadsheets save CSV with semicolons.
    separator = ";" if header.count(";") > header.count(",") else ","
    try:
        return pl.read_csv(
            io.StringIO(text),
            separator=separator,
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise _invalid(
            _("Berkas %(name)s tidak dapat dibaca sebagai CSV: %(why)s")
            % {"name": name, "why": str(exc).splitlines()[0]}
        ) from exc


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, name: str) -> pl.DataFrame:
    from python_calamine import (
        CalamineError,
        CalamineWorkbook,
        PasswordError,
        XmlError,
        ZipError,
    )

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, PasswordError, XmlError, ZipError, OSError, ValueError) as exc:
        raise _invalid(
            _("Berkas %(name)s bukan berkas Excel (.xlsx) yang sah.") % {"name": name}
        ) from exc
    if not rows or not any(_cell_text(c) for c in rows[0]):
        raise _invalid(_("Berkas %(name)s kosong.") % {"name": name})
    header = [(_cell_text(c) or f"kolom_{i + 1}") for i, c in enumerate(rows[0])]
    columns: dict[str, list[str | None]] = {h: [] for h in header}
    for row in rows[1:]:
        for i, h in enumerate(header):
            columns[h].append(_cell_text(row[i]) if i < len(row) else None)
    return pl.DataFrame(columns, schema=dict.fromkeys(header, pl.String))


def _sniff(path: Path, data: bytes) -> str:
    suffixes = "".join(path.suffixes[-2:]).lower()
    if data.startswith(_XLSX_MAGIC):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        return "xls"
    if suffixes.endswith((".xlsx", ".xlsm")):
        return "not-xlsx"
    if suffixes.endswith((".csv", ".csv.gz", ".txt", ".gz")) or not path.suffix:
        return "csv"
    return "unknown"


def _normalise(frame: pl.DataFrame) -> pl.DataFrame:
    renamed = {c: c.strip().lower() for c in frame.columns}
    frame = frame.rename(renamed)
    frame = frame.with_columns(pl.col(pl.String).str.strip_chars())
    frame = frame.with_columns(
        pl.int_range(FIRST_DATA_ROW, FIRST_DATA_ROW + frame.height, dtype=pl.Int64).alias(
            ROW_COLUMN
        )
    )
    # Blank lines (often trailing in spreadsheets) are not rows anybody meant.
    data_columns = [c for c in frame.columns if c != ROW_COLUMN]
    blank = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c) == "") for c in data_columns])
    return frame.filter(~blank)


def table_read(*, path: Path | str, required: Sequence[str], optional: Sequence[str] = ()) -> Table:
    """Read a CSV, gzipped CSV or XLSX file into a table of text cells.

    Column names are matched case-insensitively; extra columns are ignored and absent optional
    columns read as empty. Raises InvalidInput
    with an Indonesian message when the file is missing, empty, of the wrong type, unreadable,
    lacks a required column or has no data rows.
    """
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _invalid(_("Berkas %(name)s tidak dapat dibuka.") % {"name": str(path)}) from exc
    if not data.strip():
        raise _invalid(_("Berkas %(name)s kosong.") % {"name": name})
    kind = _sniff(path, data)
    if kind == "xlsx":
        frame = _read_xlsx(path, name)
    elif kind == "csv":
        frame = _read_csv(data, name)
    elif kind == "xls":
        raise _invalid(
            _("Berkas %(name)s berformat Excel lama (.xls); simpan ulang sebagai .xlsx atau CSV.")
            % {"name": name}
        )
    elif kind == "not-xlsx":
        raise _invalid(_("Berkas %(name)s bukan berkas Excel (.xlsx) yang sah.") % {"name": name})
    else:
        raise _invalid(
            _("Jenis berkas %(name)s tidak didukung; gunakan CSV atau XLSX.") % {"name": name}
        )
    frame = _normalise(frame)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        found = ", ".join(c for c in frame.columns if c != ROW_COLUMN) or "-"
        message = _(
            "Kolom wajib tidak ada: %(missing)s. Kolom yang diperlukan: %(required)s; "
            "kolom dalam berkas: %(found)s."
        ) % {"missing": ", ".join(missing), "required": ", ".join(required), "found": found}
        raise InvalidInput(
            message, errors=[RowError(row=1, field=c, message=message) for c in missing]
        )
    if frame.height == 0:
        raise _invalid(_("Berkas %(name)s tidak berisi baris data.") % {"name": name})
    absent = [pl.lit(None, dtype=pl.String).alias(c) for c in optional if c not in frame.columns]
    frame = frame.with_columns(absent) if absent else frame
    return Table(frame=frame.select([*required, *optional, ROW_COLUMN]), source=name)
