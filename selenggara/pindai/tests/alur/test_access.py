"""pindai's access selectors: one test per condition."""

from __future__ import annotations

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import NotAccessible
from selenggara.pindai.access import (
    lingkup_peninjau_list,
    pembacaan_get_for_tps,
    tinjauan_get_for_actor,
    tinjauan_list_for_actor,
)
from selenggara.pindai.models import TinjauanAngka
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, World
from tests.pindai.routes_pindai import _pembacaan, _tinjauan


def test_a_reading_is_found_through_its_tps(world: World):
    pk = _pembacaan(world, TPS_A1)

    assert pembacaan_get_for_tps(tps=world.tps[TPS_A1], pk=pk).pk == pk


def test_a_reading_of_another_tps_is_not_found(world: World):
    pk = _pembacaan(world, TPS_A1)

    with pytest.raises(NotAccessible):
        pembacaan_get_for_tps(tps=world.tps[TPS_A2], pk=pk)


def test_an_inactive_actor_reviews_nothing(world: World):
    pps = world.user(Peran.PPS)
    pps.is_active = False

    assert lingkup_peninjau_list(actor=pps, pemilihan=world.pemilihan) == []


def test_only_reviewing_roles_have_reviewing_scopes(world: World):
    assert lingkup_peninjau_list(actor=world.user(Peran.PPS), pemilihan=world.pemilihan)
    assert not lingkup_peninjau_list(actor=world.user(Peran.KPPS_KETUA), pemilihan=world.pemilihan)
    assert not lingkup_peninjau_list(actor=world.user(Peran.PENGAWAS), pemilihan=world.pemilihan)


def test_an_item_in_the_reviewers_region_is_found(world: World):
    pk = _tinjauan(world, TPS_A1)

    item = tinjauan_get_for_actor(actor=world.user(Peran.PPS), pemilihan=world.pemilihan, pk=pk)

    assert item.pk == pk


def test_an_unknown_item_is_not_found(world: World):
    with pytest.raises(NotAccessible):
        tinjauan_get_for_actor(actor=world.user(Peran.PPS), pemilihan=world.pemilihan, pk=999)


def test_an_item_outside_the_reviewers_region_looks_unknown(world: World):
    pk = _tinjauan(world, TPS_B1)

    with pytest.raises(NotAccessible) as exc:
        tinjauan_get_for_actor(actor=world.user(Peran.PPS), pemilihan=world.pemilihan, pk=pk)

    assert exc.value.message == "Angka yang ditinjau tidak ditemukan."


def test_the_queue_of_a_role_that_does_not_review_is_empty(world: World):
    _tinjauan(world, TPS_A1)

    assert not tinjauan_list_for_actor(
        actor=world.user(Peran.KPPS_KETUA), pemilihan=world.pemilihan
    )


def test_the_national_queue_holds_every_item(world: World):
    for kode in (TPS_A1, TPS_B1):
        _tinjauan(world, kode)

    qs = tinjauan_list_for_actor(actor=world.user(Peran.KPU_RI), pemilihan=world.pemilihan)

    assert qs.count() == 2


def test_a_regions_queue_holds_its_tps_only_and_not_decided_ones(world: World):
    for kode in (TPS_A1, TPS_A2, TPS_B1):
        _tinjauan(world, kode)
    TinjauanAngka.objects.filter(tps_kode=TPS_A2).update(selesai=True, nilai=1)

    pps = tinjauan_list_for_actor(actor=world.user(Peran.PPS), pemilihan=world.pemilihan)
    ppk = tinjauan_list_for_actor(actor=world.user(Peran.PPK), pemilihan=world.pemilihan)
    done = tinjauan_list_for_actor(
        actor=world.user(Peran.PPS), pemilihan=world.pemilihan, selesai=True
    )

    assert [t.tps_kode for t in pps] == [TPS_A1]
    assert sorted(t.tps_kode for t in ppk) == [TPS_A1, TPS_B1]
    assert [t.tps_kode for t in done] == [TPS_A2]
