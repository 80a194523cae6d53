"""Speaking to the C.Hasil API as one account, through its bearer token."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.services import api_token_create
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.tests.world import lembar_konsisten

PEMILIHAN = "pemilu-2024"


def url(suffix: str = "", *, tps: str = TPS_A1, pemilihan: str = PEMILIHAN) -> str:
    return f"/api/tungsura/pemilihan/{pemilihan}/tps/{tps}/c-hasil{suffix}"


@dataclass
class Api:
    """A client speaking as one account through its bearer token."""

    world: World
    client: Client
    token: str

    def get(self, path: str):
        return self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def post_json(self, path: str, body, *, key: str | None = None, raw: bytes | None = None):
        headers = {"Authorization": f"Bearer {self.token}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        data = raw if raw is not None else json.dumps(body)
        return self.client.post(path, data=data, content_type="application/json", headers=headers)

    def kirim(self, jenis: str, angka, *, key: str | None = None, **extra):
        return self.post_json(
            url(f"/{jenis}"), {"angka": angka, **extra}, key=key or str(uuid.uuid4())
        )

    def post_multipart(self, path: str, data):
        return self.client.post(path, data=data, HTTP_AUTHORIZATION=f"Bearer {self.token}")


def api_for(world: World, peran: Peran) -> Api:
    _token, raw = api_token_create(user=world.user(peran), nama="ponsel", actor=None)
    return Api(world=world, client=Client(), token=raw)


def sheet(world: World, jenis: str = "ppwp", tps: str = TPS_A1, **changes: int) -> dict[str, int]:
    lembar = lembar_for_tps(tps=world.tps[tps], jenis=jenis)
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    angka.update(changes)
    return angka
