import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("bimtek", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rencanakan_json_prints_sessions_waves_and_the_summary_last(rencana):
    lines = [
        json.loads(line)
        for line in run(
            "rencanakan",
            "--pemilihan",
            "pemilu-2024",
            "--wilayah",
            "33.03",
            "--json",
            "--proses",
            "1",
        ).splitlines()
    ]

    assert {line.get("jenis") for line in lines[:-1]} == {"sesi", "gelombang"}
    assert lines[-1] == {
        "tps": 3,
        "peserta": 21,
        "sesi": 2,
        "hari": 2,
        "objektif": lines[-1]["objektif"],
        "batas": lines[-1]["objektif"],
        "gap_persen": 0.0,
        "gap_terburuk_persen": 0.0,
        "detik": lines[-1]["detik"],
        "status": "OPTIMAL",
    }
    waves = [line for line in lines if line.get("jenis") == "gelombang"]
    assert [(w["gelombang"], w["tps"]) for w in waves] in ([(1, 2), (2, 1)], [(1, 1), (2, 2)])


def test_rencanakan_text_names_the_shortfall(rencana):
    rencana.tanggal_selesai = rencana.tanggal_mulai
    rencana.save(update_fields=["tanggal_selesai"])

    out = run("rencanakan", "--pemilihan", "pemilu-2024", "--wilayah", "33.03.01", "--proses", "1")

    assert "status INFEASIBLE" in out
    assert (
        "Kecamatan Kemangkon kekurangan 7 kursi: perlu 21, tersedia 14 (26 Jan: 14). "
        "Perbaikan terkecil: tambah kapasitas Aula Kecamatan sebanyak 7 kursi per sesi."
    ) in out


def test_rencanakan_without_a_plan_says_how_to_make_one(wilayah_tree):
    with pytest.raises(CommandError, match="rencana-buat"):
        run("rencanakan", "--pemilihan", "pemilu-2024", "--wilayah", "33.03")


def test_unknown_election_is_refused(wilayah_tree):
    with pytest.raises(CommandError, match="tidak ada"):
        run("rencanakan", "--pemilihan", "x", "--wilayah", "33.03")


def test_rencana_buat_and_impor_tempat_with_row_errors(wilayah_tree, kpu_kab, tmp_path):
    out = run(
        "rencana-buat",
        "--pemilihan",
        "pemilu-2024",
        "--wilayah",
        "33.03",
        "--mulai",
        "2024-01-26",
        "--selesai",
        "2024-01-28",
        "--actor",
        kpu_kab.username,
    )
    assert "1 kecamatan" in out
    good = tmp_path / "tempat.csv"
    good.write_text(
        "desa_kode,nama,kapasitas,tanggal\n33.03.01.2001,Aula Kecamatan,70,2024-01-26;2024-01-27\n"
    )
    assert "1 tempat diimpor" in run(
        "impor-tempat", str(good), "--pemilihan", "pemilu-2024", "--wilayah", "33.03"
    )
    bad = tmp_path / "buruk.csv"
    bad.write_text("desa_kode,nama,kapasitas\n33.03.09.2001,Aula,0\n")
    with pytest.raises(CommandError, match="2 kesalahan"):
        run("impor-tempat", str(bad), "--pemilihan", "pemilu-2024", "--wilayah", "33.03")


def test_impor_jarak_reports_its_count_and_its_row_errors(rencana, tmp_path):
    good = tmp_path / "jarak.csv"
    good.write_text("desa_kode,tempat,km\n33.03.01.2002,Aula Kecamatan,4\n")
    assert "1 jarak diimpor" in run(
        "impor-jarak", str(good), "--pemilihan", "pemilu-2024", "--wilayah", "33.03"
    )
    bad = tmp_path / "buruk.csv"
    bad.write_text("desa_kode,tempat,km\n33.03.01.2002,Aula Kecamatan,-4\n")
    with pytest.raises(CommandError, match="1 kesalahan"):
        run("impor-jarak", str(bad), "--pemilihan", "pemilu-2024", "--wilayah", "33.03")


def test_impor_pelatih_reports_its_count_and_its_row_errors(rencana, tmp_path):
    good = tmp_path / "pelatih.csv"
    good.write_text("kecamatan_kode,nama,jenis,tanggal\n33.03.01,Iptu Sari,polisi,2024-01-27\n")
    assert "1 pelatih diimpor" in run(
        "impor-pelatih", str(good), "--pemilihan", "pemilu-2024", "--wilayah", "33.03"
    )
    bad = tmp_path / "buruk.csv"
    bad.write_text("kecamatan_kode,nama,jenis\n33.03.01,Iptu Sari,tentara\n")
    with pytest.raises(CommandError, match="1 kesalahan"):
        run("impor-pelatih", str(bad), "--pemilihan", "pemilu-2024", "--wilayah", "33.03")


def test_impor_nilai_stores_a_session_scores(rencana, kpu_kab, wilayah_tree, tmp_path):
    from selenggara.bimtek.models import JadwalTPS, NilaiTes
    from selenggara.bimtek.services import kehadiran_record, rencana_plan
    from selenggara.bimtek.tests.conftest import anggota_make

    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    tps = wilayah_tree.tps_list[0]
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi
    kehadiran_record(sesi=sesi, anggota=anggota_make(tps)[0], cara="qr", actor=kpu_kab)
    path = tmp_path / "nilai.csv"
    path.write_text(f"tps_kode,posisi,modul,pre,post\n{tps.kode},1,tugas,60,85\n")
    args = ["impor-nilai", str(path), "--pemilihan", "pemilu-2024", "--sesi", str(sesi.pk)]

    with pytest.raises(CommandError, match="--actor"):
        run(*args)
    assert "1 nilai diimpor" in run(*args, "--actor", kpu_kab.username)
    assert NilaiTes.objects.get(sesi=sesi).post == 85
    with pytest.raises(CommandError, match="Sesi 0 tidak ada"):
        run("impor-nilai", str(path), "--pemilihan", "pemilu-2024", "--sesi", "0")
