"""A tungsura world and a bearer-token client for the KPPS chair of TPS A1."""

from __future__ import annotations

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import World
from selenggara.tungsura.tests.api.apiclient import Api, api_for
from selenggara.tungsura.tests.world import tungsura_world_build


@pytest.fixture
def world(db) -> World:
    return tungsura_world_build()


@pytest.fixture
def api(world: World) -> Api:
    return api_for(world, Peran.KPPS_KETUA)
