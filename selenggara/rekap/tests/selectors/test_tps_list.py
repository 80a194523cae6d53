"""rekap_tps_list: every TPS of a kecamatan in one read, as rekap_anak_list gives them per desa."""

from __future__ import annotations

import pytest

from selenggara.portal.tests.world import DESA_A, DESA_B, TPS_A1, TPS_A2, TPS_B1, World
from selenggara.rekap.selectors import rekap_anak_list, rekap_tps_list
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet


@pytest.fixture
def world(db) -> World:
    return rekap_world_build()


def test_a_kecamatan_gives_the_rows_of_all_its_desa(world: World) -> None:
    kirim(world, TPS_A1)
    kirim(world, TPS_A2, calon_1=sheet(world, TPS_A2)["calon_1"] + 500)  # held out
    kirim(world, TPS_B1)

    rows = rekap_tps_list(pemilihan=world.pemilihan, wilayah_kode="33.03.01", jenis="ppwp")

    per_desa = [
        r
        for desa in (DESA_A, DESA_B)
        for r in rekap_anak_list(pemilihan=world.pemilihan, wilayah_kode=desa, jenis="ppwp")
    ]
    assert [r.kode for r in rows] == [TPS_A1, TPS_A2, TPS_B1]
    assert rows == per_desa
    assert rows[1].hitung.tps_ditahan == 1


def test_a_desa_gives_its_own_tps(world: World) -> None:
    rows = rekap_tps_list(pemilihan=world.pemilihan, wilayah_kode=DESA_B, jenis="ppwp")

    assert [r.kode for r in rows] == [TPS_B1]
    assert rows[0].hitung.tps_masuk == 0


@pytest.mark.parametrize("kode", ["", "33", "33.03"])
def test_above_a_kecamatan_is_refused(world: World, kode: str) -> None:
    with pytest.raises(ValueError, match=f"^{kode}$"):
        rekap_tps_list(pemilihan=world.pemilihan, wilayah_kode=kode, jenis="ppwp")
