"""Bulk screening of KPPS applications for a whole election, vectorised in Polars.

The same rules as the pure domain (``selenggara.pembentukan.domain.nik`` and ``.syarat``),
expressed as column expressions so that 5.7 million applications can be screened against a
10-million-row party-membership list in well under a minute. The constants come from the
domain modules; ``tests/test_screening.py`` checks both agree row by row on generated data.

This is not a domain core (it imports Polars); it is a pure function of its frames, with no
database access, to be called from a service or a management command.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from selenggara.pembentukan.domain.nik import (
    HARI_MAKS_PER_BULAN,
    NIK_LENGTH,
    OFFSET_HARI_PEREMPUAN,
    JenisKelamin,
    MasalahNIK,
)
from selenggara.pembentukan.domain.syarat import USIA_DIUTAMAKAN_MAKSIMUM, USIA_MINIMUM

# Input columns (other columns pass through unchanged).
APPLICATION_COLUMNS = ("nik", "tanggal_lahir", "jenis_kelamin", "domisili_desa", "desa")
PARTY_COLUMNS = ("nik", "partai")

# Output columns, in the order they are added.
RESULT_COLUMNS = (
    "nik_masalah",
    "nik_valid",
    "nik_wilayah_ada",
    "nik_tanggal_sesuai",
    "nik_jk_sesuai",
    "usia",
    "usia_kurang",
    "usia_lebih_55",
    "domisili_sesuai",
    "nik_ganda",
    "anggota_partai",
    "partai",
    "lolos_saringan",
)

MASALAH_DTYPE = pl.Enum([m.value for m in MasalahNIK])
_NIK_RE = rf"^[0-9]{{{NIK_LENGTH}}}$"
_INTERNAL = ("_nik_key", "_pp", "_kk", "_cc", "_dd", "_hari", "_mm", "_yy", "_ss")


def _digit_pair(n: pl.Expr, position: int) -> pl.Expr:
    """The two decimal digits of ``n`` starting at ``position`` (0 = leftmost of 16)."""
    return ((n // int(10 ** (NIK_LENGTH - 2 - position))) % 100).cast(pl.Int16)


def _nik_key(nik: str) -> pl.Expr:
    """The NIK as UInt64 when it is 16 ASCII digits after trimming (as ``NIK.parse``), else null."""
    text = pl.col(nik).cast(pl.String).str.strip_chars()
    return pl.when(text.str.contains(_NIK_RE)).then(text.cast(pl.UInt64, strict=False))


def _nik_parts() -> list[pl.Expr]:
    n = pl.col("_nik_key")
    return [
        _digit_pair(n, 0).alias("_pp"),
        _digit_pair(n, 2).alias("_kk"),
        _digit_pair(n, 4).alias("_cc"),
        _digit_pair(n, 6).alias("_dd"),
        _digit_pair(n, 8).alias("_mm"),
        _digit_pair(n, 10).alias("_yy"),
        (n % 10_000).cast(pl.Int16).alias("_ss"),
    ]


def _masalah() -> pl.Expr:
    """The first problem ``NIK.parse`` would raise, in the same order, or null."""
    pp, kk, cc = pl.col("_pp"), pl.col("_kk"), pl.col("_cc")
    hari, mm, yy = pl.col("_hari"), pl.col("_mm"), pl.col("_yy")
    # KodeWilayah's rules for a kecamatan code: provinsi 00, kab/kota 00 or 70, kecamatan 00.
    wilayah_ok = (pp != 0) & ~kk.is_in([0, 70]) & (cc != 0)
    hari_maks = (
        pl.when(mm.is_between(1, 12))
        .then(mm)
        .otherwise(1)
        .replace_strict(dict(enumerate(HARI_MAKS_PER_BULAN, start=1)), return_dtype=pl.Int16)
    )
    tanggal_ok = (
        hari.is_between(1, 31)
        & mm.is_between(1, 12)
        & (hari <= hari_maks)
        & ~((mm == 2) & (hari == 29) & (yy % 4 != 0))
    )
    return (
        pl.when(pl.col("_nik_key").is_null())
        .then(pl.lit(MasalahNIK.FORMAT.value))
        .when(~wilayah_ok)
        .then(pl.lit(MasalahNIK.WILAYAH.value))
        .when(~tanggal_ok)
        .then(pl.lit(MasalahNIK.TANGGAL.value))
        .when(pl.col("_ss") == 0)
        .then(pl.lit(MasalahNIK.NOMOR_URUT.value))
        .otherwise(None)
        .cast(MASALAH_DTYPE)
        .alias("nik_masalah")
    )


def _usia(tanggal_lahir: str, hari_pemungutan: date) -> pl.Expr:
    """Age on polling day, as ``usia_on``: the birthday counts from its ``month * 100 + day``."""
    lahir = pl.col(tanggal_lahir)
    md = lahir.dt.month().cast(pl.Int32) * 100 + lahir.dt.day().cast(pl.Int32)
    on_md = hari_pemungutan.month * 100 + hari_pemungutan.day
    return (
        (pl.lit(hari_pemungutan.year) - lahir.dt.year() - (md > on_md).cast(pl.Int32))
        .cast(pl.Int16)
        .alias("usia")
    )


def _kecamatan_keys(kecamatan_codes: Iterable[str] | pl.Series) -> pl.Series:
    codes = pl.Series("kode", list(kecamatan_codes), dtype=pl.String)
    return codes.str.replace_all(".", "", literal=True).cast(pl.UInt32, strict=False).drop_nulls()


def _party_frame(party_list: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """One row per NIK in the membership list; a NIK listed twice keeps the smallest name."""
    return (
        party_list.lazy()
        .select(
            pl.col("nik")
            .cast(pl.String)
            .str.strip_chars()
            .cast(pl.UInt64, strict=False)
            .alias("_nik_key"),
            pl.col("partai").cast(pl.String),
        )
        .drop_nulls("_nik_key")
        .group_by("_nik_key")
        .agg(pl.col("partai").min())
    )


def screening_plan(
    applications: pl.DataFrame | pl.LazyFrame,
    party_list: pl.DataFrame | pl.LazyFrame,
    *,
    hari_pemungutan: date,
    kecamatan_codes: Iterable[str] | pl.Series,
) -> pl.LazyFrame:
    """Return the lazy plan of ``screening_run`` (to sink to a file or collect later)."""
    kecamatan = _kecamatan_keys(kecamatan_codes)
    perempuan = pl.col("jenis_kelamin").cast(pl.String) == JenisKelamin.P.value
    lahir = pl.col("tanggal_lahir")
    valid = pl.col("nik_masalah").is_null()
    plan = (
        applications.lazy()
        .with_columns(_nik_key("nik").alias("_nik_key"))
        .with_columns(_nik_parts())
        .with_columns(
            pl.when(pl.col("_dd") > OFFSET_HARI_PEREMPUAN)
            .then(pl.col("_dd") - OFFSET_HARI_PEREMPUAN)
            .otherwise(pl.col("_dd"))
            .alias("_hari")
        )
        .with_columns(_masalah())
        .with_columns(
            valid.alias("nik_valid"),
            pl.when(valid)
            .then((pl.col("_nik_key") // 10**10).cast(pl.UInt32).is_in(kecamatan.implode()))
            .alias("nik_wilayah_ada"),
            pl.when(valid)
            .then(
                (lahir.dt.day().cast(pl.Int16) == pl.col("_hari"))
                & (lahir.dt.month().cast(pl.Int16) == pl.col("_mm"))
                & ((lahir.dt.year() % 100).cast(pl.Int16) == pl.col("_yy"))
            )
            .alias("nik_tanggal_sesuai"),
            pl.when(valid)
            .then((pl.col("_dd") > OFFSET_HARI_PEREMPUAN) == perempuan)
            .alias("nik_jk_sesuai"),
            _usia("tanggal_lahir", hari_pemungutan),
            (
                pl.col("domisili_desa").cast(pl.String).str.replace_all(".", "", literal=True)
                == pl.col("desa").cast(pl.String).str.replace_all(".", "", literal=True)
            ).alias("domisili_sesuai"),
            pl.when(pl.col("_nik_key").is_not_null())
            .then(pl.len().over("_nik_key") - 1)
            .otherwise(0)
            .cast(pl.UInt32)
            .alias("nik_ganda"),
        )
        .with_columns(
            (pl.col("usia") < USIA_MINIMUM).alias("usia_kurang"),
            (pl.col("usia") > USIA_DIUTAMAKAN_MAKSIMUM).alias("usia_lebih_55"),
        )
        .join(_party_frame(party_list), on="_nik_key", how="left", maintain_order="left")
        .with_columns(pl.col("partai").is_not_null().alias("anggota_partai"))
        .with_columns(
            (
                pl.col("nik_valid")
                & ~pl.col("usia_kurang")
                & pl.col("domisili_sesuai")
                & (pl.col("nik_ganda") == 0)
                & ~pl.col("anggota_partai")
            ).alias("lolos_saringan")
        )
        .drop(_INTERNAL)
    )
    passthrough = [c for c in plan.collect_schema().names() if c not in RESULT_COLUMNS]
    return plan.select(*passthrough, *RESULT_COLUMNS)


def screening_run(
    applications: pl.DataFrame | pl.LazyFrame,
    party_list: pl.DataFrame | pl.LazyFrame,
    *,
    hari_pemungutan: date,
    kecamatan_codes: Iterable[str] | pl.Series,
) -> pl.DataFrame:
    """Screen every application; return them with the result columns added.

    ``applications``: ``nik`` (text as entered), ``tanggal_lahir`` (Date, from the e-KTP),
    ``jenis_kelamin`` ("L"/"P"), ``domisili_desa`` and ``desa`` (the PPS's desa; 10-digit
    codes, dots allowed); any other column is kept. ``party_list``: ``nik`` and ``partai``.
    ``kecamatan_codes``: the 6-digit kecamatan codes that exist.

    Added, per row (domain rule in brackets):

    - ``nik_masalah``: the MasalahNIK code ``NIK.parse`` raises, or null; ``nik_valid``.
    - ``nik_wilayah_ada``, ``nik_tanggal_sesuai``, ``nik_jk_sesuai``: the warnings of
      ``nik_check`` (null when the NIK is malformed). The date is compared on day, month and
      two-digit year, so the century never causes a mismatch.
    - ``usia`` on polling day, ``usia_kurang`` (< 17, error) and ``usia_lebih_55`` (warning).
    - ``domisili_sesuai``: the domicile desa is the PPS's desa.
    - ``nik_ganda``: how many other applications share the NIK, across every TPS, desa and
      body in the frame (0 for a NIK that is not 16 digits).
    - ``anggota_partai`` and ``partai`` (officer-only: never show it to applicants).
    - ``lolos_saringan``: none of the errors above.

    Row order is kept. Education, documents and the marriage declaration are not in this bulk
    pass; ``penelitian_otomatis`` covers them per application.
    """
    plan = screening_plan(
        applications, party_list, hari_pemungutan=hari_pemungutan, kecamatan_codes=kecamatan_codes
    )
    return plan.collect(engine="streaming")
