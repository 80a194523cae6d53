"""The appointment pages through HTTP: per role and scope, input errors, the happy paths."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from selenggara.pembentukan.domain.syarat import Pendidikan
from selenggara.pembentukan.models import (
    SKKPPS,
    AnggotaKPPS,
    KehadiranPelantikan,
    Penggantian,
    PetugasKetertiban,
)
from selenggara.pembentukan.penetapan.services import kpps_tetapkan, kriteria_peringkat_set
from selenggara.pembentukan.tests.penetapan.builders import (
    bukti_pdf,
    calon_make,
    calon_many,
    nik_for,
)
from selenggara.pembentukan.tests.penetapan.conftest import login

pytestmark = pytest.mark.django_db
BASE = "/pembentukan/penetapan"
TPS_A1, TPS_B1 = "3303012001001", "3303012002001"
DESA_A, DESA_B = "33.03.01.2001", "33.03.01.2002"


@pytest.fixture
def calon(pemilihan, desa_a, tps_a1):
    return calon_many(pemilihan, desa_a, 9, tps=tps_a1)


@pytest.fixture
def appointed(calon, tps_a1, pps):
    kpps_tetapkan(tps=tps_a1, actor=pps)
    return calon


class TestTPSPage:
    def test_pps_sees_the_proposal_and_confirms(self, calon, pps):
        client = login(Client(), pps)

        page = client.get(f"{BASE}/tps/{TPS_A1}/")
        response = client.post(f"{BASE}/tps/{TPS_A1}/", {"ketua": calon[2].pk}, follow=True)

        body = page.content.decode()
        assert page.status_code == 200
        assert calon[0].nama in body
        assert "Tetapkan 7 anggota KPPS" in body
        assert response.status_code == 200
        assert AnggotaKPPS.objects.get(posisi=1).pendaftar_id == calon[2].pk
        assert "ditetapkan" in response.content.decode()

    def test_the_pps_sees_the_elections_ranking_criteria_and_the_proposal_follows_them(
        self, pemilihan, desa_a, tps_a1, pps
    ):
        pool = calon_many(pemilihan, desa_a, 7, tps=tps_a1)
        sarjana = calon_make(
            pemilihan, desa_a, tps=tps_a1, nama="Calon Sarjana", pendidikan=Pendidikan.S1, menit=99
        )
        client = login(Client(), pps)

        default = client.get(f"{BASE}/tps/{TPS_A1}/").content.decode()
        kriteria_peringkat_set(pemilihan=pemilihan, kriteria=["waktu_daftar"], actor=None)
        waktu = client.get(f"{BASE}/tps/{TPS_A1}/").content.decode()

        assert "pendidikan lebih tinggi, lalu pendaftaran lebih awal" in default
        assert default.index(sarjana.nama) < default.index(pool[0].nama)  # S1 ranks first
        assert "Peringkat menurut pengaturan pemilihan ini: pendaftaran lebih awal." in waktu
        assert "pendidikan lebih tinggi" not in waktu
        assert waktu.index(pool[0].nama) < waktu.index(sarjana.nama)  # now a reserve

    def test_a_ketua_outside_the_seven_is_said_not_ignored(self, calon, pps):
        client = login(Client(), pps)
        notice = "Ketua yang dipilih tidak termasuk 7 anggota terpilih"

        refused = [
            notice in client.get(f"{BASE}/tps/{TPS_A1}/", {"ketua": c.pk}).content.decode()
            for c in calon
        ]

        # 9 eligible: the 7 proposed may be chosen as ketua, the 2 reserves may not.
        assert sorted(refused) == [False] * 7 + [True] * 2

    def test_warnings_are_shown_and_do_not_block(self, pemilihan, desa_a, tps_a1, pps):
        calon_many(pemilihan, desa_a, 7, tps=tps_a1, perempuan_setiap=99)
        client = login(Client(), pps)

        page = client.get(f"{BASE}/tps/{TPS_A1}/")
        response = client.post(f"{BASE}/tps/{TPS_A1}/", follow=True)

        assert "keterwakilan perempuan" in page.content.decode()
        assert "keterwakilan perempuan" in response.content.decode()
        assert AnggotaKPPS.objects.count() == 7

    def test_shortage_shows_the_cause_and_neighbours(self, pemilihan, desa_a, desa_b, tps_a1, pps):
        calon_many(pemilihan, desa_a, 5, tps=tps_a1)
        tetangga = calon_many(pemilihan, desa_b, 2)
        client = login(Client(), pps)

        page = client.get(f"{BASE}/tps/{TPS_A1}/")
        refused = client.post(f"{BASE}/tps/{TPS_A1}/")
        preview = client.get(
            f"{BASE}/tps/{TPS_A1}/", {"tambahan": [p.pk for p in tetangga], "alasan": "dekat"}
        )
        done = client.post(
            f"{BASE}/tps/{TPS_A1}/", {"tambahan": [p.pk for p in tetangga], "alasan": "dekat"}
        )

        assert "Hanya 5 pendaftar" in page.content.decode()
        assert tetangga[0].nama in page.content.decode()
        assert refused.status_code == 422
        assert "Hanya 5 pendaftar" in refused.content.decode()
        assert preview.content.decode().count("desa lain") >= 2
        assert done.status_code == 302
        assert (
            AnggotaKPPS.objects.filter(dari_desa_lain=True, alasan_desa_lain="dekat").count() == 2
        )

    def test_appointed_page_lists_members_reserves_and_paw_links(self, appointed, pps):
        body = login(Client(), pps).get(f"{BASE}/tps/{TPS_A1}/").content.decode()

        assert "KPPS 7" in body
        assert appointed[8].nama in body
        assert "Ganti (PAW)" in body

    def test_ppk_reads_but_cannot_appoint(self, calon, ppk):
        client = login(Client(), ppk)

        page = client.get(f"{BASE}/tps/{TPS_A1}/")
        response = client.post(f"{BASE}/tps/{TPS_A1}/")

        assert page.status_code == 200
        assert "Tetapkan 7 anggota KPPS" not in page.content.decode()
        assert response.status_code == 403
        assert not AnggotaKPPS.objects.exists()

    def test_pengawas_reads(self, appointed, pengawas):
        response = login(Client(), pengawas).get(f"{BASE}/tps/{TPS_A1}/")

        assert response.status_code == 200
        assert "Ganti (PAW)" not in response.content.decode()

    @pytest.mark.parametrize("kode", [TPS_B1, "3303012009001", "bukan-kode"])
    def test_other_desa_unknown_and_malformed_are_the_same_404(self, calon, pps, kode):
        response = login(Client(), pps).get(f"{BASE}/tps/{kode}/")

        assert response.status_code == 404

    def test_kpps_sees_nothing_of_the_formation(self, calon, kpps):
        client = login(Client(), kpps)

        assert client.get(f"{BASE}/tps/{TPS_A1}/").status_code == 404
        assert client.get(f"{BASE}/desa/{DESA_A}/").status_code == 404
        assert client.get(f"{BASE}/progres/").url == "/"


class TestDesaPages:
    def test_sk_set_and_pdfs(self, appointed, pps):
        client = login(Client(), pps)

        saved = client.post(
            f"{BASE}/desa/{DESA_A}/sk/", {"nomor": "3/PPS/2024", "tanggal": "2024-01-24"}
        )
        page = client.get(f"{BASE}/desa/{DESA_A}/")
        sk = client.get(f"{BASE}/desa/{DESA_A}/sk.pdf")
        roster = client.get(f"{BASE}/desa/{DESA_A}/pelantikan.pdf")

        assert saved.status_code == 302
        assert SKKPPS.objects.get().nomor == "3/PPS/2024"
        assert "3/PPS/2024" in page.content.decode()
        assert sk["Content-Type"] == "application/pdf"
        assert sk.content.startswith(b"%PDF-")
        assert roster.content.startswith(b"%PDF-")

    def test_sk_without_number_is_refused(self, appointed, pps):
        response = login(Client(), pps).post(
            f"{BASE}/desa/{DESA_A}/sk/", {"nomor": "", "tanggal": ""}
        )

        assert response.status_code == 302
        assert not SKKPPS.objects.exists()

    def test_sk_date_outside_window_reports_the_error(self, appointed, pemilihan, pps):
        from selenggara.pembentukan.tests.helpers import jadwal_open

        jadwal_open(pemilihan)
        response = login(Client(), pps).post(
            f"{BASE}/desa/{DESA_A}/sk/", {"nomor": "1/2024", "tanggal": "2000-01-01"}, follow=True
        )

        assert "di luar jadwal" in response.content.decode()
        assert not SKKPPS.objects.exists()

    def test_attendance_form(self, appointed, pps):
        client = login(Client(), pps)
        anggota = list(AnggotaKPPS.objects.order_by("posisi"))

        page = client.get(f"{BASE}/desa/{DESA_A}/pelantikan/")
        response = client.post(
            f"{BASE}/desa/{DESA_A}/pelantikan/",
            {
                "waktu": "2024-01-25T09:00",
                "tempat": "Balai Desa",
                "hadir": [a.pk for a in anggota[:5]],
            },
        )
        again = client.get(f"{BASE}/desa/{DESA_A}/pelantikan/")

        assert page.status_code == 200
        assert response.status_code == 302
        assert KehadiranPelantikan.objects.filter(hadir=True).count() == 5
        assert again.content.decode().count(" checked") == 5

    def test_attendance_form_errors(self, appointed, pps):
        response = login(Client(), pps).post(f"{BASE}/desa/{DESA_A}/pelantikan/", {"tempat": ""})

        assert response.status_code == 422

    def test_attendance_of_unknown_member(self, appointed, pps):
        response = login(Client(), pps).post(
            f"{BASE}/desa/{DESA_A}/pelantikan/",
            {"waktu": "2024-01-25T09:00", "tempat": "Balai", "hadir": [999999]},
        )

        assert response.status_code == 422

    def test_other_desa_is_404(self, appointed, pps):
        client = login(Client(), pps)

        for path in ("", "sk.pdf", "pelantikan.pdf", "pelantikan/"):
            assert client.get(f"{BASE}/desa/{DESA_B}/{path}").status_code == 404
        assert client.post(f"{BASE}/desa/{DESA_B}/sk/", {"nomor": "x"}).status_code == 404

    def test_ppk_cannot_write_the_sk(self, appointed, ppk):
        response = login(Client(), ppk).post(
            f"{BASE}/desa/{DESA_A}/sk/", {"nomor": "1", "tanggal": "2024-01-24"}
        )

        assert response.status_code == 403


class TestPAWAndKetertiban:
    def test_paw_form_replaces_from_the_reserve(self, appointed, pps):
        anggota = AnggotaKPPS.objects.get(posisi=3)
        client = login(Client(), pps)

        page = client.get(f"{BASE}/anggota/{anggota.pk}/paw/")
        response = client.post(
            f"{BASE}/anggota/{anggota.pk}/paw/",
            {
                "alasan": "meninggal_dunia",
                "keterangan": "Surat kematian dari desa.",
                "tanggal": "2024-02-01",
                "bukti": bukti_pdf(),
            },
        )

        assert page.status_code == 200
        assert response.status_code == 302
        paw = Penggantian.objects.get()
        assert (paw.anggota_baru.posisi, paw.anggota_baru.pendaftar_id) == (3, appointed[7].pk)

    def test_paw_evidence_is_served_in_scope_only(self, appointed, pps, pps_bokol, pengawas):
        anggota = AnggotaKPPS.objects.get(posisi=3)
        client = login(Client(), pps)
        client.post(
            f"{BASE}/anggota/{anggota.pk}/paw/",
            {
                "alasan": "meninggal_dunia",
                "keterangan": "x",
                "tanggal": "2024-02-01",
                "bukti": bukti_pdf(),
            },
        )
        paw = Penggantian.objects.get()

        own = client.get(f"{BASE}/paw/{paw.pk}/bukti/")
        page = client.get(f"{BASE}/tps/{TPS_A1}/").content.decode()

        assert own.status_code == 200
        assert own.content.startswith(b"%PDF")
        assert own["Content-Type"] == "application/pdf"
        assert own["Cache-Control"] == "private, no-store"
        assert f"{BASE}/paw/{paw.pk}/bukti/" in page
        assert login(Client(), pengawas).get(f"{BASE}/paw/{paw.pk}/bukti/").status_code == 200
        assert login(Client(), pps_bokol).get(f"{BASE}/paw/{paw.pk}/bukti/").status_code == 404
        assert client.get(f"{BASE}/paw/999999/bukti/").status_code == 404

    def test_paw_form_errors(self, appointed, pps):
        anggota = AnggotaKPPS.objects.get(posisi=3)
        client = login(Client(), pps)

        missing = client.post(f"{BASE}/anggota/{anggota.pk}/paw/", {"alasan": "meninggal_dunia"})
        bad_file = client.post(
            f"{BASE}/anggota/{anggota.pk}/paw/",
            {
                "alasan": "meninggal_dunia",
                "keterangan": "x",
                "tanggal": "2024-02-01",
                "bukti": io.BytesIO(b"x"),
            },
        )

        assert missing.status_code == 422
        assert bad_file.status_code == 422
        assert not Penggantian.objects.exists()

    def test_paw_of_another_desa_is_404(self, pemilihan, desa_b, tps_b1, pps, pps_bokol):
        calon_many(pemilihan, desa_b, 7, tps=tps_b1)
        kpps_tetapkan(tps=tps_b1, actor=pps_bokol)
        anggota = AnggotaKPPS.objects.first()
        assert anggota is not None

        client = login(Client(), pps)

        assert client.get(f"{BASE}/anggota/{anggota.pk}/paw/").status_code == 404
        assert client.get(f"{BASE}/anggota/999999/paw/").status_code == 404

    def test_ketertiban_form(self, tps_a1, pps):
        client = login(Client(), pps)
        data = {
            "nama_1": "Slamet",
            "nik_1": nik_for(701),
            "jenis_kelamin_1": "L",
            "nama_2": "Warsini",
            "nik_2": nik_for(702, perempuan=True),
            "jenis_kelamin_2": "P",
        }

        page = client.get(f"{BASE}/tps/{TPS_A1}/ketertiban/")
        response = client.post(f"{BASE}/tps/{TPS_A1}/ketertiban/", data)
        duplicate = client.post(f"{BASE}/tps/{TPS_A1}/ketertiban/", data | {"nik_2": nik_for(701)})
        shown = client.get(f"{BASE}/tps/{TPS_A1}/").content.decode()

        assert page.status_code == 200
        assert response.status_code == 302
        assert duplicate.status_code == 422
        assert PetugasKetertiban.objects.count() == 2
        assert "Slamet" in shown
        assert nik_for(701) not in shown

    def test_ketertiban_form_shape_errors(self, tps_a1, pps):
        response = login(Client(), pps).post(f"{BASE}/tps/{TPS_A1}/ketertiban/", {"nama_1": "x"})

        assert response.status_code == 422


class TestOversight:
    def test_progres_starts_at_the_own_region(self, appointed, pps, ppk):
        assert login(Client(), pps).get(f"{BASE}/progres/").url == f"{BASE}/progres/{DESA_A}/"
        assert login(Client(), ppk).get(f"{BASE}/progres/").url == f"{BASE}/progres/33.03.01/"

    def test_progres_page_draws_bars(self, appointed, ppk):
        body = login(Client(), ppk).get(f"{BASE}/progres/33.03.01/").content.decode()

        assert "Kedungbenda" in body
        assert "progres-bar ditetapkan" in body
        assert "width: 50%" in body  # 7 of the 14 seats of Kedungbenda's 2 TPS

    def test_progres_per_tps_links_to_the_tps(self, appointed, pps):
        body = login(Client(), pps).get(f"{BASE}/progres/{DESA_A}/").content.decode()

        assert f"{BASE}/tps/{TPS_A1}/" in body

    def test_progres_of_the_nation(self, appointed, django_user_model):
        from selenggara.accounts.domain.peran import Peran
        from selenggara.accounts.services import penugasan_assign, user_create

        user = user_create(
            username="kpu_ri",
            nama="KPU RI",
            password="Rahasia-Uji-2029!",
            actor=None,
            enforce_password_policy=False,
        )
        penugasan_assign(user=user, peran=Peran.KPU_RI, wilayah_kode="", actor=None)

        response = login(Client(), user).get(f"{BASE}/progres/")

        assert response.status_code == 200
        assert "Jawa Tengah" in response.content.decode()

    def test_progres_out_of_scope(self, appointed, pps):
        assert login(Client(), pps).get(f"{BASE}/progres/{DESA_B}/").status_code == 404

    def test_honorarium_page_and_xlsx(self, appointed, kpu_kab):
        client = login(Client(), kpu_kab)

        page = client.get(f"{BASE}/honorarium/33.03/")
        xlsx = client.get(f"{BASE}/honorarium/33.03/xlsx/")

        assert page.status_code == 200
        assert "Rp7,800,000" in page.content.decode() or "Rp7.800.000" in page.content.decode()
        workbook = load_workbook(io.BytesIO(xlsx.content))
        assert workbook["Honorarium"].cell(row=5, column=2).value == "Kedungbenda"
        body = page.content.decode()
        assert "Santunan kecelakaan kerja dan kematian" in body
        assert "Rp36,000,000" in body or "Rp36.000.000" in body
        assert workbook["Santunan"].cell(row=6, column=2).value == 36_000_000

    def test_honorarium_out_of_scope(self, appointed, pps):
        assert login(Client(), pps).get(f"{BASE}/honorarium/33.03/").status_code == 404

    def test_honorarium_without_rates(self, appointed, pemilihan, kpu_kab):
        pemilihan.kode = "pemilu-uji"
        pemilihan.save(update_fields=["kode"])

        body = login(Client(), kpu_kab).get(f"{BASE}/honorarium/33.03/").content.decode()

        assert "belum tersedia" in body
