"""Access-matrix registrations of tungsura's logistik and kejadian routes (see tests/access.py).

TPS pages (sealed boxes, incidents) answer every role whose scope holds the TPS; a write by a
read-only role (pengawas, saksi) is a 403, by a writing role with the matrix's empty body a
422. Region pages (logistics, distribution PDF, incident summary) show counts, so they need a
region scope holding the region: KPPS and saksi get the same 404 as for a foreign region.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from selenggara.accounts.domain.peran import Peran, can_write
from selenggara.pemilihan.models import TPS
from selenggara.portal.tests.world import DESA_A, TPS_A1, World
from tests.access import (
    TPS_ROLES,
    UNKNOWN_TPS,
    Case,
    Route,
    _foreign_tps,
    _foreign_wilayah,
    _own_wilayah,
)

LOGISTIK = "tungsura/logistik/"
KEJADIAN = "tungsura/kejadian/"
URAIAN_ASING = "Kotak suara tertukar di TPS tetangga rahasia"
KECAMATAN = "33.03.01"


def _reads_tps(peran: Peran) -> int:
    return 200


def _form_status(peran: Peran) -> int:
    return 200 if can_write(peran) else 403


def _post_status(peran: Peran) -> int:
    # 422: the matrix posts an empty form; a read-only role never gets that far.
    return 422 if can_write(peran) else 403


def _region_status(peran: Peran) -> int:
    return 404 if peran in TPS_ROLES else 200


def _own_tps(world: World, peran: Peran) -> Case:
    return Case({"kode": TPS_A1})


def _own_region(world: World, peran: Peran) -> Case:
    return Case({"kode": _own_wilayah(world, peran)})


def _own_region_pdf(world: World, peran: Peran) -> Case:
    """A desa or kecamatan inside the role's scope (the PDF exists only at those levels)."""
    if peran is Peran.PPS or peran in TPS_ROLES:
        return Case({"kode": DESA_A})
    return Case({"kode": KECAMATAN})


def foto_png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def kejadian_of(
    world: World, tps_kode: str, uraian: str = "Pemilih datang tanpa undangan"
) -> tuple[int, int]:
    """Record one incident with one photo at ``tps_kode`` (once); return its and the photo's id."""
    from selenggara.tungsura.kejadian.services import kejadian_record
    from selenggara.tungsura.models import KejadianKhusus

    tps = TPS.objects.select_related("desa", "pemilihan").get(
        pemilihan=world.pemilihan, kode=tps_kode
    )
    kejadian = KejadianKhusus.objects.filter(tps=tps).first()
    if kejadian is None:
        kejadian = kejadian_record(
            tps=tps,
            jenis="kejadian_khusus",
            kontestasi=None,
            kategori="pemilih",
            uraian=uraian,
            pengaju="kpps",
            foto_list=[foto_png()],
            actor=world.user(Peran.KPU_RI),
        )
    return kejadian.pk, kejadian.foto_set.get().pk


def _own_kejadian(world: World, peran: Peran) -> Case:
    pk, foto_pk = kejadian_of(world, TPS_A1)
    return Case({"kode": TPS_A1, "pk": pk, "foto_pk": foto_pk})


def _foreign_kejadian(world: World, peran: Peran) -> Case:
    foreign = _foreign_tps(world, peran)
    kode = str(foreign.kwargs["kode"])
    if kode == UNKNOWN_TPS:
        # KPU RI sees everything: a real incident under an unknown TPS is as unknown.
        pk, foto_pk = kejadian_of(world, TPS_A1)
        return Case({"kode": kode, "pk": pk, "foto_pk": foto_pk})
    pk, foto_pk = kejadian_of(world, kode, URAIAN_ASING)
    return Case({"kode": kode, "pk": pk, "foto_pk": foto_pk}, (*foreign.leaks, URAIAN_ASING))


def _tps_route(path: str, method: str = "GET", status=_reads_tps) -> Route:
    return Route(
        path,
        method=method,
        in_scope=_own_tps,
        out_scope=_foreign_tps,
        in_status=status,
    )


LOGISTIK_ROUTES: list[Route] = [
    Route(LOGISTIK, why="redirects to the actor's own region or TPS (KPU RI: provinsi list)"),
    _tps_route(LOGISTIK + "tps/<str:kode>/kotak/"),
    _tps_route(LOGISTIK + "tps/<str:kode>/kotak/", "POST", _post_status),
    Route(
        LOGISTIK + "<str:kode>/",
        in_scope=_own_region,
        out_scope=_foreign_wilayah,
        in_status=_region_status,
    ),
    Route(
        LOGISTIK + "<str:kode>/distribusi.pdf",
        in_scope=_own_region_pdf,
        out_scope=_foreign_wilayah,
        in_status=_region_status,
    ),
    _tps_route(KEJADIAN + "tps/<str:kode>/"),
    _tps_route(KEJADIAN + "tps/<str:kode>/tambah/", status=_form_status),
    _tps_route(KEJADIAN + "tps/<str:kode>/tambah/", "POST", _post_status),
    Route(
        KEJADIAN + "tps/<str:kode>/<int:pk>/",
        in_scope=_own_kejadian,
        out_scope=_foreign_kejadian,
    ),
    Route(
        KEJADIAN + "tps/<str:kode>/<int:pk>/foto/<int:foto_pk>/",
        in_scope=_own_kejadian,
        out_scope=_foreign_kejadian,
    ),
    Route(
        KEJADIAN + "wilayah/<str:kode>/",
        in_scope=_own_region,
        out_scope=_foreign_wilayah,
        in_status=_region_status,
    ),
]
