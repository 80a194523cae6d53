"""Imports of venues, trainers, questions and scores: good files land whole, a bad file names
each bad row and field and writes nothing. Questions can also be added one by one."""

import datetime as dt

import pytest
from openpyxl import Workbook

from selenggara.bimtek.models import (
    JadwalTPS,
    ModulBimtek,
    NilaiTes,
    PelatihBimtek,
    SesiBimtek,
    SoalTes,
    TempatBimtek,
)
from selenggara.bimtek.services import (
    kehadiran_record,
    nilai_import,
    pelatih_import,
    rencana_plan,
    soal_create,
    soal_import,
    tempat_import,
)
from selenggara.bimtek.tests.conftest import anggota_make
from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _xlsx(tmp_path, name, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def _errors(exc_info):
    return [(e.row, e.field) for e in exc_info.value.errors]


# --- venues -------------------------------------------------------------------------------


def test_venues_import_from_xlsx_with_their_days_and_slots(rencana, kpu_kab, tmp_path):
    path = _xlsx(
        tmp_path,
        "tempat.xlsx",
        [
            ["desa_kode", "nama", "kapasitas", "alamat", "tanggal", "sesi"],
            ["33.03.01.2001", "Balai Desa Kedungbenda", 35, "Jl. Raya 1", "2024-01-27", "1"],
            ["33.03.01.2002", "SD Negeri 1", "28", None, None, None],
        ],
    )

    summary = tempat_import(rencana=rencana, path=path, actor=kpu_kab)

    assert summary.jumlah == 2
    balai = TempatBimtek.objects.get(rencana=rencana, nama="Balai Desa Kedungbenda")
    assert (balai.kecamatan_kode, balai.kapasitas, balai.alamat) == ("33.03.01", 35, "Jl. Raya 1")
    assert (balai.tanggal_tersedia, balai.slot_tersedia) == (["2024-01-27"], [0])
    sd = TempatBimtek.objects.get(rencana=rencana, nama="SD Negeri 1")
    assert (sd.kapasitas, sd.tanggal_tersedia, sd.slot_tersedia) == (28, [], [])
    assert AuditLog.objects.filter(action="bimtek.tempat_import").count() == 1


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("33.09.99.2001,Aula,30,,,", "desa_kode"),
        ("33.03.01.2001,,30,,,", "nama"),
        ("33.03.01.2001,Aula,nol,,,", "kapasitas"),
        ("33.03.01.2001,Aula,0,,,", "kapasitas"),
        ("33.03.01.2001,Aula,30,,2024-02-30,", "tanggal"),
        ("33.03.01.2001,Aula,30,,2024-03-01,", "tanggal"),
        ("33.03.01.2001,Aula,30,,,3", "sesi"),
        ("33.03.01.2001,Aula,30,,,pagi", "sesi"),
    ],
)
def test_a_bad_venue_row_is_named_and_nothing_is_written(rencana, kpu_kab, tmp_path, row, field):
    path = _csv(
        tmp_path,
        "tempat.csv",
        "desa_kode,nama,kapasitas,alamat,tanggal,sesi\n33.03.01.2002,Balai Baik,20,,,\n" + row,
    )
    before = TempatBimtek.objects.count()

    with pytest.raises(InvalidInput, match="tidak ada yang disimpan") as exc_info:
        tempat_import(rencana=rencana, path=path, actor=kpu_kab)

    assert _errors(exc_info) == [(3, field)]
    assert TempatBimtek.objects.count() == before


def test_a_venue_listed_twice_and_a_file_without_a_column_are_refused(rencana, kpu_kab, tmp_path):
    twice = _csv(
        tmp_path,
        "dua.csv",
        "desa_kode,nama,kapasitas\n33.03.01.2001,Aula,20\n33.03.01.2001,Aula,30",
    )
    with pytest.raises(InvalidInput) as exc_info:
        tempat_import(rencana=rencana, path=twice, actor=kpu_kab)
    assert _errors(exc_info) == [(3, "nama")]

    missing = _csv(tmp_path, "kurang.csv", "desa_kode,nama\n33.03.01.2001,Aula")
    with pytest.raises(InvalidInput, match="kapasitas"):
        tempat_import(rencana=rencana, path=missing, actor=kpu_kab)


# --- trainers -----------------------------------------------------------------------------


def test_trainers_import_with_kind_by_code_or_label_and_their_availability(
    rencana, kpu_kab, tmp_path
):
    path = _csv(
        tmp_path,
        "pelatih.csv",
        "kecamatan_kode,nama,jenis,tanggal,sesi\n"
        "33.03.01,AKP Budi Santoso,Kepolisian,2024-01-27,\n"
        "33.03.01,Sari Jaksa,jaksa,2024-01-27;2024-01-28,1\n"
        "33.03.01,PPK 0,ppk,,\n",
    )

    summary = pelatih_import(rencana=rencana, path=path, actor=kpu_kab)

    assert summary.jumlah == 3
    rows = {
        p.nama: (p.jenis, p.tanggal_tersedia, p.slot_tersedia)
        for p in PelatihBimtek.objects.filter(rencana=rencana)
    }
    assert rows["AKP Budi Santoso"] == ("polisi", ["2024-01-27"], [])
    assert rows["Sari Jaksa"] == ("jaksa", ["2024-01-27", "2024-01-28"], [0])
    assert rows["PPK 0"] == ("ppk", [], [])  # replaced, not added twice
    assert PelatihBimtek.objects.filter(rencana=rencana).count() == 4
    assert AuditLog.objects.filter(action="bimtek.pelatih_import").count() == 1


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("33.03.09,Budi,ppk,,", "kecamatan_kode"),
        ("33.03.01,,ppk,,", "nama"),
        ("33.03.01,Budi,tentara,,", "jenis"),
        ("33.03.01,Budi,ppk,27-01-2024,", "tanggal"),
        ("33.03.01,Budi,ppk,,2", "sesi"),
    ],
)
def test_a_bad_trainer_row_is_named_and_nothing_is_written(rencana, kpu_kab, tmp_path, row, field):
    path = _csv(
        tmp_path,
        "pelatih.csv",
        "kecamatan_kode,nama,jenis,tanggal,sesi\n33.03.01,Ani,pps,,\n" + row,
    )

    with pytest.raises(InvalidInput, match="Berkas pelatih") as exc_info:
        pelatih_import(rencana=rencana, path=path, actor=kpu_kab)

    assert _errors(exc_info) == [(3, field)]
    assert not PelatihBimtek.objects.filter(nama="Ani").exists()


def test_the_planner_puts_sessions_only_when_a_trainer_can_teach(rencana, kpu_kab, tmp_path):
    """The two trainers can teach only on the 27th and 28th: no session on the 26th."""
    path = _csv(
        tmp_path,
        "pelatih.csv",
        "kecamatan_kode,nama,jenis,tanggal\n"
        "33.03.01,PPK 0,ppk,2024-01-27;2024-01-28\n"
        "33.03.01,PPK 1,ppk,2024-01-27;2024-01-28\n",
    )
    pelatih_import(rencana=rencana, path=path, actor=kpu_kab)

    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    days = set(SesiBimtek.objects.filter(rencana=rencana).values_list("tanggal", flat=True))
    assert days <= {dt.date(2024, 1, 27), dt.date(2024, 1, 28)}
    assert JadwalTPS.objects.filter(rencana=rencana).count() == 3


def test_the_planner_keeps_to_the_slots_a_trainer_gave(rencana, kpu_kab, tmp_path):
    rencana.slot_per_hari = 2
    rencana.save(update_fields=["slot_per_hari"])
    path = _csv(
        tmp_path,
        "pelatih.csv",
        "kecamatan_kode,nama,jenis,sesi\n33.03.01,PPK 0,ppk,2\n33.03.01,PPK 1,ppk,2\n",
    )
    pelatih_import(rencana=rencana, path=path, actor=kpu_kab)

    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    assert set(SesiBimtek.objects.filter(rencana=rencana).values_list("slot", flat=True)) == {1}


# --- questions ----------------------------------------------------------------------------


def test_a_question_bank_with_bad_rows_names_each_and_keeps_the_old_bank(
    rencana, kpu_kab, tmp_path
):
    modul = ModulBimtek.objects.get(rencana=rencana, kode="c_hasil")
    soal_import(
        modul=modul,
        path=_csv(tmp_path, "baik.csv", "nomor,pertanyaan,a,b,kunci\n1,Berapa anggota KPPS?,5,7,b"),
        actor=kpu_kab,
    )
    bad = _csv(
        tmp_path,
        "soal.csv",
        "nomor,pertanyaan,a,b,c,d,kunci\n"
        "1,Siapa menandatangani C.Hasil?,KPPS,PPS,,,a\n"
        "x,Pertanyaan,ya,tidak,,,a\n"
        "1,Nomor ganda,ya,tidak,,,a\n"
        "3,,ya,tidak,,,a\n"
        "4,Kunci salah,ya,tidak,,,d\n"
        "5,Satu pilihan,ya,,,,a\n",
    )

    with pytest.raises(InvalidInput, match="Berkas soal") as exc_info:
        soal_import(modul=modul, path=bad, actor=kpu_kab)

    assert _errors(exc_info) == [
        (3, "nomor"),
        (4, "nomor"),
        (5, "pertanyaan"),
        (6, "kunci"),
        (7, "pilihan"),
    ]
    assert list(SoalTes.objects.filter(modul=modul).values_list("pertanyaan", flat=True)) == [
        "Berapa anggota KPPS?"
    ]


def test_a_question_is_added_at_the_end_of_the_bank_and_audited(rencana, kpu_kab):
    modul = ModulBimtek.objects.get(rencana=rencana, kode="foto")

    first = soal_create(
        modul=modul,
        pertanyaan=" Berapa sudut penanda yang harus tampak? ",
        pilihan={"a": "2", "b": "4", "c": " ", "d": ""},
        kunci="B",
        actor=kpu_kab,
    )
    second = soal_create(
        modul=modul,
        pertanyaan="Foto diambil dengan?",
        pilihan={"a": "Kamera belakang", "b": "Depan"},
        kunci="a",
        actor=kpu_kab,
    )

    assert (first.nomor, first.pertanyaan, first.pilihan, first.kunci) == (
        1,
        "Berapa sudut penanda yang harus tampak?",
        {"a": "2", "b": "4"},
        "b",
    )
    assert second.nomor == 2
    assert AuditLog.objects.filter(action="bimtek.soal_create").count() == 2


@pytest.mark.parametrize(
    ("soal", "fields"),
    [
        (("", {"a": "ya", "b": "tidak"}, "a"), ["pertanyaan"]),
        (("Tanya", {"a": "ya"}, "a"), ["pilihan"]),
        (("Tanya", {"a": "ya", "b": "tidak"}, "c"), ["kunci"]),
        (("", {}, ""), ["pertanyaan", "pilihan", "kunci"]),
    ],
)
def test_a_bad_question_is_refused_naming_its_fields(rencana, kpu_kab, soal, fields):
    pertanyaan, pilihan, kunci = soal
    modul = ModulBimtek.objects.get(rencana=rencana, kode="foto")

    with pytest.raises(InvalidInput, match="Soal tidak disimpan") as exc_info:
        soal_create(modul=modul, pertanyaan=pertanyaan, pilihan=pilihan, kunci=kunci, actor=kpu_kab)

    assert [e.field for e in exc_info.value.errors] == fields
    assert not SoalTes.objects.filter(modul=modul).exists()


# --- scores -------------------------------------------------------------------------------


@pytest.fixture
def sesi_hadir(rencana, kpu_kab, wilayah_tree):
    """A planned session whose first TPS has its seven members appointed, two checked in."""
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    tps = wilayah_tree.tps_list[0]
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi
    members = anggota_make(tps)
    for anggota in members[:2]:
        kehadiran_record(sesi=sesi, anggota=anggota, cara="centang", actor=kpu_kab)
    return sesi, tps, members


def test_scores_import_for_the_members_checked_in(sesi_hadir, kpu_kab, tmp_path):
    sesi, tps, members = sesi_hadir
    path = _xlsx(
        tmp_path,
        "nilai.xlsx",
        [
            ["tps_kode", "posisi", "modul", "pre", "post"],
            [tps.kode, 1, "c_hasil", 40, 90],
            [tps.kode, "2", "c_hasil", "55", None],
        ],
    )

    summary = nilai_import(sesi=sesi, path=path, actor=kpu_kab)

    assert summary.jumlah == 2
    scores = {
        n.anggota_id: (n.pre, n.post)
        for n in NilaiTes.objects.filter(sesi=sesi, modul__kode="c_hasil")
    }
    assert scores == {members[0].pk: (40, 90), members[1].pk: (55, None)}
    assert AuditLog.objects.filter(action="bimtek.nilai_import").count() == 1


def test_a_bad_score_row_is_named_and_nothing_is_written(
    sesi_hadir, kpu_kab, tmp_path, wilayah_tree
):
    sesi, tps, _members = sesi_hadir
    other = next(
        t for t in wilayah_tree.tps_list if not JadwalTPS.objects.filter(sesi=sesi, tps=t).exists()
    )
    path = _csv(
        tmp_path,
        "nilai.csv",
        "tps_kode,posisi,modul,pre,post\n"
        f"{tps.kode},1,c_hasil,40,90\n"
        f"{tps.kode},3,c_hasil,40,90\n"  # not checked in
        f"{other.kode},1,c_hasil,40,90\n"  # not at this session
        f"{tps.kode},1,menari,40,90\n"  # no such module
        f"{tps.kode},2,c_hasil,101,\n"
        f"{tps.kode},2,foto,,delapan\n"
        f"{tps.kode},1,c_hasil,50,95\n",  # twice
    )

    with pytest.raises(InvalidInput, match="Berkas nilai") as exc_info:
        nilai_import(sesi=sesi, path=path, actor=kpu_kab)

    assert _errors(exc_info) == [
        (3, "posisi"),
        (4, "posisi"),
        (5, "modul"),
        (6, "pre"),
        (7, "post"),
        (8, "modul"),
    ]
    assert not NilaiTes.objects.filter(sesi=sesi).exists()
