"""Holds KPU-level accounts at the two-factor step until they pass TOTP."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Paths a half-logged-in KPU account may reach: the two-factor pages, logout, static files.
_ALLOWED_PREFIXES = ("/akun/", "/static/", "/i18n/")


class RequireTwoFactorMiddleware:
    """Redirect an authenticated, unverified holder of a two-factor role to the TOTP step."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Imported here: the selector module imports models, which must not load at startup.
        from selenggara.accounts.selectors import user_requires_two_factor

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and not user.is_verified()
            and user_requires_two_factor(user=user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
