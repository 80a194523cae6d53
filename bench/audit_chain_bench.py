"""Benchmark: does the audit chain (an advisory lock per append, per chain) hold writers up?

    DATABASE_URL=postgres://u:p@host:5432/db .venv/bin/python bench/audit_chain_bench.py

In a fresh database beside the one named (dropped afterwards), ``--writers`` threads each run
``--per-writer`` transactions shaped like a C.Hasil change: lock one header row of its own,
insert a version-sized row, then ``audit_record`` (which takes its chain's advisory lock and
holds it to the commit), then ``--tail`` more row updates in the same transaction (the recap
aggregates of every tier, issue 10, written after the audit row). The load runs three ways:
without the audit row ("baseline"), audited with every writer in its own kab/kota ("spread":
polling night, changes come from all over the country; one chain each since ADR 0014), and
audited with every writer in the same kab/kota ("same": one chain, the worst case, as the one
global chain was for every writer before ADR 0014). Prints p50/p99 latency and throughput per
writer count, and checks every chain afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

from machine import cpu_description, postgres_drop, postgres_fresh

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P99 = 0.020  # one C.Hasil change through every tier (docs/architecture.md, issue 10)


def _setup(writers: int, tail: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_header (id int PRIMARY KEY, n int NOT NULL)")
        cursor.execute("CREATE TABLE bench_versi (id serial PRIMARY KEY, header int, body text)")
        cursor.execute("CREATE TABLE bench_agg (id int PRIMARY KEY, n bigint NOT NULL)")
        cursor.execute(
            "INSERT INTO bench_header SELECT g, 0 FROM generate_series(1, %s) g", [writers]
        )
        # One aggregate row per writer and tier: the recap's own contention is not measured.
        cursor.execute(
            "INSERT INTO bench_agg SELECT g, 0 FROM generate_series(1, %s) g", [writers * tail]
        )


def _kode(writer: int, *, spread: bool) -> str:
    """A desa code in the writer's own kab/kota (spread), or always in 33.03 (same)."""
    if not spread:
        return "33.03.01.2001"
    return f"{11 + writer // 90}.{writer % 90 + 1:02d}.01.2001"


def _change(writer: int, i: int, *, audited: bool, spread: bool, tail: int) -> None:
    from django.db import connection, transaction

    from selenggara.core.audit import audit_record

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT n FROM bench_header WHERE id = %s FOR UPDATE", [writer + 1])
        cursor.execute(
            "INSERT INTO bench_versi (header, body) VALUES (%s, %s)", [writer + 1, "x" * 2000]
        )
        if audited:
            audit_record(
                actor=None,
                action="c_hasil.submit",
                target=("tungsura.chasilversi", f"{writer}-{i}"),
                wilayah_kode=_kode(writer, spread=spread),
                after={"tps": "3303012001001", "versi": i, "digest": "a" * 64},
            )
        for tier in range(tail):
            cursor.execute(
                "UPDATE bench_agg SET n = n + 1 WHERE id = %s", [writer * tail + tier + 1]
            )


def _run(
    writers: int, per_writer: int, *, audited: bool, spread: bool, tail: int
) -> tuple[list[float], float]:
    from django.db import connections

    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(writers)

    def work(writer: int) -> None:
        mine = []
        barrier.wait()
        for i in range(per_writer):
            start = time.perf_counter()
            _change(writer, i, audited=audited, spread=spread, tail=tail)
            mine.append(time.perf_counter() - start)
        connections.close_all()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - start


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", default="1,2,4,8,16")
    parser.add_argument("--per-writer", type=int, default=200)
    parser.add_argument("--tail", type=int, default=4, help="row updates after the audit row")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL=postgres://... : the lock is measured on PostgreSQL.")
        return 2
    counts = [int(n) for n in args.writers.split(",")]
    url, name = postgres_fresh(base, suffix="auditbench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    worst = 0.0
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from selenggara.core.audit import audit_verify

        call_command("migrate", verbosity=0)
        _setup(max(counts), args.tail)
        connections.close_all()
        print(f"Machine:  {cpu_description()}, Python {platform.python_version()}, PostgreSQL")
        print(f"Load:     {args.per_writer} changes per writer, {args.tail} updates after audit")
        print("writers  mode      p50 ms   p99 ms   changes/s")
        modes = [("baseline", False, True), ("spread", True, True), ("same", True, False)]
        for writers in counts:
            for mode, audited, spread in modes:
                lat, wall = _run(
                    writers, args.per_writer, audited=audited, spread=spread, tail=args.tail
                )
                p99 = _p(lat, 99)
                if mode == "spread":
                    worst = max(worst, p99)
                print(
                    f"{writers:>7}  {mode:<8} {_p(lat, 50) * 1000:>7.2f}  {p99 * 1000:>7.2f}"
                    f"   {len(lat) / wall:>9.0f}",
                    flush=True,
                )
        result = audit_verify()
        print(
            f"Chains:   {result.rows_checked} rows in {len(result.heads)} chains, "
            f"intact: {result.ok}"
        )
        connections.close_all()
    finally:
        postgres_drop(base, name)
    print(f"Worst spread p99: {worst * 1000:.2f} ms (target {TARGET_P99 * 1000:.0f} ms)")
    return 0 if worst <= TARGET_P99 else 1


if __name__ == "__main__":
    sys.exit(main())
