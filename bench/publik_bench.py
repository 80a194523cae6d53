"""Benchmark: the dynamic public region pages and a publication, on the demo database.

    .venv/bin/selenggara migrate -v0 && .venv/bin/selenggara demo   # once (Purbalingga)
    .venv/bin/python bench/publik_bench.py [--requests 200] [--publish]

Timed: ``--requests`` GETs per level of ``/hasil/<pemilihan>/ppwp/<kode>/`` (nation, provinsi,
kab/kota, kecamatan, desa, TPS) in-process through Django's test client (no network, no
server), printing p50/p99 per level. ``--publish`` also writes a full publication (with the
per-TPS static pages) to a temporary directory and prints its time, file count and size.

Not measured here (see docs/performance.md): the national dataset (820,161 TPS, which needs
the rekap branch's generator and aggregates) and static serving by nginx.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.test import Client  # noqa: E402

from selenggara.pemilihan.models import Pemilihan  # noqa: E402
from selenggara.publik.terbitkan import publikasi_terbitkan  # noqa: E402

LEVELS = [
    ("nasional", ""),
    ("provinsi", "33/"),
    ("kabkota", "33.03/"),
    ("kecamatan", "33.03.01/"),
    ("desa", "33.03.01.2001/"),
    ("tps", "tps/3303012001002/"),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pemilihan", default="pemilu-2024")
    parser.add_argument("--publish", action="store_true")
    args = parser.parse_args()
    pemilihan = Pemilihan.objects.get(kode=args.pemilihan)
    client = Client(HTTP_HOST="127.0.0.1")
    for name, suffix in LEVELS:
        url = f"/hasil/{pemilihan.kode}/ppwp/{suffix}"
        if client.get(url).status_code != 200:
            print(f"{url}: not 200")
            return 1
        times = []
        size = 0
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            size = len(response.content)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(
            f"{name:<10} p50 {statistics.median(times):7.1f} ms  p99 {p99:7.1f} ms  "
            f"{size / 1024:5.1f} kB  {url}"
        )
    if args.publish:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            cpu = time.process_time()
            r = publikasi_terbitkan(pemilihan=pemilihan, out=Path(tmp) / "pub", alasan="bench")
            print(
                f"publication: {time.perf_counter() - started:.1f} s wall, "
                f"{time.process_time() - cpu:.1f} s CPU, {r.jumlah_berkas} files, "
                f"{r.ukuran / 1_000_000:.1f} MB, {r.jumlah_tps} TPS x contests"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
