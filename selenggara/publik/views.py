"""Public results pages under /hasil/: no login, read only, cacheable."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.utils.cache import patch_cache_control
from django.views import View

from selenggara.pemilihan.models import Pemilihan
from selenggara.publik import sumber
from selenggara.publik.halaman import Tautan, render_halaman, tps_context, wilayah_context

# Live figures change with every C.Hasil; a minute of caching absorbs a crowd on one page.
MAKS_UMUR = 60


def kontestasi_pilihan(pemilihan: Pemilihan) -> list[tuple[str, str]]:
    return sumber.kontestasi_pilihan(pemilihan=pemilihan)


def _respond(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context["request"] = request
    response = HttpResponse(render_halaman(template, context, request=request))
    patch_cache_control(response, public=True, max_age=MAKS_UMUR)
    return response


class HasilBerandaView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        tautan = Tautan()
        pemilihan_list = [
            {
                "nama": p.nama,
                "kontestasi": [
                    (j, nama, tautan.wilayah(p.kode, j, "")) for j, nama in kontestasi_pilihan(p)
                ],
            }
            for p in Pemilihan.objects.order_by("-hari_pemungutan", "kode")
        ]
        context: dict[str, object] = {
            "pemilihan_list": pemilihan_list,
            "judul": "Hasil",
            "beranda_url": tautan.beranda(),
        }
        return _respond(request, "publik/beranda.html", context)


class HasilWilayahView(View):
    def get(self, request: HttpRequest, pemilihan: str, jenis: str, kode: str = "") -> HttpResponse:
        p = sumber.pemilihan_publik_get(kode=pemilihan)
        k = sumber.kontestasi_publik_get(pemilihan=p, jenis=jenis)
        hasil = sumber.hasil_wilayah(pemilihan=p, kontestasi=k, kode=kode)
        context = wilayah_context(hasil, tautan=Tautan(), kontestasi_list=kontestasi_pilihan(p))
        context["unduhan"] = unduhan_api(p.kode, jenis, kode)
        return _respond(request, "publik/wilayah.html", context)


def unduhan_api(pemilihan: str, jenis: str, kode: str) -> list[tuple[str, str]]:
    base = f"/api/publik/{pemilihan}/{jenis}/hasil"
    query = f"?wilayah={kode}" if kode else ""
    return [
        ("JSON", f"{base}{query}"),
        ("CSV per wilayah di bawahnya", f"{base}.csv{query}"),
    ]


class HasilTPSView(View):
    def get(self, request: HttpRequest, pemilihan: str, jenis: str, kode: str) -> HttpResponse:
        p = sumber.pemilihan_publik_get(kode=pemilihan)
        sumber.kontestasi_publik_get(pemilihan=p, jenis=jenis)
        data = sumber.tps_publik(pemilihan=p, kode=kode, jenis=jenis)
        context = tps_context(
            data, tautan=Tautan(), jenis=jenis, kontestasi_list=kontestasi_pilihan(p)
        )
        return _respond(request, "publik/tps.html", context)


class HasilFotoView(View):
    """A C.Hasil page photo (the only upload with a public route)."""

    def get(self, request: HttpRequest, foto_id: int) -> HttpResponse:
        foto = sumber.foto_publik_get(foto_id=foto_id)
        with foto.berkas.open("rb") as berkas:
            response = HttpResponse(berkas.read(), content_type=foto.content_type)
        response["ETag"] = f'"{foto.sha256}"'
        patch_cache_control(response, public=True, max_age=86400, immutable=True)
        return response


class PublikasiBerkasView(View):
    """The demo's publication directory, served as a static server would (``index.html``)."""

    def get(self, request: HttpRequest, path: str = "") -> HttpResponse:
        from selenggara.publik.demo import publikasi_dir

        if path == "" or path.endswith("/"):
            path += "index.html"
        try:
            file = Path(safe_join(publikasi_dir(), path))
        except SuspiciousFileOperation as exc:
            raise Http404 from exc
        if not file.is_file():
            raise Http404
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        response = HttpResponse(file.read_bytes(), content_type=content_type)
        patch_cache_control(response, public=True, max_age=MAKS_UMUR)
        return response
