"""The Bimtek scheduling instance and the rules every schedule obeys.

A TPS's KPPS (seven seats, PKPU 8/2022 Pasal 35) train together in one session; a session
is one venue on one day in one slot (morning or afternoon). These pure checks are used both
by the optimizer's explanation of infeasibility and to accept or refuse a manual move, so a
hand edit meets exactly the rules the planner met.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

KPPS_PER_TPS = 7  # PKPU 8/2022 Pasal 35 ayat (2): seven members per KPPS.


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Waktu:
    """One slot of the window: day index (0 = first day) and slot of that day (0, 1)."""

    hari: int
    slot: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Tim:
    """The trainees of one TPS: its appointed members, or its seven seats if not yet formed."""

    kode: str  # the TPS code
    desa_kode: str
    kecamatan_kode: str
    peserta: int = KPPS_PER_TPS
    prioritas: bool = False  # new or replacement members: train first
    jauh: bool = False  # a far desa: only on days with transport


@dataclass(frozen=True, slots=True, kw_only=True)
class Tempat:
    """A venue: its seats and the slots it is available in."""

    kode: str
    kecamatan_kode: str
    desa_kode: str
    kapasitas: int
    waktu: frozenset[Waktu]


@dataclass(frozen=True, slots=True, kw_only=True)
class Pelatih:
    """A trainer or speaker serving one kecamatan, with the slots they are available in."""

    kode: str
    kecamatan_kode: str
    waktu: frozenset[Waktu]


@dataclass(frozen=True, slots=True, kw_only=True)
class Aturan:
    """The plan's rules."""

    jumlah_hari: int
    slot_per_hari: int = 1
    rasio_pelatih: int = 40  # at most this many trainees per trainer in a session
    boleh_tetangga: bool = False
    tetangga: Mapping[str, frozenset[str]] = field(default_factory=dict)
    hari_transportasi: frozenset[int] = frozenset()  # empty: every day has transport
    # Optional travel distance in km per (desa_kode, tempat_kode); otherwise a level.
    jarak: Mapping[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Instance:
    tim_list: Sequence[Tim]
    tempat_list: Sequence[Tempat]
    pelatih_list: Sequence[Pelatih]
    aturan: Aturan


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Sesi:
    """A session: one venue in one slot."""

    tempat_kode: str
    waktu: Waktu


class Pelanggaran(StrEnum):
    """Why a schedule or a move breaks a rule. messages.py words each one in Indonesian."""

    TIDAK_TERJADWAL = "tidak_terjadwal"
    DI_LUAR_JENDELA = "di_luar_jendela"
    TEMPAT_TIDAK_TERSEDIA = "tempat_tidak_tersedia"
    KAPASITAS_TERLAMPAUI = "kapasitas_terlampaui"
    DI_LUAR_KECAMATAN = "di_luar_kecamatan"
    TANPA_TRANSPORTASI = "tanpa_transportasi"
    PELATIH_KURANG = "pelatih_kurang"


@dataclass(frozen=True, slots=True, kw_only=True)
class Temuan:
    """One broken rule: which rule, which TPS or session, and the numbers behind it."""

    kode: Pelanggaran
    tim_kode: str = ""
    sesi: Sesi | None = None
    perlu: int = 0
    tersedia: int = 0


def pelatih_perlu(peserta: int, rasio: int) -> int:
    """Trainers a session of ``peserta`` trainees needs (at least one for an open session)."""
    return max(1, -(-peserta // rasio)) if peserta else 0


def travel_cost(*, tim: Tim, tempat: Tempat, aturan: Aturan) -> int:
    """Travel from the team's desa to the venue: the imported km if any, else a level
    (0 same desa, 1 same kecamatan, 3 a neighbouring kecamatan)."""
    km = aturan.jarak.get((tim.desa_kode, tempat.kode))
    if km is not None:
        return km
    if tim.desa_kode == tempat.desa_kode:
        return 0
    return 1 if tim.kecamatan_kode == tempat.kecamatan_kode else 3


def tempat_allowed(*, tim: Tim, tempat: Tempat, aturan: Aturan) -> bool:
    """A session stays within its kecamatan unless the plan allows a neighbour."""
    if tim.kecamatan_kode == tempat.kecamatan_kode:
        return True
    neighbours = aturan.tetangga.get(tim.kecamatan_kode, frozenset())
    return aturan.boleh_tetangga and tempat.kecamatan_kode in neighbours


def waktu_allowed(*, tim: Tim, waktu: Waktu, aturan: Aturan) -> bool:
    """A far desa trains only on a day with transport (when the plan names such days)."""
    return not (
        tim.jauh and aturan.hari_transportasi and waktu.hari not in aturan.hari_transportasi
    )


def _check_tim(
    tim: Tim, sesi: Sesi | None, instance: Instance, tempat_by: Mapping[str, Tempat]
) -> list[Temuan]:
    if sesi is None:
        return [Temuan(kode=Pelanggaran.TIDAK_TERJADWAL, tim_kode=tim.kode)]
    aturan = instance.aturan
    w = sesi.waktu
    if not (0 <= w.hari < aturan.jumlah_hari and 0 <= w.slot < aturan.slot_per_hari):
        return [Temuan(kode=Pelanggaran.DI_LUAR_JENDELA, tim_kode=tim.kode, sesi=sesi)]
    tempat = tempat_by[sesi.tempat_kode]
    found: list[Temuan] = []
    if w not in tempat.waktu:
        found.append(Temuan(kode=Pelanggaran.TEMPAT_TIDAK_TERSEDIA, tim_kode=tim.kode, sesi=sesi))
    if not tempat_allowed(tim=tim, tempat=tempat, aturan=aturan):
        found.append(Temuan(kode=Pelanggaran.DI_LUAR_KECAMATAN, tim_kode=tim.kode, sesi=sesi))
    if not waktu_allowed(tim=tim, waktu=w, aturan=aturan):
        found.append(Temuan(kode=Pelanggaran.TANPA_TRANSPORTASI, tim_kode=tim.kode, sesi=sesi))
    return found


def _check_sessions(
    load: Mapping[Sesi, int], instance: Instance, tempat_by: Mapping[str, Tempat]
) -> list[Temuan]:
    found: list[Temuan] = []
    trainers_needed: dict[tuple[str, Waktu], int] = defaultdict(int)
    trainers_have: dict[tuple[str, Waktu], int] = defaultdict(int)
    for p in instance.pelatih_list:
        for waktu in p.waktu:
            trainers_have[(p.kecamatan_kode, waktu)] += 1
    for sesi in sorted(load):
        tempat = tempat_by[sesi.tempat_kode]
        if load[sesi] > tempat.kapasitas:
            found.append(
                Temuan(
                    kode=Pelanggaran.KAPASITAS_TERLAMPAUI,
                    sesi=sesi,
                    perlu=load[sesi],
                    tersedia=tempat.kapasitas,
                )
            )
        need = pelatih_perlu(load[sesi], instance.aturan.rasio_pelatih)
        trainers_needed[(tempat.kecamatan_kode, sesi.waktu)] += need
    for (kecamatan_kode, waktu), need in sorted(trainers_needed.items()):
        have = trainers_have[(kecamatan_kode, waktu)]
        if need > have:
            found.append(
                Temuan(
                    kode=Pelanggaran.PELATIH_KURANG,
                    sesi=Sesi(tempat_kode="", waktu=waktu),
                    perlu=need,
                    tersedia=have,
                )
            )
    return found


def schedule_check(*, instance: Instance, jadwal: Mapping[str, Sesi]) -> list[Temuan]:
    """Every rule the schedule ``jadwal`` (TPS code -> session) breaks, in a stable order.

    An empty list means the schedule is valid: every team placed, in an available venue of
    its kecamatan (or an allowed neighbour), within seats, transport days and trainers.
    """
    found: list[Temuan] = []
    load: dict[Sesi, int] = defaultdict(int)
    tempat_by = {t.kode: t for t in instance.tempat_list}
    for tim in instance.tim_list:
        sesi = jadwal.get(tim.kode)
        tim_found = _check_tim(tim, sesi, instance, tempat_by)
        found.extend(tim_found)
        if sesi is not None and not any(t.kode == Pelanggaran.DI_LUAR_JENDELA for t in tim_found):
            load[sesi] += tim.peserta
    return found + _check_sessions(load, instance, tempat_by)


def move_check(
    *, instance: Instance, jadwal: Mapping[str, Sesi], tim_kode: str, tujuan: Sesi
) -> list[Temuan]:
    """The rules that moving TPS ``tim_kode`` to session ``tujuan`` would break.

    Only findings the move causes are returned: problems already in the schedule elsewhere
    do not block a move that leaves them as they were.
    """
    before = set(schedule_check(instance=instance, jadwal=jadwal))
    after = schedule_check(instance=instance, jadwal={**jadwal, tim_kode: tujuan})
    return [t for t in after if t not in before]
