"""The provinsi's and the nation's rows take changes as appended deltas, folded in later:
a read adds what is pending, a fold moves it without changing any figure a read returns."""

from __future__ import annotations

import logging
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_LUAR, World
from selenggara.rekap import hitung
from selenggara.rekap.hitung import agregat_baca, rekap_hitung_ulang, rekap_lipat, rekap_tersimpan
from selenggara.rekap.models import RekapAgregat, RekapDelta
from selenggara.rekap.tests.world import kirim, rekap_world_build


@pytest.fixture
def world(db) -> World:
    return rekap_world_build()


def _levels(model: type[RekapAgregat] | type[RekapDelta]) -> list[tuple[str, bool]]:
    return sorted((w, d is None) for w, d in model.objects.values_list("wilayah_kode", "dapil_id"))


def test_a_change_locks_the_rows_up_to_the_kabkota_and_appends_the_rest(world: World) -> None:
    versi = kirim(world, TPS_A1)
    assert _levels(RekapAgregat) == [
        ("33.03", False),
        ("33.03.01", False),
        ("33.03.01.2001", False),
    ]
    # The provinsi's and the nation's dapil row and their totals over their dapil.
    assert _levels(RekapDelta) == [("", False), ("", True), ("33", False), ("33", True)]
    nation = agregat_baca(Q(wilayah_kode="", dapil__isnull=False))
    assert [(j.tps_masuk, j.angka["suara_sah"]) for j in nation.values()] == [(1, versi.suara_sah)]


def test_a_fold_moves_the_deltas_into_the_rows_and_changes_no_figure(world: World) -> None:
    kirim(world, TPS_A1)
    kirim(world, TPS_A2)
    kirim(world, TPS_LUAR, "dpd")
    before = rekap_tersimpan(pemilihan=world.pemilihan)
    assert rekap_lipat() == 12
    assert not RekapDelta.objects.exists()
    assert rekap_tersimpan(pemilihan=world.pemilihan) == before
    assert rekap_lipat() == 0
    nation = RekapAgregat.objects.get(kontestasi__jenis="ppwp", wilayah_kode="", dapil__isnull=True)
    assert nation.tps_masuk == 2
    # A later change is pending on top of the folded row, and read with it.
    kirim(world, TPS_A1, alasan="Koreksi", suara_tidak_sah=0)
    assert RekapDelta.objects.count() == 4
    assert rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih == []


def test_a_fold_runs_in_batches_until_nothing_is_pending(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hitung, "LIPAT_BATAS", 2)
    for tps in (TPS_A1, TPS_A2, TPS_LUAR):
        kirim(world, tps)
    before = rekap_tersimpan(pemilihan=world.pemilihan)
    assert rekap_lipat() == 12
    assert rekap_tersimpan(pemilihan=world.pemilihan) == before


def test_a_writer_folds_after_its_commit_unless_it_folded_a_moment_ago(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(hitung, "_lipat_terakhir", 0.0)
    with django_capture_on_commit_callbacks(execute=True):
        kirim(world, TPS_A1)
    assert not RekapDelta.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        kirim(world, TPS_A2)
    assert RekapDelta.objects.count() == 4  # within LIPAT_JEDA of the last fold: left pending
    assert rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih == []


def test_a_fold_that_fails_after_a_commit_loses_nothing(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks,
) -> None:
    def broken(*, tunggu: bool = True) -> int:
        raise DatabaseError("disk full")

    monkeypatch.setattr(hitung, "_lipat_terakhir", 0.0)
    monkeypatch.setattr(hitung, "rekap_lipat", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        versi = kirim(world, TPS_A1)
    assert "folding the pending deltas failed" in caplog.text
    assert RekapDelta.objects.count() == 4
    total = agregat_baca(Q(wilayah_kode="", dapil__isnull=True))
    assert [j.angka["suara_sah"] for j in total.values()] == [versi.suara_sah]


@pytest.mark.django_db(transaction=True)
def test_a_second_folder_does_not_wait_for_the_first() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: there is no second folder to wait for")
    world = rekap_world_build()
    kirim(world, TPS_A1)
    rekap_lipat()
    kirim(world, TPS_A2)
    holding, release = threading.Event(), threading.Event()

    def first_folder() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [hitung._LIPAT_KUNCI])
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=first_folder)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        assert rekap_lipat(tunggu=False) == 0
        assert RekapDelta.objects.count() == 4
    finally:
        release.set()
        thread.join(timeout=30)
    assert rekap_lipat(tunggu=False) == 4
    assert rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih == []


def test_the_command_folds_what_is_pending(world: World) -> None:
    kirim(world, TPS_A1)
    out = StringIO()
    call_command("rekap", "lipat", stdout=out)
    assert out.getvalue().strip() == "4 perubahan tertunda dilipat."
    assert not RekapDelta.objects.exists()


def test_the_folder_folds_until_told_to_stop(world: World) -> None:
    kirim(world, TPS_A1)
    out = StringIO()
    call_command("rekap", "lipat", "--terus", "--jeda", "0", "--kali", "2", stdout=out)
    assert out.getvalue().splitlines()[1:] == ["4 perubahan tertunda dilipat."]
    assert not RekapDelta.objects.exists()


def test_the_folder_keeps_going_when_a_fold_fails(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []

    def flaky(*, tunggu: bool = True) -> int:
        calls.append(tunggu)
        if len(calls) == 1:
            raise DatabaseError("server closed the connection unexpectedly")
        return rekap_lipat(tunggu=tunggu)

    monkeypatch.setattr("selenggara.rekap.management.commands.rekap.rekap_lipat", flaky)
    kirim(world, TPS_A1)
    out, err = StringIO(), StringIO()
    call_command("rekap", "lipat", "--terus", "--jeda", "0", "--kali", "2", stdout=out, stderr=err)
    assert "Gagal melipat, dicoba lagi: server closed" in err.getvalue()
    assert out.getvalue().splitlines()[1:] == ["4 perubahan tertunda dilipat."]
    assert not RekapDelta.objects.exists()
