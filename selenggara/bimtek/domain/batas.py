"""Lower bounds the optimizer adds as cuts, so that it can prove a schedule optimal quickly.

A kecamatan's sessions are a covering problem: open as few sessions as possible whose seats
hold every trainee. CP-SAT's linear relaxation sees 144 seats of 145 as "almost enough" and
keeps a gap of one session open for a long time; counting whole sessions closes it. Each
bound here is a relaxation (trainers and travel are ignored), so it never cuts off a
schedule the rules allow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations, islice
from math import comb

SUBSET_MAKS = 4000  # day subsets enumerated per number of days; past it a weaker bound


def kursi_efektif(kapasitas: int, ukuran: int) -> int:
    """Seats a session can fill with whole teams of ``ukuran`` trainees each."""
    return (kapasitas // ukuran) * ukuran


def _fewest(per_hari: Sequence[Sequence[int]], kursi: int) -> int | None:
    """Fewest sessions covering ``kursi`` seats with at least one session on every day of
    ``per_hari`` (each day's session sizes, none empty): each day's biggest first, then the biggest left.
    """
    firsts = [max(sizes) for sizes in per_hari]
    count, covered = len(firsts), sum(firsts)
    rest = sorted((s for sizes in per_hari for s in sorted(sizes)[:-1]), reverse=True)
    for size in rest:
        if covered >= kursi:
            break
        covered += size
        count += 1
    return count if covered >= kursi else None


def sesi_minimum(
    *, kursi_per_hari: Mapping[int, Sequence[int]], kursi: int, hari: int
) -> int | None:
    """The fewest sessions that seat ``kursi`` trainees on exactly ``hari`` days of the
    window (``kursi_per_hari``: day -> the seats of each session that day), or None when no
    ``hari`` days can seat them all.

    The day subsets are tried one by one while there are at most ``SUBSET_MAKS`` of them;
    beyond that the bound forgets which days are chosen (still a valid lower bound).
    """
    days = sorted(d for d, sizes in kursi_per_hari.items() if sizes)
    if hari <= 0 or hari > len(days):
        return None if kursi > 0 or hari > len(days) else 0
    if comb(len(days), hari) > SUBSET_MAKS:
        every = sorted((s for d in days for s in kursi_per_hari[d]), reverse=True)
        covered = 0
        for count, size in enumerate(every, start=1):
            covered += size
            if covered >= kursi:
                return max(count, hari)
        return None
    found = (
        _fewest([kursi_per_hari[d] for d in subset], kursi)
        for subset in islice(combinations(days, hari), SUBSET_MAKS)
    )
    return min((f for f in found if f is not None), default=None)


def beban_minimum(*, kursi: int, hari: int, ukuran: int | None) -> int:
    """The busiest day holds at least the average of ``hari`` days, rounded up to whole
    teams when every team has ``ukuran`` trainees."""
    if hari <= 0:
        return 0
    if ukuran:
        return -(-kursi // (hari * ukuran)) * ukuran
    return -(-kursi // hari)
