from __future__ import annotations

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import World, login, world_build


@pytest.fixture
def world(db) -> World:
    return world_build()


@pytest.fixture
def client_as(world: World):
    """Return a logged-in test client for a role of the world."""

    def make(peran: Peran) -> Client:
        return login(Client(), world.users[peran])

    return make
