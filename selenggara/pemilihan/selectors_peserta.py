"""Reads about an election's participants: which dapil a TPS votes in, parties and candidates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import F, QuerySet

from selenggara.pemilihan.domain.dapil import lingkup_of, prefixes_of
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan, kontestasi_at
from selenggara.pemilihan.models import TPS, Calon, Dapil, DapilWilayah, Partai, Pemilihan
from selenggara.wilayah.domain.kode import KodeTPS, KodeWilayah


def _resolve(
    *, jenis: JenisPemilihan, desa_kode: str, matches: Iterable[tuple[str, Dapil]]
) -> dict[str, Dapil]:
    """Pick one dapil per contest among the (region prefix, dapil) pairs containing a desa.

    The import guarantees at most one per contest; should two ever match, the most specific
    region wins, so the answer never depends on row order. Contests the desa does not vote in
    (``kontestasi_at``: DKI Jakarta has no DPRD Kab/Kota, ...) are dropped.
    """
    best: dict[str, tuple[int, Dapil]] = {}
    for prefix, dapil in matches:
        jenis_kontestasi = dapil.kontestasi.jenis
        depth = int(lingkup_of(prefix))
        if jenis_kontestasi not in best or best[jenis_kontestasi][0] < depth:
            best[jenis_kontestasi] = (depth, dapil)
    held = frozenset(JenisKontestasi(k) for k in best)
    voted = kontestasi_at(jenis=jenis, held=held, desa=KodeWilayah(desa_kode))
    return {k.value: best[k.value][1] for k in voted}


def dapil_for_tps(*, tps: TPS) -> dict[str, Dapil]:
    """Return the dapil a TPS votes in, keyed by contest (``Kontestasi.jenis``), in one query.

    The TPS code holds its desa, so the query matches the desa's prefixes (nation, provinsi,
    kab/kota, kecamatan, desa) against the election's dapil regions.
    """
    return dapil_for_desa(
        pemilihan_id=tps.pemilihan_id, desa_kode=KodeTPS.parse(tps.kode).desa.value
    )


def dapil_for_desa(*, pemilihan_id: int, desa_kode: str) -> dict[str, Dapil]:
    """Return the dapil a desa (dotted code) votes in, keyed by contest, in one query."""
    rows = DapilWilayah.objects.filter(
        pemilihan_id=pemilihan_id, wilayah_kode__in=prefixes_of(desa_kode)
    ).select_related("dapil__kontestasi__pemilihan")
    matches = [(row.wilayah_kode, row.dapil) for row in rows]
    if not matches:
        return {}
    jenis = JenisPemilihan(matches[0][1].kontestasi.pemilihan.jenis)
    return _resolve(jenis=jenis, desa_kode=desa_kode, matches=matches)


@dataclass(frozen=True, slots=True, kw_only=True)
class DapilIndex:
    """Every dapil region of one election, loaded once, for resolving many desa in memory."""

    jenis: JenisPemilihan
    dapil_by_prefix: Mapping[str, list[Dapil]]


def dapil_index_get(*, pemilihan: Pemilihan) -> DapilIndex:
    """Load every dapil region of an election in one query (e.g. before placing 2,964 TPS)."""
    by_prefix: dict[str, list[Dapil]] = {}
    rows = DapilWilayah.objects.filter(pemilihan=pemilihan).select_related("dapil__kontestasi")
    for row in rows:
        by_prefix.setdefault(row.wilayah_kode, []).append(row.dapil)
    return DapilIndex(jenis=JenisPemilihan(pemilihan.jenis), dapil_by_prefix=by_prefix)


def dapil_for_desa_kode(*, index: DapilIndex, desa_kode: str) -> dict[str, Dapil]:
    """Return the dapil a desa (dotted code) votes in, keyed by contest, without a query."""
    matches = [
        (prefix, dapil)
        for prefix in prefixes_of(desa_kode)
        for dapil in index.dapil_by_prefix.get(prefix, ())
    ]
    return _resolve(jenis=index.jenis, desa_kode=desa_kode, matches=matches)


def calon_list(*, dapil: Dapil) -> QuerySet[Calon]:
    """Return a dapil's candidates in ballot order: by party number, then number in the list."""
    return (
        Calon.objects.filter(dapil=dapil)
        .select_related("partai")
        .order_by(F("partai__nomor").asc(nulls_first=True), "nomor_urut")
    )


def partai_list(*, pemilihan: Pemilihan) -> QuerySet[Partai]:
    """Return an election's parties by ballot number."""
    return Partai.objects.filter(pemilihan=pemilihan).order_by("nomor")
