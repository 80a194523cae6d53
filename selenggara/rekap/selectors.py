"""Reads of the recap: the two figures of a region side by side, its children, its flags.

The stable read API for the pages of rekap and publik (keep these signatures; add, do not
change):

- ``rekap_wilayah_get(pemilihan=, wilayah_kode=)`` -> ``RekapWilayah``: per contest the count
  (``hitung``: live, from the current C.Hasil of every TPS below, held-out sheets left out)
  and the recap (``rekap``: what locked plenaries adopted, None before any), each an
  ``Angka`` with the votes per participant, valid / invalid, TPS in / expected / held out;
  the region's plenary state; and ``perbedaan``: where the two differ and why.
- ``rekap_anak_list(pemilihan=, wilayah_kode=, jenis=)`` -> ``list[BarisAnak]``: one row per
  child region (per TPS below a desa) with both figures and the plenary state.
- ``tanda_list_for_wilayah(pemilihan=, wilayah_kode=, jenis=)`` -> ``list[TandaTPS]``: the
  flags of every TPS below a region (kab/kota or lower), each with its reason and TPS code;
  ``tanda_hitung`` in rekap.domain.tanda rolls them up.

None of these checks access: the internal pages call ``accounts.access.wilayah_get_for_actor``
first, and the public side decides itself what it publishes. ``wilayah_kode`` is dotted, ""
for the nation. Participant keys are tungsura's (``calon_1``, ``partai_2_jumlah``, ...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import translation

from selenggara.pemilihan.models import TPS, Dapil, Kontestasi, Pemilihan, RingkasanWilayah
from selenggara.rekap.domain.agregat import (
    KOLOM,
    NASIONAL,
    Jumlah,
    jumlah_from_dict,
    jumlah_total,
    peserta_gabungan,
    tingkat_of,
)
from selenggara.rekap.domain.pleno import StatusPleno, TingkatPleno
from selenggara.rekap.domain.tanda import Tanda, TPSLembar, tanda_list
from selenggara.rekap.hitung import TINGKAT_DELTA, agregat_baca, galat_of
from selenggara.rekap.messages import tanda_alasan
from selenggara.rekap.models import Keberatan, PelepasanTPS, Pleno, RekapAgregat, RekapDelta
from selenggara.tungsura.lembar import konteks_for
from selenggara.tungsura.models import CHasil, CHasilFoto


@dataclass(frozen=True, slots=True, kw_only=True)
class Angka:
    """One figure of a region and contest: per participant, totals, TPS counted."""

    tps_masuk: int
    tps_ditahan: int
    tps_diharapkan: int
    suara_sah: int
    suara_tidak_sah: int
    suara_total: int
    pengguna_total: int
    dpt: int
    # Over all dapil of the region where that is meaningful (peserta_gabungan); per dapil
    # (keyed by the dapil's kode) always.
    peserta: dict[str, int]
    per_dapil: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlenoRingkas:
    id: int
    tingkat: int
    status: str
    putaran: int
    jadwal_mulai: str
    jadwal_selesai: str
    ditetapkan_pada: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Perbedaan:
    """Why the count and the recap of a region differ, one cause per entry.

    ``kode``: ``belum_ditetapkan`` (plenaries below not yet locked: ``jumlah`` of them),
    ``tps_ditahan`` (held-out TPS in the count), ``koreksi_setelah_penetapan`` (C.Hasil
    versions after the lock, ``tps`` lists them), ``kunci`` (a participant whose two figures
    differ: ``hitung`` and ``rekap``).
    """

    kode: str
    jumlah: int = 0
    kunci: str = ""
    hitung: int = 0
    rekap: int = 0
    tps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RekapKontestasi:
    jenis: str
    hitung: Angka
    rekap: Angka | None
    rekap_lengkap: bool  # every plenary the recap needs is locked
    pleno: PlenoRingkas | None
    perbedaan: list[Perbedaan] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class RekapWilayah:
    wilayah_kode: str
    tingkat: int
    kontestasi: list[RekapKontestasi]


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisAnak:
    kode: str  # child region (dotted) or TPS (13 digits)
    hitung: Angka
    rekap: Angka | None
    pleno_status: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TandaTPS:
    kode: str
    tps_kode: str
    alasan: str
    params: Mapping[str, object]


def _diharapkan(pemilihan: Pemilihan, kode_list: Sequence[str]) -> dict[str, int]:
    rows = RingkasanWilayah.objects.filter(pemilihan=pemilihan, kode__in=kode_list)
    return dict(rows.values_list("kode", "jumlah_tps"))


def _angka(jenis: str, by_dapil: Mapping[str, Jumlah], diharapkan: int) -> Angka:
    total = jumlah_total(by_dapil.values())
    per_dapil = {kode: dict(j.suara) for kode, j in sorted(by_dapil.items())}
    return Angka(
        tps_masuk=total.tps_masuk,
        tps_ditahan=total.tps_ditahan,
        tps_diharapkan=diharapkan,
        peserta=peserta_gabungan(jenis, per_dapil),
        per_dapil=per_dapil,
        **{key: total.angka.get(key, 0) for key in KOLOM},
    )


class _DapilNama:
    """Dapil codes by id, read for the ids a page shows (not every dapil of the election)."""

    def __init__(self) -> None:
        self._kode: dict[int, str] = {}
        self._dibaca: set[int] = set()  # ids looked up, found or not (never read twice)

    def ensure(self, ids: Iterable[int]) -> None:
        missing = set(ids) - self._dibaca
        if missing:
            self._kode.update(Dapil.objects.filter(pk__in=missing).values_list("pk", "kode"))
            self._dibaca |= missing

    def get(self, pk: int, default: str) -> str:
        self.ensure([pk])
        return self._kode.get(pk, default)

    def seed(self, kode: Mapping[int, str]) -> None:
        """Take codes already read (with the counts) so they are not read again."""
        self._kode.update(kode)
        self._dibaca |= set(kode)


def _hitung_rows(
    pemilihan: Pemilihan,
    kode_list: Sequence[str],
    *,
    kontestasi: Kontestasi | None = None,
    names: _DapilNama | None = None,
) -> dict[tuple[str, int], dict[int, Jumlah]]:
    """{(wilayah_kode, kontestasi_id): {dapil_id: Jumlah}} of the stored counts (of one
    contest only when ``kontestasi`` is given); ``names`` receives the dapil codes read."""
    out: defaultdict[tuple[str, int], dict[int, Jumlah]] = defaultdict(dict)
    only = Q(kontestasi=kontestasi) if kontestasi is not None else Q()
    kode: dict[int, str] = {}
    rows = agregat_baca(
        only & Q(kontestasi__pemilihan=pemilihan, wilayah_kode__in=kode_list, dapil__isnull=False),
        tertunda=any(tingkat_of(k) <= TINGKAT_DELTA for k in kode_list),
        kode_dapil=kode,
    )
    if names is not None:
        names.seed(kode)
    for (wilayah, kontestasi_id, dapil_id), jumlah in rows.items():
        out[(wilayah, kontestasi_id)][int(str(dapil_id))] = jumlah
    return out


def _pleno_ringkas(pleno: Pleno) -> PlenoRingkas:
    return PlenoRingkas(
        id=pleno.pk,
        tingkat=pleno.tingkat,
        status=pleno.status,
        putaran=pleno.putaran,
        jadwal_mulai=pleno.jadwal_mulai.isoformat(),
        jadwal_selesai=pleno.jadwal_selesai.isoformat(),
        ditetapkan_pada=pleno.ditetapkan_pada.isoformat() if pleno.ditetapkan_pada else None,
    )


def _rekap_of(
    *, wilayah_kode: str, kontestasi: Kontestasi, locked: Sequence[Pleno]
) -> tuple[dict[int, Jumlah] | None, bool]:
    """The official figure of a region from the locked plenaries: its own when locked, else
    the sum of the locked kecamatan plenaries inside it (the recap as far as it has come),
    or below a kecamatan the locked kecamatan's annex. Returns it and whether it is complete."""
    own = next((p for p in locked if p.wilayah_kode == wilayah_kode), None)
    if own is not None and own.hasil:
        return _by_dapil(own.hasil.get("dapil", {})), True
    tingkat = tingkat_of(wilayah_kode)
    if tingkat > TingkatPleno.KECAMATAN:
        kec = next(
            (
                p
                for p in locked
                if wilayah_kode.startswith(p.wilayah_kode) and p.tingkat == TingkatPleno.KECAMATAN
            ),
            None,
        )
        if kec is None or not kec.hasil:
            return None, False
        anak = kec.hasil.get("anak", {}).get(wilayah_kode)
        return (_by_dapil(anak), True) if anak is not None else (None, False)
    below = [
        p
        for p in locked
        if p.tingkat == TingkatPleno.KECAMATAN
        and p.wilayah_kode.startswith(wilayah_kode)
        and p.hasil
    ]
    if not below:
        return None, False
    total: dict[int, Jumlah] = {}
    for pleno in below:
        for dapil_id, jumlah in _by_dapil((pleno.hasil or {}).get("dapil", {})).items():
            total[dapil_id] = total.get(dapil_id, Jumlah()).plus(jumlah)
    return total, False


def _by_dapil(data: Mapping[str, Mapping[str, object]]) -> dict[int, Jumlah]:
    return {int(dapil_id): jumlah_from_dict(j) for dapil_id, j in data.items()}


def _named(by_dapil: Mapping[int, Jumlah], dapil_kode: _DapilNama) -> dict[str, Jumlah]:
    dapil_kode.ensure(by_dapil)
    return {dapil_kode.get(pk, str(pk)): j for pk, j in by_dapil.items()}


def _hitung_gabungan(
    q: Q, names: _DapilNama
) -> tuple[dict[tuple[str, int], dict[int, Jumlah]], dict[tuple[str, int], Jumlah]]:
    """The stored counts of the nation or of provinsi (``q`` selects their rows): a contest
    of one dapil in a region as its dapil row, a contest of many as the region's total row
    (domain.agregat.gabungan), so a read is a row per region and contest, not one per dapil
    (the nation's DPRD Kab/Kota has one per kab/kota dapil)."""
    # Which (region, contest) have several dapil rows (a dapil's first sheet may still be a
    # pending delta, so both tables are asked).
    fields = ("wilayah_kode", "kontestasi_id", "dapil_id")
    dapil_of = RekapAgregat.objects.filter(q, dapil__isnull=False).values_list(*fields)
    pending = RekapDelta.objects.filter(q, dapil__isnull=False).values_list(*fields)
    sql_a, params_a = dapil_of.query.sql_with_params()
    sql_b, params_b = pending.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT wilayah_kode, kontestasi_id, COUNT(*) FROM ({sql_a} UNION {sql_b}) z "  # noqa: S608 - Django's own compiled queries
            "GROUP BY wilayah_kode, kontestasi_id",
            [*params_a, *params_b],
        )
        counts = {(str(w), int(k)): int(n) for w, k, n in cursor.fetchall()}
    # Per contest, the regions read by their total and those read by their one dapil row.
    regions: defaultdict[tuple[int, bool], list[str]] = defaultdict(list)
    for (wilayah, kontestasi_id), n in counts.items():
        regions[(kontestasi_id, n > 1)].append(wilayah)
    satu, banyak = Q(pk__in=[]), Q(pk__in=[])
    for (kontestasi_id, many), wilayah_list in regions.items():
        part = Q(kontestasi_id=kontestasi_id, wilayah_kode__in=sorted(wilayah_list))
        if many:
            banyak |= part
        else:
            satu |= part
    kode: dict[int, str] = {}
    rows = agregat_baca(
        q & ((Q(dapil__isnull=True) & banyak) | (Q(dapil__isnull=False) & satu)),
        kode_dapil=kode,
    )
    names.seed(kode)
    by_dapil: dict[tuple[str, int], dict[int, Jumlah]] = {}
    totals: dict[tuple[str, int], Jumlah] = {}
    for (wilayah, kontestasi_id, dapil_id), jumlah in rows.items():
        if dapil_id is None:
            totals[(wilayah, kontestasi_id)] = jumlah
        else:
            by_dapil[(wilayah, kontestasi_id)] = {dapil_id: jumlah}
    return by_dapil, totals


def _hitung_nasional(
    pemilihan: Pemilihan, names: _DapilNama
) -> tuple[dict[tuple[str, int], dict[int, Jumlah]], dict[int, Jumlah]]:
    """The nation's stored counts, a row per contest (``_hitung_gabungan``)."""
    by_dapil, totals = _hitung_gabungan(
        Q(kontestasi__pemilihan=pemilihan, wilayah_kode=NASIONAL), names
    )
    return by_dapil, {kontestasi_id: j for (_w, kontestasi_id), j in totals.items()}


def _angka_gabungan(total: Jumlah, diharapkan: int) -> Angka:
    """A figure from a total over many dapil: per participant where that sums across dapil,
    not per dapil (the regions below show those)."""
    return Angka(
        tps_masuk=total.tps_masuk,
        tps_ditahan=total.tps_ditahan,
        tps_diharapkan=diharapkan,
        peserta=dict(total.suara),
        per_dapil={},
        **{key: total.angka.get(key, 0) for key in KOLOM},
    )


def _perbedaan(
    hitung: Angka, rekap: Angka | None, *, belum: int, koreksi: Sequence[str]
) -> list[Perbedaan]:
    out: list[Perbedaan] = []
    if belum:
        out.append(Perbedaan(kode="belum_ditetapkan", jumlah=belum))
    if hitung.tps_ditahan:
        out.append(Perbedaan(kode="tps_ditahan", jumlah=hitung.tps_ditahan))
    if koreksi:
        out.append(
            Perbedaan(kode="koreksi_setelah_penetapan", jumlah=len(koreksi), tps=tuple(koreksi))
        )
    if rekap is not None:
        for kunci in sorted(set(hitung.peserta) | set(rekap.peserta)):
            a, b = hitung.peserta.get(kunci, 0), rekap.peserta.get(kunci, 0)
            if a != b:
                out.append(Perbedaan(kode="kunci", kunci=kunci, hitung=a, rekap=b))
    return out


def _kunci_terkunci(pleno: Pleno) -> bool:
    return (
        pleno.tingkat == TingkatPleno.KECAMATAN
        and pleno.status == StatusPleno.DITETAPKAN
        and pleno.ditetapkan_pada is not None
    )


def _cakupan(pleno: Pleno, wilayah_kode: str) -> str | None:
    """The TPS code prefix that a locked kecamatan plenary and a region both cover (the
    longer of the two codes), or None when the plenary is not locked or they do not overlap."""
    if not _kunci_terkunci(pleno):
        return None
    if not (
        pleno.wilayah_kode.startswith(wilayah_kode) or wilayah_kode.startswith(pleno.wilayah_kode)
    ):
        return None
    return max(pleno.wilayah_kode, wilayah_kode, key=len).replace(".", "")


def _koreksi_setelah(
    locked: Sequence[Pleno], kontestasi: Kontestasi, wilayah_kode: str
) -> list[str]:
    """TPS below the region whose current C.Hasil is newer than the lock covering it."""
    out: list[str] = []
    for pleno in locked:
        prefix = _cakupan(pleno, wilayah_kode)
        if prefix is None:
            continue
        out.extend(
            CHasil.objects.filter(
                kontestasi=kontestasi,
                tps__kode__startswith=prefix,
                versi_terkini__dibuat_pada__gt=pleno.ditetapkan_pada,
            ).values_list("tps__kode", flat=True)
        )
    return sorted(out)


def _pleno_relevan(
    pemilihan: Pemilihan, wilayah_kode: str, *, anak: Sequence[str] = ()
) -> list[Pleno]:
    """The plenaries a region's figures depend on: its own and its ancestors', its children's
    (``anak``) and the kecamatan plenaries inside it (not every plenary of the election)."""
    segs = wilayah_kode.split(".") if wilayah_kode else []
    path = ["", *(".".join(segs[:i]) for i in range(1, len(segs) + 1)), *anak]
    inside = Q(tingkat=TingkatPleno.KECAMATAN, wilayah_kode__startswith=wilayah_kode)
    return list(Pleno.objects.filter(Q(wilayah_kode__in=path) | inside, pemilihan=pemilihan))


def _rekap_kontestasi(
    *,
    wilayah_kode: str,
    kontestasi: Kontestasi,
    mine: Sequence[Pleno],
    hitung_by_dapil: Mapping[int, Jumlah],
    total: Jumlah | None,
    dapil_kode: _DapilNama,
    diharapkan: int,
    koreksi: Callable[[Sequence[Pleno]], list[str]],
) -> RekapKontestasi:
    """Both figures of one region and contest from what was read for it: ``mine`` its
    relevant plenaries of this contest, ``total`` the nation's total row (many dapil);
    ``koreksi`` gives the TPS corrected after the locks it is given."""
    locked = [p for p in mine if p.status == StatusPleno.DITETAPKAN]
    hitung = (
        _angka_gabungan(total, diharapkan)
        if total is not None
        else _angka(kontestasi.jenis, _named(hitung_by_dapil, dapil_kode), diharapkan)
    )
    rekap_by_dapil, lengkap = _rekap_of(
        wilayah_kode=wilayah_kode, kontestasi=kontestasi, locked=locked
    )
    rekap = (
        _angka(kontestasi.jenis, _named(rekap_by_dapil, dapil_kode), diharapkan)
        if rekap_by_dapil is not None
        else None
    )
    own = next((p for p in mine if p.wilayah_kode == wilayah_kode), None)
    belum = sum(
        1
        for p in mine
        if p.tingkat == TingkatPleno.KECAMATAN
        and p.wilayah_kode.startswith(wilayah_kode)
        and p.status != StatusPleno.DITETAPKAN
    )
    return RekapKontestasi(
        jenis=kontestasi.jenis,
        hitung=hitung,
        rekap=rekap,
        rekap_lengkap=lengkap,
        pleno=_pleno_ringkas(own) if own else None,
        perbedaan=_perbedaan(hitung, rekap, belum=belum, koreksi=koreksi(locked)),
    )


def rekap_wilayah_get(*, pemilihan: Pemilihan, wilayah_kode: str) -> RekapWilayah:
    """Return both figures of region ``wilayah_kode`` for every contest, with the plenary state."""
    kontestasi_list = list(Kontestasi.objects.filter(pemilihan=pemilihan).order_by("pk"))
    totals: dict[int, Jumlah] = {}
    dapil_kode = _DapilNama()
    if wilayah_kode == NASIONAL:
        hitung_rows, totals = _hitung_nasional(pemilihan, dapil_kode)
    else:
        hitung_rows = _hitung_rows(pemilihan, [wilayah_kode], names=dapil_kode)
    diharapkan = _diharapkan(pemilihan, [wilayah_kode]).get(wilayah_kode, 0)
    plenos = _pleno_relevan(pemilihan, wilayah_kode)
    items = [
        _rekap_kontestasi(
            wilayah_kode=wilayah_kode,
            kontestasi=kontestasi,
            mine=[p for p in plenos if p.kontestasi_id == kontestasi.pk],
            hitung_by_dapil=hitung_rows.get((wilayah_kode, kontestasi.pk), {}),
            total=totals.get(kontestasi.pk),
            dapil_kode=dapil_kode,
            diharapkan=diharapkan,
            koreksi=partial(_koreksi_setelah, kontestasi=kontestasi, wilayah_kode=wilayah_kode),
        )
        for kontestasi in kontestasi_list
    ]
    return RekapWilayah(
        wilayah_kode=wilayah_kode, tingkat=tingkat_of(wilayah_kode), kontestasi=items
    )


def _jalur_kode(wilayah_kode: str) -> list[str]:
    """The region's own code and its ancestors', nation first."""
    segs = wilayah_kode.split(".") if wilayah_kode else []
    return ["", *(".".join(segs[:i]) for i in range(1, len(segs) + 1))]


def _puncak(kode_list: Iterable[str]) -> list[str]:
    """The regions above a kecamatan in ``kode_list`` that lie inside no other of them."""
    out: list[str] = []
    for kode in sorted({k for k in kode_list if tingkat_of(k) < TingkatPleno.KECAMATAN}, key=len):
        if not any(kode.startswith(top) for top in out):
            out.append(kode)
    return out


class _PlenoBanyak:
    """The plenaries many regions' figures depend on, read in one query and handed out per
    region as ``_pleno_relevan`` gives them (own and ancestors', kecamatan plenaries inside)."""

    def __init__(self, pemilihan: Pemilihan, kode_list: Sequence[str]) -> None:
        path = sorted({k for kode in kode_list for k in _jalur_kode(kode)})
        query = Q(wilayah_kode__in=path)
        for top in _puncak(kode_list):
            query |= Q(tingkat=TingkatPleno.KECAMATAN, wilayah_kode__startswith=top)
        self.semua = list(Pleno.objects.filter(query, pemilihan=pemilihan).order_by("pk"))
        self._by_kode: defaultdict[str, list[Pleno]] = defaultdict(list)
        for pleno in self.semua:
            self._by_kode[pleno.wilayah_kode].append(pleno)
        self._kecamatan = sorted(
            {p.wilayah_kode for p in self.semua if p.tingkat == TingkatPleno.KECAMATAN}
        )

    def relevan(self, wilayah_kode: str) -> list[Pleno]:
        """What ``_pleno_relevan(pemilihan, wilayah_kode)`` returns, in primary-key order."""
        found = [p for kode in _jalur_kode(wilayah_kode) for p in self._by_kode.get(kode, ())]
        if tingkat_of(wilayah_kode) < TingkatPleno.KECAMATAN:
            found.extend(
                p
                for kode in self._kecamatan
                if kode.startswith(wilayah_kode)
                for p in self._by_kode[kode]
                if p.tingkat == TingkatPleno.KECAMATAN
            )
        return sorted(found, key=lambda p: p.pk)


class _KoreksiBanyak:
    """The TPS whose current C.Hasil is newer than the locked kecamatan plenary covering it,
    read in one query for many regions (``_koreksi_setelah`` per region and plenary)."""

    def __init__(self, plenos: Sequence[Pleno]) -> None:
        kunci = [p for p in plenos if _kunci_terkunci(p)]
        self._tps: defaultdict[int, list[str]] = defaultdict(list)  # by pleno pk, sorted
        if not kunci:
            return
        polos = [p.wilayah_kode.replace(".", "") for p in kunci]
        prefix = os.path.commonprefix(polos)  # noqa: RUF071 - codes, a character prefix
        earliest = min(p.ditetapkan_pada for p in kunci if p.ditetapkan_pada is not None)
        rows = CHasil.objects.filter(
            kontestasi_id__in={p.kontestasi_id for p in kunci},
            tps__kode__startswith=prefix,
            versi_terkini__dibuat_pada__gt=earliest,
        ).values_list("kontestasi_id", "tps__kode", "versi_terkini__dibuat_pada")
        by_kecamatan: defaultdict[tuple[int, str], list[tuple[str, dt.datetime]]] = defaultdict(
            list
        )
        for kontestasi_id, tps_kode, dibuat in rows:
            by_kecamatan[(kontestasi_id, tps_kode[:6])].append((tps_kode, dibuat))
        for pleno, kode in zip(kunci, polos, strict=True):
            self._tps[pleno.pk] = sorted(
                tps
                for tps, dibuat in by_kecamatan.get((pleno.kontestasi_id, kode), ())
                if pleno.ditetapkan_pada is not None and dibuat > pleno.ditetapkan_pada
            )

    def setelah(self, locked: Sequence[Pleno], wilayah_kode: str) -> list[str]:
        """What ``_koreksi_setelah(locked, kontestasi, wilayah_kode)`` returns."""
        out: list[str] = []
        for pleno in locked:
            prefix = _cakupan(pleno, wilayah_kode)
            if prefix is None:
                continue
            out.extend(t for t in self._tps.get(pleno.pk, ()) if t.startswith(prefix))
        return sorted(out)


def _pleno_dapil_ids(plenos: Iterable[Pleno]) -> set[int]:
    """Every dapil id a locked plenary's adopted figures name (its own and its children's)."""
    ids: set[int] = set()
    for pleno in plenos:
        if pleno.status != StatusPleno.DITETAPKAN or not pleno.hasil:
            continue
        ids.update(int(k) for k in pleno.hasil.get("dapil", {}))
        for anak in pleno.hasil.get("anak", {}).values():
            ids.update(int(k) for k in anak)
    return ids


def rekap_wilayah_banyak(
    *, pemilihan: Pemilihan, wilayah_kode_list: Sequence[str]
) -> list[RekapWilayah]:
    """Return ``rekap_wilayah_get`` of every region in ``wilayah_kode_list``, in that order.

    The same figures, read in a fixed number of queries however many regions are asked for
    (a publication reads a kab/kota and everything below it at once): the stored counts, the
    expected TPS, the plenaries, the dapil codes and the corrections after a lock, each once.
    The plenaries and corrections are read over the smallest region holding all those asked
    for, so ask for regions of one subtree.
    """
    kode_list = list(dict.fromkeys(wilayah_kode_list))
    kontestasi_list = list(Kontestasi.objects.filter(pemilihan=pemilihan).order_by("pk"))
    dapil_kode = _DapilNama()
    hitung_rows = _hitung_rows(pemilihan, [k for k in kode_list if k != NASIONAL], names=dapil_kode)
    totals: dict[int, Jumlah] = {}
    if NASIONAL in kode_list:
        nasional_rows, totals = _hitung_nasional(pemilihan, dapil_kode)
        hitung_rows.update(nasional_rows)
    diharapkan = _diharapkan(pemilihan, kode_list)
    plenos = _PlenoBanyak(pemilihan, kode_list)
    koreksi = _KoreksiBanyak(plenos.semua)
    dapil_kode.ensure(
        {pk for by_dapil in hitung_rows.values() for pk in by_dapil}
        | _pleno_dapil_ids(plenos.semua)
    )
    out: list[RekapWilayah] = []
    for kode in kode_list:
        relevan = plenos.relevan(kode)
        items = [
            _rekap_kontestasi(
                wilayah_kode=kode,
                kontestasi=kontestasi,
                mine=[p for p in relevan if p.kontestasi_id == kontestasi.pk],
                hitung_by_dapil=hitung_rows.get((kode, kontestasi.pk), {}),
                total=totals.get(kontestasi.pk) if kode == NASIONAL else None,
                dapil_kode=dapil_kode,
                diharapkan=diharapkan.get(kode, 0),
                koreksi=partial(koreksi.setelah, wilayah_kode=kode),
            )
            for kontestasi in kontestasi_list
        ]
        out.append(RekapWilayah(wilayah_kode=kode, tingkat=tingkat_of(kode), kontestasi=items))
    by_kode = {rw.wilayah_kode: rw for rw in out}
    return [by_kode[k] for k in wilayah_kode_list]


def _anak_kode_list(pemilihan: Pemilihan, wilayah_kode: str) -> list[str]:
    rows = RingkasanWilayah.objects.filter(pemilihan=pemilihan, induk_kode=wilayah_kode)
    return sorted(rows.exclude(kode="").values_list("kode", flat=True))


def _anak_angka(angka: Angka) -> Angka:
    """A child region's figure as its parent's list shows it: over several dapil, the sums
    across them without each dapil's figures (the child's own page has those), which is what
    a provinsi's total row holds."""
    return replace(angka, per_dapil={}) if len(angka.per_dapil) > 1 else angka


def rekap_anak_list(*, pemilihan: Pemilihan, wilayah_kode: str, jenis: str) -> list[BarisAnak]:
    """Return one row per child region of ``wilayah_kode`` for contest ``jenis``, both figures.

    Below a desa the children are its TPS: their count is their current sheet (held out or
    not), and their recap the sheet as the locked kecamatan plenary adopted it.
    """
    kontestasi = Kontestasi.objects.get(pemilihan=pemilihan, jenis=jenis)
    if tingkat_of(wilayah_kode) == 4:
        return _tps_anak_list(pemilihan, kontestasi, wilayah_kode, _DapilNama())
    kode_list = _anak_kode_list(pemilihan, wilayah_kode)
    dapil_kode = _DapilNama()
    totals: dict[tuple[str, int], Jumlah] = {}
    if wilayah_kode == NASIONAL:  # the provinsi: a row each (their total over many dapil)
        hitung_rows, totals = _hitung_gabungan(
            Q(kontestasi=kontestasi, wilayah_kode__in=kode_list), dapil_kode
        )
    else:
        hitung_rows = _hitung_rows(pemilihan, kode_list, kontestasi=kontestasi, names=dapil_kode)
    diharapkan = _diharapkan(pemilihan, kode_list)
    plenos = [
        p
        for p in _pleno_relevan(pemilihan, wilayah_kode, anak=kode_list)
        if p.kontestasi_id == kontestasi.pk
    ]
    locked = [p for p in plenos if p.status == StatusPleno.DITETAPKAN]
    status = {p.wilayah_kode: p.status for p in plenos}
    out: list[BarisAnak] = []
    for kode in kode_list:
        rekap_by_dapil, _lengkap = _rekap_of(
            wilayah_kode=kode, kontestasi=kontestasi, locked=locked
        )
        out.append(
            BarisAnak(
                kode=kode,
                hitung=_angka_gabungan(totals[(kode, kontestasi.pk)], diharapkan.get(kode, 0))
                if (kode, kontestasi.pk) in totals
                else _anak_angka(
                    _angka(
                        jenis,
                        _named(hitung_rows.get((kode, kontestasi.pk), {}), dapil_kode),
                        diharapkan.get(kode, 0),
                    )
                ),
                rekap=_anak_angka(
                    _angka(jenis, _named(rekap_by_dapil, dapil_kode), diharapkan.get(kode, 0))
                )
                if rekap_by_dapil is not None
                else None,
                pleno_status=status.get(kode),
            )
        )
    return out


def baris_anak_dari(rekap_wilayah: RekapWilayah, *, jenis: str) -> BarisAnak:
    """Return a child region's row of ``rekap_anak_list`` from its own figures.

    A reader that has every child's ``RekapWilayah`` already (``rekap_wilayah_banyak`` over a
    subtree) builds its parent's rows from them instead of reading them again: the count, the
    recap from the same plenaries, and the state of the child's own plenary.
    """
    figure = next(k for k in rekap_wilayah.kontestasi if k.jenis == jenis)
    return BarisAnak(
        kode=rekap_wilayah.wilayah_kode,
        hitung=_anak_angka(figure.hitung),
        rekap=_anak_angka(figure.rekap) if figure.rekap is not None else None,
        pleno_status=figure.pleno.status if figure.pleno is not None else None,
    )


# What the TPS rows and the flags never read of a sheet's current version: its canonical
# text (the witnesses' digest input, the longest column) and the keys the submitter confirmed.
_VERSI_TIDAK_DIBACA = ("versi_terkini__teks_kanonik", "versi_terkini__konfirmasi")


def _tps_anak_list(
    pemilihan: Pemilihan, kontestasi: Kontestasi, desa: str, dapil_kode: _DapilNama
) -> list[BarisAnak]:
    locked = Pleno.objects.filter(
        kontestasi=kontestasi, wilayah_kode=desa[:8], status=StatusPleno.DITETAPKAN
    ).first()
    adopted = (locked.hasil or {}).get("tps", {}) if locked else {}
    c_hasil = {
        c.tps.kode: c
        for c in CHasil.objects.filter(
            kontestasi=kontestasi, tps__kode__startswith=desa.replace(".", "")
        )
        .select_related("tps", "versi_terkini")
        .defer(*_VERSI_TIDAK_DIBACA)
    }
    dilepas = set(
        PelepasanTPS.objects.filter(versi__c_hasil__in=c_hasil.values()).values_list(
            "versi_id", flat=True
        )
    )
    out = []
    for tps in TPS.objects.filter(
        pemilihan=pemilihan, kode__startswith=desa.replace(".", "")
    ).order_by("kode"):
        c = c_hasil.get(tps.kode)
        versi = c.versi_terkini if c else None
        by_dapil: dict[str, Jumlah] = {}
        if versi is not None and c is not None:
            held = galat_of(versi.temuan) and versi.pk not in dilepas
            by_dapil[dapil_kode.get(c.dapil_id, "")] = Jumlah(
                tps_masuk=0 if held else 1,
                tps_ditahan=1 if held else 0,
                angka={
                    "suara_sah": versi.suara_sah,
                    "suara_tidak_sah": versi.suara_tidak_sah,
                    "suara_total": versi.suara_total,
                    "pengguna_total": versi.pengguna_total_j,
                    "dpt": versi.dpt_j,
                },
                suara={k: int(v) for k, v in versi.suara.items()},
            )
        rekap = adopted.get(tps.kode)
        out.append(
            BarisAnak(
                kode=tps.kode,
                hitung=_angka(kontestasi.jenis, by_dapil, 1),
                rekap=_angka(
                    kontestasi.jenis,
                    {dapil_kode.get(c.dapil_id, "") if c else "": jumlah_from_dict(rekap)},
                    1,
                )
                if rekap
                else None,
                pleno_status=None,
            )
        )
    return out


def tps_lembar_list(
    *, pemilihan: Pemilihan, kontestasi: Kontestasi, wilayah_kode: str
) -> list[TPSLembar]:
    """Return every TPS below a region with its current sheet of ``kontestasi``, for the flags.

    Read as value rows, not model instances: a kecamatan page or a publication reads every TPS
    of the region (hundreds), and building models was most of the time (docs/performance.md).
    """
    prefix = wilayah_kode.replace(".", "")
    sheets = {
        row[0]: row[1:]
        for row in CHasil.objects.filter(
            kontestasi=kontestasi, tps__kode__startswith=prefix, versi_terkini__isnull=False
        ).values_list(
            "tps_id",
            "pk",
            "versi_terkini_id",
            "versi_terkini__nomor",
            "versi_terkini__pengguna_total_j",
            "versi_terkini__suara_sah",
            "versi_terkini__suara_total",
            "versi_terkini__suara",
            "versi_terkini__temuan",
        )
    }
    c_hasil_ids = [row[0] for row in sheets.values()]
    dilepas = set(
        PelepasanTPS.objects.filter(versi__c_hasil_id__in=c_hasil_ids).values_list(
            "versi_id", flat=True
        )
    )
    foto: defaultdict[int, list[str]] = defaultdict(list)
    for c_hasil_id, sha in CHasilFoto.objects.filter(c_hasil_id__in=c_hasil_ids).values_list(
        "c_hasil_id", "sha256"
    ):
        foto[c_hasil_id].append(sha)
    keberatan: defaultdict[str, int] = defaultdict(int)
    for kode in Keberatan.objects.filter(
        pleno__kontestasi=kontestasi, kode__startswith=prefix[:2]
    ).values_list("kode", flat=True):
        keberatan[kode] += 1
    out: list[TPSLembar] = []
    for tps_id, tps_kode, dpt, dpt_l, dpt_p in (
        TPS.objects.filter(pemilihan=pemilihan, kode__startswith=prefix)
        .order_by("kode")
        .values_list("pk", "kode", "dpt", "dpt_laki", "dpt_perempuan")
    ):
        batas_atas = konteks_for(pemilihan, dpt_l=dpt_l, dpt_p=dpt_p).batas_atas
        sheet = sheets.get(tps_id)
        if sheet is None:
            out.append(
                TPSLembar(
                    tps_kode=tps_kode,
                    dpt=dpt,
                    batas_atas=batas_atas,
                    ada_lembar=False,
                    keberatan=keberatan[tps_kode],
                )
            )
            continue
        c_hasil_id, versi_id, nomor, pengguna, sah, total, suara, temuan = sheet
        galat = tuple(str(t["kode"]) for t in temuan if t.get("tingkat") == "galat")
        out.append(
            TPSLembar(
                tps_kode=tps_kode,
                dpt=dpt,
                batas_atas=batas_atas,
                ada_lembar=True,
                pengguna_total=pengguna,
                suara_sah=sah,
                suara_total=total,
                suara={k: int(v) for k, v in suara.items()},
                galat=galat,
                ditahan=bool(galat) and versi_id not in dilepas,
                nomor_versi=nomor,
                keberatan=keberatan[tps_kode],
                foto_sha256=tuple(foto[c_hasil_id]),
            )
        )
    return out


def _tanda_stempel(*, pemilihan: Pemilihan, kontestasi: Kontestasi, prefix: str) -> bytes:
    """A digest of everything the flags of the TPS under ``prefix`` are computed from: the
    election's reserve rules, each TPS's registers, each sheet's current version (versions
    are immutable, so the version id stands for its numbers and findings), and the releases,
    photos and objections (inserted or deleted rows, whose ids only grow: count and largest
    id). Reading these is a few small queries; the flags themselves read every sheet."""
    h = hashlib.blake2b(digest_size=20)
    h.update(
        repr(
            (
                pemilihan.cadangan_pembulatan,
                pemilihan.cadangan_basis_poin,
                pemilihan.batas_pemilih_per_tps,
            )
        ).encode()
    )
    h.update(
        repr(
            list(
                TPS.objects.filter(pemilihan=pemilihan, kode__startswith=prefix)
                .order_by("pk")
                .values_list("pk", "dpt", "dpt_laki", "dpt_perempuan")
            )
        ).encode()
    )
    c_hasil = CHasil.objects.filter(kontestasi=kontestasi, tps__kode__startswith=prefix)
    h.update(repr(list(c_hasil.order_by("pk").values_list("pk", "versi_terkini_id"))).encode())
    for rows in (
        PelepasanTPS.objects.filter(versi__c_hasil__in=c_hasil),
        CHasilFoto.objects.filter(c_hasil__in=c_hasil),
        Keberatan.objects.filter(pleno__kontestasi=kontestasi, kode__startswith=prefix),
    ):
        h.update(repr(tuple(rows.aggregate(n=Count("pk"), m=Max("pk")).values())).encode())
    return h.digest()


# Flags per (election, contest, region, desa, language) with the digest they were computed
# at: a kecamatan page or a plenary reads them on every request and they change only when
# something under the region does. A process keeps at most this many (about 40 kB each for
# a party contest's kecamatan).
_TANDA_MAKS = 2_048
_tanda_cache: OrderedDict[tuple[int, int, str, str, str], tuple[bytes, list[TandaTPS]]] = (
    OrderedDict()
)
_tanda_lock = threading.Lock()


def tanda_cache_clear() -> None:
    """Forget the flags kept by this process (tests; after a restore)."""
    with _tanda_lock:
        _tanda_cache.clear()


def tanda_list_for_wilayah(
    *, pemilihan: Pemilihan, wilayah_kode: str, jenis: str, hanya: str = ""
) -> list[TandaTPS]:
    """Return the flags of every TPS below a region (kab/kota or lower), with their reasons;
    with ``hanya`` (a code below the region, undotted) only those of the TPS under it, the
    twin sheets still sought across the whole region. Kept per process while nothing they
    are computed from changes (``_tanda_stempel``)."""
    kontestasi = Kontestasi.objects.get(pemilihan=pemilihan, jenis=jenis)
    key = (pemilihan.pk, kontestasi.pk, wilayah_kode, hanya, translation.get_language() or "")
    stempel = _tanda_stempel(
        pemilihan=pemilihan, kontestasi=kontestasi, prefix=wilayah_kode.replace(".", "")
    )
    with _tanda_lock:
        kept = _tanda_cache.get(key)
        if kept is not None and kept[0] == stempel:
            _tanda_cache.move_to_end(key)
            return list(kept[1])
    tanda: list[Tanda] = tanda_list(
        tps_lembar_list(pemilihan=pemilihan, kontestasi=kontestasi, wilayah_kode=wilayah_kode),
        hanya=hanya,
    )
    out = [
        TandaTPS(kode=t.kode.value, tps_kode=t.tps_kode, alasan=tanda_alasan(t), params=t.params)
        for t in tanda
    ]
    with _tanda_lock:
        _tanda_cache[key] = (stempel, out)
        _tanda_cache.move_to_end(key)
        while len(_tanda_cache) > _TANDA_MAKS:
            _tanda_cache.popitem(last=False)
    return list(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class ButirBaris:
    """One item of a plenary as the page lists it (desa by desa at the kecamatan)."""

    kode: str
    desa_kode: str  # the TPS's desa (kecamatan tier) or the child region itself
    status: str
    catatan: str
    versi_nomor: int | None
    suara_sah: int | None
    suara_tidak_sah: int | None
    peserta: dict[str, int]
    ditahan: bool
    foto: int
    tanda: list[TandaTPS]
    anak_status: str | None  # the child plenary's state (upper tiers)


def _desa_dotted(tps_kode: str) -> str:
    d = tps_kode
    return f"{d[0:2]}.{d[2:4]}.{d[4:6]}.{d[6:10]}"


def pleno_butir_list(*, pleno: Pleno) -> list[ButirBaris]:
    """Return the items of a plenary with what the plenary reads for each."""
    butir = list(pleno.butir_set.order_by("kode"))
    if pleno.tingkat != TingkatPleno.KECAMATAN:
        status = dict(
            Pleno.objects.filter(
                kontestasi=pleno.kontestasi, wilayah_kode__in=[b.kode for b in butir]
            ).values_list("wilayah_kode", "status")
        )
        rows = _hitung_rows(pleno.pemilihan, [b.kode for b in butir])
        out = []
        for b in butir:
            total = Jumlah()
            for jumlah in rows.get((b.kode, pleno.kontestasi_id), {}).values():
                total = total.plus(jumlah)
            out.append(
                ButirBaris(
                    kode=b.kode,
                    desa_kode=b.kode,
                    status=b.status,
                    catatan=b.catatan,
                    versi_nomor=None,
                    suara_sah=total.angka.get("suara_sah", 0),
                    suara_tidak_sah=total.angka.get("suara_tidak_sah", 0),
                    peserta=dict(total.suara),
                    ditahan=total.tps_ditahan > 0,
                    foto=0,
                    tanda=[],
                    anak_status=status.get(b.kode),
                )
            )
        return out
    lembar = {
        t.tps_kode: t
        for t in tps_lembar_list(
            pemilihan=pleno.pemilihan, kontestasi=pleno.kontestasi, wilayah_kode=pleno.wilayah_kode
        )
    }
    tanda: defaultdict[str, list[TandaTPS]] = defaultdict(list)
    for t in tanda_list(list(lembar.values())):
        tanda[t.tps_kode].append(
            TandaTPS(
                kode=t.kode.value, tps_kode=t.tps_kode, alasan=tanda_alasan(t), params=t.params
            )
        )
    out = []
    for b in butir:
        item = lembar.get(b.kode)
        ada = item is not None and item.ada_lembar
        out.append(
            ButirBaris(
                kode=b.kode,
                desa_kode=_desa_dotted(b.kode),
                status=b.status,
                catatan=b.catatan,
                versi_nomor=item.nomor_versi if ada and item else None,
                suara_sah=item.suara_sah if ada and item else None,
                suara_tidak_sah=(item.suara_total - item.suara_sah) if ada and item else None,
                peserta=dict(item.suara) if item else {},
                ditahan=bool(item and item.ditahan),
                foto=len(item.foto_sha256) if item else 0,
                tanda=tanda[b.kode],
                anak_status=None,
            )
        )
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgresTingkat:
    """The plenaries of one tier inside a region: how many, in which state, which are late,
    and what holds each open one up (items not done, objections unanswered)."""

    tingkat: int
    jenis: str
    jumlah: int  # regions of this tier inside the region
    per_status: dict[str, int]
    terlambat: list[str]
    tertahan: list[tuple[str, int, int]]  # (wilayah, items not done, objections open)


def pleno_progres_list(
    *, pemilihan: Pemilihan, wilayah_kode: str, hari_ini: object
) -> list[ProgresTingkat]:
    """Return, per tier at or below the region (kecamatan and up) and contest, the plenaries'
    progress against the schedule."""
    import datetime as dt

    from django.db.models import Q

    from selenggara.rekap.domain.pleno import jadwal_for, terlambat

    assert isinstance(hari_ini, dt.date)  # noqa: S101 - typed loosely for templates
    out: list[ProgresTingkat] = []
    start = tingkat_of(wilayah_kode)
    regions = RingkasanWilayah.objects.filter(pemilihan=pemilihan, kode__startswith=wilayah_kode)
    for tingkat in range(start, TingkatPleno.KECAMATAN + 1):
        jumlah = regions.filter(tingkat=tingkat).count() if tingkat else 1
        jadwal = jadwal_for(
            hari_pemungutan=pemilihan.hari_pemungutan, tingkat=TingkatPleno(tingkat)
        )
        for kontestasi in Kontestasi.objects.filter(pemilihan=pemilihan).order_by("pk"):
            plenos = Pleno.objects.filter(
                kontestasi=kontestasi, tingkat=tingkat, wilayah_kode__startswith=wilayah_kode
            ).annotate(
                belum=Count("butir_set", filter=Q(butir_set__status="belum"), distinct=True),
                terbuka=Count(
                    "keberatan_set",
                    filter=Q(keberatan_set__dijawab_pada__isnull=True),
                    distinct=True,
                ),
            )
            per_status = {s.value: 0 for s in StatusPleno}
            per_status[StatusPleno.BELUM_DIBUKA.value] = jumlah
            late: list[str] = []
            held: list[tuple[str, int, int]] = []
            for p in plenos:
                per_status[StatusPleno.BELUM_DIBUKA.value] -= 1
                per_status[p.status] += 1
                if p.status in (StatusPleno.DIBUKA, StatusPleno.SELESAI):
                    held.append((p.wilayah_kode, p.belum, p.terbuka))
            if terlambat(status=StatusPleno.DIBUKA, jadwal=jadwal, hari_ini=hari_ini):
                late = [p.wilayah_kode for p in plenos if p.status != StatusPleno.DITETAPKAN]
                belum = per_status[StatusPleno.BELUM_DIBUKA.value]
                late += [f"({belum} belum dibuka)"] if belum else []
            out.append(
                ProgresTingkat(
                    tingkat=tingkat,
                    jenis=kontestasi.jenis,
                    jumlah=jumlah,
                    per_status=per_status,
                    terlambat=late,
                    tertahan=held,
                )
            )
    return out


def rekap_tps_list(*, pemilihan: Pemilihan, wilayah_kode: str, jenis: str) -> list[BarisAnak]:
    """Return one row per TPS of a kecamatan (or desa) for contest ``jenis``, in one read.

    The rows are those ``rekap_anak_list`` gives below a desa (the count: the current sheet,
    held out or not; the recap: the sheet as the locked kecamatan plenary adopted it), for a
    reader that goes through every TPS of a kecamatan (a publication) rather than desa by desa.
    Raises ValueError above a kecamatan.
    """
    if tingkat_of(wilayah_kode) < TingkatPleno.KECAMATAN:
        raise ValueError(wilayah_kode)
    kontestasi = Kontestasi.objects.get(pemilihan=pemilihan, jenis=jenis)
    return _tps_anak_list(pemilihan, kontestasi, wilayah_kode, _DapilNama())
