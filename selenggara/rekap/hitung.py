"""The recap engine: the stored counts of every region, kept exact in two ways.

Incremental: ``versi_apply`` runs inside the transaction of every new C.Hasil version
(subscribed in-transaction to tungsura's ``CHasilVersiDicatat``, see core/events.py) and adds
the difference between the new and the previous version to the rows of the desa, kecamatan and
kab/kota under row locks taken in one order (so two writers never deadlock), and appends it as
a delta for the provinsi and the nation, whose rows every writer of a provinsi or of the country
would otherwise queue for (``RekapDelta``, folded in by ``rekap_lipat``; every read adds the
deltas not yet folded). The figures are never half-updated: the version, its row updates and
its deltas commit together.

Full: ``rekap_hitung_ulang`` recomputes the same rows from the stored sheets in the database
(level by level into a temporary table: desa from the current versions, each level above from
the one below; section IV by key of the contest's ballots, or through the JSON table function
where a sheet's ballot changed since, ADR 0017), then either compares them with the stored rows
(``periksa``) or replaces them.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import DatabaseError, connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr

from selenggara.core.audit import audit_record
from selenggara.pemilihan.models import TPS, Calon, Kontestasi, Pemilihan
from selenggara.rekap.domain.agregat import (
    JENIS_BERPARTAI,
    JENIS_SAMA_DI_SEMUA_DAPIL,
    KOLOM,
    Jumlah,
    Kunci,
    Lembar,
    delta,
    gabungan,
    tingkat_of,
    wilayah_path,
)
from selenggara.rekap.models import PelepasanTPS, RekapAgregat, RekapDelta
from selenggara.tungsura.domain.lembar import susunan_from_rows
from selenggara.tungsura.events import CHasilVersiDicatat
from selenggara.tungsura.models import CHasil, CHasilVersi

if TYPE_CHECKING:
    from selenggara.accounts.models import User

# The sheet's columns behind each KOLOM figure.
_KOLOM_VERSI = {
    "suara_sah": "suara_sah",
    "suara_tidak_sah": "suara_tidak_sah",
    "suara_total": "suara_total",
    "pengguna_total": "pengguna_total_j",
    "dpt": "dpt_j",
}


def galat_of(temuan: Iterable[Mapping[str, object]]) -> bool:
    """True when a stored finding is of severity galat (the sheet is held out)."""
    return any(item.get("tingkat") == "galat" for item in temuan)


def lembar_of(versi: CHasilVersi, *, tps_kode: str, jenis: str, dilepas: bool) -> Lembar:
    return Lembar(
        tps_kode=tps_kode,
        jenis=jenis,
        dapil=str(versi.c_hasil.dapil_id),
        angka={key: getattr(versi, column) for key, column in _KOLOM_VERSI.items()},
        suara={k: int(v) for k, v in versi.suara.items()},
        galat=galat_of(versi.temuan),
        dilepas=dilepas,
    )


# Rows at this level and above (provinsi, nation) take their changes as appended deltas
# (RekapDelta) folded in by rekap_lipat, not as updates under a row lock: the nation's row of
# a contest is shared by every TPS of the country, a provinsi's by up to 140,000 of them.
TINGKAT_DELTA = 1
# A writer process folds at most this often after its own commits (seconds): a fallback, so
# deltas never pile up when no folder runs (`selenggara rekap lipat --terus`, which folds every
# second outside the web workers). Reads never wait for a fold.
LIPAT_JEDA = 10.0
# A fold moves at most this many deltas in one transaction.
LIPAT_BATAS = 20_000
# The advisory lock that lets one PostgreSQL session fold at a time ("SLGR" + 1).
_LIPAT_KUNCI = 0x534C_4752_0001

logger = logging.getLogger(__name__)


def jumlah_apply(
    *, kontestasi_id: int, dapil_id: int, jenis: str, tps_kode: str, change: Jumlah
) -> None:
    """Add ``change`` to the counts of every region above ``tps_kode`` and to the provinsi's
    and the nation's totals over their dapil (``gabungan``), in the caller's transaction: the
    desa, kecamatan and kab/kota rows under row locks, the provinsi's and the nation's as
    appended deltas."""
    if change.kosong:
        return
    path = wilayah_path(tps_kode)
    dingin = [w for w in path if tingkat_of(w) > TINGKAT_DELTA]
    # Locked in one order (region code) by every writer, so none deadlocks; a region's first
    # sheet creates its row (the common case finds all three and skips the insert).
    lock = (
        RekapAgregat.objects.select_for_update()
        .filter(dapil_id=dapil_id, wilayah_kode__in=dingin, kontestasi_id=kontestasi_id)
        .order_by("wilayah_kode")
    )
    rows = list(lock)
    if len(rows) < len(dingin):
        RekapAgregat.objects.bulk_create(
            [
                RekapAgregat(
                    kontestasi_id=kontestasi_id,
                    dapil_id=dapil_id,
                    wilayah_kode=w,
                    tingkat=tingkat_of(w),
                )
                for w in dingin
            ],
            ignore_conflicts=True,
        )
        rows = list(lock.all())
    for row in rows:
        _jumlah_set(row, jumlah_of(row).plus(change))
        row.save(update_fields=["tps_masuk", "tps_ditahan", *KOLOM, "suara"])
    # The provinsi and the nation: the dapil's row and the total over every dapil (``gabungan``,
    # dapil NULL), so that a page listing provinsi or showing the nation reads one row per
    # region and contest instead of every dapil's (ADR 0016).
    total = gabungan(jenis, change)
    deltas = [
        row
        for w in path
        if w not in dingin
        for row in (
            _delta_row(kontestasi_id, dapil_id, w, change),
            _delta_row(kontestasi_id, None, w, total),
        )
    ]
    RekapDelta.objects.bulk_create(deltas)
    transaction.on_commit(_lipat_setelah_commit)


def _delta_row(
    kontestasi_id: int, dapil_id: int | None, wilayah_kode: str, change: Jumlah
) -> RekapDelta:
    row = RekapDelta(
        kontestasi_id=kontestasi_id,
        dapil_id=dapil_id,
        wilayah_kode=wilayah_kode,
        tingkat=tingkat_of(wilayah_kode),
    )
    _jumlah_set(row, change)
    return row


_FIELDS = ("wilayah_kode", "kontestasi_id", "dapil_id", "tps_masuk", "tps_ditahan", *KOLOM, "suara")
AgregatKunci = tuple[str, int, int | None]  # (wilayah_kode, kontestasi_id, dapil_id or None)


def _baris(row: Sequence[object]) -> tuple[AgregatKunci, Jumlah]:
    """A row of ``_FIELDS`` as its key and its figures."""
    wilayah, kontestasi_id, dapil_id, *rest = row
    key = (str(wilayah), int(str(kontestasi_id)), None if dapil_id is None else int(str(dapil_id)))
    return key, _jumlah_row(rest[:-1], rest[-1])


def _tambah(out: dict[AgregatKunci, Jumlah], key: AgregatKunci, jumlah: Jumlah) -> None:
    out[key] = out[key].plus(jumlah) if key in out else jumlah


def agregat_baca(
    q: Q, *, tertunda: bool = True, kode_dapil: dict[int, str] | None = None
) -> dict[AgregatKunci, Jumlah]:
    """Return the stored counts of the rows ``q`` selects (a filter on RekapAgregat's fields),
    each with its deltas not yet folded in (``tertunda`` False: the caller reads only regions
    below TINGKAT_DELTA, which have none). ``kode_dapil``, when given, receives the code of
    every dapil read (from the same query).

    One statement reads both tables, so it sees one snapshot: a fold committing meanwhile is
    seen either wholly or not at all, never counted twice or lost.
    """
    fields = (*_FIELDS, "dapil__kode")
    rows = RekapAgregat.objects.filter(q).values_list(*fields)
    if tertunda:
        rows = rows.union(RekapDelta.objects.filter(q).values_list(*fields), all=True)
    out: dict[AgregatKunci, Jumlah] = {}
    for *row, dapil in rows:
        key, jumlah = _baris(row)
        if kode_dapil is not None and key[2] is not None:
            kode_dapil[key[2]] = str(dapil)
        _tambah(out, key, jumlah)
    return out


def _kunci_lipat(*, tunggu: bool = True) -> bool:
    """Take the folders' lock for this transaction (PostgreSQL; SQLite has one writer): wait
    for it, or with ``tunggu`` False return False at once when another session holds it."""
    if not _pg():
        return True
    with connection.cursor() as cursor:
        lock = "pg_advisory_xact_lock" if tunggu else "pg_try_advisory_xact_lock"
        cursor.execute(f"SELECT {lock}(%s)", [_LIPAT_KUNCI])
        return tunggu or bool(cursor.fetchone()[0])


def rekap_lipat(*, tunggu: bool = True) -> int:
    """Fold the pending deltas into their rows; return how many were folded.

    One session folds at a time (``_kunci_lipat``): with ``tunggu`` False this returns at
    once when another is folding. Only the deltas read are deleted, so a writer committing
    meanwhile keeps its delta for the next fold.
    """
    folded = 0
    while RekapDelta.objects.exists():  # no write transaction (SQLite's lock) for nothing
        with transaction.atomic():
            if not _kunci_lipat(tunggu=tunggu):
                return folded
            pending = RekapDelta.objects.order_by("id").values_list("id", *_FIELDS)
            batch = list(pending[:LIPAT_BATAS])
            if batch:
                _lipat_batch(batch)
        folded += len(batch)
        if len(batch) < LIPAT_BATAS:
            break
    return folded


def _lipat_batch(batch: Sequence[Sequence[object]]) -> None:
    sums: dict[AgregatKunci, Jumlah] = {}
    for _id, *fields in batch:
        _tambah(sums, *_baris(fields))
    RekapAgregat.objects.bulk_create(
        [
            RekapAgregat(kontestasi_id=k, dapil_id=d, wilayah_kode=w, tingkat=tingkat_of(w))
            for w, k, d in sums
        ],
        ignore_conflicts=True,
    )
    # The rows are few (a provinsi's and the nation's per contest and dapil): lock them all in
    # one query, in one order, then write them in one statement.
    exactly = Q(pk__in=[])
    for w, k, d in sums:
        exactly |= (
            Q(kontestasi_id=k, wilayah_kode=w, dapil_id=d)
            if d is not None
            else Q(kontestasi_id=k, wilayah_kode=w, dapil__isnull=True)
        )
    locked = RekapAgregat.objects.select_for_update().filter(exactly).order_by("id")
    changed = []
    for row in locked:
        change = sums.get((row.wilayah_kode, row.kontestasi_id, row.dapil_id))
        if change is not None:
            _jumlah_set(row, jumlah_of(row).plus(change))
            changed.append(row)
    RekapAgregat.objects.bulk_update(changed, ["tps_masuk", "tps_ditahan", *KOLOM, "suara"])
    RekapDelta.objects.filter(id__in=[item[0] for item in batch]).delete()


_lipat_terakhir = 0.0


def _lipat_setelah_commit() -> None:
    """After a writer's commit: fold, unless this process folded a moment ago or another
    session is folding. A failed fold loses nothing (the deltas stay, and reads add them)."""
    global _lipat_terakhir  # noqa: PLW0603 - one timestamp per process, by design
    now = time.monotonic()
    if now - _lipat_terakhir < LIPAT_JEDA:
        return
    _lipat_terakhir = now
    try:
        rekap_lipat(tunggu=False)
    except DatabaseError:
        logger.exception("rekap: folding the pending deltas failed; they stay pending")


def jumlah_of(row: RekapAgregat) -> Jumlah:
    return Jumlah(
        tps_masuk=row.tps_masuk,
        tps_ditahan=row.tps_ditahan,
        angka={key: getattr(row, key) for key in KOLOM},
        suara=row.suara,
    )


def _jumlah_set(row: RekapAgregat | RekapDelta, jumlah: Jumlah) -> None:
    row.tps_masuk = jumlah.tps_masuk
    row.tps_ditahan = jumlah.tps_ditahan
    for key in KOLOM:
        setattr(row, key, jumlah.angka.get(key, 0))
    row.suara = dict(jumlah.suara)


def versi_apply(event: CHasilVersiDicatat) -> None:
    """Move the counts above a TPS from its previous version to the new one."""
    versi_list = list(
        CHasilVersi.objects.select_related("c_hasil")
        .defer("teks_kanonik", "konfirmasi", "alasan")  # unread here, the longest columns
        .filter(c_hasil_id=event.c_hasil_id, nomor__in=[event.nomor - 1, event.nomor])
        .annotate(dilepas=Exists(PelepasanTPS.objects.filter(versi_id=OuterRef("pk"))))
        .order_by("nomor")
    )
    lembar = {
        v.nomor: lembar_of(v, tps_kode=event.tps_kode, jenis=event.jenis, dilepas=v.dilepas)
        for v in versi_list
    }
    c_hasil = versi_list[-1].c_hasil
    jumlah_apply(
        kontestasi_id=c_hasil.kontestasi_id,
        dapil_id=c_hasil.dapil_id,
        jenis=event.jenis,
        tps_kode=event.tps_kode,
        change=delta(lembar.get(event.nomor - 1), lembar[event.nomor]),
    )


def pelepasan_apply(*, versi: CHasilVersi, sebelum_dilepas: bool) -> None:
    """Move the counts above a TPS after its current version was released (or not)."""
    c_hasil = versi.c_hasil
    tps_kode = c_hasil.tps.kode
    jenis = c_hasil.kontestasi.jenis
    before = lembar_of(versi, tps_kode=tps_kode, jenis=jenis, dilepas=sebelum_dilepas)
    after = lembar_of(versi, tps_kode=tps_kode, jenis=jenis, dilepas=not sebelum_dilepas)
    jumlah_apply(
        kontestasi_id=c_hasil.kontestasi_id,
        dapil_id=c_hasil.dapil_id,
        jenis=jenis,
        tps_kode=tps_kode,
        change=delta(before, after),
    )


# --- Full recompute ------------------------------------------------------------------------
#
# Set-based: every figure is summed by the database, level by level, into a temporary table
# (desa from the current sheets, each level above from the level below), compared with the
# stored rows by one join, and written back with one INSERT ... SELECT. Python only sees the
# rows that differ. Section IV (a JSON object per sheet) is summed through the database's JSON
# table function (PostgreSQL jsonb_each_text / jsonb_object_agg, SQLite json_each /
# json_group_object), or by key (below, ADR 0017). Zero sums are left out, as the incremental
# path leaves them out.

_BARU = "rekap_baru"
# PostgreSQL's memory per sort or hash of the recompute's session (the default 4 MB spills).
RECOMPUTE_WORK_MEM = "256MB"
_FIGURES = ("tps_masuk", "tps_ditahan", *KOLOM)
# (level, dotted width of its code) above the desa, from the kecamatan up to the nation.
_NAIK = ((3, 8), (2, 5), (1, 2), (0, 0))


def _q(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _each(column: str) -> str:
    """FROM-clause item expanding a JSON object column into (key, value) rows."""
    return f"jsonb_each_text({column}) e" if _pg() else f"json_each({column}) e"


def _object_agg() -> str:
    return "jsonb_object_agg(x.kunci, x.s)" if _pg() else "json_group_object(x.kunci, x.s)"


def _kosong() -> str:
    return "'{}'::jsonb" if _pg() else "'{}'"


def _ditahan_kondisi() -> str:
    """True when the current version ``v`` is held out: a galat finding, not released."""
    lepas = _q(PelepasanTPS)
    return f"{_galat_sql()} AND NOT EXISTS (SELECT 1 FROM {lepas} p WHERE p.versi_id = v.id)"  # noqa: S608 - quoted model table


def _ditahan_sql() -> str:
    """1 when the current version ``v`` is held out (``_ditahan_kondisi``), else 0."""
    return f"CASE WHEN {_ditahan_kondisi()} THEN 1 ELSE 0 END"


def _baru_create() -> None:
    big = "bigint" if _pg() else "INTEGER"
    json_type = "jsonb" if _pg() else "TEXT"
    columns = ", ".join(f"{name} {big} NOT NULL" for name in _FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_BARU}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_BARU} (kontestasi_id {big} NOT NULL, "
            f"dapil_id {big}, wilayah_kode varchar(13) NOT NULL, "
            f"tingkat {big} NOT NULL, {columns}, suara {json_type} NOT NULL)"
        )


def _baru_analyze() -> None:
    """Give the temporary table statistics: autovacuum never sees a temporary table, and
    without them the levels above the desa and the comparison with the stored rows are
    planned as if it were empty (PostgreSQL; 3x slower comparison, docs/performance.md)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {_BARU}")


def _baru_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_BARU}")


def _insert_level(
    *,
    select_sql: str,
    suara_sql: str,
    tingkat: int,
    params: list[int | str],
    suara_params: list[int | str] | None = None,
) -> None:
    """Insert one level's rows: figures from ``select_sql`` (k, d, w, figures), section IV from
    ``suara_sql`` (k, d, w, kunci, s), both grouped by (k, d, w); a dapil 0 is written NULL
    (the total over every dapil)."""
    names = ", ".join(_FIGURES)
    f_names = ", ".join(f"f.{n}" for n in _FIGURES)
    order = "" if _pg() else " ORDER BY k, d, w, kunci"  # SQLite keeps this order in the object
    sql = (
        f"INSERT INTO {_BARU} (kontestasi_id, dapil_id, wilayah_kode, tingkat, {names}, suara) "  # noqa: S608 - built from constants
        f"SELECT f.k, NULLIF(f.d, 0), f.w, {tingkat}, {f_names}, COALESCE(j.suara, {_kosong()}) "
        f"FROM ({select_sql}) f LEFT JOIN ("
        f"SELECT x.k, x.d, x.w, {_object_agg()} AS suara "
        f"FROM (SELECT * FROM ({suara_sql}) y WHERE y.s <> 0{order}) x "
        "GROUP BY x.k, x.d, x.w"
        ") j ON j.k = f.k AND j.d = f.d AND j.w = f.w"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + (params if suara_params is None else suara_params))


def _tps_di(prefix: str) -> tuple[str, list[int | str]]:
    """SQL (and parameters) for "the TPS ``t`` has a code starting with ``prefix``".

    PostgreSQL: LIKE, served by the prefix index (core/awalan.py). SQLite's LIKE ignores case
    and so no index serves it; the range of codes does (codes are digits, below DEL).
    """
    if _pg():
        return "t.kode LIKE %s", [prefix + "%"]
    return "t.kode >= %s AND t.kode < %s", [prefix, prefix + "\x7f"]


def _dotted(column: str) -> str:
    """SQL for the dotted desa code of a 10-digit one (``3303012001`` -> ``33.03.01.2001``)."""
    return (
        f"substr({column}, 1, 2) || '.' || substr({column}, 3, 2) || '.' "
        f"|| substr({column}, 5, 2) || '.' || substr({column}, 7, 4)"
    )


def _desa_insert(pemilihan: Pemilihan, prefix: str, kontestasi_id: int | None = None) -> None:
    """Sum the current sheets of every desa under ``prefix`` (undotted digits) into the table,
    of every contest or of ``kontestasi_id``.

    Sheets are grouped by the desa's 10 digits of the TPS code (one substr per sheet and
    section IV number), and the dotted code is built once per group.
    """
    c, v, t = _q(CHasil), _q(CHasilVersi), _q(TPS)
    held = _ditahan_sql()
    desa = "substr(t.kode, 1, 10)"
    tables = f"FROM {c} c JOIN {v} v ON v.id = c.versi_terkini_id JOIN {t} t ON t.id = c.tps_id"
    di, di_params = _tps_di(prefix)
    where = f"WHERE t.pemilihan_id = %s AND {di}"
    params: list[int | str] = [pemilihan.pk, *di_params]
    if kontestasi_id is not None:
        where += " AND c.kontestasi_id = %s"
        params.append(kontestasi_id)
    sums = ", ".join(
        f"COALESCE(SUM((1 - h.held) * h.{column}), 0) AS {key}"
        for key, column in _KOLOM_VERSI.items()
    )
    columns = ", ".join(f"v.{column}" for column in _KOLOM_VERSI.values())
    figures = ", ".join(("tps_masuk", "tps_ditahan", *_KOLOM_VERSI))
    select_sql = (
        f"SELECT g.k, g.d, {_dotted('g.w10')} AS w, {figures} FROM ("  # noqa: S608 - quoted model tables
        f"SELECT h.k, h.d, h.w10, SUM(1 - h.held) AS tps_masuk, SUM(h.held) AS tps_ditahan, {sums} "
        f"FROM (SELECT c.kontestasi_id AS k, c.dapil_id AS d, {desa} AS w10, {columns}, "
        f"{held} AS held {tables} {where}) h GROUP BY h.k, h.d, h.w10) g"
    )
    suara_sql = (
        f"SELECT g.k, g.d, {_dotted('g.w10')} AS w, g.kunci, g.s FROM ("  # noqa: S608 - quoted model tables
        f"SELECT c.kontestasi_id AS k, c.dapil_id AS d, {desa} AS w10, e.key AS kunci, "
        f"SUM(CAST(e.value AS bigint)) AS s {tables} CROSS JOIN {_each('v.suara')} {where} "
        f"AND {held} = 0 GROUP BY c.kontestasi_id, c.dapil_id, {desa}, e.key) g"
    )
    _insert_level(select_sql=select_sql, suara_sql=suara_sql, tingkat=4, params=params)


# Section IV is summed by key instead: one SUM per key of the contest's ballots (their
# union over its dapil, from the candidates), each read from the sheet's JSON by key. A sheet
# then costs a few lookups instead of one row per number through the JSON table function and
# a hash on (desa, key) strings (PostgreSQL: 3.5x less time nationally; docs/performance.md,
# rekap). The sums are exact when no sheet holds a key outside the union: a sheet whose
# version was checked against a layout that is still one of its contest's ballots
# (``susunan_sidik``, a fingerprint of the keys) cannot. Any other sheet (its ballot changed
# since, or a version from before fingerprints) makes its pass sum again the general way.
# Checking the keys themselves would cost more than the sums: on PostgreSQL `suara - keys`
# takes 60 us for a 216-key DPR sheet.
_BERKUNCI_POTONG = 50  # key-value pairs a JSON object call
_DESA = f"{_BARU}_desa"


@dataclass(frozen=True, slots=True)
class KunciKontestasi:
    """A contest's ballots: the union of their section IV keys and their fingerprints."""

    kunci: tuple[str, ...]
    sidik: frozenset[int]


def kunci_suara_of(pemilihan: Pemilihan) -> dict[int, KunciKontestasi]:
    """Read every dapil's ballot layout of ``pemilihan`` (one query); return them per contest."""
    rows = (
        Calon.objects.filter(dapil__kontestasi__pemilihan=pemilihan)
        .order_by()
        .values_list("dapil__kontestasi_id", "dapil_id", "partai__nomor", "nomor_urut")
    )
    layouts: dict[tuple[int, int], list[tuple[int | None, int]]] = {}
    for kontestasi_id, dapil_id, partai, nomor in rows:
        layouts.setdefault((kontestasi_id, dapil_id), []).append((partai, nomor))
    keys: dict[int, dict[str, None]] = {}
    sidik: dict[int, set[int]] = {}
    for (kontestasi_id, _dapil), layout in layouts.items():
        susunan = susunan_from_rows(layout)
        keys.setdefault(kontestasi_id, {}).update(dict.fromkeys(susunan.kunci_suara()))
        sidik.setdefault(kontestasi_id, set()).add(susunan.sidik)
    # Sorted, as the incremental path stores them (SQLite keeps a JSON object's key order).
    return {
        k: KunciKontestasi(kunci=tuple(sorted(keys[k])), sidik=frozenset(sidik[k])) for k in keys
    }


def _suara_object(keys: Sequence[str], alias: str) -> tuple[str, list[str]]:
    """SQL (and its parameters) for the JSON object of the nonzero sums ``alias.s<i>``.

    PostgreSQL: jsonb_build_object (at most 100 arguments a call) with the nulls stripped.
    SQLite: json_object (at most 127 arguments) merged into '{}' by json_patch, which drops
    the keys whose value is null (RFC 7396) and keeps the others in order.
    """
    pairs = [
        ", ".join(
            f"CAST(%s AS text), NULLIF({alias}.s{i}, 0)"
            for i in range(start, min(start + _BERKUNCI_POTONG, len(keys)))
        )
        for start in range(0, len(keys), _BERKUNCI_POTONG)
    ]
    if _pg():
        body = " || ".join(f"jsonb_build_object({p})" for p in pairs) or "'{}'::jsonb"
        return f"jsonb_strip_nulls({body})", list(keys)
    out = "'{}'"
    for p in pairs:
        out = f"json_patch({out}, json_object({p}))"
    return out, list(keys)


def _galat_sql() -> str:
    """True when the version ``v`` has a galat finding."""
    if _pg():
        return """v.temuan @> '[{"tingkat": "galat"}]'::jsonb"""
    return (
        "EXISTS (SELECT 1 FROM json_each(v.temuan) g "
        "WHERE json_extract(g.value, '$.tingkat') = 'galat')"
    )


# A query parameter of the recompute: a number, a text, or an array (PostgreSQL).
_Param = int | str | list[int]


def _di(column: str, values: Sequence[int], *, negate: bool = False) -> tuple[str, list[_Param]]:
    """``column`` [NOT] IN ``values`` (non-empty): one array parameter on PostgreSQL."""
    if _pg():
        sql = f"{column} = ANY(%s::bigint[])"
        return (f"NOT {sql}" if negate else sql), [list(values)]
    marks = ", ".join(["%s"] * len(values))
    return f"{column} {'NOT IN' if negate else 'IN'} ({marks})", [*values]


def _ditahan_per_bagian(pemilihan: Pemilihan, prefix: str) -> dict[tuple[str, int], list[int]]:
    """The current versions held out under ``prefix`` (a galat finding, not released), by
    (provinsi digits, contest): one scan, so that no desa pass looks for them again."""
    c, v, t = _q(CHasil), _q(CHasilVersi), _q(TPS)
    out: dict[tuple[str, int], list[int]] = {}
    di, di_params = _tps_di(prefix)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT substr(t.kode, 1, 2), c.kontestasi_id, v.id FROM {c} c "  # noqa: S608 - quoted model tables
            f"JOIN {v} v ON v.id = c.versi_terkini_id JOIN {t} t ON t.id = c.tps_id "
            f"WHERE t.pemilihan_id = %s AND {di} AND {_ditahan_kondisi()}",
            [pemilihan.pk, *di_params],
        )
        for provinsi, kontestasi_id, versi_id in cursor.fetchall():
            out.setdefault((provinsi, kontestasi_id), []).append(versi_id)
    return out


# SQLite takes at most 32,766 parameters a statement: a pass holding out more sheets than
# this is summed the general way.
_DITAHAN_MAKS = 10_000


def _desa_insert_berkunci(
    pemilihan: Pemilihan,
    prefix: str,
    kontestasi_id: int,
    kontestasi: KunciKontestasi,
    ditahan: Sequence[int],
) -> bool:
    """Sum one contest's sheets of every desa under ``prefix`` by key; return False, writing
    nothing, when a sheet's layout is not one of the contest's ballots (or, on SQLite, the
    pass holds out more than ``_DITAHAN_MAKS`` sheets).

    ``ditahan`` are the versions held out (``_ditahan_per_bagian``): the sheets counted and
    those are two branches of one UNION ALL, the first with a plain filter (which parallel
    workers run on PostgreSQL), the second read by primary key.
    """
    if not kontestasi.sidik or (not _pg() and len(ditahan) > _DITAHAN_MAKS):
        return False
    c, v, t = _q(CHasil), _q(CHasilVersi), _q(TPS)
    keys = kontestasi.kunci
    di, di_params = _tps_di(prefix)
    base = (
        f"FROM {c} c JOIN {v} v ON v.id = c.versi_terkini_id JOIN {t} t ON t.id = c.tps_id "
        f"WHERE t.pemilihan_id = %s AND {di} AND c.kontestasi_id = %s"
    )
    base_params: list[_Param] = [pemilihan.pk, *di_params, kontestasi_id]
    sidik_sql, sidik_params = _di("v.susunan_sidik", sorted(kontestasi.sidik), negate=True)
    counted = ", ".join(
        [
            *(f"v.{column} AS {key}" for key, column in _KOLOM_VERSI.items()),
            *(f"CAST(v.suara ->> %s AS bigint) AS s{i}" for i in range(len(keys))),
        ]
    )
    sheets = (
        "SELECT c.dapil_id AS d, substr(t.kode, 1, 10) AS w10, 1 AS masuk, 0 AS ditahan, "
        f"{counted}, CASE WHEN v.susunan_sidik IS NULL OR {sidik_sql} THEN 1 ELSE 0 END AS asing "
        f"{base}"
    )
    params: list[_Param] = [*keys, *sidik_params, *base_params]
    if ditahan:
        counted_sql, counted_params = _di("v.id", ditahan, negate=True)
        held_sql, held_params = _di("v.id", ditahan)
        zeros = ", ".join(
            [
                *(f"0 AS {key}" for key in _KOLOM_VERSI),
                *(f"CAST(NULL AS bigint) AS s{i}" for i in range(len(keys))),
            ]
        )
        sheets += (
            f" AND {counted_sql} UNION ALL SELECT c.dapil_id, substr(t.kode, 1, 10), 0, 1, "
            f"{zeros}, 0 {base} AND {held_sql}"
        )
        params += [*counted_params, *base_params, *held_params]
    sums = ", ".join(
        [
            *(f"SUM(h.{key}) AS {key}" for key in _KOLOM_VERSI),
            *(f"SUM(h.s{i}) AS s{i}" for i in range(len(keys))),
        ]
    )
    grouped = (
        "SELECT h.d, h.w10, SUM(h.masuk) AS tps_masuk, SUM(h.ditahan) AS tps_ditahan, "  # noqa: S608 - built from constants
        f"{sums}, MAX(h.asing) AS asing FROM ({sheets}) h GROUP BY h.d, h.w10"
    )
    suara, suara_params = _suara_object(keys, "g")
    names = ", ".join(_FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_DESA}")
        # CREATE TABLE AS may run its query in parallel workers, INSERT ... SELECT may not.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_DESA} AS SELECT g.d, {_dotted('g.w10')} AS w, "  # noqa: S608 - built from constants
            f"{', '.join('g.' + n for n in _FIGURES)}, {suara} AS suara, g.asing FROM ({grouped}) g",
            [*suara_params, *params],
        )
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_DESA} WHERE asing = 1)")  # noqa: S608
        clean = not cursor.fetchone()[0]
        if clean:
            cursor.execute(
                f"INSERT INTO {_BARU} (kontestasi_id, dapil_id, wilayah_kode, tingkat, {names}, suara) "  # noqa: S608 - constants
                f"SELECT %s, d, w, 4, {names}, suara FROM {_DESA}",
                [kontestasi_id],
            )
        cursor.execute(f"DROP TABLE {_DESA}")
    return clean


def _up_insert(tingkat: int, width: int, kontestasi_ids: Sequence[int]) -> None:
    """Sum the rows of level ``tingkat + 1`` into their parents of level ``tingkat``, of the
    contests ``kontestasi_ids``."""
    w = f"substr(r.wilayah_kode, 1, {width})"
    if not kontestasi_ids:
        return
    sums = ", ".join(f"SUM(r.{n}) AS {n}" for n in _FIGURES)
    where = f"r.tingkat = {tingkat + 1} AND r.kontestasi_id IN ({', '.join(['%s'] * len(kontestasi_ids))})"
    params: list[int | str] = list(kontestasi_ids)
    select_sql = (
        f"SELECT r.kontestasi_id AS k, r.dapil_id AS d, {w} AS w, {sums} "  # noqa: S608 - constants
        f"FROM {_BARU} r WHERE {where} GROUP BY r.kontestasi_id, r.dapil_id, {w}"
    )
    suara_sql = (
        f"SELECT r.kontestasi_id AS k, r.dapil_id AS d, {w} AS w, e.key AS kunci, "  # noqa: S608 - constants
        f"SUM(CAST(e.value AS bigint)) AS s FROM {_BARU} r, {_each('r.suara')} "
        f"WHERE {where} GROUP BY r.kontestasi_id, r.dapil_id, {w}, e.key"
    )
    _insert_level(select_sql=select_sql, suara_sql=suara_sql, tingkat=tingkat, params=params)


def _up_insert_berkunci(tingkat: int, width: int, kontestasi_id: int, keys: Sequence[str]) -> None:
    """``_up_insert`` of one contest by key, for a contest whose every desa pass was summed
    by key: its rows hold no key outside ``keys``."""
    w = f"substr(r.wilayah_kode, 1, {width})"
    sums = ", ".join(
        [
            *(f"SUM(r.{n}) AS {n}" for n in _FIGURES),
            *(f"SUM(CAST(r.suara ->> %s AS bigint)) AS s{i}" for i in range(len(keys))),
        ]
    )
    suara, suara_params = _suara_object(keys, "g")
    names = ", ".join(_FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_BARU} (kontestasi_id, dapil_id, wilayah_kode, tingkat, {names}, suara) "  # noqa: S608 - constants
            f"SELECT %s, g.d, g.w, {tingkat}, {', '.join('g.' + n for n in _FIGURES)}, {suara} "
            f"FROM (SELECT r.dapil_id AS d, {w} AS w, {sums} FROM {_BARU} r "
            f"WHERE r.tingkat = {tingkat + 1} AND r.kontestasi_id = %s "
            f"GROUP BY r.dapil_id, {w}) g",
            [kontestasi_id, *suara_params, *keys, kontestasi_id],
        )


def _gabungan_insert(tingkat: int) -> None:
    """Sum the dapil rows of each region of ``tingkat`` (0 the nation, 1 the provinsi) into
    its total per contest (domain.agregat.gabungan)."""
    k = _q(Kontestasi)
    sums = ", ".join(f"SUM(r.{n}) AS {n}" for n in _FIGURES)
    nation = f"r.tingkat = {int(tingkat)} AND r.dapil_id IS NOT NULL"
    select_sql = (
        f"SELECT r.kontestasi_id AS k, 0 AS d, r.wilayah_kode AS w, {sums} "  # noqa: S608 - constants
        f"FROM {_BARU} r WHERE {nation} GROUP BY r.kontestasi_id, r.wilayah_kode"
    )
    sama = sorted(JENIS_SAMA_DI_SEMUA_DAPIL)
    partai = sorted(JENIS_BERPARTAI)
    in_sama, in_partai = (", ".join(["%s"] * len(group)) for group in (sama, partai))
    suara_sql = (
        "SELECT r.kontestasi_id AS k, 0 AS d, r.wilayah_kode AS w, e.key AS kunci, "  # noqa: S608 - constants
        f"SUM(CAST(e.value AS bigint)) AS s FROM {_BARU} r JOIN {k} kt ON kt.id = r.kontestasi_id "
        f"CROSS JOIN {_each('r.suara')} WHERE {nation} AND (kt.jenis IN ({in_sama}) "
        f"OR (kt.jenis IN ({in_partai}) AND e.key LIKE %s ESCAPE '!')) "
        "GROUP BY r.kontestasi_id, r.wilayah_kode, e.key"
    )
    _insert_level(
        select_sql=select_sql,
        suara_sql=suara_sql,
        tingkat=tingkat,
        params=[],
        suara_params=[*sama, *partai, "%!_jumlah"],
    )


def _bagian(pemilihan: Pemilihan, prefix: str) -> list[str]:
    """The parts a desa pass runs over: the region itself, or each provinsi for the nation
    (one pass per provinsi keeps each aggregate a 38th of the nation's)."""
    if prefix:
        return [prefix]
    return sorted(
        set(
            TPS.objects.filter(pemilihan=pemilihan)
            .annotate(p=Substr("kode", 1, 2))
            .values_list("p", flat=True)
            .distinct()
        )
    )


def _desa_build_berkunci(
    pemilihan: Pemilihan, prefix: str
) -> tuple[dict[int, tuple[str, ...]], list[int]]:
    """The desa passes under ``prefix``, one per provinsi and contest: by key where every
    sheet's ballot is current, else the general way; return the contests summed by key (with
    their keys) and those summed the general way."""
    kunci = kunci_suara_of(pemilihan)
    kosong = KunciKontestasi(kunci=(), sidik=frozenset())
    kontestasi = list(Kontestasi.objects.filter(pemilihan=pemilihan).values_list("pk", flat=True))
    ditahan = _ditahan_per_bagian(pemilihan, prefix)
    berkunci = {k: kunci.get(k, kosong).kunci for k in kontestasi}
    for part in _bagian(pemilihan, prefix):
        for kontestasi_id in kontestasi:
            ballots = kunci.get(kontestasi_id, kosong)
            held = ditahan.get((part[:2], kontestasi_id), [])
            if not _desa_insert_berkunci(pemilihan, part, kontestasi_id, ballots, held):
                _desa_insert(pemilihan, part, kontestasi_id)
                berkunci.pop(kontestasi_id, None)
    return berkunci, [k for k in kontestasi if k not in berkunci]


def _baru_build(pemilihan: Pemilihan, wilayah_kode: str) -> int:
    """Fill the temporary table with the recompute of ``wilayah_kode`` and below; return rows."""
    _baru_create()
    if _pg():
        with connection.cursor() as cursor:
            # The section IV sums of a provinsi's desa fit in memory: no spill to disk. JIT
            # compiles each of the ~40 passes' expressions anew and buys nothing back (10 %
            # slower with it on one provinsi's pass).
            cursor.execute(f"SET LOCAL work_mem = '{RECOMPUTE_WORK_MEM}'")
            cursor.execute("SET LOCAL jit = off")
    berkunci, umum = _desa_build_berkunci(pemilihan, wilayah_kode.replace(".", ""))
    _baru_analyze()
    for tingkat, width in _NAIK:
        for kontestasi_id, keys in berkunci.items():
            _up_insert_berkunci(tingkat, width, kontestasi_id, keys)
        _up_insert(tingkat, width, umum)
    _gabungan_insert(1)  # a kab/kota's recompute drops its provinsi's rows below
    if not wilayah_kode:
        _gabungan_insert(0)
    with connection.cursor() as cursor:
        if wilayah_kode:
            # The ancestors hold other regions too: they are not part of this recompute.
            cursor.execute(
                f"DELETE FROM {_BARU} WHERE wilayah_kode NOT LIKE %s",  # noqa: S608 - constant
                [wilayah_kode + "%"],
            )
    _baru_analyze()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_BARU}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _bulat(value: object) -> int:
    """A figure as read from either engine: an int already, or a Decimal / text of one."""
    return value if type(value) is int else int(str(value))


def _jumlah_row(figures: Iterable[object], suara: object) -> Jumlah:
    values = [_bulat(x) for x in figures]
    data: Mapping[str, object] = json.loads(suara) if isinstance(suara, str) else suara  # type: ignore[assignment]
    # A read decodes every row of a region (a provinsi: ~50 and its pending deltas), each
    # with every section IV key: each number is converted once.
    return Jumlah(
        tps_masuk=values[0],
        tps_ditahan=values[1],
        angka={key: value for key, value in zip(KOLOM, values[2:], strict=True) if value},
        suara={str(k): n for k, v in sorted((data or {}).items()) if (n := _bulat(v))},
    )


def _stored_filter(alias: str) -> str:
    k = _q(Kontestasi)
    return (
        f"{alias}.kontestasi_id IN (SELECT id FROM {k} WHERE pemilihan_id = %s) "  # noqa: S608
        f"AND {alias}.wilayah_kode LIKE %s"
    )


def _berbeda(
    pemilihan: Pemilihan, wilayah_kode: str, limit: int | None
) -> tuple[int, dict[Kunci, Jumlah], dict[Kunci, Jumlah]]:
    """Rows where the stored counts and the temporary table may differ: their number (an upper
    bound on SQLite, where JSON text is compared) and up to ``limit`` of them from each side."""
    a = _q(RekapAgregat)
    join = (
        "s.kontestasi_id = b.kontestasi_id AND s.wilayah_kode = b.wilayah_kode "
        "AND COALESCE(s.dapil_id, 0) = COALESCE(b.dapil_id, 0)"
    )
    differs = " OR ".join(f"s.{n} <> b.{n}" for n in _FIGURES)
    suara_ne = "s.suara <> b.suara" if _pg() else "json(s.suara) <> json(b.suara)"
    params: list[int | str] = [pemilihan.pk, wilayah_kode + "%"]
    candidates = (
        f"SELECT b.kontestasi_id, b.dapil_id, b.wilayah_kode FROM {_BARU} b "  # noqa: S608
        f"LEFT JOIN {a} s ON {join} AND {_stored_filter('s')} "
        f"WHERE s.id IS NULL OR {differs} OR {suara_ne} "
        f"UNION SELECT s.kontestasi_id, s.dapil_id, s.wilayah_kode FROM {a} s "
        f"LEFT JOIN {_BARU} b ON {join} WHERE b.wilayah_kode IS NULL AND {_stored_filter('s')}"
    )
    stored: dict[Kunci, Jumlah] = {}
    computed: dict[Kunci, Jumlah] = {}
    kunci = f"{_BARU}_kunci"
    with connection.cursor() as cursor:
        # The candidates' join runs once; the count and the rows listed are read from it.
        cursor.execute(f"DROP TABLE IF EXISTS {kunci}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {kunci} AS SELECT * FROM ({candidates}) z",  # noqa: S608
            params + params,
        )
        cursor.execute(f"SELECT COUNT(*) FROM {kunci}")  # noqa: S608 - constant
        count = int(cursor.fetchone()[0])
        cut = f" LIMIT {int(limit)}" if limit is not None else ""
        listed = f"(SELECT * FROM {kunci} ORDER BY wilayah_kode, kontestasi_id, dapil_id{cut})"  # noqa: S608
        for source, out, extra in (
            (_BARU, computed, ""),
            (a, stored, f" AND {_stored_filter('r')}"),
        ):
            cursor.execute(
                f"SELECT r.wilayah_kode, r.kontestasi_id, r.dapil_id, {', '.join('r.' + c for c in _FIGURES)}, r.suara "  # noqa: S608
                f"FROM {source} r JOIN {listed} z ON z.kontestasi_id = r.kontestasi_id "
                "AND COALESCE(z.dapil_id, 0) = COALESCE(r.dapil_id, 0) "
                f"AND z.wilayah_kode = r.wilayah_kode{extra}",
                params if extra else [],
            )
            for wilayah, kontestasi_id, dapil_id, *rest in cursor.fetchall():
                out[(wilayah, str(kontestasi_id), str(dapil_id))] = _jumlah_row(rest[:-1], rest[-1])
        cursor.execute(f"DROP TABLE IF EXISTS {kunci}")
    return count, stored, computed


def rekap_hitung_penuh(*, pemilihan: Pemilihan, wilayah_kode: str = "") -> dict[Kunci, Jumlah]:
    """Return the counts of ``wilayah_kode`` and every region below it (all when ""), from
    the stored sheets. Keys are (wilayah_kode, kontestasi_id, dapil_id) as strings."""
    with transaction.atomic():
        _baru_build(pemilihan, wilayah_kode)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT wilayah_kode, kontestasi_id, dapil_id, {', '.join(_FIGURES)}, suara "  # noqa: S608
                f"FROM {_BARU}"
            )
            rows = cursor.fetchall()
        _baru_drop()
    return {(w, str(k), str(d)): _jumlah_row(rest[:-1], rest[-1]) for w, k, d, *rest in rows}


def rekap_tersimpan(*, pemilihan: Pemilihan, wilayah_kode: str = "") -> dict[Kunci, Jumlah]:
    """Return the stored counts of ``wilayah_kode`` and every region below it."""
    q = Q(kontestasi__pemilihan=pemilihan, wilayah_kode__startswith=wilayah_kode)
    return {(w, str(k), str(d)): jumlah for (w, k, d), jumlah in agregat_baca(q).items()}


@dataclass(frozen=True, slots=True, kw_only=True)
class Selisih:
    """One stored figure that differs from the recompute."""

    wilayah_kode: str
    kontestasi: str
    dapil_id: str
    kolom: str
    tersimpan: int
    dihitung: int


def _figures(jumlah: Jumlah) -> dict[str, int]:
    out = {"tps_masuk": jumlah.tps_masuk, "tps_ditahan": jumlah.tps_ditahan}
    out.update({key: jumlah.angka.get(key, 0) for key in KOLOM})
    out.update({f"suara.{k}": v for k, v in jumlah.suara.items()})
    return out


def selisih_list(
    stored: Mapping[Kunci, Jumlah], computed: Mapping[Kunci, Jumlah], jenis_by_id: Mapping[str, str]
) -> list[Selisih]:
    """Return every figure where the stored rows and the recompute differ (0 when missing)."""
    out: list[Selisih] = []
    for key in sorted(set(stored) | set(computed)):
        a = _figures(stored.get(key, Jumlah()))
        b = _figures(computed.get(key, Jumlah()))
        out.extend(
            Selisih(
                wilayah_kode=key[0],
                kontestasi=jenis_by_id.get(key[1], key[1]),
                dapil_id=key[2],
                kolom=kolom,
                tersimpan=a.get(kolom, 0),
                dihitung=b.get(kolom, 0),
            )
            for kolom in sorted(set(a) | set(b))
            if a.get(kolom, 0) != b.get(kolom, 0)
        )
    return out


def _lock_agregat() -> None:
    """Make concurrent C.Hasil writers wait while the rows are replaced (PostgreSQL).

    A writer that committed before the recompute read is in it (its deltas folded first); one
    still running waits for this lock at its first kab/kota row, before it appends a delta,
    and applies its change on top afterwards. SQLite serialises writers anyway.
    """
    if _pg():
        with connection.cursor() as cursor:
            # The folders' lock first, as a fold takes it before it touches the table: taken
            # the other way round, a fold queued behind this table lock while holding its own
            # would deadlock with the fold below.
            _kunci_lipat()
            cursor.execute(f"LOCK TABLE {_q(RekapAgregat)} IN SHARE ROW EXCLUSIVE MODE")


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilHitungUlang:
    baris: int  # region rows recomputed
    baris_berbeda: int  # of which differed from the stored rows (before a repair)
    selisih: list[Selisih]  # every differing figure (with periksa), else the first ones


# A repair lists the figures of at most this many differing rows (the first recompute of a
# nation differs everywhere); a check (periksa) lists them all.
SELISIH_BARIS_MAKS = 1000


def rekap_hitung_ulang(
    *, pemilihan: Pemilihan, wilayah_kode: str = "", periksa: bool, actor: User | None = None
) -> HasilHitungUlang:
    """Recompute the counts of a region and everything below it from the stored sheets.

    Keys are (wilayah_kode, kontestasi_id, dapil_id); a region's ancestors are not touched
    (they hold other regions too: recompute from the nation, ``wilayah_kode`` "", for them).

    With ``periksa`` only compare and return every difference; otherwise replace the stored
    rows with the recompute (in one transaction, audited) and return what differed before.
    """
    jenis_by_id = {
        str(pk): jenis
        for pk, jenis in Kontestasi.objects.filter(pemilihan=pemilihan).values_list("pk", "jenis")
    }
    with transaction.atomic():
        if not periksa:
            _lock_agregat()
        # The comparison and the replacement are of the rows themselves: the deltas are folded
        # first (a fold changes no figure a read returns, so a check may do it too).
        rekap_lipat()
        baris = _baru_build(pemilihan, wilayah_kode)
        count, stored, computed = _berbeda(
            pemilihan, wilayah_kode, None if periksa else SELISIH_BARIS_MAKS
        )
        differences = selisih_list(stored, computed, jenis_by_id)
        if periksa:
            # On SQLite a row may be a candidate only for its JSON text's key order.
            count = len({(s.wilayah_kode, s.kontestasi, s.dapil_id) for s in differences})
        else:
            _replace(pemilihan=pemilihan, wilayah_kode=wilayah_kode)
            audit_record(
                actor=actor,
                action="rekap.hitung_ulang",
                target=pemilihan,
                wilayah_kode=wilayah_kode,
                after={"baris": baris, "selisih": count},
            )
        _baru_drop()
    return HasilHitungUlang(baris=baris, baris_berbeda=count, selisih=differences)


def _replace(*, pemilihan: Pemilihan, wilayah_kode: str) -> None:
    a = _q(RekapAgregat)
    names = ", ".join(_FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {a} WHERE {_stored_filter(a)}",  # noqa: S608 - quoted model table
            [pemilihan.pk, wilayah_kode + "%"],
        )
        cursor.execute(
            f"INSERT INTO {a} (kontestasi_id, dapil_id, wilayah_kode, tingkat, {names}, suara) "  # noqa: S608
            f"SELECT kontestasi_id, dapil_id, wilayah_kode, tingkat, {names}, suara FROM {_BARU}"
        )
