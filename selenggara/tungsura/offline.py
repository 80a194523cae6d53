"""The KPPS phone pages as an installable offline web app (issue 14).

One page per TPS (``luring/``) runs in the browser from static files: it reads this TPS's
contests, layouts, participants and the rule table of the checks from ``luring/data.json``,
keeps entries and photos in IndexedDB, and sends them through the C.Hasil JSON API (session
cookie + CSRF header) with the idempotency the API honours. The service worker (``sw.js``,
scope ``/tungsura/``) caches the app shell and the pages of this TPS only, in a cache whose
name carries the release (``LURING_VERSI``), so a new release replaces the old cache.

Every view takes the TPS through its access selector (unknown or out of scope: 404) and the
page and its data are for roles that write the C.Hasil (others: 403).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import cast
from uuid import UUID

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View

from selenggara.accounts.access import tps_check_writable
from selenggara.accounts.models import User
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pemilihan.models import TPS, Kontestasi
from selenggara.tungsura import selectors
from selenggara.tungsura.domain.aturan import aturan_list
from selenggara.tungsura.domain.kejadian import URAIAN_MAX, URAIAN_MIN
from selenggara.tungsura.domain.pemeriksaan import HALAMAN_DIKETAHUI, TINGKAT, Kode
from selenggara.tungsura.forms import lembar_tata_letak
from selenggara.tungsura.kejadian.forms import JENIS_LABEL, KATEGORI_LABEL, PENGAJU_LABEL
from selenggara.tungsura.kejadian.services import (
    FOTO_MAKS,
    NAMA_PENGAJU_MAX,
    PENGAJU_BERNAMA,
    kejadian_record_once,
)
from selenggara.tungsura.lembar import LembarTPS, lembar_for_tps
from selenggara.tungsura.messages import TEMPLATE, TINGKAT_LABEL, label
from selenggara.tungsura.services import KunciIdempotensiBentrok
from selenggara.tungsura.views import _tps

# The release of the offline app; the cache name carries it together with a digest of the
# shell's files, so changing either replaces every phone's cache on its next visit online.
LURING_VERSI = "1"
SHELL = (
    "portal/portal.css",
    "tungsura/tungsura.css",
    "tungsura/offline/luring.css",
    "tungsura/offline/vendor/qrcode.js",
    "tungsura/offline/aturan.js",
    "tungsura/offline/antrean.js",
    "tungsura/offline/luring.js",
    "tungsura/offline/keluar.js",
    "tungsura/offline/ikon.svg",
    "tungsura/offline/ikon-192.png",
    "tungsura/offline/ikon-512.png",
    "vendor/htmx.min.js",
)
# The app's icons as the manifest lists them: PNG at the two sizes Chrome asks for to install a
# web app (192 on the home screen, 512 on the splash screen), drawn once from ikon.svg.
IKON_PNG = {192: "tungsura/offline/ikon-192.png", 512: "tungsura/offline/ikon-512.png"}
# The phone downscales every page photo to this long side, JPEG quality 0.85, before storing
# or sending it: enough for the reader's digit boxes and corner markers (pindai) at 1-2 MB.
FOTO_SISI_PANJANG = 2000
FOTO_KUALITAS = 0.85
DIGEST_TEMPAT = "DIGEST"


@functools.cache
def luring_versi() -> str:
    """The cache version: the release and the first 12 hex digits of the shell files' SHA-256."""
    digest = hashlib.sha256(LURING_VERSI.encode())
    for name in SHELL:
        path = finders.find(name)
        if isinstance(path, str):
            digest.update(Path(path).read_bytes())
    return f"{LURING_VERSI}-{digest.hexdigest()[:12]}"


def _writable_tps(request: HttpRequest, kode: str) -> TPS:
    tps = _tps(request, kode)
    tps_check_writable(actor=cast("User", request.user), tps=tps)
    return tps


def _teks() -> dict[str, str]:
    """The words the script shows, translated here (the script has no catalogue of its own)."""
    return {
        "daring": gettext("Ada sinyal: antrean dikirim."),
        "luring": gettext("Tanpa sinyal: isian dan foto disimpan di ponsel."),
        "tidak_ada_data": gettext(
            "Data TPS ini belum tersimpan di ponsel. Buka halaman ini sekali saat ada sinyal."
        ),
        "siap_luring": gettext(
            "Siap tanpa sinyal: halaman ini dan data TPS ini tersimpan di ponsel."
        ),
        "isi": gettext("Isi C.Hasil"),
        "foto": gettext("Foto halaman"),
        "salinan": gettext("Salinan saksi"),
        "lembar": gettext("Lembar"),
        "uraian": gettext("Uraian"),
        "halaman": gettext("Halaman %(h)s dari %(d)s"),
        "belum": gettext("belum diisi"),
        "status_tersimpan": gettext("tersimpan di ponsel"),
        "status_mengirim": gettext("sedang dikirim"),
        "status_terkirim": gettext("terkirim"),
        "status_ditandai": gettext("terkirim, ditandai"),
        "status_bentrok": gettext("bentrok: sudah dikoreksi PPS, tidak ditimpa"),
        "status_ditolak": gettext("ditolak server"),
        "status_perlu_masuk": gettext("perlu masuk lagi, lalu terkirim"),
        "status_terbaca": gettext("terbaca"),
        "status_perlu_tinjauan": gettext("perlu ditinjau"),
        "status_foto_ulang": gettext("tidak terbaca: foto ulang"),
        "status_dibaca": gettext("terkirim, sedang dibaca"),
        "tidak_ada_temuan": gettext("Tidak ada temuan: angka-angka ini konsisten."),
        "ada_temuan": gettext(
            "Angka tetap disimpan persis seperti yang Anda ketik. Periksa setiap kolom yang "
            "ditandai dengan kertas: perbaiki bila salah ketik, atau centang “Sudah saya "
            "cocokkan dengan kertas” bila kertasnya memang begitu."
        ),
        "cocokkan": gettext("Sudah saya cocokkan dengan kertas"),
        "belum_lengkap": gettext("Ada kotak yang belum diisi atau bukan angka: %(kolom)s."),
        "belum_dicocokkan": gettext(
            "Cocokkan setiap kolom yang ditandai dengan kertas, lalu centang “Sudah saya "
            "cocokkan dengan kertas” di sampingnya sebelum menyimpan."
        ),
        "sudah_dikirim": gettext(
            "Lembar ini sudah dikirim dari ponsel ini; koreksi dilakukan di halaman Koreksi "
            "saat ada sinyal."
        ),
        "tersimpan": gettext("Tersimpan di ponsel. Terkirim sendiri saat ada sinyal."),
        "foto_bukan_gambar": gettext("Berkas ini bukan foto yang dapat dibaca ponsel."),
        "foto_halaman_salah": gettext("Nomor halaman harus antara 1 dan jumlah halaman."),
        "foto_ukuran": gettext("%(w)s × %(h)s piksel, %(kb)s kB"),
        "digest_ponsel": gettext("Dihitung di ponsel dari angka yang tersimpan."),
        "digest_cocok": gettext("Cocok dengan digest di server (versi %(v)s)."),
        "digest_beda": gettext("TIDAK cocok dengan digest di server: %(d)s"),
        "verifikasi": gettext("Verifikasi: %(url)s"),
        "qr_judul": gettext("Kode QR verifikasi"),
        "kejadian_semua": gettext("Seluruh TPS (semua kontestasi)"),
        "kejadian_belum": gettext("Belum ada catatan di ponsel ini."),
        "kejadian_tersimpan": gettext("Tersimpan di ponsel. Terkirim sendiri saat ada sinyal."),
        "uraian_pendek": gettext("Uraian terlalu pendek: tulis paling sedikit %(n)s huruf."),
        "uraian_panjang": gettext("Uraian terlalu panjang: paling banyak %(n)s huruf."),
        "pengaju_kpps": gettext(
            "Pengaju: keberatan diajukan oleh saksi, Pengawas TPS, pemilih atau pemantau, "
            "bukan oleh KPPS; catatan KPPS sendiri adalah kejadian khusus."
        ),
        "nama_wajib": gettext("Nama pengaju wajib diisi untuk saksi, Pengawas TPS dan pemantau."),
        "nama_panjang": gettext("Nama pengaju paling panjang %(n)s huruf."),
        "foto_maks": gettext("Foto paling banyak %(n)s."),
    }


class LuringView(LoginRequiredMixin, View):
    """The offline app of one TPS: its shell; everything else comes from data.json."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = _writable_tps(request, kode)
        context = {
            "tps": tps,
            "pemilihan": tps.pemilihan,
            "wilayah_path": selectors.wilayah_path_for_tps(tps=tps),
            "data_url": reverse("tungsura:luring_data", args=[tps.kode])
            + f"?pemilihan={tps.pemilihan.kode}",
            "sw_url": reverse("tungsura:sw"),
            "foto_sisi": FOTO_SISI_PANJANG,
            "foto_kualitas": FOTO_KUALITAS,
            "foto_maks": FOTO_MAKS,
            "teks": _teks(),
        }
        response = render(request, "tungsura/luring.html", context)
        response["Cache-Control"] = "private, no-cache"
        return response


def _tata_letak(lembar: LembarTPS) -> list[dict[str, object]]:
    """Sections I-V of the paper form as the online form lays them out (forms.lembar_tata_letak:
    one source for the entry page, the witnesses' copy and the phone), boxes as keys only."""
    return [
        {
            "kode": bagian.kode,
            "judul": bagian.judul,
            "kolom": bagian.kolom,
            "baris": [
                {
                    "nomor": baris.nomor,
                    "uraian": baris.uraian,
                    "nama": baris.nama,
                    "kelas": baris.kelas,
                    "judul_blok": baris.judul_blok,
                    "kunci": [kotak.kunci for kotak in baris.kotak],
                }
                for baris in bagian.baris
            ],
        }
        for bagian in lembar_tata_letak(susunan=lembar.susunan, nama_peserta=lembar.nama_peserta)
    ]


def _kontestasi_data(tps: TPS, baris: selectors.BarisKontestasi) -> dict[str, object]:
    jenis = baris.jenis.value
    lembar = lembar_for_tps(tps=tps, jenis=jenis)
    versi = baris.versi
    return {
        "jenis": jenis,
        "nama": str(Kontestasi.Jenis(jenis).label),
        "dapil": {"kode": lembar.dapil.kode, "nama": lembar.dapil.nama},
        "versi": versi.nomor if versi is not None else 0,
        "digest": versi.digest if versi is not None else None,
        "halaman_diketahui": HALAMAN_DIKETAHUI.get(jenis),
        # What the reader (pindai) made of each page photo: read / needs review, per SHA-256.
        "bacaan": reverse("api:pindai_bacaan", args=[tps.pemilihan.kode, tps.kode, jenis]),
        "kolom": [
            {"kunci": kunci, "label": label(kunci, lembar.nama_peserta)}
            for kunci in lembar.susunan.kunci_semua()
        ],
        # The paper's sections, rows and boxes in the paper's order: the phone's entry form
        # and witnesses' copy are built from it.
        "bagian": _tata_letak(lembar),
        "aturan": [a.as_dict() for a in aturan_list(lembar.susunan, lembar.konteks)],
        "foto": [
            {"halaman": h, "dari": d}
            for h, d in (
                selectors.foto_list(c_hasil=baris.c_hasil).values_list("halaman", "dari")
                if baris.c_hasil is not None
                else []
            )
        ],
    }


def _pilihan(labels: Mapping[str, object]) -> list[list[str]]:
    return [[value, str(text)] for value, text in labels.items()]


def _kejadian_data(tps: TPS) -> dict[str, object]:
    """The incident form's choices and limits, so the phone checks a record before sending
    it (the server checks again: kejadian.services)."""
    return {
        "url": reverse("tungsura:luring_kejadian", args=[tps.kode])
        + f"?pemilihan={tps.pemilihan.kode}",
        "jenis": _pilihan(JENIS_LABEL),
        "kategori": _pilihan(KATEGORI_LABEL),
        "pengaju": _pilihan(PENGAJU_LABEL),
        "pengaju_bernama": sorted(p.value for p in PENGAJU_BERNAMA),
        "uraian_min": URAIAN_MIN,
        "uraian_max": URAIAN_MAX,
        "nama_max": NAMA_PENGAJU_MAX,
        "foto_maks": FOTO_MAKS,
    }


class LuringDataView(LoginRequiredMixin, View):
    """This TPS's contests with their layouts, participants, registers (as rules) and wording.

    The service worker keeps the last answer for offline use; it holds numbers of this TPS
    only and no personal data (participants' names are printed on every ballot).
    """

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = _writable_tps(request, kode)
        pemilihan = tps.pemilihan
        kontestasi = [
            _kontestasi_data(tps, baris)
            for baris in selectors.kontestasi_list_for_tps(tps=tps)
            if baris.dapil is not None
        ]
        data = {
            "versi_aplikasi": luring_versi(),
            "pemilihan": pemilihan.kode,
            "tps": tps.kode,
            "tps_nama": f"TPS {tps.nomor:03d} {tps.desa.nama}",
            "api": reverse("api:c_hasil_tps_list", args=[pemilihan.kode, tps.kode]),
            "verifikasi": request.build_absolute_uri(reverse("verifikasi:cari")),
            # The witnesses' QR encodes this URL with the digest in place of DIGEST, exactly as
            # the server's copy does (tungsura.views._salinan_context).
            "verifikasi_digest": request.build_absolute_uri(
                reverse("verifikasi:digest", args=[DIGEST_TEMPAT])
            ),
            "kontestasi": kontestasi,
            "kejadian": _kejadian_data(tps),
            "pesan": {kode.value: str(TEMPLATE[kode]) for kode in Kode},
            "tingkat": {kode.value: str(TINGKAT_LABEL[TINGKAT[kode]]) for kode in Kode},
        }
        response = JsonResponse(data)
        response["Cache-Control"] = "private, no-cache"
        return response


def _invalid(exc: InvalidInput | KunciIdempotensiBentrok) -> JsonResponse:
    errors = exc.errors if isinstance(exc, InvalidInput) else []
    body = {
        "code": exc.code,
        "detail": exc.message,
        "errors": [str(e) for e in errors],
        "kolom": [{"kunci": e.field, "pesan": e.message} for e in errors if e.field],
    }
    return JsonResponse(body, status=exc.http_status)


def _idempotency_key(request: HttpRequest) -> UUID:
    value = request.headers.get("Idempotency-Key", "").strip()
    try:
        if not 0 < len(value) <= 45:
            raise ValueError(value)
        return UUID(value)
    except ValueError as exc:
        message = gettext(
            "Header Idempotency-Key wajib berupa UUID yang dibuat sekali per catatan."
        )
        raise InvalidInput(
            message, errors=[RowError(row=None, field="Idempotency-Key", message=message)]
        ) from exc


class LuringKejadianView(View):
    """An incident or objection sent from the phone's offline queue (multipart, session and
    CSRF header): 201 with the new record, 200 (``ulangan``) for a retry with the same
    ``Idempotency-Key``, 422 naming every refused field (nothing stored). Signed out, a 401
    in JSON rather than the login page, so the queue keeps the record and asks to sign in."""

    def post(self, request: HttpRequest, kode: str) -> HttpResponse:
        if not request.user.is_authenticated:
            message = gettext("Sesi berakhir: masuk lagi, lalu catatan ini terkirim.")
            return JsonResponse({"code": "not_authenticated", "detail": message}, status=401)
        tps = _writable_tps(request, kode)
        data = request.POST
        try:
            hasil = kejadian_record_once(
                idempotency_key=_idempotency_key(request),
                tps=tps,
                jenis=data.get("jenis", ""),
                kontestasi=data.get("kontestasi") or None,
                kategori=data.get("kategori", ""),
                uraian=data.get("uraian", ""),
                pengaju=data.get("pengaju", ""),
                nama_pengaju=data.get("nama_pengaju", ""),
                foto_list=request.FILES.getlist("foto"),
                actor=request.user,
            )
        except (InvalidInput, KunciIdempotensiBentrok) as exc:
            return _invalid(exc)
        kejadian = hasil.kejadian
        body = {
            "id": kejadian.pk,
            "ulangan": hasil.ulangan,
            "dicatat_pada": kejadian.dicatat_pada.isoformat(),
            "foto": kejadian.foto_set.count(),
        }
        return JsonResponse(body, status=200 if hasil.ulangan else 201)


class LuringManifestView(LoginRequiredMixin, View):
    """The web app manifest of one TPS's offline app (installable from the browser menu)."""

    def get(self, request: HttpRequest, kode: str) -> HttpResponse:
        tps = _writable_tps(request, kode)
        start = reverse("tungsura:luring", args=[tps.kode])
        manifest = {
            "name": gettext("C.Hasil TPS %(nomor)03d %(desa)s")
            % {"nomor": tps.nomor, "desa": tps.desa.nama},
            "short_name": gettext("C.Hasil TPS %(nomor)03d") % {"nomor": tps.nomor},
            "lang": "id",
            "start_url": start,
            "scope": reverse("tungsura:tps", args=[tps.kode]),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#7a1f1f",
            "icons": [
                *(
                    {"src": static(name), "sizes": f"{size}x{size}", "type": "image/png"}
                    for size, name in IKON_PNG.items()
                ),
                {
                    "src": static("tungsura/offline/ikon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                },
            ],
        }
        return HttpResponse(
            json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
        )


@functools.cache
def _sw_source() -> str:
    return Path(cast("str", finders.find("tungsura/offline/sw.js"))).read_text(encoding="utf-8")


class ServiceWorkerView(View):
    """The service worker, from a URL whose scope covers the KPPS pages (``/tungsura/``).

    Public like any static file (it holds no data); the version and the shell's URLs (hashed
    names in production) are written into it, so a new release is a new worker.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        body = _sw_source()
        settings_js = json.dumps(
            {
                "versi": luring_versi(),
                "shell": [static(name) for name in SHELL],
                "lingkup": reverse("tungsura:tps", args=["KODE"]).replace("KODE/", ""),
            }
        )
        response = HttpResponse(
            f"self.LURING = {settings_js};\n{body}", content_type="text/javascript"
        )
        response["Service-Worker-Allowed"] = "/tungsura/"
        response["Cache-Control"] = "no-cache"
        return response
