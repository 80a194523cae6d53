"""kejadian_record: validated field by field, all or nothing, audited without the text."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import InvalidInput, PermissionDenied
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.kejadian.services import kejadian_record
from selenggara.tungsura.models import KejadianKhusus, KejadianKhususFoto
from selenggara.tungsura.tests.kejadian.conftest import bukan_foto, foto

URAIAN = "Saksi pasangan 02 keberatan atas surat suara yang dinyatakan tidak sah."


def _record(world: World, *, peran=Peran.KPPS_KETUA, tps=TPS_A1, **changes):
    values: dict[str, Any] = {
        "jenis": "keberatan",
        "kontestasi": "ppwp",
        "kategori": "penghitungan",
        "uraian": URAIAN,
        "pengaju": "saksi",
        "nama_pengaju": "Budi (saksi pasangan 02)",
        "foto_list": [],
    }
    values.update(changes)
    return kejadian_record(tps=world.tps[tps], actor=world.user(peran), **values)


def _files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "private" / "kejadian"
    return set(root.rglob("*")) if root.exists() else set()


def test_an_objection_with_photos_is_stored_and_audited_without_its_text(world: World):
    kejadian = _record(world, foto_list=[foto(), foto(color="red")])

    assert (kejadian.jenis, kejadian.kategori, kejadian.pengaju) == (
        "keberatan",
        "penghitungan",
        "saksi",
    )
    assert kejadian.kontestasi.jenis == "ppwp"
    assert kejadian.nama_pengaju == "Budi (saksi pasangan 02)"
    assert kejadian.dicatat_oleh == world.user(Peran.KPPS_KETUA)
    fotos = list(kejadian.foto_set.order_by("pk"))
    assert [f.content_type for f in fotos] == ["image/jpeg", "image/jpeg"]
    with fotos[0].berkas.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == fotos[0].sha256
    audit: Any = AuditLog.objects.get(action="kejadian.catat")
    assert audit.after["foto_sha256"] == [f.sha256 for f in fotos]
    assert audit.after["uraian_sha256"] == hashlib.sha256(URAIAN.encode()).hexdigest()
    assert URAIAN not in str(audit.after)
    assert "Budi" not in str(audit.after)


def test_an_incident_for_the_whole_tps_has_no_contest(world: World):
    kejadian = _record(
        world,
        jenis="kejadian_khusus",
        kontestasi=None,
        kategori="bencana",
        uraian="Listrik padam pukul 14.10 selama 20 menit.",
        pengaju="kpps",
        nama_pengaju="",
    )

    assert kejadian.kontestasi is None
    assert kejadian.foto_set.count() == 0


@pytest.mark.parametrize("peran", [Peran.PPS, Peran.PPK, Peran.KPPS_ANGGOTA])
def test_writing_roles_in_scope_record(world: World, peran):
    assert _record(world, peran=peran).dicatat_oleh == world.user(peran)


@pytest.mark.parametrize("peran", [Peran.SAKSI, Peran.PENGAWAS])
def test_a_witness_or_pengawas_does_not_record_himself(world: World, peran):
    with pytest.raises(PermissionDenied):
        _record(world, peran=peran)

    assert not KejadianKhusus.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"jenis": "gosip"}, "jenis", "Jenis"),
        ({"kontestasi": "gubernur"}, "kontestasi", "Kontestasi"),
        ({"kategori": "cuaca"}, "kategori", "Kategori"),
        ({"uraian": "  pendek  "}, "uraian", "Uraian terlalu pendek"),
        ({"uraian": "x" * 4001}, "uraian", "Uraian terlalu panjang"),
        ({"pengaju": "wartawan"}, "pengaju", "Pengaju"),
        ({"pengaju": "kpps", "nama_pengaju": ""}, "pengaju", "keberatan diajukan oleh saksi"),
        ({"nama_pengaju": "  "}, "nama_pengaju", "Nama pengaju wajib"),
        ({"nama_pengaju": "n" * 201}, "nama_pengaju", "Nama pengaju paling panjang"),
        ({"foto_list": [foto(), bukan_foto()]}, "foto", "Foto 2: "),
        ({"foto_list": [foto() for _ in range(6)]}, "foto", "Foto paling banyak 5"),
    ],
)
def test_what_cannot_be_stored_is_refused_by_field_and_nothing_is_written(
    world: World, changes, field, text
):
    before = _files()

    with pytest.raises(InvalidInput) as caught:
        _record(world, **changes)

    assert [e.field for e in caught.value.errors] == [field]
    assert text in caught.value.errors[0].message
    assert "tidak ada yang disimpan" in caught.value.message
    assert not KejadianKhusus.objects.exists()
    assert not KejadianKhususFoto.objects.exists()
    assert not AuditLog.objects.filter(action="kejadian.catat").exists()
    assert _files() == before


def test_every_problem_is_named_at_once(world: World):
    with pytest.raises(InvalidInput) as caught:
        _record(world, uraian="", pengaju="wartawan", foto_list=[bukan_foto()])

    assert [e.field for e in caught.value.errors] == ["uraian", "pengaju", "foto"]


def test_a_voter_may_stay_unnamed(world: World):
    kejadian = _record(world, pengaju="pemilih", nama_pengaju="")

    assert kejadian.nama_pengaju == ""
