"""Rate limits on the public forms and the token pages: one middleware, configured by URL name.

``SELENGGARA_BATAS_LAJU`` maps a URL name to its limits, each ``(rate, key, methods)``:
``rate`` as django-ratelimit writes it (``"30/h"``), ``key`` one of ``"ip"`` (the client
address), ``"target"`` (the page itself with its URL arguments: one applicant's status token,
one digest) or ``"user"`` (the account, else the address), ``methods`` ``"POST"``, ``"GET"``
or ``"*"``. Views stay unaware of it. Counters live in the shared database cache
(``CACHES["ratelimit"]``), so every server process sees the same counts.

Behind a reverse proxy, ``SELENGGARA_CLIENT_IP_HEADER`` names the one header the proxy sets
(e.g. ``HTTP_X_REAL_IP``); without it the socket address counts, and no client-sent header is
believed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django_ratelimit import ALL
from django_ratelimit.core import _split_rate, is_ratelimited

ALL_METHODS = "*"


def client_ip(request: HttpRequest) -> str:
    """Return the client's address: the trusted proxy header if configured, else the socket's.

    With ``X-Forwarded-For`` the last entry is the one our own proxy appended; earlier ones
    are whatever the client sent.
    """
    header = settings.SELENGGARA_CLIENT_IP_HEADER
    if header:
        forwarded = [part.strip() for part in request.META.get(header, "").split(",")]
        if forwarded[-1]:
            return str(forwarded[-1])
    return str(request.META.get("REMOTE_ADDR", ""))


def _target(_group: str, request: HttpRequest) -> str:
    return request.path


def _user_or_ip(_group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def _ip(_group: str, request: HttpRequest) -> str:
    return client_ip(request)


_KEYS: dict[str, Callable[[str, HttpRequest], str]] = {
    "ip": _ip,
    "target": _target,
    "user": _user_or_ip,
}


@functools.cache
def _rules() -> dict[str, tuple[tuple[str, str, str], ...]]:
    rules = {name: tuple(limits) for name, limits in settings.SELENGGARA_BATAS_LAJU.items()}
    for name, limits in rules.items():
        for rate, key, _methods in limits:
            _split_rate(rate)  # fails at the first request with a clear error if malformed
            if key not in _KEYS:
                raise ValueError(f"SELENGGARA_BATAS_LAJU[{name!r}]: unknown key {key!r}")
    return rules


def rules_clear() -> None:
    """Forget the parsed limits (tests that change the setting)."""
    _rules.cache_clear()


def _too_many(request: HttpRequest, *, rate: str, key: str) -> HttpResponse:
    _count, period = _split_rate(rate)
    if key == "target":
        detail = gettext(
            "Halaman ini terlalu sering dibuka atau dikirim dalam waktu singkat. Demi keamanan, "
            "tunggu sebentar lalu coba lagi."
        )
    else:
        detail = gettext(
            "Terlalu banyak permintaan dari alamat Anda dalam waktu singkat. Demi keamanan, "
            "tunggu sebentar lalu coba lagi."
        )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": "rate_limited", "detail": detail, "errors": []}, status=429
        )
    else:
        minutes = max(round(period / 60), 1)
        response = render(
            request,
            "core/terlalu_banyak.html",
            {"detail": detail, "menit": minutes},
            status=429,
        )
    response["Retry-After"] = str(period)
    return response


class RateLimitMiddleware:
    """Answer 429 when a request passes one of its URL's limits (``SELENGGARA_BATAS_LAJU``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, _view: object, _args: object, _kwargs: object
    ) -> HttpResponse | None:
        match = request.resolver_match
        limits = _rules().get(match.view_name, ()) if match is not None else ()
        for rate, key, methods in limits:
            if is_ratelimited(
                request,
                group=f"{match.view_name}:{key}",  # type: ignore[union-attr]
                key=_KEYS[key],
                rate=rate,
                method=ALL if methods == ALL_METHODS else [methods],
                increment=True,
            ):
                return _too_many(request, rate=rate, key=key)
        return None
