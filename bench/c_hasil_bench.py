"""Benchmark: C.Hasil submissions through the JSON API on a real server, and the SIGKILL test.

    DATABASE_URL=postgres://u:p@host:5432/db .venv/bin/python bench/c_hasil_bench.py
    DATABASE_URL=postgres://u:p@host:5432/db .venv/bin/python bench/c_hasil_bench.py --crash

Setup (not timed), in a fresh database created beside the one named (dropped afterwards unless
--keep): the Kepmendagri 2025 regions, "Pemilu 2024", the 2,964 TPS of Kabupaten Purbalingga
(33.03) with synthetic DPT, 18 parties and the five contests' dapil and candidates (PPWP 3 pairs;
DPD 20; DPR 18 parties x 8; DPRD Provinsi 18 x 9; DPRD Kab/Kota 5 dapil of 18 x 10, so a party
sheet has 205-241 numbers), a KPPS chair with an API token per TPS, and a consistent sheet per
TPS and contest. Then granian serves that database as ``make serve`` does.

Timed: ``--requests`` POSTs, each a distinct (TPS, contest) with its own Idempotency-Key, in a
random mix of the five contests, from ``--concurrency`` threads over keep-alive connections,
after a warm-up of ``--warmup`` others. Prints throughput and p50/p95/p99 latency; exits 1 if
below 200/s or p99 above 250 ms (docs/architecture.md, "Targets").

--crash: the same burst, the server SIGKILLed (process group) after a third are acknowledged,
restarted, every unacknowledged one retried with its key; then the database is checked (each
acknowledged one stored once, no contest of a TPS twice, versions == keys, audit chain intact).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from machine import (  # bench/ is on sys.path when a script runs
    cpu_description,
    cpu_seconds_by_group,
    postgres_drop,
    postgres_fresh,
)

if TYPE_CHECKING:
    from selenggara.tungsura.tests.api.harness import Kiriman

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATE = 200.0
TARGET_P99 = 0.250
PEMILIHAN = "pemilu-2024"
KABKOTA = "33.03"
JENIS = ("ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota")
PARTAI = 18
CALON_PER_PARTAI = {"dpr": 8, "dprd_provinsi": 9, "dprd_kabkota": 10}
DPD_CALON = 20
DAPIL_KAB = 5


def _world() -> None:
    """Regions, the election, Purbalingga's TPS, parties, dapil and candidates."""
    from selenggara.pemilihan.domain.preset import PRESETS
    from selenggara.pemilihan.models import Calon, Dapil, DapilWilayah, Kontestasi, Partai
    from selenggara.pemilihan.services import pemilihan_create, tps_load_distribusi_2024
    from selenggara.wilayah.models import Wilayah
    from selenggara.wilayah.services import (
        DEFAULT_FILE,
        DEFAULT_KEPUTUSAN,
        DEFAULT_VERSI_KODE,
        wilayah_import,
    )

    wilayah = wilayah_import(
        path=DEFAULT_FILE, versi_kode=DEFAULT_VERSI_KODE, keputusan=DEFAULT_KEPUTUSAN, actor=None
    )
    preset = PRESETS[PEMILIHAN]
    pemilihan = pemilihan_create(
        kode=preset.kode,
        nama=preset.nama,
        jenis=preset.jenis,
        hari_pemungutan=preset.hari_pemungutan,
        versi_wilayah=wilayah.versi,
        batas_pemilih_per_tps=preset.batas_pemilih_per_tps,
        kontestasi=list(preset.kontestasi),
        actor=None,
    )
    tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix=KABKOTA)
    kontestasi = {k.jenis: k for k in Kontestasi.objects.filter(pemilihan=pemilihan)}
    partai = Partai.objects.bulk_create(
        Partai(pemilihan=pemilihan, nomor=n, nama=f"Partai Contoh {n:02d}", singkatan=f"P{n:02d}")
        for n in range(1, PARTAI + 1)
    )
    kecamatan = list(
        Wilayah.objects.filter(versi=wilayah.versi, induk_kode=KABKOTA)
        .order_by("kode")
        .values_list("kode", flat=True)
    )
    groups = [kecamatan[i::DAPIL_KAB] for i in range(DAPIL_KAB)]
    spec: list[tuple[str, str, str, list[str]]] = [
        ("ppwp", "ppwp", "", [""]),
        ("dpd", "dpd-33", "", ["33"]),
        ("dpr", "dpr-jateng-7", "33", [KABKOTA]),
        ("dprd_provinsi", "dprdprov-33-7", "33", [KABKOTA]),
    ]
    spec += [("dprd_kabkota", f"dprdkab-3303-{i + 1}", KABKOTA, g) for i, g in enumerate(groups)]
    calon: list[Calon] = []
    for jenis, kode, induk, regions in spec:
        dapil = Dapil.objects.create(
            kontestasi=kontestasi[jenis], kode=kode, nama=kode, induk_kode=induk
        )
        DapilWilayah.objects.bulk_create(
            DapilWilayah(dapil=dapil, pemilihan=pemilihan, wilayah_kode=w) for w in regions
        )
        if jenis == "ppwp":
            calon += [
                Calon(dapil=dapil, nomor_urut=n, nama=f"Capres {n}", nama_wakil=f"Cawapres {n}")
                for n in (1, 2, 3)
            ]
        elif jenis == "dpd":
            calon += [
                Calon(dapil=dapil, nomor_urut=n, nama=f"Calon DPD {n}", sintetis=True)
                for n in range(1, DPD_CALON + 1)
            ]
        else:
            calon += [
                Calon(
                    dapil=dapil, partai=p, nomor_urut=n, nama=f"Calon {p.nomor}.{n}", sintetis=True
                )
                for p in partai
                for n in range(1, CALON_PER_PARTAI[jenis] + 1)
            ]
    Calon.objects.bulk_create(calon)


def _tokens() -> dict[str, str]:
    """A KPPS chair per TPS with one API token each; return TPS kode -> token."""
    import secrets

    from django.contrib.auth.hashers import make_password

    from selenggara.accounts.models import ApiToken, Penugasan, User
    from selenggara.accounts.services import TOKEN_PREFIX, token_digest
    from selenggara.pemilihan.models import TPS

    tps_list = list(TPS.objects.filter(pemilihan__kode=PEMILIHAN).select_related("desa"))
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"kpps_{t.kode}", password=unusable) for t in tps_list
    )
    Penugasan.objects.bulk_create(
        Penugasan(user=u, peran="kpps_ketua", wilayah_kode=t.desa.kode, tps=t)
        for u, t in zip(users, tps_list, strict=True)
    )
    plain = {t.kode: TOKEN_PREFIX + secrets.token_urlsafe(32) for t in tps_list}
    ApiToken.objects.bulk_create(
        ApiToken(
            user=u, nama="ponsel", prefix=plain[t.kode][:8], digest=token_digest(plain[t.kode])
        )
        for u, t in zip(users, tps_list, strict=True)
    )
    return plain


def _kiriman_all(tokens: dict[str, str], rng: random.Random) -> list[Kiriman]:
    """A consistent sheet per TPS and contest, shuffled."""
    from selenggara.pemilihan.models import TPS
    from selenggara.pemilihan.selectors_peserta import dapil_for_tps
    from selenggara.tungsura.lembar import konteks_for_tps, susunan_for_dapil
    from selenggara.tungsura.tests.api.harness import Kiriman, kiriman_body, kiriman_path
    from selenggara.tungsura.tests.world import lembar_konsisten

    susunan_by_dapil: dict[int, object] = {}
    result = []
    for tps in TPS.objects.filter(pemilihan__kode=PEMILIHAN).select_related("desa", "pemilihan"):
        konteks = konteks_for_tps(tps)
        for jenis, dapil in dapil_for_tps(tps=tps).items():
            if dapil.pk not in susunan_by_dapil:
                susunan_by_dapil[dapil.pk] = susunan_for_dapil(dapil)[0]
            angka = lembar_konsisten(susunan_by_dapil[dapil.pk], konteks)  # type: ignore[arg-type]
            result.append(
                Kiriman(
                    path=kiriman_path(PEMILIHAN, tps.kode, jenis),
                    body=kiriman_body(angka),
                    token=tokens[tps.kode],
                )
            )
    rng.shuffle(result)
    return result


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _engine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return str(cursor.fetchone()[0]).split(" on ")[0]


def _bench(args: argparse.Namespace, url: str, kiriman_list: list[Kiriman]) -> int:
    from selenggara.tungsura.tests.api.harness import fire, server_start, server_stop

    warm = kiriman_list[: args.warmup]
    timed = kiriman_list[args.warmup : args.warmup + args.requests]
    server = server_start(database_url=url, workers=args.workers, threads=args.threads)
    try:
        fire(server.port, warm, concurrency=args.concurrency)
        cpu_before = cpu_seconds_by_group(server.process.pid)
        client_before = time.process_time()
        start = time.perf_counter()
        answers = fire(server.port, timed, concurrency=args.concurrency)
        wall = time.perf_counter() - start
        client_cpu = time.process_time() - client_before
        cpu_after = cpu_seconds_by_group(server.process.pid)
    finally:
        server_stop(server)
    statuses: dict[object, int] = {}
    for answer in answers:
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
    latencies = [a.seconds for a in answers]
    rate = len(timed) / wall
    p50, p95, p99 = (_percentile(latencies, p) for p in (50, 95, 99))
    heavy = sum(1 for k in timed if "/c-hasil/dp" in k.path and "/dpd" not in k.path)
    print(f"Server:   granian (WSGI), {args.workers} workers x {args.threads} threads")
    print(
        f"Load:     {len(timed)} POSTs ({heavy} party sheets), {args.concurrency} client "
        f"threads, after {len(warm)} warm-up"
    )
    print(f"Statuses: {statuses}")
    print(f"Wall:     {wall:.2f} s  ->  {rate:.1f} submissions/s")
    print(
        f"Latency:  p50 {p50 * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  p99 {p99 * 1000:.0f} ms  "
        f"max {max(latencies) * 1000:.0f} ms  mean {statistics.mean(latencies) * 1000:.0f} ms"
    )
    if cpu_after:
        per = {k: (cpu_after[k] - cpu_before[k]) * 1000 / len(timed) for k in cpu_after}
        print(
            f"CPU:      {per['server']:.1f} ms server (granian), {per['postgres']:.1f} ms "
            f"PostgreSQL, {client_cpu * 1000 / len(timed):.1f} ms load generator per submission "
            f"({os.cpu_count()} cores: {(os.cpu_count() or 1) * 1000 / rate:.1f} ms available)"
        )
    ok = rate >= TARGET_RATE and p99 <= TARGET_P99 and statuses == {201: len(timed)}
    print(
        f"Target:   >= {TARGET_RATE:.0f}/s and p99 <= {TARGET_P99 * 1000:.0f} ms: "
        + ("met" if ok else "NOT met")
    )
    return 0 if ok else 1


def _crash(args: argparse.Namespace, url: str, kiriman_list: list[Kiriman]) -> int:
    from selenggara.tungsura.tests.api.harness import crash_run, crash_verify, server_start

    burst = kiriman_list[: args.requests]
    run = crash_run(
        start=lambda: server_start(database_url=url, workers=args.workers, threads=args.threads),
        kiriman_list=burst,
        concurrency=args.concurrency,
        kill_after=len(burst) // 3,
    )
    check = crash_verify(keys_sent=[k.key for k in burst], acked=run.acked)
    print(f"Burst:    {run.sent} submissions, SIGKILL after {len(burst) // 3} acknowledged")
    print(
        f"Before the kill: {run.acked_before_kill} acknowledged, "
        f"{run.unacked_before_kill} without an answer"
    )
    print(
        f"Retried with the same key: {run.retried_stored_before_kill} answered 200 (committed "
        f"before the kill, answer lost), {run.retried_new} answered 201 (not committed)"
    )
    print(f"Acknowledged ones sent again: {run.replayed_acked} answered 200 with the same digest")
    print(
        f"Database: {check.versions} versions for {check.distinct_keys} keys; acknowledged "
        f"missing {len(check.acked_missing)}, wrong digest {len(check.acked_wrong_digest)}; "
        f"C.Hasil with 2+ versions {check.c_hasil_with_several_versions}; "
        f"audit rows {check.audit_submit_rows}, chain "
        + ("intact" if check.audit_ok else "BROKEN")
        + f" ({check.audit_rows_checked} rows)"
    )
    if run.errors:
        print("Errors:", *run.errors[:10], sep="\n  ")
    ok = check.ok and not run.errors
    print("Crash test: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=3)
    parser.add_argument("--crash", action="store_true", help="the SIGKILL test instead")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL=postgres://... : the target is measured on PostgreSQL.")
        return 2
    url, name = postgres_fresh(base, suffix="chasil")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"Database: {_engine()} ({name})")
        print(f"Machine:  {cpu_description()}, Python {platform.python_version()}")
        start = time.perf_counter()
        _world()
        tokens = _tokens()
        kiriman_list = _kiriman_all(tokens, random.Random(2024))
        print(
            f"Setup:    {len(tokens)} TPS, {len(kiriman_list)} sheets in "
            f"{time.perf_counter() - start:.1f} s (not timed)"
        )
        if args.warmup + args.requests > len(kiriman_list):
            print(f"At most {len(kiriman_list)} distinct submissions.")
            return 2
        from django.db import connections

        connections.close_all()
        return _crash(args, url, kiriman_list) if args.crash else _bench(args, url, kiriman_list)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"Kept database {name}")
        else:
            postgres_drop(base, name)


if __name__ == "__main__":
    sys.exit(main())
