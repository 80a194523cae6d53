"""A tungsura world whose TPS A1 has the DPT of the reader's test sheet, and its photos.

The photos are the reader's own test photos (``pindai/tests/data``, generated from the
official PDF by ``pindai.tools.fixtures``): pages 1-3 of one sheet (``lembar.json``), a page 2
whose bubbles disagree with its digits, a blurred page 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selenggara.accounts.domain.peran import Peran
from selenggara.pemilihan.models import TPS
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.models import CHasilFoto
from selenggara.tungsura.services import c_hasil_foto_kirim
from selenggara.tungsura.tests.world import tungsura_world_build

DATA = Path(__file__).resolve().parent.parent / "data"
SHEET: dict[str, int] = json.loads((DATA / "lembar.json").read_text())


def photo(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def world(db) -> World:
    world = tungsura_world_build()
    TPS.objects.filter(kode=TPS_A1).update(
        dpt_laki=SHEET["dpt_l"], dpt_perempuan=SHEET["dpt_p"], dpt=SHEET["dpt_j"]
    )
    world.tps[TPS_A1].refresh_from_db()
    return world


Upload = Callable[..., CHasilFoto]


@pytest.fixture
def upload(world: World, django_capture_on_commit_callbacks) -> Upload:
    """Upload a test photo as the KPPS of TPS A1 and run what waits for the commit (the task)."""

    def _upload(name: str, halaman: int, *, peran: Peran = Peran.KPPS_KETUA) -> CHasilFoto:
        with django_capture_on_commit_callbacks(execute=True):
            hasil = c_hasil_foto_kirim(
                tps=world.tps[TPS_A1],
                jenis="ppwp",
                halaman=halaman,
                dari=3,
                berkas=SimpleUploadedFile(f"hal{halaman}.jpg", photo(name)),
                actor=world.user(peran),
            )
        return hasil.foto

    return _upload
