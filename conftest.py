"""Fixtures shared by every app's tests. Keep this file small."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.tests.fixtures import WilayahTree, wilayah_tree_build
from selenggara.tungsura.lembar import lembar_cache_clear


@pytest.fixture(autouse=True)
def _process_caches_clear() -> None:
    """Forget ballot layouts kept in memory: tests change participants without the importer."""
    lembar_cache_clear()


@pytest.fixture(autouse=True)
def _audit_dir(settings: Any, tmp_path: Path) -> None:
    """Give each test its own audit checkpoint file: each test starts with an empty log."""
    settings.SELENGGARA_AUDIT_DIR = tmp_path / "audit"


@pytest.fixture
def wilayah_tree(db: None) -> WilayahTree:
    """provinsi 33 > kab 33.03 > kec 33.03.01 > two desa > three TPS, with Pemilu 2024.

    Function-scoped (built in a few milliseconds) so that transactional and live-server tests,
    which empty the database, can use it too.
    """
    return wilayah_tree_build()


@pytest.fixture
def pemilihan(wilayah_tree: WilayahTree) -> Pemilihan:
    """The election of ``wilayah_tree``."""
    return wilayah_tree.pemilihan
