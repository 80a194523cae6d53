import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from selenggara.accounts.domain.peran import Peran
from selenggara.bimtek.dokumen import hadir_token, hadir_token_read
from selenggara.bimtek.models import (
    JadwalTPS,
    KehadiranBimtek,
    NilaiTes,
    RencanaBimtek,
    SesiBimtek,
)
from selenggara.bimtek.selectors import dashboard_rekap, tps_status_list
from selenggara.bimtek.services import rencana_plan, sesi_close
from selenggara.bimtek.tests.conftest import anggota_make, user_make
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import login

pytestmark = pytest.mark.django_db

KAB = "33.03"
KEC = "33.03.01"


@pytest.fixture
def planned(rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode=KAB, actor=kpu_kab, waktu_maks=5)
    tps = wilayah_tree.tps_list[0]
    anggota = anggota_make(tps)
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi
    return rencana, sesi, anggota


@pytest.fixture
def ppk(wilayah_tree):
    return user_make("ppk_bimtek", Peran.PPK, KEC)


@pytest.fixture
def pps(wilayah_tree):
    return user_make("pps_bimtek", Peran.PPS, "33.03.01.2001")


def test_plan_page_shows_the_dashboard_bars_and_kecamatan(client, planned, kpu_kab):
    html = login(client, kpu_kab).get(f"/bimtek/rencana/{KAB}/").content.decode()

    assert "<svg" in html
    assert "KEMANGKON" in html.upper()
    assert "OPTIMAL" in html


def test_kecamatan_page_lists_the_waves_for_the_ppk_who_can_replan(client, planned, ppk):
    html = login(client, ppk).get(f"/bimtek/rencana/{KAB}/{KEC}/").content.decode()

    assert 'id="gelombang"' in html
    assert 'id="rencanakan"' in html
    assert "Aula Kecamatan" in html


def test_ppk_replans_its_kecamatan(client, planned, ppk):
    response = login(client, ppk).post(f"/bimtek/rencana/{KAB}/{KEC}/rencanakan/", follow=True)

    assert "Rencana dihitung ulang" in response.content.decode()
    assert AuditLog.objects.filter(action="bimtek.rencana_plan", actor_id=ppk.pk).exists()


def test_pps_does_not_see_the_kecamatan_page_but_reads_its_session(client, planned, pps):
    _rencana, sesi, _anggota = planned
    login(client, pps)

    assert client.get(f"/bimtek/rencana/{KAB}/{KEC}/").status_code == 404
    assert client.post(f"/bimtek/rencana/{KAB}/{KEC}/rencanakan/").status_code == 404
    home = client.get("/bimtek/").content.decode()
    assert f"/bimtek/sesi/{sesi.pk}/" in home


def test_manual_move_refused_shows_the_reason(client, planned, kpu_kab, wilayah_tree):
    rencana, _sesi, _a = planned
    jadwal = {
        j.tps.kode: j.sesi
        for j in JadwalTPS.objects.filter(rencana=rencana).select_related("tps", "sesi")
    }
    full = next(s for s in jadwal.values() if s.jadwal_set.count() == 2)
    alone = next(k for k, s in jadwal.items() if s != full)

    response = login(client, kpu_kab).post(
        f"/bimtek/rencana/{KAB}/{KEC}/pindah/",
        {"tps": alone, "tempat": full.tempat_id, "tanggal": full.tanggal.isoformat(), "slot": "1"},
        follow=True,
    )

    assert "Pemindahan ditolak: Kapasitas tempat terlampaui" in response.content.decode()


def test_move_with_missing_fields_is_explained(client, planned, kpu_kab):
    response = login(client, kpu_kab).post(
        f"/bimtek/rencana/{KAB}/{KEC}/pindah/", {"tps": "x"}, follow=True
    )

    assert "Isi kode TPS" in response.content.decode()


def test_waves_as_pdf_and_xlsx(client, planned, kpu_kab):
    login(client, kpu_kab)
    pdf = client.get(f"/bimtek/rencana/{KAB}/{KEC}/gelombang.pdf")
    xlsx = client.get(f"/bimtek/rencana/{KAB}/{KEC}/gelombang.xlsx")

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Gelombang bimtek KPPS Kecamatan" in text
    assert "Aula Kecamatan" in text
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert sorted(r[6].count("33") for r in rows) == [1, 2]
    assert client.get(f"/bimtek/rencana/{KAB}/{KEC}/gelombang.doc").status_code == 404


def test_tick_and_untick_a_member(client, planned, pps):
    _r, sesi, anggota = planned
    login(client, pps)

    client.post(f"/bimtek/sesi/{sesi.pk}/hadir/", {"anggota": anggota[0].pk})
    assert KehadiranBimtek.objects.get(sesi=sesi, anggota=anggota[0]).cara == "centang"
    html = client.get(f"/bimtek/sesi/{sesi.pk}/").content.decode()
    assert "1 dari" in html
    client.post(f"/bimtek/sesi/{sesi.pk}/hadir/", {"anggota": anggota[0].pk, "hadir": "0"})
    assert not KehadiranBimtek.objects.filter(sesi=sesi).exists()


def test_qr_check_in_opens_a_confirmation_then_records(client, planned, kpu_kab):
    _r, sesi, anggota = planned
    token = hadir_token(sesi_id=sesi.pk, anggota_id=anggota[1].pk)
    login(client, kpu_kab)

    page = client.get(f"/bimtek/hadir/{token}/")
    assert anggota[1].pendaftar.nama in page.content.decode()
    client.post(f"/bimtek/hadir/{token}/")
    assert KehadiranBimtek.objects.get(sesi=sesi, anggota=anggota[1]).cara == "qr"
    assert client.get("/bimtek/hadir/bukan-token/").status_code == 404
    assert hadir_token_read("bukan-token") is None


def test_kpps_reads_its_session_but_cannot_tick(client, planned, wilayah_tree):
    _r, sesi, anggota = planned
    kpps = user_make("kpps_bimtek", Peran.KPPS_KETUA, "", tps=wilayah_tree.tps_list[0])
    login(client, kpps)

    assert client.get(f"/bimtek/sesi/{sesi.pk}/").status_code == 200
    assert (
        client.post(f"/bimtek/sesi/{sesi.pk}/hadir/", {"anggota": anggota[0].pk}).status_code == 403
    )
    other = SesiBimtek.objects.exclude(pk=sesi.pk).get()
    assert client.get(f"/bimtek/sesi/{other.pk}/").status_code == 404


def test_attendance_sheet_has_a_qr_per_member_and_no_nik(client, planned, kpu_kab):
    _r, sesi, anggota = planned
    pdf = login(client, kpu_kab).get(f"/bimtek/sesi/{sesi.pk}/daftar-hadir.pdf")

    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert anggota[0].pendaftar.nama in text
    assert anggota[0].pendaftar.nik_masked not in text
    images = sum(len(page.images) for page in reader.pages)
    assert images == 7
    undangan = client.get(f"/bimtek/sesi/{sesi.pk}/undangan.pdf")
    assert undangan["Content-Type"] == "application/pdf"


def test_scores_checklist_close_and_make_up(client, planned, kpu_kab):
    rencana, sesi, anggota = planned
    login(client, kpu_kab)
    client.post(f"/bimtek/sesi/{sesi.pk}/hadir/", {"anggota": anggota[0].pk})
    modul = rencana.modul_set.first()

    client.post(
        f"/bimtek/sesi/{sesi.pk}/nilai/",
        {"anggota": anggota[0].pk, "modul": modul.pk, "pre": "50", "post": "80"},
    )
    refused = client.post(
        f"/bimtek/sesi/{sesi.pk}/nilai/",
        {"anggota": anggota[1].pk, "modul": modul.pk, "pre": "50"},
        follow=True,
    )
    bad = client.post(
        f"/bimtek/sesi/{sesi.pk}/nilai/",
        {"anggota": anggota[0].pk, "modul": modul.pk, "pre": "x"},
        follow=True,
    )
    client.post(f"/bimtek/sesi/{sesi.pk}/simulasi/", {"butir": ["logistik", "denah"]})
    client.post(f"/bimtek/sesi/{sesi.pk}/tutup/")

    assert NilaiTes.objects.get(anggota=anggota[0]).post == 80
    assert "belum tercatat hadir" in refused.content.decode()
    assert "angka 0-100" in bad.content.decode()
    sesi.refresh_from_db()
    assert (sesi.checklist["logistik"], sesi.checklist["bilik"], sesi.ditutup_at is not None) == (
        True,
        False,
        True,
    )
    html = client.get(f"/bimtek/rencana/{KAB}/{KEC}/").content.decode()
    assert anggota[1].pendaftar.nama in html  # absent: on the make-up list
    dash = client.get(f"/bimtek/rencana/{KAB}/").content.decode()
    assert "Peringatan" in dash
    response = client.post(f"/bimtek/rencana/{KAB}/{KEC}/susulan/", follow=True)
    assert "Sesi susulan dijadwalkan" in response.content.decode()
    again = client.post(f"/bimtek/rencana/{KAB}/{KEC}/susulan/", follow=True)
    assert "Tidak ada peserta" in again.content.decode()


def test_unknown_session_and_document_are_404(client, planned, kpu_kab):
    _r, sesi, _a = planned
    login(client, kpu_kab)

    assert client.get("/bimtek/sesi/999999/").status_code == 404
    assert client.get(f"/bimtek/sesi/{sesi.pk}/lain.pdf").status_code == 404
    sesi_close(sesi=sesi, actor=kpu_kab)


def test_dashboards_count_each_tps_and_name_the_ones_at_risk(
    client, planned, kpu_kab, wilayah_tree
):
    rencana, sesi, anggota = planned
    login(client, kpu_kab)
    for member in anggota[:3]:
        client.post(f"/bimtek/sesi/{sesi.pk}/hadir/", {"anggota": member.pk})
    modul = rencana.modul_set.first()
    client.post(
        f"/bimtek/sesi/{sesi.pk}/nilai/",
        {"anggota": anggota[0].pk, "modul": modul.pk, "pre": "40", "post": "90"},
    )
    client.post(f"/bimtek/sesi/{sesi.pk}/tutup/")
    tps_in_session = set(JadwalTPS.objects.filter(sesi=sesi).values_list("tps__kode", flat=True))
    first = wilayah_tree.tps_list[0].kode

    status = {t.kode: t for t in tps_status_list(rencana=rencana, wilayah_kode=KEC)}

    # The first TPS: 3 of its 7 trained, its closed session makes the other 4 absent.
    assert (status[first].terlatih, status[first].absen, status[first].belum) == (3, 4, 0)
    assert status[first].berisiko
    for kode, t in status.items():
        if kode == first:
            continue
        # Nobody of the others checked in: at risk once their session is closed.
        closed = kode in tps_in_session
        assert (t.terlatih, t.absen, t.berisiko) == (0, 7 if closed else 0, closed)
    at_risk = sorted(k for k, t in status.items() if t.berisiko)

    html = client.get(f"/bimtek/rencana/{KAB}/{KEC}/").content.decode()
    assert f'data-tps="{first}"' in html
    assert ", ".join(at_risk) in html  # the warning names them
    assert 'id="kenaikan"' in html  # the kecamatan's own test gain
    assert ">50,0<" in html  # the gain: 90 - 40, in the Indonesian number format
    dash = client.get(f"/bimtek/rencana/{KAB}/").content.decode()
    (row,) = dashboard_rekap(rencana=rencana, wilayah_kode=KAB)
    assert (row.tps, row.terlatih, row.tps_belum_lengkap) == (3, 3, len(at_risk))
    assert f'#berisiko">{len(at_risk)}</a>' in dash
    plan = rencana.kecamatan_set.get(kecamatan_kode=KEC)
    assert f'<td class="num">{plan.batas}</td>' in dash  # the bound is shown


def test_kpu_sets_the_rules_on_the_plan_page(client, planned, kpu_kab):
    rencana = planned[0]
    login(client, kpu_kab)
    assert 'id="aturan"' in client.get(f"/bimtek/rencana/{KAB}/").content.decode()

    response = client.post(
        f"/bimtek/rencana/{KAB}/aturan/",
        {
            "hari_transportasi": ["2024-01-27"],
            "desa_jauh": "33.03.01.2002",
            "slot_per_hari": "1",
            "jam": "07.30-11.30",
            "rasio_pelatih": "35",
            "alasan": "Rapat koordinasi",
        },
        follow=True,
    )

    assert "Aturan rencana disimpan" in response.content.decode()
    rencana.refresh_from_db()
    assert (rencana.hari_transportasi, rencana.desa_jauh, rencana.rasio_pelatih) == (
        ["2024-01-27"],
        ["33.03.01.2002"],
        35,
    )
    assert rencana.jam_slot == [["07.30", "11.30"]]


def test_bad_rules_show_each_problem_and_change_nothing(client, planned, kpu_kab):
    rencana = planned[0]
    login(client, kpu_kab)

    html = client.post(
        f"/bimtek/rencana/{KAB}/aturan/",
        {
            "desa_jauh": "33.09.01.2001",
            "slot_per_hari": "1",
            "jam": "12.00-08.00",
            "rasio_pelatih": "0",
        },
        follow=True,
    ).content.decode()

    assert "3 kesalahan" in html
    assert "kolom desa_jauh: Desa 33.09.01.2001 bukan desa di kab/kota rencana ini." in html
    assert "kolom jam_slot: Jam sesi 1 tidak sah" in html
    assert "kolom rasio_pelatih" in html
    rencana.refresh_from_db()
    assert (rencana.desa_jauh, rencana.rasio_pelatih) == ([], 40)


def test_ppk_sees_no_rules_form_and_cannot_set_them(client, planned, ppk):
    login(client, ppk)

    assert 'id="aturan"' not in client.get(f"/bimtek/rencana/{KAB}/").content.decode()
    assert client.post(f"/bimtek/rencana/{KAB}/aturan/", {"rasio_pelatih": "10"}).status_code == 403


def test_kpu_plans_the_whole_kabkota_in_the_background(
    client, rencana, kpu_kab, django_capture_on_commit_callbacks
):
    login(client, kpu_kab)
    assert 'id="rencanakan-semua"' in client.get(f"/bimtek/rencana/{KAB}/").content.decode()

    # The test settings run tasks at once; the worker (`selenggara pindai pekerja`) does
    # in production, and the page refreshes itself until it ends.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/bimtek/rencana/{KAB}/rencanakan/")
    html = client.get(f"/bimtek/rencana/{KAB}/").content.decode()

    assert "Perencanaan seluruh kab/kota dimulai" in html
    rencana.refresh_from_db()
    assert rencana.perencanaan_akhir is not None
    assert (rencana.perencanaan_selesai, rencana.perencanaan_total) == (1, 1)
    assert JadwalTPS.objects.filter(rencana=rencana).count() == 3
    assert rencana.kecamatan_set.get(kecamatan_kode=KEC).status == "OPTIMAL"
    assert AuditLog.objects.filter(action="bimtek.rencana_plan", actor_id=kpu_kab.pk).exists()


def test_a_planning_still_running_shows_its_progress_and_is_not_started_twice(
    client, rencana, kpu_kab
):
    from django.utils import timezone

    RencanaBimtek.objects.filter(pk=rencana.pk).update(
        perencanaan_mulai=timezone.now(), perencanaan_total=18, perencanaan_selesai=7
    )
    login(client, kpu_kab)

    html = client.get(f"/bimtek/rencana/{KAB}/").content.decode()
    again = client.post(f"/bimtek/rencana/{KAB}/rencanakan/", follow=True).content.decode()

    assert "Perencanaan berjalan: 7 dari 18 kecamatan selesai." in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "masih berjalan" in again
    assert not JadwalTPS.objects.filter(rencana=rencana).exists()
