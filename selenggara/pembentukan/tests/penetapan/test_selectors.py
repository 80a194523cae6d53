"""Progress per region and honorarium budgets: counts, lateness, and constant query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from selenggara.pembentukan.domain.honorarium import SANTUNAN, Jabatan
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.tahapan import JADWAL_TEMPLATES
from selenggara.pembentukan.models import AnggotaKPPS, Pendaftar
from selenggara.pembentukan.penetapan.selectors import (
    Progres,
    honorarium_rekap,
    progres_get,
    terlambat_list,
)
from selenggara.pembentukan.penetapan.services import (
    DataPetugas,
    ketertiban_set,
    kpps_tetapkan,
    pelantikan_record,
)
from selenggara.pembentukan.selectors import jadwal_get
from selenggara.pembentukan.tests.penetapan.builders import calon_make, calon_many, nik_for
from selenggara.pemilihan.models import Pemilihan

pytestmark = pytest.mark.django_db
JADWAL = JADWAL_TEMPLATES["pemilu-2024/kpps"]
TODAY = date(2024, 1, 20)


@pytest.fixture
def formed(wilayah_tree, pps):
    """TPS 001 of Kedungbenda appointed (9 applicants) and inaugurated (6 present), with its
    2 Petugas Ketertiban; TPS 002 has 3 applicants, one not yet screened; Bokol has none."""
    pemilihan = wilayah_tree.pemilihan
    desa_a = wilayah_tree.desa_list[0]
    tps_a1, tps_a2 = wilayah_tree.tps_list[:2]
    calon_many(pemilihan, desa_a, 9, tps=tps_a1)
    calon_many(pemilihan, desa_a, 2, tps=tps_a2)
    calon_make(pemilihan, desa_a, tps=tps_a2, status=Pendaftar.Status.TERDAFTAR)
    calon_make(pemilihan, desa_a, status=Pendaftar.Status.TIDAK_MEMENUHI_SYARAT)
    kpps_tetapkan(tps=tps_a1, actor=pps)
    anggota = list(AnggotaKPPS.objects.filter(tps=tps_a1))
    pelantikan_record(
        pemilihan=pemilihan,
        desa=desa_a,
        waktu=timezone.now(),
        tempat="Balai Desa",
        hadir_ids=[a.pk for a in anggota[:6]],
        actor=pps,
    )
    ketertiban_set(
        tps=tps_a1,
        petugas=[
            DataPetugas(nama="A", nik=nik_for(801), jenis_kelamin=JenisKelamin.L),
            DataPetugas(nama="B", nik=nik_for(802), jenis_kelamin=JenisKelamin.P),
        ],
        actor=pps,
    )
    return wilayah_tree


def _row(page, kode):
    return next(r for r in page.baris if r.kode == kode)


class TestProgres:
    def test_per_tps_inside_a_desa(self, formed):
        page = progres_get(
            pemilihan=formed.pemilihan, wilayah=formed.desa_list[0], jadwal=None, on=TODAY
        )

        assert page.per_tps is True
        a1, a2, tanpa = _row(page, "3303012001001"), _row(page, "3303012001002"), _row(page, "-")
        assert (a1.pendaftar, a1.memenuhi_syarat, a1.ditetapkan, a1.dilantik, a1.ketertiban) == (
            9,
            9,
            7,
            6,
            2,
        )
        assert (a1.tps, a1.tps_lengkap, a1.persen_ditetapkan, a1.persen_dilantik) == (1, 1, 100, 85)
        assert (a2.pendaftar, a2.diteliti, a2.memenuhi_syarat, a2.ditetapkan) == (3, 2, 2, 0)
        assert (tanpa.nama, tanpa.pendaftar, tanpa.tps) == ("Tanpa pilihan TPS", 1, 0)
        total = page.total
        assert (total.tps, total.pendaftar, total.ditetapkan, total.tps_lengkap) == (2, 13, 7, 1)
        assert total.dibutuhkan == 14
        assert total.ketertiban_dibutuhkan == 4

    def test_rolled_up_per_desa_of_a_kecamatan(self, formed):
        page = progres_get(
            pemilihan=formed.pemilihan, wilayah=formed.kecamatan, jadwal=None, on=TODAY
        )

        a, b = _row(page, "3303012001"), _row(page, "3303012002")
        assert (a.nama, a.tps, a.pendaftar, a.ditetapkan, a.dilantik, a.tps_lengkap) == (
            "Kedungbenda",
            2,
            13,
            7,
            6,
            1,
        )
        assert (b.nama, b.tps, b.pendaftar, b.ditetapkan, b.persen_ditetapkan) == (
            "Bokol",
            1,
            0,
            0,
            0,
        )
        assert page.total.tps == 3
        assert page.total.tps_lengkap == 1

    def test_nation_rolls_up_per_provinsi(self, formed):
        page = progres_get(pemilihan=formed.pemilihan, wilayah=None, jadwal=None, on=TODAY)

        assert _row(page, "33").ditetapkan == 7
        assert page.total.nama == "Nasional"

    def test_query_count_does_not_grow_with_the_region(
        self, formed, django_assert_num_queries, pps_bokol
    ):
        # A second desa with its own KPPS must not add a query.
        pemilihan = formed.pemilihan
        desa_b, tps_b1 = formed.desa_list[1], formed.tps_list[2]
        calon_many(pemilihan, desa_b, 7, tps=tps_b1)
        kpps_tetapkan(tps=tps_b1, actor=pps_bokol)

        with django_assert_num_queries(7):
            page = progres_get(pemilihan=pemilihan, wilayah=formed.kabkota, jadwal=JADWAL, on=TODAY)

        assert page.total.ditetapkan == 14

    def test_late_stages_after_their_window(self, formed):
        after = date(2024, 3, 1)
        page = progres_get(
            pemilihan=formed.pemilihan, wilayah=formed.kecamatan, jadwal=JADWAL, on=after
        )

        assert _row(page, "3303012001").terlambat == [
            "Penelitian administrasi",
            "Penetapan",
            "Pelantikan",
        ]
        assert _row(page, "3303012002").terlambat == ["Penetapan"]

    @pytest.mark.parametrize(
        ("progres", "on", "expected"),
        [
            (Progres(kode="x", nama="x", tps=1, ditetapkan=7, dilantik=7), date(2024, 3, 1), []),
            (Progres(kode="x", nama="x", tps=1), date(2024, 1, 24), []),
            (Progres(kode="x", nama="x", tps=1), date(2024, 1, 25), ["Penetapan"]),
        ],
        ids=["done", "on-the-day", "day-after"],
    )
    def test_terlambat_list(self, progres, on, expected):
        assert terlambat_list(progres, JADWAL, on) == expected

    def test_no_schedule_is_never_late(self):
        assert terlambat_list(Progres(kode="x", nama="x", tps=1), None, date(2030, 1, 1)) == []

    def test_schedule_from_the_election(self, formed):
        assert jadwal_get(pemilihan=formed.pemilihan) is None


class TestHonorarium:
    def test_budget_per_desa_with_subtotals(self, formed):
        rekap = honorarium_rekap(pemilihan=formed.pemilihan, wilayah=formed.kabkota)

        assert rekap.tarif is not None
        assert rekap.tarif.kode == "pemilu-2024"
        (kelompok,) = rekap.kelompok
        (baris,) = kelompok.baris
        assert (baris.desa, baris.tps, kelompok.kecamatan) == ("Kedungbenda", 2, "Kemangkon")
        assert baris.orang == {
            Jabatan.KETUA_KPPS: 1,
            Jabatan.ANGGOTA_KPPS: 6,
            Jabatan.PETUGAS_KETERTIBAN: 2,
        }
        assert baris.total == 1_200_000 + 6 * 1_100_000 + 2 * 700_000
        assert rekap.total is not None
        assert rekap.total.total == baris.total == kelompok.subtotal.total
        assert rekap.kebutuhan is not None
        assert rekap.kebutuhan.total == 3 * (1_200_000 + 6 * 1_100_000 + 2 * 700_000)
        assert rekap.orang_santunan == 9
        assert [(s.jenis, s.besaran) for s in rekap.santunan] == list(SANTUNAN.items())

    def test_months_multiply(self, formed):
        rekap = honorarium_rekap(pemilihan=formed.pemilihan, wilayah=formed.kabkota, bulan=2)

        assert rekap.total is not None
        assert rekap.total.total == 2 * 9_200_000

    def test_election_without_rates(self, formed):
        Pemilihan.objects.filter(pk=formed.pemilihan.pk).update(kode="pemilu-uji")
        formed.pemilihan.refresh_from_db()

        rekap = honorarium_rekap(pemilihan=formed.pemilihan, wilayah=formed.kabkota)

        assert (rekap.tarif, rekap.total, rekap.kelompok, rekap.tps) == (None, None, [], 3)
        assert rekap.orang_santunan == 9
        assert len(rekap.santunan) == len(SANTUNAN)

    def test_query_count(self, formed, django_assert_num_queries):
        with django_assert_num_queries(4):
            honorarium_rekap(pemilihan=formed.pemilihan, wilayah=formed.kabkota)
