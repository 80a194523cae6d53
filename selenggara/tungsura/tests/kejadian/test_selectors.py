"""Incidents per TPS (with photo counts) and per region (counts per category and kind)."""

from __future__ import annotations

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import NotAccessible
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, TPS_LUAR, World
from selenggara.tungsura.domain.kejadian import Kategori
from selenggara.tungsura.kejadian.selectors import (
    kejadian_foto_get,
    kejadian_get,
    kejadian_list_for_tps,
    kejadian_rekap_for_wilayah,
)
from selenggara.tungsura.kejadian.services import kejadian_record
from selenggara.tungsura.tests.kejadian.conftest import foto


def _add(world: World, tps: str, jenis: str, kategori: str, fotos: int = 0):
    return kejadian_record(
        tps=world.tps[tps],
        jenis=jenis,
        kontestasi=None,
        kategori=kategori,
        uraian="Uraian kejadian yang cukup panjang.",
        pengaju="pengawas_tps" if jenis == "keberatan" else "kpps",
        nama_pengaju="Pengawas TPS",
        foto_list=[foto() for _ in range(fotos)],
        actor=world.user(Peran.KPU_RI),
    )


def test_a_tps_lists_its_records_newest_first_with_photo_counts(world: World):
    first = _add(world, TPS_A1, "kejadian_khusus", "bencana", fotos=2)
    second = _add(world, TPS_A1, "keberatan", "prosedur")
    _add(world, TPS_A2, "kejadian_khusus", "bencana")

    rows = list(kejadian_list_for_tps(tps=world.tps[TPS_A1]))

    assert [(k.pk, getattr(k, "jumlah_foto", None)) for k in rows] == [
        (second.pk, 0),
        (first.pk, 2),
    ]


def test_a_record_or_photo_of_another_tps_is_not_found(world: World):
    other = _add(world, TPS_A2, "kejadian_khusus", "bencana", fotos=1)
    own = _add(world, TPS_A1, "kejadian_khusus", "bencana")

    with pytest.raises(NotAccessible):
        kejadian_get(tps=world.tps[TPS_A1], pk=other.pk)
    with pytest.raises(NotAccessible):
        kejadian_foto_get(kejadian=own, pk=other.foto_set.get().pk)


def test_a_region_counts_per_category_and_kind(world: World, django_assert_max_num_queries):
    _add(world, TPS_A1, "kejadian_khusus", "bencana")
    _add(world, TPS_A1, "keberatan", "penghitungan")
    _add(world, TPS_B1, "keberatan", "penghitungan")
    _add(world, TPS_LUAR, "keberatan", "keamanan")  # another kecamatan

    with django_assert_max_num_queries(3):
        rekap = kejadian_rekap_for_wilayah(
            pemilihan=world.pemilihan, wilayah=world.wilayah["33.03.01"]
        )
        assert len(rekap.terbaru_list) == 3

    by = {b.kategori: (b.kejadian_khusus, b.keberatan) for b in rekap.kategori_list}
    assert by[Kategori.BENCANA] == (1, 0)
    assert by[Kategori.PENGHITUNGAN] == (0, 2)
    assert by[Kategori.KEAMANAN] == (0, 0)
    assert (rekap.jumlah, rekap.jumlah_keberatan, rekap.tps_terdampak) == (3, 2, 2)
