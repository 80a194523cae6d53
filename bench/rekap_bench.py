"""Benchmark: the recap engine over Pemilu 2024's 820,161 TPS x 5 contests.

    .venv/bin/python bench/rekap_bench.py                      # SQLite, a temporary file
    DATABASE_URL=postgres://u:p@host:5432/db .venv/bin/python bench/rekap_bench.py
    ... [--prefix 33.03] [--writers 4] [--changes 100] [--reads 300] [--keep]

Setup (not timed against a target, but printed): a fresh database (an SQLite file in a
temporary directory, or a PostgreSQL database created beside the one named and dropped
afterwards unless --keep), ``migrate``, then ``bench/nasional.py``'s national dataset: the
shipped regions and 2024 TPS distribution, one C.Hasil per TPS and contest with its faults
(missing, held out, corrected). ``--prefix`` builds one region only (a quick try).

Timed:
1. the full recompute of every tier from the stored sheets (``rekap_hitung_ulang``, which
   writes every region's row: desa, kecamatan, kab/kota, provinsi, the nation), target <= 60 s;
   then the same with ``periksa`` (compare only), which must find no difference;
2. a region's recap read (``rekap_wilayah_get``: both figures of every contest and the plenary
   state) for random regions of every level, p99 target <= 5 ms;
3. one C.Hasil change through every tier under ``--writers`` concurrent writers: each change
   is one transaction as tungsura's write path makes it (lock the header, insert the new
   version, point the header at it, ``audit_record``, publish the event, on which rekap's
   in-transaction handler moves desa .. nation), on random sheets across the country, p99
   target <= 20 ms; the time inside ``audit_record`` and inside rekap's handler is measured
   apart, so the audit chain's share is stated; the provinsi's and the nation's deltas (ADR
   0016) are folded meanwhile by a `selenggara rekap lipat --terus` process. The form's checks (``pemeriksaan``) are not in
   this path: bench/c_hasil_bench.py measures the whole API submission;
4. ``periksa`` again after the writers: incremental must still equal a full recompute.

Memory: the process's peak RSS after each phase, and the database's size.
Exit 1 when a target is missed or a difference is found.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from machine import cpu_description, postgres_drop, postgres_fresh  # bench/ is on sys.path

if TYPE_CHECKING:
    from selenggara.pemilihan.models import Pemilihan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RECOMPUTE_S = 60.0
TARGET_CHANGE_P99_MS = 20.0
TARGET_READ_P99_MS = 5.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ms(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def _line(label: str, values: list[float]) -> str:
    return (
        f"{label}: n={len(values)} p50 {_ms(values, 50):.2f} ms, p95 {_ms(values, 95):.2f} ms, "
        f"p99 {_ms(values, 99):.2f} ms, max {max(values) * 1000:.2f} ms"
    )


def _reused() -> tuple[str, Callable[[], None], Callable[[], int]]:
    """A database a run with --keep left (built, recomputed): measured again, not dropped."""

    def reuse_size() -> int:
        from django.db import connection

        if connection.vendor != "postgresql":
            return Path(connection.settings_dict["NAME"]).stat().st_size
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])

    return "reused database", lambda: None, reuse_size


def _database(args: argparse.Namespace) -> tuple[str, Callable[[], None], Callable[[], int]]:
    """Point Django at a fresh database; return a label, its cleanup and its size."""
    url = os.environ.get("DATABASE_URL", "")
    if args.reuse:
        return _reused()
    if url.startswith("postgres"):
        fresh, name = postgres_fresh(url, suffix="rekapbench")
        os.environ["DATABASE_URL"] = fresh

        def size() -> int:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                return int(cursor.fetchone()[0])

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            if args.keep:
                print(f"Kept database {name}")
            else:
                postgres_drop(url, name)

        return f"PostgreSQL ({name})", drop, size
    workdir = Path(tempfile.mkdtemp(prefix="rekapbench-"))
    path = workdir / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"

    def sqlite_size() -> int:
        return sum(p.stat().st_size for p in workdir.iterdir())

    def sqlite_drop() -> None:
        if args.keep:
            print(f"Kept database {path}")
            return
        for p in workdir.iterdir():
            p.unlink()
        workdir.rmdir()

    return "SQLite (WAL)", sqlite_drop, sqlite_size


def _recompute(pemilihan: Pemilihan) -> int:
    from selenggara.rekap.hitung import rekap_hitung_ulang

    t0 = time.perf_counter()
    result = rekap_hitung_ulang(pemilihan=pemilihan, periksa=False)
    t1 = time.perf_counter()
    print(f"Full recompute, every tier: {t1 - t0:.1f} s, {result.baris:,} region rows written")
    print(f"  peak RSS {_rss_mb():.0f} MB")
    return int((t1 - t0) > TARGET_RECOMPUTE_S)


def _periksa(pemilihan: Pemilihan, label: str) -> int:
    from selenggara.rekap.hitung import rekap_hitung_ulang

    t0 = time.perf_counter()
    result = rekap_hitung_ulang(pemilihan=pemilihan, periksa=True)
    print(
        f"{label}: {time.perf_counter() - t0:.1f} s, {result.baris:,} rows, "
        f"{len(result.selisih)} differences"
    )
    for s in result.selisih[:10]:
        print(f"  {s}")
    return int(bool(result.selisih))


def _reads(pemilihan: Pemilihan, n: int, rng: random.Random) -> int:
    from selenggara.pemilihan.models import RingkasanWilayah
    from selenggara.rekap.selectors import rekap_wilayah_get

    kode = list(RingkasanWilayah.objects.filter(pemilihan=pemilihan).values_list("kode", flat=True))
    by_level: dict[int, list[str]] = {}
    for k in kode:
        by_level.setdefault(0 if not k else k.count(".") + 1, []).append(k)
    missed = 0
    for level, name in enumerate(("nasional", "provinsi", "kab/kota", "kecamatan", "desa")):
        options = by_level.get(level, [])
        if not options:
            continue
        times = []
        for i in range(n + 5):
            region = rng.choice(options)
            t0 = time.perf_counter()
            rekap_wilayah_get(pemilihan=pemilihan, wilayah_kode=region)
            if i >= 5:
                times.append(time.perf_counter() - t0)
        print("  " + _line(f"read {name}", times))
        missed |= _ms(times, 99) > TARGET_READ_P99_MS
    return int(missed)


class _Timed:
    """Wraps a function, adding the time spent in it to the calling thread's tally."""

    def __init__(self, fn: Callable[..., object]) -> None:
        self.fn = fn
        self.local = threading.local()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.local.spent = getattr(self.local, "spent", 0.0) + time.perf_counter() - t0

    def take(self) -> float:
        spent = getattr(self.local, "spent", 0.0)
        self.local.spent = 0.0
        return spent


def _change(c_hasil_id: int, rng: random.Random, audit: _Timed) -> None:
    """One correction of one sheet, shaped like tungsura's ``_store`` (no form checks)."""
    from django.db import transaction

    from selenggara.core.events import publish
    from selenggara.tungsura.events import CHasilVersiDicatat
    from selenggara.tungsura.models import CHasil, CHasilVersi

    with transaction.atomic():
        c_hasil = (
            CHasil.objects.select_for_update()
            .select_related("tps", "kontestasi")
            .get(pk=c_hasil_id)
        )
        current = CHasilVersi.objects.get(pk=c_hasil.versi_terkini_id or 0)
        suara = dict(current.suara)
        keys = sorted(k for k in suara if not k.endswith("_jumlah"))
        a, b = rng.sample(keys, 2)
        moved = min(suara[a], rng.randint(1, 5))
        suara[a] -= moved
        suara[b] += moved
        for k in (a, b):
            if k.startswith("partai_") and "_calon_" in k:
                total = f"{k.split('_calon_')[0]}_jumlah"
                suara[total] += moved if k == b else -moved
        nomor = current.nomor + 1
        current.pk = None
        current.nomor = nomor
        current.suara = suara
        current.sumber = "pleno"
        current.alasan = "Benchmark: koreksi rapat pleno."
        current.idempotency_key = None
        current.save()
        CHasil.objects.filter(pk=c_hasil.pk).update(versi_terkini=current)
        audit(
            actor=None,
            action="c_hasil.koreksi",
            target=current,
            wilayah_kode=c_hasil.tps.kode[:10],
            after={"tps": c_hasil.tps.kode, "versi": nomor},
            reason=current.alasan,
        )
        publish(
            CHasilVersiDicatat(
                c_hasil_id=c_hasil.pk,
                versi_id=current.pk,
                tps_kode=c_hasil.tps.kode,
                jenis=c_hasil.kontestasi.jenis,
                nomor=nomor,
            )
        )


def _changes_print(
    *,
    writers: int,
    wall: float,
    total: list[float],
    in_audit: list[float],
    in_rekap: list[float],
    errors: list[str],
) -> None:
    print(f"C.Hasil changes, {writers} writers: {len(total) / wall:.0f} changes/s overall")
    if total:
        print("  " + _line("whole change", total))
        print("  " + _line("  of which audit_record", in_audit))
        print("  " + _line("  of which rekap (desa..nation)", in_rekap))
        share = sum(in_audit) / sum(total) * 100
        print(f"  audit_record is {share:.0f} % of the change time in total")
    for e in errors[:5]:
        print(f"  error: {e}")


def _changes(pemilihan: Pemilihan, writers: int, per_writer: int, seed: int) -> int:
    from django.db import connections

    from selenggara.core import audit as audit_module
    from selenggara.core.events import subscribe_in_transaction, unsubscribe_in_transaction
    from selenggara.rekap.hitung import versi_apply
    from selenggara.tungsura.events import CHasilVersiDicatat
    from selenggara.tungsura.models import CHasil

    ids = list(
        CHasil.objects.filter(tps__pemilihan=pemilihan, versi_terkini__temuan=[]).values_list(
            "pk", flat=True
        )
    )
    picked = random.Random(seed).sample(ids, writers * (per_writer + 3))
    audit = _Timed(audit_module.audit_record)
    rekap = _Timed(versi_apply)
    unsubscribe_in_transaction(CHasilVersiDicatat, versi_apply)
    subscribe_in_transaction(CHasilVersiDicatat, rekap)
    total: list[float] = []
    in_audit: list[float] = []
    in_rekap: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(writers)

    def run(w: int) -> None:
        rng = random.Random(seed + w)
        mine = picked[w * (per_writer + 3) : (w + 1) * (per_writer + 3)]
        barrier.wait()
        try:
            for i, c_hasil_id in enumerate(mine):
                t0 = time.perf_counter()
                _change(c_hasil_id, rng, audit)
                spent = time.perf_counter() - t0
                a = audit.take()
                r = rekap.take()
                if i >= 3:
                    with lock:
                        total.append(spent)
                        in_audit.append(a)
                        in_rekap.append(r)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in range(writers)]
    # The provinsi's and the nation's deltas are folded by their own process, as in production
    # (`selenggara rekap lipat --terus`, started by `make demo` beside the web server).
    folder = subprocess.Popen(  # noqa: S603 - the project's own command
        [str(Path(sys.executable).with_name("selenggara")), "rekap", "lipat", "--terus"],
        stdout=subprocess.PIPE,
        text=True,
    )
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    folder.terminate()
    folds = [line for line in folder.communicate(timeout=30)[0].splitlines() if "dilipat" in line]
    print(f"  folder process: {len(folds)} folds during the writers")
    unsubscribe_in_transaction(CHasilVersiDicatat, rekap)
    subscribe_in_transaction(CHasilVersiDicatat, versi_apply)
    _changes_print(
        writers=writers,
        wall=wall,
        total=total,
        in_audit=in_audit,
        in_rekap=in_rekap,
        errors=errors,
    )
    return int(bool(errors) or not total or _ms(total, 99) > TARGET_CHANGE_P99_MS)


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--prefix", default=None, help="one region only (a quick try)")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--changes", type=int, default=100, help="per writer")
    parser.add_argument("--reads", type=int, default=300, help="per level")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="DATABASE_URL names a database a --keep run left: skip the build and the "
        "recompute, measure the reads and the writers (and --periksa) again",
    )
    parser.add_argument("--periksa", action="store_true", help="with --reuse: check too")
    parser.add_argument(
        "--recompute",
        action="store_true",
        help="with --reuse: run the full recompute (and its check) first, as a fresh run does "
        "(for a database bench/nasional.py built)",
    )
    return parser.parse_args()


def main() -> int:
    args = _args()
    label, cleanup, size = _database(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from nasional import nasional_build, progress_printer

    from selenggara.pemilihan.models import Pemilihan

    print(f"Machine: {cpu_description()}, Python {platform.python_version()}, {label}")
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                print(f"PostgreSQL {cursor.fetchone()[0]}")
        progress = progress_printer()

        if args.reuse:
            pemilihan = Pemilihan.objects.get(kode="pemilu-2024")
            failed = 0
            if args.recompute:
                failed |= _recompute(pemilihan)
                failed |= _periksa(pemilihan, "Check (periksa) after the recompute")
            elif args.periksa:
                failed |= _periksa(pemilihan, "Check (periksa)")
        else:
            info = nasional_build(prefix=args.prefix, progress=progress)
            print(f"Setup (nasional_build): {info.as_dict()}")
            print(f"  peak RSS {_rss_mb():.0f} MB, database {size() / 2**20:,.0f} MB", flush=True)
            pemilihan = Pemilihan.objects.get(pk=info.pemilihan_id)
            failed = _recompute(pemilihan)
            failed |= _periksa(pemilihan, "Check (periksa) after the recompute")
        # A reused database keeps the deltas its last run's writers left: the folder process
        # (selenggara rekap lipat --terus) folds them within a second in production, so the
        # reads are measured after it would have.
        from selenggara.rekap.hitung import rekap_lipat

        folded = rekap_lipat()  # every pending delta, batch by batch
        print(
            f"Region reads (rekap_wilayah_get), {folded} pending deltas folded first:", flush=True
        )
        failed |= _reads(pemilihan, args.reads, random.Random(args.seed))
        failed |= _changes(pemilihan, args.writers, args.changes, args.seed)
        if args.periksa or not args.reuse:
            failed |= _periksa(pemilihan, "Check (periksa) after the writers")
        print(f"Peak RSS {_rss_mb():.0f} MB, database {size() / 2**20:,.0f} MB")
    finally:
        cleanup()
    print("FAILED: a target missed or a difference found" if failed else "OK: every target met")
    return failed


if __name__ == "__main__":
    sys.exit(main())
