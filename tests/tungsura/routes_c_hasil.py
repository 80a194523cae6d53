"""Access-matrix registrations of tungsura's C.Hasil pages (see tests/access.py).

Every page under /tungsura/tps/<kode>/ takes a TPS: in scope it answers, out of scope it is a
404 that leaks nothing. A KPPS and a saksi see only TPS A1, the PPS its desa, the PPK its
kecamatan. Reading is open to every role holding the TPS; entering, correcting and uploading
photos are for writing roles only (saksi and pengawas get 403). The matrix POSTs an empty body,
so a writing role gets the form back with its errors (200) and stores nothing.

Pages that need a stored C.Hasil (a version, a photo) build one, in scope and out of it, so an
out-of-scope 404 is about access and not about missing data. The public verification pages take
no scoped object: a digest is a public fingerprint of published numbers, and the page answers
anyone, logged in or not, the same.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from selenggara.accounts.domain.peran import Peran, can_write
from selenggara.portal.tests.world import TPS_A1, World
from tests.access import Case, Route, _foreign_tps

_C_HASIL = "tungsura/tps/<str:kode>/c-hasil/<str:jenis>/"


def _stored(world: World, kode: str) -> int:
    """Submit a PPWP C.Hasil and a page photo at TPS ``kode`` once; return the photo's pk."""
    from selenggara.tungsura.lembar import lembar_for_tps
    from selenggara.tungsura.models import CHasilFoto, Sumber
    from selenggara.tungsura.services import c_hasil_foto_upload, c_hasil_submit
    from selenggara.tungsura.tests.world import lembar_konsisten

    tps = world.tps.get(kode)
    if tps is None:  # the unknown TPS of KPU RI's foreign case
        return 999_999
    existing = CHasilFoto.objects.filter(c_hasil__tps=tps).first()
    if existing is not None:
        return existing.pk
    actor = world.user(Peran.KPU_RI)
    lembar = lembar_for_tps(tps=tps, jenis="ppwp")
    c_hasil_submit(
        tps=tps,
        jenis="ppwp",
        angka=lembar_konsisten(lembar.susunan, lembar.konteks),
        actor=actor,
        sumber=Sumber.ENTRI_KERTAS,
    )
    buffer = io.BytesIO()
    Image.new("RGB", (20, 30), "white").save(buffer, "JPEG")
    return c_hasil_foto_upload(
        tps=tps,
        jenis="ppwp",
        halaman=1,
        dari=3,
        berkas=SimpleUploadedFile("hal1.jpg", buffer.getvalue()),
        actor=actor,
    ).pk


def _own(*, stored: bool = False, keys: tuple[str, ...] = ()):
    def case(world: World, peran: Peran) -> Case:
        pk = _stored(world, TPS_A1) if stored else None
        extra = {"nomor": 1, "pk": pk}
        return Case({"kode": TPS_A1, "jenis": "ppwp", **{k: extra[k] for k in keys}})

    return case


def _foreign(*, stored: bool = False, keys: tuple[str, ...] = ()):
    def case(world: World, peran: Peran) -> Case:
        foreign = _foreign_tps(world, peran)
        kode = str(foreign.kwargs["kode"])
        pk = _stored(world, kode) if stored else None
        extra = {"nomor": 1, "pk": pk}
        return Case({"kode": kode, "jenis": "ppwp", **{k: extra[k] for k in keys}}, foreign.leaks)

    return case


def _digest(world: World, peran: Peran) -> Case:
    from selenggara.tungsura.models import CHasilVersi

    _stored(world, TPS_A1)
    return Case({"digest": CHasilVersi.objects.get(c_hasil__tps__kode=TPS_A1).digest})


def _unknown_digest(world: World, peran: Peran) -> Case:
    # A well-formed digest nothing was published under; TPS A1's numbers must not show.
    _stored(world, TPS_A1)
    return Case({"digest": "0" * 64}, ("Kedungbenda",))


def _write_status(ok: int):
    def status(peran: Peran) -> int:
        return ok if can_write(peran) else 403

    return status


def _page(
    suffix: str,
    method: str = "GET",
    *,
    stored: bool = False,
    keys: tuple[str, ...] = (),
    ok: int | None = None,
) -> Route:
    return Route(
        _C_HASIL + suffix,
        method=method,
        in_scope=_own(stored=stored, keys=keys),
        out_scope=_foreign(stored=stored, keys=keys),
        in_status=_write_status(ok) if ok is not None else None,
    )


C_HASIL_ROUTES: list[Route] = [
    Route(
        "tungsura/tps/<str:kode>/",
        in_scope=lambda w, p: Case({"kode": TPS_A1}),
        out_scope=_foreign_tps,
    ),
    _page("", stored=True),
    _page("isi/", ok=200),
    _page("isi/", "POST", ok=200),
    _page("foto/", stored=True),
    _page("foto/", "POST", ok=200),
    _page("foto/<int:pk>/", stored=True, keys=("pk",)),
    _page("konfirmasi/", "POST", stored=True, ok=302),
    _page("salinan/", stored=True),
    _page("versi/<int:nomor>/", stored=True, keys=("nomor",)),
    _page("versi/<int:nomor>/salinan/", stored=True, keys=("nomor",)),
    # Public, no login: the digest is not a scoped object but a public fingerprint of published
    # numbers; every visitor gets the same answer. A known one answers, an unknown one is 404.
    Route("verifikasi/", why="public: a form asking for a digest"),
    Route("verifikasi/<str:digest>/", in_scope=_digest, out_scope=_unknown_digest),
    Route("verifikasi/<str:digest>/teks.txt", in_scope=_digest, out_scope=_unknown_digest),
]
