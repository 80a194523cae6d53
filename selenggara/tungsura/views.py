"""C.Hasil pages: a TPS's contests, entry laid out like the paper with checks and confirmation,
page photos, versions with their differences, and the witnesses' copy. The public verification
of a witness's digest is in ``publik_views`` (no login).

Thin by design: every page turns the URL's TPS into an object through
``accounts.access.tps_get_for_actor`` (unknown or out of scope: 404) and writes only through
``tungsura.services`` (a read-only role: 403). The checks run before anything is stored, so
the operator sees each finding and confirms each flagged field against the paper; what is then
stored is exactly what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID, uuid4

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views import View

from selenggara.accounts.access import tps_check_writable, tps_get_for_actor
from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import User
from selenggara.accounts.selectors import penugasan_list_active
from selenggara.core.errors import InvalidInput, NotAccessible, PermissionDenied
from selenggara.pemilihan.models import TPS
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.tungsura import selectors
from selenggara.tungsura.domain.pemeriksaan import (
    HALAMAN_DIKETAHUI,
    Temuan,
    Tingkat,
    c_hasil_check,
    halaman_check,
    kunci_ditandai,
)
from selenggara.tungsura.forms import CHasilForm, FotoForm, lembar_tata_letak
from selenggara.tungsura.lembar import LembarTPS, lembar_for_tps
from selenggara.tungsura.messages import TINGKAT_LABEL, label, temuan_message
from selenggara.tungsura.models import CHasil, CHasilVersi, Sumber
from selenggara.tungsura.services import (
    CHasilSudahAda,
    KunciIdempotensiBentrok,
    VersiBentrok,
    c_hasil_foto_upload,
    c_hasil_konfirmasi,
    c_hasil_submit,
)
from selenggara.tungsura.tampilan import (
    STATUS_LABEL,
    SUMBER_PERAN,
    digest_groups,
    kontestasi_label,
)

_KPPS = frozenset({Peran.KPPS_KETUA, Peran.KPPS_ANGGOTA})


def _actor(request: HttpRequest) -> User:
    # LoginRequiredMixin ran first, so the user is an authenticated account.
    return cast("User", request.user)


def _tps(request: HttpRequest, kode: str) -> TPS:
    pemilihan = pemilihan_from_request(request)
    if pemilihan is None:
        raise NotAccessible(gettext("Belum ada pemilihan."))
    tps = tps_get_for_actor(actor=_actor(request), pemilihan=pemilihan, kode=kode)
    tps.pemilihan = pemilihan  # the same row: spare the services a query
    return tps


def _writable(actor: User, tps: TPS) -> bool:
    try:
        tps_check_writable(actor=actor, tps=tps)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True, slots=True, kw_only=True)
class TemuanTampil:
    kode: str
    tingkat: str
    tingkat_label: str
    pesan: str
    kunci: tuple[str, ...]


def _temuan_tampil(
    stored: Sequence[Mapping[str, Any]], nama_peserta: Mapping[str, str]
) -> list[TemuanTampil]:
    return [
        TemuanTampil(
            kode=str(t["kode"]),
            tingkat=str(t["tingkat"]),
            tingkat_label=str(TINGKAT_LABEL[Tingkat(str(t["tingkat"]))]),
            pesan=temuan_message(t, nama_peserta),
            kunci=tuple(str(k) for k in t["kunci"]),
        )
        for t in stored
    ]


def _sumber_for(actor: User, tps: TPS) -> Sumber:
    """The KPPS types on its phone at the TPS; everyone else enters from the paper."""
    peran_list = {
        Peran(p.peran) for p in penugasan_list_active(user=actor, pemilihan=tps.pemilihan)
    }
    return Sumber.PONSEL_KPPS if peran_list & _KPPS else Sumber.ENTRI_KERTAS


def _base_context(tps: TPS, lembar: LembarTPS) -> dict[str, object]:
    return {
        "tps": tps,
        "pemilihan": tps.pemilihan,
        "lembar": lembar,
        "jenis": lembar.kontestasi.jenis,
        "kontestasi_label": kontestasi_label(lembar.kontestasi.jenis),
        "wilayah_path": selectors.wilayah_path_for_tps(tps=tps),
        "halaman_kertas": HALAMAN_DIKETAHUI.get(lembar.kontestasi.jenis),
    }


# --- The TPS's contests ------------------------------------------------------------------------


class TPSCHasilView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = _tps(request, kode)
        rows = [
            {
                "baris": baris,
                "label": kontestasi_label(baris.jenis.value),
                "status": baris.versi.status if baris.versi else "belum",
                "status_label": STATUS_LABEL[baris.versi.status if baris.versi else "belum"],
            }
            for baris in selectors.kontestasi_list_for_tps(tps=tps)
        ]
        context = {
            "tps": tps,
            "pemilihan": tps.pemilihan,
            "rows": rows,
            "wilayah_path": selectors.wilayah_path_for_tps(tps=tps),
            "can_write": _writable(_actor(request), tps),
        }
        return render(request, "tungsura/tps.html", context)


# --- Entry and correction ---------------------------------------------------------------------


class CHasilIsiView(LoginRequiredMixin, View):
    """The paper form on a phone: Periksa runs the checks without storing; Kirim stores.

    Kirim is refused until every flagged field is ticked "checked against the paper": the
    submitter confirms each of them once more (issue; Kep KPU 66/2024). A correction of a
    stored C.Hasil needs its reason and becomes the next version.
    """

    def _setup(self, request: HttpRequest, kode: str, jenis: str) -> tuple[TPS, LembarTPS]:
        tps = _tps(request, kode)
        tps_check_writable(actor=_actor(request), tps=tps)
        return tps, lembar_for_tps(tps=tps, jenis=jenis)

    def get(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        tps, lembar = self._setup(request, kode, jenis)
        current = _current(tps, jenis)
        initial: dict[str, object] = {
            "idempotency_key": uuid4(),
            "versi_dasar": current.nomor if current is not None else 0,
        }
        if current is not None:
            initial.update(selectors.versi_angka(current))
        form = CHasilForm(initial=initial, susunan=lembar.susunan, nama_peserta=lembar.nama_peserta)
        return _isi_render(request, tps, lembar, form, current=current)

    def post(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        tps, lembar = self._setup(request, kode, jenis)
        current = _current(tps, jenis)
        form = CHasilForm(request.POST, susunan=lembar.susunan, nama_peserta=lembar.nama_peserta)
        if not form.is_valid():
            return _isi_render(request, tps, lembar, form, current=current)
        angka = form.angka()
        temuan = c_hasil_check(angka, susunan=lembar.susunan, konteks=lembar.konteks)
        flagged = kunci_ditandai(temuan)
        ticked = [key for key in form.cleaned_data["konfirmasi"] if key in flagged]
        view = _Periksa(form=form, temuan=temuan, ticked=ticked)
        if request.POST.get("aksi") != "kirim":
            return _isi_render(request, tps, lembar, form, current=current, periksa=view)
        if [key for key in flagged if key not in ticked]:
            form.add_error(
                None,
                gettext(
                    "Cocokkan setiap kolom yang ditandai dengan kertas, lalu centang "
                    "“Sudah saya cocokkan dengan kertas” di sampingnya sebelum mengirim."
                ),
            )
            return _isi_render(request, tps, lembar, form, current=current, periksa=view)
        return _kirim(request, tps, lembar, form, current=current, periksa=view)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Periksa:
    form: CHasilForm
    temuan: list[Temuan]
    ticked: list[str]


def _current(tps: TPS, jenis: str) -> CHasilVersi | None:
    c_hasil = selectors.c_hasil_get(tps=tps, jenis=jenis)
    return c_hasil.versi_terkini if c_hasil is not None else None


def _kirim(
    request: HttpRequest,
    tps: TPS,
    lembar: LembarTPS,
    form: CHasilForm,
    *,
    current: CHasilVersi | None,
    periksa: _Periksa,
) -> HttpResponse:
    actor = _actor(request)
    try:
        result = c_hasil_submit(
            tps=tps,
            jenis=lembar.kontestasi.jenis,
            angka=form.angka(),
            actor=actor,
            sumber=_sumber_for(actor, tps),
            konfirmasi=periksa.ticked,
            alasan=form.cleaned_data["alasan"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            versi_dasar=form.cleaned_data["versi_dasar"],
        )
    except VersiBentrok as exc:
        # Someone else's correction won: show theirs, keep this person's numbers in the form,
        # and base a deliberate second try on the version they have now been shown.
        form.add_error(None, exc.message)
        current = _current(tps, lembar.kontestasi.jenis)
        data = request.POST.copy()
        data["versi_dasar"] = str(current.nomor if current is not None else 0)
        form.data = data
    except CHasilSudahAda as exc:
        form.add_error("alasan", exc.message)
        current = _current(tps, lembar.kontestasi.jenis)
    except KunciIdempotensiBentrok:
        # This page was sent already with other numbers (a back button): start a fresh send.
        kunci_baru = uuid4()
        form.add_error(
            None,
            gettext(
                "Halaman ini sudah pernah dikirim dengan angka lain. Periksa angkanya, lalu kirim "
                "lagi sebagai kiriman baru."
            ),
        )
        current = _current(tps, lembar.kontestasi.jenis)
        return _isi_render(
            request, tps, lembar, form, current=current, periksa=periksa, kunci=kunci_baru
        )
    except InvalidInput as exc:  # pragma: no cover - the form refuses the same as isian_check
        form.add_error(None, exc.message)
    else:
        versi = result.versi
        if not result.ulangan:
            messages.success(
                request, gettext("C.Hasil tersimpan sebagai versi %(n)s.") % {"n": versi.nomor}
            )
        return redirect(
            "tungsura:c_hasil_versi_salinan", tps.kode, lembar.kontestasi.jenis, versi.nomor
        )
    return _isi_render(request, tps, lembar, form, current=current, periksa=periksa)


def _isi_render(
    request: HttpRequest,
    tps: TPS,
    lembar: LembarTPS,
    form: CHasilForm,
    *,
    current: CHasilVersi | None,
    periksa: _Periksa | None = None,
    kunci: UUID | None = None,
) -> HttpResponse:
    """Render the entry page; ``kunci`` replaces the idempotency key the form carries."""
    temuan = [t.as_dict() for t in periksa.temuan] if periksa else []
    flagged = kunci_ditandai(periksa.temuan) if periksa else []
    context = {
        **_base_context(tps, lembar),
        "form": form,
        "bagian_list": lembar_tata_letak(
            susunan=lembar.susunan,
            nama_peserta=lembar.nama_peserta,
            form=form,
            ditandai=flagged,
            dikonfirmasi=periksa.ticked if periksa else (),
        ),
        "koreksi": current,
        "diperiksa": periksa is not None,
        "temuan_list": _temuan_tampil(temuan, lembar.nama_peserta),
        "ditandai": flagged,
        "idempotency_key": kunci or form["idempotency_key"].value(),
        "versi_dasar": form["versi_dasar"].value(),
    }
    return render(request, "tungsura/isi.html", context)


# --- Photos of the pages ----------------------------------------------------------------------


class CHasilFotoView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        tps = _tps(request, kode)
        lembar = lembar_for_tps(tps=tps, jenis=jenis)
        return _foto_render(request, tps, lembar, None)

    def post(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        tps = _tps(request, kode)
        tps_check_writable(actor=_actor(request), tps=tps)
        lembar = lembar_for_tps(tps=tps, jenis=jenis)
        form = FotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return _foto_render(request, tps, lembar, form)
        try:
            foto = c_hasil_foto_upload(
                tps=tps,
                jenis=jenis,
                halaman=form.cleaned_data["halaman"],
                dari=form.cleaned_data["dari"],
                berkas=form.cleaned_data["foto"],
                actor=_actor(request),
            )
        except InvalidInput as exc:
            form.add_error("foto", exc.message)
            return _foto_render(request, tps, lembar, form)
        messages.success(
            request,
            gettext("Foto halaman %(h)s dari %(d)s tersimpan.")
            % {"h": foto.halaman, "d": foto.dari},
        )
        return redirect("tungsura:c_hasil_foto", tps.kode, jenis)


def _foto_render(
    request: HttpRequest, tps: TPS, lembar: LembarTPS, form: FotoForm | None
) -> HttpResponse:
    c_hasil = selectors.c_hasil_get(tps=tps, jenis=lembar.kontestasi.jenis)
    foto_list = list(selectors.foto_list(c_hasil=c_hasil)) if c_hasil else []
    halaman = halaman_check(
        [(f.halaman, f.dari) for f in foto_list],
        jumlah_diketahui=HALAMAN_DIKETAHUI.get(lembar.kontestasi.jenis),
    )
    if form is None:
        next_page = halaman.kurang[0] if halaman.kurang else 1
        form = FotoForm(initial={"halaman": next_page, "dari": halaman.jumlah or 1})
    context = {
        **_base_context(tps, lembar),
        "form": form,
        "foto_list": foto_list,
        "halaman": halaman,
        "can_write": _writable(_actor(request), tps),
    }
    return render(request, "tungsura/foto.html", context)


class CHasilFotoBerkasView(LoginRequiredMixin, View):
    """A page photo, served only through the TPS's access selector (private storage)."""

    def get(self, request: HttpRequest, kode: str, jenis: str, pk: int) -> HttpResponse:
        tps = _tps(request, kode)
        foto = selectors.foto_get(tps=tps, jenis=jenis, pk=pk)
        if foto is None:
            raise NotAccessible(gettext("Foto tidak ditemukan."))
        # At most 10 MB (foto_check): read whole, so no file handle outlives the request.
        with foto.berkas.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type=foto.content_type)
        response["Content-Disposition"] = f'inline; filename="hal{foto.halaman}-{foto.pk}"'
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response


# --- Detail, versions, differences ------------------------------------------------------------


def _c_hasil_or_none(tps: TPS, jenis: str) -> tuple[LembarTPS, CHasil | None]:
    lembar = lembar_for_tps(tps=tps, jenis=jenis)
    return lembar, selectors.c_hasil_get(tps=tps, jenis=jenis)


def _versi_get(c_hasil: CHasil | None, nomor: int) -> CHasilVersi:
    versi = selectors.versi_get(c_hasil=c_hasil, nomor=nomor) if c_hasil is not None else None
    if versi is None:
        raise NotAccessible(gettext("Versi C.Hasil ini tidak ada."), nomor=nomor)
    return versi


def _versi_context(lembar: LembarTPS, versi: CHasilVersi, *, diff: bool) -> dict[str, object]:
    angka = selectors.versi_angka(versi)
    previous = None
    if diff and versi.nomor > 1:
        before = selectors.versi_get(c_hasil=versi.c_hasil, nomor=versi.nomor - 1)
        previous = selectors.versi_angka(before) if before is not None else None
    flagged = versi.kunci_ditandai
    belum = versi.kunci_belum_dikonfirmasi
    perubahan = (
        [
            {"kunci": k, "label": lbl, "lama": previous.get(k), "baru": angka.get(k)}
            for k, lbl in _labels(lembar, angka)
            if previous.get(k) != angka.get(k)
        ]
        if previous is not None
        else None
    )
    return {
        "versi": versi,
        "status_label": STATUS_LABEL[versi.status],
        "sumber_label": SUMBER_PERAN.get(versi.sumber, versi.sumber),
        "bagian_list": lembar_tata_letak(
            susunan=lembar.susunan,
            nama_peserta=lembar.nama_peserta,
            angka=angka,
            ditandai=flagged,
            dikonfirmasi=versi.konfirmasi,
            sebelumnya=previous,
        ),
        "temuan_list": _temuan_tampil(versi.temuan, lembar.nama_peserta),
        "belum_dikonfirmasi": belum,
        "belum_dikonfirmasi_label": [(k, label(k, lembar.nama_peserta)) for k in belum],
        "perubahan": perubahan,
    }


def _labels(lembar: LembarTPS, angka: Mapping[str, int]) -> list[tuple[str, str]]:
    return [(k, label(k, lembar.nama_peserta)) for k in lembar.susunan.kunci_semua()]


class CHasilDetailView(LoginRequiredMixin, View):
    def get(
        self, request: HttpRequest, kode: str, jenis: str, nomor: int | None = None
    ) -> HttpResponse:
        tps = _tps(request, kode)
        lembar, c_hasil = _c_hasil_or_none(tps, jenis)
        context: dict[str, object] = {
            **_base_context(tps, lembar),
            "c_hasil": c_hasil,
            "can_write": _writable(_actor(request), tps),
            "versi_list": list(selectors.versi_list(c_hasil=c_hasil)) if c_hasil else [],
            "status_label_map": STATUS_LABEL,
            "sumber_label_map": SUMBER_PERAN,
        }
        if nomor is not None:
            context.update(_versi_context(lembar, _versi_get(c_hasil, nomor), diff=True))
        elif c_hasil is not None and c_hasil.versi_terkini is not None:
            context.update(_versi_context(lembar, c_hasil.versi_terkini, diff=False))
        return render(request, "tungsura/detail.html", context)


class CHasilKonfirmasiView(LoginRequiredMixin, View):
    """Confirm, against the paper, flagged fields of the current version left unconfirmed
    (a sheet sent by a mobile app without its confirmations)."""

    def post(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        tps = _tps(request, kode)
        actor = _actor(request)
        tps_check_writable(actor=actor, tps=tps)
        kunci = request.POST.getlist("konfirmasi")
        if not kunci:
            messages.error(request, gettext("Centang kolom yang sudah dicocokkan dengan kertas."))
        else:
            _lembar, c_hasil = _c_hasil_or_none(tps, jenis)
            nomor = request.POST.get("versi", "")
            versi = _versi_get(c_hasil, int(nomor) if nomor.isdigit() else 0)
            c_hasil_konfirmasi(versi=versi, kunci=kunci, actor=actor)
            messages.success(request, gettext("Konfirmasi dicatat."))
        return redirect(
            reverse("tungsura:c_hasil", args=[tps.kode, jenis]) + f"?pemilihan={tps.pemilihan.kode}"
        )


# --- The witnesses' copy ----------------------------------------------------------------------


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code of ``url`` (segno: pure Python, nothing from the network)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, title=gettext("Kode QR verifikasi"))
    return mark_safe(svg)  # noqa: S308 - segno's own markup around a URL we built


def _salinan_context(request: HttpRequest, versi: CHasilVersi) -> dict[str, object]:
    url = request.build_absolute_uri(reverse("verifikasi:digest", args=[versi.digest]))
    return {
        "digest_groups": digest_groups(versi.digest),
        "verifikasi_url": url,
        "qr": qr_svg(url),
    }


class CHasilSalinanView(LoginRequiredMixin, View):
    def get(
        self, request: HttpRequest, kode: str, jenis: str, nomor: int | None = None
    ) -> HttpResponse:
        tps = _tps(request, kode)
        lembar, c_hasil = _c_hasil_or_none(tps, jenis)
        if nomor is None:
            if c_hasil is None or c_hasil.versi_terkini is None:
                raise NotAccessible(gettext("C.Hasil kontestasi ini belum dikirim untuk TPS ini."))
            nomor = c_hasil.versi_terkini.nomor
        versi = _versi_get(c_hasil, nomor)
        context = {
            **_base_context(tps, lembar),
            "c_hasil": c_hasil,
            **_versi_context(lembar, versi, diff=False),
            **_salinan_context(request, versi),
        }
        return render(request, "tungsura/salinan.html", context)
