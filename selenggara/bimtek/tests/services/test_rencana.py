import datetime as dt

import pytest

from selenggara.bimtek.models import (
    JadwalTPS,
    ModulBimtek,
    PelatihBimtek,
    RencanaKecamatan,
    SesiBimtek,
    TempatBimtek,
)
from selenggara.bimtek.services import (
    MoveRefused,
    jadwal_move,
    kehadiran_record,
    rencana_plan,
)
from selenggara.bimtek.tests.conftest import MULAI, anggota_make
from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import TPS
from selenggara.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def test_plan_is_created_with_its_kecamatan_and_the_curriculum(rencana):
    assert list(
        RencanaKecamatan.objects.filter(rencana=rencana).values_list("kecamatan_kode", flat=True)
    ) == ["33.03.01"]
    assert ModulBimtek.objects.filter(rencana=rencana).count() == 7
    assert AuditLog.objects.filter(action="bimtek.rencana_create").count() == 1


def test_plan_puts_three_teams_of_seven_in_two_waves_of_a_14_seat_hall(rencana, kpu_kab):
    hasil = rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    assert (hasil.status, len(hasil.jadwal)) == ("OPTIMAL", 3)
    sesi_list = list(SesiBimtek.objects.filter(rencana=rencana).order_by("tanggal"))
    assert [s.gelombang for s in sesi_list] == [1, 2]
    assert sorted(s.jadwal_set.count() for s in sesi_list) == [1, 2]
    kec = RencanaKecamatan.objects.get(rencana=rencana)
    assert (kec.status, kec.gap_persen, kec.kekurangan) == ("OPTIMAL", 0.0, [])
    audit = AuditLog.objects.get(action="bimtek.rencana_plan")
    assert audit.after == {**(audit.after or {}), "tps": 3}


def test_replanning_replaces_the_sessions(rencana, kpu_kab):
    rencana_plan(rencana=rencana, wilayah_kode="33.03.01", actor=kpu_kab, waktu_maks=5)
    rencana_plan(rencana=rencana, wilayah_kode="33.03.01", actor=kpu_kab, waktu_maks=5)

    assert JadwalTPS.objects.filter(rencana=rencana).count() == 3
    assert SesiBimtek.objects.filter(rencana=rencana).count() == 2


def test_infeasible_plan_keeps_the_explanation(rencana, kpu_kab):
    rencana.tanggal_selesai = MULAI
    rencana.save(update_fields=["tanggal_selesai"])

    hasil = rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    assert hasil.status == "INFEASIBLE"
    (item,) = RencanaKecamatan.objects.get(rencana=rencana).kekurangan
    assert (item["perlu"], item["tersedia"], item["kurang"]) == (21, 14, 7)
    assert item["perbaikan"]["jenis"] == "kapasitas"
    assert SesiBimtek.objects.filter(rencana=rencana).count() == 0


def test_plan_of_a_region_outside_the_plan_is_refused(rencana, kpu_kab):
    with pytest.raises(InvalidInput):
        rencana_plan(rencana=rencana, wilayah_kode="33.04", actor=kpu_kab)


def test_replanning_keeps_a_begun_session_and_plans_around_it(rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    tps = wilayah_tree.tps_list[0]
    anggota = anggota_make(tps, posisi_list=range(1, 2))[0]
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi
    kehadiran_record(sesi=sesi, anggota=anggota, cara="centang", actor=kpu_kab)
    kept = set(JadwalTPS.objects.filter(sesi=sesi).values_list("tps_id", flat=True))

    hasil = rencana_plan(rencana=rencana, wilayah_kode="33.03.01", actor=kpu_kab, waktu_maks=5)

    assert set(JadwalTPS.objects.filter(sesi=sesi).values_list("tps_id", flat=True)) == kept
    assert len(hasil.jadwal) == 3 - len(kept)
    assert JadwalTPS.objects.filter(rencana=rencana).count() == 3
    assert all(s.tanggal != sesi.tanggal for s in SesiBimtek.objects.exclude(pk=sesi.pk))


def _full_day(rencana, wilayah_tree):
    """The two TPS of the 14-seat hall's first wave, and the third on the second day."""
    jadwal = {
        j.tps.kode: j.sesi
        for j in JadwalTPS.objects.filter(rencana=rencana).select_related("tps", "sesi")
    }
    first = min(jadwal.values(), key=lambda s: s.tanggal)
    alone = next(kode for kode, s in jadwal.items() if s != first)
    return first, TPS.objects.get(pemilihan=wilayah_tree.pemilihan, kode=alone)


def test_move_into_a_full_session_is_refused_with_its_reason(rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    full, tps = _full_day(rencana, wilayah_tree)

    with pytest.raises(
        MoveRefused, match=r"Kapasitas tempat terlampaui.*perlu 21 kursi, tersedia 14"
    ):
        jadwal_move(
            rencana=rencana,
            tps=tps,
            tempat=full.tempat,
            tanggal=full.tanggal,
            slot=0,
            actor=kpu_kab,
        )
    assert not AuditLog.objects.filter(action="bimtek.jadwal_move").exists()


def test_move_outside_the_window_or_to_a_closed_slot_is_refused(rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    full, tps = _full_day(rencana, wilayah_tree)

    with pytest.raises(MoveRefused, match="di luar jendela"):
        jadwal_move(
            rencana=rencana,
            tps=tps,
            tempat=full.tempat,
            tanggal=dt.date(2024, 2, 1),
            slot=0,
            actor=kpu_kab,
        )
    with pytest.raises(MoveRefused, match="luar jendela bimtek"):
        jadwal_move(
            rencana=rencana, tps=tps, tempat=full.tempat, tanggal=MULAI, slot=1, actor=kpu_kab
        )


def test_move_to_a_free_day_is_accepted_audited_and_renumbers_waves(rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    _full, tps = _full_day(rencana, wilayah_tree)
    used = set(SesiBimtek.objects.filter(rencana=rencana).values_list("tanggal", flat=True))
    free = next(
        d
        for d in (MULAI, MULAI + dt.timedelta(days=1), MULAI + dt.timedelta(days=2))
        if d not in used
    )
    tempat = rencana.tempat_set.get()

    row = jadwal_move(
        rencana=rencana,
        tps=tps,
        tempat=tempat,
        tanggal=free,
        slot=0,
        actor=kpu_kab,
        reason="Balai desa dipakai",
    )

    assert (row.manual, row.sesi.tanggal) == (True, free)
    assert SesiBimtek.objects.filter(rencana=rencana).count() == 2  # the emptied session is gone
    assert sorted(
        SesiBimtek.objects.filter(rencana=rencana).values_list("gelombang", flat=True)
    ) == [1, 2]
    audit = AuditLog.objects.get(action="bimtek.jadwal_move")
    assert (audit.reason, audit.before is not None) == ("Balai desa dipakai", True)


def _second_kecamatan(rencana, wilayah_tree, *, kapasitas: int) -> None:
    """Kecamatan 33.03.02 with one desa, two TPS, one hall of ``kapasitas`` seats and a trainer."""
    versi = wilayah_tree.versi
    Wilayah.objects.create(
        versi=versi, kode="33.03.02", nama="Bukateja", tingkat=3, induk_kode="33.03"
    )
    desa = Wilayah.objects.create(
        versi=versi, kode="33.03.02.2001", nama="Bukateja", tingkat=4, induk_kode="33.03.02"
    )
    for nomor in (1, 2):
        TPS.objects.create(
            pemilihan=wilayah_tree.pemilihan,
            desa=desa,
            kode=f"3303022001{nomor:03d}",
            nomor=nomor,
            dpt_laki=100,
            dpt_perempuan=100,
            dpt=200,
        )
    RencanaKecamatan.objects.create(rencana=rencana, kecamatan_kode="33.03.02")
    TempatBimtek.objects.create(
        rencana=rencana,
        kecamatan_kode="33.03.02",
        desa_kode="33.03.02.2001",
        nama="Balai Desa Bukateja",
        kapasitas=kapasitas,
    )
    PelatihBimtek.objects.create(
        rencana=rencana, kecamatan_kode="33.03.02", nama="PPK B", jenis=PelatihBimtek.Jenis.PPK
    )


def test_each_kecamatan_keeps_its_own_figures_when_another_is_infeasible(
    rencana, kpu_kab, wilayah_tree
):
    # Kemangkon seats its three teams; Bukateja's hall seats 6, fewer than one team of 7.
    _second_kecamatan(rencana, wilayah_tree, kapasitas=6)

    hasil = rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    assert hasil.status == "INFEASIBLE"
    rows = {k.kecamatan_kode: k for k in RencanaKecamatan.objects.filter(rencana=rencana)}
    kemangkon, bukateja = rows["33.03.01"], rows["33.03.02"]
    assert (kemangkon.status, kemangkon.kekurangan) == ("OPTIMAL", [])
    assert kemangkon.objektif > 0
    assert kemangkon.objektif == kemangkon.batas
    assert bukateja.status == "INFEASIBLE"
    assert (bukateja.objektif, bukateja.batas) == (0, 0)
    assert [item["kecamatan"] for item in bukateja.kekurangan] == ["33.03.02"]
    planned = set(JadwalTPS.objects.filter(rencana=rencana).values_list("tps__kode", flat=True))
    assert planned == {t.kode for t in wilayah_tree.tps_list}


def test_an_infeasible_replan_keeps_the_kecamatan_sessions_it_had(rencana, kpu_kab, wilayah_tree):
    _second_kecamatan(rencana, wilayah_tree, kapasitas=14)
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    before = set(
        SesiBimtek.objects.filter(rencana=rencana, kecamatan_kode="33.03.02").values_list(
            "pk", flat=True
        )
    )
    assert before
    TempatBimtek.objects.filter(rencana=rencana, kecamatan_kode="33.03.02").update(kapasitas=6)

    hasil = rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    assert hasil.status == "INFEASIBLE"
    after = set(
        SesiBimtek.objects.filter(rencana=rencana, kecamatan_kode="33.03.02").values_list(
            "pk", flat=True
        )
    )
    assert after == before
    assert RencanaKecamatan.objects.get(rencana=rencana, kecamatan_kode="33.03.01").status == (
        "OPTIMAL"
    )


def test_a_kecamatan_left_without_schedule_or_shortfall_is_explained(rencana, kpu_kab):
    from selenggara.bimtek.selectors import kekurangan_teks

    RencanaKecamatan.objects.filter(rencana=rencana).update(status="UNKNOWN", kekurangan=[])

    assert kekurangan_teks(rencana) == {
        "33.03.01": [
            "Kecamatan Kemangkon: jadwal belum ditemukan dalam batas waktu perencanaan; "
            "rencanakan ulang."
        ]
    }
