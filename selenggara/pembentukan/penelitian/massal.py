"""The screening of every stored applicant of a region or the nation, set-based and resumable.

``selenggara pembentukan penelitian`` (and the PPS's "teliti semua" button) run this. It gives
every applicant the same findings as ``penelitian_run`` would, one run at a time, at the size
of a Pemilu (5.74 million applications, docs/performance.md):

- The work is cut into batches of one kab/kota (or the region, when smaller). Each batch reads
  its applicants in one query (the documents handed in as a bit mask are a subquery; on
  PostgreSQL through ``COPY ... TO`` straight into Polars), screens them in Polars, writes the
  findings with one COPY of a Polars-written CSV (PostgreSQL) or one prepared INSERT (SQLite),
  updates the applicants with one UPDATE, appends one audit row with its counts and marks
  itself done on the run (``PenelitianMassal``), all in one transaction. An interrupted run
  resumes with the batches it has not written.
- Duplicates are found across the whole election, once per run, by equal NIK digests; the
  applicants on the party list are found once per run too, by one join on the NIK digest.
- The applicants' UPDATE touches no indexed column, so with the table's fillfactor (migration
  0007) PostgreSQL writes the new row versions beside the old ones (HOT) and leaves the ten
  indexes alone.
- No NIK is decrypted unless it disagrees with the stated identity or its kecamatan is not a
  known one (``pembentukan.saringan``): those few applicants, and any stored before the
  stored facts existed, take the per-applicant domain path (``penelitian_otomatis``) whole.

The findings of the Polars path are built as the JSON ``temuan_json`` writes, in the same
order (``penelitian_otomatis``); ``tests/penelitian/test_massal.py`` checks both agree on
every finding code.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from selenggara.accounts.models import User
from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress, rows_insert
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pembentukan.domain.nik import FIELD_NIK, FIELD_TANGGAL_LAHIR
from selenggara.pembentukan.domain.syarat import (
    FIELD_DOMISILI,
    FIELD_PENDIDIKAN,
    FIELD_PERKAWINAN,
    JENJANG_MINIMUM,
    SYARAT_BY_CODE,
    USIA_DIUTAMAKAN_MAKSIMUM,
    USIA_MINIMUM,
    JenisDokumen,
    Pendidikan,
    penelitian_otomatis,
)
from selenggara.pembentukan.models import (
    DaftarAnggotaPartai,
    DokumenPendaftar,
    HasilPenelitian,
    Pendaftar,
    PenelitianMassal,
)
from selenggara.pembentukan.penelitian.services import (
    Lookups,
    data_pendaftar,
    pendaftaran_label,
    temuan_json,
)
from selenggara.pembentukan.saringan import nik_kecamatan_digest
from selenggara.pembentukan.selectors import today
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

Actor = User | None

# A batch is one kab/kota: 4 digits of the undotted desa code.
BATCH_PREFIX = 4
DESA_DIGITS = 10
PHASE = "penelitian"
# Bit i of the documents mask: the i-th JenisDokumen was handed in.
DOKUMEN_BIT = {jenis: 1 << i for i, jenis in enumerate(JenisDokumen)}
PENDIDIKAN_KURANG = [p.value for p in Pendidikan if p.jenjang < JENJANG_MINIMUM]

_COLUMNS = (
    "pk",
    "desa_kode",
    "nik_digest",
    "nik_kecamatan_digest",
    "nik_identitas_sesuai",
    "tanggal_lahir",
    "domisili_desa_kode",
    "pendidikan",
    "perkawinan",
    "dokumen",
)
# The batch's columns as Polars reads them from PostgreSQL's CSV (booleans come as t/f).
_CSV_SCHEMA = {
    "pk": pl.Int64,
    "desa_kode": pl.String,
    "nik_digest": pl.String,
    "nik_kecamatan_digest": pl.String,
    "nik_identitas_sesuai": pl.String,
    "tanggal_lahir": pl.Date,
    "domisili_desa_kode": pl.String,
    "pendidikan": pl.String,
    "perkawinan": pl.String,
    "dokumen": pl.Int64,
}
# One row of findings, whichever path built it.
_HASIL_SCHEMA = {
    "pendaftar_id": pl.Int64,
    "temuan": pl.String,
    "memenuhi_syarat": pl.Boolean,
    "jumlah_error": pl.Int64,
    "jumlah_warning": pl.Int64,
}
_HASIL_COLUMNS = (*_HASIL_SCHEMA, "run_at", "run_by_id")


@dataclass(frozen=True, slots=True, kw_only=True)
class PenelitianBulkResult:
    """What a run wrote: applicants screened, without errors, with errors; its batches."""

    jumlah: int
    lolos: int
    dengan_error: int
    batch: int = 1
    dilanjutkan: bool = False


def _scope(prefix: str) -> Q:
    """Applicants whose undotted desa code starts with ``prefix``, as a range on the index.

    A range rather than LIKE: PostgreSQL uses a btree for LIKE 'x%' only under the C
    collation, and desa codes are 10 digits, which every collation orders as numbers.
    """
    pad = DESA_DIGITS - len(prefix)
    return Q(desa_kode__gte=prefix + "0" * pad, desa_kode__lte=prefix + "9" * pad)


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=None, field="wilayah", message=message)])


def _prefixes(pemilihan: Pemilihan, digits: str) -> list[str]:
    """The batches of a region: its kab/kota that have applicants, or the region itself."""
    if len(digits) >= BATCH_PREFIX:
        return [digits]
    rows = (
        Pendaftar.objects.filter(_scope(digits), pemilihan=pemilihan)
        .annotate(prefix=Substr("desa_kode", 1, BATCH_PREFIX))
        .values_list("prefix", flat=True)
        .distinct()
        .order_by("prefix")
    )
    return list(rows)


def _ganda(pemilihan: Pemilihan) -> dict[str, list[tuple[int, str]]]:
    """Every NIK digest registered more than once in the election, with its registrations."""
    digests = (
        Pendaftar.objects.filter(pemilihan=pemilihan)
        .values("nik_digest")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("nik_digest")
    )
    lain: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Pendaftar.objects.filter(pemilihan=pemilihan, nik_digest__in=Subquery(digests))
        .values_list("pk", "nik_digest", "badan", "nomor_pendaftaran", "tps_preferensi__kode")
        .order_by("pk")
    )
    for pk, digest, badan, nomor, tps_kode in rows:
        lain[digest].append((pk, pendaftaran_label(badan=badan, nomor=nomor, tps_kode=tps_kode)))
    return dict(lain)


def _partai(pemilihan: Pemilihan, digits: str) -> dict[str, str]:
    """The party of every applicant of the region on the election's party list, by NIK digest.

    One join per run (a hash join of the applicants with the party list on PostgreSQL) rather
    than one index probe per applicant. A NIK on several parties' lists is named by the first
    party in name order, as ``lookups_get`` names it.
    """
    applicants = Pendaftar.objects.filter(_scope(digits), pemilihan=pemilihan)
    rows = (
        DaftarAnggotaPartai.objects.filter(
            pemilihan=pemilihan, nik_digest__in=applicants.values("nik_digest")
        )
        .order_by()
        .values("nik_digest")
        .annotate(first=Min("partai"))
        .values_list("nik_digest", "first")
    )
    return dict(rows)


def _kecamatan(pemilihan: Pemilihan) -> frozenset[str]:
    """The 6-digit codes of the election's kecamatan."""
    codes = Wilayah.objects.filter(
        versi_id=pemilihan.versi_wilayah_id, tingkat=Tingkat.KECAMATAN
    ).values_list("kode", flat=True)
    return frozenset(KodeWilayah(k).digits for k in codes)


def _batch_query(pemilihan: Pemilihan, prefix: str) -> tuple[str, Sequence[Any]]:
    dokumen = (
        DokumenPendaftar.objects.filter(pendaftar=OuterRef("pk"))
        .order_by()  # the model's ordering would join the applicant and its election
        .values("pendaftar")
        .annotate(
            mask=Sum(
                Case(
                    *(When(jenis=j.value, then=Value(bit)) for j, bit in DOKUMEN_BIT.items()),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        )
        .values("mask")
    )
    qs = (
        Pendaftar.objects.filter(_scope(prefix), pemilihan=pemilihan)
        .annotate(
            perkawinan=F("pernyataan_tidak_terikat_perkawinan"),
            dokumen=Coalesce(Subquery(dokumen), Value(0), output_field=IntegerField()),
        )
        .order_by("pk")
        .values_list(*_COLUMNS)
    )
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    return sql, params


def _frame(pemilihan: Pemilihan, prefix: str) -> pl.DataFrame:
    sql, params = _batch_query(pemilihan, prefix)
    if connection.vendor == "postgresql":
        return _frame_copy(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Raw rows: SQLite gives dates as text and booleans as 0/1.
    frame = pl.DataFrame(rows, schema=list(_COLUMNS), orient="row", infer_schema_length=None)
    return frame.with_columns(
        pl.col("pk").cast(pl.Int64),
        pl.col("tanggal_lahir").cast(pl.String).str.to_date("%Y-%m-%d"),
        pl.col("nik_identitas_sesuai").cast(pl.Boolean),
        pl.col("perkawinan").cast(pl.Boolean),
        pl.col("dokumen").cast(pl.Int64),
        *(pl.col(c).cast(pl.String) for c in ("desa_kode", "nik_digest", "nik_kecamatan_digest")),
        pl.col("domisili_desa_kode").cast(pl.String),
        pl.col("pendidikan").cast(pl.String),
    )


def _frame_copy(sql: str, params: Sequence[Any]) -> pl.DataFrame:
    """The batch read with ``COPY (query) TO STDOUT`` and parsed by Polars, not row by row.

    NULL is written as ``\\N`` so that it stays apart from an empty string (CSV would give
    both as an empty field).
    """
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, NULL '\\N')", params) as copy:
            for block in copy:
                buffer.write(block)
    frame = pl.read_csv(
        buffer.getvalue(),
        has_header=False,
        new_columns=list(_CSV_SCHEMA),
        schema=_CSV_SCHEMA,
        null_values="\\N",
        empty_string_is_null=False,
    )
    return frame.with_columns(
        (pl.col(c) == "t").alias(c) for c in ("nik_identitas_sesuai", "perkawinan")
    )


def _text(expr: pl.Expr) -> pl.Expr:
    """``expr`` as a JSON string literal (escaped by Polars' JSON encoder)."""
    return (
        pl.struct(expr.alias("v"))
        .struct.json_encode()
        .str.strip_prefix('{"v":')
        .str.strip_suffix("}")
    )


def _object(fields: Sequence[tuple[str, pl.Expr | str | int]]) -> list[pl.Expr]:
    parts: list[pl.Expr] = [pl.lit("{")]
    for i, (name, value) in enumerate(fields):
        parts.append(pl.lit(("," if i else "") + json.dumps(name) + ":"))
        parts.append(value if isinstance(value, pl.Expr) else pl.lit(json.dumps(value)))
    parts.append(pl.lit("}"))
    return parts


def _finding(
    kode: str,
    tingkat: str,
    kunci: str,
    *,
    params: Sequence[tuple[str, pl.Expr | str | int]] = (),
    petugas: Sequence[tuple[str, pl.Expr | str | int]] = (),
) -> pl.Expr:
    """One finding as the JSON ``Temuan.as_dict`` + ``syarat`` gives (see ``temuan_json``)."""
    head = {"kode": kode, "tingkat": tingkat, "kunci": [kunci], "syarat": SYARAT_BY_CODE[kode]}
    return pl.concat_str(
        [
            pl.lit(json.dumps(head)[:-1] + ',"params":'),
            *_object(params),
            pl.lit(',"params_petugas":'),
            *_object(petugas),
            pl.lit("}"),
        ]
    )


def _dotted(col: str) -> pl.Expr:
    c = pl.col(col)
    return pl.concat_str(
        [c.str.slice(0, 2), c.str.slice(2, 2), c.str.slice(4, 2), c.str.slice(6)], separator="."
    )


def _usia(hari_pemungutan: date) -> pl.Expr:
    # As core.domain.tanggal.usia_on: the birthday counts from its month * 100 + day.
    lahir = pl.col("tanggal_lahir")
    md = lahir.dt.month().cast(pl.Int32) * 100 + lahir.dt.day().cast(pl.Int32)
    on_md = hari_pemungutan.month * 100 + hari_pemungutan.day
    return (
        pl.lit(hari_pemungutan.year) - lahir.dt.year().cast(pl.Int32) - (md > on_md).cast(pl.Int32)
    )


def _screen(frame: pl.DataFrame, *, hari_pemungutan: date) -> pl.DataFrame:
    """Return ``pk, temuan, memenuhi_syarat, jumlah_error, jumlah_warning`` per applicant.

    ``frame`` has the ``_COLUMNS`` plus ``ganda_jumlah`` and ``ganda_lain`` (the other
    registrations of the NIK, joined as ``ganda_check`` joins them, or null).
    """
    hari = hari_pemungutan.isoformat()
    usia = pl.col("usia")
    usia_s = usia.cast(pl.String)
    desa = _dotted("desa_kode")
    galat, peringatan = "galat", "peringatan"
    checks: list[tuple[pl.Expr, pl.Expr, str]] = [
        (
            usia < USIA_MINIMUM,
            _finding(
                "usia_kurang",
                galat,
                FIELD_TANGGAL_LAHIR,
                params=[("hari", hari), ("usia", usia_s), ("minimum", USIA_MINIMUM)],
            ),
            galat,
        ),
        (
            usia > USIA_DIUTAMAKAN_MAKSIMUM,
            _finding(
                "usia_lebih_55",
                peringatan,
                FIELD_TANGGAL_LAHIR,
                params=[("hari", hari), ("usia", usia_s), ("maksimum", USIA_DIUTAMAKAN_MAKSIMUM)],
            ),
            peringatan,
        ),
        (
            pl.col("partai").is_not_null(),
            _finding(
                "anggota_partai", galat, FIELD_NIK, petugas=[("partai", _text(pl.col("partai")))]
            ),
            galat,
        ),
        (
            pl.col("domisili_desa_kode") != desa,
            _finding(
                "domisili_luar_desa",
                galat,
                FIELD_DOMISILI,
                params=[
                    ("domisili", _text(pl.col("domisili_desa_kode"))),
                    ("desa", _text(desa)),
                ],
            ),
            galat,
        ),
        (
            pl.col("pendidikan").is_in(PENDIDIKAN_KURANG),
            _finding(
                "pendidikan_kurang",
                galat,
                FIELD_PENDIDIKAN,
                params=[("pendidikan", _text(pl.col("pendidikan")))],
            ),
            galat,
        ),
        (
            pl.col("ganda_jumlah") > 0,
            _finding(
                "nik_terdaftar_ganda",
                galat,
                FIELD_NIK,
                params=[("jumlah", pl.col("ganda_jumlah").cast(pl.String))],
                petugas=[("pendaftaran_lain", _text(pl.col("ganda_lain")))],
            ),
            galat,
        ),
        (
            ~pl.col("perkawinan"),
            _finding("pernyataan_perkawinan_kosong", galat, FIELD_PERKAWINAN),
            galat,
        ),
        *(
            (
                (pl.col("dokumen") & bit) == 0,
                _finding(
                    "dokumen_kurang",
                    galat,
                    f"dokumen.{jenis.value}",
                    params=[("dokumen", jenis.value)],
                ),
                galat,
            )
            for jenis, bit in DOKUMEN_BIT.items()
        ),
    ]
    found = [pl.when(cond.fill_null(False)).then(text) for cond, text, _t in checks]
    errors = pl.sum_horizontal(
        [cond.fill_null(False).cast(pl.Int32) for cond, _x, t in checks if t == galat]
    )
    warnings = pl.sum_horizontal(
        [cond.fill_null(False).cast(pl.Int32) for cond, _x, t in checks if t == peringatan]
    )
    return (
        frame.lazy()
        .with_columns(_usia(hari_pemungutan).alias("usia"))
        .select(
            "pk",
            pl.concat_str(
                [
                    pl.lit("["),
                    pl.concat_list(found).list.drop_nulls().list.join(","),
                    pl.lit("]"),
                ]
            ).alias("temuan"),
            (errors == 0).alias("memenuhi_syarat"),
            errors.alias("jumlah_error"),
            warnings.alias("jumlah_warning"),
        )
        .collect()
    )


def _per_applicant(pks: list[int], shared: _Shared) -> pl.DataFrame:
    """The domain path, whole, for applicants whose NIK must be read (it decrypts).

    The lookups are the run's (duplicates, party matches, kecamatan), so the findings are
    those ``penelitian_run`` gives (it reads the same through ``lookups_get``).
    """
    pendaftar_list = list(
        Pendaftar.objects.filter(pk__in=pks).select_related("desa", "pemilihan").order_by("pk")
    )
    dokumen: dict[int, set[JenisDokumen]] = defaultdict(set)
    for pk, jenis in DokumenPendaftar.objects.filter(pendaftar__in=pks).values_list(
        "pendaftar_id", "jenis"
    ):
        dokumen[pk].add(JenisDokumen(jenis))
    lookups = Lookups(
        lain_by_digest=shared.ganda,
        partai_by_digest=shared.partai,
        kecamatan=shared.kecamatan_kode,
    )
    on = shared.on
    rows = []
    for p in pendaftar_list:
        hasil = penelitian_otomatis(
            data_pendaftar(p, frozenset(dokumen[p.pk])), lookups.konteks(p, on)
        )
        rows.append(
            (
                p.pk,
                json.dumps(temuan_json(hasil)),
                hasil.memenuhi_syarat,
                len(hasil.errors),
                len(hasil.warnings),
            )
        )
    return pl.DataFrame(rows, schema=_HASIL_SCHEMA, orient="row")


@dataclass(frozen=True, slots=True, kw_only=True)
class _Shared:
    ganda: dict[str, list[tuple[int, str]]]
    partai: dict[str, str]
    partai_frame: pl.DataFrame
    kecamatan: list[str]
    kecamatan_kode: frozenset[str]
    on: date
    now: datetime
    actor: Actor


def _batch_run(
    pemilihan: Pemilihan, prefix: str, shared: _Shared
) -> tuple[int, int]:  # (jumlah, lolos)
    if connection.vendor == "postgresql":
        # Compiling these short queries costs more than it saves, once per batch.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    frame = _frame(pemilihan, prefix)
    if frame.is_empty():
        return 0, 0
    dup = [
        (pk, len(lain) - 1, "; ".join(label for other, label in lain if other != pk))
        for digest in frame.filter(pl.col("nik_digest").is_in(list(shared.ganda)))["nik_digest"]
        .unique()
        .to_list()
        for lain in [shared.ganda[digest]]
        for pk, _label in lain
    ]
    ganda = pl.DataFrame(
        dup,
        schema={"pk": pl.Int64, "ganda_jumlah": pl.Int64, "ganda_lain": pl.String},
        orient="row",
    )
    frame = (
        frame.join(ganda, on="pk", how="left")
        .join(shared.partai_frame, on="nik_digest", how="left")
        .with_columns(pl.col("ganda_jumlah").fill_null(0))
    )
    baca_nik = ~pl.col("nik_identitas_sesuai").fill_null(False) | ~pl.col(
        "nik_kecamatan_digest"
    ).is_in(shared.kecamatan)
    decrypt = frame.filter(baca_nik)
    screened = _screen(frame.filter(~baca_nik), hari_pemungutan=pemilihan.hari_pemungutan)
    hasil = pl.concat(
        [
            screened.rename({"pk": "pendaftar_id"}).cast(_HASIL_SCHEMA),  # type: ignore[arg-type]
            _per_applicant(decrypt["pk"].to_list(), shared),
        ]
    )
    _hasil_write(hasil, shared)
    terdaftar = When(status=Pendaftar.Status.TERDAFTAR, then=Value(Pendaftar.Status.DITELITI))
    Pendaftar.objects.filter(_scope(prefix), pemilihan=pemilihan).update(
        diteliti_at=shared.now,
        status=Case(terdaftar, default=F("status")),
        status_at=Case(
            When(status=Pendaftar.Status.TERDAFTAR, then=Value(shared.now)),
            default=F("status_at"),
        ),
    )
    return hasil.height, int(hasil["memenuhi_syarat"].sum())


def _hasil_write(hasil: pl.DataFrame, shared: _Shared) -> None:
    """Append the findings: on PostgreSQL one COPY of the CSV Polars writes, not row by row."""
    actor_id = shared.actor.pk if shared.actor is not None else None
    table = HasilPenelitian._meta.db_table
    if connection.vendor != "postgresql":
        run_at = connection.ops.adapt_datetimefield_value(shared.now)
        rows_insert(
            table=table,
            columns=_HASIL_COLUMNS,
            rows=((*row, run_at, actor_id) for row in hasil.iter_rows()),
            total=hasil.height,
            analyze=False,
        )
        return
    # An empty unquoted field is NULL in COPY's CSV: run_by_id when no actor.
    data = hasil.with_columns(
        pl.lit(shared.now.isoformat()).alias("run_at"),
        pl.lit(actor_id, dtype=pl.Int64).alias("run_by_id"),
    ).write_csv(include_header=False)
    columns = ", ".join(connection.ops.quote_name(c) for c in _HASIL_COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN (FORMAT csv)"
        ) as copy:
            copy.write(data)


def _run_get(
    pemilihan: Pemilihan, kode: str, prefixes: list[str], *, actor: Actor, on: date
) -> tuple[PenelitianMassal, bool]:
    """The unfinished run of this scope to resume, or a new one."""
    run = (
        PenelitianMassal.objects.filter(
            pemilihan=pemilihan, wilayah_kode=kode, selesai_at__isnull=True
        )
        .order_by("-pk")
        .first()
    )
    if run is not None:
        return run, True
    run = PenelitianMassal.objects.create(
        pemilihan=pemilihan,
        wilayah_kode=kode,
        tanggal=on,
        mulai_at=timezone.now(),
        actor=actor,
        batch_total=len(prefixes),
    )
    return run, False


def _batches(run: PenelitianMassal, prefixes: list[str]) -> Iterator[str]:
    done = set(run.batch_selesai)
    yield from (p for p in prefixes if p not in done)


def penelitian_run_bulk(
    *,
    pemilihan: Pemilihan,
    wilayah_kode: str | None,
    actor: Actor,
    on: date | None = None,
    progress: Progress | None = None,
) -> PenelitianBulkResult:
    """Screen every stored applicant of ``pemilihan`` in a region (the nation when None).

    Resumes the unfinished run of the same region, if any; otherwise starts one. Each batch
    commits with its audit row (``pendaftar.penelitian_massal``, scoped to the batch's
    kab/kota, with its counts); the run's end appends one more with the totals
    (``pendaftar.penelitian_bulk``). Raises InvalidInput for a bad region code.
    """
    kode = ""
    if wilayah_kode:
        try:
            kode = KodeWilayah.parse(wilayah_kode).value
        except InvalidKodeWilayah as exc:
            raise _refuse(exc.message) from exc
    digits = KodeWilayah(kode).digits if kode else ""
    prefixes = _prefixes(pemilihan, digits)
    with transaction.atomic():
        run, resumed = _run_get(pemilihan, kode, prefixes, actor=actor, on=on or today())
    kecamatan = _kecamatan(pemilihan)
    partai = _partai(pemilihan, digits)
    shared = _Shared(
        ganda=_ganda(pemilihan),
        partai=partai,
        partai_frame=pl.DataFrame(
            list(partai.items()),
            schema={"nik_digest": pl.String, "partai": pl.String},
            orient="row",
        ),
        kecamatan=[nik_kecamatan_digest(k) for k in kecamatan],
        kecamatan_kode=kecamatan,
        on=run.tanggal,
        now=run.mulai_at,
        actor=actor,
    )
    total = len(prefixes)
    for prefix in _batches(run, prefixes):
        with transaction.atomic():
            run = PenelitianMassal.objects.select_for_update().get(pk=run.pk)
            if prefix in run.batch_selesai:
                continue  # another process wrote it meanwhile
            jumlah, lolos = _batch_run(pemilihan, prefix, shared)
            run.batch_selesai = [*run.batch_selesai, prefix]
            run.jumlah += jumlah
            run.lolos += lolos
            run.dengan_error += jumlah - lolos
            run.save(update_fields=["batch_selesai", "jumlah", "lolos", "dengan_error"])
            batch_kode = KodeWilayah.parse(prefix).value
            audit_record(
                actor=actor,
                action="pendaftar.penelitian_massal",
                target=run,
                wilayah_kode=batch_kode,
                after={"wilayah": batch_kode, "jumlah": jumlah, "lolos": lolos},
            )
        if progress is not None:
            progress(PHASE, len(run.batch_selesai), total)
    with transaction.atomic():
        run = PenelitianMassal.objects.select_for_update().get(pk=run.pk)
        if run.selesai_at is None:
            run.selesai_at = timezone.now()
            run.save(update_fields=["selesai_at"])
            audit_record(
                actor=actor,
                action="pendaftar.penelitian_bulk",
                target=("pemilihan.pemilihan", str(pemilihan.pk)),
                wilayah_kode=kode,
                after={
                    "jumlah": run.jumlah,
                    "lolos": run.lolos,
                    "dengan_error": run.dengan_error,
                    "batch": len(run.batch_selesai),
                },
            )
    if progress is not None:
        progress(PHASE, total, total)
    return PenelitianBulkResult(
        jumlah=run.jumlah,
        lolos=run.lolos,
        dengan_error=run.dengan_error,
        batch=len(run.batch_selesai),
        dilanjutkan=resumed,
    )
