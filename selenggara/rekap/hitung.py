"""The recap engine: the stored counts of every region, kept exact in two ways.

Incremental: ``versi_apply`` runs inside the transaction of every new C.Hasil version
(subscribed in-transaction to tungsura's ``CHasilVersiDicatat``, see core/events.py) and adds
the difference between the new and the previous version to the rows of the desa, kecamatan,
kab/kota, provinsi and the nation, under row locks taken in one order (nation first), so the
figures are never half-updated and two writers never deadlock.

Full: ``rekap_hitung_ulang`` recomputes the same rows from the stored sheets with set-based SQL
(one GROUP BY per desa over the current versions, section IV through the database's JSON
table function), rolls them up and either compares them with the stored rows (``periksa``)
or replaces them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db import connection, transaction

from selenggara.core.audit import audit_record
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan
from selenggara.rekap.domain.agregat import (
    KOLOM,
    Jumlah,
    Kunci,
    Lembar,
    delta,
    rollup,
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


def jumlah_apply(*, kontestasi_id: int, dapil_id: int, tps_kode: str, change: Jumlah) -> None:
    """Add ``change`` to the rows of every region above ``tps_kode`` (in the caller's transaction)."""
    if change.kosong:
        return
    path = wilayah_path(tps_kode)
    RekapAgregat.objects.bulk_create(
        [
            RekapAgregat(
                kontestasi_id=kontestasi_id,
                dapil_id=dapil_id,
                wilayah_kode=w,
                tingkat=tingkat_of(w),
            )
            for w in path
        ],
        ignore_conflicts=True,
    )
    rows = (
        RekapAgregat.objects.select_for_update()
        .filter(kontestasi_id=kontestasi_id, dapil_id=dapil_id, wilayah_kode__in=path)
        .order_by("wilayah_kode")
    )
    for row in rows:
        stored = jumlah_of(row).plus(change)
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
        tps_kode=tps_kode,
        change=delta(before, after),
    )


# --- Full recompute ------------------------------------------------------------------------


def _json_each() -> tuple[str, str]:
    """The JSON table function and the cast of its value, per database."""
    if connection.vendor == "postgresql":
        return "jsonb_each_text(v.suara)", "CAST(e.value AS bigint)"
    return "json_each(v.suara)", "e.value"


def _desa_sql(select: str, extra_from: str, group: str) -> str:
    c = connection.ops.quote_name(CHasil._meta.db_table)
    v = connection.ops.quote_name(CHasilVersi._meta.db_table)
    t = connection.ops.quote_name(TPS._meta.db_table)
    return (
        f"SELECT c.kontestasi_id, c.dapil_id, substr(t.kode, 1, 10), {select} "  # noqa: S608 - quoted model tables
        f"FROM {c} c JOIN {v} v ON v.id = c.versi_terkini_id JOIN {t} t ON t.id = c.tps_id "
        f"{extra_from} WHERE t.pemilihan_id = %s AND t.kode LIKE %s "
        f"GROUP BY c.kontestasi_id, c.dapil_id, substr(t.kode, 1, 10){group}"
    )


def _dotted_desa(digits: str) -> str:
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"


def _desa_jumlah(pemilihan: Pemilihan, prefix: str) -> dict[Kunci, Jumlah]:
    """Sum every current sheet per desa x contest x dapil, held-out sheets included."""
    kolom = ", ".join(f"SUM(v.{column})" for column in _KOLOM_VERSI.values())
    tps_masuk: dict[Kunci, int] = {}
    angka: dict[Kunci, dict[str, int]] = {}
    suara: defaultdict[Kunci, dict[str, int]] = defaultdict(dict)
    func, cast = _json_each()
    like = prefix + "%"
    with connection.cursor() as cursor:
        cursor.execute(_desa_sql(f"COUNT(*), {kolom}", "", ""), [pemilihan.pk, like])
        for kontestasi_id, dapil_id, desa, count, *sums in cursor.fetchall():
            key = (_dotted_desa(desa), str(kontestasi_id), str(dapil_id))
            tps_masuk[key] = count
            angka[key] = {k: int(s) for k, s in zip(_KOLOM_VERSI, sums, strict=True) if s}
        cursor.execute(
            _desa_sql(f"e.key, SUM({cast})", f", {func} e", ", e.key"), [pemilihan.pk, like]
        )
        for kontestasi_id, dapil_id, desa, kunci, total in cursor.fetchall():
            if total:
                suara[(_dotted_desa(desa), str(kontestasi_id), str(dapil_id))][kunci] = int(total)
    return {
        key: Jumlah(
            tps_masuk=tps_masuk[key], angka=angka[key], suara=dict(sorted(suara[key].items()))
        )
        for key in tps_masuk
    }


def _ditahan_koreksi(pemilihan: Pemilihan, prefix: str) -> dict[Kunci, Jumlah]:
    """Per desa, what the held-out sheets added to ``_desa_jumlah`` and must not have.

    Only sheets with findings can be held out; they are few, so they are read one by one.
    """
    current = CHasil.objects.filter(tps__pemilihan=pemilihan, tps__kode__startswith=prefix)
    candidates = (
        CHasilVersi.objects.filter(pk__in=current.values("versi_terkini_id"))
        .exclude(temuan=[])
        .select_related("c_hasil__tps", "c_hasil__kontestasi")
    )
    dilepas = set(
        PelepasanTPS.objects.filter(versi__in=candidates).values_list("versi_id", flat=True)
    )
    out: dict[Kunci, Jumlah] = {}
    for versi in candidates:
        tps_kode = versi.c_hasil.tps.kode
        held = lembar_of(
            versi,
            tps_kode=tps_kode,
            jenis=versi.c_hasil.kontestasi.jenis,
            dilepas=versi.pk in dilepas,
        )
        if not held.ditahan:
            continue
        counted = replace(held, galat=False)
        key = (_dotted_desa(tps_kode), str(versi.c_hasil.kontestasi_id), held.dapil)
        out[key] = out.get(key, Jumlah()).plus(delta(counted, held))
    return out


def rekap_hitung_penuh(*, pemilihan: Pemilihan, wilayah_kode: str = "") -> dict[Kunci, Jumlah]:
    """Return the counts of ``wilayah_kode`` and every region below it (all when ""), from
    the stored sheets. Keys are (wilayah_kode, kontestasi_id, dapil_id) as strings."""
    prefix = wilayah_kode.replace(".", "")
    desa = _desa_jumlah(pemilihan, prefix)
    for key, koreksi in _ditahan_koreksi(pemilihan, prefix).items():
        desa[key] = desa[key].plus(koreksi)
    return {key: value for key, value in rollup(desa).items() if key[0].startswith(wilayah_kode)}


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
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(RekapAgregat._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilHitungUlang:
    baris: int
    selisih: list[Selisih]


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
        computed = rekap_hitung_penuh(pemilihan=pemilihan, wilayah_kode=wilayah_kode)
        stored = rekap_tersimpan(pemilihan=pemilihan, wilayah_kode=wilayah_kode)
        differences = selisih_list(stored, computed, jenis_by_id)
        if not periksa:
            _replace(pemilihan=pemilihan, wilayah_kode=wilayah_kode, computed=computed)
            audit_record(
                actor=actor,
                action="rekap.hitung_ulang",
                target=pemilihan,
                wilayah_kode=wilayah_kode,
                after={"baris": len(computed), "selisih": len(differences)},
            )
    return HasilHitungUlang(baris=len(computed), selisih=differences)


def _replace(*, pemilihan: Pemilihan, wilayah_kode: str, computed: Mapping[Kunci, Jumlah]) -> None:
    rows = RekapAgregat.objects.filter(
        kontestasi__pemilihan=pemilihan, wilayah_kode__startswith=wilayah_kode
    )
    rows.delete()
    new_rows = []
    for (wilayah, kontestasi_id, dapil_id), jumlah in computed.items():
        row = RekapAgregat(
            kontestasi_id=int(kontestasi_id),
            dapil_id=int(dapil_id),
            wilayah_kode=wilayah,
            tingkat=tingkat_of(wilayah),
        )
        _jumlah_set(row, jumlah)
        new_rows.append(row)
    RekapAgregat.objects.bulk_create(new_rows, batch_size=2000)
