"""Shared pieces of the access matrix (tests/test_access_matrix.py): how a route is registered,
and the standard in-scope / out-of-scope objects per role. Each part of the application lists its
routes in its own module (e.g. tests/tungsura/routes_*.py) and the matrix adds them up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import (
    DESA_A,
    DESA_B,
    DPT_LUAR,
    KEL_LUAR,
    NAMA_DESA_B,
    NAMA_LUAR,
    PERAN_PLACE,
    TPS_A2,
    TPS_B1,
    TPS_LUAR,
    World,
)

PEMILIHAN = "pemilu-2024"
TPS_ROLES = frozenset({Peran.KPPS_KETUA, Peran.KPPS_ANGGOTA, Peran.SAKSI})
UNKNOWN_WILAYAH = "36.01.01.2001"  # a valid code that is in no tree
UNKNOWN_TPS = "3601012001001"

# What must never appear in an out-of-scope answer: names and distinctive numbers of desa B, its
# TPS, TPS A2 (a KPPS's neighbour) and the foreign branch. Desa B's DPT is 200; A2's is 278.
LEAKS_LUAR = (*NAMA_LUAR, str(DPT_LUAR[0]), str(DPT_LUAR[1]), str(DPT_LUAR[2]))
LEAKS_DESA_B = (NAMA_DESA_B, "Balai Desa Bokol")
LEAKS_TPS_A2 = ("SD Negeri 1 Kedungbenda", "278")


@dataclass(frozen=True)
class Case:
    """Arguments of one request and the strings its answer must not contain."""

    kwargs: dict[str, object]
    leaks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    """One route. ``in_scope``/``out_scope`` build the object argument per role; ``why`` says
    why a route without them takes no scoped object."""

    route: str
    api_path: str | None = None
    method: str = "GET"
    in_scope: Callable[[World, Peran], Case] | None = None
    out_scope: Callable[[World, Peran], Case] | None = None
    ok_status: int = 200
    # The in-scope answer per role when it is not ``ok_status`` for every role (e.g. a
    # read-only role refused a write: 403; a TPS role that sees no applicant: 404).
    in_status: Callable[[Peran], int] | None = None
    why: str = ""

    @property
    def takes_object(self) -> bool:
        return self.in_scope is not None


def _own_wilayah(world: World, peran: Peran) -> str:
    """The role's own region, or the desa of its TPS (visible: it is on the way to the TPS)."""
    wilayah_kode, tps_kode = PERAN_PLACE[peran]
    if tps_kode:
        return DESA_A
    return wilayah_kode or "33"


def _foreign_wilayah(world: World, peran: Peran) -> Case:
    """The nearest region outside the role's scope: the neighbour desa where there is one."""
    if peran is Peran.KPU_RI:
        return Case({"kode": UNKNOWN_WILAYAH})
    if peran in TPS_ROLES or peran is Peran.PPS:
        return Case({"kode": DESA_B}, LEAKS_DESA_B)
    return Case({"kode": KEL_LUAR}, LEAKS_LUAR)


def _foreign_tps(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"kode": UNKNOWN_TPS})
    if peran in TPS_ROLES:
        return Case({"kode": TPS_A2}, LEAKS_TPS_A2)
    if peran is Peran.PPS:
        return Case({"kode": TPS_B1}, LEAKS_DESA_B)
    return Case({"kode": TPS_LUAR}, LEAKS_LUAR)
