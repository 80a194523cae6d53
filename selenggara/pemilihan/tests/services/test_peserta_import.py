import gzip
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import Calon, Dapil, DapilWilayah, Partai
from selenggara.pemilihan.peserta_demo import peserta_demo_load
from selenggara.pemilihan.peserta_sintetis import (
    PESERTA_2024_DIR,
    calon_sintetis_rows,
    calon_sintetis_write,
)
from selenggara.pemilihan.selectors_peserta import dapil_for_tps
from selenggara.pemilihan.services import pemilihan_create, tps_load_distribusi_2024
from selenggara.pemilihan.services_peserta import calon_import, dapil_import, partai_import
from selenggara.wilayah.services import DEFAULT_FILE, wilayah_import

pytestmark = pytest.mark.django_db

WILAYAH_CSV = """kode,nama
11,Aceh
11.01,Kabupaten Simeulue
11.01.01,Teupah Selatan
11.01.01.2001,Latiung
31,DKI Jakarta
31.71,Kota Jakarta Pusat
31.71.01,Gambir
31.71.01.1001,Gambir
33,Jawa Tengah
33.03,Kabupaten Purbalingga
33.03.01,Kemangkon
33.03.01.2001,Kedungbenda
33.03.01.2002,Bokol
33.03.02,Bukateja
33.03.02.2001,Kutawis
33.03.02.2002,Bajong
33.04,Kabupaten Banjarnegara
33.04.01,Susukan
33.04.01.2001,Gumelem Kulon
"""
PARTAI = "nomor,nama,singkatan,provinsi_kode\n"
DAPIL = "kontestasi,kode_dapil,nama_dapil,induk,kursi,wilayah_kode\n"
CALON = "kontestasi,kode_dapil,partai,nomor_urut,nama,nama_wakil,jenis_kelamin,sintetis\n"
GOOD_PARTAI = "1,Partai Satu,P1,\n2,Partai Dua,P2,\n18,Partai Lokal,PL,11\n"
GOOD_DAPIL = (
    "ppwp,nasional,Nasional,,1,\n"
    "dprd_kabkota,pbg-1,Purbalingga 1,33.03,3,33.03.01\n"
    "dprd_kabkota,pbg-2,Purbalingga 2,33.03,3,33.03.02\n"
    "dpr,jateng-7,Jawa Tengah VII,33,7,33.03\n"
    "dpr,jateng-7,Jawa Tengah VII,33,7,33.04\n"
)


@pytest.fixture
def election(tmp_path):
    path = tmp_path / "wilayah.csv"
    path.write_text(WILAYAH_CSV, encoding="utf-8")
    versi = wilayah_import(path=path, versi_kode="uji-peserta", keputusan="uji", actor=None).versi
    return pemilihan_create(
        kode="pemilu-uji",
        nama="Pemilu uji",
        jenis="pemilu",
        hari_pemungutan=date(2024, 2, 14),
        versi_wilayah=versi,
        actor=None,
    )


def _write(tmp_path, header, body, name="berkas.csv"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def _xlsx(path, text):
    book = Workbook()
    for line in text.strip().splitlines():
        book.active.append(line.split(","))
    book.save(path)
    return path


def _errors(exc_info):
    return [(e.row, e.field, e.message) for e in exc_info.value.errors]


def _loaded(election, tmp_path):
    partai_import(pemilihan=election, path=_write(tmp_path, PARTAI, GOOD_PARTAI), actor=None)
    dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, GOOD_DAPIL, "d.csv"), actor=None)


# --- partai ------------------------------------------------------------------------------------


def test_partai_import_csv_and_xlsx(election, tmp_path):
    result = partai_import(
        pemilihan=election, path=_write(tmp_path, PARTAI, GOOD_PARTAI), actor=None
    )
    assert result.jumlah_partai == 3
    assert Partai.objects.get(pemilihan=election, nomor=18).provinsi_kode == "11"
    xlsx = _xlsx(tmp_path / "p.xlsx", PARTAI + "3,Partai Tiga,P3,\n")
    assert partai_import(pemilihan=election, path=xlsx, actor=None).jumlah_partai == 1
    audit = AuditLog.objects.filter(action="partai.import").order_by("seq")[0]
    assert audit.after == {"partai": 3, "nomor": [1, 2, 18]}


def test_partai_import_reports_every_bad_row_and_writes_nothing(election, tmp_path):
    partai_import(pemilihan=election, path=_write(tmp_path, PARTAI, "5,Lima,L5,\n"), actor=None)
    body = "x,Tanpa Nomor,X,\n1,,P1,\n1,Ganda,G,\n2,Dua,,\n3,Tiga,P3,99\n5,Lima lagi,L,\n"
    with pytest.raises(InvalidInput) as exc_info:
        partai_import(pemilihan=election, path=_write(tmp_path, PARTAI, body), actor=None)
    fields = [(row, field) for row, field, _m in _errors(exc_info)]
    assert fields == [
        (2, "nomor"),
        (3, "nama"),
        (4, "nomor"),
        (5, "singkatan"),
        (6, "provinsi_kode"),
        (7, "nomor"),
    ]
    assert "ganda" in _errors(exc_info)[2][2]
    assert "sudah terdaftar" in _errors(exc_info)[5][2]
    assert Partai.objects.filter(pemilihan=election).count() == 1


# --- dapil -------------------------------------------------------------------------------------


def test_dapil_import_writes_dapil_regions_and_one_audit_row(election, tmp_path):
    before = AuditLog.objects.count()
    result = dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, GOOD_DAPIL), actor=None)
    assert (result.jumlah_dapil, result.jumlah_wilayah, result.jumlah_dapil_diganti) == (4, 5, 0)
    dpr = Dapil.objects.get(kontestasi__pemilihan=election, kode="jateng-7")
    assert (dpr.induk_kode, dpr.kursi, dpr.nama) == ("33", 7, "Jawa Tengah VII")
    assert sorted(dpr.wilayah_set.values_list("wilayah_kode", flat=True)) == ["33.03", "33.04"]
    assert DapilWilayah.objects.get(dapil__kode="nasional").wilayah_kode == ""
    assert AuditLog.objects.count() == before + 1
    audit = AuditLog.objects.get(action="dapil.import")
    assert audit.after == {
        "dapil": 4,
        "wilayah": 5,
        "dapil_diganti": 0,
        "kontestasi": ["dpr", "dprd_kabkota", "ppwp"],
    }


def test_dapil_import_xlsx(election, tmp_path):
    path = _xlsx(tmp_path / "dapil.xlsx", DAPIL + "dpd,jateng,Jawa Tengah,33,4,33\n")
    assert dapil_import(pemilihan=election, path=path, actor=None).jumlah_dapil == 1


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        pytest.param("pilpres,x,X,,1,", "kontestasi", "tidak diselenggarakan", id="kontestasi"),
        pytest.param("gubernur,x,X,33,1,33", "kontestasi", "ppwp", id="not-in-this-election"),
        pytest.param("dpd,Jateng 1,X,33,4,33", "kode_dapil", "tidak sah", id="kode-dapil"),
        pytest.param("dpd,jateng,,33,4,33", "nama_dapil", "kosong", id="nama"),
        pytest.param("dpd,jateng,X,33,empat,33", "kursi", "bilangan bulat", id="kursi-text"),
        pytest.param("dpd,jateng,X,33,5,33", "kursi", "4-4", id="kursi-range"),
        pytest.param("dpd,jateng,X,99,4,99", "induk", "tidak ada dalam versi", id="unknown"),
        pytest.param("dpd,jateng,X,33,4,3x", "wilayah_kode", "tidak sah", id="bad-code"),
        pytest.param("dpd,jateng,X,33.03,4,33.03", "induk", "nasional atau provinsi", id="induk"),
        pytest.param("dpd,jateng,X,33,4,33.03", "wilayah_kode", "provinsi", id="level"),
        pytest.param("dpr,j,X,33.03,7,33.04", "wilayah_kode", "di luar", id="outside-induk"),
        pytest.param(
            "dprd_kabkota,j,X,31.71,3,31.71.01", "wilayah_kode", "tidak diselenggarakan", id="dki"
        ),
    ],
)
def test_dapil_import_bad_row(election, tmp_path, row, field, fragment):
    with pytest.raises(InvalidInput) as exc_info:
        dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, row + "\n"), actor=None)
    errors = _errors(exc_info)
    assert errors[0][:2] == (2, field), errors
    assert fragment in errors[0][2]
    assert not Dapil.objects.exists()


def test_dapil_rows_of_one_dapil_must_agree_and_not_repeat(election, tmp_path):
    body = (
        "dpr,j7,Jawa Tengah VII,33,7,33.03\n"
        "dpr,j7,Jawa Tengah 7,33,8,33.04\n"
        "dpr,j7,Jawa Tengah VII,33,7,33.03\n"
    )
    with pytest.raises(InvalidInput) as exc_info:
        dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, body), actor=None)
    assert [(r, f) for r, f, _m in _errors(exc_info)] == [
        (3, "kursi"),
        (3, "nama_dapil"),
        (4, "wilayah_kode"),
    ]


def test_uncovered_region_is_named_at_its_coarsest_level(election, tmp_path):
    body = "dprd_kabkota,pbg-1,Purbalingga 1,33.03,3,33.03.01\n"
    with pytest.raises(InvalidInput) as exc_info:
        dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, body), actor=None)
    ((row, field, message),) = _errors(exc_info)
    assert (row, field) == (None, "wilayah_kode")
    assert "33.03.02 Bukateja" in message
    assert "Kutawis" not in message
    assert not Dapil.objects.exists()


def test_region_covered_twice_names_both_dapil(election, tmp_path):
    body = (
        "dprd_kabkota,pbg-1,Purbalingga 1,33.03,3,33.03.01\n"
        "dprd_kabkota,pbg-2,Purbalingga 2,33.03,3,33.03.02\n"
        "dprd_kabkota,pbg-3,Purbalingga 3,33.03,3,33.03.02.2001\n"
        "dprd_kabkota,pbg-3,Purbalingga 3,33.03,3,33.03.02.2002\n"
    )
    with pytest.raises(InvalidInput) as exc_info:
        dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, body), actor=None)
    ((_row, _field, message),) = _errors(exc_info)
    assert "33.03.02 Bukateja" in message
    assert "pbg-2, pbg-3" in message


def test_dapil_reimport_replaces_unless_candidates_exist(election, tmp_path):
    _loaded(election, tmp_path)
    again = "dprd_kabkota,pbg-all,Purbalingga,33.03,12,33.03\n".replace("33.03\n", "33.03.01\n")
    again += "dprd_kabkota,pbg-all,Purbalingga,33.03,12,33.03.02\n"
    result = dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, again), actor=None)
    assert (result.jumlah_dapil, result.jumlah_dapil_diganti) == (1, 2)
    assert set(
        Dapil.objects.filter(kontestasi__jenis="dprd_kabkota").values_list("kode", flat=True)
    ) == {"pbg-all"}
    calon_import(
        pemilihan=election,
        path=_write(tmp_path, CALON, "dprd_kabkota,pbg-all,1,1,Budi,,L,1\n", "c.csv"),
        actor=None,
    )
    with pytest.raises(InvalidInput) as exc_info:
        dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, again), actor=None)
    assert "sudah memiliki calon" in _errors(exc_info)[0][2]


def test_dapil_may_not_overlap_dapil_of_another_induk(election, tmp_path):
    _loaded(election, tmp_path)
    body = "dpr,pbg,Purbalingga saja,33.03,3,33.03\n"
    with pytest.raises(InvalidInput) as exc_info:
        dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, body), actor=None)
    assert "bertumpang tindih dengan dapil jateng-7" in _errors(exc_info)[0][2]
    body = "dpr,jateng-7,Lain,33.04,3,33.04\n"
    with pytest.raises(InvalidInput) as exc_info:
        dapil_import(pemilihan=election, path=_write(tmp_path, DAPIL, body), actor=None)
    assert any("sudah dipakai" in message for _r, _f, message in _errors(exc_info))


# --- calon -------------------------------------------------------------------------------------


def test_calon_import_pairs_and_party_lists(election, tmp_path):
    _loaded(election, tmp_path)
    body = (
        "ppwp,nasional,,1,Anies Rasyid Baswedan,Abdul Muhaimin Iskandar,L,0\n"
        "dpr,jateng-7,1,1,Siti Aminah,,P,1\n"
        "dpr,jateng-7,1,2,Budi Santoso,,L,ya\n"
        "dpr,jateng-7,2,1,Budi Santoso,,l,\n"
    )
    result = calon_import(pemilihan=election, path=_write(tmp_path, CALON, body), actor=None)
    assert result.jumlah_calon == 4
    pair = Calon.objects.get(dapil__kode="nasional")
    assert (pair.nama_wakil, pair.partai, pair.sintetis) == ("Abdul Muhaimin Iskandar", None, False)
    assert Calon.objects.filter(sintetis=True).count() == 2
    audit = AuditLog.objects.get(action="calon.import")
    assert audit.after == {"calon": 4, "dapil": 2, "sintetis": 2}


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        pytest.param("pilkada,x,,1,A,B,,", "kontestasi", "tidak diselenggarakan", id="kontestasi"),
        pytest.param("dpr,jateng-9,1,1,A,,,", "kode_dapil", "tidak ada", id="dapil"),
        pytest.param("dpr,jateng-7,,1,A,,,", "partai", "harus diajukan partai", id="no-partai"),
        pytest.param("dpr,jateng-7,9,1,A,,,", "partai", "tidak terdaftar", id="unknown-partai"),
        pytest.param("dpr,jateng-7,18,1,A,,,", "partai", "Partai lokal", id="local-not-dpr"),
        pytest.param("ppwp,nasional,1,1,A,B,,", "partai", "kosongkan", id="pair-with-partai"),
        pytest.param("ppwp,nasional,,1,A,,,", "nama_wakil", "kosong", id="pair-no-wakil"),
        pytest.param("dpr,jateng-7,1,1,A,B,,", "nama_wakil", "bukan pasangan", id="wakil"),
        pytest.param("dpr,jateng-7,1,0,A,,,", "nomor_urut", "1-99", id="nomor"),
        pytest.param("dpr,jateng-7,1,1,,,,", "nama", "kosong", id="nama"),
        pytest.param("dpr,jateng-7,1,1,A,,X,", "jenis_kelamin", "L, P", id="jenis-kelamin"),
        pytest.param("dpr,jateng-7,1,1,A,,,mungkin", "sintetis", "1 (ya)", id="sintetis"),
    ],
)
def test_calon_import_bad_row(election, tmp_path, row, field, fragment):
    _loaded(election, tmp_path)
    with pytest.raises(InvalidInput) as exc_info:
        calon_import(pemilihan=election, path=_write(tmp_path, CALON, row + "\n"), actor=None)
    errors = _errors(exc_info)
    assert errors[0][:2] == (2, field), errors
    assert fragment in errors[0][2]
    assert not Calon.objects.exists()


def test_calon_duplicate_numbers_and_too_many_candidates(election, tmp_path):
    _loaded(election, tmp_path)
    calon_import(
        pemilihan=election,
        path=_write(tmp_path, CALON, "dprd_kabkota,pbg-1,1,1,A,,L,1\n"),
        actor=None,
    )
    body = (
        "dprd_kabkota,pbg-1,1,1,B,,L,1\n"  # stored already
        "dprd_kabkota,pbg-1,1,2,C,,P,1\n"
        "dprd_kabkota,pbg-1,1,2,D,,L,1\n"  # repeats row 3
        "dprd_kabkota,pbg-1,1,3,E,,L,1\n"
        "dprd_kabkota,pbg-1,1,4,F,,L,1\n"  # 4th candidate for 3 seats
        "dprd_kabkota,pbg-1,2,1,G,,P,1\n"  # another party may use 1
    )
    with pytest.raises(InvalidInput) as exc_info:
        calon_import(pemilihan=election, path=_write(tmp_path, CALON, body), actor=None)
    errors = _errors(exc_info)
    assert [(r, f) for r, f, _m in errors] == [
        (2, "nomor_urut"),
        (4, "nomor_urut"),
        (6, "nomor_urut"),
    ]
    assert "sudah terdaftar" in errors[0][2]
    assert "baris 3" in errors[1][2]
    assert "lebih dari 3 calon" in errors[2][2]
    assert Calon.objects.count() == 1


def test_local_party_stands_in_its_province_dprd(election, tmp_path):
    _loaded(election, tmp_path)
    dapil_import(
        pemilihan=election,
        path=_write(tmp_path, DAPIL, "dprd_provinsi,aceh-1,Aceh 1,11,3,11.01\n", "a.csv"),
        actor=None,
    )
    body = "dprd_provinsi,aceh-1,18,1,Teuku Umar,,L,1\n"
    result = calon_import(pemilihan=election, path=_write(tmp_path, CALON, body), actor=None)
    assert result.jumlah_calon == 1
    with pytest.raises(InvalidInput):
        calon_import(
            pemilihan=election,
            path=_write(tmp_path, CALON, "dprd_kabkota,pbg-1,18,1,A,,L,1\n"),
            actor=None,
        )


# --- console -----------------------------------------------------------------------------------


def test_console_imports_and_prints_row_errors(election, tmp_path, capsys):
    path = _write(tmp_path, PARTAI, GOOD_PARTAI)
    call_command("peserta", "import-partai", str(path), "--pemilihan", "pemilu-uji")
    assert "3 partai" in capsys.readouterr().out
    path = _write(tmp_path, DAPIL, GOOD_DAPIL, "d.csv")
    call_command("peserta", "import-dapil", str(path), "--pemilihan", "pemilu-uji")
    assert "4 dapil (5 wilayah, 0 diganti)" in capsys.readouterr().out
    path = _write(tmp_path, CALON, "dpr,jateng-7,1,1,A,,L,1\n", "c.csv")
    call_command("peserta", "import-calon", str(path), "--pemilihan", "pemilu-uji")
    assert "1 calon" in capsys.readouterr().out
    bad = _write(tmp_path, CALON, "dpr,jateng-7,1,1,A,,L,1\n", "c.csv")
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("peserta", "import-calon", str(bad), "--pemilihan", "pemilu-uji")
    assert "SALAH: baris 2, kolom nomor_urut" in capsys.readouterr().err
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("peserta", "load-2024", "--pemilihan", "tidak-ada")


# --- shipped Pemilu 2024 files -----------------------------------------------------------------


def test_synthetic_candidate_files_are_what_the_generator_writes(tmp_path):
    for path in calon_sintetis_write(out_dir=tmp_path):
        assert path.read_text(encoding="utf-8") == (PESERTA_2024_DIR / path.name).read_text(
            encoding="utf-8"
        )
    rows = calon_sintetis_rows()
    assert all(row[-1] == 1 for file_rows in rows.values() for row in file_rows)


def _jateng_election(tmp_path):
    with gzip.open(DEFAULT_FILE, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.startswith(("kode,", "11,", "33"))]
    path = tmp_path / "jateng.csv"
    path.write_text("".join(lines), encoding="utf-8")
    versi = wilayah_import(path=path, versi_kode="jateng", keputusan="uji", actor=None).versi
    return pemilihan_create(
        kode="pemilu-2024",
        nama="Pemilu 2024",
        jenis="pemilu",
        hari_pemungutan=date(2024, 2, 14),
        versi_wilayah=versi,
        actor=None,
    )


def test_shipped_2024_files_load_over_the_real_regions_once(tmp_path):
    pemilihan = _jateng_election(tmp_path)
    summary = peserta_demo_load(pemilihan=pemilihan, actor=None)
    assert summary.jumlah_partai == 24
    assert summary.jumlah_dapil == 1 + 10 + 1 + 1 + 5
    assert summary.changed
    dpr = Dapil.objects.filter(kontestasi__pemilihan=pemilihan, kontestasi__jenis="dpr")
    assert sum(d.kursi for d in dpr) == 77
    kab = Dapil.objects.filter(kontestasi__jenis="dprd_kabkota")
    assert sum(d.kursi for d in kab) == 50
    pairs = Calon.objects.filter(dapil__kontestasi__jenis="ppwp").order_by("nomor_urut")
    assert [p.nama for p in pairs] == [
        "Anies Rasyid Baswedan",
        "Prabowo Subianto",
        "Ganjar Pranowo",
    ]
    assert not pairs.filter(sintetis=True).exists()
    assert not Calon.objects.exclude(dapil__kontestasi__jenis="ppwp").filter(sintetis=False)
    audit_before = AuditLog.objects.count()
    again = peserta_demo_load(pemilihan=pemilihan, actor=None)
    assert not again.changed
    assert AuditLog.objects.count() == audit_before
    # Every Purbalingga TPS resolves to exactly one dapil of each of the five contests.
    tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix="33.03.05")
    tps = pemilihan.tps_set.order_by("kode").first()
    assert {k: d.kode for k, d in dapil_for_tps(tps=tps).items()} == {
        "ppwp": "nasional",
        "dpr": "jateng-7",
        "dpd": "jawa-tengah",
        "dprd_provinsi": "jateng-10",
        "dprd_kabkota": "purbalingga-1",
    }


def test_shipped_files_refuse_a_pilkada(election):
    election.jenis = "pilkada"
    with pytest.raises(InvalidInput):
        peserta_demo_load(pemilihan=election, actor=None)


def test_console_load_2024(tmp_path, capsys):
    pemilihan = _jateng_election(tmp_path)
    call_command("peserta", "load-2024", "--pemilihan", pemilihan.kode)
    assert "24 partai, 18 dapil" in capsys.readouterr().out
    call_command("peserta", "load-2024", "--pemilihan", pemilihan.kode)
    assert "Sudah ada sebelumnya: partai" in capsys.readouterr().out
