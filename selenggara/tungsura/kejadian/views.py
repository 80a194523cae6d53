"""Pages of incidents and objections: per TPS (list, add, detail, photos) and per region.

Thin: objects come through the access selectors; the photos are served from private storage
only after the TPS was resolved for the actor. NotAccessible/PermissionDenied become 404/403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from selenggara.accounts.access import tps_check_writable, tps_get_for_actor
from selenggara.core.errors import InvalidInput
from selenggara.pemilihan.models import TPS
from selenggara.tungsura.kejadian import selectors as sel
from selenggara.tungsura.kejadian.forms import (
    JENIS_LABEL,
    KATEGORI_LABEL,
    PENGAJU_LABEL,
    KejadianForm,
)
from selenggara.tungsura.kejadian.services import FOTO_MAKS, kejadian_record
from selenggara.tungsura.logistik.access import wilayah_get_for_laporan
from selenggara.tungsura.logistik.selectors import kontestasi_label, logistik_get_for_tps
from selenggara.tungsura.logistik.views import actor_of, can_write_tps, pemilihan_of
from selenggara.tungsura.models import KejadianKhusus


def _baris(kejadian: KejadianKhusus) -> dict[str, object]:
    """A record with its labels, for the templates."""
    return {
        "k": kejadian,
        "jenis": JENIS_LABEL.get(kejadian.jenis, kejadian.jenis),
        "kategori": KATEGORI_LABEL.get(kejadian.kategori, kejadian.kategori),
        "pengaju": PENGAJU_LABEL.get(kejadian.pengaju, kejadian.pengaju),
        "kontestasi": kontestasi_label(kejadian.kontestasi.jenis) if kejadian.kontestasi else "",
    }


def _tps(request: HttpRequest, kode: str) -> TPS:
    return tps_get_for_actor(actor=actor_of(request), pemilihan=pemilihan_of(request), kode=kode)


class KejadianTPSView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = _tps(request, kode)
        context = {
            "pemilihan": tps.pemilihan,
            "tps": tps,
            "baris_list": [_baris(k) for k in sel.kejadian_list_for_tps(tps=tps)],
            "can_write": can_write_tps(actor_of(request), tps),
        }
        return render(request, "tungsura/kejadian_tps.html", context)


class KejadianTambahView(LoginRequiredMixin, View):
    def _form(self, tps: TPS, data: object = None) -> KejadianForm:
        jenis_list = [k.jenis for k in logistik_get_for_tps(tps=tps).kotak_list]
        return KejadianForm(data, kontestasi=jenis_list)

    def _render(
        self, request: HttpRequest, tps: TPS, form: KejadianForm, status: int = 200, **extra: object
    ) -> HttpResponse:
        context = {"pemilihan": tps.pemilihan, "tps": tps, "form": form, "foto_maks": FOTO_MAKS}
        return render(request, "tungsura/kejadian_form.html", context | extra, status=status)

    def _writable(self, request: HttpRequest, kode: str) -> TPS:
        tps = _tps(request, kode)
        tps_check_writable(actor=actor_of(request), tps=tps)
        return tps

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = self._writable(request, kode)
        return self._render(request, tps, self._form(tps))

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = self._writable(request, kode)
        form = self._form(tps, request.POST)
        if not form.is_valid():
            return self._render(request, tps, form, status=422)
        data = form.cleaned_data
        try:
            kejadian = kejadian_record(
                tps=tps,
                jenis=data["jenis"],
                kontestasi=data["kontestasi"] or None,
                kategori=data["kategori"],
                uraian=data["uraian"],
                pengaju=data["pengaju"],
                nama_pengaju=data["nama_pengaju"],
                foto_list=request.FILES.getlist("foto"),
                actor=actor_of(request),
            )
        except InvalidInput as exc:
            for error in exc.errors:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            foto_errors = [e.message for e in exc.errors if e.field == "foto"]
            return self._render(request, tps, form, status=422, foto_errors=foto_errors)
        messages.success(request, _("Catatan kejadian disimpan."))
        return redirect("kejadian:detail", tps.kode, kejadian.pk)


class KejadianDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str, pk: int) -> HttpResponse:
        tps = _tps(request, kode)
        kejadian = sel.kejadian_get(tps=tps, pk=pk)
        context = {
            "pemilihan": tps.pemilihan,
            "tps": tps,
            "baris": _baris(kejadian),
            "foto_list": sel.kejadian_foto_list(kejadian=kejadian),
        }
        return render(request, "tungsura/kejadian_detail.html", context)


class KejadianFotoView(LoginRequiredMixin, View):
    """A photo from private storage, only through the TPS's access selector."""

    def get(self, request: HttpRequest, kode: str, pk: int, foto_pk: int) -> HttpResponse:
        kejadian = sel.kejadian_get(tps=_tps(request, kode), pk=pk)
        foto = sel.kejadian_foto_get(kejadian=kejadian, pk=foto_pk)
        # At most 10 MB: read whole, so no file handle outlives the request.
        with foto.berkas.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type=foto.content_type)
        response["Content-Disposition"] = f'inline; filename="kejadian-{kejadian.pk}-{foto.pk}"'
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class KejadianWilayahView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan = pemilihan_of(request)
        wilayah = wilayah_get_for_laporan(actor=actor_of(request), pemilihan=pemilihan, kode=kode)
        rekap = sel.kejadian_rekap_for_wilayah(pemilihan=pemilihan, wilayah=wilayah)
        context = {
            "pemilihan": pemilihan,
            "wilayah": wilayah,
            "rekap": rekap,
            "kategori_list": [
                {"b": b, "label": KATEGORI_LABEL[b.kategori]} for b in rekap.kategori_list
            ],
            "baris_list": [_baris(k) for k in rekap.terbaru_list],
        }
        return render(request, "tungsura/kejadian_wilayah.html", context)
