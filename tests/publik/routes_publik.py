"""Access-matrix registrations of the public results (/hasil/, /api/publik/), see tests/access.py.

Public, no login: results are not scoped objects, every visitor (each role, and anonymous)
gets the same answer. A known election, contest, region or TPS answers; an unknown one is a
404 that shows none of the known results. Photos: only C.Hasil page photos have a route.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import DESA_A, NAMA_DESA_A, TPS_A1, World
from selenggara.tungsura.services import c_hasil_foto_upload
from tests.access import PEMILIHAN, Case, Route


def _region(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "ppwp", "kode": DESA_A})


def _unknown_region(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "ppwp", "kode": "99.99"}, (NAMA_DESA_A,))


def _contest(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "ppwp"})


def _unknown_contest(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "gubernur"}, ("Kabupaten Purbalingga",))


def _tps(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "ppwp", "kode": TPS_A1})


def _unknown_tps(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "ppwp", "kode": "9999999999999"}, (TPS_A1,))


def _foto(world: World, peran: Peran) -> Case:
    from selenggara.publik.tests.world import image_bytes

    foto = c_hasil_foto_upload(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        halaman=1,
        dari=2,
        berkas=SimpleUploadedFile("h1.jpg", image_bytes(), "image/jpeg"),
        actor=world.user(Peran.PPK),
    )
    return Case({"foto_id": foto.pk})


def _unknown_foto(world: World, peran: Peran) -> Case:
    return Case({"foto_id": 999_999})


PUBLIK_ROUTES: list[Route] = [
    Route("hasil/", why="public: the list of elections and contests"),
    Route("hasil/foto/<int:foto_id>/", in_scope=_foto, out_scope=_unknown_foto),
    Route("hasil/<str:pemilihan>/<str:jenis>/", in_scope=_contest, out_scope=_unknown_contest),
    Route(
        "hasil/<str:pemilihan>/<str:jenis>/tps/<str:kode>/",
        in_scope=_tps,
        out_scope=_unknown_tps,
    ),
    Route(
        "hasil/<str:pemilihan>/<str:jenis>/<str:kode>/",
        in_scope=_region,
        out_scope=_unknown_region,
    ),
]


def _berkas(world: World, peran: Peran) -> Case:
    from selenggara.publik.demo import publikasi_dir

    publikasi_dir().mkdir(parents=True, exist_ok=True)
    (publikasi_dir() / "matriks.txt").write_text("publikasi")
    return Case({"path": "matriks.txt"})


def _unknown_berkas(world: World, peran: Peran) -> Case:
    return Case({"path": "tidak-ada.json"})


def _api_region(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "ppwp"})


def _api_tps(world: World, peran: Peran) -> Case:
    return Case({"pemilihan": PEMILIHAN, "jenis": "ppwp", "kode": TPS_A1})


PUBLIK_ROUTES += [
    Route("publikasi/<path:path>", in_scope=_berkas, out_scope=_unknown_berkas),
    Route(
        "api/publik/<pemilihan>/<jenis>/hasil",
        api_path="/api/publik/{pemilihan}/{jenis}/hasil",
        in_scope=_api_region,
        out_scope=_unknown_contest,
    ),
    Route(
        "api/publik/<pemilihan>/<jenis>/hasil.csv",
        api_path="/api/publik/{pemilihan}/{jenis}/hasil.csv",
        in_scope=_api_region,
        out_scope=_unknown_contest,
    ),
    Route(
        "api/publik/<pemilihan>/<jenis>/tps/<kode>",
        api_path="/api/publik/{pemilihan}/{jenis}/tps/{kode}",
        in_scope=_api_tps,
        out_scope=_unknown_tps,
    ),
]
