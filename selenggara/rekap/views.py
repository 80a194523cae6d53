"""Pages of the recap: a region's two figures side by side, and the plenaries.

Thin: every object named by the URL goes through rekap/access.py; every change is one service
call. A refused action (state, reason missing, a correction that lost a race) comes back to
the plenary page as a message naming why; unknown and foreign give the shared 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from selenggara.accounts.models import User
from selenggara.accounts.selectors import actor_lingkup_list
from selenggara.core.errors import DomainError, InvalidInput, NotAccessible, RowError
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.rekap import services
from selenggara.rekap.access import (
    NASIONAL_SLUG,
    pleno_boleh,
    pleno_check_boleh,
    pleno_get_for_actor,
    wilayah_kode_for_actor,
)
from selenggara.rekap.domain.pleno import Aksi, StatusPleno, TingkatPleno
from selenggara.rekap.models import Keberatan, Pleno
from selenggara.rekap.selectors import (
    pleno_butir_list,
    pleno_progres_list,
    rekap_anak_list,
    rekap_wilayah_get,
    tanda_list_for_wilayah,
)
from selenggara.tungsura.forms import CHasilForm
from selenggara.tungsura.lembar import LembarTPS, lembar_for_tps
from selenggara.tungsura.models import CHasil
from selenggara.tungsura.selectors import versi_angka
from selenggara.wilayah.models import Wilayah


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _pemilihan(request: HttpRequest) -> Pemilihan:
    pemilihan = pemilihan_from_request(request)
    if pemilihan is None:
        raise NotAccessible(_("Belum ada pemilihan."))
    return pemilihan


def _slug(wilayah_kode: str) -> str:
    return wilayah_kode or NASIONAL_SLUG


def _nama(pemilihan: Pemilihan, kode_list: list[str]) -> dict[str, str]:
    rows = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode__in=kode_list)
    return {"": _("Indonesia"), **dict(rows.values_list("kode", "nama"))}


class RekapMulaiView(LoginRequiredMixin, View):
    """Send the actor to the recap of its own region."""

    def get(self, request: HttpRequest) -> HttpResponse:
        pemilihan = pemilihan_from_request(request)
        lingkup_list = (
            actor_lingkup_list(actor=_actor(request), pemilihan=pemilihan) if pemilihan else []
        )
        if any(s.is_nasional for s in lingkup_list):
            return redirect("rekap:wilayah", NASIONAL_SLUG)
        region = sorted((s.wilayah.value for s in lingkup_list if s.wilayah), key=len)
        if region:
            return redirect("rekap:wilayah", region[0])
        messages.info(request, _("Peran Anda tidak mencakup wilayah rekapitulasi."))
        return redirect("portal:dashboard")


class RekapWilayahView(LoginRequiredMixin, View):
    """Both figures of a region per contest, why they differ, its children and its flags."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        pemilihan = _pemilihan(request)
        wilayah_kode = wilayah_kode_for_actor(actor=_actor(request), pemilihan=pemilihan, kode=kode)
        data = rekap_wilayah_get(pemilihan=pemilihan, wilayah_kode=wilayah_kode)
        jenis = request.GET.get("jenis") or (data.kontestasi[0].jenis if data.kontestasi else "")
        item = next((k for k in data.kontestasi if k.jenis == jenis), None)
        if item is None:
            raise NotAccessible(_("Kontestasi tidak ditemukan."))
        anak = rekap_anak_list(pemilihan=pemilihan, wilayah_kode=wilayah_kode, jenis=jenis)
        tanda = (
            tanda_list_for_wilayah(pemilihan=pemilihan, wilayah_kode=wilayah_kode, jenis=jenis)
            if data.tingkat >= TingkatPleno.KECAMATAN
            else []
        )
        nama = _nama(pemilihan, [wilayah_kode, *(a.kode for a in anak)])
        peserta = sorted(set(item.hitung.peserta) | set(item.rekap.peserta if item.rekap else {}))
        context = {
            "pemilihan": pemilihan,
            "wilayah_kode": wilayah_kode,
            "slug": _slug(wilayah_kode),
            "nama": nama.get(wilayah_kode, wilayah_kode),
            "data": data,
            "item": item,
            "jenis": jenis,
            "peserta_list": [
                (
                    k,
                    item.hitung.peserta.get(k, 0),
                    item.rekap.peserta.get(k, 0) if item.rekap else None,
                )
                for k in peserta
            ],
            "anak_list": [(a, nama.get(a.kode, a.kode)) for a in anak],
            "anak_tps": data.tingkat == 4,
            "tanda_list": tanda,
            "bisa_pleno": data.tingkat <= TingkatPleno.KECAMATAN,
            "progres_list": pleno_progres_list(
                pemilihan=pemilihan, wilayah_kode=wilayah_kode, hari_ini=timezone.localdate()
            ),
        }
        return render(request, "rekap/wilayah.html", context)


class PlenoWilayahView(LoginRequiredMixin, View):
    """The plenary of a region and contest: shown if it exists, opened by its body on POST."""

    def _setup(self, request: HttpRequest, kode: str, jenis: str) -> tuple[Pemilihan, str]:
        pemilihan = _pemilihan(request)
        wilayah_kode = wilayah_kode_for_actor(actor=_actor(request), pemilihan=pemilihan, kode=kode)
        if (
            wilayah_kode.count(".") >= TingkatPleno.KECAMATAN
            or not Kontestasi.objects.filter(pemilihan=pemilihan, jenis=jenis).exists()
        ):
            raise NotAccessible(_("Rapat pleno tidak ditemukan."))
        return pemilihan, wilayah_kode

    def get(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        pemilihan, wilayah_kode = self._setup(request, kode, jenis)
        pleno = Pleno.objects.filter(
            kontestasi__pemilihan=pemilihan, kontestasi__jenis=jenis, wilayah_kode=wilayah_kode
        ).first()
        if pleno is not None:
            return redirect("rekap:pleno", pleno.pk)
        context = {
            "pemilihan": pemilihan,
            "slug": _slug(wilayah_kode),
            "jenis": jenis,
            "nama": _nama(pemilihan, [wilayah_kode]).get(wilayah_kode, wilayah_kode),
        }
        return render(request, "rekap/pleno_belum.html", context)

    def post(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        pemilihan, wilayah_kode = self._setup(request, kode, jenis)
        pleno = services.pleno_get_or_create(
            pemilihan=pemilihan, wilayah_kode=wilayah_kode, jenis=jenis
        )
        services.pleno_buka(pleno=pleno, actor=_actor(request))
        return redirect("rekap:pleno", pleno.pk)


class PlenoView(LoginRequiredMixin, View):
    """A plenary: state, schedule, attendance, every item with its sheet and flags, objections."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        actor = _actor(request)
        pleno = pleno_get_for_actor(actor=actor, pleno_id=pk)
        butir = pleno_butir_list(pleno=pleno)
        nama = _nama(pleno.pemilihan, [pleno.wilayah_kode, *(b.desa_kode for b in butir)])
        context = {
            "pleno": pleno,
            "nama": nama.get(pleno.wilayah_kode, pleno.wilayah_kode),
            "slug": _slug(pleno.wilayah_kode),
            "butir_list": [(b, nama.get(b.desa_kode, b.desa_kode)) for b in butir],
            "kecamatan": pleno.tingkat == TingkatPleno.KECAMATAN,
            "keberatan_list": list(pleno.keberatan_set.all()),
            "kehadiran_list": list(pleno.kehadiran_set.all()),
            "pembukaan_list": list(pleno.pembukaan_set.all()),
            "boleh": {a.value: pleno_boleh(actor=actor, pleno=pleno, aksi=a) for a in Aksi},
            "terkunci": pleno.status == StatusPleno.DITETAPKAN,
        }
        return render(request, "rekap/pleno.html", context)


Data = dict[str, str]


def _buka(p: Pleno, a: User, d: Data) -> object:
    return services.pleno_buka(pleno=p, actor=a)


def _konfirmasi(p: Pleno, a: User, d: Data) -> object:
    return services.butir_konfirmasi(
        pleno=p, kode=d.get("kode", ""), alasan=d.get("alasan", ""), actor=a
    )


def _konfirmasi_desa(p: Pleno, a: User, d: Data) -> object:
    return services.butir_konfirmasi_desa(pleno=p, desa_kode=d.get("desa", ""), actor=a)


def _keberatan(p: Pleno, a: User, d: Data) -> object:
    return services.keberatan_catat(
        pleno=p,
        kode=d.get("kode", "").strip(),
        pengaju=d.get("pengaju", ""),
        uraian=d.get("uraian", ""),
        actor=a,
    )


def _jawab(p: Pleno, a: User, d: Data) -> object:
    keberatan = Keberatan.objects.filter(pleno=p, pk=int(d.get("keberatan") or 0)).first()
    if keberatan is None:
        raise NotAccessible(_("Keberatan tidak ditemukan."))
    return services.keberatan_jawab(keberatan=keberatan, jawaban=d.get("jawaban", ""), actor=a)


def _hadir(p: Pleno, a: User, d: Data) -> object:
    return services.kehadiran_catat(
        pleno=p,
        unsur=d.get("unsur", ""),
        nama=d.get("nama", ""),
        peserta=d.get("peserta", ""),
        actor=a,
    )


def _tetapkan(p: Pleno, a: User, d: Data) -> object:
    return services.pleno_tetapkan(pleno=p, actor=a)


def _buka_kembali(p: Pleno, a: User, d: Data) -> object:
    return services.pleno_buka_kembali(pleno=p, alasan=d.get("alasan", ""), actor=a)


_AKSI: dict[str, Callable[[Pleno, User, Data], object]] = {
    "buka": _buka,
    "konfirmasi": _konfirmasi,
    "konfirmasi_desa": _konfirmasi_desa,
    "keberatan": _keberatan,
    "jawab": _jawab,
    "hadir": _hadir,
    "tetapkan": _tetapkan,
    "buka_kembali": _buka_kembali,
}


class PlenoAksiView(LoginRequiredMixin, View):
    """One action on a plenary (field ``aksi``); the result comes back as a message."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        actor = _actor(request)
        pleno = pleno_get_for_actor(actor=actor, pleno_id=pk)
        aksi = request.POST.get("aksi", "")
        data = {k: str(v) for k, v in request.POST.items()}
        handler = _AKSI.get(aksi)
        if handler is None:
            message = _("Tindakan tidak dikenal.")
            raise InvalidInput(message, errors=[RowError(row=None, field="aksi", message=message)])
        try:
            result = handler(pleno, actor, data)
        except NotAccessible:
            raise
        except DomainError as exc:
            if exc.http_status == 403:
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Tersimpan."))
            if isinstance(result, services.HasilKonfirmasiDesa) and result.tertinggal:
                messages.warning(
                    request,
                    _(
                        "Belum dikonfirmasi (belum ada C.Hasil, atau ditahan: koreksi atau "
                        "konfirmasi dengan alasan satu per satu): %(tps)s"
                    )
                    % {"tps": ", ".join(result.tertinggal)},
                )
        return redirect("rekap:pleno", pleno.pk)


class PlenoKoreksiView(LoginRequiredMixin, View):
    """Correct one TPS's C.Hasil in the plenary: the sheet as read, the reason, the base version."""

    def _setup(
        self, request: HttpRequest, pk: int, tps: str
    ) -> tuple[Pleno, CHasil | None, LembarTPS]:
        actor = _actor(request)
        pleno = pleno_get_for_actor(actor=actor, pleno_id=pk)
        pleno_check_boleh(actor=actor, pleno=pleno, aksi=Aksi.KOREKSI)
        if (
            not pleno.butir_set.filter(kode=tps).exists()
            and pleno.tingkat == TingkatPleno.KECAMATAN
        ):
            raise NotAccessible(_("TPS tidak ada di rapat pleno ini."))
        c_hasil = (
            CHasil.objects.select_related("tps", "versi_terkini")
            .filter(kontestasi=pleno.kontestasi, tps__kode=tps)
            .first()
        )
        tps_obj = TPS.objects.filter(
            pemilihan=pleno.pemilihan,
            kode=tps,
            kode__startswith=pleno.wilayah_kode.replace(".", ""),
        ).first()
        if tps_obj is None:
            raise NotAccessible(_("TPS tidak ada di rapat pleno ini."))
        return pleno, c_hasil, lembar_for_tps(tps=tps_obj, jenis=pleno.kontestasi.jenis)

    def get(self, request: HttpRequest, pk: int, tps: str) -> HttpResponse:
        pleno, c_hasil, lembar = self._setup(request, pk, tps)
        current = c_hasil.versi_terkini if c_hasil else None
        initial: dict[str, object] = {
            "idempotency_key": uuid4(),
            "versi_dasar": current.nomor if current else 0,
        }
        if current is not None:
            initial.update(versi_angka(current))
        form = CHasilForm(initial=initial, susunan=lembar.susunan, nama_peserta=lembar.nama_peserta)
        return self._render(request, pleno, tps=tps, form=form, current=current)

    def _render(
        self,
        request: HttpRequest,
        pleno: Pleno,
        *,
        tps: str,
        form: CHasilForm,
        current: object,
        status: int = 200,
    ) -> HttpResponse:
        keberatan = list(pleno.keberatan_set.filter(kode__in=[tps, ""]))
        context = {
            "pleno": pleno,
            "tps": tps,
            "form": form,
            "current": current,
            "keberatan_list": keberatan,
        }
        return render(request, "rekap/koreksi.html", context, status=status)

    def post(self, request: HttpRequest, pk: int, tps: str) -> HttpResponse:
        pleno, c_hasil, lembar = self._setup(request, pk, tps)
        current = c_hasil.versi_terkini if c_hasil else None
        form = CHasilForm(request.POST, susunan=lembar.susunan, nama_peserta=lembar.nama_peserta)
        if not form.is_valid():
            return self._render(request, pleno, tps=tps, form=form, current=current, status=422)
        keberatan = Keberatan.objects.filter(
            pleno=pleno, pk=request.POST.get("keberatan") or 0
        ).first()
        try:
            services.butir_koreksi(
                pleno=pleno,
                tps_kode=tps,
                angka=form.angka(),
                versi_dasar=form.cleaned_data["versi_dasar"] or 0,
                alasan=form.cleaned_data["alasan"],
                actor=_actor(request),
                keberatan=keberatan,
                konfirmasi=list(lembar.susunan.kunci_semua()),
            )
        except DomainError as exc:
            if exc.http_status in (403, 404):
                raise
            form.add_error(None, exc.message)
            return self._render(
                request, pleno, tps=tps, form=form, current=current, status=exc.http_status
            )
        messages.success(request, _("Koreksi tersimpan sebagai versi baru C.Hasil."))
        return redirect("rekap:pleno", pleno.pk)


class DHasilPdfView(LoginRequiredMixin, View):
    """The adopted D.Hasil PDF of a locked plenary."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pleno = pleno_get_for_actor(actor=_actor(request), pleno_id=pk)
        if not pleno.d_hasil:
            raise NotAccessible(_("D.Hasil belum ditetapkan."))
        name = f"d-hasil-{pleno.kontestasi.jenis}-{_slug(pleno.wilayah_kode)}-{pleno.putaran}.pdf"
        with pleno.d_hasil.open("rb") as berkas:
            data = berkas.read()
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
