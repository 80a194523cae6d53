"""Benchmark: screen every KPPS application of a whole Pemilu against a party-membership list.

    .venv/bin/python bench/screening_bench.py            # generate, then screen (child process)
    .venv/bin/python bench/screening_bench.py --keep DIR # also keep the generated Parquet in DIR

Generation (not part of the target): 7 applications per TPS of the real 2024 distribution
(``selenggara/pemilihan/data/tps-pemilu-2024.csv.gz``: 820,161 TPS in 83,731 desa, so
5,741,127 rows) with realistic NIKs (the desa's kecamatan for most, +40 for women, about 3 %
malformed, 0.5 % copied from an applicant elsewhere), ages 15-70 on polling day, and a
10,000,000-row party list (1 % of it applicants' NIKs). Written to Parquet.

Screening (the target): ``screening_run`` in a fresh child process reading the Parquet files
lazily, so its wall time and peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``) are its own.
Exits 1 if the screening takes more than 60 s or more than 4 GB.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl
from machine import cpu_description  # bench/ is on sys.path when a script runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenggara.pembentukan.domain.nik import OFFSET_HARI_PEREMPUAN  # noqa: E402
from selenggara.pembentukan.penelitian.screening import screening_run  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_BYTES = 4 * 1024**3
HARI_PEMUNGUTAN = date(2024, 2, 14)
PER_TPS = 7
PARTY_ROWS = 10_000_000
PARTAI = [f"Partai Contoh {i:02d}" for i in range(1, 19)]
TPS_CSV = ROOT / "selenggara/pemilihan/data/tps-pemilu-2024.csv.gz"
WILAYAH_CSV = ROOT / "selenggara/wilayah/data/kemendagri-2025.csv.gz"


def _rand(seed: int) -> pl.Expr:
    """A deterministic pseudo-random UInt64 per row (no numpy here)."""
    return pl.int_range(0, pl.len(), dtype=pl.UInt64).hash(seed=seed)


def kecamatan_codes() -> pl.Series:
    kode = pl.read_csv(WILAYAH_CSV, columns=["kode"], schema_overrides={"kode": pl.String})["kode"]
    return kode.filter(kode.str.count_matches(".", literal=True) == 2).str.replace_all(
        ".", "", literal=True
    )


def applications(kecamatan: pl.Series) -> pl.DataFrame:
    """7 applications per TPS of 2024, with the real desa codes."""
    schema = {
        "kode_desa": pl.String,
        "tps_reguler": pl.Int32,
        "tps_khusus_dari": pl.Int32,
        "tps_khusus_sampai": pl.Int32,
    }
    tps = pl.read_csv(TPS_CSV, schema_overrides=schema).select(
        pl.col("kode_desa").str.replace_all(".", "", literal=True).alias("desa"),
        (
            pl.col("tps_reguler")
            + (pl.col("tps_khusus_sampai") - pl.col("tps_khusus_dari") + 1).fill_null(0)
        ).alias("tps"),
    )
    n_kec = kecamatan.len()
    kec = kecamatan.cast(pl.UInt64)
    df = (
        tps.select("desa", pl.int_ranges(0, pl.col("tps") * PER_TPS, dtype=pl.UInt32).alias("k"))
        .explode("k")
        .with_columns(
            (pl.col("k") // PER_TPS + 1).cast(pl.UInt16).alias("tps"),
            _rand(1).alias("r1"),
            _rand(2).alias("r2"),
            _rand(3).alias("r3"),
            _rand(4).alias("r4"),
            _rand(5).alias("r5"),
            _rand(6).alias("r6"),
        )
    )
    n = df.height
    bucket = pl.col("r1") % 100
    # Ages on polling day: 3 % are 15-16, 85 % 17-55, 12 % 56-70.
    lo = pl.when(bucket < 3).then(15).when(bucket < 88).then(17).otherwise(56)
    span = pl.when(bucket < 3).then(2).when(bucket < 88).then(39).otherwise(15)
    days_back = (lo * 36525 // 100 + (pl.col("r2") % (span * 36525 // 100).cast(pl.UInt64))).cast(
        pl.Int64
    )
    perempuan = (pl.col("r3") % 2) == 1
    prefix = (
        pl.when(pl.col("r4") % 100 < 85)
        .then(pl.col("desa").str.slice(0, 6).cast(pl.UInt64))
        .otherwise(pl.lit(kec).gather((pl.col("r4") // 100) % n_kec))
    )
    df = df.with_columns(
        (pl.lit(HARI_PEMUNGUTAN) - pl.duration(days=days_back)).alias("tanggal_lahir"),
        perempuan.alias("_p"),
        prefix.alias("_prefix"),
    ).with_columns(
        (
            pl.col("_prefix") * 10**10
            + (
                pl.col("tanggal_lahir").dt.day().cast(pl.UInt64)
                + pl.when(pl.col("_p")).then(OFFSET_HARI_PEREMPUAN).otherwise(0)
            )
            * 10**8
            + pl.col("tanggal_lahir").dt.month().cast(pl.UInt64) * 10**6
            + (pl.col("tanggal_lahir").dt.year() % 100).cast(pl.UInt64) * 10**4
            + 1
            + pl.col("r5") % 9999
        )
        .cast(pl.String)
        .alias("nik"),
        pl.when(pl.col("_p")).then(pl.lit("P")).otherwise(pl.lit("L")).alias("jenis_kelamin"),
    )
    fault = pl.col("r6") % 1000
    nik = pl.col("nik")
    df = df.with_columns(
        # ~3 % malformed NIKs: typed short, a letter O for a zero, day 00, month 13.
        pl.when(fault < 8)
        .then(nik.str.slice(0, 15))
        .when(fault < 16)
        .then(nik.str.slice(0, 10) + "O" + nik.str.slice(11))
        .when(fault < 23)
        .then(nik.str.slice(0, 6) + "00" + nik.str.slice(8))
        .when(fault < 30)
        .then(nik.str.slice(0, 8) + "13" + nik.str.slice(10))
        # 0.5 % registered twice: the NIK of an applicant somewhere else in the country.
        .when(fault < 35)
        .then(nik.gather((pl.col("r2") // 7) % n))
        .otherwise(nik)
        .alias("nik"),
        # 1 % state a sex, 1 % a birth date, that differs from the NIK.
        pl.when(fault.is_between(40, 49))
        .then(pl.when(pl.col("_p")).then(pl.lit("L")).otherwise(pl.lit("P")))
        .otherwise(pl.col("jenis_kelamin"))
        .cast(pl.Enum(["L", "P"]))
        .alias("jenis_kelamin"),
        pl.when(fault.is_between(50, 59))
        .then(pl.col("tanggal_lahir") + pl.duration(days=1))
        .otherwise(pl.col("tanggal_lahir"))
        .alias("tanggal_lahir"),
        # 3 % live in another desa than the one they apply in.
        pl.when(pl.col("r3") % 100 < 3)
        .then(pl.col("desa").gather((pl.col("r4") // 7) % n))
        .otherwise(pl.col("desa"))
        .alias("domisili_desa"),
    )
    return df.select(
        pl.int_range(0, pl.len(), dtype=pl.UInt32).alias("id"),
        "desa",
        "tps",
        "nik",
        "tanggal_lahir",
        "jenis_kelamin",
        "domisili_desa",
    )


def party_list(apps: pl.DataFrame, kecamatan: pl.Series) -> pl.DataFrame:
    """10 M members: 1 % of them applicants, the rest NIK-shaped numbers."""
    from_apps = apps.select("nik").filter(pl.col("nik").str.len_bytes() == 16)
    from_apps = from_apps.gather_every(from_apps.height // (PARTY_ROWS // 100))
    rest = PARTY_ROWS - from_apps.height
    kec = kecamatan.cast(pl.UInt64)
    others = pl.DataFrame({"i": pl.int_range(0, rest, eager=True)}).select(
        (
            pl.lit(kec).gather(_rand(11) % kec.len()) * 10**10
            + (1 + _rand(12) % 28 + pl.when(_rand(13) % 2 == 1).then(40).otherwise(0)) * 10**8
            + (1 + _rand(14) % 12) * 10**6
            + (_rand(15) % 100) * 10**4
            + 1
            + _rand(16) % 9999
        )
        .cast(pl.String)
        .alias("nik")
    )
    members = pl.concat([from_apps, others])
    return members.with_columns(
        pl.lit(pl.Series(PARTAI))
        .gather(_rand(17) % len(PARTAI))
        .cast(pl.Categorical)
        .alias("partai")
    )


def _peak_rss() -> int:
    """Peak RSS of this process in bytes (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _generate(workdir: Path) -> dict[str, object]:
    """Child process: write the applications and the party list as Parquet."""
    start = time.perf_counter()
    kecamatan = kecamatan_codes()
    apps = applications(kecamatan)
    apps.write_parquet(workdir / "applications.parquet")
    party = party_list(apps, kecamatan)
    party.write_parquet(workdir / "party.parquet")
    return {
        "seconds": time.perf_counter() - start,
        "applications": apps.height,
        "party": party.height,
        "peak_rss": _peak_rss(),
    }


def _screen(workdir: Path) -> dict[str, object]:
    """Child process: screen the Parquet files."""
    kecamatan = kecamatan_codes()
    start = time.perf_counter()
    result = screening_run(
        pl.scan_parquet(workdir / "applications.parquet"),
        pl.scan_parquet(workdir / "party.parquet"),
        hari_pemungutan=HARI_PEMUNGUTAN,
        kecamatan_codes=kecamatan,
    )
    seconds = time.perf_counter() - start
    summary = result.select(
        pl.len().alias("rows"),
        pl.col("nik_valid").sum().alias("nik_valid"),
        (pl.col("nik_wilayah_ada") == False).sum().alias("nik_wilayah_tidak_ada"),  # noqa: E712
        (pl.col("nik_tanggal_sesuai") == False).sum().alias("nik_tanggal_beda"),  # noqa: E712
        (pl.col("nik_jk_sesuai") == False).sum().alias("nik_jk_beda"),  # noqa: E712
        pl.col("usia_kurang").sum(),
        pl.col("usia_lebih_55").sum(),
        (~pl.col("domisili_sesuai")).sum().alias("domisili_luar"),
        (pl.col("nik_ganda") > 0).sum().alias("nik_ganda_rows"),
        pl.col("anggota_partai").sum(),
        pl.col("lolos_saringan").sum(),
    ).row(0, named=True)
    return {"seconds": seconds, "peak_rss": _peak_rss(), "summary": summary}


def _child(phase: str, workdir: Path) -> dict[str, object]:
    """Run one phase in a fresh interpreter, so its time and memory are its own."""
    child = subprocess.run(  # noqa: S603
        [sys.executable, __file__, f"--{phase}", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="keep the generated Parquet files here")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--screen", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate or args.screen:
        phase = _generate if args.generate else _screen
        print(json.dumps(phase(args.generate or args.screen)))
        return 0
    with tempfile.TemporaryDirectory(prefix="screening-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        gen = _child("generate", workdir)
        scr = _child("screen", workdir)
    gib = 1024**3
    n_apps = int(str(gen["applications"]))
    seconds = float(str(scr["seconds"]))
    peak = int(str(scr["peak_rss"]))
    print(
        f"Machine: {cpu_description()}; Python {platform.python_version()}; Polars {pl.__version__}"
    )
    print(
        f"Generation: {n_apps:,} applications + {int(str(gen['party'])):,} party rows in "
        f"{float(str(gen['seconds'])):.2f} s (peak RSS {int(str(gen['peak_rss'])) / gib:.2f} GB)"
    )
    print(
        f"Screening:  {seconds:.2f} s, {n_apps / seconds:,.0f} rows/s, peak RSS {peak / gib:.2f} GB"
    )
    summary = scr["summary"]
    if not isinstance(summary, dict):
        raise TypeError(summary)
    for key, value in summary.items():
        print(f"  {key:24} {value:>12,}")
    ok = seconds <= TARGET_SECONDS and peak <= TARGET_BYTES
    print("Target <= 60 s and <= 4 GB:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
