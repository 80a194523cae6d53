"""Benchmark: `kunci rotasi` re-encrypting stored NIKs, and a rerun that finds nothing to do.

    DATABASE_URL=postgres://u:p@host:5432/db .venv/bin/python bench/kunci_bench.py --rows 100000

In a fresh database beside the one named (dropped afterwards): one region tree, then
``--rows`` applicants (copies of one, each with its own number and a NIK encrypted under key
1), then key 2 is made current with key 1 retired and ``kunci_rotasi`` runs over them in
batches of ``--kelompok``; then it runs again (the cost of resuming: every row scanned, none
written). Prints rows/s of both and the time that rate gives for 5.74 million applicants, and
checks a sample decrypts under key 2 alone.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import sys
import time
from pathlib import Path

from machine import cpu_description, postgres_drop, postgres_fresh

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NATIONAL_APPLICANTS = 5_741_127
K1, K2 = "bench-kunci-satu-" + "a" * 40, "bench-kunci-dua-" + "b" * 40


def _applicants(rows: int) -> None:
    from selenggara.pembentukan.models import Pendaftar
    from selenggara.pembentukan.personal import nik_encrypt
    from selenggara.pembentukan.tests.penetapan.builders import calon_make
    from selenggara.pemilihan.tests.fixtures import wilayah_tree_build

    tree = wilayah_tree_build()
    template = calon_make(tree.pemilihan, tree.desa_list[0])
    batch: list[Pendaftar] = []
    for i in range(1, rows):
        row = copy.copy(template)
        row.pk = None
        row.nomor_pendaftaran = f"BENCH-{i:08d}"
        row.token_digest = f"{i:064d}"
        row.nik_encrypted = nik_encrypt(f"3303{i:012d}")
        batch.append(row)
        if len(batch) == 10_000:
            Pendaftar.objects.bulk_create(batch)
            batch = []
    Pendaftar.objects.bulk_create(batch)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--kelompok", type=int, default=2_000)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL=postgres://... : the rotation is measured on PostgreSQL.")
        return 2
    url, name = postgres_fresh(base, suffix="kuncibench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        from selenggara.core.kunci import kunci_rotasi
        from selenggara.pembentukan.models import Pendaftar
        from selenggara.pembentukan.personal import nik_decrypt

        call_command("migrate", verbosity=0)
        settings.SELENGGARA_DATA_KEY, settings.SELENGGARA_DIGEST_KEY = K1, K1
        settings.SELENGGARA_DATA_KEYS_OLD = []
        start = time.perf_counter()
        _applicants(args.rows)
        print(f"Machine:  {cpu_description()}, Python {platform.python_version()}, PostgreSQL")
        print(
            f"Setup:    {args.rows} applicants under key 1 in {time.perf_counter() - start:.1f} s"
        )
        settings.SELENGGARA_DATA_KEY, settings.SELENGGARA_DATA_KEYS_OLD = K2, [K1]
        for label in ("rotation", "rerun"):
            start = time.perf_counter()
            report = kunci_rotasi(actor=None, batch_rows=args.kelompok)
            wall = time.perf_counter() - start
            rate = args.rows / wall
            print(
                f"{label:<9} {wall:7.1f} s  {rate:9.0f} rows/s  rotated {report.rotated:>8}  "
                f"national ({NATIONAL_APPLICANTS:,}) ~ {NATIONAL_APPLICANTS / rate / 60:.1f} min"
            )
        settings.SELENGGARA_DATA_KEYS_OLD = []
        sample = Pendaftar.objects.order_by("?").values_list("nik_encrypted", flat=True)[:100]
        ok = all(len(nik_decrypt(token)) == 16 for token in sample)
        print(f"Sample:   100 NIKs decrypt under key 2 alone: {ok}")
        connections.close_all()
    finally:
        _drop(base, name)
    return 0 if ok else 1


def _drop(base: str, name: str) -> None:
    """Drop the database, waiting out autovacuum (which FORCE may not terminate for us)."""
    import psycopg

    for _ in range(20):
        try:
            postgres_drop(base, name)
            return
        except psycopg.errors.InsufficientPrivilege:
            time.sleep(3)
    print(f"Could not drop {name}: drop it by hand.")


if __name__ == "__main__":
    sys.exit(main())
