"""The recap engine: the stored counts of every region, kept exact in two ways.

Incremental: ``versi_apply`` runs inside the transaction of every new C.Hasil version
(subscribed in-transaction to tungsura's ``CHasilVersiDicatat``, see core/events.py) and adds
the difference between the new and the previous version to the rows of the desa, kecamatan,
kab/kota, provinsi and the nation, under row locks taken in one order (nation first), so the
figures are never half-updated and two writers never deadlock.

Full: ``rekap_hitung_ulang`` recomputes the same rows from the stored sheets in the database
(level by level into a temporary table: desa from the current versions, each level above from
the one below, section IV through the database's JSON table function), then either compares
them with the stored rows (``periksa``) or replaces them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, models, transaction
from django.db.models import Q

from selenggara.core.audit import audit_record
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan
from selenggara.rekap.domain.agregat import (
    JENIS_BERPARTAI,
    JENIS_SAMA_DI_SEMUA_DAPIL,
    KOLOM,
    NASIONAL,
    Jumlah,
    Kunci,
    Lembar,
    delta,
    gabungan,
    tingkat_of,
    wilayah_path,
)
from selenggara.rekap.models import PelepasanTPS, RekapAgregat
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


def jumlah_apply(
    *, kontestasi_id: int, dapil_id: int, jenis: str, tps_kode: str, change: Jumlah
) -> None:
    """Add ``change`` to the rows of every region above ``tps_kode`` and to the nation's total
    over its dapil (``gabungan``), in the caller's transaction."""
    if change.kosong:
        return
    path = wilayah_path(tps_kode)
    RekapAgregat.objects.bulk_create(
        [
            *(
                RekapAgregat(
                    kontestasi_id=kontestasi_id,
                    dapil_id=dapil_id,
                    wilayah_kode=w,
                    tingkat=tingkat_of(w),
                )
                for w in path
            ),
            RekapAgregat(
                kontestasi_id=kontestasi_id, dapil_id=None, wilayah_kode=NASIONAL, tingkat=0
            ),
        ],
        ignore_conflicts=True,
    )
    # Locked in one order (region code, then dapil) by every writer, so none deadlocks.
    rows = (
        RekapAgregat.objects.select_for_update()
        .filter(
            Q(dapil_id=dapil_id, wilayah_kode__in=path)
            | Q(dapil__isnull=True, wilayah_kode=NASIONAL),
            kontestasi_id=kontestasi_id,
        )
        .order_by("wilayah_kode", "dapil_id")
    )
    total_change = gabungan(jenis, change)
    for row in rows:
        stored = jumlah_of(row).plus(change if row.dapil_id is not None else total_change)
        _jumlah_set(row, stored)
        row.save(update_fields=["tps_masuk", "tps_ditahan", *KOLOM, "suara"])


def jumlah_of(row: RekapAgregat) -> Jumlah:
    return Jumlah(
        tps_masuk=row.tps_masuk,
        tps_ditahan=row.tps_ditahan,
        angka={key: getattr(row, key) for key in KOLOM},
        suara=row.suara,
    )


def _jumlah_set(row: RekapAgregat, jumlah: Jumlah) -> None:
    row.tps_masuk = jumlah.tps_masuk
    row.tps_ditahan = jumlah.tps_ditahan
    for key in KOLOM:
        setattr(row, key, jumlah.angka.get(key, 0))
    row.suara = dict(jumlah.suara)


def versi_apply(event: CHasilVersiDicatat) -> None:
    """Move the counts above a TPS from its previous version to the new one."""
    versi_list = list(
        CHasilVersi.objects.select_related("c_hasil")
        .filter(c_hasil_id=event.c_hasil_id, nomor__in=[event.nomor - 1, event.nomor])
        .order_by("nomor")
    )
    dilepas = set(
        PelepasanTPS.objects.filter(versi__in=versi_list).values_list("versi_id", flat=True)
    )
    lembar = {
        v.nomor: lembar_of(v, tps_kode=event.tps_kode, jenis=event.jenis, dilepas=v.pk in dilepas)
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
# json_group_object). Zero sums are left out, as the incremental path leaves them out.

_BARU = "rekap_baru"
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


def _ditahan_sql() -> str:
    """1 when the current version ``v`` is held out (a galat finding, not released), else 0."""
    galat = (
        """v.temuan @> '[{"tingkat": "galat"}]'::jsonb"""
        if _pg()
        else "EXISTS (SELECT 1 FROM json_each(v.temuan) g "
        "WHERE json_extract(g.value, '$.tingkat') = 'galat')"
    )
    lepas = _q(PelepasanTPS)
    return (
        f"CASE WHEN {galat} AND NOT EXISTS (SELECT 1 FROM {lepas} p WHERE p.versi_id = v.id) "  # noqa: S608 - quoted model table
        "THEN 1 ELSE 0 END"
    )


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


def _desa_insert(pemilihan: Pemilihan, prefix: str) -> None:
    """Sum the current sheets of every desa under ``prefix`` (undotted digits) into the table."""
    c, v, t = _q(CHasil), _q(CHasilVersi), _q(TPS)
    held = _ditahan_sql()
    w = (
        "substr(t.kode, 1, 2) || '.' || substr(t.kode, 3, 2) || '.' || substr(t.kode, 5, 2) "
        "|| '.' || substr(t.kode, 7, 4)"
    )
    tables = f"FROM {c} c JOIN {v} v ON v.id = c.versi_terkini_id JOIN {t} t ON t.id = c.tps_id"
    where = "WHERE t.pemilihan_id = %s AND t.kode LIKE %s"
    sums = ", ".join(
        f"COALESCE(SUM((1 - h.held) * h.{column}), 0) AS {key}"
        for key, column in _KOLOM_VERSI.items()
    )
    columns = ", ".join(f"v.{column}" for column in _KOLOM_VERSI.values())
    select_sql = (
        f"SELECT h.k, h.d, h.w, SUM(1 - h.held) AS tps_masuk, SUM(h.held) AS tps_ditahan, {sums} "  # noqa: S608 - quoted model tables
        f"FROM (SELECT c.kontestasi_id AS k, c.dapil_id AS d, {w} AS w, {columns}, "
        f"{held} AS held {tables} {where}) h GROUP BY h.k, h.d, h.w"
    )
    suara_sql = (
        f"SELECT c.kontestasi_id AS k, c.dapil_id AS d, {w} AS w, e.key AS kunci, "
        f"SUM(CAST(e.value AS bigint)) AS s {tables} CROSS JOIN {_each('v.suara')} {where} "
        f"AND {held} = 0 GROUP BY c.kontestasi_id, c.dapil_id, {w}, e.key"
    )
    _insert_level(
        select_sql=select_sql, suara_sql=suara_sql, tingkat=4, params=[pemilihan.pk, prefix + "%"]
    )


def _up_insert(tingkat: int, width: int) -> None:
    """Sum the rows of level ``tingkat + 1`` into their parents of level ``tingkat``."""
    w = f"substr(r.wilayah_kode, 1, {width})"
    sums = ", ".join(f"SUM(r.{n}) AS {n}" for n in _FIGURES)
    select_sql = (
        f"SELECT r.kontestasi_id AS k, r.dapil_id AS d, {w} AS w, {sums} "  # noqa: S608 - constants
        f"FROM {_BARU} r WHERE r.tingkat = {tingkat + 1} GROUP BY r.kontestasi_id, r.dapil_id, {w}"
    )
    suara_sql = (
        f"SELECT r.kontestasi_id AS k, r.dapil_id AS d, {w} AS w, e.key AS kunci, "  # noqa: S608 - constants
        f"SUM(CAST(e.value AS bigint)) AS s FROM {_BARU} r, {_each('r.suara')} "
        f"WHERE r.tingkat = {tingkat + 1} GROUP BY r.kontestasi_id, r.dapil_id, {w}, e.key"
    )
    _insert_level(select_sql=select_sql, suara_sql=suara_sql, tingkat=tingkat, params=[])


def _gabungan_insert() -> None:
    """Sum the nation's dapil rows into its total per contest (domain.agregat.gabungan)."""
    k = _q(Kontestasi)
    sums = ", ".join(f"SUM(r.{n}) AS {n}" for n in _FIGURES)
    nation = "r.tingkat = 0 AND r.dapil_id IS NOT NULL"
    select_sql = (
        f"SELECT r.kontestasi_id AS k, 0 AS d, '' AS w, {sums} "  # noqa: S608 - constants
        f"FROM {_BARU} r WHERE {nation} GROUP BY r.kontestasi_id"
    )
    sama = sorted(JENIS_SAMA_DI_SEMUA_DAPIL)
    partai = sorted(JENIS_BERPARTAI)
    in_sama, in_partai = (", ".join(["%s"] * len(group)) for group in (sama, partai))
    suara_sql = (
        "SELECT r.kontestasi_id AS k, 0 AS d, '' AS w, e.key AS kunci, "  # noqa: S608 - constants
        f"SUM(CAST(e.value AS bigint)) AS s FROM {_BARU} r JOIN {k} kt ON kt.id = r.kontestasi_id "
        f"CROSS JOIN {_each('r.suara')} WHERE {nation} AND (kt.jenis IN ({in_sama}) "
        f"OR (kt.jenis IN ({in_partai}) AND e.key LIKE %s ESCAPE '!')) "
        "GROUP BY r.kontestasi_id, e.key"
    )
    _insert_level(
        select_sql=select_sql,
        suara_sql=suara_sql,
        tingkat=0,
        params=[],
        suara_params=[*sama, *partai, "%!_jumlah"],
    )


def _baru_build(pemilihan: Pemilihan, wilayah_kode: str) -> int:
    """Fill the temporary table with the recompute of ``wilayah_kode`` and below; return rows."""
    _baru_create()
    _desa_insert(pemilihan, wilayah_kode.replace(".", ""))
    for tingkat, width in _NAIK:
        _up_insert(tingkat, width)
    if not wilayah_kode:
        _gabungan_insert()
    with connection.cursor() as cursor:
        if wilayah_kode:
            # The ancestors hold other regions too: they are not part of this recompute.
            cursor.execute(
                f"DELETE FROM {_BARU} WHERE wilayah_kode NOT LIKE %s",  # noqa: S608 - constant
                [wilayah_kode + "%"],
            )
        cursor.execute(f"SELECT COUNT(*) FROM {_BARU}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _jumlah_row(figures: Iterable[object], suara: object) -> Jumlah:
    values = [int(str(x)) for x in figures]
    data: Mapping[str, object] = json.loads(suara) if isinstance(suara, str) else suara  # type: ignore[assignment]
    return Jumlah(
        tps_masuk=values[0],
        tps_ditahan=values[1],
        angka={key: value for key, value in zip(KOLOM, values[2:], strict=True) if value},
        suara={str(k): int(str(v)) for k, v in sorted((data or {}).items()) if int(str(v))},
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
    rows = RekapAgregat.objects.filter(
        kontestasi__pemilihan=pemilihan, wilayah_kode__startswith=wilayah_kode
    )
    return {
        (row.wilayah_kode, str(row.kontestasi_id), str(row.dapil_id)): jumlah_of(row)
        for row in rows
    }


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

    A writer that committed before the recompute read is in it; one still running waits for
    this lock and applies its delta on top afterwards. SQLite serialises writers anyway.
    """
    if _pg():
        with connection.cursor() as cursor:
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
