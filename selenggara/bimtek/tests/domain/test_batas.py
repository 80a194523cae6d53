"""The lower bounds the optimizer adds as cuts: each must hold for every schedule."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.bimtek.domain import batas
from selenggara.bimtek.domain.batas import beban_minimum, kursi_efektif, sesi_minimum


@pytest.mark.parametrize(
    ("kapasitas", "ukuran", "expected"),
    [(140, 7, 140), (145, 7, 140), (6, 7, 0), (84, 6, 84), (85, 6, 84)],
)
def test_effective_seats_are_whole_teams(kapasitas, ukuran, expected):
    assert kursi_efektif(kapasitas, ukuran) == expected


# Kecamatan 33.03.03 of the benchmark: 145 teams (1,015 seats), halls of 20, 10, 12, 20 teams.
TUGU = {
    0: [140, 70, 84, 140],
    1: [140, 84, 140],
    2: [140, 70, 140],
    3: [140, 70, 84],
    4: [140, 70, 84, 140],
}


@pytest.mark.parametrize(
    ("per_hari", "kursi", "hari", "expected"),
    [
        # three days seat 144 teams in 8 sessions: one team short, so 9 (the LP says 7.25)
        pytest.param(TUGU, 1015, 3, 9, id="one-team-short-needs-a-ninth-session"),
        pytest.param(TUGU, 1015, 2, None, id="two-days-too-few"),
        pytest.param(TUGU, 1015, 5, 8, id="five-days-need-one-a-day-at-least"),
        pytest.param(TUGU, 140, 3, 3, id="every-day-used-opens-one-session"),
        pytest.param(TUGU, 1015, 6, None, id="more-days-than-the-window"),
        pytest.param(TUGU, 0, 0, 0, id="nobody-no-days"),
        pytest.param(TUGU, 7, 0, None, id="somebody-needs-a-day"),
        pytest.param({0: [140], 1: []}, 140, 2, None, id="a-day-without-sessions-is-not-a-day"),
        pytest.param({0: [140], 1: [70]}, 140, 1, 1, id="the-bigger-day"),
    ],
)
def test_fewest_sessions(per_hari, kursi, hari, expected):
    assert sesi_minimum(kursi_per_hari=per_hari, kursi=kursi, hari=hari) == expected


def test_fewest_sessions_past_the_subset_limit_forgets_the_days(monkeypatch):
    monkeypatch.setattr(batas, "SUBSET_MAKS", 1)

    assert sesi_minimum(kursi_per_hari=TUGU, kursi=1015, hari=3) == 8  # weaker, still valid
    assert sesi_minimum(kursi_per_hari=TUGU, kursi=1015, hari=1) == 8
    assert sesi_minimum(kursi_per_hari=TUGU, kursi=99_999, hari=3) is None


@pytest.mark.parametrize(
    ("kursi", "hari", "ukuran", "expected"),
    [(1015, 3, 7, 343), (1015, 3, None, 339), (1015, 0, 7, 0), (14, 5, 7, 7), (0, 2, 7, 0)],
)
def test_busiest_day_holds_at_least_the_average(kursi, hari, ukuran, expected):
    assert beban_minimum(kursi=kursi, hari=hari, ukuran=ukuran) == expected


@settings(deadline=None)  # the brute force is slow on a busy machine
@given(
    st.lists(st.lists(st.sampled_from([70, 84, 105, 140]), max_size=3), min_size=1, max_size=4),
    st.integers(1, 60),
    st.integers(1, 4),
)
def test_no_schedule_opens_fewer_sessions_than_the_bound(days, teams, hari):
    """Brute force: every choice of sessions on exactly ``hari`` days that seats everyone."""
    from itertools import product

    per_hari = dict(enumerate(days))
    kursi = 7 * teams
    sessions = [(d, c) for d, sizes in per_hari.items() for c in sizes]
    best = None
    for mask in product((0, 1), repeat=len(sessions)):
        chosen = [s for s, m in zip(sessions, mask, strict=True) if m]
        if len({d for d, _ in chosen}) == hari and sum(c for _, c in chosen) >= kursi:
            best = len(chosen) if best is None else min(best, len(chosen))
    assert sesi_minimum(kursi_per_hari=per_hari, kursi=kursi, hari=hari) == best
