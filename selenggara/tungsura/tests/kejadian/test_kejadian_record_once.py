"""kejadian_record_once: one record per idempotency key, whatever the retries."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import InvalidInput, PermissionDenied
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_A2, World
from selenggara.tungsura.kejadian import services
from selenggara.tungsura.kejadian.services import kejadian_record_once
from selenggara.tungsura.models import KejadianKhusus, KejadianKhususFoto
from selenggara.tungsura.services import KunciIdempotensiBentrok
from selenggara.tungsura.tests.kejadian.conftest import foto

URAIAN = "Saksi pasangan 02 keberatan atas dua surat suara yang dinyatakan tidak sah."
KEY = uuid.UUID("3f1c9a52-8d0e-4b7a-9c51-2e6f0a4d8b13")


def _once(world: World, *, key=KEY, peran=Peran.KPPS_KETUA, tps=TPS_A1, **changes):
    values: dict[str, Any] = {
        "jenis": "keberatan",
        "kontestasi": "ppwp",
        "kategori": "penghitungan",
        "uraian": URAIAN,
        "pengaju": "saksi",
        "nama_pengaju": "Budi (saksi pasangan 02)",
        "foto_list": [foto()],
    }
    values.update(changes)
    return kejadian_record_once(
        idempotency_key=key, tps=world.tps[tps], actor=world.user(peran), **values
    )


def test_the_same_key_again_returns_the_stored_record_and_writes_nothing(world: World):
    first = _once(world)
    again = _once(world, foto_list=[foto()], uraian=f"  {URAIAN} ")

    assert (first.ulangan, again.ulangan) == (False, True)
    assert again.kejadian.pk == first.kejadian.pk
    assert first.kejadian.idempotency_key == KEY
    assert KejadianKhusus.objects.count() == 1
    assert KejadianKhususFoto.objects.count() == 1
    assert AuditLog.objects.filter(action="kejadian.catat").count() == 1


def test_another_key_is_another_record(world: World):
    _once(world)
    other = _once(world, key=uuid.uuid4())

    assert not other.ulangan
    assert KejadianKhusus.objects.count() == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"uraian": URAIAN + " Lagi."},
        {"kategori": "prosedur"},
        {"jenis": "kejadian_khusus", "pengaju": "kpps"},
        {"pengaju": "pengawas_tps"},
        {"tps": TPS_A2, "peran": Peran.PPS},
    ],
    ids=["uraian", "kategori", "jenis", "pengaju", "tps"],
)
def test_the_same_key_for_another_record_is_refused(world: World, changes):
    _once(world)

    with pytest.raises(KunciIdempotensiBentrok) as caught:
        _once(world, **changes)

    assert caught.value.http_status == 422
    assert "sudah dipakai untuk catatan kejadian lain" in caught.value.message
    assert KejadianKhusus.objects.count() == 1


def test_two_retries_racing_store_one_record(world: World, monkeypatch):
    """The other request commits between this one's look-up and its insert: the unique key
    refuses the second row and the stored one is returned."""
    record = services.kejadian_record

    def other_request_first(**kwargs):
        record(**kwargs)  # the racing request, with the same key, commits first
        return record(**kwargs)

    monkeypatch.setattr(services, "kejadian_record", other_request_first)
    hasil = _once(world)

    assert hasil.ulangan
    assert KejadianKhusus.objects.get().pk == hasil.kejadian.pk
    assert AuditLog.objects.filter(action="kejadian.catat").count() == 1


def test_a_refused_record_stores_nothing_and_keeps_its_key_free(world: World):
    with pytest.raises(InvalidInput) as caught:
        _once(world, uraian="pendek")

    assert [e.field for e in caught.value.errors] == ["uraian"]
    assert not KejadianKhusus.objects.exists()
    assert not _once(world).ulangan


def test_a_read_only_role_is_refused_before_the_key_is_looked_up(world: World):
    _once(world)

    with pytest.raises(PermissionDenied):
        _once(world, peran=Peran.SAKSI)
