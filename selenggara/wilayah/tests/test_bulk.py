"""core.bulk on the region table (core has no table of its own to fill): rows written with COPY
/ executemany, and the planner told of new table sizes."""

from __future__ import annotations

import pytest
from django.db import connection

from selenggara.core.bulk import ANALYZE_MIN_ROWS, rows_insert, statistics_refresh
from selenggara.wilayah.models import VersiWilayah, Wilayah

pytestmark = pytest.mark.django_db

TABLE = Wilayah._meta.db_table
COLUMNS = ("versi_id", "kode", "nama", "tingkat", "induk_kode")


def _load(n: int, *, analyze: bool = True) -> int:
    versi = VersiWilayah.objects.create(kode="uji", keputusan="Uji")
    rows = ((versi.pk, f"{i:02d}", f"Provinsi {i}", 1, "") for i in range(n))
    return rows_insert(table=TABLE, columns=COLUMNS, rows=rows, total=n, analyze=analyze)


def _planner_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
        return float(cursor.fetchone()[0])


def test_rows_insert_writes_every_row_in_the_callers_transaction():
    assert _load(3) == 3
    assert sorted(Wilayah.objects.values_list("kode", flat=True)) == ["00", "01", "02"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics")
def test_statistics_refresh_tells_the_planner_of_rows_not_yet_committed():
    # Statistics from before the load, whatever earlier tests left in them.
    statistics_refresh(Wilayah)
    before = Wilayah.objects.count()
    assert _planner_rows() == before
    _load(90, analyze=False)
    assert ANALYZE_MIN_ROWS > 90  # rows_insert alone does not refresh them
    assert _planner_rows() == before  # what a join over the table would be planned for
    statistics_refresh(Wilayah)
    assert _planner_rows() == before + 90
