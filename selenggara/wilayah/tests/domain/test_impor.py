import csv
import gzip

import pytest

from selenggara.core.errors import RowError
from selenggara.wilayah.domain.impor import wilayah_rows_check
from selenggara.wilayah.services import DEFAULT_FILE


def test_every_code_of_the_shipped_2025_list_parses_and_counts_match():
    with gzip.open(DEFAULT_FILE, "rt", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    check = wilayah_rows_check((i + 2, kode, nama) for i, (kode, nama) in enumerate(rows))
    assert check.errors == []
    assert len(check.rows) == 91_599
    assert check.counts() == {"provinsi": 38, "kabkota": 514, "kecamatan": 7_285, "desa": 83_762}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [(2, "33", "Jawa Tengah"), (3, "33.03", "")],
            [RowError(row=3, field="nama", message="Nama wilayah 33.03 kosong.")],
            id="empty-name",
        ),
        pytest.param(
            [(2, "", "Tanpa kode")],
            [RowError(row=2, field="kode", message="Kode wilayah kosong.")],
            id="empty-code",
        ),
        pytest.param(
            [(2, "33", "Jawa Tengah"), (3, "33", "Jawa Tengah lagi")],
            [RowError(row=3, field="kode", message="Kode 33 ganda: sudah ada di baris 2.")],
            id="duplicate",
        ),
        pytest.param(
            [(2, "33", "Jawa Tengah"), (3, "3303", "Purbalingga"), (4, "33.03", "Lagi")],
            [RowError(row=4, field="kode", message="Kode 33.03 ganda: sudah ada di baris 3.")],
            id="duplicate-dotted-vs-undotted",
        ),
        pytest.param(
            [(2, "33.03.01", "Kemangkon")],
            [
                RowError(
                    row=2,
                    field="kode",
                    message="Induk 33.03 dari wilayah 33.03.01 tidak ada dalam berkas.",
                )
            ],
            id="missing-parent",
        ),
        pytest.param(
            [(2, "33", "x" * 121)],
            [RowError(row=2, field="nama", message="Nama wilayah 33 lebih dari 120 karakter.")],
            id="name-too-long",
        ),
    ],
)
def test_rows_check_reports_each_bad_row(rows, expected):
    assert wilayah_rows_check(rows).errors == expected


def test_rows_check_reports_a_bad_code_with_its_reason():
    errors = wilayah_rows_check([(7, "33.70", "Tidak ada")]).errors
    assert len(errors) == 1
    assert errors[0].row == 7
    assert errors[0].field == "kode"
    assert "kabupaten/kota 70" in errors[0].message
