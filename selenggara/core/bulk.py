"""Set-based inserts for imports of hundreds of thousands of rows.

The ORM's ``bulk_create`` builds one model instance per row, which is too slow for 820,161 TPS.
These helpers write plain tuples: PostgreSQL through psycopg 3's ``COPY FROM STDIN``, SQLite
through ``executemany`` of one prepared INSERT. Both run in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Model

BATCH_ROWS = 50_000
ANALYZE_MIN_ROWS = 10_000

Progress = Callable[[str, int, int], None]


def rows_insert(
    *,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    total: int,
    phase: str = "",
    progress: Progress | None = None,
    analyze: bool = True,
) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; return how many were written.

    ``table`` and ``columns`` come from model metadata, never from user input. ``analyze``
    False skips the statistics refresh, for callers that load one table in many batches.
    """
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(c) for c in columns)
    written = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {quote(table)} ({column_sql}) FROM STDIN") as copy:
                for row in iterator:
                    copy.write_row(row)
                    written += 1
                    if progress is not None and written % BATCH_ROWS == 0:
                        progress(phase, written, total)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({column_sql}) VALUES ({placeholders})"  # noqa: S608
            while batch := list(islice(iterator, BATCH_ROWS)):
                cursor.executemany(sql, batch)
                written += len(batch)
                if progress is not None:
                    progress(phase, written, total)
        if analyze and connection.vendor == "postgresql" and written >= ANALYZE_MIN_ROWS:
            # The planner still believes the table is as small as before the load; without
            # fresh statistics the next aggregate over it picks a plan for a tiny table.
            _analyze(cursor, table)
    if progress is not None:
        progress(phase, written, total)
    return written


def statistics_refresh(*models: type[Model]) -> None:
    """Give PostgreSQL's planner the new sizes of tables just filled through the ORM.

    ``rows_insert`` does this after a load; a loader that writes many rows through the
    services (the demo's C.Hasil, each through ``c_hasil_submit``) calls this at its end.
    Autovacuum would analyze them later, but not while the loading transaction is open, and
    until then a join over them is planned for empty tables. SQLite: nothing to do.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            _analyze(cursor, model._meta.db_table)


def _analyze(cursor: Any, table: str) -> None:
    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
