"""Access-matrix registrations of tungsura's c_hasil routes (see tests/access.py)."""

from __future__ import annotations

from tests.access import Route

C_HASIL_ROUTES: list[Route] = []
