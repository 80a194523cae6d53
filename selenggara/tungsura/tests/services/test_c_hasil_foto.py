"""Page photos: checked by decoding the bytes, stored privately, audited; page numbers sane."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import InvalidInput, PermissionDenied
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.foto import UKURAN_MAKS
from selenggara.tungsura.models import CHasil, CHasilFoto
from selenggara.tungsura.selectors import kontestasi_list_for_tps
from selenggara.tungsura.services import c_hasil_foto_upload
from selenggara.tungsura.tests.world import tungsura_world_build


@pytest.fixture
def world(db) -> World:
    return tungsura_world_build()


def image_bytes(kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), "white").save(buffer, kind)
    return buffer.getvalue()


def _upload(
    world: World, data: bytes, *, halaman=1, dari=3, peran=Peran.KPPS_ANGGOTA, name="hal.jpg"
):
    return c_hasil_foto_upload(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        halaman=halaman,
        dari=dari,
        berkas=SimpleUploadedFile(name, data),
        actor=world.user(peran),
    )


@pytest.mark.parametrize(
    ("kind", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_a_photo_is_stored_before_any_numbers_and_the_missing_pages_follow(
    world: World, kind, content_type
):
    foto = _upload(world, image_bytes(kind), halaman=2)

    assert foto.content_type == content_type
    assert len(foto.sha256) == 64
    assert CHasil.objects.get().versi_terkini is None
    assert kontestasi_list_for_tps(tps=world.tps[TPS_A1])[0].halaman.kurang == (1, 3)
    after = AuditLog.objects.get(action="c_hasil.foto").after
    assert after is not None
    assert after["halaman"] == 2
    with pytest.raises(ValueError, match="no public URL"):
        _ = foto.berkas.url


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.4 not an image", "hal.jpg"),
        (b"MZ\x90\x00 a program", "hal.jpg"),
        (image_bytes()[:200], "hal.jpg"),  # truncated JPEG
        (b"", "kosong.jpg"),
    ],
    ids=["pdf", "program", "truncated", "empty"],
)
def test_what_is_not_a_whole_image_is_refused_and_nothing_is_written(world: World, data, name):
    with pytest.raises(InvalidInput) as caught:
        _upload(world, data, name=name)

    assert caught.value.errors[0].field == "foto"
    assert CHasilFoto.objects.count() == 0


def test_a_gif_is_refused_by_type(world: World):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(InvalidInput, match="JPEG, PNG atau WebP"):
        _upload(world, buffer.getvalue())


def test_a_photo_above_10_mb_is_refused_saying_its_size(world: World):
    with pytest.raises(InvalidInput, match="paling besar 10 MB"):
        _upload(world, b"\xff\xd8\xff" + b"0" * UKURAN_MAKS)


@pytest.mark.parametrize(("halaman", "dari"), [(0, 3), (4, 3), (1, 100)])
def test_impossible_page_numbers_are_refused(world: World, halaman, dari):
    with pytest.raises(InvalidInput) as caught:
        _upload(world, image_bytes(), halaman=halaman, dari=dari)

    assert caught.value.errors[0].field == "halaman"


def test_a_saksi_cannot_upload(world: World):
    with pytest.raises(PermissionDenied):
        _upload(world, image_bytes(), peran=Peran.SAKSI)
