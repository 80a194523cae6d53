"""Hand-written reads for the hottest queries: a C.Hasil submission's token, assignments and TPS.

Compiling a queryset costs more CPU than running it (about 0.6-1 ms against 0.2 ms on the
development machine, docs/performance.md), and a submission makes several; even ``raw()``
inspects the cursor's columns on every call. ``select`` runs ``SELECT <every column> FROM
<one model's table> WHERE ...`` and builds instances with ``Model.from_db``, converting each
value with the same converters the ORM would apply (worked out once per model and database).
Only for one model's own table, with a WHERE clause the caller writes once and the same tests
cover as the ORM query it replaces. Elsewhere, use the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)

Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True, slots=True)
class _Shape:
    """How to read one model's rows on one database: columns and per-column converters."""

    attnames: list[str]
    columns_sql: str
    converters: list[tuple[int, Any, list[Converter]]]  # (index, column expression, converters)


_shapes: dict[tuple[str, type[Model]], _Shape] = {}


def table(model: type[Model]) -> str:
    """The model's table name, quoted for the current database."""
    return connection.ops.quote_name(model._meta.db_table)


def _shape(model: type[Model]) -> _Shape:
    key = (connection.vendor, model)
    shape = _shapes.get(key)
    if shape is None:
        fields = list(model._meta.concrete_fields)
        converters = []
        for index, field in enumerate(fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, column, found))
        shape = _Shape(
            attnames=[f.attname for f in fields],
            columns_sql=", ".join(connection.ops.quote_name(f.column) for f in fields),
            converters=converters,
        )
        _shapes[key] = shape
    return shape


def select(model: type[M], where: str, params: Sequence[Any], *, order: str = "") -> list[M]:
    """``SELECT <every column> FROM <model's table> WHERE <where> [ORDER BY <order>]`` as
    model instances, loaded as the ORM loads them.

    ``where`` and ``order`` are fixed SQL written in the caller, never built from input; every
    value goes through ``params`` (``%s`` placeholders).
    """
    shape = _shape(model)
    sql = f"SELECT {shape.columns_sql} FROM {table(model)} WHERE {where}"  # noqa: S608 - fixed SQL, values in params
    if order:
        sql += f" ORDER BY {order}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = []
    for row in rows:
        values = list(row)
        for index, column, converters in shape.converters:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        result.append(model.from_db(connection.alias, shape.attnames, values))
    return result


def placeholders(count: int) -> str:
    """``%s, %s, ...`` for an ``IN (...)`` of ``count`` values; ``IN ()`` is not SQL."""
    if count < 1:
        raise ValueError("IN (...) needs at least one value")
    return ", ".join(["%s"] * count)
