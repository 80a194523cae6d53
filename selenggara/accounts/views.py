"""Account pages: login with lockout, the TOTP step, API tokens. Thin over the services."""

from __future__ import annotations

import base64
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts import selectors, services
from selenggara.accounts.forms import ApiTokenCreateForm, LoginForm, TOTPCodeForm
from selenggara.accounts.models import ApiToken, User
from selenggara.core.errors import InvalidInput, NotAccessible


def _actor(request: HttpRequest) -> User:
    # LoginRequiredMixin ran first, so the user is an authenticated account.
    return cast("User", request.user)


def _safe_next(request: HttpRequest) -> str:
    """Return the ``next`` target if it stays on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("portal:dashboard")


class LoginView(auth_views.LoginView):
    """Password login. A two-factor role continues to the TOTP step, keeping ``next``."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        user = self.request.user
        if isinstance(user, User) and selectors.user_requires_two_factor(user=user):
            return f"{reverse('accounts:two_factor')}?{urlencode({'next': url})}"
        return url


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET).

    The answer tells the browser to drop this site's caches and storage: the KPPS offline
    app's cached pages and its IndexedDB queue of entries and photos (issue 14) do not
    outlive the session on a shared phone.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def _qr_svg(device: TOTPDevice) -> str:
    """Return the otpauth URL as an inline SVG QR code."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def _secret_groups(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into the app by hand."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@method_decorator(never_cache, name="dispatch")
class TwoFactorView(LoginRequiredMixin, View):
    """Set up TOTP (QR code and secret) or ask for the current code, then mark the session."""

    def _context(self, request: HttpRequest, form: TOTPCodeForm) -> dict[str, Any]:
        actor = _actor(request)
        device = selectors.totp_device_get_confirmed(user=actor)
        context: dict[str, Any] = {"form": form, "next": _safe_next(request), "setup": False}
        if device is None:
            pending = services.totp_device_get_or_create_pending(user=actor)
            context.update(setup=True, qr_svg=_qr_svg(pending), secret=_secret_groups(pending))
        return context

    def get(self, request: HttpRequest) -> HttpResponse:
        actor = _actor(request)
        if request.user.is_verified() or (  # type: ignore[union-attr]
            not selectors.user_requires_two_factor(user=actor)
            and selectors.totp_device_get_confirmed(user=actor) is None
        ):
            return redirect(_safe_next(request))
        return render(request, "accounts/two_factor.html", self._context(request, TOTPCodeForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        actor = _actor(request)
        form = TOTPCodeForm(request.POST)
        if form.is_valid():
            kode = form.cleaned_data["kode"].strip()
            device = selectors.totp_device_get_confirmed(user=actor)
            try:
                if device is None:
                    pending = services.totp_device_get_or_create_pending(user=actor)
                    device = services.totp_device_confirm(device=pending, token=kode, actor=actor)
                else:
                    services.totp_verify(device=device, token=kode, now=timezone.now())
            except InvalidInput as exc:
                form.add_error("kode", exc.message)
            else:
                otp_login(request, device)
                return redirect(_safe_next(request))
        context = self._context(request, form)
        return render(request, "accounts/two_factor.html", context, status=422)


@method_decorator(never_cache, name="dispatch")
class ApiTokenListView(LoginRequiredMixin, View):
    """List one's tokens and create one; the new token is shown on this response only."""

    def _render(
        self, request: HttpRequest, form: ApiTokenCreateForm, status: int = 200, **extra: object
    ) -> HttpResponse:
        context = {
            "form": form,
            "token_list": selectors.api_token_list(user=_actor(request)),
            "now": timezone.now(),
            **extra,
        }
        return render(request, "accounts/api_tokens.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ApiTokenCreateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        actor = _actor(request)
        form = ApiTokenCreateForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=422)
        try:
            token, plaintext = services.api_token_create(
                user=actor,
                nama=form.cleaned_data["nama"],
                actor=actor,
                two_factor_verified=request.user.is_verified(),  # type: ignore[union-attr]
                berlaku_hari=form.cleaned_data["berlaku_hari"],
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
            return self._render(request, form, status=422)
        return self._render(request, ApiTokenCreateForm(), created=token, plaintext=plaintext)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        actor = _actor(request)
        # Someone else's token and a missing one look the same.
        token = ApiToken.objects.filter(pk=pk, user=actor).first()
        if token is None:
            raise NotAccessible(_("Token tidak ditemukan."), pk=pk)
        services.api_token_revoke(token=token, actor=actor)
        messages.success(request, _("Token \u201c%(nama)s\u201d dicabut.") % {"nama": token.nama})
        return redirect("accounts:api_tokens")
