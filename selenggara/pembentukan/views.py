"""Pages that span the stages of KPPS formation: the officer's home and desa desk, the applicant's
file (identity, documents, findings beside the MS/TMS form) and the applicant's own status.

Thin by design: each view turns request input into objects through an access selector (officer
pages) or a public selector, calls one service and renders. DomainErrors not handled here
become the shared error page in core's middleware.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from selenggara.core.errors import InvalidInput, NotAccessible
from selenggara.pembentukan import access
from selenggara.pembentukan import selectors as shared_selectors
from selenggara.pembentukan.domain.syarat import JenisDokumen, Syarat
from selenggara.pembentukan.models import Pendaftar
from selenggara.pembentukan.pendaftaran import selectors as pendaftaran_selectors
from selenggara.pembentukan.pendaftaran.forms import DokumenUploadForm, StatusLookupForm
from selenggara.pembentukan.penelitian import selectors as penelitian_selectors
from selenggara.pembentukan.penelitian import services as penelitian_services
from selenggara.pembentukan.penelitian.forms import PenilaianForm
from selenggara.pembentukan.penetapan import selectors as selectors_penetapan
from selenggara.pembentukan.web import (
    actor_of,
    can_write,
    form_errors,
    pemilihan_of,
    status_url,
)

# A desa can have hundreds of applicants; a page of 50 stays light on a phone.
PENDAFTAR_PER_HALAMAN = 50


class BerandaView(LoginRequiredMixin, View):
    """The actor's desa with applicants, counted per status."""

    def get(self, request: HttpRequest) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        qs = access.pendaftar_list_for_actor(actor=actor_of(request), pemilihan=pemilihan)
        desa_rows = pendaftaran_selectors.desa_counts(pendaftar_qs=qs, pemilihan=pemilihan)
        return render(
            request,
            "pembentukan/beranda.html",
            {
                "pemilihan": pemilihan,
                "desa_rows": desa_rows,
                "jadwal": shared_selectors.jadwal_get(pemilihan=pemilihan),
            },
        )


class DesaView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor = actor_of(request)
        pemilihan = pemilihan_of(request)
        desa = access.desa_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)
        qs = access.pendaftar_list_for_actor(actor=actor, pemilihan=pemilihan, wilayah=desa)
        halaman = Paginator(qs, PENDAFTAR_PER_HALAMAN).get_page(request.GET.get("halaman"))
        context = {
            "pemilihan": pemilihan,
            "desa": desa,
            "pendaftar_list": halaman.object_list,
            "halaman": halaman,
            "counts": pendaftaran_selectors.status_counts(pendaftar_qs=qs),
            "tanggapan_list": penelitian_selectors.tanggapan_open_list(pendaftar_qs=qs),
            "can_write": can_write(actor, pemilihan, desa),
        }
        return render(request, "pembentukan/desa.html", context)


class StatusLookupView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "pembentukan/status_lookup.html", {"form": StatusLookupForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            try:
                pendaftar = pendaftaran_selectors.pendaftar_get_by_token(
                    nomor=form.cleaned_data["nomor"].strip(),
                    token=form.cleaned_data["token"].strip(),
                )
            except NotAccessible:
                form.add_error(None, _("Nomor pendaftaran atau kode akses tidak cocok."))
            else:
                return redirect(status_url(pendaftar, form.cleaned_data["token"].strip()))
        return render(request, "pembentukan/status_lookup.html", {"form": form}, status=422)


class StatusView(View):
    """The applicant's own status: reached only with the number and the secret token."""

    def get(self, request: HttpRequest, nomor: str, token: str) -> HttpResponse:
        pendaftar = pendaftaran_selectors.pendaftar_get_by_token(nomor=nomor, token=token)
        context = {
            "pendaftar": pendaftar,
            "token": token,
            "dokumen_list": pendaftar.dokumen_set.all(),
            "dokumen_kurang": [
                j.label
                for j in JenisDokumen
                if j.value not in {d.jenis for d in pendaftar.dokumen_set.all()}
            ],
            "jadwal": shared_selectors.jadwal_get(pemilihan=pendaftar.pemilihan),
            "langkah_list": selectors_penetapan.pendaftar_langkah_list(pendaftar=pendaftar),
        }
        response = render(request, "pembentukan/status.html", context)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response


class PendaftarDetailView(LoginRequiredMixin, View):
    """An applicant for the officer: identity (masked NIK), documents, and per requirement the
    automatic findings beside the MS/TMS form."""

    def _render(
        self,
        request: HttpRequest,
        pendaftar: Pendaftar,
        form: PenilaianForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        hasil = penelitian_selectors.hasil_penelitian_latest(pendaftar=pendaftar)
        rows = penelitian_selectors.syarat_rows(pendaftar=pendaftar, hasil=hasil)
        if form is None:
            initial = {}
            for row in rows:
                if row.penilaian is not None:
                    initial[f"hasil_{row.syarat.value}"] = row.penilaian.hasil
                    initial[f"catatan_{row.syarat.value}"] = row.penilaian.catatan
            form = PenilaianForm(initial=initial)
        context = {
            "pendaftar": pendaftar,
            "hasil": hasil,
            "rows": [
                (row, form[f"hasil_{row.syarat.value}"], form[f"catatan_{row.syarat.value}"])
                for row in rows
            ],
            "form": form,
            "dokumen_list": pendaftar.dokumen_set.all(),
            "upload_form": DokumenUploadForm(),
            "tanggapan_list": pendaftar.tanggapan_set.all(),
            "can_write": can_write(actor_of(request), pendaftar.pemilihan, pendaftar.desa),
        }
        return render(request, "pembentukan/pendaftar.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, access.pendaftar_get_for_actor(actor=actor_of(request), pk=pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pendaftar = access.pendaftar_get_for_actor(actor=actor_of(request), pk=pk)
        access.pendaftar_check_writable(actor=actor_of(request), pendaftar=pendaftar)
        form = PenilaianForm(request.POST)
        if form.is_valid():
            try:
                penelitian_services.penilaian_record(
                    pendaftar=pendaftar, penilaian=form.penilaian(), actor=actor_of(request)
                )
            except InvalidInput as exc:
                form_errors(form, exc, {s.value: f"catatan_{s.value}" for s in Syarat})
            else:
                messages.success(
                    request,
                    _("Penilaian disimpan. Status: %(status)s.")
                    % {"status": pendaftar.get_status_display()},
                )
                return redirect("pembentukan:pendaftar", pendaftar.pk)
        return self._render(request, pendaftar, form, status=422)
