import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.wilayah.models import VersiWilayah, Wilayah
from selenggara.wilayah.services import (
    DEFAULT_FILE,
    DEFAULT_KEPUTUSAN,
    DEFAULT_VERSI_KODE,
    wilayah_import,
)

pytestmark = pytest.mark.django_db

GOOD = "kode,nama\n33,Jawa Tengah\n33.03,Kabupaten Purbalingga\n33.03.01,Kemangkon\n33.03.01.2001,Kedungbenda\n"


def _import(path, versi="uji", **kwargs):
    return wilayah_import(
        path=path, versi_kode=versi, keputusan="Kepmendagri uji", actor=None, **kwargs
    )


def _xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _assert_nothing_written():
    assert VersiWilayah.objects.count() == 0
    assert Wilayah.objects.count() == 0
    assert AuditLog.objects.count() == 0


def test_import_writes_tree_and_one_audit_row(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(GOOD)
    result = _import(path)
    assert result.created is True
    assert result.counts == {"provinsi": 1, "kabkota": 1, "kecamatan": 1, "desa": 1}
    desa = Wilayah.objects.get(kode="33.03.01.2001")
    assert (desa.tingkat, desa.induk_kode, desa.nama) == (4, "33.03.01", "Kedungbenda")
    assert result.versi.is_active is True
    audit = AuditLog.objects.get()
    assert audit.action == "wilayah.import"
    assert (audit.target_type, audit.target_id) == ("wilayah.versiwilayah", str(result.versi.pk))
    assert audit.after == {**(audit.after or {}), "desa": 1}
    assert audit.actor_label == "sistem"


def test_import_of_the_shipped_2025_list_has_the_official_counts():
    result = wilayah_import(
        path=DEFAULT_FILE, versi_kode=DEFAULT_VERSI_KODE, keputusan=DEFAULT_KEPUTUSAN, actor=None
    )
    assert result.counts == {"provinsi": 38, "kabkota": 514, "kecamatan": 7_285, "desa": 83_762}
    assert Wilayah.objects.filter(versi=result.versi).count() == 91_599


def test_reimport_of_same_list_is_a_no_op(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(GOOD)
    _import(path)
    again = _import(path)
    assert again.created is False
    assert Wilayah.objects.count() == 4
    assert AuditLog.objects.count() == 1


def test_reimport_of_a_different_list_under_same_versi_is_refused(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(GOOD)
    _import(path)
    path.write_text(GOOD.replace("Kedungbenda", "Kedung Benda"))
    with pytest.raises(InvalidInput) as info:
        _import(path)
    assert "sudah diimpor dengan isi yang berbeda" in info.value.message
    assert Wilayah.objects.filter(nama="Kedung Benda").count() == 0


def test_new_versi_becomes_the_only_active_one(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(GOOD)
    first = _import(path, versi="a").versi
    second = _import(path, versi="b").versi
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (False, True)
    third = _import(path, versi="c", activate=False).versi
    assert third.is_active is False


def test_xlsx_and_semicolon_csv_are_read(tmp_path):
    rows = [["Kode", "Nama"], ["33", "Jawa Tengah"], [None, None], ["33.03", "Kab. Purbalingga"]]
    assert _import(_xlsx(tmp_path / "w.xlsx", rows), versi="x").counts["kabkota"] == 1
    semi = tmp_path / "w.csv"
    semi.write_text("kode;nama\n33;Jawa Tengah\n")
    assert _import(semi, versi="s").counts["provinsi"] == 1


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        pytest.param("w.csv", b"", "kosong", id="empty-file"),
        pytest.param("w.csv", b"kode,nama\n", "tidak berisi baris data", id="header-only"),
        pytest.param(
            "w.csv",
            b"code,name\n33,Jawa\n",
            "Kolom wajib tidak ada: kode, nama",
            id="wrong-columns",
        ),
        pytest.param(
            "w.xlsx", b"kode,nama\n33,Jawa\n", "bukan berkas Excel (.xlsx)", id="not-excel"
        ),
        pytest.param("w.xlsx", b"PK\x03\x04rubbish", "bukan berkas Excel (.xlsx)", id="broken-zip"),
        pytest.param("w.pdf", b"%PDF-1.4", "tidak didukung; gunakan CSV atau XLSX", id="pdf"),
        pytest.param("w.xls", b"\xd0\xcf\x11\xe0rest", "Excel lama (.xls)", id="old-xls"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as info:
        _import(path)
    assert fragment in info.value.message
    assert info.value.errors
    _assert_nothing_written()


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(
        "kode,nama\n33,Jawa Tengah\n33.03,\n33.70,Tidak ada\n33,Jawa Tengah lagi\n33.03.01.2001,Tanpa induk\n"
    )
    with pytest.raises(InvalidInput) as info:
        _import(path)
    got = [(e.row, e.field) for e in info.value.errors]
    assert got == [(3, "nama"), (4, "kode"), (5, "kode"), (6, "kode")]
    assert "baris 3, kolom nama: Nama wilayah 33.03 kosong." in [str(e) for e in info.value.errors]
    assert "4 kesalahan; tidak ada yang disimpan" in info.value.message
    _assert_nothing_written()


def test_xlsx_bad_rows_carry_spreadsheet_row_numbers(tmp_path):
    path = _xlsx(tmp_path / "w.xlsx", [["kode", "nama"], ["33", "Jawa Tengah"], ["3", "Salah"]])
    with pytest.raises(InvalidInput) as info:
        _import(path)
    assert [(e.row, e.field) for e in info.value.errors] == [(3, "kode")]
    _assert_nothing_written()


def test_command_imports_and_reports_errors(tmp_path, capsys):
    path = tmp_path / "w.csv"
    path.write_text(GOOD)
    call_command("wilayah", "import", "--file", str(path), "--versi", "uji", "--keputusan", "K")
    assert "1 desa/kelurahan" in capsys.readouterr().out
    path.write_text("kode,nama\n33,\n")
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("wilayah", "import", "--file", str(path), "--versi", "v2", "--keputusan", "K")
    assert "SALAH: baris 2, kolom nama" in capsys.readouterr().err
    with pytest.raises(CommandError, match="--versi dan --keputusan"):
        call_command("wilayah", "import", "--file", str(path))
