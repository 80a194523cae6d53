"""Access-matrix registrations of pindai's pages and API (see tests/access.py).

The KPPS's page of photos read takes a TPS, as tungsura's pages do: every role holding the TPS
reads it; uploading and confirming are for writing roles (saksi and pengawas get 403). The
review queue's items take a number waiting at a TPS: only the reviewing roles (PPS, PPK, the
KPU tiers) whose region holds the TPS see it; every other role gets the 404 of an unknown item.
The matrix POSTs an empty body, so a writing role gets the form back with its errors.
"""

from __future__ import annotations

import io

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from selenggara.accounts.domain.peran import Peran, can_write
from selenggara.portal.tests.world import TPS_A1, World
from tests.access import PEMILIHAN, Case, Route, _foreign_tps

_C_HASIL = "pindai/tps/<str:kode>/c-hasil/<str:jenis>/"
PENINJAU = frozenset({Peran.PPS, Peran.PPK, Peran.KPU_KABKOTA, Peran.KPU_PROVINSI, Peran.KPU_RI})


def _jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.full((size[1], size[0]), 255, np.uint8)).save(buffer, "JPEG")
    return buffer.getvalue()


def _pembacaan(world: World, kode: str) -> int:
    """A reading of a page-2 photo at TPS ``kode``, with one number in review; its pk."""
    from selenggara.pindai.models import Pembacaan, TinjauanAngka
    from selenggara.tungsura.services import c_hasil_foto_upload

    tps = world.tps.get(kode)
    if tps is None:  # the unknown TPS of KPU RI's foreign case
        return 999_999
    existing = Pembacaan.objects.filter(tps_kode=kode).first()
    if existing is not None:
        return existing.pk
    foto = c_hasil_foto_upload(
        tps=tps,
        jenis="ppwp",
        halaman=2,
        dari=3,
        berkas=SimpleUploadedFile("hal2.jpg", _jpeg((20, 30))),
        actor=world.user(Peran.KPU_RI),
    )
    pembacaan = Pembacaan.objects.get(foto=foto)  # created with the photo, waiting
    pembacaan.status = Pembacaan.Status.TINJAU
    pembacaan.angka = {
        "calon_1": {"nilai": 120, "keyakinan": 0.5, "otomatis": False, "kandidat": [[120, 0.5]]}
    }
    pembacaan.skala = 0.6
    pembacaan.terdaftar.save("h.jpg", ContentFile(_jpeg((1020, 1531))), save=False)
    pembacaan.save()
    TinjauanAngka.objects.create(pembacaan=pembacaan, tps_kode=kode, kunci="calon_1")
    return pembacaan.pk


def _tinjauan(world: World, kode: str) -> int:
    from selenggara.pindai.models import TinjauanAngka

    pk = _pembacaan(world, kode)
    item = TinjauanAngka.objects.filter(pembacaan_id=pk).first()
    return item.pk if item is not None else 999_999


def _page_own(*, pk: bool = False):
    def case(world: World, peran: Peran) -> Case:
        extra = {"pk": _pembacaan(world, TPS_A1)} if pk else {}
        return Case({"kode": TPS_A1, "jenis": "ppwp", **extra})

    return case


def _page_foreign(*, pk: bool = False):
    def case(world: World, peran: Peran) -> Case:
        foreign = _foreign_tps(world, peran)
        kode = str(foreign.kwargs["kode"])
        extra = {"pk": _pembacaan(world, kode)} if pk else {}
        return Case({"kode": kode, "jenis": "ppwp", **extra}, foreign.leaks)

    return case


def _write_status(ok: int):
    def status(peran: Peran) -> int:
        return ok if can_write(peran) else 403

    return status


def _tinjau_own(world: World, peran: Peran) -> Case:
    return Case({"pk": _tinjauan(world, TPS_A1)})


def _tinjau_foreign(world: World, peran: Peran) -> Case:
    foreign = _foreign_tps(world, peran)
    return Case({"pk": _tinjauan(world, str(foreign.kwargs["kode"]))}, foreign.leaks)


def _peninjau_status(ok: int):
    def status(peran: Peran) -> int:
        return ok if peran in PENINJAU else 404

    return status


def _api_own(world: World, peran: Peran) -> Case:
    return Case({"kode": PEMILIHAN, "kode_tps": TPS_A1, "jenis": "ppwp"})


def _api_foreign(world: World, peran: Peran) -> Case:
    foreign = _foreign_tps(world, peran)
    return Case(
        {"kode": PEMILIHAN, "kode_tps": foreign.kwargs["kode"], "jenis": "ppwp"}, foreign.leaks
    )


PINDAI_ROUTES: list[Route] = [
    Route(_C_HASIL, in_scope=_page_own(), out_scope=_page_foreign()),
    Route(
        _C_HASIL,
        method="POST",
        in_scope=_page_own(),
        out_scope=_page_foreign(),
        in_status=_write_status(422),
    ),
    Route(
        _C_HASIL + "bacaan/<int:pk>/konfirmasi/",
        method="POST",
        in_scope=_page_own(pk=True),
        out_scope=_page_foreign(pk=True),
        in_status=_write_status(302),
    ),
    Route("pindai/tinjau/", why="lists only the items inside the actor's own reviewing scopes"),
    Route(
        "pindai/tinjau/<int:pk>/",
        in_scope=_tinjau_own,
        out_scope=_tinjau_foreign,
        in_status=_peninjau_status(200),
    ),
    Route(
        "pindai/tinjau/<int:pk>/",
        method="POST",
        in_scope=_tinjau_own,
        out_scope=_tinjau_foreign,
        in_status=_peninjau_status(422),
    ),
    Route(
        "pindai/tinjau/<int:pk>/potongan.png",
        in_scope=_tinjau_own,
        out_scope=_tinjau_foreign,
        in_status=_peninjau_status(200),
    ),
    Route(
        "api/pindai/pemilihan/<kode>/tps/<kode_tps>/c-hasil/<jenis>/bacaan",
        api_path="/api/pindai/pemilihan/{kode}/tps/{kode_tps}/c-hasil/{jenis}/bacaan",
        in_scope=_api_own,
        out_scope=_api_foreign,
    ),
]
