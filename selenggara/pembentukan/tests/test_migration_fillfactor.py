"""Migration 0007: on PostgreSQL the applicants' table keeps half of each page free."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

m = importlib.import_module("selenggara.pembentukan.migrations.0007_pendaftar_fillfactor")

# Schema changes on SQLite cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("pembentukan", "0006_merge_dokumen_dan_penelitian")
AFTER = ("pembentukan", "0007_pendaftar_fillfactor")


def _migrate(target: tuple[str, str] | None = None) -> None:
    """Migrate pembentukan to ``target``, every app to its newest migration when None."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


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
        _migrate(BEFORE)
        assert _storage() == []
        _migrate(AFTER)
        assert _storage() == ["fillfactor=50"]
    finally:
        _migrate()


def test_the_migration_writes_nothing_on_sqlite_and_still_goes_both_ways():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite half of the migration")
    with connection.schema_editor(collect_sql=True) as editor:
        m._fillfactor_set(None, editor)
        m._fillfactor_reset(None, editor)
    assert editor.collected_sql == []
    try:
        _migrate(BEFORE)
        _migrate(AFTER)
    finally:
        _migrate()
