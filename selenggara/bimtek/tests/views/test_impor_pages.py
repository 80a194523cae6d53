"""The upload pages: venues, distances and trainers; the question bank; a session's scores."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from selenggara.accounts.domain.peran import Peran
from selenggara.bimtek.models import (
    JadwalTPS,
    KehadiranBimtek,
    NilaiTes,
    PelatihBimtek,
    SoalTes,
    TempatBimtek,
)
from selenggara.bimtek.services import kehadiran_record, rencana_plan
from selenggara.bimtek.tests.conftest import anggota_make, user_make
from selenggara.portal.tests.world import login

pytestmark = pytest.mark.django_db

KAB = "33.03"
KEC = "33.03.01"


def _file(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _xlsx(rows):
    import io

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile("tempat.xlsx", buf.getvalue())


def test_the_kpu_uploads_venues_as_xlsx_and_sees_them_listed(client, rencana, kpu_kab):
    login(client, kpu_kab)
    upload = _xlsx([["desa_kode", "nama", "kapasitas"], ["33.03.01.2002", "Balai Desa Bokol", 42]])

    response = client.post(
        f"/bimtek/rencana/{KAB}/impor/", {"jenis": "tempat", "berkas": upload}, follow=True
    )

    html = response.content.decode()
    assert "1 baris tempat bimtek diimpor" in html
    assert "Balai Desa Bokol" in html
    assert TempatBimtek.objects.filter(rencana=rencana, nama="Balai Desa Bokol").exists()


def test_a_bad_trainer_file_shows_each_row_and_field_and_stores_nothing(client, rencana, kpu_kab):
    login(client, kpu_kab)
    upload = _file(
        "pelatih.csv",
        "kecamatan_kode,nama,jenis\n33.03.01,Iptu Sari,polisi\n33.03.01,Budi,tentara\n"
        "33.03.77,Ani,pps\n",
    )

    response = client.post(f"/bimtek/rencana/{KAB}/impor/", {"jenis": "pelatih", "berkas": upload})

    assert response.status_code == 422
    html = response.content.decode()
    assert "berisi 2 kesalahan; tidak ada yang disimpan" in html
    assert '<td class="num">3</td><td>jenis</td>' in html
    assert '<td class="num">4</td><td>kecamatan_kode</td>' in html
    assert not PelatihBimtek.objects.filter(nama="Iptu Sari").exists()


def test_an_upload_without_a_file_or_of_an_unknown_kind_is_refused(client, rencana, kpu_kab):
    login(client, kpu_kab)

    no_file = client.post(f"/bimtek/rencana/{KAB}/impor/", {"jenis": "jarak"})
    unknown = client.post(f"/bimtek/rencana/{KAB}/impor/", {"jenis": "gaji"})

    assert no_file.status_code == 422
    assert "Pilih berkas CSV atau XLSX." in no_file.content.decode()
    assert unknown.status_code == 422
    assert "Jenis impor tidak dikenal." in unknown.content.decode()


def test_a_ppk_may_not_open_the_plan_imports(client, rencana, wilayah_tree):
    ppk = user_make("ppk_impor", Peran.PPK, KEC)
    login(client, ppk)

    assert client.get(f"/bimtek/rencana/{KAB}/impor/").status_code == 403
    assert client.post(f"/bimtek/rencana/{KAB}/impor/", {"jenis": "tempat"}).status_code == 403


def test_the_kpu_adds_a_question_and_a_bad_one_keeps_what_was_typed(client, rencana, kpu_kab):
    login(client, kpu_kab)
    url = f"/bimtek/rencana/{KAB}/soal/"

    good = client.post(
        url,
        {
            "modul": "foto",
            "aksi": "tambah",
            "pertanyaan": "Penanda sudut yang harus tampak?",
            "a": "Dua",
            "b": "Empat",
            "kunci": "b",
        },
        follow=True,
    )
    bad = client.post(
        url, {"modul": "foto", "aksi": "tambah", "pertanyaan": "Satu pilihan?", "a": "Ya"}
    )

    assert "Soal ditambahkan ke modul" in good.content.decode()
    assert "Penanda sudut yang harus tampak?" in good.content.decode()
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "Isi paling sedikit dua pilihan jawaban" in html
    assert "Satu pilihan?" in html  # kept in the form
    assert SoalTes.objects.filter(modul__rencana=rencana).count() == 1


def test_the_kpu_imports_a_module_bank_and_row_errors_are_named(client, rencana, kpu_kab):
    login(client, kpu_kab)
    url = f"/bimtek/rencana/{KAB}/soal/"

    good = client.post(
        url,
        {
            "modul": "c_hasil",
            "aksi": "impor",
            "berkas": _file(
                "soal.csv", "nomor,pertanyaan,a,b,kunci\n1,Siapa menandatangani?,KPPS,PPS,a\n"
            ),
        },
        follow=True,
    )
    bad = client.post(
        url,
        {
            "modul": "c_hasil",
            "aksi": "impor",
            "berkas": _file("soal.csv", "nomor,pertanyaan,a,b,kunci\n1,Tanya,ya,tidak,z\n"),
        },
    )

    assert "1 soal diimpor" in good.content.decode()
    assert bad.status_code == 422
    assert '<td class="num">2</td><td>kunci</td>' in bad.content.decode()
    assert SoalTes.objects.get(modul__kode="c_hasil").pertanyaan == "Siapa menandatangani?"


@pytest.mark.parametrize(
    ("penugasan", "status"),
    [
        ((Peran.KPU_KABKOTA, KAB), (200, 302)),
        ((Peran.PPK, KEC), (200, 403)),
        ((Peran.PPS, "33.03.01.2001"), (200, 403)),
        ((Peran.PENGAWAS, KEC), (403, 403)),
    ],
)
def test_who_reads_and_who_writes_the_question_bank(
    client, rencana, wilayah_tree, penugasan, status
):
    peran, wilayah = penugasan
    get_status, post_status = status
    login(client, user_make(f"u_{peran.value}", peran, wilayah))
    url = f"/bimtek/rencana/{KAB}/soal/"
    question = {
        "modul": "foto",
        "aksi": "tambah",
        "pertanyaan": "Q?",
        "a": "1",
        "b": "2",
        "kunci": "a",
    }

    assert client.get(url).status_code == get_status
    assert client.post(url, question).status_code == post_status


def test_a_kpps_does_not_read_the_question_bank(client, rencana, wilayah_tree):
    tps = wilayah_tree.tps_list[0]
    login(client, user_make("kpps_soal", Peran.KPPS_KETUA, tps=tps))

    assert client.get(f"/bimtek/rencana/{KAB}/soal/").status_code == 403


def test_who_runs_the_session_imports_its_scores(client, rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode=KAB, actor=kpu_kab, waktu_maks=5)
    tps = wilayah_tree.tps_list[0]
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi
    anggota = anggota_make(tps)
    kehadiran_record(sesi=sesi, anggota=anggota[0], cara="centang", actor=kpu_kab)
    login(client, kpu_kab)

    ok = client.post(
        f"/bimtek/sesi/{sesi.pk}/nilai/impor/",
        {
            "berkas": _file(
                "nilai.csv", f"tps_kode,posisi,modul,pre,post\n{tps.kode},1,tugas,50,80\n"
            )
        },
        follow=True,
    )
    bad = client.post(
        f"/bimtek/sesi/{sesi.pk}/nilai/impor/",
        {
            "berkas": _file(
                "nilai.csv", f"tps_kode,posisi,modul,pre,post\n{tps.kode},2,tugas,50,80\n"
            )
        },
        follow=True,
    )

    assert "1 nilai diimpor" in ok.content.decode()
    assert "belum tercatat hadir" in bad.content.decode()
    assert NilaiTes.objects.get(sesi=sesi).post == 80
    assert KehadiranBimtek.objects.filter(sesi=sesi).count() == 1
