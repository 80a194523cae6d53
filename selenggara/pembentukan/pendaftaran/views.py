"""Pages of the intake: the public registration, the PPS's walk-in form and Excel import, and
an applicant's documents.

Thin by design: each view turns request input into objects through an access selector (officer
pages) or a public selector, calls one service and renders. DomainErrors not handled here
become the shared error page in core's middleware.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from selenggara.core.errors import InvalidInput, NotAccessible
from selenggara.core.tabular import upload_saved
from selenggara.pembentukan import access
from selenggara.pembentukan import selectors as shared_selectors
from selenggara.pembentukan.berkas import PDF
from selenggara.pembentukan.domain.syarat import JenisDokumen
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.models import DokumenPendaftar
from selenggara.pembentukan.pendaftaran import selectors, services
from selenggara.pembentukan.pendaftaran.forms import DokumenUploadForm, ImportForm, PendaftarForm
from selenggara.pembentukan.pendaftaran.impor import import_template_xlsx, pendaftar_import_excel
from selenggara.pembentukan.web import (
    actor_of,
    desa_writable,
    form_errors,
    pemilihan_of,
    status_url,
)
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


LEVEL_PARAMS = ("provinsi", "kabkota", "kecamatan", "desa")


_PENDAFTAR_FIELDS = {"domisili_desa_kode": "domisili", "tps": "tps_preferensi"}


def _pendaftar_form(
    request: HttpRequest, pemilihan: Pemilihan, desa: Wilayah, *, bound: bool
) -> PendaftarForm:
    return PendaftarForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        desa=desa,
        desa_sekecamatan=selectors.wilayah_children_public(
            pemilihan=pemilihan, induk_kode=desa.induk_kode
        ),
        tps_qs=shared_selectors.tps_list_of_desa(pemilihan=pemilihan, desa=desa),
    )


class DaftarView(View):
    """Public registration: choose the desa level by level (GET), then the form (POST)."""

    def _levels(
        self, query: Mapping[str, str], pemilihan: Pemilihan
    ) -> tuple[list[dict[str, Any]], Wilayah | None]:
        levels: list[dict[str, Any]] = []
        induk = ""
        chosen: Wilayah | None = None
        for param in LEVEL_PARAMS:
            options = selectors.wilayah_children_public(pemilihan=pemilihan, induk_kode=induk)
            value = query.get(param, "")
            picked = next(
                (w for w in options if w.kode == value and w.kode.startswith(induk)), None
            )
            levels.append(
                {"param": param, "options": options, "value": picked.kode if picked else ""}
            )
            if picked is None:
                return levels, None
            induk, chosen = picked.kode, picked
        return levels, chosen

    def _render(
        self,
        request: HttpRequest,
        *,
        pemilihan: Pemilihan,
        levels: list[dict[str, Any]],
        desa: Wilayah | None,
        form: PendaftarForm | None,
        status: int = 200,
    ) -> HttpResponse:
        jadwal = shared_selectors.jadwal_get(pemilihan=pemilihan)
        jendela = jadwal.jendela(Tahapan.PENDAFTARAN) if jadwal else None
        is_open = jendela is not None and jendela.contains(shared_selectors.today())
        context = {
            "pemilihan": pemilihan,
            "levels": levels,
            "desa": desa,
            "form": form,
            "jendela": jendela,
            "is_open": is_open,
        }
        return render(request, "pembentukan/daftar.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        levels, desa = self._levels(request.GET, pemilihan)
        form = _pendaftar_form(request, pemilihan, desa, bound=False) if desa else None
        return self._render(request, pemilihan=pemilihan, levels=levels, desa=desa, form=form)

    def post(self, request: HttpRequest) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        desa = shared_selectors.desa_get_public(
            pemilihan=pemilihan, kode=request.POST.get("desa", "")
        )
        kode = KodeWilayah(desa.kode)
        path = dict(zip(LEVEL_PARAMS, (a.value for a in (*kode.ancestors, kode)), strict=True))
        levels, _chosen = self._levels(path, pemilihan)
        form = _pendaftar_form(request, pemilihan, desa, bound=True)
        if form.is_valid():
            try:
                pendaftar, token = services.pendaftar_register(
                    pemilihan=pemilihan,
                    desa=desa,
                    data=form.pendaftar_input(),
                    dokumen=form.dokumen(),
                )
            except InvalidInput as exc:
                form_errors(form, exc, _PENDAFTAR_FIELDS)
            else:
                messages.success(
                    request, _("Pendaftaran berhasil. Simpan nomor dan tautan status ini.")
                )
                return redirect(status_url(pendaftar, token))
        return self._render(
            request, pemilihan=pemilihan, levels=levels, desa=desa, form=form, status=422
        )


class ImportTemplateView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(import_template_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="templat-pendaftar-kpps.xlsx"'
        return response


class PendaftarCreateView(LoginRequiredMixin, View):
    """The PPS's walk-in form."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = desa_writable(request, kode)
        form = _pendaftar_form(request, pemilihan, desa, bound=False)
        return render(
            request,
            "pembentukan/pendaftar_form.html",
            {"desa": desa, "form": form, "pemilihan": pemilihan},
        )

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = desa_writable(request, kode)
        form = _pendaftar_form(request, pemilihan, desa, bound=True)
        if form.is_valid():
            try:
                pendaftar, _token = services.pendaftar_create_by_pps(
                    pemilihan=pemilihan,
                    desa=desa,
                    data=form.pendaftar_input(),
                    dokumen=form.dokumen(),
                    actor=actor_of(request),
                )
            except InvalidInput as exc:
                form_errors(form, exc, _PENDAFTAR_FIELDS)
            else:
                messages.success(
                    request,
                    _("Pendaftar %(nomor)s dicatat.") % {"nomor": pendaftar.nomor_pendaftaran},
                )
                return redirect("pembentukan:pendaftar", pendaftar.pk)
        return render(
            request,
            "pembentukan/pendaftar_form.html",
            {"desa": desa, "form": form, "pemilihan": pemilihan},
            status=422,
        )


class ImportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        desa = desa_writable(request, kode)[1]
        return render(
            request, "pembentukan/import.html", {"desa": desa, "form": ImportForm(), "errors": []}
        )

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = desa_writable(request, kode)
        form = ImportForm(request.POST, request.FILES)
        errors: list[str] = []
        if form.is_valid():
            with upload_saved(form.cleaned_data["berkas"]) as path:
                try:
                    result = pendaftar_import_excel(
                        pemilihan=pemilihan, desa=desa, path=path, actor=actor_of(request)
                    )
                except InvalidInput as exc:
                    form.add_error(None, exc.message)
                    errors = [str(e) for e in exc.errors]
                else:
                    messages.success(
                        request,
                        _("%(n)s pendaftar diimpor dari %(name)s.")
                        % {"n": len(result.pendaftar_list), "name": result.source},
                    )
                    return redirect("pembentukan:desa", desa.kode)
        return render(
            request,
            "pembentukan/import.html",
            {"desa": desa, "form": form, "errors": errors},
            status=422,
        )


class DokumenView(LoginRequiredMixin, View):
    """A document of an applicant, served only through the access selector, never by URL."""

    def get(self, request: HttpRequest, pk: int, dokumen_pk: int) -> HttpResponse:
        pendaftar = access.pendaftar_get_for_actor(actor=actor_of(request), pk=pk)
        dokumen = DokumenPendaftar.objects.filter(pendaftar=pendaftar, pk=dokumen_pk).first()
        if dokumen is None:
            raise NotAccessible(_("Dokumen tidak ditemukan."))
        # At most 2 MB (berkas_check): read whole, so no file handle outlives the request.
        with dokumen.berkas.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type=dokumen.content_type)
        name = f"{pendaftar.nomor_pendaftaran}-{dokumen.jenis}{Path(dokumen.berkas.name).suffix}"
        disposition = "attachment" if dokumen.content_type == PDF else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response


class DokumenUploadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pendaftar = access.pendaftar_get_for_actor(actor=actor_of(request), pk=pk)
        access.pendaftar_check_writable(actor=actor_of(request), pendaftar=pendaftar)
        form = DokumenUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Pilih jenis dokumen dan berkasnya."))
            return redirect("pembentukan:pendaftar", pendaftar.pk)
        try:
            services.dokumen_upload(
                pendaftar=pendaftar,
                jenis=JenisDokumen(form.cleaned_data["jenis"]),
                berkas=form.cleaned_data["berkas"],
                actor=actor_of(request),
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Dokumen disimpan."))
        return redirect("pembentukan:pendaftar", pendaftar.pk)
