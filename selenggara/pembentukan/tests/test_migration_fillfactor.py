"""Migration 0007: on PostgreSQL the applicants' table keeps half of each page free."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from selenggara.core.tests.migrations import migrate_latest, migrate_to

m = importlib.import_module("selenggara.pembentukan.migrations.0007_pendaftar_fillfactor")

# Schema changes on SQLite cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("pembentukan", "0006_merge_dokumen_dan_penelitian")
AFTER = ("pembentukan", "0007_pendaftar_fillfactor")


def _storage() -> list[str]:
    """The applicants' table's storage parameters (PostgreSQL's pg_class.reloptions)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE oid = %s::regclass", ["pembentukan_pendaftar"]
        )
        row = cursor.fetchone()
    assert row is not None
    return list(row[0] or [])


def test_fillfactor_is_set_forwards_and_reset_backwards_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("fillfactor is a PostgreSQL storage parameter")
    assert _storage() == ["fillfactor=50"]
    try:
        migrate_to(BEFORE)
        assert _storage() == []
        migrate_to(AFTER)
        assert _storage() == ["fillfactor=50"]
    finally:
        migrate_latest()


def test_the_migration_writes_nothing_on_sqlite_and_still_goes_both_ways():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite half of the migration")
    with connection.schema_editor(collect_sql=True) as editor:
        m._fillfactor_set(None, editor)
        m._fillfactor_reset(None, editor)
    assert editor.collected_sql == []
    try:
        migrate_to(BEFORE)
        migrate_to(AFTER)
    finally:
        migrate_latest()
