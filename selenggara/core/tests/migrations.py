"""Moving the test database between migration states, for the tests of data migrations.

A data migration is tested by migrating back to the state before it, writing rows with that
state's models, migrating forward (and back) and reading them. Each step builds a fresh
executor: one that has migrated holds a graph of the state it started from. Tests that use
these need ``django_db(transaction=True)`` (SQLite cannot change a schema inside the test's
transaction) and must end with ``migrate_latest()`` (in a ``finally``), so the tests after
them find the schema they expect.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(*targets: tuple[str, str]) -> Apps:
    """Migrate each named app to its target migration; return that state's app registry."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def migrate_latest() -> None:
    """Migrate every app to its newest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
