"""The public read API for observers: /api/publik/..., no login, cacheable (ETag, Cache-Control).

The same figures as the public pages and a publication's snapshots (``selenggara.hasil.v1``),
live: JSON per region and contest, CSV per child region, and one TPS with every version.
Licence of the data: CC BY 4.0 (docs/publik-data.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Router, Schema

from selenggara.publik import sumber
from selenggara.publik.domain.verifikasi import kanonik, sha256_hex
from selenggara.publik.terbitkan import baris_anak, csv_bytes, snapshot_data

router = Router(tags=["publik"], auth=None)
MAKS_UMUR = 60


class ErrorOut(Schema):
    code: str
    detail: str


class AngkaOut(Schema):
    """One of the two figures: the count (hitung) or the official recap (rekap)."""

    tps_masuk: int
    tps_ditahan: int
    tps_diharapkan: int
    suara_sah: int
    suara_tidak_sah: int
    suara_total: int
    pengguna_total: int
    dpt: int
    suara: dict[str, int]
    per_dapil: dict[str, dict[str, int]] | None = None


class PlenoOut(Schema):
    status: str
    putaran: int
    ditetapkan_pada: str | None


class PerbedaanOut(Schema):
    kode: str
    jumlah: int
    tps: list[str]


class PesertaOut(Schema):
    kunci: str
    nomor: int
    nama: str
    suara: int
    rekap: int | None


class AnakOut(Schema):
    kode: str
    nama: str
    hitung: AngkaOut
    rekap: AngkaOut | None
    pleno: str | None


class TandaOut(Schema):
    tps: str
    kode: list[str]
    alasan: list[str]


class HasilOut(Schema):
    format: str
    pemilihan: str
    kontestasi: str
    kode: str
    nama: str
    hitung: AngkaOut
    rekap: AngkaOut | None
    rekap_lengkap: bool
    pleno: PlenoOut | None
    perbedaan: list[PerbedaanOut]
    tps_diharapkan: int
    peserta: list[PesertaOut]
    anak: list[AnakOut]
    tanda_dibaca: bool
    tanda: list[TandaOut]
    tanda_lebih: int


class VersiOut(Schema):
    nomor: int
    sumber: str
    alasan: str
    dibuat_pada: str
    status: str
    digest: str
    angka: dict[str, int]


class TPSOut(Schema):
    pemilihan: str
    kontestasi: str
    kode: str
    nomor: int
    dapil: str
    versi: list[VersiOut]


def _cached(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    etag = f'"{sha256_hex(body)[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAKS_UMUR)
    return response


def _hasil(pemilihan: str, jenis: str, wilayah: str) -> sumber.HasilWilayah:
    p = sumber.pemilihan_publik_get(kode=pemilihan)
    k = sumber.kontestasi_publik_get(pemilihan=p, jenis=jenis)
    return sumber.hasil_wilayah(pemilihan=p, kontestasi=k, kode=wilayah)


@router.get(
    "/{pemilihan}/{jenis}/hasil",
    response={200: HasilOut, 304: None, 404: ErrorOut},
    summary="Hasil satu wilayah dan kontestasi (JSON)",
)
def hasil_json(request: HttpRequest, pemilihan: str, jenis: str, wilayah: str = "") -> HttpResponse:
    """Both figures of the rekap engine (the count; the official recap, null until a plenary
    adopts it) with why they differ, TPS counted / held out / expected, participants, child
    regions and (kecamatan and below) the flags with their reasons, of region ``wilayah``
    ("" the nation)."""
    data = snapshot_data(_hasil(pemilihan, jenis, wilayah), [])
    data.pop("tps")
    return _cached(request, kanonik(data), "application/json")


@router.get(
    "/{pemilihan}/{jenis}/hasil.csv",
    response={200: str, 304: None, 404: ErrorOut},
    summary="Hasil per wilayah di bawahnya (CSV)",
)
def hasil_csv(request: HttpRequest, pemilihan: str, jenis: str, wilayah: str = "") -> HttpResponse:
    """One row per child region (or TPS below a desa): TPS counts, valid, invalid, per participant."""
    response = _cached(
        request, csv_bytes(baris_anak(_hasil(pemilihan, jenis, wilayah))), "text/csv"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="hasil-{jenis}-{wilayah or "nasional"}.csv"'
    )
    return response


@router.get(
    "/{pemilihan}/{jenis}/tps/{kode}",
    response={200: TPSOut, 304: None, 404: ErrorOut},
    summary="Satu TPS: setiap versi C.Hasil dengan digest saksi",
)
def tps_json(request: HttpRequest, pemilihan: str, jenis: str, kode: str) -> HttpResponse:
    p = sumber.pemilihan_publik_get(kode=pemilihan)
    sumber.kontestasi_publik_get(pemilihan=p, jenis=jenis)
    data = sumber.tps_publik(pemilihan=p, kode=kode, jenis=jenis)
    k = data.kontestasi[0] if data.kontestasi else None
    body = {
        "pemilihan": p.kode,
        "kontestasi": jenis,
        "kode": data.tps.kode,
        "nomor": data.tps.nomor,
        "dapil": k.dapil if k else "",
        "versi": [
            {
                "nomor": v.nomor,
                "sumber": v.sumber,
                "alasan": v.alasan,
                "dibuat_pada": v.dibuat_pada,
                "status": v.status,
                "digest": v.digest,
                "angka": v.angka,
            }
            for v in (k.versi if k else [])
        ],
    }
    return _cached(request, kanonik(body), "application/json")
