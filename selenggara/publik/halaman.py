"""What the public pages show, built once for the live site and for a publication's static copy.

The same templates render both; only the links differ (``Tautan``): the live site links to
``/hasil/...`` and ``/hasil/foto/<id>/``, a publication to ``<akar>hasil/.../index.html`` and its
own content-addressed photos, so a static server or CDN can serve it as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext

from selenggara.publik.domain.hasil import bagian, persen
from selenggara.publik.messages import (
    PLENO_LABEL,
    STATUS_LABEL,
    SUMBER_LABEL,
    TANDA_SINGKAT,
    perbedaan_kalimat,
    temuan_kalimat,
)
from selenggara.publik.sumber import HasilWilayah, TPSPublik
from selenggara.tungsura.messages import label
from selenggara.tungsura.models import CHasilFoto

BERAT_PENANDA = "@@BERAT_HALAMAN@@"
# The stylesheet, a static file (the CSP forbids inline styles) copied into every publication.
CSS_BERKAS = "hasil.css"
CSS_PATH = Path(__file__).parent / "static" / "publik" / CSS_BERKAS
# Chart geometry (SVG user units): one bar row per participant or child region.
BATANG_LEBAR = 200
BATANG_TINGGI = 36


@dataclass(frozen=True, slots=True, kw_only=True)
class Tautan:
    """How pages link to each other: live (``statis`` False) or inside a publication."""

    akar: str = "/hasil/"
    statis: bool = False
    foto_url: Callable[[CHasilFoto], str] | None = field(default=None)
    # A publication written without TPS pages links TPS detail to the live site instead.
    tps_akar: str | None = None

    def _akhir(self) -> str:
        return "index.html" if self.statis else ""

    def beranda(self) -> str:
        return f"{self.akar}{self._akhir()}"

    def wilayah(self, pemilihan: str, jenis: str, kode: str) -> str:
        bagian_kode = f"{kode}/" if kode else ""
        return f"{self.akar}{pemilihan}/{jenis}/{bagian_kode}{self._akhir()}"

    def tps(self, pemilihan: str, jenis: str, kode: str) -> str:
        if self.tps_akar is not None:
            return f"{self.tps_akar}{pemilihan}/{jenis}/tps/{kode}/"
        return f"{self.akar}{pemilihan}/{jenis}/tps/{kode}/{self._akhir()}"

    def foto(self, foto: CHasilFoto) -> str:
        if self.foto_url is not None:
            return self.foto_url(foto)
        return f"{self.akar}foto/{foto.pk}/"

    def verifikasi(self, digest: str) -> str | None:
        return None if self.statis else f"/verifikasi/{digest}/"

    def css(self) -> str:
        """The one stylesheet: a publication carries its own copy (``CSS_BERKAS``)."""
        return f"{self.akar}{CSS_BERKAS}" if self.statis else static(f"publik/{CSS_BERKAS}")


def _batang(rows: list[tuple[str, int, str]]) -> dict[str, object]:
    """Return the geometry of a horizontal bar chart: (label, value, share text) per row."""
    maks = max((v for _, v, _ in rows), default=0)
    bars = []
    for i, (nama, nilai, teks) in enumerate(rows):
        lebar = int(bagian(nilai, maks) * BATANG_LEBAR) if maks else 0
        bars.append(
            {
                "y": i * BATANG_TINGGI,
                "lebar": lebar,
                "nama": nama,
                "nilai": nilai,
                "teks": teks,
                "ty": i * BATANG_TINGGI + 12,
                "by": i * BATANG_TINGGI + 16,
                "tx": lebar + 4,
            }
        )
    return {"bars": bars, "tinggi": max(1, len(rows)) * BATANG_TINGGI, "lebar": BATANG_LEBAR + 120}


def _tanda_list(hasil: HasilWilayah, tautan: Tautan) -> list[dict[str, object]]:
    p, j = hasil.pemilihan.kode, hasil.kontestasi.jenis
    return [
        {
            "tps": t.tps,
            "jenis": "ditahan" if t.ditahan else "tanda",
            "singkat": [(k, TANDA_SINGKAT.get(k, k)) for k in dict.fromkeys(t.kode)],
            "alasan": list(t.alasan),
            "url": tautan.tps(p, j, t.tps) if t.kode != ("belum_masuk",) else None,
        }
        for t in hasil.tanda
    ]


def _rekap_baris(hasil: HasilWilayah) -> list[tuple[str, int, int | None]]:
    """The figures side by side: (label, count, official recap or None)."""
    h, r = hasil.hitung, hasil.rekap
    return [
        (gettext("TPS dihitung"), h.tps_masuk, r.tps_masuk if r else None),
        (gettext("TPS ditahan"), h.tps_ditahan, r.tps_ditahan if r else None),
        (gettext("Suara sah"), h.suara_sah, r.suara_sah if r else None),
        (gettext("Suara tidak sah"), h.suara_tidak_sah, r.suara_tidak_sah if r else None),
    ]


def wilayah_context(
    hasil: HasilWilayah, *, tautan: Tautan, kontestasi_list: list[tuple[str, str]]
) -> dict[str, object]:
    """Return the template context of a region page (national, provinsi ... desa)."""
    p, j = hasil.pemilihan.kode, hasil.kontestasi.jenis
    peserta = [
        {
            "nomor": x.nomor,
            "nama": x.nama,
            "suara": x.suara,
            "persen": persen(x.bagian),
            "rekap": x.rekap,
            "selisih": None if x.rekap is None else x.rekap - x.suara,
        }
        for x in hasil.peserta
    ]
    anak = [
        {
            "nama": a.nama,
            "kode": a.kode,
            "url": tautan.tps(p, j, a.kode) if a.is_tps else tautan.wilayah(p, j, a.kode),
            "masuk": a.tps_masuk,
            "diharapkan": a.hitung.tps_diharapkan,
            "ditahan": a.hitung.tps_ditahan,
            "suara_sah": a.hitung.suara_sah,
            "rekap_sah": a.rekap.suara_sah if a.rekap else None,
            "pleno": PLENO_LABEL.get(a.pleno_status or "", ""),
            "persen_masuk": persen(bagian(a.tps_masuk, a.hitung.tps_diharapkan), digits=1),
        }
        for a in hasil.anak
    ]
    return {
        "hasil": hasil,
        "judul": hasil.nama,
        "jalur": [(nama, tautan.wilayah(p, j, kode)) for kode, nama in hasil.jalur],
        "kontestasi_tab": [
            (jenis, nama, tautan.wilayah(p, jenis, hasil.kode), jenis == j)
            for jenis, nama in kontestasi_list
        ],
        "kontestasi_nama": dict(kontestasi_list).get(j, j),
        "peserta": peserta,
        "ada_rekap": hasil.rekap is not None,
        "grafik_peserta": _batang(
            [
                (f"{x['nomor']}. {x['nama']}", int(str(x["suara"])), f"{x['persen']} %")
                for x in peserta
            ]
        ),
        "anak": anak,
        "anak_tps": any(a.is_tps for a in hasil.anak),
        "grafik_anak": _batang(
            [(str(a["nama"]), int(str(a["masuk"])), f"{a['persen_masuk']} %") for a in anak]
        ),
        "rekap_baris": _rekap_baris(hasil),
        "pleno": PLENO_LABEL.get(hasil.pleno.status, "") if hasil.pleno else "",
        "perbedaan": [perbedaan_kalimat(x) for x in hasil.perbedaan],
        "persen_masuk": persen(bagian(hasil.tps_masuk, hasil.tps_diharapkan), digits=1),
        "tanda": _tanda_list(hasil, tautan),
        "tanda_hitung": [(TANDA_SINGKAT.get(k, k), n) for k, n in hasil.tanda_hitung.items()],
        "beranda_url": tautan.beranda(),
        "css_url": tautan.css(),
        "statis": tautan.statis,
        "berat_penanda": BERAT_PENANDA,
    }


def _baris_angka(angka: dict[str, int], nama: dict[str, str]) -> list[tuple[str, int]]:
    return [(label(k, nama), v) for k, v in angka.items()]


def tps_context(
    data: TPSPublik, *, tautan: Tautan, jenis: str, kontestasi_list: list[tuple[str, str]]
) -> dict[str, object]:
    """Return the template context of a TPS page: photos, every version, digest, findings."""
    p = data.tps.pemilihan.kode
    kontestasi = []
    for k in data.kontestasi:
        versi = [
            {
                "nomor": v.nomor,
                "sumber": SUMBER_LABEL.get(v.sumber, v.sumber),
                "alasan": v.alasan,
                "dibuat_pada": v.dibuat_pada[:16].replace("T", " "),
                "status": v.status,
                "status_label": STATUS_LABEL.get(v.status, v.status),
                "digest": v.digest,
                "verifikasi_url": tautan.verifikasi(v.digest),
                "angka": _baris_angka(v.angka, k.nama_peserta),
                "temuan": [temuan_kalimat(t) for t in v.temuan],
            }
            for v in reversed(k.versi)
        ]
        kontestasi.append(
            {
                "jenis": k.kontestasi.jenis,
                "nama": dict(kontestasi_list).get(k.kontestasi.jenis, k.kontestasi.jenis),
                "versi": versi,
                "foto": [
                    {
                        "url": tautan.foto(f),
                        "halaman": f.halaman,
                        "dari": f.dari,
                        "sha256": f.sha256,
                    }
                    for f in k.foto
                ],
                "ditahan": k.ditahan,
                "rekap_sah": k.rekap.suara_sah if k.rekap else None,
                "wilayah_url": tautan.wilayah(p, k.kontestasi.jenis, data.tps.desa.kode),
            }
        )
    return {
        "tps": data.tps,
        "judul": gettext("TPS %(nomor)s %(desa)s")
        % {"nomor": f"{data.tps.nomor:03d}", "desa": data.tps.desa.nama},
        "jalur": [
            (nama, tautan.wilayah(p, jenis_or(jenis, kontestasi_list), kode))
            for kode, nama in data.jalur
        ],
        "kontestasi": kontestasi,
        "kontestasi_tab": [
            (j, nama, tautan.tps(p, j, data.tps.kode), j == jenis) for j, nama in kontestasi_list
        ],
        "beranda_url": tautan.beranda(),
        "css_url": tautan.css(),
        "statis": tautan.statis,
        "berat_penanda": BERAT_PENANDA,
    }


def jenis_or(jenis: str, kontestasi_list: list[tuple[str, str]]) -> str:
    return jenis or (kontestasi_list[0][0] if kontestasi_list else "ppwp")


def render_halaman(
    template: str, context: dict[str, object], *, request: HttpRequest | None = None
) -> str:
    """Render a public page and state its weight: the HTML and its one stylesheet, no JavaScript."""
    if "css_url" not in context:  # a publication passes its own; static() needs the manifest
        context["css_url"] = Tautan().css()
    html = render_to_string(template, context, request=request)
    berat = len(html.encode("utf-8")) + CSS_PATH.stat().st_size
    teks = gettext("Berat halaman ini %(kb)s kB (tanpa foto), tanpa JavaScript.") % {
        "kb": f"{berat / 1024:.1f}"
    }
    return html.replace(BERAT_PENANDA, teks)
