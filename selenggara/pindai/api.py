"""The readings of a TPS's page photos as JSON, for the phone to poll after an upload.

Thin: the TPS goes through ``accounts.access`` first (unknown or out of scope: 404), as in
tungsura's API; any role that sees the TPS sees what the reader made of its photos.
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from selenggara.accounts.access import tps_get_for_actor_in
from selenggara.accounts.models import User
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pindai import schemas
from selenggara.pindai.messages import alasan_teks
from selenggara.pindai.models import Pembacaan
from selenggara.pindai.selectors import pembacaan_list
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.schemas import GalatOut
from selenggara.tungsura.selectors import c_hasil_get

router = Router(tags=["pindai"])
HALAMAN_MAKS = 99  # as tungsura's photo upload


def bacaan_out(pembacaan: Pembacaan) -> schemas.BacaanFotoOut:
    """The API shape of one reading (``pembacaan_list`` rows carry ``terbuka``)."""
    return schemas.BacaanFotoOut(
        foto=pembacaan.foto_id,
        halaman=pembacaan.halaman,
        dari=pembacaan.foto.dari,
        sha256=pembacaan.foto.sha256,
        status=pembacaan.status,
        alasan=[alasan_teks(a) for a in pembacaan.alasan],
        angka={
            kunci: schemas.AngkaBacaanOut(
                nilai=v["nilai"], keyakinan=v["keyakinan"], otomatis=v["otomatis"]
            )
            for kunci, v in pembacaan.angka.items()
        },
        tinjauan_terbuka=getattr(pembacaan, "terbuka", 0),
        dibaca_pada=pembacaan.dibaca_pada,
        versi=pembacaan.versi.nomor if pembacaan.versi is not None else None,
        bentrok=pembacaan.bentrok,
    )


@router.get(
    "/pemilihan/{kode}/tps/{kode_tps}/c-hasil/{jenis}/bacaan",
    response={200: schemas.BacaanListOut, 401: GalatOut, 404: GalatOut, 422: GalatOut},
    url_name="pindai_bacaan",
)
def bacaan_list_api(
    request: HttpRequest,
    kode: str,
    kode_tps: str,
    jenis: str,
    halaman: Query[int | None] = None,
) -> schemas.BacaanListOut:
    """What the reader made of every photo of this C.Hasil (optionally of one page), newest
    photo first per page: ``status`` is ``menunggu`` until a worker has read it, then
    ``otomatis`` (every number proved), ``tinjau`` (some wait for a person) or ``tolak``
    (photograph the page again: ``alasan`` says why)."""
    if halaman is not None and not 1 <= halaman <= HALAMAN_MAKS:
        message = gettext("Nomor halaman %(h)s tidak mungkin.") % {"h": halaman}
        raise InvalidInput(message, errors=[RowError(row=None, field="halaman", message=message)])
    tps = tps_get_for_actor_in(actor=cast("User", request.user), pemilihan_kode=kode, kode=kode_tps)
    lembar_for_tps(tps=tps, jenis=jenis)  # an unknown contest is a 404
    c_hasil = c_hasil_get(tps=tps, jenis=jenis)
    rows = list(pembacaan_list(c_hasil=c_hasil, halaman=halaman)) if c_hasil else []
    return schemas.BacaanListOut(tps=tps.kode, jenis=jenis, foto=[bacaan_out(p) for p in rows])
