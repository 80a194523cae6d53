"""Read endpoints of the JSON API: elections, the region tree with counts, TPS.

Thin like the views: each endpoint resolves the election, calls a portal selector (which goes
through ``accounts.access``) and returns typed schemas. NotAccessible becomes a 404 in the
API's DomainError handler (config/api.py), so unknown and out-of-scope look the same.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema

from selenggara.accounts.models import User
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.portal import selectors

router = Router(tags=["wilayah"])


class ErrorOut(Schema):
    code: str
    detail: str


class PemilihanOut(Schema):
    kode: str
    nama: str
    jenis: str
    hari_pemungutan: dt.date
    batas_pemilih_per_tps: int


class WilayahJumlahOut(Schema):
    desa: int
    tps: int
    dpt: int
    dpt_laki: int
    dpt_perempuan: int


class WilayahOut(Schema):
    kode: str
    nama: str
    tingkat: int
    jenis: str | None
    jumlah: WilayahJumlahOut | None  # None: the region is only on the way to the actor's scope


class CrumbOut(Schema):
    kode: str
    nama: str
    tingkat: int


class WilayahNodeOut(Schema):
    pemilihan: str
    wilayah: WilayahOut
    induk: list[CrumbOut]
    anak: list[WilayahOut]


class TPSRingkasOut(Schema):
    kode: str
    nomor: int
    alamat: str
    desa_kode: str
    dpt_laki: int
    dpt_perempuan: int
    dpt: int
    dpt_sintetis: bool


class KontestasiOut(Schema):
    jenis: str
    nama: str


class TPSDetailOut(TPSRingkasOut):
    pemilihan: str
    desa_nama: str
    induk: list[CrumbOut]
    kontestasi: list[KontestasiOut]


_ERRORS = {401: ErrorOut, 404: ErrorOut}


def _actor(request: HttpRequest) -> User:
    # api_auth sets request.user to the account for both tokens and sessions.
    return cast("User", request.user)


def _wilayah_out(row: selectors.WilayahRow) -> WilayahOut:
    jumlah = row.jumlah
    return WilayahOut(
        kode=row.kode,
        nama=row.nama,
        tingkat=row.tingkat,
        jenis=row.jenis,
        jumlah=WilayahJumlahOut(
            desa=jumlah.desa,
            tps=jumlah.tps,
            dpt=jumlah.dpt,
            dpt_laki=jumlah.dpt_laki,
            dpt_perempuan=jumlah.dpt_perempuan,
        )
        if jumlah is not None
        else None,
    )


def _crumbs_out(crumbs: list[selectors.Crumb]) -> list[CrumbOut]:
    return [CrumbOut(kode=c.kode, nama=c.nama, tingkat=c.tingkat) for c in crumbs]


def _node_out(page: selectors.WilayahPage) -> WilayahNodeOut:
    return WilayahNodeOut(
        pemilihan=page.pemilihan.kode,
        wilayah=_wilayah_out(page.node),
        induk=_crumbs_out(page.breadcrumb),
        anak=[_wilayah_out(child) for child in page.children],
    )


def _tps_out(tps: TPS) -> TPSRingkasOut:
    return TPSRingkasOut(
        kode=tps.kode,
        nomor=tps.nomor,
        alamat=tps.alamat,
        desa_kode=tps.desa.kode,
        dpt_laki=tps.dpt_laki,
        dpt_perempuan=tps.dpt_perempuan,
        dpt=tps.dpt,
        dpt_sintetis=tps.dpt_sintetis,
    )


def _pemilihan_out(pemilihan: Pemilihan) -> PemilihanOut:
    return PemilihanOut(
        kode=pemilihan.kode,
        nama=pemilihan.nama,
        jenis=pemilihan.jenis,
        hari_pemungutan=pemilihan.hari_pemungutan,
        batas_pemilih_per_tps=pemilihan.batas_pemilih_per_tps,
    )


@router.get(
    "/pemilihan", response={200: list[PemilihanOut], 401: ErrorOut}, url_name="pemilihan_list"
)
def pemilihan_list_api(request: HttpRequest) -> list[PemilihanOut]:
    """Every election, the most recent polling day first."""
    return [_pemilihan_out(p) for p in selectors.pemilihan_list()]


@router.get(
    "/pemilihan/{kode}/wilayah",
    response={200: WilayahNodeOut, **_ERRORS},
    url_name="wilayah_nasional",
)
def wilayah_nasional_api(request: HttpRequest, kode: str) -> WilayahNodeOut:
    """The nation and the provinsi the caller may see; counts only inside the caller's scope."""
    pemilihan = selectors.pemilihan_get(kode=kode)
    page = selectors.wilayah_page_get_for_actor(
        actor=_actor(request), pemilihan=pemilihan, kode=None
    )
    return _node_out(page)


@router.get(
    "/pemilihan/{kode}/wilayah/{kode_wilayah}",
    response={200: WilayahNodeOut, **_ERRORS},
    url_name="wilayah_detail",
)
def wilayah_detail_api(request: HttpRequest, kode: str, kode_wilayah: str) -> WilayahNodeOut:
    """A region with its ancestors (names only) and the children the caller may see."""
    pemilihan = selectors.pemilihan_get(kode=kode)
    page = selectors.wilayah_page_get_for_actor(
        actor=_actor(request), pemilihan=pemilihan, kode=kode_wilayah
    )
    return _node_out(page)


@router.get(
    "/pemilihan/{kode}/wilayah/{kode_desa}/tps",
    response={200: list[TPSRingkasOut], **_ERRORS},
    url_name="tps_list",
)
def tps_list_api(request: HttpRequest, kode: str, kode_desa: str) -> list[TPSRingkasOut]:
    """The TPS of a desa/kelurahan the caller may see, in number order."""
    pemilihan = selectors.pemilihan_get(kode=kode)
    tps_list = selectors.tps_list_get_for_actor(
        actor=_actor(request), pemilihan=pemilihan, kode_desa=kode_desa
    )
    return [_tps_out(tps) for tps in tps_list]


@router.get(
    "/pemilihan/{kode}/tps/{kode_tps}",
    response={200: TPSDetailOut, **_ERRORS},
    url_name="tps_detail",
)
def tps_detail_api(request: HttpRequest, kode: str, kode_tps: str) -> TPSDetailOut:
    """One TPS (13-digit KPU code) with its DPT and the contests on its ballots."""
    pemilihan = selectors.pemilihan_get(kode=kode)
    page = selectors.tps_page_get_for_actor(
        actor=_actor(request), pemilihan=pemilihan, kode=kode_tps
    )
    return TPSDetailOut(
        **_tps_out(page.tps).model_dump(),
        pemilihan=pemilihan.kode,
        desa_nama=page.tps.desa.nama,
        induk=_crumbs_out(page.breadcrumb),
        kontestasi=[KontestasiOut(jenis=j, nama=label) for j, label in page.kontestasi],
    )
