"""kotak_suara_record: stored as received, flagged (count, seal), re-recorded with an audit
trail, refused by name and writing nothing when it cannot be stored."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import InvalidInput, PermissionDenied
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_B1, World
from selenggara.tungsura.logistik.services import kotak_suara_record
from selenggara.tungsura.models import KotakSuara

WIB = ZoneInfo("Asia/Jakarta")
DITERIMA = dt.datetime(2024, 2, 13, 16, 30, tzinfo=WIB)


def _record(world: World, *, peran=Peran.KPPS_KETUA, tps=TPS_A1, **changes):
    values: dict[str, Any] = {
        "jenis": "ppwp",
        "nomor_segel": "PPWP-0012345",
        "kondisi_segel": "utuh",
        "surat_suara_diterima": 250,
        "diterima_pada": DITERIMA,
        "catatan": "",
    }
    values.update(changes)
    return kotak_suara_record(tps=world.tps[tps], actor=world.user(peran), **values)


def _audit(action: str) -> Any:
    return AuditLog.objects.get(action=action)


def test_a_box_as_allocated_is_stored_unflagged_and_audited(world: World):
    hasil = _record(world)

    kotak = KotakSuara.objects.get()
    assert hasil.kotak == kotak
    assert not hasil.ubah
    assert (kotak.nomor_segel, kotak.surat_suara_diterima, kotak.diterima_pada) == (
        "PPWP-0012345",
        250,
        DITERIMA,
    )
    assert kotak.dicatat_oleh == world.user(Peran.KPPS_KETUA)
    assert (hasil.baris.selisih, hasil.baris.segel_rusak, hasil.baris.ditandai) == (0, False, False)
    audit = _audit(action="kotak_suara.catat")
    assert audit.before is None
    assert audit.after["alokasi"] == 250
    assert audit.after["nomor_segel"] == "PPWP-0012345"
    assert audit.wilayah_kode == "33.03.01.2001"


def test_a_short_count_and_a_broken_seal_are_accepted_and_flagged(world: World):
    hasil = _record(world, surat_suara_diterima=247, kondisi_segel="rusak", catatan="Segel sobek")

    assert (hasil.baris.selisih, hasil.baris.segel_rusak, hasil.baris.ditandai) == (-3, True, True)
    assert KotakSuara.objects.get().surat_suara_diterima == 247
    after = _audit(action="kotak_suara.catat").after
    assert (after["selisih"], after["segel_rusak"]) == (-3, True)


def test_recording_again_replaces_the_values_and_keeps_them_in_the_audit(world: World):
    _record(world, surat_suara_diterima=240)

    hasil = _record(world, nomor_segel="PPWP-0099999", surat_suara_diterima=250, peran=Peran.PPS)

    assert hasil.ubah
    kotak = KotakSuara.objects.get()
    assert (kotak.nomor_segel, kotak.surat_suara_diterima) == ("PPWP-0099999", 250)
    assert kotak.dicatat_oleh == world.user(Peran.PPS)
    audit = _audit(action="kotak_suara.ubah")
    assert (audit.before["nomor_segel"], audit.before["surat_suara_diterima"]) == (
        "PPWP-0012345",
        240,
    )
    assert audit.after["nomor_segel"] == "PPWP-0099999"


@pytest.mark.parametrize("peran", [Peran.SAKSI, Peran.PENGAWAS])
def test_read_only_roles_cannot_record(world: World, peran):
    with pytest.raises(PermissionDenied):
        _record(world, peran=peran)

    assert not KotakSuara.objects.exists()


def test_a_pps_cannot_record_outside_its_desa(world: World):
    with pytest.raises(PermissionDenied):
        _record(world, peran=Peran.PPS, tps=TPS_B1)


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"jenis": "gubernur"}, "kontestasi", "Kontestasi"),
        ({"nomor_segel": "  "}, "nomor_segel", "Nomor segel wajib"),
        ({"nomor_segel": "9" * 65}, "nomor_segel", "Nomor segel paling panjang 64"),
        ({"kondisi_segel": "hilang"}, "kondisi_segel", "Kondisi segel"),
        ({"surat_suara_diterima": -1}, "surat_suara_diterima", "negatif"),
        ({"diterima_pada": DITERIMA.replace(tzinfo=None)}, "diterima_pada", "zona waktu"),
        (
            {"diterima_pada": timezone.now() + dt.timedelta(days=400)},
            "diterima_pada",
            "masa depan",
        ),
        ({"catatan": "x" * 2001}, "catatan", "Catatan paling panjang"),
    ],
)
def test_what_cannot_be_stored_is_refused_by_field_and_writes_nothing(
    world: World, changes, field, text
):
    with pytest.raises(InvalidInput) as caught:
        _record(world, **changes)

    assert [e.field for e in caught.value.errors] == [field]
    assert text in caught.value.errors[0].message
    assert "tidak ada yang diubah" in caught.value.message
    assert not KotakSuara.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="kotak_suara").exists()


def test_a_refused_re_record_leaves_the_first_record(world: World):
    _record(world)

    with pytest.raises(InvalidInput):
        _record(world, nomor_segel="", surat_suara_diterima=-5)

    assert KotakSuara.objects.get().nomor_segel == "PPWP-0012345"
