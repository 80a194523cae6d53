"""A member appointed by PAW after the team's session lands on the make-up list by itself."""

import datetime as dt

import pytest

from selenggara.bimtek.models import JadwalTPS
from selenggara.bimtek.selectors import susulan_list
from selenggara.bimtek.services import kehadiran_record, rencana_plan, sesi_close
from selenggara.pembentukan.domain.penetapan import AlasanPAW
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pembentukan.penetapan.services import kpps_tetapkan, paw_execute
from selenggara.pembentukan.tests.penetapan.builders import bukti_pdf, calon_many

pytestmark = pytest.mark.django_db


def test_paw_after_the_session_puts_the_new_member_on_the_make_up_list(
    rencana, kpu_kab, wilayah_tree
):
    tps = wilayah_tree.tps_list[0]
    calon_many(wilayah_tree.pemilihan, tps.desa, 9, tps=tps)  # seven members, two reserves
    kpps_tetapkan(tps=tps, actor=kpu_kab)
    rencana_plan(rencana=rencana, wilayah_kode="33.03.01", actor=kpu_kab, waktu_maks=5)
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi
    anggota = list(AnggotaKPPS.objects.filter(tps=tps).order_by("posisi"))
    for a in anggota:  # the whole team trained
        kehadiran_record(sesi=sesi, anggota=a, cara="centang", actor=kpu_kab)
    sesi_close(sesi=sesi, actor=kpu_kab)
    assert susulan_list(rencana=rencana, kecamatan_kode="33.03.01") == []

    paw = paw_execute(
        anggota=anggota[2],
        alasan=AlasanPAW.MENGUNDURKAN_DIRI,
        keterangan="Pindah domisili.",
        bukti=bukti_pdf(),
        tanggal=dt.date(2024, 2, 1),
        actor=kpu_kab,
    )

    assert susulan_list(rencana=rencana, kecamatan_kode="33.03.01") == [paw.anggota_baru]
