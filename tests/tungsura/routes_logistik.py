"""Access-matrix registrations of tungsura's logistik routes (see tests/access.py)."""

from __future__ import annotations

from tests.access import Route

LOGISTIK_ROUTES: list[Route] = []
