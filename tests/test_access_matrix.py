"""Every endpoint x every role: in scope it answers, out of scope it is a 404 that leaks nothing.

``REGISTRY`` lists every URL route of ``config.urls`` and every operation of the JSON API. A
route that takes an object says how to build an argument inside and one outside each role's
scope; a route without one says why. ``test_every_route_is_registered`` walks the resolver and
the API and fails on anything unlisted, so a new endpoint cannot skip this matrix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

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
    KEL_LUAR,
    NAMA_DESA_B,
    NAMA_LUAR,
    TPS_A1,
    World,
    login,
)
from selenggara.tungsura.tests.world import tungsura_world_build
from tests.access import (
    PEMILIHAN,
    TPS_ROLES,
    UNKNOWN_WILAYAH,
    Case,
    Route,
    _foreign_tps,
    _foreign_wilayah,
    _own_wilayah,
)
from tests.bimtek.routes_bimtek import BIMTEK_ROUTES
from tests.pembentukan.world import NAMA, UNKNOWN_PK, registered
from tests.pindai.routes_pindai import PINDAI_ROUTES
from tests.publik.routes_publik import PUBLIK_ROUTES
from tests.rekap.routes_rekap import REKAP_ROUTES
from tests.tungsura.routes_api import API_ROUTES as TUNGSURA_API_ROUTES
from tests.tungsura.routes_c_hasil import C_HASIL_ROUTES
from tests.tungsura.routes_logistik import LOGISTIK_ROUTES
from tests.tungsura.routes_luring import LURING_ROUTES


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


# --- KPPS formation (pembentukan): applicants are scoped by desa --------------------------------
READ_PENDAFTAR = frozenset(
    {
        Peran.KPU_RI,
        Peran.KPU_PROVINSI,
        Peran.KPU_KABKOTA,
        Peran.PPK,
        Peran.PPS,
        Peran.PENGAWAS,
    }
)
WRITE_PENDAFTAR = frozenset({Peran.PPS, Peran.KPU_KABKOTA})


def _reads(peran: Peran) -> int:
    return 200 if peran in READ_PENDAFTAR else 404


def _writes(ok: int) -> Callable[[Peran], int]:
    def status(peran: Peran) -> int:
        if peran in WRITE_PENDAFTAR:
            return ok
        return 403 if peran in READ_PENDAFTAR else 404

    return status


def _foreign_desa_of(peran: Peran) -> str:
    return DESA_B if peran in TPS_ROLES or peran is Peran.PPS else KEL_LUAR


def _own_pendaftar(world: World, peran: Peran) -> Case:
    return Case({"pk": registered(world, DESA_A).pendaftar.pk})


def _foreign_pendaftar(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"pk": UNKNOWN_PK})
    desa = _foreign_desa_of(peran)
    return Case({"pk": registered(world, desa).pendaftar.pk}, (NAMA[desa],))


def _own_dokumen(world: World, peran: Peran) -> Case:
    pendaftar = registered(world, DESA_A).pendaftar
    return Case({"pk": pendaftar.pk, "dokumen_pk": pendaftar.dokumen_set.order_by("pk")[0].pk})


def _foreign_dokumen(world: World, peran: Peran) -> Case:
    own = registered(world, DESA_A).pendaftar
    if peran is Peran.KPU_RI:
        # A real document under the wrong applicant is as unknown as a missing one.
        other = registered(world, DESA_B).pendaftar
        return Case({"pk": own.pk, "dokumen_pk": other.dokumen_set.order_by("pk")[0].pk})
    foreign = registered(world, _foreign_desa_of(peran)).pendaftar
    return Case({"pk": foreign.pk, "dokumen_pk": foreign.dokumen_set.order_by("pk")[0].pk})


def _own_desa(world: World, peran: Peran) -> Case:
    registered(world, DESA_A)
    return Case({"kode": DESA_A})


def _foreign_desa_case(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"kode": UNKNOWN_WILAYAH})
    desa = _foreign_desa_of(peran)
    registered(world, desa)
    return Case({"kode": desa}, (NAMA[desa],))


def _tanggapan_of(world: World, desa: str) -> int:
    from selenggara.pembentukan.models import TanggapanMasyarakat

    pendaftar = registered(world, desa).pendaftar
    return TanggapanMasyarakat.objects.create(
        pendaftar=pendaftar, isi="Isi", pengirim_nama="Warga", pengirim_kontak="0812"
    ).pk


def _own_tanggapan(world: World, peran: Peran) -> Case:
    return Case({"pk": _tanggapan_of(world, DESA_A)})


def _foreign_tanggapan(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"pk": UNKNOWN_PK})
    desa = _foreign_desa_of(peran)
    return Case({"pk": _tanggapan_of(world, desa)}, (NAMA[desa],))


def _status_own(world: World, peran: Peran) -> Case:
    r = registered(world, DESA_A)
    return Case({"nomor": r.pendaftar.nomor_pendaftaran, "token": r.token})


def _status_wrong_token(world: World, peran: Peran) -> Case:
    a, b = registered(world, DESA_A), registered(world, DESA_B)
    return Case({"nomor": a.pendaftar.nomor_pendaftaran, "token": b.token}, (NAMA[DESA_A],))


def _announced(world: World, peran: Peran) -> Case:
    return Case({"nomor": registered(world, DESA_A).pendaftar.nomor_pendaftaran})


def _not_announced(world: World, peran: Peran) -> Case:
    pendaftar = registered(world, DESA_B).pendaftar
    return Case({"nomor": pendaftar.nomor_pendaftaran}, (NAMA[DESA_B],))


PEMBENTUKAN_ROUTES: list[Route] = [
    Route("daftar-kpps/", why="public registration form; regions are public"),
    Route("daftar-kpps/status/", why="public form asking for a number and its access code"),
    Route(
        "daftar-kpps/status/<str:nomor>/<str:token>/",
        in_scope=_status_own,
        out_scope=_status_wrong_token,
    ),
    Route(
        "daftar-kpps/pengumuman/<str:kode>/",
        in_scope=lambda w, p: Case({"kode": DESA_A}),
        out_scope=lambda w, p: Case({"kode": UNKNOWN_WILAYAH}),
    ),
    Route(
        "daftar-kpps/pengumuman/<str:kode>/hasil-seleksi/",
        in_scope=lambda w, p: Case({"kode": DESA_A}),
        out_scope=lambda w, p: Case({"kode": UNKNOWN_WILAYAH}),
    ),
    Route("daftar-kpps/tanggapan/<str:nomor>/", in_scope=_announced, out_scope=_not_announced),
    Route("pembentukan/", why="the actor's own desa, through pendaftar_list_for_actor"),
    Route("pembentukan/templat-impor.xlsx", why="a blank template, no data"),
    Route(
        "pembentukan/desa/<str:kode>/",
        in_scope=_own_desa,
        out_scope=_foreign_desa_case,
        in_status=_reads,
    ),
    Route(
        "pembentukan/desa/<str:kode>/tambah/",
        in_scope=_own_desa,
        out_scope=_foreign_desa_case,
        in_status=_writes(200),
    ),
    Route(
        "pembentukan/desa/<str:kode>/impor/",
        in_scope=_own_desa,
        out_scope=_foreign_desa_case,
        in_status=_writes(200),
    ),
    Route(
        "pembentukan/desa/<str:kode>/penelitian/",
        method="POST",
        in_scope=_own_desa,
        out_scope=_foreign_desa_case,
        in_status=_writes(302),
    ),
    Route(
        "pembentukan/pendaftar/<int:pk>/",
        in_scope=_own_pendaftar,
        out_scope=_foreign_pendaftar,
        in_status=_reads,
    ),
    Route(
        "pembentukan/pendaftar/<int:pk>/penelitian/",
        method="POST",
        in_scope=_own_pendaftar,
        out_scope=_foreign_pendaftar,
        in_status=_writes(302),
    ),
    Route(
        "pembentukan/pendaftar/<int:pk>/dokumen/",
        method="POST",
        in_scope=_own_pendaftar,
        out_scope=_foreign_pendaftar,
        in_status=_writes(302),
    ),
    Route(
        "pembentukan/pendaftar/<int:pk>/dokumen/<int:dokumen_pk>/",
        in_scope=_own_dokumen,
        out_scope=_foreign_dokumen,
        in_status=_reads,
    ),
    Route(
        "pembentukan/tanggapan/<int:pk>/",
        in_scope=_own_tanggapan,
        out_scope=_foreign_tanggapan,
        in_status=_reads,
    ),
]


# --- KPPS appointment (penetapan): members are scoped by the desa of their TPS -------------------
PENETAPAN = "pembentukan/penetapan/"


def _appointed(world: World, desa_kode: str) -> list[int]:
    """Appoint the KPPS of the desa's first TPS (once) and return the members' ids."""
    from selenggara.pembentukan.models import AnggotaKPPS
    from selenggara.pembentukan.penetapan.services import kpps_tetapkan
    from selenggara.pembentukan.tests.penetapan.builders import calon_many
    from selenggara.pemilihan.models import TPS

    tps = TPS.objects.filter(pemilihan=world.pemilihan, desa=world.wilayah[desa_kode]).order_by(
        "nomor"
    )[0]
    if not AnggotaKPPS.objects.filter(tps=tps).exists():
        calon_many(world.pemilihan, world.wilayah[desa_kode], 8, tps=tps)
        kpps_tetapkan(tps=tps, actor=world.user(Peran.KPU_RI))
    return list(AnggotaKPPS.objects.filter(tps=tps).values_list("pk", flat=True))


def _paw(world: World, desa_kode: str) -> int:
    """Replace seat 2 of the desa's first TPS by its reserve (once); return the PAW's id."""
    from datetime import date

    from selenggara.pembentukan.domain.penetapan import AlasanPAW
    from selenggara.pembentukan.models import AnggotaKPPS, Penggantian
    from selenggara.pembentukan.penetapan.services import paw_execute
    from selenggara.pembentukan.tests.penetapan.builders import bukti_pdf

    anggota = AnggotaKPPS.objects.get(pk=_appointed(world, desa_kode)[1])
    existing = Penggantian.objects.filter(tps=anggota.tps).first()
    if existing is not None:
        return existing.pk
    return paw_execute(
        anggota=anggota,
        alasan=AlasanPAW.MENGUNDURKAN_DIRI,
        keterangan="Pindah domisili",
        bukti=bukti_pdf(),
        tanggal=date(2024, 2, 1),
        actor=world.user(Peran.KPU_RI),
    ).pk


def _own_paw(world: World, peran: Peran) -> Case:
    return Case({"pk": _paw(world, DESA_A)})


def _foreign_paw(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"pk": UNKNOWN_PK})
    desa = _foreign_desa_of(peran)
    return Case({"pk": _paw(world, desa)}, _leak_of(desa))


def _leak_of(desa_kode: str) -> tuple[str, ...]:
    return (f"Calon {NAMA_DESA_B if desa_kode == DESA_B else NAMA_LUAR[3]}",)


def _own_desa_penetapan(world: World, peran: Peran) -> Case:
    _appointed(world, DESA_A)
    return Case({"kode": DESA_A})


def _foreign_desa_penetapan(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"kode": UNKNOWN_WILAYAH})
    desa = _foreign_desa_of(peran)
    _appointed(world, desa)
    return Case({"kode": desa}, _leak_of(desa))


def _own_anggota(world: World, peran: Peran) -> Case:
    return Case({"pk": _appointed(world, DESA_A)[0]})


def _foreign_anggota(world: World, peran: Peran) -> Case:
    if peran is Peran.KPU_RI:
        return Case({"pk": UNKNOWN_PK})
    desa = _foreign_desa_of(peran)
    return Case({"pk": _appointed(world, desa)[0]}, _leak_of(desa))


def _own_region(world: World, peran: Peran) -> Case:
    _appointed(world, DESA_A)
    return Case({"kode": _own_wilayah(world, peran)})


def _own_tps_penetapan(world: World, peran: Peran) -> Case:
    _appointed(world, DESA_A)
    return Case({"kode": TPS_A1})


def _foreign_tps_penetapan(world: World, peran: Peran) -> Case:
    case = _foreign_tps(world, peran)
    if peran is not Peran.KPU_RI:
        desa = _foreign_desa_of(peran)
        if peran not in TPS_ROLES:
            _appointed(world, desa)
            return Case(case.kwargs, case.leaks + _leak_of(desa))
    return case


PENETAPAN_ROUTES: list[Route] = [
    Route(PENETAPAN + "progres/", why="redirects to the actor's own region (or the dashboard)"),
    Route(
        PENETAPAN + "progres/<str:kode>/",
        in_scope=_own_region,
        out_scope=_foreign_wilayah,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "tps/<str:kode>/",
        in_scope=_own_tps_penetapan,
        out_scope=_foreign_tps_penetapan,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "tps/<str:kode>/ketertiban/",
        in_scope=_own_tps_penetapan,
        out_scope=_foreign_tps_penetapan,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "anggota/<int:pk>/paw/",
        in_scope=_own_anggota,
        out_scope=_foreign_anggota,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "paw/<int:pk>/bukti/",
        in_scope=_own_paw,
        out_scope=_foreign_paw,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "desa/<str:kode>/",
        in_scope=_own_desa_penetapan,
        out_scope=_foreign_desa_penetapan,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "desa/<str:kode>/sk/",
        method="POST",
        in_scope=_own_desa_penetapan,
        out_scope=_foreign_desa_penetapan,
        in_status=_writes(302),
    ),
    Route(
        PENETAPAN + "desa/<str:kode>/sk.pdf",
        in_scope=_own_desa_penetapan,
        out_scope=_foreign_desa_penetapan,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "desa/<str:kode>/pelantikan/",
        in_scope=_own_desa_penetapan,
        out_scope=_foreign_desa_penetapan,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "desa/<str:kode>/pelantikan.pdf",
        in_scope=_own_desa_penetapan,
        out_scope=_foreign_desa_penetapan,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "honorarium/<str:kode>/",
        in_scope=_own_region,
        out_scope=_foreign_wilayah,
        in_status=_reads,
    ),
    Route(
        PENETAPAN + "honorarium/<str:kode>/xlsx/",
        in_scope=_own_region,
        out_scope=_foreign_wilayah,
        in_status=_reads,
    ),
]


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
    Route("progres/", why="C.Hasil progress root: redirects to the actor's own node"),
    Route(
        "progres/<str:kode>/",
        in_scope=lambda w, p: Case({"kode": _own_wilayah(w, p)}),
        out_scope=_foreign_wilayah,
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

REGISTRY += PEMBENTUKAN_ROUTES
REGISTRY += PENETAPAN_ROUTES
REGISTRY += C_HASIL_ROUTES
REGISTRY += TUNGSURA_API_ROUTES
REGISTRY += LOGISTIK_ROUTES
REGISTRY += REKAP_ROUTES
REGISTRY += PUBLIK_ROUTES
REGISTRY += LURING_ROUTES
REGISTRY += BIMTEK_ROUTES
REGISTRY += PINDAI_ROUTES
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
        for converter in ("", "str:", "int:", "path:"):
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
    return tungsura_world_build(with_users=False)


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

    expected = route.in_status(peran) if route.in_status else route.ok_status
    assert in_response.status_code == expected, _url(route, inside.kwargs)
    assert out_response.status_code == 404, _url(route, outside.kwargs)
    body = out_response.content.decode()
    # A leak is the text as a word of its own: "278" inside a random CSRF token is not a DPT.
    leaked = [t for t in outside.leaks if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", body)]
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
