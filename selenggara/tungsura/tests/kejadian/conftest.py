from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from selenggara.portal.tests.world import World
from selenggara.tungsura.tests.world import tungsura_world_build


@pytest.fixture
def world(db) -> World:
    return tungsura_world_build()


def foto(name: str = "foto.jpg", color: str = "blue") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), color).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def bukan_foto() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.jpg", b"%PDF-1.4 bukan foto", content_type="image/jpeg")
