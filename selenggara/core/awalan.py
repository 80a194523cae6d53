"""Indexes for prefix lookups on region and TPS codes."""

from __future__ import annotations

# A (foreign key, code) index whose code column serves prefix lookups (``kode__startswith``:
# a region's TPS, a kab/kota's applicants) on PostgreSQL databases whose collation is not C,
# where a plain btree cannot serve LIKE 'x%' and every prefix query scanned the whole table
# (58 ms for one desa's TPS out of 820,161). On SQLite it is a plain index.
AWALAN_OPCLASSES: list[str] = ["int8_ops", "varchar_pattern_ops"]
