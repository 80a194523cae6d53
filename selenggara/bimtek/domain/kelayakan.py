"""Why a plan cannot be made, and the smallest change that makes it possible.

The explanation counts seats per kecamatan and slot: a session holds whole teams only, needs
a trainer of its own, and holds no more trainees than its trainers can serve (the plan's
ratio). Those counts are upper bounds of what the optimizer can seat, so a shortfall they show
is real. When the seats a kecamatan needs exceed the seats it has, it names the kecamatan, the
shortfall and the seats per day, then proposes one change that closes the gap with the fewest
extra seats: a venue's capacity, a second slot on some days, one (or more) more days, more
trainers, a first venue where the kecamatan has none, or (for the far desa) more days with
transport.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from selenggara.bimtek.domain.jadwal import Instance, Pelatih, Tempat, Tim, Waktu, waktu_allowed


class JenisPerbaikan(StrEnum):
    """The kinds of change, in the order a tie between them is broken: what changes neither
    the window nor the staff first (transport on a day already in the window included)."""

    KAPASITAS = "kapasitas"
    SLOT_KEDUA = "slot_kedua"
    HARI_TRANSPORTASI = "hari_transportasi"  # transport on ``jumlah`` more days (far desa)
    HARI_TAMBAHAN = "hari_tambahan"
    PELATIH = "pelatih"
    TEMPAT_BARU = "tempat_baru"  # a venue of ``jumlah`` seats, for a kecamatan without one


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
    # Each open session needs a trainer of its own: at most ``trainers`` venues run at once.
    open_now = sorted(
        (_usable(t.kapasitas, ukuran) for t in tempat_list if waktu in t.waktu), reverse=True
    )
    return min(sum(open_now[:trainers]), _usable(trainers * rasio, ukuran))


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
    elif fix.jenis == JenisPerbaikan.TEMPAT_BARU:
        semua = frozenset(_window(aturan.jumlah_hari, aturan.slot_per_hari))
        tempat_list.append(
            Tempat(
                kode="+baru",
                kecamatan_kode=k.kode,
                desa_kode="",
                kapasitas=fix.jumlah,
                waktu=semua,
            )
        )
    elif fix.jenis == JenisPerbaikan.HARI_TRANSPORTASI:
        tanpa = [h for h in range(aturan.jumlah_hari) if h not in aturan.hari_transportasi]
        aturan = replace(
            aturan, hari_transportasi=aturan.hari_transportasi | frozenset(tanpa[: fix.jumlah])
        )
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


def _slots(k: _Kecamatan, *, jauh: bool) -> list[Waktu]:
    """The window's slots a (far, with ``jauh``) team of the kecamatan may train in."""
    aturan = k.instance.aturan
    probe = Tim(kode="", desa_kode="", kecamatan_kode=k.kode, jauh=jauh)
    return [
        w
        for w in _window(aturan.jumlah_hari, aturan.slot_per_hari)
        if waktu_allowed(tim=probe, waktu=w, aturan=aturan)
    ]


def _per_slot(kurang: int, slots: int, ukuran: int) -> int:
    """Seats per session, in whole teams, that add ``kurang`` seats over ``slots`` sessions."""
    per_slot = -(-kurang // slots)
    return -(-per_slot // ukuran) * ukuran


def _fixes_kapasitas(k: _Kecamatan, kurang: int, *, jauh: bool) -> list[Perbaikan]:
    allowed = set(_slots(k, jauh=jauh))
    fixes = []
    for tempat in k.tempat_list:
        slots = sum(1 for w in allowed if w in tempat.waktu)
        if slots:
            per_slot = _per_slot(kurang, slots, k.ukuran)
            fixes.append(
                Perbaikan(
                    jenis=JenisPerbaikan.KAPASITAS,
                    jumlah=per_slot,
                    kursi_tambahan=per_slot * slots,
                    tempat_kode=tempat.kode,
                )
            )
    return fixes


def _fixes_counted(k: _Kecamatan, *, jauh: bool) -> list[Perbaikan]:
    """Second slots on 1..N days, 1..N more days, 1..N more trainers (N = window days); a
    first venue where there is none; for the far desa, transport on more of the days."""
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
    if not k.tempat_list:
        perlu = sum(t.peserta for t in k.tim_list if t.jauh or not jauh)
        slots = max(1, len(_slots(k, jauh=jauh)))
        fixes.append(
            Perbaikan(
                jenis=JenisPerbaikan.TEMPAT_BARU,
                jumlah=_per_slot(perlu, slots, k.ukuran),
                kursi_tambahan=0,
            )
        )
    if jauh and aturan.hari_transportasi:
        tanpa = aturan.jumlah_hari - len(aturan.hari_transportasi)
        fixes += [
            Perbaikan(jenis=JenisPerbaikan.HARI_TRANSPORTASI, jumlah=n, kursi_tambahan=0)
            for n in range(1, tanpa + 1)
        ]
    return fixes


def smallest_fix(k: _Kecamatan, kurang: int, perlu: int, *, jauh: bool = False) -> Perbaikan | None:
    """The single change that seats everyone (with ``jauh``: every far team on a day with
    transport) with the fewest extra seats (ties: the order of ``JenisPerbaikan``, then the
    smaller change)."""
    base = sum(k.per_hari(jauh=jauh))
    order = list(JenisPerbaikan)
    best: Perbaikan | None = None
    for fix in [*_fixes_kapasitas(k, kurang, jauh=jauh), *_fixes_counted(k, jauh=jauh)]:
        seats = sum(_apply(k, fix).per_hari(jauh=jauh))
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
                perbaikan=smallest_fix(k, jauh - sum(per_hari_jauh), jauh, jauh=True),
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
