"""Imports: a PPS's batch of applicants from the Excel template, and the party-membership list.

Both are all-or-nothing per file: every row is checked first and every problem is reported in
Indonesian with its row and column; nothing is stored unless the whole file is clean.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from selenggara.accounts.models import User
from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress, rows_insert
from selenggara.core.errors import InvalidInput, RowError
from selenggara.core.tabular import ROW_COLUMN, table_read
from selenggara.pembentukan.domain.nik import NIK, InvalidNIK, JenisKelamin
from selenggara.pembentukan.domain.syarat import Pendidikan
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.models import PERNYATAAN_FIELDS, DaftarAnggotaPartai, Pendaftar
from selenggara.pembentukan.pendaftaran.services import (
    PendaftarInput,
    _audit_pendaftar,
    _desa_check,
    _pendaftar_store,
    input_check,
)
from selenggara.pembentukan.personal import nik_digest
from selenggara.pembentukan.selectors import tahapan_require
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import Wilayah

Actor = User | None

IMPORT_REQUIRED = (
    "nama",
    "nik",
    "tanggal_lahir",
    "jenis_kelamin",
    "alamat",
    "kode_desa_domisili",
    "pendidikan",
)
IMPORT_OPTIONAL = ("nomor_tps", "telepon", "email", "pernyataan")
IMPORT_COLUMNS = (*IMPORT_REQUIRED, *IMPORT_OPTIONAL)
IMPORT_ROWS_MAX = 2000
_YA = {"ya", "y", "1", "true"}
_TIDAK = {"", "tidak", "t", "0", "false"}
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")


# Columns kept as text in the template, so Excel neither rounds a NIK to 3.30301E+15 nor drops
# a telephone number's leading zero when the PPS types a new row.
_TEXT_COLUMNS = ("nik", "telepon", "domisili_desa_kode", "tanggal_lahir")


def import_template_xlsx(*, desa_kode: str = "33.03.01.2001") -> bytes:
    """Return the Excel template: the header (bold, frozen) and one example row (to overwrite),
    with the NIK, telephone, desa code and birth-date columns formatted as text."""
    example = [
        "Siti Aminah",
        "3303015203900001",
        "12-03-1990",
        "P",
        "Jl. Raya Kemangkon RT 01 RW 02",
        desa_kode,
        "sma",
        "1",
        "081234567890",
        "siti@example.com",
        "ya",
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pendaftar KPPS"
    sheet.append(list(IMPORT_COLUMNS))
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(IMPORT_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, len(name) + 2)
        if name in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def _pendidikan(text: str) -> Pendidikan | None:
    key = text.strip().lower().replace(" ", "_").replace("/", "_")
    by_label = {p.label.lower(): p for p in Pendidikan}
    return next((p for p in Pendidikan if p.value == key), None) or by_label.get(text.lower())


class _Row:
    """One row being parsed; collects its errors with the row number and column."""

    def __init__(self, values: dict[str, str | None], baris: int) -> None:
        self.values, self.baris = values, baris
        self.errors: list[RowError] = []

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(row=self.baris, field=column, message=message))


def _tps(row: _Row, tps_by_nomor: dict[int, TPS]) -> TPS | None:
    nomor = row.text("nomor_tps")
    if not nomor:
        return None
    if not nomor.isdigit():
        row.fail("nomor_tps", _("%(v)s bukan angka.") % {"v": nomor})
        return None
    if int(nomor) not in tps_by_nomor:
        row.fail("nomor_tps", _("TPS %(v)s tidak ada di desa/kelurahan ini.") % {"v": nomor})
        return None
    return tps_by_nomor[int(nomor)]


def _row_input(row: _Row, tps_by_nomor: dict[int, TPS]) -> PendaftarInput | None:
    for column in IMPORT_REQUIRED:
        if not row.text(column):
            row.fail(column, _("wajib diisi."))
    tanggal = _parse_date(row.text("tanggal_lahir")) if row.text("tanggal_lahir") else None
    if row.text("tanggal_lahir") and tanggal is None:
        row.fail(
            "tanggal_lahir",
            _("%(v)s bukan tanggal; tulis HH-BB-TTTT, mis. 12-03-1990.")
            % {"v": row.text("tanggal_lahir")},
        )
    jk = row.text("jenis_kelamin").upper()[:1]
    if row.text("jenis_kelamin") and jk not in {"L", "P"}:
        row.fail("jenis_kelamin", _("isi L atau P."))
    pendidikan = _pendidikan(row.text("pendidikan")) if row.text("pendidikan") else None
    if row.text("pendidikan") and pendidikan is None:
        row.fail(
            "pendidikan",
            _("%(v)s tidak dikenal; gunakan sd, smp, sma, smk, ma, paket_c, d1-d4, s1-s3.")
            % {"v": row.text("pendidikan")},
        )
    tps = _tps(row, tps_by_nomor)
    pernyataan = row.text("pernyataan").lower()
    if pernyataan not in _YA | _TIDAK:
        row.fail("pernyataan", _("isi ya atau tidak."))
    if row.errors or tanggal is None or pendidikan is None:
        return None
    return PendaftarInput(
        nama=row.text("nama"),
        nik=row.text("nik"),
        tanggal_lahir=tanggal,
        jenis_kelamin=JenisKelamin(jk),
        alamat=row.text("alamat"),
        domisili_desa_kode=row.text("kode_desa_domisili"),
        pendidikan=pendidikan,
        telepon=row.text("telepon"),
        email=row.text("email"),
        tps_preferensi=tps,
        pernyataan=dict.fromkeys(PERNYATAAN_FIELDS, pernyataan in _YA),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PendaftarImportResult:
    pendaftar_list: list[Pendaftar]
    source: str


def _rows_check(
    frame: pl.DataFrame, *, pemilihan: Pemilihan, desa: Wilayah
) -> tuple[list[PendaftarInput], list[RowError]]:
    tps_by_nomor = {t.nomor: t for t in TPS.objects.filter(pemilihan=pemilihan, desa=desa)}
    inputs: list[PendaftarInput] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for values in frame.iter_rows(named=True):
        row = _Row(values, int(values[ROW_COLUMN]))
        data = _row_input(row, tps_by_nomor)
        nik = row.text("nik")
        if nik in seen:
            row.fail("nik", _("NIK sama dengan baris %(baris)s.") % {"baris": seen[nik]})
        elif nik:
            seen[nik] = row.baris
        if data is not None:
            for error in input_check(data=data, pemilihan=pemilihan, desa=desa, row=row.baris):
                row.fail(error.field or "", error.message)
        errors.extend(row.errors)
        if data is not None and not row.errors:
            inputs.append(data)
    return inputs, errors


@transaction.atomic
def pendaftar_import_excel(
    *, pemilihan: Pemilihan, desa: Wilayah, path: Path | str, actor: Actor, on: date | None = None
) -> PendaftarImportResult:
    """Import a PPS's batch of applicants from the template (XLSX or CSV), all or nothing.

    Raises TahapanClosed outside the registration window, InvalidInput for a file that is not
    a table, lacks a column, is empty or has more than 2,000 rows, and InvalidInput listing
    every problem by row and column (malformed NIK, text in a date or number column, a NIK
    twice in the file, an unknown TPS...). Documents are handed in on paper and uploaded later.
    """
    tahapan_require(pemilihan=pemilihan, tahapan=Tahapan.PENDAFTARAN, on=on)
    _desa_check(pemilihan, desa)
    table = table_read(path=path, required=IMPORT_REQUIRED, optional=IMPORT_OPTIONAL)
    if table.frame.height > IMPORT_ROWS_MAX:
        raise InvalidInput(
            _("Berkas berisi %(n)s baris; paling banyak %(max)s baris per impor.")
            % {"n": table.frame.height, "max": IMPORT_ROWS_MAX},
            errors=[],
        )
    inputs, errors = _rows_check(table.frame, pemilihan=pemilihan, desa=desa)
    if errors:
        raise InvalidInput(
            _("%(n)s masalah dalam berkas %(name)s; tidak ada yang disimpan.")
            % {"n": len(errors), "name": table.source},
            errors=errors,
        )
    created = []
    for data in inputs:
        pendaftar, _token = _pendaftar_store(
            pemilihan=pemilihan, desa=desa, data=data, sumber=Pendaftar.Sumber.IMPOR, actor=actor
        )
        _audit_pendaftar(
            pendaftar, actor=actor, action="pendaftar.import", extra={"berkas": table.source}
        )
        created.append(pendaftar)
    return PendaftarImportResult(pendaftar_list=created, source=table.source)


# --- party-membership list ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PartaiImportResult:
    jumlah: int
    jumlah_partai: int
    source: str


@transaction.atomic
def daftar_partai_import(
    *, pemilihan: Pemilihan, path: Path | str, actor: Actor, progress: Progress | None = None
) -> PartaiImportResult:
    """Replace the election's party-membership list with a SIPOL-style file (``nik``, ``partai``).

    Only the keyed NIK digest and the party are stored. Raises InvalidInput listing rows with a
    malformed NIK or an empty party; nothing changes then.
    """
    table = table_read(path=path, required=("nik", "partai"))
    rows: list[tuple[str, str]] = []
    errors: list[RowError] = []
    for nik_raw, partai, baris in table.frame.select("nik", "partai", ROW_COLUMN).iter_rows():
        try:
            nik = NIK.parse(nik_raw or "").value
        except InvalidNIK as exc:
            errors.append(RowError(row=baris, field="nik", message=exc.message))
            continue
        if not partai:
            errors.append(RowError(row=baris, field="partai", message=_("wajib diisi.")))
            continue
        rows.append((nik_digest(nik), partai))
    if errors:
        raise InvalidInput(
            _("%(n)s masalah dalam berkas %(name)s; tidak ada yang disimpan.")
            % {"n": len(errors), "name": table.source},
            errors=errors,
        )
    DaftarAnggotaPartai.objects.filter(pemilihan=pemilihan).delete()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    meta = DaftarAnggotaPartai._meta
    rows_insert(
        table=meta.db_table,
        columns=["pemilihan_id", "nik_digest", "partai", "sumber", "imported_at"],
        rows=((pemilihan.pk, digest, partai, table.source, now) for digest, partai in rows),
        total=len(rows),
        phase="simpan",
        progress=progress,
    )
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    result = PartaiImportResult(
        jumlah=len(rows), jumlah_partai=len({p for _d, p in rows}), source=table.source
    )
    audit_record(
        actor=actor,
        action="daftar_partai.import",
        target=("pemilihan.pemilihan", str(pemilihan.pk)),
        after={
            "berkas": table.source,
            "sha256": digest,
            "jumlah": result.jumlah,
            "jumlah_partai": result.jumlah_partai,
        },
    )
    return result
