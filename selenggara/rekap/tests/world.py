"""Tungsura's small world, and helpers to send C.Hasil through the real service."""

from __future__ import annotations

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import World
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build


def rekap_world_build() -> World:
    return tungsura_world_build()


def sheet(world: World, tps: str, jenis: str = "ppwp", **changes: int) -> dict[str, int]:
    """A consistent sheet of ``tps`` for ``jenis``, with ``changes`` written over it."""
    lembar = lembar_for_tps(tps=world.tps[tps], jenis=jenis)
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    angka.update(changes)
    return angka


def kirim(
    world: World,
    tps: str,
    jenis: str = "ppwp",
    *,
    alasan: str = "",
    peran: Peran = Peran.KPU_RI,
    sumber: Sumber = Sumber.ENTRI_KERTAS,
    **changes: int,
) -> CHasilVersi:
    """Submit (or correct, with ``alasan``) the sheet of ``tps`` through c_hasil_submit."""
    return c_hasil_submit(
        tps=world.tps[tps],
        jenis=jenis,
        angka=sheet(world, tps, jenis, **changes),
        actor=world.user(peran),
        sumber=sumber,
        alasan=alasan,
    ).versi
