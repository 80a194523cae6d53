"""The CP-SAT optimizer on small instances whose optimum is known by hand."""

import pytest

from selenggara.bimtek.domain.jadwal import Waktu, schedule_check
from selenggara.bimtek.domain.kelayakan import JenisPerbaikan
from selenggara.bimtek.optimizer import INFEASIBLE, OPTIMAL, HasilOptimasi, schedule_optimize
from selenggara.bimtek.tests.builders import (
    DESA_B,
    build_instance,
    build_pelatih,
    build_tempat,
    build_tim,
)


@pytest.mark.parametrize(
    ("kwargs", "objektif", "hari"),
    [
        # one day (1000) + one session (100) + no travel + busiest day 21 seats
        pytest.param({}, 1121, 1, id="three-teams-one-session"),
        # 42 seats in a venue of 21: two days, two sessions, busiest day 21
        pytest.param({"tim_list": build_tim(6)}, 2221, 2, id="six-teams-two-days"),
        # desa B's hall holds all six teams; A's three travel one level (3 x 10)
        pytest.param(
            {
                "tim_list": build_tim(3) + build_tim(3, desa=DESA_B),
                "tempat_list": [
                    build_tempat(kapasitas=21),
                    build_tempat("v2", kapasitas=42, desa=DESA_B),
                ],
            },
            1172,
            1,
            id="one-bigger-hall-beats-two-sessions",
        ),
        # a ratio of 7 with two trainers seats 14 a session: two days
        pytest.param({"rasio_pelatih": 7}, 2214, 2, id="trainer-ratio-splits"),
    ],
)
def test_known_optima(kwargs, objektif, hari):
    instance = build_instance(**kwargs)

    hasil = schedule_optimize(instance, waktu_maks=5)

    assert (hasil.status, hasil.objektif, hasil.batas, hasil.gap_persen) == (
        OPTIMAL,
        objektif,
        objektif,
        0.0,
    )
    assert len({s.waktu.hari for s in hasil.jadwal.values()}) == hari
    assert schedule_check(instance=instance, jadwal=hasil.jadwal) == []


def test_far_desa_and_priority_teams_land_on_their_days():
    instance = build_instance(
        tim_list=build_tim(3, jauh=True) + build_tim(3, desa=DESA_B, prioritas=True),
        tempat_list=[build_tempat(kapasitas=21)],
        hari_transportasi=frozenset({1}),
    )

    hasil = schedule_optimize(instance, waktu_maks=5)

    days = {kode: s.waktu.hari for kode, s in hasil.jadwal.items()}
    assert {days[t.kode] for t in instance.tim_list if t.jauh} == {1}
    assert {days[t.kode] for t in instance.tim_list if t.prioritas} == {0}


def test_neighbour_kecamatan_are_solved_together_when_allowed():
    other = "33.03.02"
    instance = build_instance(
        tim_list=build_tim(3) + build_tim(3, kec=other, desa="33.03.02.2001"),
        tempat_list=[build_tempat(kapasitas=42)],
        pelatih_list=build_pelatih(4),
        jumlah_hari=1,
        boleh_tetangga=True,
        tetangga={other: frozenset({"33.03.01"})},
    )

    hasil = schedule_optimize(instance, waktu_maks=5)

    assert (hasil.status, hasil.kelompok, len(hasil.jadwal)) == (OPTIMAL, 1, 6)


def test_infeasible_plan_reports_the_shortfall_and_its_fix():
    instance = build_instance(tim_list=build_tim(7), tempat_list=[build_tempat(kapasitas=21)])

    hasil = schedule_optimize(instance, waktu_maks=5)

    assert (hasil.status, hasil.jadwal, hasil.gap_persen) == (INFEASIBLE, {}, 0.0)
    (kekurangan,) = hasil.kekurangan
    assert kekurangan.kurang == 7
    assert kekurangan.perbaikan is not None
    assert kekurangan.perbaikan.jenis == JenisPerbaikan.KAPASITAS


def test_kecamatan_in_parallel_processes_give_the_same_result():
    instance = build_instance(
        tim_list=build_tim(6) + build_tim(4, kec="33.03.02", desa="33.03.02.2001"),
        tempat_list=[
            build_tempat(),
            build_tempat("v2", kec="33.03.02", desa="33.03.02.2001", kapasitas=28),
        ],
        pelatih_list=build_pelatih() + build_pelatih(kec="33.03.02"),
    )
    seen = []

    serial = schedule_optimize(
        instance, waktu_maks=5, progress=lambda done, total: seen.append((done, total))
    )
    parallel = schedule_optimize(
        instance, waktu_maks=5, processes=2, progress=lambda d, t: seen.append((d, t))
    )

    assert (serial.objektif, serial.kelompok, parallel.objektif, parallel.status) == (
        2221 + 1128,
        2,
        3349,
        OPTIMAL,
    )
    assert seen == [(1, 2), (2, 2), (1, 2), (2, 2)]


def test_combined_status_is_the_weakest_part():
    part = HasilOptimasi(jadwal={}, status="FEASIBLE", objektif=100, batas=99, detik=0.1)

    assert part.gap_persen == 1.0
    assert (
        HasilOptimasi(jadwal={}, status="UNKNOWN", objektif=0, batas=0, detik=0).gap_persen == 0.0
    )


def test_waktu_is_hashable_in_sets():
    assert len({Waktu(hari=0, slot=0), Waktu(hari=0, slot=0)}) == 1


def test_no_time_to_search_falls_back_to_the_greedy_schedule():
    instance = build_instance(tim_list=build_tim(6))

    hasil = schedule_optimize(instance, waktu_maks=0.0, threads=1)

    # the greedy schedule is valid; the cuts alone bound it (2 days, 2 sessions, 21 seats)
    assert (hasil.status, hasil.objektif, hasil.batas) == (OPTIMAL, 2221, 2221)
    assert hasil.gap_terburuk == hasil.gap_median == 0.0
    assert schedule_check(instance=instance, jadwal=hasil.jadwal) == []


def test_greedy_fills_home_halls_first_and_fails_when_seats_run_out():
    from selenggara.bimtek.optimizer import _Model

    instance = build_instance(
        tim_list=build_tim(3) + build_tim(2, desa=DESA_B),
        tempat_list=[build_tempat(kapasitas=21), build_tempat("v2", kapasitas=14, desa=DESA_B)],
        jumlah_hari=1,
        pelatih_list=build_pelatih(4),
    )
    built = _Model(instance)
    built.add_assignments()
    built.add_sessions()

    filled = built.greedy()

    assert filled is not None
    assert {(key[1], s.tempat_kode): n for (key, s), n in filled.items()} == {
        ("33.03.01.2001", "v1"): 3,
        (DESA_B, "v2"): 2,
    }
    short = _Model(build_instance(tim_list=build_tim(7), tempat_list=[build_tempat(kapasitas=21)]))
    short.add_assignments()
    short.add_sessions()
    assert short.greedy() is None


def test_the_bound_without_search_ignores_neighbour_plans():
    from selenggara.bimtek.optimizer import _bound_without_search

    alone = build_instance(tim_list=build_tim(6))
    shared = build_instance(tim_list=build_tim(6), boleh_tetangga=True)

    assert (_bound_without_search(alone), _bound_without_search(shared)) == (2221, 0)


def test_a_kecamatan_one_team_short_of_a_session_is_proven_optimal():
    """Two halls of two teams (and a half) a day: five teams need two days and three
    sessions, which the cut on whole sessions proves at once."""
    instance = build_instance(
        tim_list=build_tim(5),
        tempat_list=[build_tempat(f"v{i}", kapasitas=20) for i in range(2)],
        pelatih_list=build_pelatih(4),
        jumlah_hari=2,
    )

    hasil = schedule_optimize(instance, waktu_maks=5, threads=1)

    # 2 days + 3 sessions + 0 travel + the busiest day three teams
    assert (hasil.status, hasil.objektif, hasil.batas) == (OPTIMAL, 2000 + 300 + 21, 2321)
