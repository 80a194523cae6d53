"""Shared pieces of the logistics tests: the tungsura world and a DKI Jakarta corner of it."""

from __future__ import annotations

import pytest

from selenggara.portal.tests.world import World, tps_create
from selenggara.tungsura.tests.world import tungsura_world_build
from selenggara.wilayah.models import Wilayah

DKI_KECAMATAN = "31.71.01"
DKI_DESA = "31.71.01.1001"


@pytest.fixture
def world(db) -> World:
    return tungsura_world_build()


def dki_add(world: World, *, tps_count: int = 2) -> Wilayah:
    """Add Jakarta Pusat > Gambir > Gambir with ``tps_count`` TPS of 250 voters; return the
    kecamatan."""
    rows = [
        ("31", "DKI Jakarta", 1, ""),
        ("31.71", "Kota Adm. Jakarta Pusat", 2, "31"),
        (DKI_KECAMATAN, "Gambir", 3, "31.71"),
        (DKI_DESA, "Gambir", 4, DKI_KECAMATAN),
    ]
    created = {
        kode: Wilayah.objects.create(
            versi=world.versi, kode=kode, nama=nama, tingkat=tingkat, induk_kode=induk
        )
        for kode, nama, tingkat, induk in rows
    }
    for nomor in range(1, tps_count + 1):
        tps_create(world.pemilihan, created[DKI_DESA], nomor, laki=125, perempuan=125)
    return created[DKI_KECAMATAN]
