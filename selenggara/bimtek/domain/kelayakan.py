"""Why a plan cannot be made, and the smallest change that makes it possible.

The explanation counts seats per kecamatan and slot: a session holds whole teams only, and
no more trainees than its trainers can serve (the plan's ratio). When the seats a kecamatan
needs exceed the seats it has, it names the kecamatan, the shortfall and the seats per day,
then proposes one change that closes the gap with the fewest extra seats: a venue's
capacity, a second slot on some days, one (or more) more days, or more trainers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from selenggara.bimtek.domain.jadwal import Instance, Pelatih, Tempat, Tim, Waktu, waktu_allowed


class JenisPerbaikan(StrEnum):
    KAPASITAS = "kapasitas"
    SLOT_KEDUA = "slot_kedua"
    HARI_TAMBAHAN = "hari_tambahan"
    PELATIH = "pelatih"


@dataclass(frozen=True, slots=True, kw_only=True)
class Perbaikan:
    """One change: ``jumlah`` extra seats at a venue, second slots on that many days, that
    many more days, or that many more trainers. ``kursi_tambahan`` is what it adds."""

    jenis: JenisPerbaikan
    jumlah: int
    kursi_tambahan: int
    tempat_kode: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Kekurangan:
    """A kecamatan lacks ``kurang`` seats (``jauh``: on its days with transport)."""

    kecamatan_kode: str
    perlu: int
    tersedia: int
    kursi_per_hari: tuple[int, ...]
    jauh: bool = False
    perbaikan: Perbaikan | None = None

    @property
    def kurang(self) -> int:
        return self.perlu - self.tersedia


def _usable(kapasitas: int, ukuran: int) -> int:
    """Seats a session can fill with whole teams of ``ukuran``."""
    return (kapasitas // ukuran) * ukuran


def _seats_at(
    waktu: Waktu, tempat_list: Sequence[Tempat], trainers: int, rasio: int, ukuran: int
) -> int:
    venue = sum(_usable(t.kapasitas, ukuran) for t in tempat_list if waktu in t.waktu)
    return min(venue, _usable(trainers * rasio, ukuran))


def _window(jumlah_hari: int, slot_per_hari: int) -> list[Waktu]:
    return [Waktu(hari=h, slot=s) for h in range(jumlah_hari) for s in range(slot_per_hari)]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Kecamatan:
    kode: str
    tim_list: Sequence[Tim]
    instance: Instance

    @property
    def ukuran(self) -> int:
        return max(t.peserta for t in self.tim_list)

    @property
    def tempat_list(self) -> list[Tempat]:
        return [t for t in self.instance.tempat_list if t.kecamatan_kode == self.kode]

    def trainers(self, waktu: Waktu) -> int:
        pelatih = self.instance.pelatih_list
        return sum(1 for p in pelatih if p.kecamatan_kode == self.kode and waktu in p.waktu)

    def per_hari(self, *, jauh: bool = False, extra_trainers: int = 0) -> tuple[int, ...]:
        aturan = self.instance.aturan
        probe = Tim(kode="", desa_kode="", kecamatan_kode=self.kode, jauh=jauh)
        days = [0] * aturan.jumlah_hari
        for w in _window(aturan.jumlah_hari, aturan.slot_per_hari):
            if waktu_allowed(tim=probe, waktu=w, aturan=aturan):
                trainers = self.trainers(w) + extra_trainers
                days[w.hari] += _seats_at(
                    w, self.tempat_list, trainers, aturan.rasio_pelatih, self.ukuran
                )
        return tuple(days)


def _apply(k: _Kecamatan, fix: Perbaikan) -> _Kecamatan:
    """The kecamatan as it would be after ``fix``."""
    inst = k.instance
    aturan = inst.aturan
    tempat_list, pelatih_list = list(inst.tempat_list), list(inst.pelatih_list)
    if fix.jenis == JenisPerbaikan.KAPASITAS:
        tempat_list = [
            replace(t, kapasitas=t.kapasitas + fix.jumlah) if t.kode == fix.tempat_kode else t
            for t in tempat_list
        ]
    elif fix.jenis == JenisPerbaikan.PELATIH:
        semua = frozenset(_window(aturan.jumlah_hari, aturan.slot_per_hari))
        pelatih_list += [
            Pelatih(kode=f"+{i}", kecamatan_kode=k.kode, waktu=semua) for i in range(fix.jumlah)
        ]
    else:
        if fix.jenis == JenisPerbaikan.SLOT_KEDUA:
            added = {Waktu(hari=h, slot=1) for h in range(fix.jumlah)}
            aturan = replace(aturan, slot_per_hari=2)
        else:
            days = range(aturan.jumlah_hari, aturan.jumlah_hari + fix.jumlah)
            added = {Waktu(hari=h, slot=s) for h in days for s in range(aturan.slot_per_hari)}
            aturan = replace(aturan, jumlah_hari=aturan.jumlah_hari + fix.jumlah)
        tempat_list = [replace(t, waktu=t.waktu | added) for t in tempat_list]
        pelatih_list = [replace(p, waktu=p.waktu | added) for p in pelatih_list]
    inst = replace(inst, tempat_list=tempat_list, pelatih_list=pelatih_list, aturan=aturan)
    return replace(k, instance=inst)


def _fixes_kapasitas(k: _Kecamatan, kurang: int) -> list[Perbaikan]:
    aturan = k.instance.aturan
    fixes = []
    for tempat in k.tempat_list:
        slots = sum(
            1 for w in _window(aturan.jumlah_hari, aturan.slot_per_hari) if w in tempat.waktu
        )
        if slots:
            per_slot = -(-kurang // slots)
            per_slot = -(-per_slot // k.ukuran) * k.ukuran
            fixes.append(
                Perbaikan(
                    jenis=JenisPerbaikan.KAPASITAS,
                    jumlah=per_slot,
                    kursi_tambahan=per_slot * slots,
                    tempat_kode=tempat.kode,
                )
            )
    return fixes


def _fixes_counted(k: _Kecamatan) -> list[Perbaikan]:
    """Second slots on 1..N days, 1..N more days, 1..N more trainers (N = window days)."""
    aturan = k.instance.aturan
    limit = aturan.jumlah_hari + 1
    fixes = [
        Perbaikan(jenis=JenisPerbaikan.HARI_TAMBAHAN, jumlah=n, kursi_tambahan=0)
        for n in range(1, limit)
    ]
    fixes += [
        Perbaikan(jenis=JenisPerbaikan.PELATIH, jumlah=n, kursi_tambahan=0)
        for n in range(1, 4 * limit)
    ]
    if aturan.slot_per_hari == 1:
        fixes += [
            Perbaikan(jenis=JenisPerbaikan.SLOT_KEDUA, jumlah=n, kursi_tambahan=0)
            for n in range(1, limit)
        ]
    return fixes


def smallest_fix(k: _Kecamatan, kurang: int, perlu: int) -> Perbaikan | None:
    """The single change that seats everyone with the fewest extra seats (ties: a venue's
    capacity, then a second slot, more days, more trainers)."""
    base = sum(k.per_hari())
    order = list(JenisPerbaikan)
    best: Perbaikan | None = None
    for fix in [*_fixes_kapasitas(k, kurang), *_fixes_counted(k)]:
        seats = sum(_apply(k, fix).per_hari())
        if seats < perlu:
            continue
        sized = replace(fix, kursi_tambahan=seats - base)
        key = (sized.kursi_tambahan, order.index(sized.jenis), sized.jumlah)
        if best is None or key < (best.kursi_tambahan, order.index(best.jenis), best.jumlah):
            best = sized
    return best


def _explain_kecamatan(k: _Kecamatan) -> list[Kekurangan]:
    found = []
    perlu = sum(t.peserta for t in k.tim_list)
    per_hari = k.per_hari()
    if sum(per_hari) < perlu:
        kurang = perlu - sum(per_hari)
        found.append(
            Kekurangan(
                kecamatan_kode=k.kode,
                perlu=perlu,
                tersedia=sum(per_hari),
                kursi_per_hari=per_hari,
                perbaikan=smallest_fix(k, kurang, perlu),
            )
        )
    jauh = sum(t.peserta for t in k.tim_list if t.jauh)
    per_hari_jauh = k.per_hari(jauh=True)
    if sum(per_hari_jauh) < jauh:
        found.append(
            Kekurangan(
                kecamatan_kode=k.kode,
                perlu=jauh,
                tersedia=sum(per_hari_jauh),
                kursi_per_hari=per_hari_jauh,
                jauh=True,
            )
        )
    return found


def explain_infeasible(instance: Instance) -> list[Kekurangan]:
    """Every kecamatan whose teams cannot all be seated in the window, in code order.

    An empty list means the seat counts allow a plan (the optimizer then finds one, or
    reports the rule that still blocks it). Counts use each kecamatan's own venues.
    """
    by_kecamatan: dict[str, list[Tim]] = {}
    for tim in instance.tim_list:
        by_kecamatan.setdefault(tim.kecamatan_kode, []).append(tim)
    found = []
    for kode in sorted(by_kecamatan):
        found += _explain_kecamatan(
            _Kecamatan(kode=kode, tim_list=by_kecamatan[kode], instance=instance)
        )
    return found
