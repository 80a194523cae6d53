"""Hand-written reads for the hottest queries: a C.Hasil submission's token, assignments and TPS.

Compiling a queryset costs more CPU than running it (about 0.6-1 ms against 0.2 ms on the
development machine, docs/performance.md), and a submission makes several. ``raw_list`` lets
Django's ``raw()`` map the columns of one model's own table to instances without a compiler.
Only ``SELECT *`` of that one table, with a WHERE clause the caller writes once and the same
tests cover as the ORM query it replaces. Elsewhere, use the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def table(model: type[Model]) -> str:
    """The model's table name, quoted for the current database."""
    return connection.ops.quote_name(model._meta.db_table)


def raw_list(model: type[M], where: str, params: Sequence[object], *, order: str = "") -> list[M]:
    """``SELECT * FROM <model's table> WHERE <where> [ORDER BY <order>]`` as model instances.

    ``where`` and ``order`` are fixed SQL written in the caller, never built from input; every
    value goes through ``params`` (``%s`` placeholders).
    """
    sql = f"SELECT * FROM {table(model)} WHERE {where}"  # noqa: S608 - fixed SQL, values in params
    if order:
        sql += f" ORDER BY {order}"
    return list(model._default_manager.raw(sql, params))


def placeholders(count: int) -> str:
    """``%s, %s, ...`` for an ``IN (...)`` of ``count`` values (at least one)."""
    return ", ".join(["%s"] * max(count, 1))
