"""Make-up sessions are planned by the planner, around the sessions already held or planned."""

import datetime as dt

import pytest

from selenggara.bimtek.models import JadwalTPS, PesertaSusulan, SesiBimtek, TempatBimtek
from selenggara.bimtek.services import (
    PlanRefused,
    kehadiran_record,
    rencana_plan,
    sesi_close,
    susulan_schedule,
)
from selenggara.bimtek.tests.conftest import SELESAI, anggota_make
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db

KEC = "33.03.01"


def _first_wave_closed(rencana, kpu_kab, wilayah_tree):
    """Plan; appoint every member of the TPS of the session that seats two teams; one member
    of its first TPS comes; close the session; then add two days to the window, so days remain
    after it whichever day the planner gave it. Returns the closed session and the members
    who missed it (of two TPS)."""
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    first = next(s for s in SesiBimtek.objects.filter(rencana=rencana) if s.jadwal_set.count() == 2)
    rencana.tanggal_selesai = SELESAI + dt.timedelta(days=2)
    rencana.save(update_fields=["tanggal_selesai"])
    tps_list = [
        j.tps
        for j in JadwalTPS.objects.filter(sesi=first).select_related("tps").order_by("tps__kode")
    ]
    members = [a for tps in tps_list for a in anggota_make(tps)]
    kehadiran_record(sesi=first, anggota=members[0], cara="centang", actor=kpu_kab)
    sesi_close(sesi=first, actor=kpu_kab)
    return first, members[1:]


def test_make_up_goes_to_a_free_slot_after_the_closed_session(rencana, kpu_kab, wilayah_tree):
    closed, absent = _first_wave_closed(rencana, kpu_kab, wilayah_tree)
    busy = set(
        SesiBimtek.objects.filter(rencana=rencana).values_list("tempat_id", "tanggal", "slot")
    )

    sesi_list = susulan_schedule(rencana=rencana, kecamatan_kode=KEC, actor=kpu_kab)

    invited = set(
        PesertaSusulan.objects.filter(sesi__in=sesi_list).values_list("anggota_id", flat=True)
    )
    assert invited == {a.pk for a in absent}
    for sesi in sesi_list:
        assert sesi.susulan
        assert sesi.tanggal > closed.tanggal
        assert (sesi.tempat_id, sesi.tanggal, sesi.slot) not in busy
        assert sesi.susulan_set.count() <= sesi.tempat.kapasitas
    assert AuditLog.objects.filter(action="bimtek.susulan_schedule").count() == len(sesi_list)


def test_make_up_splits_teams_over_halls_when_one_cannot_seat_them(rencana, kpu_kab, wilayah_tree):
    _closed, absent = _first_wave_closed(rencana, kpu_kab, wilayah_tree)
    assert len({a.tps_id for a in absent}) == 2
    TempatBimtek.objects.filter(rencana=rencana).update(kapasitas=7)
    TempatBimtek.objects.create(
        rencana=rencana,
        kecamatan_kode=KEC,
        desa_kode="33.03.01.2002",
        nama="Balai Desa Bokol",
        kapasitas=7,
    )

    sesi_list = susulan_schedule(rencana=rencana, kecamatan_kode=KEC, actor=kpu_kab)

    assert len(sesi_list) == 2
    for sesi in sesi_list:
        tps = {p.anggota.tps_id for p in sesi.susulan_set.select_related("anggota")}
        assert len(tps) == 1  # a TPS's members train together
        assert sesi.susulan_set.count() <= 7


def test_make_up_without_room_is_refused_with_the_shortfall(rencana, kpu_kab, wilayah_tree):
    _first_wave_closed(rencana, kpu_kab, wilayah_tree)
    TempatBimtek.objects.filter(rencana=rencana).update(kapasitas=5)

    with pytest.raises(PlanRefused) as refused:
        susulan_schedule(rencana=rencana, kecamatan_kode=KEC, actor=kpu_kab)

    assert "Tidak ada tempat" in refused.value.message
    assert "kekurangan" in refused.value.message
    assert not SesiBimtek.objects.filter(rencana=rencana, susulan=True).exists()


def test_nobody_to_make_up_is_refused(rencana, kpu_kab):
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    with pytest.raises(PlanRefused, match="Tidak ada peserta"):
        susulan_schedule(rencana=rencana, kecamatan_kode=KEC, actor=kpu_kab)
