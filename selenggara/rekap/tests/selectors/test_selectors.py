"""The read API: both figures of a region, its children, its flags, the status command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from selenggara.portal.tests.world import DESA_A, TPS_A1, TPS_A2, TPS_B1, World
from selenggara.rekap.models import RekapAgregat
from selenggara.rekap.selectors import rekap_anak_list, rekap_wilayah_get, tanda_list_for_wilayah
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet


@pytest.fixture
def world(db) -> World:
    return rekap_world_build()


def test_rekap_wilayah_get_gives_the_count_per_participant_and_tps(world: World) -> None:
    kirim(world, TPS_A1)
    kirim(world, TPS_B1)
    base = sheet(world, TPS_A2)
    kirim(world, TPS_A2, calon_1=base["calon_1"] + 500)  # held out
    data = rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode="33.03.01")
    ppwp = next(k for k in data.kontestasi if k.jenis == "ppwp")
    a1, b1 = sheet(world, TPS_A1), sheet(world, TPS_B1)
    assert ppwp.hitung.peserta["calon_1"] == a1["calon_1"] + b1["calon_1"]
    assert (ppwp.hitung.tps_masuk, ppwp.hitung.tps_ditahan, ppwp.hitung.tps_diharapkan) == (2, 1, 3)
    assert ppwp.hitung.suara_sah == a1["suara_sah"] + b1["suara_sah"]
    assert ppwp.rekap is None
    assert ppwp.pleno is None
    assert [p.kode for p in ppwp.perbedaan] == ["tps_ditahan"]
    assert data.tingkat == 3


def test_rekap_anak_list_rows_per_child_and_per_tps(world: World) -> None:
    kirim(world, TPS_A1)
    rows = rekap_anak_list(pemilihan=world.pemilihan, wilayah_kode="33.03.01", jenis="ppwp")
    assert [r.kode for r in rows] == ["33.03.01.2001", "33.03.01.2002"]
    assert rows[0].hitung.tps_masuk == 1
    assert rows[1].hitung.tps_masuk == 0
    tps_rows = rekap_anak_list(pemilihan=world.pemilihan, wilayah_kode=DESA_A, jenis="ppwp")
    assert [r.kode for r in tps_rows] == [TPS_A1, TPS_A2]
    assert tps_rows[0].hitung.suara_sah == sheet(world, TPS_A1)["suara_sah"]
    assert tps_rows[1].hitung.tps_masuk == 0


def test_tanda_list_for_wilayah_names_each_tps_with_its_reason(world: World) -> None:
    kirim(world, TPS_A1)
    kirim(world, TPS_A2, alasan="x")
    kirim(
        world, TPS_A2, alasan="Salah tulis", calon_1=sheet(world, TPS_A2)["calon_1"] - 1, calon_2=1
    )
    tanda = tanda_list_for_wilayah(pemilihan=world.pemilihan, wilayah_kode="33.03.01", jenis="ppwp")
    by_tps = {(t.tps_kode, t.kode) for t in tanda}
    assert (TPS_B1, "belum_masuk") in by_tps
    assert (TPS_A2, "dikoreksi") in by_tps
    reason = next(t.alasan for t in tanda if t.kode == "dikoreksi")
    assert "versi 2" in reason


def test_status_command_prints_json_with_both_figures(world: World) -> None:
    kirim(world, TPS_A1)
    out = StringIO()
    call_command(
        "rekap",
        "status",
        "--pemilihan",
        world.pemilihan.kode,
        "--wilayah",
        "33.03",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    ppwp = next(k for k in data["kontestasi"] if k["jenis"] == "ppwp")
    assert ppwp["hitung"]["tps_masuk"] == 1
    assert ppwp["rekap"] is None
    text = StringIO()
    call_command("rekap", "status", "--pemilihan", world.pemilihan.kode, stdout=text)
    assert "ppwp: hitung sah" in text.getvalue()


def test_hitung_ulang_command_exits_non_zero_on_a_difference(world: World) -> None:
    kirim(world, TPS_A1)
    out = StringIO()
    call_command(
        "rekap", "hitung-ulang", "--pemilihan", world.pemilihan.kode, "--periksa", stdout=out
    )
    assert "0 selisih" in out.getvalue()
    RekapAgregat.objects.filter(wilayah_kode="33").update(suara_sah=3)
    out = StringIO()
    with pytest.raises(CommandError, match="selisih"):
        call_command(
            "rekap", "hitung-ulang", "--pemilihan", world.pemilihan.kode, "--periksa", stdout=out
        )
    assert "SELISIH 33 ppwp" in out.getvalue()
    call_command("rekap", "hitung-ulang", "--pemilihan", world.pemilihan.kode, stdout=StringIO())
    call_command(
        "rekap", "hitung-ulang", "--pemilihan", world.pemilihan.kode, "--periksa", stdout=StringIO()
    )
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("rekap", "status", "--pemilihan", "tidak-ada")
