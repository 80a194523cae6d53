"""The Bimtek schedule optimizer (OR-Tools CP-SAT).

Teams of one desa with the same flags are interchangeable, so the model counts how many of
them sit in each session (an integer per desa class and session) instead of one boolean per
TPS: a kecamatan of 300 TPS becomes a few hundred variables. Kecamatan are independent unless
the plan lets teams cross into a neighbour, so each connected group is solved on its own
(and, for the nation, groups are spread over processes).

Objective, in order of weight: days used, sessions opened, travel (team x level or km),
priority teams late in the window, and the busiest day's seats (to balance load across days).
"""

from __future__ import annotations

import math
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from selenggara.bimtek.domain.batas import beban_minimum, kursi_efektif, sesi_minimum
from selenggara.bimtek.domain.jadwal import (
    Instance,
    Pelatih,
    Sesi,
    Tempat,
    Tim,
    Waktu,
    pelatih_perlu,
    tempat_allowed,
    travel_cost,
    waktu_allowed,
)
from selenggara.bimtek.domain.kelayakan import Kekurangan, explain_infeasible

W_HARI = 1000
W_SESI = 100
W_JARAK = 10
W_PRIORITAS = 5
W_BEBAN = 1
TIM_PER_BATAS = 250  # a group's time limit grows with its size past this many teams
GAP_CUKUP = 0.002  # stop a group once proven within 0.2 % of its bound

# CP-SAT status names, as the summary reports them (``status``).
OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"
INFEASIBLE = "INFEASIBLE"
UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilOptimasi:
    """The schedule found (TPS code -> session) and how good it is proven to be."""

    jadwal: dict[str, Sesi]
    status: str
    objektif: int
    batas: int
    detik: float
    kelompok: int = 1
    gap_terburuk: float = 0.0
    gap_median: float = 0.0
    kekurangan: list[Kekurangan] = field(default_factory=list)
    # The kecamatan this result is for (one solved group: a kecamatan, or neighbours joined
    # when the plan allows them), and, for a combined result, each group's own result.
    kecamatan: tuple[str, ...] = ()
    bagian: tuple[HasilOptimasi, ...] = ()

    @property
    def gap_persen(self) -> float:
        """(objective - bound) / objective, in percent; 0 when proven optimal."""
        if self.objektif <= 0:
            return 0.0
        return round(100.0 * (self.objektif - self.batas) / self.objektif, 3)


def _roots(instance: Instance) -> dict[str, str]:
    """Kecamatan -> the first kecamatan of its group (neighbours joined when allowed)."""
    aturan = instance.aturan
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for kode in {t.kecamatan_kode for t in instance.tim_list}:
        find(kode)
        if aturan.boleh_tetangga:
            for other in aturan.tetangga.get(kode, frozenset()):
                parent[find(other)] = find(kode)
    return {k: find(k) for k in parent}


def _groups(instance: Instance) -> list[Instance]:
    """Split the instance into kecamatan that can be solved independently (one pass per
    list: the nation has 7,000 groups and 800,000 teams)."""
    root = _roots(instance)
    tim_by: dict[str, list[Tim]] = defaultdict(list)
    tempat_by: dict[str, list[Tempat]] = defaultdict(list)
    pelatih_by: dict[str, list[Pelatih]] = defaultdict(list)
    for tim in instance.tim_list:
        tim_by[root[tim.kecamatan_kode]].append(tim)
    for tempat in instance.tempat_list:
        tempat_by[root.get(tempat.kecamatan_kode, "")].append(tempat)
    for pelatih in instance.pelatih_list:
        pelatih_by[root.get(pelatih.kecamatan_kode, "")].append(pelatih)
    return [
        replace(instance, tim_list=tim_by[r], tempat_list=tempat_by[r], pelatih_list=pelatih_by[r])
        for r in sorted(tim_by)
    ]


def _classes(tim_list: Iterable[Tim]) -> dict[tuple[str, str, bool, bool, int], list[Tim]]:
    classes: dict[tuple[str, str, bool, bool, int], list[Tim]] = defaultdict(list)
    for tim in sorted(tim_list, key=lambda t: t.kode):
        key = (tim.kecamatan_kode, tim.desa_kode, tim.prioritas, tim.jauh, tim.peserta)
        classes[key].append(tim)
    return classes


def _sessions(instance: Instance) -> list[Sesi]:
    aturan = instance.aturan
    return sorted(
        Sesi(tempat_kode=t.kode, waktu=w)
        for t in instance.tempat_list
        for w in t.waktu
        if 0 <= w.hari < aturan.jumlah_hari and 0 <= w.slot < aturan.slot_per_hari
    )


def _session_seats(
    instance: Instance, kecamatan_kode: str, ukuran: int | None
) -> dict[int, list[int]]:
    """Day -> the seats each session of the kecamatan's venues can fill that day: whole teams,
    and no more than the slot's trainers can serve at the plan's ratio."""
    aturan = instance.aturan
    trainers: dict[Waktu, int] = defaultdict(int)
    for p in instance.pelatih_list:
        if p.kecamatan_kode == kecamatan_kode:
            for w in p.waktu:
                trainers[w] += 1
    per_day: dict[int, list[int]] = defaultdict(list)
    for t in instance.tempat_list:
        if t.kecamatan_kode != kecamatan_kode:
            continue
        for w in t.waktu:
            if 0 <= w.hari < aturan.jumlah_hari and 0 <= w.slot < aturan.slot_per_hari:
                seats = min(t.kapasitas, trainers[w] * aturan.rasio_pelatih)
                per_day[w.hari].append(kursi_efektif(seats, ukuran) if ukuran else seats)
    return per_day


def _bound_without_search(instance: Instance) -> int:
    """A lower bound from the cuts alone (travel and priority counted as zero): for each
    kecamatan, the cheapest number of days with its fewest sessions and least busiest day.
    Used when the search ran out of time before proving a bound of its own."""
    if instance.aturan.boleh_tetangga:
        return 0
    total = 0
    for kode in sorted({t.kecamatan_kode for t in instance.tim_list}):
        own = [t for t in instance.tim_list if t.kecamatan_kode == kode]
        seats = sum(t.peserta for t in own)
        sizes = {t.peserta for t in own}
        ukuran = next(iter(sizes)) if len(sizes) == 1 else None
        per_day = _session_seats(instance, kode, ukuran)
        costs = []
        for k in range(1, len(per_day) + 1):
            least = sesi_minimum(kursi_per_hari=per_day, kursi=seats, hari=k)
            if least is not None:
                costs.append(
                    W_HARI * k
                    + W_SESI * least
                    + W_BEBAN * beban_minimum(kursi=seats, hari=k, ukuran=ukuran)
                )
        total += min(costs, default=0)
    return total


def _days_and_load(
    model: cp_model.CpModel,
    kecamatan_kode: str,
    instance: Instance,
    open_by_day: dict[tuple[str, int], list[cp_model.IntVar]],
    load_by_day: dict[tuple[str, int], list[cp_model.LinearExprT]],
) -> cp_model.LinearExprT:
    """Days used and the busiest day's seats for one kecamatan, with the cuts that make the
    bound tight (domain/batas.py): for each number of days, the fewest sessions that seat
    everyone on that many days, and the busiest day's least load."""
    own = [t for t in instance.tim_list if t.kecamatan_kode == kecamatan_kode]
    seats = sum(t.peserta for t in own)
    sizes = {t.peserta for t in own}
    ukuran = next(iter(sizes)) if len(sizes) == 1 else None
    used_list: list[cp_model.IntVar] = []
    opened_all: list[cp_model.IntVar] = []
    group_seats = sum(t.peserta for t in instance.tim_list)
    busiest = model.new_int_var(0, group_seats, f"beban{kecamatan_kode}")
    for hari in range(instance.aturan.jumlah_hari):
        opened = open_by_day.get((kecamatan_kode, hari))
        if not opened:
            continue
        used = model.new_bool_var(f"hari{kecamatan_kode}.{hari}")
        model.add_max_equality(used, opened)
        used_list.append(used)
        opened_all.extend(opened)
        model.add(busiest >= sum(load_by_day[(kecamatan_kode, hari)]))
    days = model.new_int_var(0, len(used_list), f"jumlah_hari{kecamatan_kode}")
    model.add(days == sum(used_list))
    # One-hot on the number of days, so that the cuts per number of days stay linear.
    choices = {k: model.new_bool_var(f"k{kecamatan_kode}.{k}") for k in range(len(used_list) + 1)}
    model.add_exactly_one(choices.values())
    model.add(days == sum(k * b for k, b in choices.items()))
    # The cuts hold only when a kecamatan's teams train in its own venues alone.
    if not instance.aturan.boleh_tetangga:
        per_day = _session_seats(instance, kecamatan_kode, ukuran)
        fewest: dict[int, int] = {}
        for k, chosen in choices.items():
            least = sesi_minimum(kursi_per_hari=per_day, kursi=seats, hari=k)
            if least is None:
                model.add(chosen == 0)
            else:
                fewest[k] = least
        model.add(sum(opened_all) >= sum(n * choices[k] for k, n in fewest.items()))
        model.add(
            busiest
            >= sum(beban_minimum(kursi=seats, hari=k, ukuran=ukuran) * choices[k] for k in fewest)
        )
    return W_HARI * days + W_BEBAN * busiest


ClassKey = tuple[str, str, bool, bool, int]


def _trainers_per_slot(pelatih_list: Iterable[Pelatih]) -> dict[tuple[str, Waktu], int]:
    trainers: dict[tuple[str, Waktu], int] = defaultdict(int)
    for p in pelatih_list:
        for w in p.waktu:
            trainers[(p.kecamatan_kode, w)] += 1
    return trainers


class _Model:
    """The CP-SAT model of one group of kecamatan, built in three steps."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.sessions = _sessions(instance)
        self.tempat = {t.kode: t for t in instance.tempat_list}
        self.classes = _classes(instance.tim_list)
        self.y: dict[tuple[ClassKey, Sesi], cp_model.IntVar] = {}
        self.options: dict[ClassKey, list[Sesi]] = {}
        self.opened: dict[Sesi, tuple[cp_model.IntVar, cp_model.IntVar]] = {}
        self.seats_in: dict[Sesi, list[cp_model.LinearExprT]] = defaultdict(list)
        self.cost: list[cp_model.LinearExprT] = []
        self.open_by_day: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
        self.load_by_day: dict[tuple[str, int], list[cp_model.LinearExprT]] = defaultdict(list)

    def _unit_cost(self, sample: Tim, s: Sesi) -> int:
        unit = W_JARAK * travel_cost(
            tim=sample, tempat=self.tempat[s.tempat_kode], aturan=self.instance.aturan
        )
        return unit + (W_PRIORITAS * s.waktu.hari if sample.prioritas else 0)

    def add_assignments(self) -> None:
        """Every class of teams fills its count from the sessions it may attend."""
        aturan = self.instance.aturan
        for key, members in self.classes.items():
            sample = members[0]
            options = [
                s
                for s in self.sessions
                if tempat_allowed(tim=sample, tempat=self.tempat[s.tempat_kode], aturan=aturan)
                and waktu_allowed(tim=sample, waktu=s.waktu, aturan=aturan)
            ]
            self.options[key] = options
            for s in options:
                var = self.model.new_int_var(0, len(members), f"y{len(self.y)}")
                self.y[(key, s)] = var
                self.seats_in[s].append(key[4] * var)
                self.cost.append(self._unit_cost(sample, s) * var)
            self.model.add(sum(self.y[(key, s)] for s in options) == len(members))

    def add_sessions(self) -> None:
        """Seats within capacity, trainers within the ratio and their availability."""
        aturan = self.instance.aturan
        trainers_at: dict[tuple[str, Waktu], list[cp_model.IntVar]] = defaultdict(list)
        for s, terms in self.seats_in.items():
            venue = self.tempat[s.tempat_kode]
            is_open = self.model.new_bool_var(f"open{s.tempat_kode}.{s.waktu.hari}.{s.waktu.slot}")
            load = sum(terms)
            self.model.add(load <= venue.kapasitas * is_open)
            trainers = self.model.new_int_var(
                0, pelatih_perlu(venue.kapasitas, aturan.rasio_pelatih), "tr"
            )
            self.model.add(trainers * aturan.rasio_pelatih >= load)
            self.model.add(trainers >= is_open)
            self.opened[s] = (is_open, trainers)
            trainers_at[(venue.kecamatan_kode, s.waktu)].append(trainers)
            self.open_by_day[(venue.kecamatan_kode, s.waktu.hari)].append(is_open)
            self.load_by_day[(venue.kecamatan_kode, s.waktu.hari)].append(load)
            self.cost.append(W_SESI * is_open)
        for (kecamatan_kode, waktu), trainer_vars in trainers_at.items():
            have = sum(
                1
                for p in self.instance.pelatih_list
                if p.kecamatan_kode == kecamatan_kode and waktu in p.waktu
            )
            self.model.add(sum(trainer_vars) <= have)

    def add_days(self) -> None:
        kecamatan_list = sorted({t.kecamatan_kode for t in self.instance.tim_list})
        self.cost.extend(
            _days_and_load(self.model, k, self.instance, self.open_by_day, self.load_by_day)
            for k in kecamatan_list
        )
        self.model.minimize(sum(self.cost))

    def greedy(self) -> dict[tuple[ClassKey, Sesi], int] | None:
        """A first schedule to start the search from: the days and venues with the most seats
        first, each session filled with the teams of its own desa, then with the teams that
        have no hall at home. None when it fails to place every team (the solver then starts
        from nothing)."""
        aturan = self.instance.aturan
        trainers = _trainers_per_slot(self.instance.pelatih_list)
        day_seats: dict[tuple[str, int], int] = defaultdict(int)
        for s in self.opened:
            venue = self.tempat[s.tempat_kode]
            day_seats[(venue.kecamatan_kode, s.waktu.hari)] += venue.kapasitas
        home = {t.desa_kode for t in self.tempat.values()}
        left = {key: len(members) for key, members in self.classes.items()}
        takers: dict[Sesi, list[ClassKey]] = defaultdict(list)
        for key, options in self.options.items():
            for s in options:
                takers[s].append(key)

        def rank(s: Sesi) -> tuple[int, int, int, Sesi]:
            venue = self.tempat[s.tempat_kode]
            return (
                -day_seats[(venue.kecamatan_kode, s.waktu.hari)],
                s.waktu.hari,
                -venue.kapasitas,
                s,
            )

        filled: dict[tuple[ClassKey, Sesi], int] = {}
        for s in sorted(self.opened, key=rank):
            venue = self.tempat[s.tempat_kode]
            slot = (venue.kecamatan_kode, s.waktu)
            room = min(venue.kapasitas, trainers[slot] * aturan.rasio_pelatih)
            load = 0
            order = sorted(
                (k for k in takers[s] if left[k]),
                key=lambda k: (self._unit_cost(self.classes[k][0], s), k[1] in home, not k[3], k),
            )
            for key in order:
                take = min(left[key], (room - load) // key[4])
                if take > 0:
                    filled[(key, s)] = take
                    left[key] -= take
                    load += take * key[4]
            trainers[slot] -= pelatih_perlu(load, aturan.rasio_pelatih)
            if not any(left.values()):
                return filled
        return None

    def fix(self, filled: dict[tuple[ClassKey, Sesi], int]) -> None:
        """Pin every count to ``filled``, so that a solve only prices that schedule."""
        for (key, s), var in self.y.items():
            self.model.add(var == filled.get((key, s), 0))

    def jadwal(self, solver: cp_model.CpSolver) -> dict[str, Sesi]:
        """Hand the teams of each class, in code order, to the sessions the solver filled."""
        jadwal: dict[str, Sesi] = {}
        for (key, s), var in sorted(self.y.items(), key=lambda item: item[0][1]):
            queue = self.classes[key]
            taken = sum(1 for t in queue if t.kode in jadwal)
            for tim in queue[taken : taken + solver.value(var)]:
                jadwal[tim.kode] = s
        return jadwal


def _solve_group(instance: Instance, *, waktu_maks: float, threads: int) -> HasilOptimasi:
    kecamatan = tuple(sorted({t.kecamatan_kode for t in instance.tim_list}))
    return replace(
        _solve_group_of(instance, waktu_maks=waktu_maks, threads=threads), kecamatan=kecamatan
    )


def _solve_group_of(instance: Instance, *, waktu_maks: float, threads: int) -> HasilOptimasi:
    started = time.perf_counter()
    built = _Model(instance)
    built.add_assignments()
    built.add_sessions()
    built.add_days()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = waktu_maks
    solver.parameters.num_workers = threads
    # Level 2 adds the LP cuts that close most of the gap on these capacity models.
    solver.parameters.linearization_level = 2
    solver.parameters.relative_gap_limit = GAP_CUKUP
    status = solver.solve(built.model)
    bound = solver.best_objective_bound
    filled = built.greedy() if status == cp_model.UNKNOWN else None
    if filled is not None:
        # No schedule found in time: price the greedy one; the search's bound still holds.
        built.fix(filled)
        solver.parameters.max_time_in_seconds = max(1.0, waktu_maks)
        status = solver.solve(built.model)
    name = solver.status_name(status)
    detik = time.perf_counter() - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        kekurangan = explain_infeasible(instance)
        return HasilOptimasi(
            jadwal={}, status=name, objektif=0, batas=0, detik=detik, kekurangan=kekurangan
        )
    if filled is None:
        bound = solver.best_objective_bound
    bound = max(bound if math.isfinite(bound) else 0, _bound_without_search(instance))
    objektif = round(solver.objective_value)
    batas = min(objektif, round(bound))
    # CP-SAT says OPTIMAL once within the gap limit; only a closed gap is reported as such.
    name = OPTIMAL if objektif == batas else FEASIBLE
    hasil = HasilOptimasi(
        jadwal=built.jadwal(solver), status=name, objektif=objektif, batas=batas, detik=detik
    )
    return replace(hasil, gap_terburuk=hasil.gap_persen, gap_median=hasil.gap_persen)


def _combine(parts: Sequence[HasilOptimasi], detik: float) -> HasilOptimasi:
    jadwal: dict[str, Sesi] = {}
    for part in parts:
        jadwal.update(part.jadwal)
    statuses = {p.status for p in parts}
    if statuses - {OPTIMAL, FEASIBLE}:
        status = INFEASIBLE if INFEASIBLE in statuses else UNKNOWN
    else:
        status = FEASIBLE if FEASIBLE in statuses else OPTIMAL
    return HasilOptimasi(
        jadwal=jadwal,
        status=status,
        objektif=sum(p.objektif for p in parts),
        batas=sum(p.batas for p in parts),
        detik=detik,
        kelompok=len(parts),
        gap_terburuk=max((p.gap_terburuk for p in parts), default=0.0),
        gap_median=statistics.median([p.gap_terburuk for p in parts]) if parts else 0.0,
        kekurangan=[k for p in parts for k in p.kekurangan],
        kecamatan=tuple(k for p in parts for k in p.kecamatan),
        bagian=tuple(parts),
    )


def _limit(group: Instance, waktu_maks: float) -> float:
    """The time limit of a group: ``waktu_maks`` per 250 teams (at least once)."""
    return waktu_maks * max(1.0, len(group.tim_list) / TIM_PER_BATAS)


def _solve_one(args: tuple[Instance, float]) -> HasilOptimasi:
    return _solve_group(args[0], waktu_maks=_limit(args[0], args[1]), threads=1)


def schedule_optimize(
    instance: Instance,
    *,
    waktu_maks: float = 10.0,
    threads: int = 2,
    processes: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> HasilOptimasi:
    """Schedule every team of ``instance``; ``waktu_maks`` is the limit per kecamatan group.

    With ``processes`` > 1 the groups are solved in that many worker processes, one solver
    thread each; otherwise in this process with ``threads`` solver threads (at most 2: the
    machines this runs on have two cores).
    """
    started = time.perf_counter()
    groups = _groups(instance)
    parts: list[HasilOptimasi] = []
    if processes > 1:
        with ProcessPoolExecutor(max_workers=processes) as pool:
            jobs = ((g, waktu_maks) for g in groups)
            for part in pool.map(_solve_one, jobs, chunksize=8):
                parts.append(part)
                if progress is not None:
                    progress(len(parts), len(groups))
    else:
        for group in groups:
            limit = _limit(group, waktu_maks)
            parts.append(_solve_group(group, waktu_maks=limit, threads=min(threads, 2)))
            if progress is not None:
                progress(len(parts), len(groups))
    return _combine(parts, time.perf_counter() - started)
