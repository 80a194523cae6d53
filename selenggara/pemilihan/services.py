"""Writes for elections: creating one, importing its TPS with their DPT, and the region rollup."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from django.db import connection, transaction
from django.utils.translation import gettext as _

from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress, rows_insert
from selenggara.core.errors import InvalidInput, RowError
from selenggara.core.tabular import ROW_COLUMN, table_read
from selenggara.pemilihan.domain.cadangan import BASIS_POIN_PEMILU, BASIS_POIN_PILKADA
from selenggara.pemilihan.domain.pemilihan import (
    BATAS_PEMILIH_DEFAULT,
    KONTESTASI_BY_JENIS,
    JenisKontestasi,
    JenisPemilihan,
)
from selenggara.pemilihan.domain.tps import (
    TPSRowInput,
    TPSRowValues,
    dpt_sintetis,
    tps_row_check,
)
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan, RingkasanWilayah
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah, Tingkat
from selenggara.wilayah.models import VersiWilayah, Wilayah

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

DATA_DIR = Path(__file__).resolve().parent / "data"
DISTRIBUSI_2024_FILE = DATA_DIR / "tps-pemilu-2024.csv.gz"
DISTRIBUSI_2024_SEED = 20240214
TPS_COLUMNS = (
    "pemilihan_id",
    "desa_id",
    "kode",
    "nomor",
    "alamat",
    "dpt_laki",
    "dpt_perempuan",
    "dpt",
    "dpt_sintetis",
)
# Reserve ballots by kind of election (domain.md 2.3): Pemilu 2 %, Pilkada 2.5 %.
CADANGAN_DEFAULT = {
    JenisPemilihan.PEMILU: BASIS_POIN_PEMILU,
    JenisPemilihan.PILKADA: BASIS_POIN_PILKADA,
}
# How many examples of skipped desa a result and its audit row carry.
EXAMPLES_MAX = 10


def _refuse(message: str, *, field_name: str | None = None) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=None, field=field_name, message=message)])


# --- pemilihan ---------------------------------------------------------------------------------


@transaction.atomic
def pemilihan_create(
    *,
    kode: str,
    nama: str,
    jenis: JenisPemilihan | str,
    hari_pemungutan: date,
    versi_wilayah: VersiWilayah,
    batas_pemilih_per_tps: int | None = None,
    kontestasi: Sequence[JenisKontestasi | str] | None = None,
    actor: Actor,
) -> Pemilihan:
    """Create an election over one version of the regions, with the contests it holds.

    ``batas_pemilih_per_tps`` defaults to the cap of its kind (Pemilu 2024: 300, Pilkada 2024:
    600); ``kontestasi`` to every contest of its kind. Raises InvalidInput when the code is taken,
    the kind is unknown, a contest does not belong to the kind, or the cap is below 1.
    """
    try:
        jenis = JenisPemilihan(jenis)
    except ValueError as exc:
        raise _refuse(_("Jenis pemilihan tidak dikenal: %s.") % jenis, field_name="jenis") from exc
    allowed = KONTESTASI_BY_JENIS[jenis]
    chosen = [JenisKontestasi(k) for k in kontestasi if k in set(allowed)] if kontestasi else []
    unknown = [str(k) for k in kontestasi or () if k not in set(allowed)]
    if unknown:
        raise _refuse(
            _("Kontestasi %(k)s tidak ada dalam %(jenis)s.")
            % {"k": ", ".join(unknown), "jenis": jenis.value},
            field_name="kontestasi",
        )
    batas = BATAS_PEMILIH_DEFAULT[jenis] if batas_pemilih_per_tps is None else batas_pemilih_per_tps
    if batas < 1:
        raise _refuse(_("Batas pemilih per TPS harus paling sedikit 1."), field_name="batas")
    if Pemilihan.objects.filter(kode=kode).exists():
        raise _refuse(_("Kode pemilihan %s sudah dipakai.") % kode, field_name="kode")
    pemilihan = Pemilihan.objects.create(
        kode=kode,
        nama=nama,
        jenis=jenis.value,
        hari_pemungutan=hari_pemungutan,
        batas_pemilih_per_tps=batas,
        cadangan_basis_poin=CADANGAN_DEFAULT[jenis],
        versi_wilayah=versi_wilayah,
    )
    held = chosen or list(allowed)
    Kontestasi.objects.bulk_create(Kontestasi(pemilihan=pemilihan, jenis=k.value) for k in held)
    audit_record(
        actor=actor,
        action="pemilihan.create",
        target=pemilihan,
        after={
            "kode": kode,
            "nama": nama,
            "jenis": jenis.value,
            "hari_pemungutan": hari_pemungutan,
            "batas_pemilih_per_tps": batas,
            "cadangan_basis_poin": CADANGAN_DEFAULT[jenis],
            "versi_wilayah": versi_wilayah.kode,
            "kontestasi": [k.value for k in held],
        },
    )
    return pemilihan


# --- TPS import --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSImportResult:
    """What a TPS import wrote, and which desa of the source it could not place."""

    jumlah_tps: int
    jumlah_dpt: int
    jumlah_desa: int
    desa_skipped: int = 0
    tps_skipped: int = 0
    desa_skipped_examples: list[str] = field(default_factory=list)
    desa_rematched: int = 0


def _desa_ids(pemilihan: Pemilihan, prefix: str | None = None) -> dict[str, int]:
    """Map dotted desa code to id for the election's region version, in one query."""
    qs = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, tingkat=Tingkat.DESA)
    if prefix:
        qs = qs.filter(kode__startswith=f"{prefix}.")
    return dict(qs.values_list("kode", "id"))


def _tps_rows_check(
    frame: pl.DataFrame, pemilihan: Pemilihan
) -> tuple[list[TPSRowValues], list[RowError]]:
    batas = pemilihan.batas_pemilih_per_tps
    values: list[TPSRowValues] = []
    errors: list[RowError] = []
    first_row: dict[tuple[str, str], int] = {}
    for raw in frame.iter_rows(named=True):
        key = ((raw["kode_desa"] or "").replace(".", ""), (raw["nomor"] or "").lstrip("0"))
        if key in first_row:
            message = (
                f"TPS {raw['kode_desa']} nomor {raw['nomor']} ganda: "
                f"sudah ada di baris {first_row[key]}."
            )
            errors.append(RowError(row=raw[ROW_COLUMN], field="nomor", message=message))
            continue
        first_row[key] = raw[ROW_COLUMN]
        checked = tps_row_check(
            TPSRowInput(
                row=raw[ROW_COLUMN],
                kode_desa=raw["kode_desa"],
                nomor=raw["nomor"],
                alamat=raw["alamat"],
                dpt_laki=raw["dpt_laki"],
                dpt_perempuan=raw["dpt_perempuan"],
                dpt=raw["dpt"],
            ),
            batas_pemilih=batas,
        )
        if isinstance(checked, list):
            errors.extend(checked)
            continue
        values.append(checked)
    return values, errors


def _tps_place(
    values: Sequence[TPSRowValues], pemilihan: Pemilihan
) -> tuple[list[tuple[TPSRowValues, int]], list[RowError]]:
    desa_ids = _desa_ids(pemilihan)
    existing = set(
        TPS.objects.filter(
            pemilihan=pemilihan, kode__in=[v.kode.value for v in values]
        ).values_list("kode", flat=True)
    )
    placed: list[tuple[TPSRowValues, int]] = []
    errors: list[RowError] = []
    versi = pemilihan.versi_wilayah.kode
    for item in values:
        desa_id = desa_ids.get(item.kode.desa.value)
        if desa_id is None:
            message = f"Desa {item.kode.desa} tidak ada dalam versi wilayah {versi} pemilihan ini."
            errors.append(RowError(row=item.row, field="kode_desa", message=message))
        elif item.kode.value in existing:
            message = f"TPS {item.kode} sudah terdaftar pada pemilihan ini."
            errors.append(RowError(row=item.row, field="nomor", message=message))
        else:
            placed.append((item, desa_id))
    return placed, errors


@transaction.atomic
def tps_import(
    *, pemilihan: Pemilihan, path: Path | str, actor: Actor, progress: Progress | None = None
) -> TPSImportResult:
    """Add the TPS of a CSV or XLSX file to an election, with their DPT.

    Columns: ``kode_desa,nomor,alamat,dpt_laki,dpt_perempuan`` and optionally ``dpt`` (which
    must equal the sum). Every bad row is reported (InvalidInput, one RowError per problem,
    naming row and field); nothing is written unless the whole file is valid. The rollup
    (RingkasanWilayah) is rebuilt and one audit row written.
    """
    table = table_read(
        path=path,
        required=("kode_desa", "nomor", "dpt_laki", "dpt_perempuan"),
        optional=("alamat", "dpt"),
    )
    if progress is not None:
        progress("periksa", 0, table.frame.height)
    values, errors = _tps_rows_check(table.frame, pemilihan)
    placed, place_errors = _tps_place(values, pemilihan)
    errors = sorted([*errors, *place_errors], key=lambda e: (e.row or 0, e.field or ""))
    if errors:
        raise InvalidInput(
            _("Daftar TPS %(name)s berisi %(n)d kesalahan; tidak ada yang disimpan.")
            % {"name": table.source, "n": len(errors)},
            errors=errors,
        )
    rows = (
        (
            pemilihan.pk,
            desa_id,
            v.kode.value,
            v.kode.nomor,
            v.alamat,
            v.dpt_laki,
            v.dpt_perempuan,
            v.dpt,
            False,
        )
        for v, desa_id in placed
    )
    written = rows_insert(
        table=TPS._meta.db_table,
        columns=TPS_COLUMNS,
        rows=rows,
        total=len(placed),
        phase="simpan",
        progress=progress,
    )
    result = TPSImportResult(
        jumlah_tps=written,
        jumlah_dpt=sum(v.dpt for v, _id in placed),
        jumlah_desa=len({desa_id for _v, desa_id in placed}),
    )
    ringkasan_refresh(pemilihan=pemilihan)
    audit_record(
        actor=actor,
        action="tps.import",
        target=pemilihan,
        after={"tps": result.jumlah_tps, "dpt": result.jumlah_dpt, "desa": result.jumlah_desa},
        reason=f"Impor TPS dari {table.source}",
    )
    return result


# --- the Pemilu 2024 distribution ----------------------------------------------------------------


def _normalised_name(column: str) -> pl.Expr:
    return pl.col(column).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")


def _distribusi_read(prefix: str | None) -> pl.DataFrame:
    table = table_read(
        path=DISTRIBUSI_2024_FILE,
        required=("kode_desa", "nama_desa", "tps_reguler"),
        optional=("tps_khusus_dari", "tps_khusus_sampai"),
    )
    frame = table.frame.with_columns(
        pl.col("tps_reguler", "tps_khusus_dari", "tps_khusus_sampai").cast(pl.Int32)
    )
    if prefix:
        frame = frame.filter(pl.col("kode_desa").str.starts_with(f"{prefix}."))
    return frame


def _distribusi_rematch(
    unmatched: pl.DataFrame, pemilihan: Pemilihan, claimed: set[str], prefix: str | None
) -> dict[str, str]:
    """Match 2024 desa whose code is not in the region version to a desa of the same name.

    Desa moved to a new kecamatan get a new code (e.g. Toili, Banggai, split in 2024). A 2024
    desa is matched only to a same-named desa of the same kab/kota that has no 2024 row of its
    own, and only when that pairing is one to one; anything less certain stays unmatched.
    """
    if unmatched.is_empty():
        return {}
    qs = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, tingkat=Tingkat.DESA)
    if prefix:
        qs = qs.filter(kode__startswith=f"{prefix}.")
    candidates = pl.DataFrame(
        [(k, n) for k, n in qs.values_list("kode", "nama") if k not in claimed],
        schema={"kode": pl.String, "nama": pl.String},
        orient="row",
    )
    left = unmatched.select(
        "kode_desa", kabkota=pl.col("kode_desa").str.slice(0, 5), n=_normalised_name("nama_desa")
    )
    right = candidates.select(
        "kode", kabkota=pl.col("kode").str.slice(0, 5), n=_normalised_name("nama")
    )
    pairs = left.join(right, on=["kabkota", "n"], how="inner")
    pairs = pairs.filter(
        (pl.col("kode_desa").count().over("kode_desa") == 1)
        & (pl.col("kode").count().over("kode") == 1)
    )
    return dict(zip(pairs["kode_desa"].to_list(), pairs["kode"].to_list(), strict=True))


def _tps_numbers(reguler: int | None, dari: int | None, sampai: int | None) -> Iterator[int]:
    yield from range(1, (reguler or 0) + 1)
    if dari is not None and sampai is not None:
        yield from range(dari, sampai + 1)


def _distribusi_rows(
    frame: pl.DataFrame, pemilihan: Pemilihan, seed: int
) -> Iterator[tuple[object, ...]]:
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    batas = pemilihan.batas_pemilih_per_tps
    columns = ("desa_id", "kode", "tps_reguler", "tps_khusus_dari", "tps_khusus_sampai")
    for desa_id, kode, reguler, dari, sampai in frame.select(columns).iter_rows():
        digits = kode.replace(".", "")
        for nomor in _tps_numbers(reguler, dari, sampai):
            laki, perempuan = dpt_sintetis(rng=rng, batas_pemilih=batas, is_khusus=nomor >= 901)
            yield (
                pemilihan.pk,
                desa_id,
                f"{digits}{nomor:03d}",
                nomor,
                "",
                laki,
                perempuan,
                laki + perempuan,
                True,
            )


def _prefix_check(prefix: str | None) -> str | None:
    if not prefix:
        return None
    try:
        kode = KodeWilayah.parse(prefix)
    except InvalidKodeWilayah as exc:
        raise _refuse(exc.message, field_name="prefix") from exc
    return kode.value


def _distribusi_place(
    pemilihan: Pemilihan, prefix: str | None
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Return the 2024 rows with their desa (``desa_id``, ``kode``), the unplaced rows, and
    how many were placed by name."""
    frame = _distribusi_read(prefix)
    desa_ids = _desa_ids(pemilihan, prefix)
    rematch = _distribusi_rematch(
        frame.filter(~pl.col("kode_desa").is_in(list(desa_ids))),
        pemilihan,
        set(frame["kode_desa"].to_list()),
        prefix,
    )
    ids = pl.DataFrame(
        {"kode": list(desa_ids), "desa_id": list(desa_ids.values())},
        schema={"kode": pl.String, "desa_id": pl.Int64},
    )
    frame = frame.with_columns(
        kode=pl.col("kode_desa").replace(rematch) if rematch else pl.col("kode_desa")
    ).join(ids, on="kode", how="left")
    return (
        frame.filter(pl.col("desa_id").is_not_null()),
        frame.filter(pl.col("desa_id").is_null()),
        len(rematch),
    )


def _tps_count(frame: pl.DataFrame) -> int:
    khusus = (pl.col("tps_khusus_sampai") - pl.col("tps_khusus_dari") + 1).fill_null(0)
    return int(frame.select((pl.col("tps_reguler").fill_null(0) + khusus).sum()).item() or 0)


@transaction.atomic
def tps_load_distribusi_2024(
    *,
    pemilihan: Pemilihan,
    actor: Actor,
    prefix: str | None = None,
    seed: int = DISTRIBUSI_2024_SEED,
    progress: Progress | None = None,
) -> TPSImportResult:
    """Build the TPS of Pemilu 2024 (820,161 in 83,731 desa) for ``pemilihan``, with synthetic DPT.

    Each desa gets regular TPS 1..N and its special TPS (numbered from 901) exactly as in 2024;
    the DPT of each TPS is made up, deterministic for ``seed``, within the election's cap and
    marked ``dpt_sintetis``. ``prefix`` (e.g. ``33.03``) limits the load to one region.

    Some 2024 desa codes are not in the 2025 region list (513 desa: re-coded after kecamatan
    splits and the new Papua provinces). Those with a one-to-one same-name desa in the same
    kab/kota are placed there; the rest are skipped and reported in the result (count and
    examples) and in the audit row, not silently dropped. Raises InvalidInput if the election
    already has TPS in that region.
    """
    prefix = _prefix_check(prefix)
    existing = TPS.objects.filter(pemilihan=pemilihan)
    if prefix:
        existing = existing.filter(kode__startswith=prefix.replace(".", ""))
    if existing.exists():
        raise _refuse(
            _("Pemilihan %(p)s sudah memiliki TPS di wilayah %(w)s; tidak ada yang dimuat.")
            % {"p": pemilihan.kode, "w": prefix or "nasional"}
        )
    placed, skipped, rematched = _distribusi_place(pemilihan, prefix)
    total = _tps_count(placed)
    written = rows_insert(
        table=TPS._meta.db_table,
        columns=TPS_COLUMNS,
        rows=_distribusi_rows(placed, pemilihan, seed),
        total=total,
        phase="simpan",
        progress=progress,
    )
    if progress is not None:
        progress("ringkasan", 0, 1)
    national = ringkasan_refresh(pemilihan=pemilihan)
    result = TPSImportResult(
        jumlah_tps=written,
        jumlah_dpt=national.jumlah_dpt,
        jumlah_desa=placed.height,
        desa_skipped=skipped.height,
        tps_skipped=_tps_count(skipped),
        desa_skipped_examples=[
            f"{k} {n}"
            for k, n in skipped.head(EXAMPLES_MAX).select("kode_desa", "nama_desa").rows()
        ],
        desa_rematched=rematched,
    )
    audit_record(
        actor=actor,
        action="tps.load_distribusi_2024",
        target=pemilihan,
        wilayah_kode=prefix or "",
        after={
            "tps": result.jumlah_tps,
            "dpt": result.jumlah_dpt,
            "desa": result.jumlah_desa,
            "desa_rematched": rematched,
            "desa_skipped": result.desa_skipped,
            "tps_skipped": result.tps_skipped,
            "desa_skipped_examples": result.desa_skipped_examples,
            "seed": seed,
            "dpt_sintetis": True,
        },
        reason="Sebaran TPS Pemilu 2024 dengan DPT sintetis",
    )
    return result


# --- the rollup ----------------------------------------------------------------------------------

# TPS.kode is the undotted 13-digit code: the desa is its first 10 digits (2/2/2/4).
_SEGMENTS = ((1, 2), (3, 2), (5, 2), (7, 4))
# Ringkasan codes are dotted like Wilayah.kode: provinsi "33" (2 characters), kab/kota "33.03"
# (5), kecamatan "33.03.01" (8).
_DOTTED_WIDTHS = ((Tingkat.KECAMATAN, 8), (Tingkat.KABKOTA, 5), (Tingkat.PROVINSI, 2))
_COLUMNS = (
    "pemilihan_id, kode, induk_kode, tingkat, jumlah_desa, jumlah_tps, jumlah_dpt, "
    "jumlah_dpt_laki, jumlah_dpt_perempuan"
)


def _dotted(column: str, width: int) -> str:
    return " || '.' || ".join(
        f"substr({column}, {start}, {n})" for start, n in _SEGMENTS if start + n - 1 <= width
    )


def _ringkasan_desa_sql(table: str, tps_table: str, wilayah_table: str) -> str:
    """A row per desa of the election's region list, with its TPS grouped in one pass.

    Every desa gets a row, with or without TPS, so that desa counts are those of the decree
    even where no TPS are registered yet (e.g. the national view of a one-kabupaten demo).
    """
    return f"""
        INSERT INTO {table} ({_COLUMNS})
        SELECT %s, w.kode, w.induk_kode, {int(Tingkat.DESA)}, 1,
               COALESCE(g.jumlah_tps, 0), COALESCE(g.jumlah_dpt, 0),
               COALESCE(g.jumlah_dpt_laki, 0), COALESCE(g.jumlah_dpt_perempuan, 0)
        FROM {wilayah_table} w
        LEFT JOIN (
            SELECT desa_id, COUNT(*) AS jumlah_tps, SUM(dpt) AS jumlah_dpt,
                   SUM(dpt_laki) AS jumlah_dpt_laki, SUM(dpt_perempuan) AS jumlah_dpt_perempuan
            FROM {tps_table} WHERE pemilihan_id = %s GROUP BY desa_id
        ) g ON g.desa_id = w.id
        WHERE w.versi_id = %s AND w.tingkat = {int(Tingkat.DESA)}
    """  # noqa: S608 (table names from model metadata, levels are constants)


def _ringkasan_rollup_sql(table: str, tingkat: int, width: int, parent_width: int) -> str:
    """Sum the desa rows (about 84 k, not 820 k TPS) into the level of dotted ``width``."""
    parent = f"substr(p, 1, {parent_width})" if parent_width else "''"
    kode = f"substr(p, 1, {width})" if width else "''"
    return f"""
        INSERT INTO {table} ({_COLUMNS})
        SELECT %s, {kode}, {parent}, {tingkat}, jumlah_desa, jumlah_tps, jumlah_dpt,
               jumlah_dpt_laki, jumlah_dpt_perempuan
        FROM (
            SELECT {f"substr(kode, 1, {width})" if width else "''"} AS p, COUNT(*) AS jumlah_desa,
                   COALESCE(SUM(jumlah_tps), 0) AS jumlah_tps,
                   COALESCE(SUM(jumlah_dpt), 0) AS jumlah_dpt,
                   COALESCE(SUM(jumlah_dpt_laki), 0) AS jumlah_dpt_laki,
                   COALESCE(SUM(jumlah_dpt_perempuan), 0) AS jumlah_dpt_perempuan
            FROM {table} WHERE pemilihan_id = %s AND tingkat = {int(Tingkat.DESA)}
            {f"GROUP BY substr(kode, 1, {width})" if width else ""}
        ) g
    """  # noqa: S608


@transaction.atomic
def ringkasan_refresh(*, pemilihan: Pemilihan) -> RingkasanWilayah:
    """Rebuild the per-region rollup of an election from its TPS, in set-based SQL.

    One row per provinsi, kab/kota, kecamatan and desa of the election's region list (``kode``
    dotted, as in Wilayah; ``induk_kode`` its parent), plus the national row (``kode`` "",
    tingkat 0). Desa counts come from the region list; TPS and DPT from the TPS, read once and
    grouped per desa; every higher level sums the desa rows. Returns the national row.
    """
    table = connection.ops.quote_name(RingkasanWilayah._meta.db_table)
    tps_table = connection.ops.quote_name(TPS._meta.db_table)
    wilayah_table = connection.ops.quote_name(Wilayah._meta.db_table)
    RingkasanWilayah.objects.filter(pemilihan=pemilihan).delete()
    params = [pemilihan.pk, pemilihan.pk]
    levels = [*_DOTTED_WIDTHS, (0, 0)]
    with connection.cursor() as cursor:
        cursor.execute(
            _ringkasan_desa_sql(table, tps_table, wilayah_table),
            [*params, pemilihan.versi_wilayah_id],
        )
        for i, (tingkat, width) in enumerate(levels):
            parent_width = levels[i + 1][1] if i + 1 < len(levels) else 0
            cursor.execute(_ringkasan_rollup_sql(table, int(tingkat), width, parent_width), params)
    return RingkasanWilayah.objects.get(pemilihan=pemilihan, kode="")
