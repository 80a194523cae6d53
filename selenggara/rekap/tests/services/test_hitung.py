"""The recap engine: every C.Hasil version moves the counts above its TPS in its own
transaction, held-out sheets stay out, and a full recompute agrees."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.db.models import Q

from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import Calon
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, TPS_LUAR, World
from selenggara.rekap import hitung
from selenggara.rekap.hitung import (
    Selisih,
    agregat_baca,
    rekap_hitung_penuh,
    rekap_hitung_ulang,
    rekap_lipat,
    rekap_tersimpan,
)
from selenggara.rekap.models import RekapAgregat, RekapDelta
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet
from selenggara.tungsura.lembar import lembar_cache_clear, lembar_for_tps


@pytest.fixture
def world(db) -> World:
    return rekap_world_build()


@dataclass(frozen=True)
class _Baris:
    """One region's count as a read returns it (stored row plus pending deltas)."""

    tps_masuk: int
    tps_ditahan: int
    suara_sah: int
    suara: dict[str, int]


def _baca(world: World, wilayah: str, jenis: str, *, total: bool) -> _Baris:
    rows = agregat_baca(
        Q(
            kontestasi__pemilihan=world.pemilihan,
            kontestasi__jenis=jenis,
            wilayah_kode=wilayah,
            dapil__isnull=total,
        )
    )
    assert len(rows) == 1, rows
    jumlah = next(iter(rows.values()))
    return _Baris(
        jumlah.tps_masuk, jumlah.tps_ditahan, jumlah.angka.get("suara_sah", 0), dict(jumlah.suara)
    )


def _row(world: World, wilayah: str, jenis: str = "ppwp") -> _Baris:
    return _baca(world, wilayah, jenis, total=False)


def _total(world: World, jenis: str) -> _Baris:
    """The nation's total over every dapil of a contest."""
    return _baca(world, "", jenis, total=True)


def _periksa(world: World) -> list[Selisih]:
    return list(rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih)


def test_a_submission_updates_every_ancestor_from_desa_to_nation(world: World) -> None:
    versi = kirim(world, TPS_A1)
    for row in [_row(world, w) for w in ("33.03.01.2001", "33.03.01", "33.03", "33", "")] + [
        _total(world, "ppwp")
    ]:
        assert (row.tps_masuk, row.tps_ditahan) == (1, 0)
        assert row.suara_sah == versi.suara_sah
        assert row.suara == {k: v for k, v in versi.suara.items() if v}
    assert _periksa(world) == []


def test_a_correction_moves_only_the_difference(world: World) -> None:
    kirim(world, TPS_A1)
    kirim(world, TPS_B1)
    base = sheet(world, TPS_A1)
    kirim(world, TPS_A1, alasan="Salah baca", calon_1=base["calon_1"] - 5, calon_2=5)
    nasional = _row(world, "")
    assert nasional.tps_masuk == 2
    assert nasional.suara["calon_2"] == 5
    assert _row(world, "33.03.01.2002").suara.get("calon_2") is None
    assert _periksa(world) == []


def test_a_sheet_breaking_its_arithmetic_is_held_out_at_every_level(world: World) -> None:
    kirim(world, TPS_A1)
    base = sheet(world, TPS_A2)
    kirim(world, TPS_A2, calon_1=base["calon_1"] + 900)  # sum of votes != suara_sah
    for wilayah in ("33.03.01.2001", "33.03.01", ""):
        row = _row(world, wilayah)
        assert (row.tps_masuk, row.tps_ditahan) == (1, 1)
        assert row.suara["calon_1"] == sheet(world, TPS_A1)["calon_1"]
    assert _periksa(world) == []
    kirim(world, TPS_A2, alasan="Dibetulkan sesuai kertas")
    assert (_row(world, "").tps_masuk, _row(world, "").tps_ditahan) == (2, 0)
    assert _periksa(world) == []


def test_the_counts_roll_back_with_the_version(world: World) -> None:
    seen: list[int] = []

    def submit_then_fail() -> None:
        with transaction.atomic():
            kirim(world, TPS_A1)
            seen.append(_row(world, "").tps_masuk)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert seen == [1]
    assert RekapAgregat.objects.exists() is False
    assert RekapDelta.objects.exists() is False


def test_contests_and_dapil_are_kept_apart(world: World) -> None:
    kirim(world, TPS_A1, "dpr")
    kirim(world, TPS_LUAR, "dpd")
    kirim(world, TPS_A1, "dpd")
    dpd = agregat_baca(Q(kontestasi__jenis="dpd", wilayah_kode="", dapil__isnull=False)).values()
    assert sorted(row.tps_masuk + row.tps_ditahan for row in dpd) == [1, 1]  # two dapil rows
    # The nation's total: both dapil's figures, no DPD candidate (they differ per provinsi).
    total = _total(world, "dpd")
    assert (total.tps_masuk + total.tps_ditahan, total.suara) == (2, {})
    assert total.suara_sah == sum(row.angka.get("suara_sah", 0) for row in dpd)
    # DPR's total keeps only the party totals, which mean the same in every dapil.
    assert set(_total(world, "dpr").suara) == {
        k for k in _row(world, "", "dpr").suara if k.endswith("_jumlah")
    }
    assert _row(world, "", "dpr").suara_sah == sheet(world, TPS_A1, "dpr")["suara_sah"]
    assert _periksa(world) == []


def test_periksa_reports_every_difference_and_hitung_ulang_repairs_it(world: World) -> None:
    kirim(world, TPS_A1)
    kirim(world, TPS_LUAR)
    rekap_lipat()  # the provinsi's row exists once its deltas are folded in
    RekapAgregat.objects.filter(wilayah_kode="33.03").update(suara_sah=1)
    RekapAgregat.objects.filter(wilayah_kode="35").delete()
    found = _periksa(world)
    assert {(s.wilayah_kode, s.kolom) for s in found} >= {
        ("33.03", "suara_sah"),
        ("35", "tps_ditahan"),
    }
    assert all(s.kontestasi == "ppwp" for s in found)
    result = rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=False, actor=None)
    assert result.selisih == found
    assert _periksa(world) == []
    assert AuditLog.objects.filter(action="rekap.hitung_ulang").count() == 1


def test_hitung_ulang_of_one_region_touches_only_it_and_below(world: World) -> None:
    kirim(world, TPS_A1)
    rekap_lipat()
    RekapAgregat.objects.filter(wilayah_kode__in=["", "33.03.01"]).update(suara_sah=7)
    result = rekap_hitung_ulang(
        pemilihan=world.pemilihan, wilayah_kode="33.03.01", periksa=False, actor=None
    )
    assert [s.wilayah_kode for s in result.selisih] == ["33.03.01"]
    assert _row(world, "").suara_sah == 7  # the nation holds other regions too: untouched
    assert set(rekap_hitung_penuh(pemilihan=world.pemilihan, wilayah_kode="33.03.01")) == set(
        rekap_tersimpan(pemilihan=world.pemilihan, wilayah_kode="33.03.01")
    )


def test_any_sequence_of_submissions_and_corrections_matches_a_full_recompute(world: World) -> None:
    rng = random.Random(20240214)
    tps_list = [TPS_A1, TPS_A2, TPS_B1, TPS_LUAR]
    for step in range(25):
        tps = rng.choice(tps_list)
        jenis = rng.choice(["ppwp", "dpd"])
        base = sheet(world, tps, jenis)
        shift = rng.randint(0, 20)
        broken = rng.random() < 0.3
        kirim(
            world,
            tps,
            jenis,
            alasan=f"langkah {step}",
            calon_1=base["calon_1"] - shift,
            calon_2=shift + (50 if broken else 0),
        )
    assert _periksa(world) == []
    for row in RekapAgregat.objects.filter(tingkat__lt=4, dapil__isnull=False):
        children = RekapAgregat.objects.filter(
            kontestasi=row.kontestasi,
            dapil=row.dapil,
            tingkat=row.tingkat + 1,
            wilayah_kode__startswith=row.wilayah_kode,
        )
        assert row.tps_masuk + row.tps_ditahan == sum(c.tps_masuk + c.tps_ditahan for c in children)
        assert row.suara_sah == sum(c.suara_sah for c in children)


def _generic_passes(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """Record every desa pass summed the general way (through the JSON table function)."""
    calls: list[int | None] = []
    general = hitung._desa_insert

    def spy(pemilihan, prefix, kontestasi_id=None):
        calls.append(kontestasi_id)
        general(pemilihan, prefix, kontestasi_id)

    monkeypatch.setattr(hitung, "_desa_insert", spy)
    return calls


def test_kunci_suara_of_gives_each_contest_its_ballots_keys_and_fingerprints(world: World) -> None:
    ballots = hitung.kunci_suara_of(world.pemilihan)
    for jenis in ("ppwp", "dpd", "dpr"):
        lembar = lembar_for_tps(tps=world.tps[TPS_A1], jenis=jenis)
        contest = ballots[lembar.kontestasi.pk]
        assert set(lembar.susunan.kunci_suara()) <= set(contest.kunci)
        assert lembar.susunan.sidik in contest.sidik
    dpr = ballots[lembar.kontestasi.pk]
    assert "partai_1_jumlah" in dpr.kunci
    assert len(dpr.kunci) == len(set(dpr.kunci))


def test_the_recompute_sums_by_key_while_every_sheets_ballot_is_current(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        for jenis in ("ppwp", "dpd", "dpr"):
            kirim(world, tps, jenis)
    kirim(world, TPS_LUAR)  # another provinsi: another pass
    kirim(world, TPS_A2, "dpr", alasan="koreksi", partai_1=0)  # broken: held out
    generic = _generic_passes(monkeypatch)
    assert _periksa(world) == []
    assert generic == []  # every pass summed by key


def test_the_recompute_still_counts_a_sheet_whose_ballot_changed_since(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = sheet(world, TPS_A1)
    votes = base["calon_3"] + 7
    kirim(world, TPS_A1, calon_1=base["calon_1"] - 7, calon_3=votes)
    kirim(world, TPS_A1, "dpd")
    # Pair 3 leaves the ballot after TPS A1 sent its sheet: the sheet's key calon_3 is on no
    # current ballot of the contest, so summing by the ballots' keys would drop its votes.
    ppwp = lembar_for_tps(tps=world.tps[TPS_A1], jenis="ppwp")
    Calon.objects.filter(dapil=ppwp.dapil, nomor_urut=3).delete()
    lembar_cache_clear()
    generic = _generic_passes(monkeypatch)
    assert _periksa(world) == []
    nation = rekap_hitung_penuh(pemilihan=world.pemilihan)[
        ("", str(ppwp.kontestasi.pk), str(ppwp.dapil.pk))
    ]
    assert nation.suara["calon_3"] == votes
    # Only the changed contest is summed the general way, in every provinsi it has sheets.
    assert set(generic) == {ppwp.kontestasi.pk}


def test_a_contest_without_ballots_and_a_pass_holding_out_too_many_are_summed_the_general_way(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    kirim(world, TPS_A1)
    held = kirim(world, TPS_A2, suara_sah=999)  # breaks its arithmetic: held out
    assert held.temuan
    dprd = lembar_for_tps(tps=world.tps[TPS_A1], jenis="dprd_kabkota").kontestasi
    Calon.objects.filter(dapil__kontestasi=dprd).delete()
    monkeypatch.setattr(hitung, "_DITAHAN_MAKS", 0)
    generic = _generic_passes(monkeypatch)
    assert _periksa(world) == []
    assert _row(world, "33.03.01.2001").tps_ditahan == 1
    assert dprd.pk in generic
    # SQLite's statement takes a bounded number of parameters; PostgreSQL's one array does not.
    ppwp = lembar_for_tps(tps=world.tps[TPS_A1], jenis="ppwp").kontestasi
    assert (ppwp.pk in generic) is (connection.vendor == "sqlite")
