"""Pages of the appointment half: per-TPS appointment, desa SK and inauguration, PAW, Petugas
Ketertiban, honorarium and the progress dashboard.

Thin by design: each view resolves the objects through the access selectors, calls one
service or selector and renders. NotAccessible becomes the shared 404 in core's middleware.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from selenggara.accounts.models import User
from selenggara.core.domain.tanggal import usia_on
from selenggara.core.errors import DomainError, InvalidInput, NotAccessible, PermissionDenied
from selenggara.pembentukan.access import desa_check_writable, desa_get_for_actor
from selenggara.pembentukan.domain.penetapan import AlasanPAW, KetuaNotCandidate
from selenggara.pembentukan.messages import kriteria_text, temuan_text
from selenggara.pembentukan.models import Pendaftar
from selenggara.pembentukan.penetapan import forms, laporan
from selenggara.pembentukan.penetapan import selectors as sel
from selenggara.pembentukan.penetapan import services as svc
from selenggara.pembentukan.penetapan.access import (
    anggota_get_for_actor,
    penggantian_get_for_actor,
    tps_get_for_penetapan,
    wilayah_get_for_penetapan,
    wilayah_start_for_penetapan,
)
from selenggara.pembentukan.selectors import jadwal_get
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.wilayah.models import Wilayah

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _pemilihan(request: HttpRequest) -> Pemilihan:
    pemilihan = pemilihan_from_request(request)
    if pemilihan is None:
        raise NotAccessible(_("Belum ada pemilihan."))
    return pemilihan


def _can_write(actor: User, pemilihan: Pemilihan, desa: Wilayah) -> bool:
    try:
        desa_check_writable(actor=actor, pemilihan=pemilihan, desa=desa)
    except PermissionDenied:
        return False
    return True


def _errors(exc: DomainError) -> list[str]:
    lines = [exc.message]
    if isinstance(exc, InvalidInput):
        lines += [str(e) for e in exc.errors]
    return lines


# --- Per-TPS appointment ------------------------------------------------------------------


def _proposal_context(*, tps: TPS, tambahan_ids: list[int], ketua_id: int | None) -> dict[str, Any]:
    pool = sel.pendaftar_calon_list(tps=tps)
    tetangga = sel.calon_tetangga_list(tps=tps)
    tambahan = [p for p in tetangga if p.pk in tambahan_ids]
    by_ref = {str(p.pk): p for p in [*pool, *tambahan]}
    ketua = by_ref.get(str(ketua_id)) if ketua_id else None
    ketua_ditolak = False
    try:
        susunan = svc.susunan_propose(tps=tps, pool=pool, tambahan=tambahan, ketua=ketua)
    except KetuaNotCandidate:
        # The chosen ketua fell out of the 7 (e.g. the additions changed): say so, and propose
        # the top-ranked member instead, as the page does when no ketua is chosen.
        ketua_ditolak = True
        susunan = svc.susunan_propose(tps=tps, pool=pool, tambahan=tambahan)
    lokal = svc.susunan_propose(tps=tps, pool=pool).kekurangan
    hari = tps.pemilihan.hari_pemungutan
    return {
        "usulan": [
            {"p": p, "pendaftar": by_ref[p.ref], "usia": usia_on(by_ref[p.ref].tanggal_lahir, hari)}
            for p in susunan.anggota
        ],
        "cadangan_usulan": [{"p": p, "pendaftar": by_ref[p.ref]} for p in susunan.cadangan],
        "peringatan": susunan.peringatan,
        "kekurangan": susunan.kekurangan,
        "kekurangan_lokal": lokal,
        "tidak_memenuhi": [p for p in pool if p.status != Pendaftar.Status.MEMENUHI_SYARAT],
        "tetangga": tetangga if lokal is not None else [],
        "tambahan_ids": tambahan_ids,
        "ketua_id": susunan.ketua.ref if susunan.ketua else "",
        "lengkap": len(susunan.anggota) == 7,
        "ketua_ditolak": ketua_ditolak,
        "kriteria": kriteria_text(sel.kriteria_peringkat_get(pemilihan=tps.pemilihan)),
    }


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


class TPSPenetapanView(LoginRequiredMixin, View):
    def _context(self, request: HttpRequest, kode: str) -> dict[str, Any]:
        actor = _actor(request)
        pemilihan = _pemilihan(request)
        tps = tps_get_for_penetapan(actor=actor, pemilihan=pemilihan, kode=kode)
        anggota_list = sel.anggota_list_of_tps(tps=tps)
        context: dict[str, Any] = {
            "pemilihan": pemilihan,
            "tps": tps,
            "can_write": _can_write(actor, pemilihan, tps.desa),
            "anggota_list": anggota_list,
            "cadangan_list": sel.cadangan_list_of_tps(tps=tps) if anggota_list else [],
            "penggantian_list": sel.penggantian_list_of_tps(tps=tps) if anggota_list else [],
            "ketertiban_list": sel.ketertiban_list_of_tps(tps=tps),
        }
        if not anggota_list:
            source = request.POST if request.method == "POST" else request.GET
            ketua = source.get("ketua", "")
            context |= _proposal_context(
                tps=tps,
                tambahan_ids=_ids(source.getlist("tambahan")),
                ketua_id=int(ketua) if ketua.isdigit() else None,
            )
            context["alasan"] = source.get("alasan", "")
        return context

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        return render(request, "pembentukan/penetapan/tps.html", self._context(request, kode))

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        context = self._context(request, kode)
        tps: TPS = context["tps"]
        desa_check_writable(actor=_actor(request), pemilihan=tps.pemilihan, desa=tps.desa)
        by_pk = {p.pk: p for p in sel.calon_tetangga_list(tps=tps)}
        alasan = request.POST.get("alasan", "")
        tambahan = [
            svc.Tambahan(pendaftar=by_pk[pk], alasan=alasan)
            for pk in _ids(request.POST.getlist("tambahan"))
            if pk in by_pk
        ]
        # The ketua is looked up in the TPS's own pool and the chosen additions, never by id.
        ketua_pk = request.POST.get("ketua", "")
        candidates = [*sel.pendaftar_calon_list(tps=tps), *(t.pendaftar for t in tambahan)]
        ketua = next((p for p in candidates if str(p.pk) == ketua_pk), None)
        try:
            hasil = svc.kpps_tetapkan(
                tps=tps, actor=_actor(request), ketua=ketua, tambahan=tambahan
            )
        except DomainError as exc:
            context["form_errors"] = _errors(exc)
            return render(request, "pembentukan/penetapan/tps.html", context, status=422)
        messages.success(request, _("KPPS %(tps)s ditetapkan.") % {"tps": f"TPS {tps.nomor:03d}"})
        for temuan in hasil.peringatan:
            messages.warning(request, temuan_text(temuan))
        return redirect("penetapan:tps", tps.kode)


# --- Desa: SK, inauguration, documents ----------------------------------------------------


def _desa(request: HttpRequest, kode: str) -> tuple[User, Pemilihan, Wilayah]:
    actor = _actor(request)
    pemilihan = _pemilihan(request)
    return actor, pemilihan, desa_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)


class DesaPenetapanView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor, pemilihan, desa = _desa(request, kode)
        roster = sel.desa_roster_get(pemilihan=pemilihan, desa=desa)
        initial: dict[str, object] = (
            {"nomor": roster.sk.nomor, "tanggal": roster.sk.tanggal} if roster.sk else {}
        )
        context = {
            "pemilihan": pemilihan,
            "desa": desa,
            "roster": roster,
            "can_write": _can_write(actor, pemilihan, desa),
            "sk_form": forms.SKForm(initial=initial),
        }
        return render(request, "pembentukan/penetapan/desa.html", context)


class DesaSKView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor, pemilihan, desa = _desa(request, kode)
        desa_check_writable(actor=actor, pemilihan=pemilihan, desa=desa)
        form = forms.SKForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Nomor dan tanggal SK wajib diisi."))
            return redirect("penetapan:desa", desa.kode)
        try:
            svc.sk_kpps_set(
                pemilihan=pemilihan,
                desa=desa,
                nomor=form.cleaned_data["nomor"],
                tanggal=form.cleaned_data["tanggal"],
                actor=actor,
            )
        except DomainError as exc:
            for line in _errors(exc):
                messages.error(request, line)
        else:
            messages.success(request, _("SK disimpan."))
        return redirect("penetapan:desa", desa.kode)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class DesaSKPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        _actor, pemilihan, desa = _desa(request, kode)
        roster = sel.desa_roster_get(pemilihan=pemilihan, desa=desa)
        return _pdf(laporan.sk_pdf(roster), f"sk-kpps-{desa.kode}.pdf")


class DesaRosterPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        _actor, pemilihan, desa = _desa(request, kode)
        roster = sel.desa_roster_get(pemilihan=pemilihan, desa=desa)
        return _pdf(laporan.roster_pdf(roster), f"pelantikan-kpps-{desa.kode}.pdf")


class PelantikanView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, kode: str, form: forms.PelantikanForm | None, status: int = 200
    ) -> HttpResponse:
        actor, pemilihan, desa = _desa(request, kode)
        roster = sel.desa_roster_get(pemilihan=pemilihan, desa=desa)
        if form is None:
            initial: dict[str, object] = {}
            if roster.pelantikan is not None:
                initial = {
                    "waktu": timezone.localtime(roster.pelantikan.waktu).strftime("%Y-%m-%dT%H:%M"),
                    "tempat": roster.pelantikan.tempat,
                }
            form = forms.PelantikanForm(initial=initial)
        context = {
            "pemilihan": pemilihan,
            "desa": desa,
            "roster": roster,
            "form": form,
            "can_write": _can_write(actor, pemilihan, desa),
        }
        return render(request, "pembentukan/penetapan/pelantikan.html", context, status=status)

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        return self._render(request, kode, None)

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor, pemilihan, desa = _desa(request, kode)
        desa_check_writable(actor=actor, pemilihan=pemilihan, desa=desa)
        form = forms.PelantikanForm(request.POST)
        if not form.is_valid():
            return self._render(request, kode, form, status=422)
        try:
            svc.pelantikan_record(
                pemilihan=pemilihan,
                desa=desa,
                waktu=form.cleaned_data["waktu"],
                tempat=form.cleaned_data["tempat"],
                hadir_ids=_ids(request.POST.getlist("hadir")),
                actor=actor,
            )
        except DomainError as exc:
            form.add_error(None, " ".join(_errors(exc)))
            return self._render(request, kode, form, status=422)
        messages.success(request, _("Kehadiran pelantikan disimpan."))
        return redirect("penetapan:desa", desa.kode)


# --- PAW and Petugas Ketertiban -----------------------------------------------------------


class PAWView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, pk: int, form: forms.PAWForm, status: int = 200
    ) -> HttpResponse:
        actor = _actor(request)
        pemilihan = _pemilihan(request)
        anggota = anggota_get_for_actor(actor=actor, pemilihan=pemilihan, pk=pk)
        context = {
            "pemilihan": pemilihan,
            "anggota": anggota,
            "tps": anggota.tps,
            "form": form,
            "cadangan_list": sel.cadangan_list_of_tps(tps=anggota.tps),
            "can_write": _can_write(actor, pemilihan, anggota.tps.desa),
        }
        return render(request, "pembentukan/penetapan/paw.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, pk, forms.PAWForm(initial={"tanggal": timezone.localdate()}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        actor = _actor(request)
        pemilihan = _pemilihan(request)
        anggota = anggota_get_for_actor(actor=actor, pemilihan=pemilihan, pk=pk)
        desa_check_writable(actor=actor, pemilihan=pemilihan, desa=anggota.tps.desa)
        form = forms.PAWForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, pk, form, status=422)
        try:
            svc.paw_execute(
                anggota=anggota,
                alasan=AlasanPAW(form.cleaned_data["alasan"]),
                keterangan=form.cleaned_data["keterangan"],
                bukti=form.cleaned_data["bukti"],
                tanggal=form.cleaned_data["tanggal"],
                actor=actor,
            )
        except DomainError as exc:
            form.add_error(None, " ".join(_errors(exc)))
            return self._render(request, pk, form, status=422)
        messages.success(request, _("Penggantian antarwaktu dicatat."))
        return redirect("penetapan:tps", anggota.tps.kode)


class BuktiPAWView(LoginRequiredMixin, View):
    """The evidence of a replacement, from private storage, only through the access selector."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        penggantian = penggantian_get_for_actor(
            actor=_actor(request), pemilihan=_pemilihan(request), pk=pk
        )
        # At most 2 MB: read whole, so no file handle outlives the request.
        with penggantian.bukti.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type=penggantian.bukti_content_type)
        ext = penggantian.bukti.name.rsplit(".", 1)[-1]
        response["Content-Disposition"] = f'attachment; filename="bukti-paw-{penggantian.pk}.{ext}"'
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response


class KetertibanView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, tps: TPS, form: forms.KetertibanForm, status: int = 200
    ) -> HttpResponse:
        actor = _actor(request)
        context = {
            "pemilihan": tps.pemilihan,
            "tps": tps,
            "form": form,
            "ketertiban_list": sel.ketertiban_list_of_tps(tps=tps),
            "can_write": _can_write(actor, tps.pemilihan, tps.desa),
        }
        return render(request, "pembentukan/penetapan/ketertiban.html", context, status=status)

    def _tps(self, request: HttpRequest, kode: str) -> TPS:
        return tps_get_for_penetapan(
            actor=_actor(request), pemilihan=_pemilihan(request), kode=kode
        )

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        return self._render(request, self._tps(request, kode), forms.KetertibanForm())

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = self._tps(request, kode)
        desa_check_writable(actor=_actor(request), pemilihan=tps.pemilihan, desa=tps.desa)
        form = forms.KetertibanForm(request.POST)
        if not form.is_valid():
            return self._render(request, tps, form, status=422)
        try:
            svc.ketertiban_set(tps=tps, petugas=form.petugas(), actor=_actor(request))
        except DomainError as exc:
            form.add_error(None, " ".join(_errors(exc)))
            return self._render(request, tps, form, status=422)
        messages.success(request, _("Petugas Ketertiban TPS disimpan."))
        return redirect("penetapan:tps", tps.kode)


# --- Oversight: progress and honorarium ---------------------------------------------------


def _wilayah_or_start(
    request: HttpRequest, kode: str | None, route: str
) -> tuple[Pemilihan, Wilayah | None] | HttpResponse:
    actor = _actor(request)
    pemilihan = _pemilihan(request)
    if kode is None:
        start = wilayah_start_for_penetapan(actor=actor, pemilihan=pemilihan)
        if start is None:
            # KPPS and saksi hold one TPS: nothing of the formation is theirs to oversee.
            messages.info(request, _("Tidak ada wilayah pembentukan KPPS dalam lingkup Anda."))
            return redirect("portal:dashboard")
        if start:
            return redirect(route, start)
        return pemilihan, None
    return pemilihan, wilayah_get_for_penetapan(actor=actor, pemilihan=pemilihan, kode=kode)


class ProgresView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str | None = None) -> HttpResponse:
        picked = _wilayah_or_start(request, kode, "penetapan:progres")
        if isinstance(picked, HttpResponse):
            return picked
        pemilihan, wilayah = picked
        page = sel.progres_get(
            pemilihan=pemilihan,
            wilayah=wilayah,
            jadwal=jadwal_get(pemilihan=pemilihan),
            on=timezone.localdate(),
        )
        context = {
            "pemilihan": pemilihan,
            "wilayah": wilayah,
            "page": page,
            "child_url": "penetapan:tps" if page.per_tps else "penetapan:progres",
            "desa_url": reverse("penetapan:desa", args=[wilayah.kode])
            if page.per_tps and wilayah
            else "",
        }
        return render(request, "pembentukan/penetapan/progres.html", context)


class HonorariumView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor = _actor(request)
        pemilihan = _pemilihan(request)
        wilayah = wilayah_get_for_penetapan(actor=actor, pemilihan=pemilihan, kode=kode)
        rekap = sel.honorarium_rekap(pemilihan=pemilihan, wilayah=wilayah)
        return render(
            request,
            "pembentukan/penetapan/honorarium.html",
            {"pemilihan": pemilihan, "wilayah": wilayah, "rekap": rekap},
        )


class HonorariumXlsxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        actor = _actor(request)
        pemilihan = _pemilihan(request)
        wilayah = wilayah_get_for_penetapan(actor=actor, pemilihan=pemilihan, kode=kode)
        rekap = sel.honorarium_rekap(pemilihan=pemilihan, wilayah=wilayah)
        response = HttpResponse(laporan.honorarium_xlsx(rekap), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="honorarium-{wilayah.kode}.xlsx"'
        return response
