"""Pages of pindai: the KPPS's photos with the numbers read beside them, and the review queue.

Thin like tungsura's views: the TPS of the URL goes through ``accounts.access``, a review item
through ``pindai.access`` (unknown or out of scope: 404); every write goes through
``pindai.services`` or ``tungsura.services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import cv2
import numpy as np
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View

from selenggara.accounts.access import tps_check_writable, tps_get_for_actor
from selenggara.accounts.models import User
from selenggara.core.errors import InvalidInput, NotAccessible, PermissionDenied
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.pindai.access import (
    pembacaan_get_for_tps,
    tinjauan_get_for_actor,
    tinjauan_list_for_actor,
)
from selenggara.pindai.messages import alasan_teks, identitas_label
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.pindai.selectors import pembacaan_list
from selenggara.pindai.services import pembacaan_konfirmasi, tinjauan_putuskan
from selenggara.pindai.tata_letak import tata_letak_get
from selenggara.tungsura.forms import FotoForm
from selenggara.tungsura.lembar import LembarTPS, lembar_for_tps
from selenggara.tungsura.messages import label
from selenggara.tungsura.selectors import c_hasil_get
from selenggara.tungsura.services import c_hasil_foto_kirim
from selenggara.tungsura.tampilan import kontestasi_label


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _pemilihan(request: HttpRequest) -> Pemilihan:
    pemilihan = pemilihan_from_request(request)
    if pemilihan is None:
        raise NotAccessible(gettext("Belum ada pemilihan."))
    return pemilihan


def _tps(request: HttpRequest, kode: str) -> TPS:
    pemilihan = _pemilihan(request)
    tps = tps_get_for_actor(actor=_actor(request), pemilihan=pemilihan, kode=kode)
    tps.pemilihan = pemilihan
    return tps


def _writable(actor: User, tps: TPS) -> bool:
    try:
        tps_check_writable(actor=actor, tps=tps)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True, slots=True, kw_only=True)
class AngkaTampil:
    kunci: str
    label: str
    nilai: int | None
    persen: str
    otomatis: bool
    keputusan: TinjauanAngka | None


def _angka_tampil(pembacaan: Pembacaan, nama: dict[str, str]) -> list[AngkaTampil]:
    keputusan = {t.kunci: t for t in pembacaan.tinjauan_set.all()}
    return [
        AngkaTampil(
            kunci=kunci,
            label=label(kunci, nama),
            nilai=v["nilai"],
            persen=f"{100 * float(v['keyakinan']):.1f}",
            otomatis=bool(v["otomatis"]),
            keputusan=keputusan.get(kunci),
        )
        for kunci, v in pembacaan.angka.items()
    ]


# --- The KPPS's page ------------------------------------------------------------------------------


class CHasilBacaanView(LoginRequiredMixin, View):
    """The photos of a C.Hasil with what the reader made of each; upload another page."""

    def get(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        tps = _tps(request, kode)
        return _bacaan_render(request, tps, lembar_for_tps(tps=tps, jenis=jenis), None)

    def post(self, request: HttpRequest, kode: str, jenis: str) -> HttpResponse:
        tps = _tps(request, kode)
        tps_check_writable(actor=_actor(request), tps=tps)
        lembar = lembar_for_tps(tps=tps, jenis=jenis)
        form = FotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return _bacaan_render(request, tps, lembar, form, status=422)
        try:
            hasil = c_hasil_foto_kirim(
                tps=tps,
                jenis=jenis,
                halaman=form.cleaned_data["halaman"],
                dari=form.cleaned_data["dari"],
                berkas=form.cleaned_data["foto"],
                actor=_actor(request),
            )
        except InvalidInput as exc:
            form.add_error("foto", exc.message)
            return _bacaan_render(request, tps, lembar, form, status=422)
        messages.success(
            request,
            gettext("Foto halaman %(h)s dari %(d)s tersimpan dan sedang dibaca.")
            % {"h": hasil.foto.halaman, "d": hasil.foto.dari},
        )
        return redirect("pindai:c_hasil", tps.kode, jenis)


def _bacaan_render(
    request: HttpRequest,
    tps: TPS,
    lembar: LembarTPS,
    form: FotoForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    jenis = lembar.kontestasi.jenis
    nama = dict(lembar.nama_peserta)
    c_hasil = c_hasil_get(tps=tps, jenis=jenis)
    rows = list(pembacaan_list(c_hasil=c_hasil).prefetch_related("tinjauan_set")) if c_hasil else []
    layout = tata_letak_get(jenis)
    dari = len(layout.halaman) if layout else 1
    if form is None:
        read = {p.halaman for p in rows if p.status != Pembacaan.Status.TOLAK}
        missing = [n for n in range(1, dari + 1) if n not in read]
        form = FotoForm(initial={"halaman": missing[0] if missing else 1, "dari": dari})
    context = {
        "tps": tps,
        "pemilihan": tps.pemilihan,
        "lembar": lembar,
        "jenis": jenis,
        "kontestasi_label": kontestasi_label(jenis),
        "terbaca": layout is not None,
        "bacaan_list": [
            (p, _angka_tampil(p, nama), [alasan_teks(a, nama) for a in p.alasan]) for p in rows
        ],
        "menunggu": any(p.status == Pembacaan.Status.MENUNGGU for p in rows),
        "versi_terkini": c_hasil.versi_terkini if c_hasil else None,
        "form": form,
        "can_write": _writable(_actor(request), tps),
    }
    return render(request, "pindai/c_hasil.html", context, status=status)


class BacaanKonfirmasiView(LoginRequiredMixin, View):
    """The KPPS confirms, in one action, that the numbers read from a page are the paper's."""

    def post(self, request: HttpRequest, kode: str, jenis: str, pk: int) -> HttpResponse:
        tps = _tps(request, kode)
        pembacaan = pembacaan_get_for_tps(tps=tps, pk=pk)
        raw = request.POST.get("versi_dasar", "")
        try:
            versi = pembacaan_konfirmasi(
                pembacaan=pembacaan,
                actor=_actor(request),
                versi_dasar=int(raw) if raw.isdigit() else None,
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
            return redirect("pindai:c_hasil", tps.kode, jenis)
        pembacaan.refresh_from_db()
        if versi is not None:
            messages.success(
                request,
                gettext("Angka halaman %(h)s dikonfirmasi; C.Hasil versi %(n)s tercatat.")
                % {"h": pembacaan.halaman, "n": versi.nomor},
            )
        elif pembacaan.bentrok:
            messages.error(request, pembacaan.bentrok)
        else:
            messages.success(
                request,
                gettext("Angka halaman %(h)s dikonfirmasi; menunggu halaman lainnya.")
                % {"h": pembacaan.halaman},
            )
        return redirect("pindai:c_hasil", tps.kode, jenis)


# --- The review queue -------------------------------------------------------------------------


class TinjauanListView(LoginRequiredMixin, View):
    """The numbers waiting for a person in the actor's regions, oldest first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        pemilihan = _pemilihan(request)
        items = list(
            tinjauan_list_for_actor(actor=_actor(request), pemilihan=pemilihan).order_by(
                "pembacaan__dibaca_pada", "pk"
            )[:200]
        )
        rows = [(t, label(t.kunci), t.pembacaan.angka.get(t.kunci, {})) for t in items]
        return render(request, "pindai/tinjau_list.html", {"pemilihan": pemilihan, "rows": rows})


@dataclass(frozen=True, slots=True, kw_only=True)
class KandidatTampil:
    nilai: int
    persen: str
    tombol: int  # the key (1-9) that picks it on a keyboard


def _kandidat(angka: dict[str, Any]) -> list[KandidatTampil]:
    seen = [k for k in angka.get("kandidat", []) if k[0] is not None]
    return [
        KandidatTampil(nilai=int(k[0]), persen=f"{100 * float(k[1]):.1f}", tombol=i)
        for i, k in enumerate(seen[:9], start=1)
    ]


class TinjauanView(LoginRequiredMixin, View):
    """One uncertain number: its crop, candidates and reasons; pick one or type the number."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = tinjauan_get_for_actor(actor=_actor(request), pemilihan=_pemilihan(request), pk=pk)
        return _tinjau_render(request, item)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pemilihan = _pemilihan(request)
        item = tinjauan_get_for_actor(actor=_actor(request), pemilihan=pemilihan, pk=pk)
        picked = request.POST.get("pilih")
        try:
            tinjauan_putuskan(
                tinjauan=item,
                nilai=picked if picked is not None else request.POST.get("ketik"),
                cara=TinjauanAngka.Cara.PILIH if picked is not None else TinjauanAngka.Cara.KETIK,
                actor=_actor(request),
                alasan=request.POST.get("alasan", ""),
            )
        except InvalidInput as exc:
            return _tinjau_render(request, item, galat=exc.message, status=422)
        item.refresh_from_db()
        messages.success(
            request,
            gettext("%(label)s TPS %(tps)s: %(nilai)s tercatat.")
            % {"label": label(item.kunci), "tps": item.tps_kode, "nilai": item.nilai},
        )
        berikut = tinjauan_list_for_actor(actor=_actor(request), pemilihan=pemilihan).order_by(
            "pembacaan__dibaca_pada", "pk"
        )
        following = berikut.first()
        if following is not None:
            return redirect("pindai:tinjau", following.pk)
        return redirect("pindai:tinjau_list")


def _tinjau_render(
    request: HttpRequest, item: TinjauanAngka, *, galat: str = "", status: int = 200
) -> HttpResponse:
    pembacaan = item.pembacaan
    angka = pembacaan.angka.get(item.kunci, {})
    context = {
        "item": item,
        "pembacaan": pembacaan,
        "label": label(item.kunci),
        "angka": angka,
        "kandidat": _kandidat(angka),
        "alasan": [alasan_teks(a) for a in angka.get("alasan", [])],
        "identitas_gagal": [
            identitas_label(i) for i in pembacaan.identitas_gagal if item.kunci in i.split()
        ],
        "ada_potongan": bool(pembacaan.terdaftar),
        "galat": galat,
    }
    return render(request, "pindai/tinjau.html", context, status=status)


def potongan_png(pembacaan: Pembacaan, kunci: str) -> bytes | None:
    """The crop of a number's digit boxes and bubble columns from the registered page."""
    layout = tata_letak_get(pembacaan.jenis)
    halaman = layout.halaman_nomor(pembacaan.halaman) if layout else None
    angka = next((a for a in halaman.angka if a.kunci == kunci), None) if halaman else None
    if angka is None or not pembacaan.terdaftar or not pembacaan.skala:
        return None
    boxes = [*angka.kotak, *(b for col in angka.bulatan or () for b in col)]
    skala, pad = pembacaan.skala, 12.0
    x0 = min(b[0] for b in boxes) - pad
    y0 = min(b[1] for b in boxes) - pad
    x1 = max(b[0] + b[2] for b in boxes) + pad
    y1 = max(b[1] + b[3] for b in boxes) + pad
    with pembacaan.terdaftar.open("rb") as handle:
        page = cv2.imdecode(np.frombuffer(handle.read(), np.uint8), cv2.IMREAD_GRAYSCALE)
    if page is None:  # pragma: no cover - the file is the JPEG the worker wrote
        return None
    h, w = page.shape[:2]
    crop = page[
        max(0, int(y0 * skala)) : min(h, int(y1 * skala)),
        max(0, int(x0 * skala)) : min(w, int(x1 * skala)),
    ]
    ok, encoded = cv2.imencode(".png", crop)
    return encoded.tobytes() if ok else None


class TinjauanPotonganView(LoginRequiredMixin, View):
    """The crop of one review item, served only through its access selector."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = tinjauan_get_for_actor(actor=_actor(request), pemilihan=_pemilihan(request), pk=pk)
        data = potongan_png(item.pembacaan, item.kunci)
        if data is None:
            raise NotAccessible(gettext("Potongan gambar tidak tersedia."))
        response = HttpResponse(data, content_type="image/png")
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response
