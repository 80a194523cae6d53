"""Holds KPU-level accounts at the two-factor step until they pass TOTP."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

# What a half-logged-in KPU account may reach: the two-factor step itself, logout, and files
# the login pages need. Not the rest of /akun/: the API token page would let a password alone
# mint a credential that skips TOTP.
_ALLOWED_URL_NAMES = ("accounts:login", "accounts:logout", "accounts:two_factor")
_ALLOWED_PREFIXES = ("/static/", "/i18n/")


@functools.cache
def _allowed_paths() -> frozenset[str]:
    """The paths of the allowed URL names; the URL map is fixed once the process runs."""
    return frozenset(reverse(name) for name in _ALLOWED_URL_NAMES)


class RequireTwoFactorMiddleware:
    """Stop an authenticated, unverified holder of a two-factor role before any other page.

    Pages redirect to the TOTP step; the JSON API answers 403, so a session cookie obtained with
    a password alone cannot be used there either. API token requests are authenticated later,
    by the API itself, and never pass through here as a logged-in user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "two_factor_required",
                        "detail": gettext("Selesaikan verifikasi dua langkah terlebih dahulu."),
                        "errors": [],
                    },
                    status=403,
                )
            return redirect("accounts:two_factor")
        return self.get_response(request)

    def _must_verify(self, request: HttpRequest) -> bool:
        # Imported here: the selector module imports models, which must not load at startup.
        from selenggara.accounts.selectors import user_requires_two_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(_ALLOWED_PREFIXES):
            return False
        if request.path in _allowed_paths():
            return False
        if user.is_verified():
            return False
        return user_requires_two_factor(user=user)
