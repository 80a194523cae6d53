"""Concurrent writers on PostgreSQL: two plenary corrections of one TPS (one wins, the other
is told which version won), and many writers under every tier (the counts stay exact)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, World
from selenggara.rekap.hitung import rekap_hitung_ulang, rekap_lipat
from selenggara.rekap.services import butir_koreksi, pleno_buka, pleno_get_or_create
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet
from selenggara.tungsura.models import CHasilVersi
from selenggara.tungsura.services import VersiBentrok


def _race(jobs: list[Callable[[], object]]) -> list[object]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(job())
        except Exception as exc:  # reported by the caller's assertions
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _skip_sqlite() -> None:
    if connection.vendor == "sqlite":
        # SQLite takes the write lock at BEGIN (IMMEDIATE): there is no race to test.
        pytest.skip("a race of writers needs PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_plenary_corrections_of_one_tps_at_once_one_wins_the_other_is_told() -> None:
    _skip_sqlite()
    world: World = rekap_world_build()
    kirim(world, TPS_A1)
    ppk = world.user(Peran.PPK)
    pleno = pleno_buka(
        pleno=pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode="33.03.01", jenis="ppwp"),
        actor=ppk,
    )
    base = sheet(world, TPS_A1)

    def correct(n: int) -> Callable[[], object]:
        angka = {**base, "calon_1": base["calon_1"] - n, "calon_2": base["calon_2"] + n}
        return lambda: butir_koreksi(
            pleno=pleno,
            tps_kode=TPS_A1,
            angka=angka,
            versi_dasar=1,
            alasan=f"anggota {n}",
            actor=ppk,
        )

    results = _race([correct(1), correct(2)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], VersiBentrok)
    assert errors[0].params["versi"] == 2
    assert sorted(CHasilVersi.objects.values_list("nomor", flat=True)) == [1, 2]
    assert rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_under_every_tier_keep_the_counts_exact() -> None:
    _skip_sqlite()
    world: World = rekap_world_build()

    def job(tps: str, jenis: str) -> Callable[[], object]:
        return lambda: kirim(world, tps, jenis)

    jobs = [job(tps, jenis) for tps in (TPS_A1, TPS_A2, TPS_B1) for jenis in ("ppwp", "dpr", "dpd")]
    # Folds racing the writers: each takes what has committed, none loses or doubles a delta.
    jobs += [lambda: rekap_lipat(tunggu=False), rekap_lipat, rekap_lipat]
    results = _race(jobs)
    assert all(not isinstance(r, Exception) for r in results), results
    assert rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih == []
