"""Access selectors of the appointment half: one test per condition; unknown = forbidden."""

from __future__ import annotations

import pytest

from selenggara.core.errors import NotAccessible
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pembentukan.penetapan.access import (
    anggota_get_for_actor,
    tps_get_for_penetapan,
    wilayah_get_for_penetapan,
    wilayah_start_for_penetapan,
)
from selenggara.pembentukan.penetapan.services import kpps_tetapkan
from selenggara.pembentukan.tests.penetapan.builders import calon_many

pytestmark = pytest.mark.django_db


class TestTPS:
    def test_own_desa(self, pemilihan, pps):
        assert (
            tps_get_for_penetapan(actor=pps, pemilihan=pemilihan, kode="3303012001001").nomor == 1
        )

    @pytest.mark.parametrize("kode", ["bukan", "3303012002001", "3303012001009"])
    def test_malformed_foreign_and_unknown_look_the_same(self, pemilihan, pps, kode):
        with pytest.raises(NotAccessible, match="TPS tidak ditemukan"):
            tps_get_for_penetapan(actor=pps, pemilihan=pemilihan, kode=kode)

    def test_a_tps_scope_sees_nothing(self, pemilihan, kpps):
        with pytest.raises(NotAccessible):
            tps_get_for_penetapan(actor=kpps, pemilihan=pemilihan, kode="3303012001001")


class TestWilayah:
    def test_inside_the_scope(self, pemilihan, ppk):
        wilayah = wilayah_get_for_penetapan(actor=ppk, pemilihan=pemilihan, kode="33.03.01.2002")
        assert wilayah.nama == "Bokol"

    @pytest.mark.parametrize("kode", ["x", "33.03", "33.03.01.2009"])
    def test_malformed_ancestor_and_unknown_look_the_same(self, pemilihan, ppk, kode):
        with pytest.raises(NotAccessible, match="Wilayah tidak ditemukan"):
            wilayah_get_for_penetapan(actor=ppk, pemilihan=pemilihan, kode=kode)

    def test_start_is_the_widest_region_scope(self, pemilihan, pps, kpps, kpu_kab):
        assert wilayah_start_for_penetapan(actor=pps, pemilihan=pemilihan) == "33.03.01.2001"
        assert wilayah_start_for_penetapan(actor=kpu_kab, pemilihan=pemilihan) == "33.03"
        assert wilayah_start_for_penetapan(actor=kpps, pemilihan=pemilihan) is None


class TestAnggota:
    @pytest.fixture
    def anggota(self, pemilihan, desa_b, tps_b1, pps_bokol) -> AnggotaKPPS:
        calon_many(pemilihan, desa_b, 7, tps=tps_b1)
        kpps_tetapkan(tps=tps_b1, actor=pps_bokol)
        member = AnggotaKPPS.objects.first()
        assert member is not None
        return member

    def test_in_scope(self, pemilihan, anggota, pps_bokol, ppk):
        assert anggota_get_for_actor(actor=pps_bokol, pemilihan=pemilihan, pk=anggota.pk) == anggota
        assert anggota_get_for_actor(actor=ppk, pemilihan=pemilihan, pk=anggota.pk) == anggota

    def test_other_desa_and_unknown_look_the_same(self, pemilihan, anggota, pps):
        for pk in (anggota.pk, 999_999):
            with pytest.raises(NotAccessible, match="Anggota KPPS tidak ditemukan"):
                anggota_get_for_actor(actor=pps, pemilihan=pemilihan, pk=pk)
