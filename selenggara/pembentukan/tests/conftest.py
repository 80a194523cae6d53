from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path: Path) -> Path:
    """Every test stores documents under its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def world_pps(wilayah_tree):
    """A PPS of desa 33.03.01.2001 (Kedungbenda)."""
    from selenggara.accounts.domain.peran import Peran
    from selenggara.accounts.services import penugasan_assign, user_create

    user = user_create(
        username="pps_kedungbenda",
        nama="PPS Kedungbenda",
        password="Rahasia-Uji-2029!",
        actor=None,
        enforce_password_policy=False,
    )
    penugasan_assign(user=user, peran=Peran.PPS, wilayah_kode="33.03.01.2001", actor=None)
    return user
