"""Pages of TPS logistics: ballots per region, the distribution list PDF, the sealed boxes.

Thin: each view resolves its objects through the access selectors, calls one selector or
service and renders. NotAccessible and PermissionDenied become the shared 404/403 pages.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from selenggara.accounts.access import (
    tps_check_writable,
    tps_get_for_actor,
    wilayah_children_for_actor,
)
from selenggara.accounts.models import User
from selenggara.accounts.selectors import actor_lingkup_list
from selenggara.core.errors import InvalidInput, NotAccessible, PermissionDenied
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.tungsura.logistik import laporan
from selenggara.tungsura.logistik.access import wilayah_get_for_laporan
from selenggara.tungsura.logistik.forms import KotakSuaraForm
from selenggara.tungsura.logistik.selectors import logistik_get_for_tps, logistik_get_for_wilayah
from selenggara.tungsura.logistik.services import kotak_suara_record
from selenggara.tungsura.models import KotakSuara
from selenggara.wilayah.domain.kode import Tingkat


def actor_of(request: HttpRequest) -> User:
    return cast("User", request.user)


def pemilihan_of(request: HttpRequest) -> Pemilihan:
    pemilihan = pemilihan_from_request(request)
    if pemilihan is None:
        raise NotAccessible(_("Belum ada pemilihan."))
    return pemilihan


def can_write_tps(actor: User, tps: TPS) -> bool:
    try:
        tps_check_writable(actor=actor, tps=tps)
    except PermissionDenied:
        return False
    return True


class LogistikMulaiView(LoginRequiredMixin, View):
    """Send the actor to its own region's logistics, or its TPS's boxes."""

    def get(self, request: HttpRequest) -> HttpResponse:
        actor = actor_of(request)
        pemilihan = pemilihan_from_request(request)
        lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan) if pemilihan else []
        provinsi_list = []
        if pemilihan is not None and any(s.is_nasional for s in lingkup_list):
            provinsi_list = wilayah_children_for_actor(
                actor=actor, pemilihan=pemilihan, parent=None
            )
        else:
            region = sorted((s.wilayah.value for s in lingkup_list if s.wilayah), key=len)
            if region:
                return redirect("logistik:wilayah", region[0])
            tps_list = [s.tps.value for s in lingkup_list if s.tps is not None]
            if tps_list:
                return redirect("logistik:kotak", tps_list[0])
        context = {"pemilihan": pemilihan, "provinsi_list": provinsi_list}
        return render(request, "tungsura/logistik_mulai.html", context)


class LogistikWilayahView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        wilayah = wilayah_get_for_laporan(actor=actor_of(request), pemilihan=pemilihan, kode=kode)
        logistik = logistik_get_for_wilayah(pemilihan=pemilihan, wilayah=wilayah)
        context = {
            "pemilihan": pemilihan,
            "wilayah": wilayah,
            "logistik": logistik,
            "pdf": wilayah.tingkat >= Tingkat.KECAMATAN,
        }
        return render(request, "tungsura/logistik_wilayah.html", context)


class DistribusiPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        wilayah = wilayah_get_for_laporan(actor=actor_of(request), pemilihan=pemilihan, kode=kode)
        if wilayah.tingkat < Tingkat.KECAMATAN:
            raise NotAccessible(_("Daftar distribusi dibuat per desa atau kecamatan."))
        logistik = logistik_get_for_wilayah(pemilihan=pemilihan, wilayah=wilayah)
        response = HttpResponse(laporan.distribusi_pdf(logistik), content_type="application/pdf")
        filename = f"distribusi-surat-suara-{wilayah.kode}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class KotakSuaraView(LoginRequiredMixin, View):
    template_name = "tungsura/logistik_kotak.html"

    def _render(
        self,
        request: HttpRequest,
        tps: TPS,
        *,
        bound: KotakSuaraForm | None = None,
        errors: list[str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        logistik = logistik_get_for_tps(tps=tps)
        baris_list: list[dict[str, Any]] = []
        for baris in logistik.kotak_list:
            if bound is not None and bound.data.get("jenis") == baris.jenis.value:
                form = bound
            else:
                form = KotakSuaraForm(initial=_initial(baris.jenis.value, baris.kotak))
            baris_list.append({"baris": baris, "form": form})
        context = {
            "pemilihan": tps.pemilihan,
            "tps": tps,
            "logistik": logistik,
            "baris_list": baris_list,
            "can_write": can_write_tps(actor_of(request), tps),
            "form_errors": errors or [],
        }
        return render(request, self.template_name, context, status=status)

    def _tps(self, request: HttpRequest, kode: str) -> TPS:
        return tps_get_for_actor(
            actor=actor_of(request), pemilihan=pemilihan_of(request), kode=kode
        )

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        return self._render(request, self._tps(request, kode))

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor = actor_of(request)
        tps = self._tps(request, kode)
        tps_check_writable(actor=actor, tps=tps)
        form = KotakSuaraForm(request.POST)
        if not form.is_valid():
            return self._render(request, tps, bound=form, status=422)
        data = form.cleaned_data
        try:
            hasil = kotak_suara_record(
                tps=tps,
                jenis=data["jenis"],
                nomor_segel=data["nomor_segel"],
                kondisi_segel=data["kondisi_segel"],
                surat_suara_diterima=data["surat_suara_diterima"],
                diterima_pada=data["diterima_pada"],
                catatan=data["catatan"],
                actor=actor,
            )
        except InvalidInput as exc:
            lines = [exc.message, *(e.message for e in exc.errors)]
            return self._render(request, tps, bound=form, errors=lines, status=422)
        baris = hasil.baris
        messages.success(request, _("Kotak suara %(label)s dicatat.") % {"label": baris.label})
        if baris.segel_rusak:
            messages.warning(
                request, _("Segel kotak suara %(label)s rusak.") % {"label": baris.label}
            )
        if baris.selisih:
            messages.warning(
                request,
                _("Surat suara %(label)s diterima %(diterima)s, alokasi %(alokasi)s.")
                % {
                    "label": baris.label,
                    "diterima": hasil.kotak.surat_suara_diterima,
                    "alokasi": baris.surat_suara,
                },
            )
        return redirect("logistik:kotak", tps.kode)


def _initial(jenis: str, kotak: KotakSuara | None) -> dict[str, object]:
    if kotak is None:
        return {
            "jenis": jenis,
            "diterima_pada": timezone.localtime().replace(second=0, microsecond=0),
        }
    return {
        "jenis": jenis,
        "nomor_segel": kotak.nomor_segel,
        "kondisi_segel": kotak.kondisi_segel,
        "surat_suara_diterima": kotak.surat_suara_diterima,
        "diterima_pada": timezone.localtime(kotak.diterima_pada),
        "catatan": kotak.catatan,
    }
