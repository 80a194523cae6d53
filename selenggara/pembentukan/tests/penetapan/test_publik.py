"""What the public and the applicant see of the appointment: the announcement of selection
results per desa, and the applicant's own status page following them to the end."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from selenggara.pembentukan.domain.penetapan import AlasanPAW
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.models import AnggotaKPPS, Pendaftar
from selenggara.pembentukan.penelitian.selectors import hasil_seleksi_is_open, hasil_seleksi_list
from selenggara.pembentukan.penetapan.selectors import JenisLangkah, pendaftar_langkah_list
from selenggara.pembentukan.penetapan.services import (
    kpps_tetapkan,
    paw_execute,
    pelantikan_record,
    sk_kpps_set,
)
from selenggara.pembentukan.tests.helpers import jadwal_open
from selenggara.pembentukan.tests.penetapan.builders import bukti_pdf, calon_many, nik_for

pytestmark = pytest.mark.django_db
DESA_A = "33.03.01.2001"
URL = f"/daftar-kpps/pengumuman/{DESA_A}/hasil-seleksi/"


@pytest.fixture
def calon(pemilihan, desa_a, tps_a1):
    jadwal_open(pemilihan)
    return calon_many(pemilihan, desa_a, 9, tps=tps_a1)


@pytest.fixture
def appointed(calon, tps_a1, pps):
    kpps_tetapkan(tps=tps_a1, actor=pps)
    return calon


def _status_url(pendaftar: Pendaftar) -> str:
    n = int(pendaftar.nomor_pendaftaran.removeprefix("UJI-"))
    return f"/daftar-kpps/status/{pendaftar.nomor_pendaftaran}/token-{n}/"


class TestHasilSeleksi:
    def test_lists_members_and_reserves_per_tps(self, appointed, pemilihan, desa_a):
        tps_list = hasil_seleksi_list(pemilihan=pemilihan, desa=desa_a)

        assert [t.tps_nomor for t in tps_list] == [1, 2]
        first, second = tps_list
        assert [a["posisi"] for a in first.anggota] == [1, 2, 3, 4, 5, 6, 7]
        assert first.anggota[0]["peran"] == "ketua"
        assert [a["nama"] for a in first.anggota] == [c.nama for c in appointed[:7]]
        assert [(c["peringkat"], c["nama"]) for c in first.cadangan] == [
            (8, appointed[7].nama),
            (9, appointed[8].nama),
        ]
        assert second.anggota == []
        assert second.cadangan == []

    def test_page_shows_names_but_no_personal_data(self, appointed):
        body = Client().get(URL).content.decode()

        for pendaftar in appointed:
            assert pendaftar.nama in body
        nik_list = [
            nik_for(int(p.nomor_pendaftaran[4:]), perempuan=p.jenis_kelamin == "P")
            for p in appointed
        ]
        for pendaftar, nik in zip(appointed, nik_list, strict=True):
            for secret in (
                nik,
                nik[:6],
                nik[-4:],
                pendaftar.nik_masked,
                pendaftar.nomor_pendaftaran,
                "1990-08-05",
                "05-08-1990",
                "5 Agustus 1990",
                "August 5, 1990",
                pendaftar.alamat,
                "dokumen",
            ):
                assert secret not in body, secret
        assert "Ketua KPPS" in body
        assert "Calon cadangan" in body

    def test_a_used_reserve_leaves_the_list_and_the_replacement_takes_the_seat(
        self, appointed, tps_a1, pps
    ):
        anggota = AnggotaKPPS.objects.get(tps=tps_a1, posisi=3)
        paw_execute(
            anggota=anggota,
            alasan=AlasanPAW.MENGUNDURKAN_DIRI,
            keterangan="Pindah kerja",
            bukti=bukti_pdf(),
            tanggal=timezone.localdate(),
            actor=pps,
        )

        body = Client().get(URL).content.decode()

        assert appointed[2].nama not in body
        assert appointed[7].nama in body
        first = hasil_seleksi_list(pemilihan=tps_a1.pemilihan, desa=tps_a1.desa)[0]
        assert first.anggota[2]["nama"] == appointed[7].nama
        assert [c["nama"] for c in first.cadangan] == [appointed[8].nama]

    def test_waits_for_its_window(self, appointed, pemilihan):
        jadwal_open(pemilihan, closed=frozenset({Tahapan.PENGUMUMAN_HASIL_SELEKSI}))

        body = Client().get(URL).content.decode()

        assert not hasil_seleksi_is_open(pemilihan=pemilihan)
        assert appointed[0].nama not in body
        assert "belum diumumkan" in body

    def test_before_appointment(self, calon):
        body = Client().get(URL).content.decode()

        assert "Belum ada anggota KPPS" in body
        assert calon[0].nama not in body

    def test_unknown_desa_is_404(self, calon):
        assert Client().get("/daftar-kpps/pengumuman/36.01.01.2001/hasil-seleksi/").status_code == (
            404
        )

    def test_linked_from_the_research_results_and_the_pps_desa_page(self, calon, pps):
        from selenggara.pembentukan.tests.penetapan.conftest import login

        public = Client().get(f"/daftar-kpps/pengumuman/{DESA_A}/").content.decode()
        desk = login(Client(), pps).get(f"/pembentukan/desa/{DESA_A}/").content.decode()

        assert f"/daftar-kpps/pengumuman/{DESA_A}/hasil-seleksi/" in public
        assert f"/daftar-kpps/pengumuman/{DESA_A}/hasil-seleksi/" in desk


class TestStatusFollowsTheApplicant:
    def test_screened_applicant_has_no_step(self, calon):
        assert pendaftar_langkah_list(pendaftar=calon[0]) == []
        body = Client().get(_status_url(calon[0])).content.decode()
        assert "Penetapan dan pelantikan" not in body

    def test_appointed_with_sk_and_inauguration(self, appointed, pemilihan, desa_a, pps):
        sk_kpps_set(
            pemilihan=pemilihan,
            desa=desa_a,
            nomor="12/PPS-KDB/2024",
            tanggal=timezone.localdate(),
            actor=pps,
        )
        anggota = AnggotaKPPS.objects.filter(tps__desa=desa_a).order_by("posisi")
        pelantikan_record(
            pemilihan=pemilihan,
            desa=desa_a,
            waktu=timezone.now(),
            tempat="Balai Desa",
            hadir_ids=[a.pk for a in anggota[1:]],
            actor=pps,
        )

        ketua = pendaftar_langkah_list(pendaftar=appointed[0])
        anggota_2 = pendaftar_langkah_list(pendaftar=appointed[1])
        body = Client().get(_status_url(appointed[1])).content.decode()

        assert [(s.kode, s.tps_nomor, s.posisi, s.sk_nomor) for s in ketua] == [
            (JenisLangkah.DITETAPKAN, 1, 1, "12/PPS-KDB/2024"),
            (JenisLangkah.TIDAK_HADIR, 1, None, ""),
        ]
        assert ketua[0].peran_label == "Ketua KPPS"
        assert [s.kode for s in anggota_2] == [JenisLangkah.DITETAPKAN, JenisLangkah.DILANTIK]
        assert "Ditetapkan sebagai Anggota KPPS TPS 001 (KPPS 2)" in body
        assert "SK nomor 12/PPS-KDB/2024" in body
        assert "Dilantik pada" in body

    def test_reserve_then_replacement_and_the_member_replaced(self, appointed, tps_a1, pps):
        cadangan_before = pendaftar_langkah_list(pendaftar=appointed[7])
        anggota = AnggotaKPPS.objects.get(tps=tps_a1, posisi=4)
        paw_execute(
            anggota=anggota,
            alasan=AlasanPAW.MENINGGAL_DUNIA,
            keterangan="Surat kematian dari desa",
            bukti=bukti_pdf(),
            tanggal=timezone.localdate(),
            actor=pps,
        )

        pengganti = pendaftar_langkah_list(pendaftar=appointed[7])
        diganti = pendaftar_langkah_list(pendaftar=appointed[3])
        masih_cadangan = pendaftar_langkah_list(pendaftar=appointed[8])
        body_pengganti = Client().get(_status_url(appointed[7])).content.decode()
        body_diganti = Client().get(_status_url(appointed[3])).content.decode()

        assert [(s.kode, s.peringkat, s.dipakai) for s in cadangan_before] == [
            (JenisLangkah.CADANGAN, 8, False)
        ]
        assert [(s.kode, s.posisi) for s in pengganti] == [
            (JenisLangkah.CADANGAN, None),
            (JenisLangkah.PENGGANTI, 4),
        ]
        assert pengganti[0].dipakai
        assert pengganti[1].alasan_label == "Meninggal dunia"
        assert [s.kode for s in diganti] == [JenisLangkah.DITETAPKAN, JenisLangkah.DIGANTI]
        assert [(s.kode, s.peringkat) for s in masih_cadangan] == [(JenisLangkah.CADANGAN, 9)]
        assert "calon cadangan peringkat 8 untuk TPS 001" in body_pengganti
        assert "pengganti antarwaktu (PAW)" in body_pengganti
        assert "Diganti antarwaktu (PAW)" in body_diganti

    def test_status_page_queries_do_not_grow(self, appointed, django_assert_max_num_queries):
        with django_assert_max_num_queries(12):
            Client().get(_status_url(appointed[0]))
