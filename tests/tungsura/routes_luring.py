"""Access-matrix registrations of the KPPS offline app (issue 14; see tests/access.py).

The app's page, its data and its manifest take a TPS: in scope a writing role gets them, a
read-only role (saksi, pengawas) 403, and out of scope they are a 404 that leaks nothing. The
incident the queue sends is a POST: the matrix posts nothing, so a writing role gets the 422
of the missing Idempotency-Key. The service worker is a script without data, the same for
every visitor.
"""

from __future__ import annotations

from selenggara.accounts.domain.peran import Peran, can_write
from selenggara.portal.tests.world import TPS_A1, World
from tests.access import Case, Route, _foreign_tps


def _own(world: World, peran: Peran) -> Case:
    return Case({"kode": TPS_A1})


def _status(peran: Peran) -> int:
    return 200 if can_write(peran) else 403


def _write_status(peran: Peran) -> int:
    return 422 if can_write(peran) else 403


def _page(suffix: str, method: str = "GET") -> Route:
    return Route(
        "tungsura/tps/<str:kode>/" + suffix,
        method=method,
        in_scope=_own,
        out_scope=_foreign_tps,
        in_status=_write_status if method == "POST" else _status,
    )


LURING_ROUTES: list[Route] = [
    _page("luring/"),
    _page("luring/data.json"),
    _page("luring/manifest.webmanifest"),
    _page("luring/kejadian", "POST"),
    Route("tungsura/sw.js", why="public: the service worker script, which holds no data"),
]
