"""Access-matrix registrations of tungsura's api routes (see tests/access.py)."""

from __future__ import annotations

from tests.access import Route

API_ROUTES: list[Route] = []
