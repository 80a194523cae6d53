"""The per-process cache of dapil and ballot layouts (tungsura/lembar.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selenggara.core.errors import InvalidInput
from selenggara.pemilihan.models import TPS, Dapil, Pemilihan
from selenggara.pemilihan.services_peserta import calon_import
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.tests.world import tungsura_world_build

pytestmark = pytest.mark.django_db

CALON = "kontestasi,kode_dapil,partai,nomor_urut,nama,nama_wakil,jenis_kelamin,sintetis\n"


@pytest.fixture
def world() -> World:
    return tungsura_world_build(with_users=False)


def _tps(world: World) -> TPS:
    # As a request sees it: the TPS with its election read afresh.
    return TPS.objects.select_related("pemilihan", "desa").get(pk=world.tps[TPS_A1].pk)


def test_a_second_sheet_of_a_dapil_reads_its_layout_without_a_query(world: World):
    first = lembar_for_tps(tps=_tps(world), jenis="dpr")
    tps = _tps(world)
    with CaptureQueriesContext(connection) as queries:
        second = lembar_for_tps(tps=tps, jenis="dpr")
    assert len(queries) == 0
    assert second.susunan == first.susunan
    assert second.dapil.kode == "dpr-jateng-7"
    assert second.nama_peserta["partai_1"] == "PKB"


def test_an_import_of_candidates_is_seen_by_the_next_request(world: World, tmp_path: Path):
    before = lembar_for_tps(tps=_tps(world), jenis="dpr")
    assert "partai_1_calon_4" not in before.susunan.kunci_suara()
    stempel = world.pemilihan.peserta_stempel
    Dapil.objects.filter(kode="dpr-jateng-7").update(kursi=8)  # room for a 4th candidate
    path = tmp_path / "calon.csv"
    path.write_text(CALON + "dpr,dpr-jateng-7,1,4,Calon Baru,,P,1\n", encoding="utf-8")
    calon_import(pemilihan=world.pemilihan, path=path, actor=None)
    assert Pemilihan.objects.get(pk=world.pemilihan.pk).peserta_stempel != stempel
    after = lembar_for_tps(tps=_tps(world), jenis="dpr")
    assert after.susunan.kunci_suara().index("partai_1_calon_4") == 4
    assert after.nama_peserta["partai_1_calon_4"] == "Calon Baru"
    # A request that read the election before the import still gets the layout it read.
    stale = _tps(world)
    stale.pemilihan.peserta_stempel = stempel
    assert "partai_1_calon_4" not in lembar_for_tps(tps=stale, jenis="dpr").susunan.kunci_suara()


def test_a_refused_import_keeps_the_stamp(world: World, tmp_path: Path):
    stempel = Pemilihan.objects.get(pk=world.pemilihan.pk).peserta_stempel
    path = tmp_path / "calon.csv"
    path.write_text(CALON + "dpr,tidak-ada,1,4,Calon Baru,,P,1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="tidak ada yang disimpan"):
        calon_import(pemilihan=world.pemilihan, path=path, actor=None)
    assert Pemilihan.objects.get(pk=world.pemilihan.pk).peserta_stempel == stempel
