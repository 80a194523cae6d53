"""Fixtures shared by every app's tests. Keep this file small."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.tests.fixtures import WilayahTree, wilayah_tree_build
from selenggara.rekap.selectors import tanda_cache_clear
from selenggara.tungsura.lembar import lembar_cache_clear


@pytest.fixture(autouse=True)
def _process_caches_clear() -> None:
    """Forget ballot layouts kept in memory (tests change participants without the importer),
    and recap flags (a rolled-back test's row ids are reused by the next one on SQLite)."""
    lembar_cache_clear()
    tanda_cache_clear()


@pytest.fixture(autouse=True)
def _language_default() -> Iterator[None]:
    """Start every test in the default language (Indonesian) and leave none active after it.

    LocaleMiddleware activates a request's language in the thread and nothing deactivates it, so
    a test that asks for an English page would turn the next test's messages English: in random
    order that made refusal tests fail on whatever followed.
    """
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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
