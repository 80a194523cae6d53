"""Portal pages: the dashboard per role, the region browser and the TPS detail.

Thin by design (house style B3): each view picks the election, calls one selector and renders.
NotAccessible from a selector becomes the shared 404 page in core's middleware.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View

from selenggara.accounts.models import User
from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.portal import selectors
from selenggara.portal.progres import progres_get_for_actor


def _actor(request: HttpRequest) -> User:
    # LoginRequiredMixin ran first, so the user is an authenticated account.
    return cast("User", request.user)


def _pemilihan(request: HttpRequest) -> Pemilihan | None:
    return pemilihan_from_request(request)


def _pemilihan_required(request: HttpRequest) -> Pemilihan:
    pemilihan = _pemilihan(request)
    if pemilihan is None:
        raise NotAccessible(gettext("Belum ada pemilihan."))
    return pemilihan


class DashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        pemilihan = _pemilihan(request)
        context = {
            "pemilihan": pemilihan,
            "pemilihan_list": selectors.pemilihan_list(),
            "cards": selectors.dashboard_cards_for_actor(
                actor=_actor(request), pemilihan=pemilihan
            ),
        }
        return render(request, "portal/dashboard.html", context)


class WilayahBrowseView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str | None = None) -> HttpResponse:
        actor = _actor(request)
        pemilihan = _pemilihan_required(request)
        if kode is None:
            start = selectors.wilayah_start_for_actor(actor=actor, pemilihan=pemilihan)
            if start is not None:
                kind, start_kode = start
                return redirect("portal:tps" if kind == "tps" else "portal:wilayah", start_kode)
        page = selectors.wilayah_page_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)
        return render(request, "portal/wilayah.html", {"page": page, "pemilihan": page.pemilihan})


class TPSDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        page = selectors.tps_page_get_for_actor(
            actor=_actor(request), pemilihan=_pemilihan_required(request), kode=kode
        )
        return render(request, "portal/tps.html", {"page": page, "pemilihan": page.pemilihan})


class ProgresView(LoginRequiredMixin, View):
    """Polling night: C.Hasil arrival and flags per region and contest, drawn as bars."""

    def get(self, request: HttpRequest, kode: str | None = None) -> HttpResponse:
        actor = _actor(request)
        pemilihan = _pemilihan_required(request)
        if kode is None:
            start = selectors.wilayah_start_for_actor(actor=actor, pemilihan=pemilihan)
            if start is not None:
                kind, start_kode = start
                if kind == "tps":
                    return redirect("tungsura:tps", start_kode)
                return redirect("portal:progres", start_kode)
        page = progres_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)
        return render(request, "portal/progres.html", {"page": page, "pemilihan": pemilihan})
