"""Pages of the screening: the public announcement of research and selection results, public
responses and their clarification, and the automatic checks run from the desk.

Thin by design, like the other stages' views.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from selenggara.core.errors import InvalidInput
from selenggara.pembentukan import access
from selenggara.pembentukan import selectors as shared_selectors
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.models import Pendaftar
from selenggara.pembentukan.penelitian import massal, selectors, services
from selenggara.pembentukan.penelitian.forms import TanggapanForm, TanggapanResolveForm
from selenggara.pembentukan.web import (
    actor_of,
    can_write,
    desa_writable,
    form_errors,
    pemilihan_of,
)


class PengumumanView(View):
    """Public announcement of research results for one desa: number, name, TPS, result."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        desa = shared_selectors.desa_get_public(pemilihan=pemilihan, kode=kode)
        is_open = selectors.pengumuman_is_open(pemilihan=pemilihan)
        rows = selectors.pengumuman_list(pemilihan=pemilihan, desa=desa) if is_open else []
        jadwal = shared_selectors.jadwal_get(pemilihan=pemilihan)
        context = {
            "pemilihan": pemilihan,
            "desa": desa,
            "rows": rows,
            "is_open": is_open,
            "jendela": jadwal.jendela(Tahapan.PENGUMUMAN_HASIL_PENELITIAN) if jadwal else None,
            "tanggapan_jendela": jadwal.jendela(Tahapan.TANGGAPAN_MASYARAKAT) if jadwal else None,
        }
        return render(request, "pembentukan/pengumuman.html", context)


class HasilSeleksiView(View):
    """Public announcement of selection results for one desa: per TPS, the appointed members
    and the ranked reserves, by name only."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        desa = shared_selectors.desa_get_public(pemilihan=pemilihan, kode=kode)
        is_open = selectors.hasil_seleksi_is_open(pemilihan=pemilihan)
        tps_list = selectors.hasil_seleksi_list(pemilihan=pemilihan, desa=desa) if is_open else []
        jadwal = shared_selectors.jadwal_get(pemilihan=pemilihan)
        context = {
            "pemilihan": pemilihan,
            "desa": desa,
            "tps_list": tps_list,
            "ada_hasil": any(t.anggota or t.cadangan for t in tps_list),
            "is_open": is_open,
            "jendela": jadwal.jendela(Tahapan.PENGUMUMAN_HASIL_SELEKSI) if jadwal else None,
        }
        return render(request, "pembentukan/hasil_seleksi.html", context)


class TanggapanCreateView(View):
    def _render(
        self, request: HttpRequest, pendaftar: Pendaftar, form: TanggapanForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "pembentukan/tanggapan_form.html",
            {"pendaftar": pendaftar, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, nomor: str) -> HttpResponse:
        pendaftar = selectors.pendaftar_get_announced(pemilihan=pemilihan_of(request), nomor=nomor)
        return self._render(request, pendaftar, TanggapanForm())

    def post(self, request: HttpRequest, nomor: str) -> HttpResponse:
        pendaftar = selectors.pendaftar_get_announced(pemilihan=pemilihan_of(request), nomor=nomor)
        form = TanggapanForm(request.POST)
        if form.is_valid():
            try:
                services.tanggapan_submit(pendaftar=pendaftar, **form.cleaned_data)
            except InvalidInput as exc:
                form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Terima kasih. Tanggapan Anda diterima dan akan diklarifikasi oleh PPS."),
                )
                return redirect("pembentukan:pengumuman", pendaftar.desa.kode)
        return self._render(request, pendaftar, form, status=422)


class PenelitianView(LoginRequiredMixin, View):
    """Run the automatic checks on one applicant (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pendaftar = access.pendaftar_get_for_actor(actor=actor_of(request), pk=pk)
        access.pendaftar_check_writable(actor=actor_of(request), pendaftar=pendaftar)
        hasil = services.penelitian_run(pendaftar=pendaftar, actor=actor_of(request))
        messages.success(
            request,
            _("Penelitian otomatis selesai: %(e)s masalah, %(w)s peringatan.")
            % {"e": hasil.jumlah_error, "w": hasil.jumlah_warning},
        )
        return redirect("pembentukan:pendaftar", pendaftar.pk)


class PenelitianDesaView(LoginRequiredMixin, View):
    """Run the automatic checks on every applicant of a desa (POST)."""

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = desa_writable(request, kode)
        result = massal.penelitian_run_bulk(
            pemilihan=pemilihan, wilayah_kode=desa.kode, actor=actor_of(request)
        )
        messages.success(
            request,
            _("%(n)s pendaftar diteliti otomatis; %(ok)s tanpa masalah.")
            % {"n": result.jumlah, "ok": result.lolos},
        )
        return redirect("pembentukan:desa", desa.kode)


class TanggapanResolveView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, tanggapan: Any, form: TanggapanResolveForm, status: int = 200
    ) -> HttpResponse:
        writable = can_write(
            actor_of(request), tanggapan.pendaftar.pemilihan, tanggapan.pendaftar.desa
        )
        return render(
            request,
            "pembentukan/tanggapan_resolve.html",
            {"tanggapan": tanggapan, "form": form, "can_write": writable},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tanggapan = access.tanggapan_get_for_actor(actor=actor_of(request), pk=pk)
        form = TanggapanResolveForm(
            initial={"klarifikasi": tanggapan.klarifikasi, "hasil": tanggapan.hasil}
        )
        return self._render(request, tanggapan, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tanggapan = access.tanggapan_get_for_actor(actor=actor_of(request), pk=pk)
        access.pendaftar_check_writable(actor=actor_of(request), pendaftar=tanggapan.pendaftar)
        form = TanggapanResolveForm(request.POST)
        if form.is_valid():
            services.tanggapan_resolve(
                tanggapan=tanggapan, actor=actor_of(request), **form.cleaned_data
            )
            messages.success(request, _("Klarifikasi tanggapan disimpan."))
            return redirect("pembentukan:pendaftar", tanggapan.pendaftar.pk)
        return self._render(request, tanggapan, form, status=422)
