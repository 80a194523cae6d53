"""Public verification of a witness's digest: no login, no personal data.

A witness photographs the digest on the salinan (or scans its QR code) and finds here what was
stored under it, whether it is still the current version, and its canonical text byte for
byte. People are named by role only, never by account (CONTRIBUTING.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View

from selenggara.core.errors import NotAccessible
from selenggara.tungsura import selectors
from selenggara.tungsura.domain.salinan import digest_normalise
from selenggara.tungsura.forms import DigestForm, lembar_tata_letak
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilVersi
from selenggara.tungsura.tampilan import (
    STATUS_LABEL,
    SUMBER_PERAN,
    digest_groups,
    kontestasi_label,
)


class VerifikasiCariView(View):
    """Public: a witness types (or scans) the digest from the salinan."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if "digest" not in request.GET:
            return render(request, "tungsura/verifikasi_cari.html", {"form": DigestForm()})
        form = DigestForm(request.GET)
        if form.is_valid():
            digest = digest_normalise(form.cleaned_data["digest"])
            if digest is not None:
                return redirect("verifikasi:digest", digest)
            form.add_error(
                "digest",
                gettext("Kode digest terdiri dari 64 huruf a-f dan angka 0-9; periksa lagi."),
            )
        return render(request, "tungsura/verifikasi_cari.html", {"form": form}, status=400)


def _versi_by_digest(raw: str) -> tuple[str | None, list[CHasilVersi]]:
    digest = digest_normalise(raw)
    return digest, selectors.versi_list_by_digest(digest=digest) if digest else []


class VerifikasiDigestView(View):
    """Public: what was published under a digest, and whether it is still the current version.

    Names people by role only, never by account (no personal data in public output).
    """

    def get(self, request: HttpRequest, digest: str) -> HttpResponse:
        normal, versi_list = _versi_by_digest(digest)
        if normal is not None and normal != digest:
            return redirect("verifikasi:digest", normal)
        if not versi_list:
            context = {"digest": digest, "form": DigestForm(initial={"digest": digest})}
            return render(request, "tungsura/verifikasi_tidak_ada.html", context, status=404)
        hasil_list = [_hasil_publik(versi) for versi in versi_list]
        context = {
            "digest": normal,
            "digest_groups": digest_groups(digest),
            "hasil_list": hasil_list,
        }
        return render(request, "tungsura/verifikasi.html", context)


def _hasil_publik(versi: CHasilVersi) -> dict[str, object]:
    c_hasil = versi.c_hasil
    tps = c_hasil.tps
    lembar = lembar_for_tps(tps=tps, jenis=c_hasil.kontestasi.jenis)
    terkini = c_hasil.versi_terkini if c_hasil.versi_terkini_id != versi.pk else versi
    return {
        "versi": versi,
        "tps": tps,
        "pemilihan": tps.pemilihan,
        "dapil": c_hasil.dapil,
        "kontestasi_label": kontestasi_label(c_hasil.kontestasi.jenis),
        "wilayah_path": selectors.wilayah_path_for_tps(tps=tps),
        "sumber_label": SUMBER_PERAN.get(versi.sumber, versi.sumber),
        "status_label": STATUS_LABEL[versi.status],
        "terkini": terkini,
        "is_terkini": terkini is not None and terkini.pk == versi.pk,
        "bagian_list": lembar_tata_letak(
            susunan=lembar.susunan,
            nama_peserta=lembar.nama_peserta,
            angka=selectors.versi_angka(versi),
        ),
        "jumlah_versi": selectors.versi_count(c_hasil=c_hasil),
    }


class VerifikasiTeksView(View):
    """Public: the canonical text of a digest, byte for byte; ``sha256sum`` of it is the digest."""

    def get(self, request: HttpRequest, digest: str) -> HttpResponse:
        _normal, versi_list = _versi_by_digest(digest)
        if not versi_list:
            raise NotAccessible(gettext("Kode digest ini tidak ditemukan."))
        response = HttpResponse(
            versi_list[0].teks_kanonik, content_type="text/plain; charset=us-ascii"
        )
        response["Content-Disposition"] = (
            f'inline; filename="c-hasil-{versi_list[0].digest[:16]}.txt"'
        )
        return response
