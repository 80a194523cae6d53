"""Access-matrix registrations of tungsura's api routes (see tests/access.py).

Every C.Hasil endpoint takes a TPS: in scope it answers, out of scope it is a 404 that leaks
nothing. The matrix POSTs an empty body, so a writing role gets the 422 of a missing
Idempotency-Key or body (access is decided before the body is read) and a read-only role 403.
A part of a resumable photo upload names the upload too: in scope an upload open on TPS A1
(the empty part gets the 422 of its missing Upload-Offset), out of scope that same upload
under the foreign TPS, which is a 404 like the TPS itself.
"""

from __future__ import annotations

from selenggara.accounts.domain.peran import Peran, can_write
from selenggara.portal.tests.world import TPS_A1, World
from tests.access import PEMILIHAN, Case, Route, _foreign_tps

_BASE = "api/tungsura/pemilihan/<kode>/tps/<kode_tps>/c-hasil"
_API_BASE = "/api/tungsura/pemilihan/{kode}/tps/{kode_tps}/c-hasil"


def _own(jenis: str | None):
    def case(world: World, peran: Peran) -> Case:
        kwargs: dict[str, object] = {"kode": PEMILIHAN, "kode_tps": TPS_A1}
        if jenis:
            kwargs["jenis"] = jenis
        return Case(kwargs)

    return case


def _foreign(jenis: str | None):
    def case(world: World, peran: Peran) -> Case:
        foreign = _foreign_tps(world, peran)
        kwargs: dict[str, object] = {"kode": PEMILIHAN, "kode_tps": foreign.kwargs["kode"]}
        if jenis:
            kwargs["jenis"] = jenis
        return Case(kwargs, foreign.leaks)

    return case


def _unggahan_a1(world: World) -> str:
    """An upload of page 1 open on TPS A1's PPWP sheet (the same one for every call)."""
    from django.utils import timezone

    from selenggara.tungsura.lembar import lembar_for_tps
    from selenggara.tungsura.models import CHasilFotoUnggahan

    tps = world.tps[TPS_A1]
    now = timezone.now()
    unggahan, _created = CHasilFotoUnggahan.objects.get_or_create(
        tps=tps,
        kontestasi=lembar_for_tps(tps=tps, jenis="ppwp").kontestasi,
        halaman=1,
        dari=3,
        sha256="0" * 64,
        defaults={"ukuran": 1000, "dibuat_pada": now, "diperbarui_pada": now},
    )
    return str(unggahan.pk)


def _own_unggahan(world: World, peran: Peran) -> Case:
    case = _own("ppwp")(world, peran)
    return Case({**case.kwargs, "unggahan_id": _unggahan_a1(world)})


def _foreign_unggahan(world: World, peran: Peran) -> Case:
    case = _foreign("ppwp")(world, peran)
    return Case({**case.kwargs, "unggahan_id": _unggahan_a1(world)}, case.leaks)


def _write_status(peran: Peran) -> int:
    # 422: the empty body of the matrix request; a read-only role never gets that far.
    return 422 if can_write(peran) else 403


def _route(suffix: str, method: str = "GET", *, jenis: bool = True) -> Route:
    return Route(
        _BASE + suffix.replace("{jenis}", "<jenis>"),
        api_path=_API_BASE + suffix,
        method=method,
        in_scope=_own("ppwp" if jenis else None),
        out_scope=_foreign("ppwp" if jenis else None),
        in_status=_write_status if method == "POST" else None,
    )


API_ROUTES: list[Route] = [
    _route("", jenis=False),
    _route("/{jenis}/formulir"),
    _route("/{jenis}", "POST"),
    _route("/{jenis}/konfirmasi", "POST"),
    _route("/{jenis}/versi"),
    _route("/{jenis}/foto", "POST"),
    _route("/{jenis}/unggahan", "POST"),
    Route(
        _BASE + "/<jenis>/unggahan/<unggahan_id>",
        api_path=_API_BASE + "/{jenis}/unggahan/{unggahan_id}",
        method="POST",
        in_scope=_own_unggahan,
        out_scope=_foreign_unggahan,
        in_status=_write_status,
    ),
]
