"""One test per condition of rekap/access.py: who sees a plenary, who may act on it, whose
scope holds a region's recap figures."""

from __future__ import annotations

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.services import penugasan_assign, user_create
from selenggara.core.errors import NotAccessible, PermissionDenied
from selenggara.portal.tests.world import KEC_LUAR, World
from selenggara.rekap import access
from selenggara.rekap.domain.pleno import Aksi
from selenggara.rekap.models import Pleno
from selenggara.rekap.services import pleno_get_or_create
from selenggara.rekap.tests.world import rekap_world_build

KEC = "33.03.01"


@pytest.fixture
def world(db) -> World:
    return rekap_world_build()


@pytest.fixture
def pleno(world: World) -> Pleno:
    return pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode=KEC, jenis="ppwp")


def _ppk_luar(world: World):
    user = user_create(
        username="ppk_luar",
        nama="PPK luar",
        password="x",
        actor=None,
        enforce_password_policy=False,
    )
    penugasan_assign(user=user, peran=Peran.PPK, wilayah_kode=KEC_LUAR, tps=None, actor=None)
    return user


def _tanpa_peran():
    return user_create(
        username="tanpa_peran",
        nama="x",
        password="x",
        actor=None,
        enforce_password_policy=False,
    )


# pleno_get_for_actor ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "peran", [Peran.KPU_RI, Peran.KPU_KABKOTA, Peran.PPK, Peran.PPS, Peran.SAKSI]
)
def test_a_plenary_is_seen_from_a_scope_containing_it_or_inside_it(world, pleno, peran):
    assert access.pleno_get_for_actor(actor=world.user(peran), pleno_id=pleno.pk) == pleno


def test_an_unknown_plenary_is_not_accessible(world):
    with pytest.raises(NotAccessible):
        access.pleno_get_for_actor(actor=world.user(Peran.KPU_RI), pleno_id=999_999)


def test_an_inactive_account_sees_no_plenary(world, pleno):
    ppk = world.user(Peran.PPK)
    ppk.is_active = False
    with pytest.raises(NotAccessible):
        access.pleno_get_for_actor(actor=ppk, pleno_id=pleno.pk)


def test_a_plenary_of_another_kecamatan_is_not_seen(world, pleno):
    with pytest.raises(NotAccessible):
        access.pleno_get_for_actor(actor=_ppk_luar(world), pleno_id=pleno.pk)


def test_an_account_without_a_role_sees_no_plenary(world, pleno):
    with pytest.raises(NotAccessible):
        access.pleno_get_for_actor(actor=_tanpa_peran(), pleno_id=pleno.pk)


# pleno_boleh / pleno_check_boleh ------------------------------------------------------------


def test_the_ppk_of_the_kecamatan_may_open_its_plenary(world, pleno):
    assert access.pleno_boleh(actor=world.user(Peran.PPK), pleno=pleno, aksi=Aksi.BUKA)
    access.pleno_check_boleh(actor=world.user(Peran.PPK), pleno=pleno, aksi=Aksi.BUKA)


def test_an_inactive_ppk_may_do_nothing(world, pleno):
    ppk = world.user(Peran.PPK)
    ppk.is_active = False
    assert not access.pleno_boleh(actor=ppk, pleno=pleno, aksi=Aksi.BUKA)


def test_a_role_the_tier_does_not_name_may_not_act(world, pleno):
    for peran in (Peran.PPS, Peran.KPU_KABKOTA, Peran.PENGAWAS):
        assert not access.pleno_boleh(actor=world.user(peran), pleno=pleno, aksi=Aksi.TETAPKAN)
    with pytest.raises(PermissionDenied):
        access.pleno_check_boleh(actor=world.user(Peran.PPS), pleno=pleno, aksi=Aksi.BUKA)


def test_the_right_role_over_another_region_may_not_act(world, pleno):
    assert not access.pleno_boleh(actor=_ppk_luar(world), pleno=pleno, aksi=Aksi.BUKA)


def test_a_role_held_at_one_tps_does_not_act_on_the_kecamatan(world, pleno):
    # The witness may object (peran_boleh says so), but its scope is a TPS, not the region.
    saksi = world.user(Peran.SAKSI)
    assert not access.pleno_boleh(actor=saksi, pleno=pleno, aksi=Aksi.KEBERATAN)


def test_reopening_is_for_the_tier_above(world, pleno):
    assert access.pleno_boleh(
        actor=world.user(Peran.KPU_KABKOTA), pleno=pleno, aksi=Aksi.BUKA_KEMBALI
    )
    assert not access.pleno_boleh(actor=world.user(Peran.PPK), pleno=pleno, aksi=Aksi.BUKA_KEMBALI)


# wilayah_kode_for_actor ---------------------------------------------------------------------


def test_the_nation_slug_is_the_empty_code_for_a_national_scope(world):
    kode = access.wilayah_kode_for_actor(
        actor=world.user(Peran.KPU_RI), pemilihan=world.pemilihan, kode=access.NASIONAL_SLUG
    )
    assert kode == ""


def test_the_nation_is_not_shown_to_a_lower_scope(world):
    with pytest.raises(NotAccessible):
        access.wilayah_kode_for_actor(
            actor=world.user(Peran.PPK), pemilihan=world.pemilihan, kode=access.NASIONAL_SLUG
        )


def test_a_region_inside_the_scope_is_shown(world):
    assert (
        access.wilayah_kode_for_actor(
            actor=world.user(Peran.PPK), pemilihan=world.pemilihan, kode=KEC
        )
        == KEC
    )


@pytest.mark.parametrize("kode", ["bukan-kode", "33.03.09"])
def test_a_malformed_or_unknown_region_is_not_accessible(world, kode):
    with pytest.raises(NotAccessible):
        access.wilayah_kode_for_actor(
            actor=world.user(Peran.KPU_RI), pemilihan=world.pemilihan, kode=kode
        )


def test_an_inactive_account_sees_no_region(world):
    ppk = world.user(Peran.PPK)
    ppk.is_active = False
    with pytest.raises(NotAccessible):
        access.wilayah_kode_for_actor(actor=ppk, pemilihan=world.pemilihan, kode=KEC)


def test_a_region_above_the_scope_is_not_shown(world):
    # A PPS sees its desa's figures, not its kecamatan's; a TPS role sees no region figures.
    for peran in (Peran.PPS, Peran.KPPS_KETUA):
        with pytest.raises(NotAccessible):
            access.wilayah_kode_for_actor(
                actor=world.user(peran), pemilihan=world.pemilihan, kode=KEC
            )


def test_a_foreign_region_is_not_shown(world):
    with pytest.raises(NotAccessible):
        access.wilayah_kode_for_actor(
            actor=world.user(Peran.PPK), pemilihan=world.pemilihan, kode=KEC_LUAR
        )
