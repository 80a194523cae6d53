"""Pages of KPPS formation: the public registration, status, announcements and responses, and
the PPS's desk (applicants of a desa, walk-in, Excel import, screening and MS/TMS).

Thin by design: each view turns request input into objects through an access selector (officer
pages) or a public selector, calls one service and renders. DomainErrors not handled here
become the shared error page in core's middleware.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from selenggara.accounts.models import User
from selenggara.core.errors import DomainError, InvalidInput, NotAccessible
from selenggara.pembentukan import access, selectors, services
from selenggara.pembentukan.berkas import PDF
from selenggara.pembentukan.domain.syarat import JenisDokumen, Syarat
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.forms import (
    DokumenUploadForm,
    ImportForm,
    PendaftarForm,
    PenilaianForm,
    StatusLookupForm,
    TanggapanForm,
    TanggapanResolveForm,
)
from selenggara.pembentukan.models import DokumenPendaftar, Pendaftar
from selenggara.pembentukan.penetapan import selectors as selectors_penetapan
from selenggara.pembentukan.services_import import import_template_xlsx, pendaftar_import_excel
from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_PARAMS = ("provinsi", "kabkota", "kecamatan", "desa")


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _pemilihan(request: HttpRequest) -> Pemilihan:
    """The election of the page; by default the newest with a formation schedule."""
    pemilihan = pemilihan_from_request(
        request, prefer=selectors.pemilihan_with_jadwal(), remember=False
    )
    if pemilihan is None:
        raise NotAccessible(_("Belum ada pembentukan KPPS yang dibuka."))
    return pemilihan


def _form_errors(
    form: forms.Form, exc: InvalidInput, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's InvalidInput on the form, on the field it names where there is one."""
    field_map = field_map or {}
    for error in exc.errors or []:
        name = field_map.get(error.field or "", error.field or "")
        form.add_error(name if name in form.fields else None, error.message)
    if not exc.errors:
        form.add_error(None, exc.message)


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
        tps_qs=selectors.tps_list_of_desa(pemilihan=pemilihan, desa=desa),
    )


def _status_url(pendaftar: Pendaftar, token: str) -> str:
    return reverse("pembentukan:status", args=[pendaftar.nomor_pendaftaran, token])


# --- public --------------------------------------------------------------------------------------


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
        jadwal = selectors.jadwal_get(pemilihan=pemilihan)
        jendela = jadwal.jendela(Tahapan.PENDAFTARAN) if jadwal else None
        is_open = jendela is not None and jendela.contains(selectors.today())
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
        pemilihan = _pemilihan(request)
        levels, desa = self._levels(request.GET, pemilihan)
        form = _pendaftar_form(request, pemilihan, desa, bound=False) if desa else None
        return self._render(request, pemilihan=pemilihan, levels=levels, desa=desa, form=form)

    def post(self, request: HttpRequest) -> HttpResponse:
        pemilihan = _pemilihan(request)
        desa = selectors.desa_get_public(pemilihan=pemilihan, kode=request.POST.get("desa", ""))
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
                _form_errors(form, exc, _PENDAFTAR_FIELDS)
            else:
                messages.success(
                    request, _("Pendaftaran berhasil. Simpan nomor dan tautan status ini.")
                )
                return redirect(_status_url(pendaftar, token))
        return self._render(
            request, pemilihan=pemilihan, levels=levels, desa=desa, form=form, status=422
        )


class StatusLookupView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "pembentukan/status_lookup.html", {"form": StatusLookupForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            try:
                pendaftar = selectors.pendaftar_get_by_token(
                    nomor=form.cleaned_data["nomor"].strip(),
                    token=form.cleaned_data["token"].strip(),
                )
            except NotAccessible:
                form.add_error(None, _("Nomor pendaftaran atau kode akses tidak cocok."))
            else:
                return redirect(_status_url(pendaftar, form.cleaned_data["token"].strip()))
        return render(request, "pembentukan/status_lookup.html", {"form": form}, status=422)


class StatusView(View):
    """The applicant's own status: reached only with the number and the secret token."""

    def get(self, request: HttpRequest, nomor: str, token: str) -> HttpResponse:
        pendaftar = selectors.pendaftar_get_by_token(nomor=nomor, token=token)
        context = {
            "pendaftar": pendaftar,
            "token": token,
            "dokumen_list": pendaftar.dokumen_set.all(),
            "dokumen_kurang": [
                j.label
                for j in JenisDokumen
                if j.value not in {d.jenis for d in pendaftar.dokumen_set.all()}
            ],
            "jadwal": selectors.jadwal_get(pemilihan=pendaftar.pemilihan),
            "langkah_list": selectors_penetapan.pendaftar_langkah_list(pendaftar=pendaftar),
        }
        response = render(request, "pembentukan/status.html", context)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response


class PengumumanView(View):
    """Public announcement of research results for one desa: number, name, TPS, result."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan = _pemilihan(request)
        desa = selectors.desa_get_public(pemilihan=pemilihan, kode=kode)
        is_open = selectors.pengumuman_is_open(pemilihan=pemilihan)
        rows = selectors.pengumuman_list(pemilihan=pemilihan, desa=desa) if is_open else []
        jadwal = selectors.jadwal_get(pemilihan=pemilihan)
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
        pemilihan = _pemilihan(request)
        desa = selectors.desa_get_public(pemilihan=pemilihan, kode=kode)
        is_open = selectors.hasil_seleksi_is_open(pemilihan=pemilihan)
        tps_list = selectors.hasil_seleksi_list(pemilihan=pemilihan, desa=desa) if is_open else []
        jadwal = selectors.jadwal_get(pemilihan=pemilihan)
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
        pendaftar = selectors.pendaftar_get_announced(pemilihan=_pemilihan(request), nomor=nomor)
        return self._render(request, pendaftar, TanggapanForm())

    def post(self, request: HttpRequest, nomor: str) -> HttpResponse:
        pendaftar = selectors.pendaftar_get_announced(pemilihan=_pemilihan(request), nomor=nomor)
        form = TanggapanForm(request.POST)
        if form.is_valid():
            try:
                services.tanggapan_submit(pendaftar=pendaftar, **form.cleaned_data)
            except InvalidInput as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Terima kasih. Tanggapan Anda diterima dan akan diklarifikasi oleh PPS."),
                )
                return redirect("pembentukan:pengumuman", pendaftar.desa.kode)
        return self._render(request, pendaftar, form, status=422)


class ImportTemplateView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(import_template_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="templat-pendaftar-kpps.xlsx"'
        return response


# --- officers --------------------------------------------------------------------------------------


class BerandaView(LoginRequiredMixin, View):
    """The actor's desa with applicants, counted per status."""

    def get(self, request: HttpRequest) -> HttpResponse:
        pemilihan = _pemilihan(request)
        qs = access.pendaftar_list_for_actor(actor=_actor(request), pemilihan=pemilihan)
        desa_rows = selectors.desa_counts(pendaftar_qs=qs, pemilihan=pemilihan)
        return render(
            request,
            "pembentukan/beranda.html",
            {
                "pemilihan": pemilihan,
                "desa_rows": desa_rows,
                "jadwal": selectors.jadwal_get(pemilihan=pemilihan),
            },
        )


class DesaView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor = _actor(request)
        pemilihan = _pemilihan(request)
        desa = access.desa_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)
        qs = access.pendaftar_list_for_actor(actor=actor, pemilihan=pemilihan, wilayah=desa)
        context = {
            "pemilihan": pemilihan,
            "desa": desa,
            "pendaftar_list": qs,
            "counts": selectors.status_counts(pendaftar_qs=qs),
            "tanggapan_list": selectors.tanggapan_open_list(pendaftar_qs=qs),
            "can_write": _can_write(actor, pemilihan, desa),
        }
        return render(request, "pembentukan/desa.html", context)


def _desa_writable(request: HttpRequest, kode: str) -> tuple[Pemilihan, Wilayah]:
    """Return the election and desa ``kode`` if the actor sees it and may write there."""
    pemilihan = _pemilihan(request)
    desa = access.desa_get_for_actor(actor=_actor(request), pemilihan=pemilihan, kode=kode)
    access.desa_check_writable(actor=_actor(request), pemilihan=pemilihan, desa=desa)
    return pemilihan, desa


def _can_write(actor: User, pemilihan: Pemilihan, desa: Wilayah) -> bool:
    try:
        access.desa_check_writable(actor=actor, pemilihan=pemilihan, desa=desa)
    except DomainError:
        return False
    return True


class PendaftarCreateView(LoginRequiredMixin, View):
    """The PPS's walk-in form."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = _desa_writable(request, kode)
        form = _pendaftar_form(request, pemilihan, desa, bound=False)
        return render(
            request,
            "pembentukan/pendaftar_form.html",
            {"desa": desa, "form": form, "pemilihan": pemilihan},
        )

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = _desa_writable(request, kode)
        form = _pendaftar_form(request, pemilihan, desa, bound=True)
        if form.is_valid():
            try:
                pendaftar, _token = services.pendaftar_create_by_pps(
                    pemilihan=pemilihan,
                    desa=desa,
                    data=form.pendaftar_input(),
                    dokumen=form.dokumen(),
                    actor=_actor(request),
                )
            except InvalidInput as exc:
                _form_errors(form, exc, _PENDAFTAR_FIELDS)
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
        desa = _desa_writable(request, kode)[1]
        return render(
            request, "pembentukan/import.html", {"desa": desa, "form": ImportForm(), "errors": []}
        )

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = _desa_writable(request, kode)
        form = ImportForm(request.POST, request.FILES)
        errors: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["berkas"]
            suffix = Path(upload.name or "").suffix.lower()[:6] or ".xlsx"
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{Path(upload.name or 'impor').stem[:60]}{suffix}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    result = pendaftar_import_excel(
                        pemilihan=pemilihan, desa=desa, path=path, actor=_actor(request)
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
        hasil = selectors.hasil_penelitian_latest(pendaftar=pendaftar)
        rows = selectors.syarat_rows(pendaftar=pendaftar, hasil=hasil)
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
            "can_write": _can_write(_actor(request), pendaftar.pemilihan, pendaftar.desa),
        }
        return render(request, "pembentukan/pendaftar.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, access.pendaftar_get_for_actor(actor=_actor(request), pk=pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pendaftar = access.pendaftar_get_for_actor(actor=_actor(request), pk=pk)
        access.pendaftar_check_writable(actor=_actor(request), pendaftar=pendaftar)
        form = PenilaianForm(request.POST)
        if form.is_valid():
            try:
                services.penilaian_record(
                    pendaftar=pendaftar, penilaian=form.penilaian(), actor=_actor(request)
                )
            except InvalidInput as exc:
                _form_errors(form, exc, {s.value: f"catatan_{s.value}" for s in Syarat})
            else:
                messages.success(
                    request,
                    _("Penilaian disimpan. Status: %(status)s.")
                    % {"status": pendaftar.get_status_display()},
                )
                return redirect("pembentukan:pendaftar", pendaftar.pk)
        return self._render(request, pendaftar, form, status=422)


class PenelitianView(LoginRequiredMixin, View):
    """Run the automatic checks on one applicant (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pendaftar = access.pendaftar_get_for_actor(actor=_actor(request), pk=pk)
        access.pendaftar_check_writable(actor=_actor(request), pendaftar=pendaftar)
        hasil = services.penelitian_run(pendaftar=pendaftar, actor=_actor(request))
        messages.success(
            request,
            _("Penelitian otomatis selesai: %(e)s masalah, %(w)s peringatan.")
            % {"e": hasil.jumlah_error, "w": hasil.jumlah_warning},
        )
        return redirect("pembentukan:pendaftar", pendaftar.pk)


class PenelitianDesaView(LoginRequiredMixin, View):
    """Run the automatic checks on every applicant of a desa (POST)."""

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan, desa = _desa_writable(request, kode)
        result = services.penelitian_run_bulk(
            pemilihan=pemilihan, wilayah_kode=desa.kode, actor=_actor(request)
        )
        messages.success(
            request,
            _("%(n)s pendaftar diteliti otomatis; %(ok)s tanpa masalah.")
            % {"n": result.jumlah, "ok": result.lolos},
        )
        return redirect("pembentukan:desa", desa.kode)


class DokumenView(LoginRequiredMixin, View):
    """A document of an applicant, served only through the access selector, never by URL."""

    def get(self, request: HttpRequest, pk: int, dokumen_pk: int) -> HttpResponse:
        pendaftar = access.pendaftar_get_for_actor(actor=_actor(request), pk=pk)
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
        pendaftar = access.pendaftar_get_for_actor(actor=_actor(request), pk=pk)
        access.pendaftar_check_writable(actor=_actor(request), pendaftar=pendaftar)
        form = DokumenUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Pilih jenis dokumen dan berkasnya."))
            return redirect("pembentukan:pendaftar", pendaftar.pk)
        try:
            services.dokumen_upload(
                pendaftar=pendaftar,
                jenis=JenisDokumen(form.cleaned_data["jenis"]),
                berkas=form.cleaned_data["berkas"],
                actor=_actor(request),
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Dokumen disimpan."))
        return redirect("pembentukan:pendaftar", pendaftar.pk)


class TanggapanResolveView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, tanggapan: Any, form: TanggapanResolveForm, status: int = 200
    ) -> HttpResponse:
        can_write = _can_write(
            _actor(request), tanggapan.pendaftar.pemilihan, tanggapan.pendaftar.desa
        )
        return render(
            request,
            "pembentukan/tanggapan_resolve.html",
            {"tanggapan": tanggapan, "form": form, "can_write": can_write},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tanggapan = access.tanggapan_get_for_actor(actor=_actor(request), pk=pk)
        form = TanggapanResolveForm(
            initial={"klarifikasi": tanggapan.klarifikasi, "hasil": tanggapan.hasil}
        )
        return self._render(request, tanggapan, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tanggapan = access.tanggapan_get_for_actor(actor=_actor(request), pk=pk)
        access.pendaftar_check_writable(actor=_actor(request), pendaftar=tanggapan.pendaftar)
        form = TanggapanResolveForm(request.POST)
        if form.is_valid():
            services.tanggapan_resolve(
                tanggapan=tanggapan, actor=_actor(request), **form.cleaned_data
            )
            messages.success(request, _("Klarifikasi tanggapan disimpan."))
            return redirect("pembentukan:pendaftar", tanggapan.pendaftar.pk)
        return self._render(request, tanggapan, form, status=422)
