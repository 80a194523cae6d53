"""Benchmarks of the public side: dynamic region pages, a publication, static serving.

    # (1) dynamic pages and a publication, on the demo database (Purbalingga):
    .venv/bin/selenggara migrate -v0 && .venv/bin/selenggara demo   # once
    .venv/bin/python bench/publik_bench.py halaman [--requests 200] [--publish]

    # (2) the same on the national dataset (820,161 TPS x 5 contests, bench/nasional.py) in a
    #     fresh PostgreSQL database (dropped afterwards unless --keep):
    DATABASE_URL=postgres://u:p@127.0.0.1:5432/publik .venv/bin/python bench/publik_bench.py \
        nasional [--requests 100] [--publish-prefix 33.03]
    #     or on a national database built once (bench/nasional.py, then rekap hitung-ulang):
    DATABASE_URL=postgres://u:p@127.0.0.1:5432/nasional .venv/bin/python bench/publik_bench.py \
        nasional --reuse [--requests 100] [--publish-prefix 33.03]

    # (3) a publication's static pages served by nginx, loaded by wrk (both from Debian:
    #     apt-get install -y nginx wrk); exits non-zero, naming what is missing, without them:
    .venv/bin/python bench/publik_bench.py statis DIR [--seconds 20] [--connections 64]

(1)/(2) time ``--requests`` GETs per level of ``/hasil/<pemilihan>/ppwp/<kode>/`` (nation,
provinsi, kab/kota, kecamatan, desa, TPS) in-process through Django's test client (no network,
no server: the application's own time), printing p50/p99 per level. ``--publish`` writes a full
publication to a temporary directory and prints its time, file count and size;
``--publish-prefix`` publishes one region's subtree of the national dataset (the whole nation
is 83,000-odd desa x 5 contests of pages) and extrapolates by TPS.

(3) serves DIR (a publication) at http://127.0.0.1:8102/publikasi/ with nginx (2 workers,
sendfile, open_file_cache, access log off) and runs wrk over every static page and snapshot of
it (a Lua script cycles through the paths), printing requests/s and the latency distribution.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from machine import cpu_description, postgres_drop, postgres_fresh  # noqa: E402

if TYPE_CHECKING:
    from selenggara.pemilihan.models import Pemilihan

PORT = 8102
TARGET_RPS = 2000
TARGET_P99_MS = 50.0
TARGET_PUBLISH_S = 300.0


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def _levels(pemilihan: Pemilihan, tps_kode: str) -> list[tuple[str, str]]:
    desa = f"{tps_kode[0:2]}.{tps_kode[2:4]}.{tps_kode[4:6]}.{tps_kode[6:10]}"
    return [
        ("nasional", ""),
        ("provinsi", f"{desa[:2]}/"),
        ("kabkota", f"{desa[:5]}/"),
        ("kecamatan", f"{desa[:8]}/"),
        ("desa", f"{desa}/"),
        ("tps", f"tps/{tps_kode}/"),
    ]


def _pages(pemilihan: Pemilihan, tps_kode: str, requests: int, jenis: str = "ppwp") -> int:
    """Time the dynamic pages per level and contest (``jenis``: comma-separated); return 1
    when a page is not 200. "first" is the first request of a page (the flags of a kecamatan
    or desa page computed, not yet kept by the process); p50 and p99 are the ones after it."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    kode = pemilihan.kode
    failed = 0
    pages = [
        (f"{name} {j}", f"/hasil/{kode}/{j}/{suffix}")
        for j in jenis.split(",")
        for name, suffix in _levels(pemilihan, tps_kode)
    ]
    for name, url in pages:
        started = time.perf_counter()
        first = client.get(url)
        cold = (time.perf_counter() - started) * 1000
        if first.status_code != 200:
            print(f"{url}: {first.status_code}, not 200")
            failed = 1
            continue
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(
            f"{name:<22} p50 {statistics.median(times):7.1f} ms  p99 {p99:7.1f} ms  "
            f"first {cold:7.1f} ms  {len(response.content) / 1024:5.1f} kB  {url}",
            flush=True,
        )
    return failed


def _publish(pemilihan: Pemilihan) -> None:
    from selenggara.publik.terbitkan import publikasi_terbitkan

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        cpu = time.process_time()
        r = publikasi_terbitkan(
            pemilihan=pemilihan,
            out=Path(tmp) / "pub",
            alasan="bench",
        )
        print(
            f"publication: {time.perf_counter() - started:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU, {r.jumlah_berkas} files, "
            f"{r.ukuran / 1_000_000:.1f} MB, {r.jumlah_tps} TPS x contests"
        )


def _publish_prefix(pemilihan: Pemilihan, prefix: str) -> None:
    """Publish one region's subtree (its regions, snapshots, open data, pages) and extrapolate."""
    from selenggara.pemilihan.models import TPS
    from selenggara.publik import terbitkan

    everything = terbitkan._wilayah_list
    polos = prefix.replace(".", "")
    terbitkan._wilayah_list = lambda p: [  # type: ignore[assignment]
        k for k in everything(p) if k.replace(".", "").startswith(polos)
    ]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            r = terbitkan.publikasi_terbitkan(
                pemilihan=pemilihan,
                out=Path(tmp) / "pub",
                alasan="bench",
                halaman_tps=False,
            )
            wall = time.perf_counter() - started
    finally:
        terbitkan._wilayah_list = everything
    part = TPS.objects.filter(pemilihan=pemilihan, kode__startswith=polos).count()
    total = TPS.objects.filter(pemilihan=pemilihan).count()
    print(
        f"publication of {prefix} (without per-TPS pages): {wall:.1f} s wall, {part:,} TPS, "
        f"{r.jumlah_berkas:,} files, {r.ukuran / 1_000_000:.1f} MB; extrapolated to "
        f"{total:,} TPS: {wall * total / max(part, 1) / 60:.0f} min, "
        f"{r.ukuran * total / max(part, 1) / 1e9:.1f} GB (target {TARGET_PUBLISH_S / 60:.0f} min)"
    )


def halaman(args: argparse.Namespace) -> int:
    _django()
    from selenggara.pemilihan.models import TPS, Pemilihan

    pemilihan = Pemilihan.objects.get(kode=args.pemilihan)
    tps = TPS.objects.filter(pemilihan=pemilihan).order_by("kode").values_list("kode", flat=True)
    print(f"Machine: {cpu_description()}, Python {platform.python_version()}")
    failed = _pages(pemilihan, str(tps.first()), args.requests, args.jenis)
    if args.publish:
        _publish(pemilihan)
    return failed


def nasional(args: argparse.Namespace) -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("nasional needs DATABASE_URL=postgres://... (a fresh database is made from it)")
        return 2
    if args.reuse:
        name = ""
    else:
        fresh, name = postgres_fresh(url, suffix="publikbench")
        os.environ["DATABASE_URL"] = fresh
    _django()
    from django.core.management import call_command
    from django.db import connections
    from nasional import nasional_build, progress_printer

    from selenggara.pemilihan.models import TPS, Pemilihan
    from selenggara.rekap.hitung import rekap_hitung_ulang

    print(f"Machine: {cpu_description()}, Python {platform.python_version()}, PostgreSQL")
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    failed = 0
    try:
        if args.reuse:
            pemilihan = Pemilihan.objects.get(kode="pemilu-2024")
        else:
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            info = nasional_build(progress=progress_printer())
            print(f"Setup (nasional_build): {time.perf_counter() - started:.0f} s", flush=True)
            pemilihan = Pemilihan.objects.get(pk=info.pemilihan_id)
            started = time.perf_counter()
            rekap_hitung_ulang(pemilihan=pemilihan, periksa=False)
            print(f"Setup (rekap_hitung_ulang): {time.perf_counter() - started:.0f} s", flush=True)
        tps = TPS.objects.filter(pemilihan=pemilihan, kode__startswith="3303").order_by("kode")
        failed = _pages(
            pemilihan, str(tps.values_list("kode", flat=True).first()), args.requests, args.jenis
        )
        if args.publish_prefix:
            _publish_prefix(pemilihan, args.publish_prefix)
    finally:
        connections.close_all()
        if args.keep or args.reuse:
            print(f"Kept database {name or url.rsplit('/', 1)[-1]}")
        else:
            postgres_drop(url, name)
    return failed


_NGINX_CONF = """worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max=100000 inactive=60s;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{ text/html html; application/json json; text/css css; text/csv csv; }}
    server {{
        listen 127.0.0.1:{port};
        location /publikasi/ {{ alias {root}/; index index.html; }}
    }}
}}
"""

_WRK_LUA = """local paths = {{}}
for line in io.lines("{paths}") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def statis(args: argparse.Namespace) -> int:
    root = Path(args.dir).resolve()
    tools = {tool: shutil.which(tool) for tool in ("nginx", "wrk")}
    missing = [tool for tool, path in tools.items() if path is None]
    nginx, wrk = str(tools["nginx"]), str(tools["wrk"])
    if missing:
        print(f"statis needs {' and '.join(missing)}: apt-get install -y nginx wrk")
        return 2
    if not (root / "log").is_dir():
        print(f"{root} is not a publication (no log/)")
        return 2
    paths = [
        "/publikasi/" + p.relative_to(root).as_posix()
        for p in sorted(root.rglob("*"))
        if p.is_file() and (p.name == "index.html" or p.parent.name == "snapshot")
    ]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "paths.txt").write_text("\n".join(paths) + "\n")
        (Path(tmp) / "paths.lua").write_text(_WRK_LUA.format(paths=Path(tmp) / "paths.txt"))
        (Path(tmp) / "nginx.conf").write_text(_NGINX_CONF.format(tmp=tmp, port=PORT, root=root))
        version = subprocess.run(  # noqa: S603 (our own binary, fixed arguments)
            [nginx, "-v"], check=False, capture_output=True, text=True
        ).stderr.strip()
        server = subprocess.Popen(  # noqa: S603
            [nginx, "-p", tmp, "-c", f"{tmp}/nginx.conf", "-g", "daemon off;"]
        )
        try:
            time.sleep(1)
            if server.poll() is not None:
                print((Path(tmp) / "error.log").read_text())
                return 2
            print(f"Machine: {cpu_description()}; {version}; wrk 4.1; {len(paths):,} paths")
            print(
                f"wrk -t2 -c{args.connections} -d{args.seconds}s --latency, "
                "client and server on the same 2 cores"
            )
            out = subprocess.run(  # noqa: S603
                [
                    wrk,
                    "-t2",
                    f"-c{args.connections}",
                    f"-d{args.seconds}s",
                    "--latency",
                    "-s",
                    f"{tmp}/paths.lua",
                    f"http://127.0.0.1:{PORT}",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(out)
    rps = next(float(line.split()[1]) for line in out.splitlines() if "Requests/sec" in line)
    print(f"{'OK' if rps >= TARGET_RPS else 'MISSED'}: {rps:,.0f} requests/s (target {TARGET_RPS})")
    return int(rps < TARGET_RPS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    h = sub.add_parser("halaman")
    h.add_argument("--requests", type=int, default=200)
    h.add_argument("--pemilihan", default="pemilu-2024")
    h.add_argument("--publish", action="store_true")
    h.add_argument("--jenis", default="ppwp", help="Contests, comma-separated (ppwp,dpr,...).")
    n = sub.add_parser("nasional")
    n.add_argument("--requests", type=int, default=100)
    n.add_argument("--publish-prefix", default=None)
    n.add_argument("--jenis", default="ppwp", help="Contests, comma-separated (ppwp,dpr,...).")
    n.add_argument("--keep", action="store_true")
    n.add_argument(
        "--reuse",
        action="store_true",
        help="DATABASE_URL names a national database already built (bench/nasional.py) and "
        "recomputed (selenggara rekap hitung-ulang): measure on it, keep it",
    )
    s = sub.add_parser("statis")
    s.add_argument("dir")
    s.add_argument("--seconds", type=int, default=20)
    s.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    return {"halaman": halaman, "nasional": nasional, "statis": statis}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
