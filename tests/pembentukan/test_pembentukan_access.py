"""pembentukan.access: one test per condition line; unknown and foreign look the same."""

from __future__ import annotations

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import Penugasan
from selenggara.core.errors import NotAccessible, PermissionDenied
from selenggara.pembentukan.access import (
    desa_check_writable,
    desa_get_for_actor,
    pendaftar_check_writable,
    pendaftar_get_for_actor,
    pendaftar_list_for_actor,
    tanggapan_get_for_actor,
)
from selenggara.pembentukan.models import TanggapanMasyarakat
from selenggara.portal.tests.world import DESA_A, DESA_B, KEL_LUAR, World, world_build
from tests.pembentukan.world import UNKNOWN_PK, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return world_build(with_users=False)


def test_unknown_pendaftar_is_not_accessible(world):
    with pytest.raises(NotAccessible) as unknown:
        pendaftar_get_for_actor(actor=world.user(Peran.KPU_RI), pk=UNKNOWN_PK)
    foreign = registered(world, DESA_B).pendaftar
    with pytest.raises(NotAccessible) as forbidden:
        pendaftar_get_for_actor(actor=world.user(Peran.PPS), pk=foreign.pk)

    assert unknown.value.message == forbidden.value.message


@pytest.mark.parametrize(
    ("peran", "visible"),
    [
        (Peran.KPU_RI, True),
        (Peran.KPU_KABKOTA, True),
        (Peran.PPK, True),
        (Peran.PPS, True),
        (Peran.PENGAWAS, True),
        (Peran.KPPS_KETUA, False),
        (Peran.SAKSI, False),
    ],
)
def test_pendaftar_is_visible_to_the_tiers_of_its_desa(world, peran, visible):
    pendaftar = registered(world, DESA_A).pendaftar

    if visible:
        assert pendaftar_get_for_actor(actor=world.user(peran), pk=pendaftar.pk) == pendaftar
    else:
        with pytest.raises(NotAccessible):
            pendaftar_get_for_actor(actor=world.user(peran), pk=pendaftar.pk)


def test_inactive_actor_sees_nothing(world):
    pendaftar = registered(world, DESA_A).pendaftar
    pps = world.user(Peran.PPS)
    pps.is_active = False

    with pytest.raises(NotAccessible):
        pendaftar_get_for_actor(actor=pps, pk=pendaftar.pk)
    assert list(pendaftar_list_for_actor(actor=pps, pemilihan=world.pemilihan)) == []


@pytest.mark.parametrize(
    ("peran", "writes"),
    [
        (Peran.PPS, True),
        (Peran.KPU_KABKOTA, True),
        (Peran.KPU_RI, False),
        (Peran.PPK, False),
        (Peran.PENGAWAS, False),
    ],
)
def test_only_pps_and_kpu_kabkota_write(world, peran, writes):
    pendaftar = registered(world, DESA_A).pendaftar

    if writes:
        pendaftar_check_writable(actor=world.user(peran), pendaftar=pendaftar)
    else:
        with pytest.raises(PermissionDenied):
            pendaftar_check_writable(actor=world.user(peran), pendaftar=pendaftar)


def test_a_writing_role_of_another_desa_does_not_write_here(world):
    pps = world.user(Peran.PPS)
    Penugasan.objects.filter(user=pps).update(wilayah_kode=DESA_B)

    with pytest.raises(PermissionDenied):
        desa_check_writable(actor=pps, pemilihan=world.pemilihan, desa=world.wilayah[DESA_A])


@pytest.mark.parametrize(
    "kode",
    [
        pytest.param("bukan-kode", id="malformed"),
        pytest.param("33.03.01", id="not-a-desa"),
        pytest.param(DESA_B, id="foreign"),
        pytest.param("33.03.01.2099", id="unknown-in-scope"),
    ],
)
def test_desa_get_refuses_alike(world, kode):
    with pytest.raises(NotAccessible, match="Desa/kelurahan tidak ditemukan"):
        desa_get_for_actor(actor=world.user(Peran.PPS), pemilihan=world.pemilihan, kode=kode)


def test_desa_get_returns_the_own_desa(world):
    desa = desa_get_for_actor(actor=world.user(Peran.PPS), pemilihan=world.pemilihan, kode=DESA_A)

    assert desa.kode == DESA_A


def test_list_is_scoped_per_role_and_region(world):
    a, b, luar = (registered(world, k).pendaftar for k in (DESA_A, DESA_B, KEL_LUAR))
    pemilihan = world.pemilihan

    def names(peran, wilayah=None):
        qs = pendaftar_list_for_actor(actor=world.user(peran), pemilihan=pemilihan, wilayah=wilayah)
        return {p.pk for p in qs}

    assert names(Peran.KPU_RI) == {a.pk, b.pk, luar.pk}
    assert names(Peran.KPU_RI, world.wilayah[DESA_B]) == {b.pk}
    assert names(Peran.PPK) == {a.pk, b.pk}
    assert names(Peran.PPS) == {a.pk}
    assert names(Peran.KPPS_ANGGOTA) == set()


def test_tanggapan_follows_its_pendaftar(world):
    own = TanggapanMasyarakat.objects.create(
        pendaftar=registered(world, DESA_A).pendaftar,
        isi="x",
        pengirim_nama="n",
        pengirim_kontak="k",
    )
    foreign = TanggapanMasyarakat.objects.create(
        pendaftar=registered(world, DESA_B).pendaftar,
        isi="x",
        pengirim_nama="n",
        pengirim_kontak="k",
    )
    pps = world.user(Peran.PPS)

    assert tanggapan_get_for_actor(actor=pps, pk=own.pk) == own
    with pytest.raises(NotAccessible, match="Tanggapan tidak ditemukan"):
        tanggapan_get_for_actor(actor=pps, pk=foreign.pk)
    with pytest.raises(NotAccessible, match="Tanggapan tidak ditemukan"):
        tanggapan_get_for_actor(actor=pps, pk=UNKNOWN_PK)
