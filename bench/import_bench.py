"""Benchmark: import every region and all Pemilu 2024 TPS into a fresh database.

    .venv/bin/python bench/import_bench.py                       # SQLite file in a temp dir
    DATABASE_URL=postgres://u:p@host:5432/db .venv/bin/python bench/import_bench.py
                                                                 # PostgreSQL: a fresh database
                                                                 # beside db, dropped afterwards

Phases: the Kepmendagri 2025 list (91,599 regions), the "Pemilu 2024" election, the 2024 TPS
distribution with synthetic DPT (820,161 TPS in the source), and the per-region rollup. Prints
timings and rows per second; exits 1 if the import phases together take more than 60 s
(docs/architecture.md, "Targets").
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from machine import (  # bench/ is on sys.path when a script runs
    cpu_description,
    postgres_drop,
    postgres_fresh,
)

TARGET_SECONDS = 60.0
ROOT = Path(__file__).resolve().parent.parent


def _run() -> int:
    import django
    from django.core.management import call_command
    from django.db import connection, transaction

    django.setup()
    from selenggara.pemilihan.domain.preset import PRESETS
    from selenggara.pemilihan.models import RingkasanWilayah
    from selenggara.pemilihan.services import pemilihan_create, tps_load_distribusi_2024
    from selenggara.wilayah.services import (
        DEFAULT_FILE,
        DEFAULT_KEPUTUSAN,
        DEFAULT_VERSI_KODE,
        wilayah_import,
    )

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        engine = cursor.fetchone()[0].split(" on ")[0]
    print(f"Database: {engine}")
    print(f"Machine:  {cpu_description()}, Python {platform.python_version()}")

    rows: list[tuple[str, float, int]] = []
    start = time.perf_counter()
    wilayah = wilayah_import(
        path=DEFAULT_FILE, versi_kode=DEFAULT_VERSI_KODE, keputusan=DEFAULT_KEPUTUSAN, actor=None
    )
    rows.append(("wilayah import (kode,nama CSV)", time.perf_counter() - start, 91_599))

    mark = time.perf_counter()
    preset = PRESETS["pemilu-2024"]
    pemilihan = pemilihan_create(
        kode=preset.kode,
        nama=preset.nama,
        jenis=preset.jenis,
        hari_pemungutan=preset.hari_pemungutan,
        versi_wilayah=wilayah.versi,
        kontestasi=preset.kontestasi,
        actor=None,
    )
    rows.append(("pemilihan create", time.perf_counter() - mark, 1))

    mark = time.perf_counter()
    phase_started: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        phase_started.setdefault(phase, time.perf_counter())

    # The outer transaction lets the commit (where PostgreSQL runs its deferred foreign-key
    # checks) be timed on its own.
    with transaction.atomic():
        result = tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, progress=progress)
        before_commit = time.perf_counter()
    end = time.perf_counter()
    ringkasan_at = phase_started.get("ringkasan", before_commit)
    rows.append(("TPS build + insert (synthetic DPT)", ringkasan_at - mark, result.jumlah_tps))
    ringkasan_rows = RingkasanWilayah.objects.filter(pemilihan=pemilihan).count()
    rows.append(("ringkasan refresh + audit", before_commit - ringkasan_at, ringkasan_rows))
    rows.append(("commit (deferred FK checks on PG)", end - before_commit, 0))
    total = end - start

    print()
    print(f"{'phase':<38} {'seconds':>8} {'rows':>9} {'rows/s':>10}")
    for label, seconds, count in rows:
        rate = f"{count / seconds:,.0f}" if count and seconds > 0 else ""
        print(f"{label:<38} {seconds:>8.2f} {count:>9,} {rate:>10}")
    print(f"{'total':<38} {total:>8.2f}")
    print()
    print(
        f"Loaded {result.jumlah_tps:,} TPS in {result.jumlah_desa:,} desa, DPT {result.jumlah_dpt:,}; "
        f"{result.desa_rematched} desa matched by name after re-coding; "
        f"{result.desa_skipped} desa ({result.tps_skipped} TPS) not in the 2025 list."
    )
    print(f"Source total: {result.jumlah_tps + result.tps_skipped:,} TPS.")
    ok = total <= TARGET_SECONDS
    print(f"Target <= {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'} ({total:.1f} s)")
    return 0 if ok else 1


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        fresh_url, name = postgres_fresh(url, suffix="bench")
        os.environ["DATABASE_URL"] = fresh_url
        try:
            return _run()
        finally:
            from django.db import connections

            connections.close_all()
            postgres_drop(url, name)
    with tempfile.TemporaryDirectory(prefix="selenggara-bench-") as tmp:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SELENGGARA_VAR_DIR"] = tmp
        return _run()


if __name__ == "__main__":
    sys.exit(main())
