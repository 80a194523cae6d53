import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import TPS, RingkasanWilayah
from selenggara.pemilihan.services import ringkasan_refresh, tps_import
from selenggara.wilayah.models import Wilayah

HEADER = "kode_desa,nomor,alamat,dpt_laki,dpt_perempuan\n"


def _write(tmp_path, body, name="tps.csv", header=HEADER):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def _xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_fixture_tree_has_three_tps_and_a_rollup(wilayah_tree):
    assert [t.kode for t in wilayah_tree.tps_list] == [
        "3303012001001",
        "3303012001002",
        "3303012002001",
    ]
    rows = {r.kode: r for r in RingkasanWilayah.objects.filter(pemilihan=wilayah_tree.pemilihan)}
    assert set(rows) == {"", "33", "33.03", "33.03.01", "33.03.01.2001", "33.03.01.2002"}
    national = rows[""]
    assert (national.tingkat, national.jumlah_desa, national.jumlah_tps) == (0, 2, 3)
    assert (national.jumlah_dpt, national.jumlah_dpt_laki, national.jumlah_dpt_perempuan) == (
        723,
        361,
        362,
    )
    desa = rows["33.03.01.2001"]
    assert (desa.tingkat, desa.induk_kode, desa.jumlah_tps, desa.jumlah_dpt) == (
        4,
        "33.03.01",
        2,
        523,
    )
    assert (rows["33.03"].induk_kode, rows["33"].induk_kode) == ("33", "")


def test_import_adds_tps_refreshes_rollup_and_audits_once(wilayah_tree, tmp_path):
    pemilihan = wilayah_tree.pemilihan
    before = AuditLog.objects.count()
    path = _write(tmp_path, "3303012002,2,Masjid,100,100\n33.03.01.2002,901,Lapas,10,5\n")
    result = tps_import(pemilihan=pemilihan, path=path, actor=None)
    assert (result.jumlah_tps, result.jumlah_dpt, result.jumlah_desa) == (2, 215, 1)
    khusus = TPS.objects.get(pemilihan=pemilihan, kode="3303012002901")
    assert (khusus.is_khusus, khusus.dpt, khusus.dpt_sintetis) == (True, 15, False)
    assert RingkasanWilayah.objects.get(pemilihan=pemilihan, kode="").jumlah_tps == 5
    audit = AuditLog.objects.order_by("-seq")[0]
    assert AuditLog.objects.count() == before + 1
    assert audit.action == "tps.import"
    assert audit.after == {"tps": 2, "dpt": 215, "desa": 1}


def test_xlsx_import(wilayah_tree, tmp_path):
    path = _xlsx(
        tmp_path / "tps.xlsx",
        [
            ["kode_desa", "nomor", "alamat", "dpt_laki", "dpt_perempuan", "dpt"],
            ["33.03.01.2002", 3, "Pos ronda", 50, 60, 110],
        ],
    )
    assert tps_import(pemilihan=wilayah_tree.pemilihan, path=path, actor=None).jumlah_tps == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "33.03.01.2002,2,,12a,5\n",
            [(2, "dpt_laki", "DPT laki-laki harus bilangan bulat, bukan '12a'.")],
            id="text-in-number-column",
        ),
        pytest.param(
            "33.03.01.2002,2,,-1,5\n",
            [(2, "dpt_laki", "DPT laki-laki tidak boleh negatif: -1.")],
            id="negative",
        ),
        pytest.param(
            "33.03.01.2002,2,,160,150\n",
            [
                (
                    2,
                    "dpt",
                    "DPT 310 (laki-laki 160 + perempuan 150) melebihi batas 300 pemilih per "
                    "TPS untuk pemilihan ini.",
                )
            ],
            id="dpt-over-cap",
        ),
        pytest.param(
            "33.03.01.2002,2,,1,1\n33.03.01.2002,002,,1,1\n",
            [(3, "nomor", "TPS 33.03.01.2002 nomor 002 ganda: sudah ada di baris 2.")],
            id="duplicate-row",
        ),
        pytest.param(
            "33.03.01.2009,1,,1,1\n",
            [
                (
                    2,
                    "kode_desa",
                    "Desa 33.03.01.2009 tidak ada dalam versi wilayah uji pemilihan ini.",
                )
            ],
            id="unknown-desa",
        ),
        pytest.param(
            "33.03.01.2001,1,,1,1\n",
            [(2, "nomor", "TPS 3303012001001 sudah terdaftar pada pemilihan ini.")],
            id="already-registered",
        ),
        pytest.param(
            "33.03.01.2002,0,,1,1\n33.03.01,3,,1,1\n",
            [
                (2, "nomor", "Nomor TPS harus 1-999, bukan 0."),
                (3, "kode_desa", "Kode 33.03.01 bukan kode desa/kelurahan (mis. 33.03.01.2001)."),
            ],
            id="nomor-and-desa-level",
        ),
    ],
)
def test_bad_rows_are_reported_by_row_and_field_and_nothing_is_written(
    wilayah_tree, tmp_path, body, expected
):
    before = (TPS.objects.count(), AuditLog.objects.count(), RingkasanWilayah.objects.count())
    good = "33.03.01.2002,5,Ok,10,10\n"
    with pytest.raises(InvalidInput) as info:
        tps_import(pemilihan=wilayah_tree.pemilihan, path=_write(tmp_path, body + good), actor=None)
    assert [(e.row, e.field, e.message) for e in info.value.errors] == expected
    assert "tidak ada yang disimpan" in info.value.message
    after = (TPS.objects.count(), AuditLog.objects.count(), RingkasanWilayah.objects.count())
    assert after == before


def test_dpt_total_column_must_equal_the_sum(wilayah_tree, tmp_path):
    path = _write(
        tmp_path,
        "33.03.01.2002,2,,10,10,21\n",
        header="kode_desa,nomor,alamat,dpt_laki,dpt_perempuan,dpt\n",
    )
    with pytest.raises(InvalidInput) as info:
        tps_import(pemilihan=wilayah_tree.pemilihan, path=path, actor=None)
    assert [str(e) for e in info.value.errors] == [
        "baris 2, kolom dpt: DPT jumlah 21 tidak sama dengan laki-laki 10 + perempuan 10 = 20."
    ]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        pytest.param("t.csv", "", "kosong", id="empty-file"),
        pytest.param(
            "t.csv",
            "kode_desa,nomor\n33.03.01.2002,2\n",
            "Kolom wajib tidak ada: dpt_laki, dpt_perempuan",
            id="wrong-columns",
        ),
        pytest.param("t.xlsx", "kode_desa,nomor\n", "bukan berkas Excel (.xlsx)", id="not-excel"),
    ],
)
def test_bad_files_are_refused(wilayah_tree, tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InvalidInput) as info:
        tps_import(pemilihan=wilayah_tree.pemilihan, path=path, actor=None)
    assert fragment in info.value.message
    assert TPS.objects.count() == 3


def test_xlsx_text_in_number_cell_is_reported(wilayah_tree, tmp_path):
    path = _xlsx(
        tmp_path / "tps.xlsx",
        [
            ["kode_desa", "nomor", "alamat", "dpt_laki", "dpt_perempuan"],
            ["33.03.01.2002", 2, "", "seratus", 5],
        ],
    )
    with pytest.raises(InvalidInput) as info:
        tps_import(pemilihan=wilayah_tree.pemilihan, path=path, actor=None)
    assert [(e.row, e.field) for e in info.value.errors] == [(2, "dpt_laki")]


def test_ringkasan_refresh_is_repeatable(wilayah_tree):
    first = list(RingkasanWilayah.objects.values_list("kode", "jumlah_tps", "jumlah_dpt"))
    ringkasan_refresh(pemilihan=wilayah_tree.pemilihan)
    again = list(RingkasanWilayah.objects.values_list("kode", "jumlah_tps", "jumlah_dpt"))
    assert sorted(first) == sorted(again)


def test_command_prints_row_errors_and_fails(wilayah_tree, tmp_path, capsys):
    path = _write(tmp_path, "33.03.01.2002,2,,abc,1\n")
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("tps", "import", str(path), "--pemilihan", "pemilu-2024")
    assert "SALAH: baris 2, kolom dpt_laki" in capsys.readouterr().err
    path = _write(tmp_path, "33.03.01.2002,2,,1,1\n")
    call_command("tps", "import", str(path), "--pemilihan", "pemilu-2024")
    assert "1 TPS" in capsys.readouterr().out
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("tps", "import", str(path), "--pemilihan", "nope")


def test_ringkasan_counts_desa_of_the_region_list_even_without_tps(wilayah_tree):
    Wilayah.objects.bulk_create(
        [
            Wilayah(
                versi=wilayah_tree.versi,
                kode="33.03.02",
                nama="Bukateja",
                tingkat=3,
                induk_kode="33.03",
            ),
            Wilayah(
                versi=wilayah_tree.versi,
                kode="33.03.02.2001",
                nama="Bajong",
                tingkat=4,
                induk_kode="33.03.02",
            ),
        ]
    )

    national = ringkasan_refresh(pemilihan=wilayah_tree.pemilihan)

    bukateja = RingkasanWilayah.objects.get(pemilihan=wilayah_tree.pemilihan, kode="33.03.02")
    assert (bukateja.jumlah_desa, bukateja.jumlah_tps, bukateja.jumlah_dpt) == (1, 0, 0)
    kab = RingkasanWilayah.objects.get(pemilihan=wilayah_tree.pemilihan, kode="33.03")
    assert (kab.jumlah_desa, kab.jumlah_tps, kab.jumlah_dpt) == (3, 3, 723)
    assert (national.jumlah_desa, national.jumlah_tps) == (3, 3)
