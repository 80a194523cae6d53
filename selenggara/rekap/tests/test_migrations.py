"""Migrations 0002 and 0005: the nation's and each provinsi's total per contest (dapil NULL)
over its dapil rows."""

from __future__ import annotations

import pytest

from selenggara.core.tests.migrations import migrate_latest, migrate_to
from selenggara.portal.tests.world import TPS_A1, TPS_LUAR
from selenggara.rekap.hitung import rekap_hitung_ulang, rekap_lipat
from selenggara.rekap.models import RekapAgregat
from selenggara.rekap.tests.world import kirim, rekap_world_build

# Schema changes on SQLite cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

FIGURES: tuple[str, ...] = ("tps_masuk", "tps_ditahan", "suara_sah", "suara_tidak_sah")
FIGURES += ("suara_total", "pengguna_total", "dpt", "suara")


def _totals() -> dict[tuple[str, int, str], tuple[object, ...]]:
    """Every total row by contest, tier and region: the nation's and each provinsi's (keyed by
    contest alone, the provinsi rows and the nation's would overwrite each other in whatever
    order the database returns them)."""
    rows = RekapAgregat.objects.filter(dapil__isnull=True).select_related("kontestasi")
    return {
        (r.kontestasi.jenis, r.tingkat, r.wilayah_kode): tuple(getattr(r, f) for f in FIGURES)
        for r in rows
    }


def test_the_totals_go_back_and_come_again_from_the_stored_dapil_rows():
    world = rekap_world_build()
    # PPWP and DPD in two provinsi (DPD: two dapil rows at the nation), DPR in one.
    for jenis in ("ppwp", "dpd"):
        kirim(world, TPS_A1, jenis)
        kirim(world, TPS_LUAR, jenis)
    kirim(world, TPS_A1, "dpr")
    rekap_lipat()  # the nation's rows hold every change once the pending deltas are folded
    before = _totals()
    assert {jenis for jenis, _, _ in before} == {"ppwp", "dpd", "dpr"}
    assert {tingkat for _, tingkat, _ in before} == {0, 1}  # the nation and its provinsi
    dapil_rows = RekapAgregat.objects.filter(dapil__isnull=False).count()
    try:
        old = migrate_to(("rekap", "0001_agregat_dan_pleno")).get_model("rekap", "RekapAgregat")
        assert old.objects.count() == dapil_rows  # the totals are gone, dapil NOT NULL again
        migrate_latest()
        assert _totals() == before
        # The totals equal what a full recompute derives, and the next change adds to them.
        assert rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih == []
        kirim(world, TPS_A1, "dpr", alasan="Koreksi", suara_tidak_sah=0)
        assert rekap_hitung_ulang(pemilihan=world.pemilihan, periksa=True).selisih == []
    finally:
        migrate_latest()
