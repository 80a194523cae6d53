"""Shared pieces of the C.Hasil page tests: the world, logged-in clients, form bodies."""

from __future__ import annotations

import io
import uuid

import pytest
from django.test import Client
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, World, login
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build


@pytest.fixture
def world(db) -> World:
    return tungsura_world_build()


@pytest.fixture
def client_for(world: World):
    def make(peran: Peran) -> Client:
        return login(Client(), world.user(peran))

    return make


def sheet(world: World, jenis: str = "ppwp", **changes: int) -> dict[str, int]:
    lembar = lembar_for_tps(tps=world.tps[TPS_A1], jenis=jenis)
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    angka.update(changes)
    return angka


def body(
    angka: dict[str, int],
    *,
    aksi: str = "kirim",
    konfirmasi: list[str] | None = None,
    alasan: str = "",
    key: uuid.UUID | str | None = None,
) -> dict[str, object]:
    data: dict[str, object] = {k: str(v) for k, v in angka.items()}
    data["idempotency_key"] = str(key or uuid.uuid4())
    data["aksi"] = aksi
    data["konfirmasi"] = konfirmasi or []
    if alasan:
        data["alasan"] = alasan
    return data


def image_bytes(kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), "white").save(buffer, kind)
    return buffer.getvalue()


def isi_url(jenis: str = "ppwp", tps: str = TPS_A1) -> str:
    return f"/tungsura/tps/{tps}/c-hasil/{jenis}/isi/"
