"""Access-matrix registrations of the recap pages (see tests/access.py).

A region's recap answers a scope holding the region (KPPS and saksi get the 404 of a foreign
region, as for the portal's counts); a plenary answers anyone whose scope holds its region or
lies inside it. Acting needs the tier's role: the correction form is 403 for everyone but the
PPK of the kecamatan, and an empty action post is a 422 for everyone who sees the plenary.
"""

from __future__ import annotations

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, World
from selenggara.rekap.models import Pleno
from tests.access import LEAKS_LUAR, TPS_ROLES, Case, Route, _foreign_wilayah, _own_wilayah

REKAP = "rekap/"
KECAMATAN = "33.03.01"
UNKNOWN_PLENO = 999_999


def _pleno(world: World, wilayah: str) -> Pleno:
    from selenggara.rekap.services import pleno_get_or_create

    return pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode=wilayah, jenis="ppwp")


def _pleno_ditetapkan(world: World) -> Pleno:
    """The kecamatan's PPWP plenary, run through and locked (once)."""
    from selenggara.rekap.services import butir_konfirmasi, pleno_buka, pleno_tetapkan
    from selenggara.rekap.tests.world import kirim

    pleno = _pleno(world, KECAMATAN)
    if pleno.status == "ditetapkan":
        return pleno
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        kirim(world, tps)
    ppk = world.user(Peran.PPK)
    pleno_buka(pleno=pleno, actor=ppk)
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        butir_konfirmasi(pleno=pleno, kode=tps, actor=ppk)
    return pleno_tetapkan(pleno=pleno, actor=ppk)


def _own_pleno(world: World, peran: Peran) -> Case:
    return Case({"pk": _pleno(world, KECAMATAN).pk})


def _foreign_pleno(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"pk": UNKNOWN_PLENO})
    return Case({"pk": _pleno(world, "35.78.01").pk}, LEAKS_LUAR)


def _own_d_hasil(world: World, peran: Peran) -> Case:
    return Case({"pk": _pleno_ditetapkan(world).pk})


def _own_koreksi(world: World, peran: Peran) -> Case:
    return Case({"pk": _pleno(world, KECAMATAN).pk, "tps": TPS_A1})


def _foreign_koreksi(world: World, peran: Peran) -> Case:
    case = _foreign_pleno(world, peran)
    return Case({**case.kwargs, "tps": "3578011001001"}, case.leaks)


def _region_status(peran: Peran) -> int:
    return 404 if peran in TPS_ROLES else 200


def _pleno_wilayah_status(peran: Peran) -> int:
    # A plenary exists from the kecamatan up: a desa (PPS) or a TPS role has none.
    return 404 if peran in TPS_ROLES or peran is Peran.PPS else 200


def _own_region(world: World, peran: Peran) -> Case:
    return Case({"kode": _own_wilayah(world, peran)})


def _own_region_pleno(world: World, peran: Peran) -> Case:
    return Case({"kode": _own_wilayah(world, peran), "jenis": "ppwp"})


def _foreign_region_pleno(world: World, peran: Peran) -> Case:
    case = _foreign_wilayah(world, peran)
    return Case({**case.kwargs, "jenis": "ppwp"}, case.leaks)


def _koreksi_status(peran: Peran) -> int:
    return 200 if peran is Peran.PPK else 403


REKAP_ROUTES = [
    Route(REKAP, why="redirects to the actor's own region (or the dashboard)"),
    Route(
        REKAP + "wilayah/<str:kode>/",
        in_scope=_own_region,
        out_scope=_foreign_wilayah,
        in_status=_region_status,
    ),
    Route(
        REKAP + "wilayah/<str:kode>/pleno/<str:jenis>/",
        in_scope=_own_region_pleno,
        out_scope=_foreign_region_pleno,
        in_status=_pleno_wilayah_status,
    ),
    Route(REKAP + "pleno/<int:pk>/", in_scope=_own_pleno, out_scope=_foreign_pleno),
    Route(
        REKAP + "pleno/<int:pk>/aksi/",
        method="POST",
        in_scope=_own_pleno,
        out_scope=_foreign_pleno,
        ok_status=422,
    ),
    Route(
        REKAP + "pleno/<int:pk>/koreksi/<str:tps>/",
        in_scope=_own_koreksi,
        out_scope=_foreign_koreksi,
        in_status=_koreksi_status,
    ),
    Route(REKAP + "pleno/<int:pk>/d-hasil.pdf", in_scope=_own_d_hasil, out_scope=_foreign_pleno),
]
