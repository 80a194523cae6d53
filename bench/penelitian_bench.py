"""Benchmark: screen the 5.74 M KPPS applications of a Pemilu stored in PostgreSQL.

    DATABASE_URL=postgres://u:p@host:5432/db .venv/bin/python bench/penelitian_bench.py
        # a fresh database beside db: generate, screen, check, drop
    ... penelitian_bench.py --keep          # keep the database (its URL is printed)
    ... penelitian_bench.py --reuse URL     # screen a kept database again (a new run)

Generation (not the target), into a database migrated as in production: the Kemendagri 2025
regions, "Pemilu 2024", 7 applications per TPS of the real 2024 distribution (5,741,127 in
83,731 desa; ``screening_bench.applications`` minus the malformed NIKs, which intake refuses)
stored as intake stores them (NIK Fernet-encrypted, keyed digest, masked, the NIK facts of
``pembentukan.saringan``), written with COPY; 7 documents each (1 % lack one: 40 M rows,
INSERT ... SELECT); a 10,000,000-row party list (1 % applicants' digests).

Screening (the target): ``selenggara pembentukan penelitian --pemilihan pemilu-2024`` in a
child process, over the nation: read, screen, write 5.74 M findings, update 5.74 M applicants,
audit. Its wall time and peak RSS are its own. Exits 1 above 300 s (issue 15).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import polars as pl
from machine import SessionCpu, cpu_description, postgres_drop, postgres_fresh
from screening_bench import applications, kecamatan_codes

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 300.0
PARTY_ROWS = 10_000_000
CHUNK = 250_000
# The tables the generator loads: their keys and indexes are built after the load.
LOADED = (
    "pembentukan_pendaftar",
    "pembentukan_dokumenpendaftar",
    "pembentukan_daftaranggotapartai",
)
DOKUMEN = (
    "surat_pendaftaran",
    "daftar_riwayat_hidup",
    "ktp_elektronik",
    "ijazah",
    "pas_foto",
    "surat_pernyataan",
    "surat_keterangan_sehat",
)


def _protect(niks: list[str]) -> list[tuple[str, str]]:
    """Worker: encrypt and digest NIKs as intake does (Django is set up in the parent)."""
    from selenggara.pembentukan.personal import nik_digest, nik_encrypt

    return [(nik_encrypt(n), nik_digest(n)) for n in niks]


def _stored(kecamatan: pl.Series) -> pl.DataFrame:
    """The generator's applicants as intake would have stored them (NIKs all well-formed)."""
    from selenggara.pembentukan.domain.nik import NIK_LENGTH

    apps = applications(kecamatan)
    well_formed = apps["nik"].str.contains(rf"^[0-9]{{{NIK_LENGTH}}}$") & ~apps["nik"].str.slice(
        6, 2
    ).is_in(["00"])
    well_formed &= apps["nik"].str.slice(8, 2).cast(pl.Int32, strict=False).is_between(1, 12)
    # A malformed NIK becomes a well-formed one with the same facts (intake would refuse it).
    birth = pl.col("tanggal_lahir")
    perempuan = pl.col("jenis_kelamin") == "P"
    rebuilt = pl.concat_str(
        [
            pl.col("desa").str.slice(0, 6),
            (birth.dt.day() + pl.when(perempuan).then(40).otherwise(0))
            .cast(pl.String)
            .str.zfill(2),
            birth.dt.month().cast(pl.String).str.zfill(2),
            (birth.dt.year() % 100).cast(pl.String).str.zfill(2),
            (pl.col("id") % 9000 + 1000).cast(pl.String),
        ]
    )
    return apps.with_columns(
        pl.when(pl.Series(well_formed)).then(pl.col("nik")).otherwise(rebuilt).alias("nik")
    )


def _generate(url: str) -> dict[str, float]:
    """Child process: build the national world in the database at ``url``."""
    import django

    os.environ["DATABASE_URL"] = url
    django.setup()
    import psycopg
    from django.db import connection

    figures: dict[str, float] = {}
    mark = time.perf_counter()
    pemilihan = _schema()
    figures["schema + regions"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stored, protected = _applicants(pemilihan)
    figures["protect NIKs (2 processes)"] = time.perf_counter() - mark
    keys = _keys_drop(LOADED)
    mark = time.perf_counter()
    _copy("pembentukan_pendaftar", stored, CHUNK)
    figures["COPY applicants"] = time.perf_counter() - mark
    mark = time.perf_counter()
    _documents()
    figures["INSERT documents"] = time.perf_counter() - mark
    mark = time.perf_counter()
    _copy("pembentukan_daftaranggotapartai", _party(pemilihan.pk, protected), 1_000_000)
    figures["COPY party list"] = time.perf_counter() - mark
    mark = time.perf_counter()
    _keys_restore(keys)
    figures[f"re-add {len(keys)} indexes and keys"] = time.perf_counter() - mark
    mark = time.perf_counter()
    connection.close()
    with psycopg.connect(url, autocommit=True) as conn:
        for table in (
            "pembentukan_pendaftar",
            "pembentukan_dokumenpendaftar",
            "pembentukan_daftaranggotapartai",
        ):
            conn.execute(f"VACUUM ANALYZE {table}")
    figures["VACUUM ANALYZE"] = time.perf_counter() - mark
    figures["applications"] = stored.height
    return figures


def _schema() -> Any:
    from django.core.management import call_command

    from selenggara.pemilihan.domain.preset import PRESETS
    from selenggara.pemilihan.services import pemilihan_create
    from selenggara.wilayah.services import (
        DEFAULT_FILE,
        DEFAULT_KEPUTUSAN,
        DEFAULT_VERSI_KODE,
        wilayah_import,
    )

    call_command("migrate", verbosity=0)
    versi = wilayah_import(
        path=DEFAULT_FILE, versi_kode=DEFAULT_VERSI_KODE, keputusan=DEFAULT_KEPUTUSAN, actor=None
    ).versi
    preset = PRESETS["pemilu-2024"]
    return pemilihan_create(
        kode=preset.kode,
        nama=preset.nama,
        jenis=preset.jenis,
        hari_pemungutan=preset.hari_pemungutan,
        versi_wilayah=versi,
        kontestasi=preset.kontestasi,
        actor=None,
    )


def _applicants(pemilihan: Any) -> tuple[pl.DataFrame, list[tuple[str, str]]]:
    """The applicants' rows as intake writes them, and their (encrypted NIK, digest)."""
    from django.utils import timezone

    from selenggara.pembentukan.domain.nik import JenisKelamin, mask_nik, nik_check
    from selenggara.pembentukan.saringan import nik_kecamatan_digest
    from selenggara.wilayah.models import Wilayah

    desa_pk = pl.DataFrame(
        list(
            Wilayah.objects.filter(versi=pemilihan.versi_wilayah, tingkat=4).values_list(
                "kode", "pk"
            )
        ),
        schema={"dotted": pl.String, "desa_id": pl.Int64},
        orient="row",
    ).with_columns(pl.col("dotted").str.replace_all(".", "", literal=True).alias("desa"))
    apps = _stored(kecamatan_codes()).join(desa_pk, on="desa", how="inner")
    if os.environ.get("BENCH_SAMPLE"):  # a smoke run on the first N applications
        apps = apps.head(int(os.environ["BENCH_SAMPLE"]))
    niks = apps["nik"].to_list()
    with Pool(2) as pool:
        chunks = [niks[i : i + CHUNK] for i in range(0, len(niks), CHUNK)]
        protected = [pair for part in pool.map(_protect, chunks) for pair in part]
    on = timezone.localdate()
    # The NIK facts, computed as intake computes them (pembentukan.saringan.nik_fakta).
    sesuai = [
        not nik_check(
            nik_raw=x, tanggal_lahir=d, jenis_kelamin=JenisKelamin(j), kecamatan_exists=None, on=on
        )
        for x, d, j in zip(
            niks,
            apps["tanggal_lahir"].to_list(),
            apps["jenis_kelamin"].cast(pl.String).to_list(),
            strict=True,
        )
    ]
    kec_digest = {k: nik_kecamatan_digest(k) for k in {n[:6] for n in niks}}
    now = timezone.now().isoformat()
    r = pl.int_range(0, pl.len(), dtype=pl.UInt64).hash(seed=21)
    domisili = pl.col("domisili_desa")
    stored = apps.select(
        pl.lit(pemilihan.pk).alias("pemilihan_id"),
        pl.lit("kpps").alias("badan"),
        "desa_id",
        pl.col("desa").alias("desa_kode"),
        pl.concat_str(
            [pl.lit("KPPS-"), pl.col("desa"), pl.lit("-"), pl.col("id").cast(pl.String)]
        ).alias("nomor_pendaftaran"),
        pl.col("id").cast(pl.String).str.zfill(64).alias("token_digest"),
        pl.concat_str([pl.lit("Pendaftar "), pl.col("id").cast(pl.String)]).alias("nama"),
        pl.Series("nik_encrypted", [e for e, _d in protected]),
        pl.Series("nik_digest", [d for _e, d in protected]),
        pl.Series("nik_masked", [mask_nik(x) for x in niks]),
        pl.Series("nik_kecamatan_digest", [kec_digest[x[:6]] for x in niks]),
        pl.Series("nik_identitas_sesuai", sesuai),
        "tanggal_lahir",
        pl.col("jenis_kelamin").cast(pl.String),
        pl.lit("Jl. Contoh").alias("alamat"),
        pl.concat_str(
            [
                domisili.str.slice(0, 2),
                domisili.str.slice(2, 2),
                domisili.str.slice(4, 2),
                domisili.str.slice(6),
            ],
            separator=".",
        ).alias("domisili_desa_kode"),
        pl.when(r % 100 < 2)
        .then(pl.lit("smp"))
        .when(r % 100 < 60)
        .then(pl.lit("sma"))
        .otherwise(pl.lit("s1"))
        .alias("pendidikan"),
        pl.lit("").alias("telepon"),
        pl.lit("").alias("email"),
        *(
            pl.lit(True).alias(f"pernyataan_{name}")
            for name in (
                "setia_pancasila",
                "bukan_anggota_partai",
                "sehat_jasmani_rohani",
                "tidak_dipidana",
                "bukan_tim_kampanye",
            )
        ),
        ((r // 100) % 100 != 0).alias("pernyataan_tidak_terikat_perkawinan"),
        pl.lit("impor").alias("sumber"),
        pl.lit("terdaftar").alias("status"),
        pl.lit(now).alias("created_at"),
        pl.lit(now).alias("status_at"),
    )
    return stored, protected


def _keys_drop(tables: tuple[str, ...]) -> list[str]:
    """Drop the tables' foreign keys, unique constraints and secondary indexes before the load.

    Returns the statements that re-create them, indexes first. Checking 40 M document rows
    against their applicant one at a time, and growing ten indexes row by row, is what made
    the national world take hours to build; one validation and one sorted build per index
    after the load take minutes. Primary keys stay (the documents' INSERT reads ``id``).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype"
            " FROM pg_constraint c WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN"
            " ('f', 'u') ORDER BY c.contype DESC, c.conname",
            [list(tables)],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
            " ORDER BY 1",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for table, name, _definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    # Unique constraints (contype 'u') sort before foreign keys ('f'): a key needs its index.
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition, _kind in constraints
    ]


def _keys_restore(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for statement in statements:
            cursor.execute(statement)


def _copy(table: str, frame: pl.DataFrame, chunk: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's, under Django's wrapper
        columns = ", ".join(frame.columns)
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
            for start in range(0, frame.height, chunk):
                copy.write(frame.slice(start, chunk).write_csv(include_header=False))


def _documents() -> None:
    """Seven documents per applicant; 1 in 100 lacks one (which one varies)."""
    from django.db import connection

    values = ", ".join(f"('{j}', {i})" for i, j in enumerate(DOKUMEN))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pembentukan_dokumenpendaftar"
            " (pendaftar_id, jenis, berkas, content_type, ukuran, sha256, uploaded_at)"
            " SELECT p.id, j.jenis, 'bench/' || p.id || '/' || j.jenis, 'application/pdf',"
            " 100000, '', now()"
            f" FROM pembentukan_pendaftar p CROSS JOIN (VALUES {values}) AS j(jenis, i)"
            " WHERE NOT (p.id % 100 = 7 AND j.i = p.id % 7)"
        )


def _party(pemilihan_pk: int, protected: list[tuple[str, str]]) -> pl.DataFrame:
    """The party list: 1 % of it applicants' digests, the rest digests of other people."""
    from django.utils import timezone

    rows = min(PARTY_ROWS, 2 * len(protected))
    step = max(1, 100 * len(protected) // rows)
    members = pl.DataFrame({"nik_digest": [d for _e, d in protected[::step]][: rows // 100]})
    others = [
        hashlib.sha256(f"bukan-pendaftar-{i}".encode()).hexdigest()
        for i in range(rows - members.height)
    ]
    return pl.concat([members, pl.DataFrame({"nik_digest": others})]).with_columns(
        pl.lit(pemilihan_pk).alias("pemilihan_id"),
        pl.concat_str(
            [
                pl.lit("Partai Contoh "),
                (pl.int_range(0, pl.len()).hash(seed=5) % 18 + 1).cast(pl.String),
            ]
        ).alias("partai"),
        pl.lit("bench").alias("sumber"),
        pl.lit(timezone.now().isoformat()).alias("imported_at"),
    )


def _screen(url: str) -> tuple[float, dict[str, float], str]:
    """Run the command in a child; its wall time, its and its session's CPU, its output."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    start = time.perf_counter()
    child = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--screen-only", url],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    *lines, figures = child.stdout.strip().splitlines()
    return seconds, json.loads(figures), "\n".join(lines)


def _screen_main(url: str) -> int:
    """Child process: the operator's command, then a JSON line of what it used.

    Its CPU (user + system, from getrusage) and its PostgreSQL session's (the backend and
    its parallel workers, from /proc: the server must run on this machine), its peak RSS.
    """
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from selenggara.cli import main as selenggara

    connection.ensure_connection()
    backend_pid = connection.connection.info.backend_pid
    with SessionCpu(backend_pid) as session:
        selenggara(["selenggara", "pembentukan", "penelitian", "--pemilihan", "pemilu-2024"])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "command_user": usage.ru_utime,
        "command_sys": usage.ru_stime,
        "postgres_backend": session.backend,
        "postgres_workers": session.workers,
        "peak_rss": usage.ru_maxrss * 1024,
    }
    print(json.dumps(figures))
    return 0


def _server(url: str) -> dict[str, int]:
    """The applicants' update counters of this database, and the server's WAL position."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT n_tup_upd, n_tup_hot_upd, pg_current_wal_lsn() - '0/0'::pg_lsn"
            " FROM pg_stat_user_tables WHERE relname = 'pembentukan_pendaftar'"
        ).fetchone()
    if row is None:
        raise SystemExit("no pembentukan_pendaftar table: not a database the generator built")
    return {"upd": int(row[0]), "hot": int(row[1]), "wal": int(row[2])}


def _summary(url: str) -> list[tuple[str, int]]:
    import psycopg

    with psycopg.connect(url) as conn:
        # Only the newest run's findings (a --reuse run adds a second set beside the first).
        newest = " WHERE h.run_at = (SELECT max(mulai_at) FROM pembentukan_penelitianmassal)"
        rows = conn.execute(
            "SELECT t->>'kode', count(*) FROM pembentukan_hasilpenelitian h,"
            f" jsonb_array_elements(h.temuan) t{newest} GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        total = conn.execute(
            f"SELECT count(*) FROM pembentukan_hasilpenelitian h{newest}"
        ).fetchone()
    return [("hasil penelitian rows", int(total[0]) if total else 0)] + [
        (str(k), int(v)) for k, v in rows
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--reuse", help="screen this kept database again")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    print(f"Machine: {cpu_description()}; Python {platform.python_version()}")
    name = ""
    load_before = _load()
    base = os.environ.get("DATABASE_URL", "")
    if args.reuse:
        url = args.reuse
    else:
        if not base.startswith(("postgres://", "postgresql://")):
            print("Set DATABASE_URL to a PostgreSQL server (the target is PostgreSQL).")
            return 2
        url, name = postgres_fresh(base, suffix="penelitian")
    try:
        if not args.reuse:
            gen = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--generate-into", url],
                check=True,
                capture_output=True,
                text=True,
            )
            print(gen.stdout.strip())
        before = _server(url)
        seconds, used, out = _screen(url)
        after = _server(url)
        print(out)
        n = next(v for k, v in _summary(url) if k == "hasil penelitian rows")
        print(f"Load average before and after: {load_before} / {_load()}")
        print(
            f"Screening: {seconds:.1f} s wall (with interpreter start),"
            f" peak RSS {used['peak_rss'] / 1024**3:.2f} GB"
        )
        print(
            f"  CPU of the command:    {used['command_user'] + used['command_sys']:6.1f} s"
            f" (user {used['command_user']:.1f}, sys {used['command_sys']:.1f})"
        )
        print(
            f"  CPU of its PostgreSQL: {used['postgres_backend'] + used['postgres_workers']:6.1f} s"
            f" (backend {used['postgres_backend']:.1f}, parallel workers"
            f" {used['postgres_workers']:.1f}; not the server's WAL writer and checkpointer)"
        )
        updated = after["upd"] - before["upd"]
        hot = after["hot"] - before["hot"]
        print(
            f"  applicants updated {updated:,}, of them HOT {hot:,}"
            f" ({100 * hot / max(updated, 1):.0f} %); WAL {(after['wal'] - before['wal']) / 1024**2:,.0f} MB"
            " (the server's, other clients' writes included)"
        )
        for key, value in _summary(url):
            print(f"  {key:32} {value:>12,}")
        if os.environ.get("BENCH_SAMPLE"):
            print(f"Sample of {n:,}: the {TARGET_SECONDS:.0f} s target is for the national run.")
            return 0
        ok = seconds <= TARGET_SECONDS
        print(
            f"Target <= {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'} ({n:,} findings rows)"
        )
        return 0 if ok else 1
    finally:
        if name and not args.keep:
            postgres_drop(base, name)
        elif name:
            print(f"Kept: {url}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _generate_main(url: str) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    start = time.perf_counter()
    figures = _generate(url)
    n = int(figures.pop("applications"))
    print(f"Generated {n:,} applications in {time.perf_counter() - start:.1f} s:")
    for key, value in figures.items():
        print(f"  {key:32} {value:8.1f} s")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--generate-into":
        sys.exit(_generate_main(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "--screen-only":
        sys.exit(_screen_main(sys.argv[2]))
    sys.exit(main())
