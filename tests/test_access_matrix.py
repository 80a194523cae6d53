"""Every endpoint x every role: in scope it answers, out of scope it is a 404 that leaks nothing.

``REGISTRY`` lists every URL route of ``config.urls`` and every operation of the JSON API. A
route that takes an object says how to build an argument inside and one outside each role's
scope; a route without one says why. ``test_every_route_is_registered`` walks the resolver and
the API and fails on anything unlisted, so a new endpoint cannot skip this matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import ApiToken
from selenggara.accounts.services import api_token_create
from selenggara.portal.tests.world import (
    DESA_A,
    DESA_B,
    DPT_LUAR,
    KEL_LUAR,
    NAMA_DESA_B,
    NAMA_LUAR,
    PERAN_PLACE,
    TPS_A1,
    TPS_A2,
    TPS_B1,
    TPS_LUAR,
    World,
    login,
    world_build,
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


def _foreign_desa(world: World, peran: Peran) -> Case:
    case = _foreign_wilayah(world, peran)
    return Case({"kode_desa": case.kwargs["kode"]}, case.leaks)


def _api(kwargs: dict[str, object]) -> dict[str, object]:
    return {"kode": PEMILIHAN, **kwargs}


def _own_token(world: World, peran: Peran) -> Case:
    token, _raw = api_token_create(user=world.user(peran), nama="milik sendiri", actor=None)
    return Case({"pk": token.pk})


def _other_token(world: World, peran: Peran) -> Case:
    other = Peran.SAKSI if peran is not Peran.SAKSI else Peran.PPS
    token, _raw = api_token_create(user=world.user(other), nama="Token Orang Lain", actor=None)
    return Case({"pk": token.pk}, ("Token Orang Lain",))


REGISTRY: list[Route] = [
    # --- Portal pages -------------------------------------------------------------------------
    Route("", why="dashboard: the actor's own assignments"),
    Route("wilayah/", why="region browser root: redirects to the actor's own node"),
    Route(
        "wilayah/<str:kode>/",
        in_scope=lambda w, p: Case({"kode": _own_wilayah(w, p)}),
        out_scope=_foreign_wilayah,
    ),
    Route(
        "tps/<str:kode>/",
        in_scope=lambda w, p: Case({"kode": TPS_A1}),
        out_scope=_foreign_tps,
    ),
    # --- Accounts -----------------------------------------------------------------------------
    Route("akun/masuk/", why="login form"),
    Route("akun/keluar/", method="POST", why="logout of the own session"),
    Route("akun/verifikasi/", why="TOTP step of the own account"),
    Route("akun/token/", why="the actor's own API tokens"),
    Route(
        "akun/token/<int:pk>/cabut/",
        method="POST",
        in_scope=_own_token,
        out_scope=_other_token,
        ok_status=302,
    ),
    Route("i18n/setlang/", method="POST", why="language cookie"),
    # --- JSON API -----------------------------------------------------------------------------
    Route("api/", why="ninja's API root"),
    Route("api/docs", why="OpenAPI documentation page"),
    Route("api/openapi.json", why="OpenAPI schema"),
    Route("api/pemilihan", api_path="/api/pemilihan", why="elections are not region-scoped"),
    Route(
        "api/pemilihan/<kode>/wilayah",
        api_path="/api/pemilihan/{kode}/wilayah",
        in_scope=lambda w, p: Case({"kode": PEMILIHAN}),
        out_scope=lambda w, p: Case({"kode": "pemilu-tidak-ada"}),
    ),
    Route(
        "api/pemilihan/<kode>/wilayah/<kode_wilayah>",
        api_path="/api/pemilihan/{kode}/wilayah/{kode_wilayah}",
        in_scope=lambda w, p: Case(_api({"kode_wilayah": _own_wilayah(w, p)})),
        out_scope=lambda w, p: Case(
            _api({"kode_wilayah": _foreign_wilayah(w, p).kwargs["kode"]}),
            _foreign_wilayah(w, p).leaks,
        ),
    ),
    Route(
        "api/pemilihan/<kode>/wilayah/<kode_desa>/tps",
        api_path="/api/pemilihan/{kode}/wilayah/{kode_desa}/tps",
        in_scope=lambda w, p: Case(_api({"kode_desa": DESA_A})),
        out_scope=lambda w, p: Case(_api(_foreign_desa(w, p).kwargs), _foreign_desa(w, p).leaks),
    ),
    Route(
        "api/pemilihan/<kode>/tps/<kode_tps>",
        api_path="/api/pemilihan/{kode}/tps/{kode_tps}",
        in_scope=lambda w, p: Case(_api({"kode_tps": TPS_A1})),
        out_scope=lambda w, p: Case(
            _api({"kode_tps": _foreign_tps(w, p).kwargs["kode"]}), _foreign_tps(w, p).leaks
        ),
    ),
]

ROUTES = {r.route: r for r in REGISTRY}
OBJECT_ROUTES = [r for r in REGISTRY if r.takes_object]


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _url(route: Route, kwargs: dict[str, object]) -> str:
    path = route.route
    for name, value in kwargs.items():
        for converter in ("", "str:", "int:"):
            path = path.replace(f"<{converter}{name}>", str(value))
    assert "<" not in path, f"unfilled argument in {path}"
    return "/" + path


def _request(client: Client, route: Route, kwargs: dict[str, object]):
    url = _url(route, kwargs)
    return client.post(url) if route.method == "POST" else client.get(url)


def test_every_route_is_registered():
    resolver_routes = set(_walk(get_resolver().url_patterns))
    # Debug-only static file serving is not an endpoint of the application.
    resolver_routes = {r for r in resolver_routes if not r.startswith("^static/")}

    unregistered = sorted(resolver_routes - ROUTES.keys())
    stale = sorted(ROUTES.keys() - resolver_routes)

    assert unregistered == [], f"add these routes to REGISTRY in {__name__}: {unregistered}"
    assert stale == [], f"these REGISTRY routes no longer exist: {stale}"


def test_every_api_operation_is_registered():
    registered = {(r.method, r.api_path) for r in REGISTRY if r.api_path}
    operations: set[tuple[str, str]] = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/api/" + (prefix.strip("/") + "/" + path.lstrip("/")).strip("/")
            for operation in path_view.operations:
                operations.update((method, full.replace("//", "/")) for method in operation.methods)

    assert sorted(operations - registered) == []


@pytest.fixture
def world(db) -> World:
    return world_build(with_users=False)


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.route or "/")
@pytest.mark.parametrize("peran", list(Peran), ids=str)
def test_in_scope_answers_and_out_of_scope_is_404_without_leaks(world: World, route, peran):
    assert route.in_scope is not None
    assert route.out_scope is not None
    client = login(Client(), world.user(peran))
    inside = route.in_scope(world, peran)
    outside = route.out_scope(world, peran)

    in_response = _request(client, route, inside.kwargs)
    out_response = _request(client, route, outside.kwargs)

    assert in_response.status_code == route.ok_status, _url(route, inside.kwargs)
    assert out_response.status_code == 404, _url(route, outside.kwargs)
    body = out_response.content.decode()
    leaked = [text for text in outside.leaks if text in body]
    assert leaked == [], f"{_url(route, outside.kwargs)} leaks {leaked}"


def test_out_of_scope_write_changes_nothing(world: World):
    client = login(Client(), world.user(Peran.PPS))
    case = _other_token(world, Peran.PPS)

    response = _request(client, ROUTES["akun/token/<int:pk>/cabut/"], case.kwargs)

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=str(case.kwargs["pk"])).revoked_at is None


@pytest.mark.parametrize(
    "route",
    [r for r in REGISTRY if not r.takes_object and r.method == "GET" and r.route != "api/"],
    ids=lambda r: r.route or "/",
)
def test_routes_without_object_answer_every_role(world: World, route):
    for peran in Peran:
        client = login(Client(), world.user(peran))

        response = client.get(_url(route, {}))

        assert response.status_code in {200, 302}, (peran, route.route, response.status_code)


def test_registry_urls_match_reverse():
    assert _url(ROUTES["tps/<str:kode>/"], {"kode": TPS_A1}) == reverse("portal:tps", args=[TPS_A1])
    assert _url(
        ROUTES["api/pemilihan/<kode>/tps/<kode_tps>"], _api({"kode_tps": TPS_A1})
    ) == reverse("api:tps_detail", kwargs={"kode": PEMILIHAN, "kode_tps": TPS_A1})
