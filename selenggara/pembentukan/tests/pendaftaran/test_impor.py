from __future__ import annotations

from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pembentukan.domain.tahapan import Tahapan, TahapanClosed
from selenggara.pembentukan.models import Pendaftar
from selenggara.pembentukan.pendaftaran.impor import (
    IMPORT_COLUMNS,
    IMPORT_ROWS_MAX,
    import_template_xlsx,
    pendaftar_import_excel,
)
from selenggara.pembentukan.tests.helpers import jadwal_open, xlsx_bytes

pytestmark = pytest.mark.django_db

ROW_OK = [
    "Siti Aminah",
    "3303015203900001",
    "12-03-1990",
    "P",
    "Jl. Raya 1",
    "33.03.01.2001",
    "sma",
    "1",
    "0812",
    "s@example.com",
    "ya",
]
ROW_OK_2 = [
    "Agus",
    "3303010101850002",
    "1985-01-01",
    "L",
    "Jl. Raya 2",
    "33.03.01.2001",
    "S1",
    "",
    "",
    "",
    "tidak",
]


@pytest.fixture
def desa(wilayah_tree):
    jadwal_open(wilayah_tree.pemilihan)
    return wilayah_tree.desa_list[0]


def _xlsx(tmp_path: Path, rows, header=IMPORT_COLUMNS) -> Path:
    path = tmp_path / "pendaftar.xlsx"
    path.write_bytes(xlsx_bytes(rows=[list(header), *rows]))
    return path


def _errors(pemilihan, desa, path) -> list[tuple[int | None, str | None]]:
    with pytest.raises(InvalidInput) as caught:
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)
    assert Pendaftar.objects.count() == 0
    return [(e.row, e.field) for e in caught.value.errors]


def test_the_template_imports_as_is(pemilihan, desa, tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(import_template_xlsx())

    result = pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)

    [pendaftar] = result.pendaftar_list
    assert pendaftar.sumber == Pendaftar.Sumber.IMPOR
    assert pendaftar.tps_preferensi is not None
    assert pendaftar.tps_preferensi.nomor == 1
    assert pendaftar.pernyataan_tidak_terikat_perkawinan is True
    audit = AuditLog.objects.get(action="pendaftar.import")
    assert audit.after is not None
    assert audit.after["nik"] == "3303********0001"


def test_the_template_keeps_nik_and_telephone_as_text_under_a_frozen_bold_header(tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(import_template_xlsx())

    sheet = openpyxl.load_workbook(path).active

    assert sheet.title == "Pendaftar KPPS"
    assert [c.value for c in sheet[1]] == list(IMPORT_COLUMNS)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    by_name = {c.value: c.column_letter for c in sheet[1]}
    for name in ("nik", "telepon"):
        letter = by_name[name]
        assert sheet.column_dimensions[letter].number_format == "@"
        assert sheet[f"{letter}2"].number_format == "@"
        assert isinstance(sheet[f"{letter}2"].value, str)
    assert sheet.column_dimensions[by_name["nama"]].number_format == "General"


def test_rows_with_dates_written_several_ways_and_an_openpyxl_date_cell(pemilihan, desa, tmp_path):
    import datetime as dt

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(IMPORT_COLUMNS))
    sheet.append([*ROW_OK[:2], dt.date(1990, 3, 12), *ROW_OK[3:7], 1, *ROW_OK[8:]])
    sheet.append(ROW_OK_2)
    path = tmp_path / "tanggal.xlsx"
    workbook.save(path)

    result = pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)

    assert [p.tanggal_lahir.isoformat() for p in result.pendaftar_list] == [
        "1990-03-12",
        "1985-01-01",
    ]
    assert result.pendaftar_list[1].pendidikan == "s1"
    assert result.pendaftar_list[1].pernyataan_tidak_terikat_perkawinan is False


def test_every_bad_cell_is_reported_by_row_and_column(pemilihan, desa, tmp_path):
    bad = [
        ["", "123", "kemarin", "X", "Jl", "33.03.01.2001", "TK", "dua", "", "", "mungkin"],
        [*ROW_OK[:7], "9", *ROW_OK[8:]],
    ]
    path = _xlsx(tmp_path, bad)

    assert _errors(pemilihan, desa, path) == [
        (2, "nama"),
        (2, "tanggal_lahir"),
        (2, "jenis_kelamin"),
        (2, "pendidikan"),
        (2, "nomor_tps"),
        (2, "pernyataan"),
        (3, "nomor_tps"),
    ]


def test_text_in_the_date_column_names_row_and_value(pemilihan, desa, tmp_path):
    path = _xlsx(tmp_path, [[*ROW_OK[:2], "lahir tahun 90", *ROW_OK[3:]]])

    with pytest.raises(InvalidInput) as caught:
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)

    assert str(caught.value.errors[0]) == (
        "baris 2, kolom tanggal_lahir: lahir tahun 90 bukan tanggal; tulis HH-BB-TTTT, "
        "mis. 12-03-1990."
    )


def test_malformed_nik_in_a_row_is_reported(pemilihan, desa, tmp_path):
    path = _xlsx(tmp_path, [ROW_OK_2, [ROW_OK[0], "3303019903900001", *ROW_OK[2:]]])

    assert _errors(pemilihan, desa, path) == [(3, "nik")]


def test_duplicate_rows_are_refused(pemilihan, desa, tmp_path):
    path = _xlsx(tmp_path, [ROW_OK, ROW_OK_2, ROW_OK])

    with pytest.raises(InvalidInput) as caught:
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)

    assert str(caught.value.errors[0]) == "baris 4, kolom nik: NIK sama dengan baris 2."
    assert Pendaftar.objects.count() == 0


def test_wrong_columns_name_what_is_missing(pemilihan, desa, tmp_path):
    path = _xlsx(tmp_path, [["a", "b"]], header=["nama_lengkap", "no_ktp"])

    with pytest.raises(InvalidInput, match="Kolom wajib tidak ada: nama, nik"):
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)


def test_empty_file_and_header_only(pemilihan, desa, tmp_path):
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="kosong"):
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=empty, actor=None)

    with pytest.raises(InvalidInput, match="tidak berisi baris data"):
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=_xlsx(tmp_path, []), actor=None)


def test_not_an_excel_file(pemilihan, desa, tmp_path):
    path = tmp_path / "pendaftar.xlsx"
    path.write_bytes(b"MZ\x90\x00 this is a program")

    with pytest.raises(InvalidInput, match="bukan berkas Excel"):
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)


def test_too_many_rows(pemilihan, desa, tmp_path):
    path = _xlsx(tmp_path, [ROW_OK_2] * (IMPORT_ROWS_MAX + 1))

    with pytest.raises(InvalidInput, match="paling banyak"):
        pendaftar_import_excel(pemilihan=pemilihan, desa=desa, path=path, actor=None)


def test_import_outside_registration_is_refused(pemilihan, desa, tmp_path):
    jadwal_open(pemilihan, closed=frozenset({Tahapan.PENDAFTARAN}))

    with pytest.raises(TahapanClosed):
        pendaftar_import_excel(
            pemilihan=pemilihan, desa=desa, path=_xlsx(tmp_path, [ROW_OK]), actor=None
        )
