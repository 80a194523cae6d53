import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from selenggara.bimtek.models import JadwalTPS, RencanaBimtek
from selenggara.bimtek.services import rencana_aturan_update, rencana_plan
from selenggara.bimtek.tests.conftest import MULAI, SELESAI
from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db

DESA_A = "33.03.01.2001"


def test_rules_are_changed_normalised_and_audited(rencana, kpu_kab):
    rencana_aturan_update(
        rencana=rencana,
        actor=kpu_kab,
        alasan="Rapat PPK 20 Januari",
        hari_transportasi=[SELESAI, MULAI, SELESAI],
        desa_jauh=[DESA_A],
        slot_per_hari=2,
        jam_slot=[("08:00", "11:30"), ("13.00", "16.00")],
        rasio_pelatih=30,
    )

    rencana.refresh_from_db()
    assert rencana.hari_transportasi == [MULAI.isoformat(), SELESAI.isoformat()]
    assert (rencana.desa_jauh, rencana.slot_per_hari, rencana.rasio_pelatih) == ([DESA_A], 2, 30)
    assert rencana.jam_slot == [["08.00", "11.30"], ["13.00", "16.00"]]
    assert rencana.hari_dikecualikan == []  # not named: unchanged
    audit = AuditLog.objects.get(action="bimtek.rencana_aturan_update")
    assert audit.before is not None
    assert audit.after is not None
    assert (audit.reason, audit.before["slot_per_hari"], audit.after["slot_per_hari"]) == (
        "Rapat PPK 20 Januari",
        1,
        2,
    )


def test_bad_rules_are_all_reported_by_field_and_nothing_changes(rencana, kpu_kab):
    with pytest.raises(InvalidInput) as refused:
        rencana_aturan_update(
            rencana=rencana,
            actor=kpu_kab,
            hari_dikecualikan=[dt.date(2024, 2, 14)],
            desa_jauh=["33.04.01.2001"],
            tetangga={"33.03.01": ["33.03.01"]},
            slot_per_hari=2,  # the plan has hours for two sessions: fine
            rasio_pelatih=0,
        )

    assert "4 kesalahan" in refused.value.message
    assert [(e.field, e.message) for e in refused.value.errors] == [
        (
            "hari_dikecualikan",
            "Tanggal 2024-02-14 di luar jendela bimtek 2024-01-26 s.d. 2024-01-28.",
        ),
        ("desa_jauh", "Desa 33.04.01.2001 bukan desa di kab/kota rencana ini."),
        ("tetangga", "Kecamatan 33.03.01 tidak bisa bertetangga dengan dirinya sendiri."),
        ("rasio_pelatih", "Peserta per pelatih harus 1 atau lebih, bukan 0."),
    ]
    fresh = RencanaBimtek.objects.get(pk=rencana.pk)
    assert (fresh.hari_dikecualikan, fresh.desa_jauh, fresh.slot_per_hari) == ([], [], 1)
    assert not AuditLog.objects.filter(action="bimtek.rencana_aturan_update").exists()


def test_two_sessions_a_day_need_two_session_hours(rencana, kpu_kab):
    with pytest.raises(InvalidInput) as refused:
        rencana_aturan_update(
            rencana=rencana, actor=kpu_kab, slot_per_hari=2, jam_slot=[("08.00", "12.00")]
        )

    assert [e.message for e in refused.value.errors] == [
        "Ada 2 sesi per hari tetapi jam sesi hanya untuk 1."
    ]


def test_the_planner_trains_far_desa_on_their_transport_day_only(rencana, kpu_kab, wilayah_tree):
    rencana = rencana_aturan_update(
        rencana=rencana, actor=kpu_kab, desa_jauh=[DESA_A], hari_transportasi=[SELESAI]
    )

    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    tanggal = dict(
        JadwalTPS.objects.filter(rencana=rencana).values_list("tps__kode", "sesi__tanggal")
    )
    far = [t.kode for t in wilayah_tree.tps_list if t.kode.startswith("3303012001")]
    assert far
    assert {tanggal[k] for k in far} == {SELESAI}


def test_the_planner_skips_a_day_made_a_holiday(rencana, kpu_kab):
    rencana = rencana_aturan_update(rencana=rencana, actor=kpu_kab, hari_dikecualikan=[MULAI])

    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)

    used = set(JadwalTPS.objects.filter(rencana=rencana).values_list("sesi__tanggal", flat=True))
    assert used
    assert MULAI not in used


def _run(*args: str) -> str:
    out = StringIO()
    call_command("bimtek", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_aturan_command_sets_the_rules(rencana, kpu_kab):
    out = _run(
        "aturan",
        "--pemilihan",
        "pemilu-2024",
        "--wilayah",
        "33.03",
        "--hari-transportasi",
        "2024-01-27",
        "--desa-jauh",
        DESA_A,
        "--boleh-tetangga",
        "ya",
        "--jam",
        "07.30-11.30",
        "--actor",
        kpu_kab.username,
    )

    rencana.refresh_from_db()
    assert (rencana.hari_transportasi, rencana.desa_jauh, rencana.boleh_tetangga) == (
        ["2024-01-27"],
        [DESA_A],
        True,
    )
    assert rencana.jam_slot == [["07.30", "11.30"]]
    assert "1 hari dengan transportasi, 1 desa jauh" in out


def test_aturan_command_refuses_a_malformed_neighbour_list(rencana, kpu_kab):
    with pytest.raises(CommandError, match="KECAMATAN:TETANGGA"):
        _run(
            "aturan",
            "--pemilihan",
            "pemilu-2024",
            "--wilayah",
            "33.03",
            "--tetangga",
            "33.03.01",
            "--actor",
            kpu_kab.username,
        )
