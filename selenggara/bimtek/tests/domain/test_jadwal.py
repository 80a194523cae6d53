import pytest

from selenggara.bimtek.domain.jadwal import (
    Aturan,
    Pelanggaran,
    Sesi,
    Temuan,
    Waktu,
    move_check,
    pelatih_perlu,
    schedule_check,
    tempat_allowed,
    travel_cost,
)
from selenggara.bimtek.tests.builders import (
    DESA_A,
    DESA_B,
    build_instance,
    build_pelatih,
    build_tempat,
    build_tim,
)

D0 = Waktu(hari=0, slot=0)
D1 = Waktu(hari=1, slot=0)


def sesi(kode="v1", waktu=D0):
    return Sesi(tempat_kode=kode, waktu=waktu)


def all_in(instance, s):
    return {t.kode: s for t in instance.tim_list}


def codes(found):
    return [t.kode for t in found]


def test_three_teams_in_one_session_of_21_seats_break_nothing():
    instance = build_instance()

    assert schedule_check(instance=instance, jadwal=all_in(instance, sesi())) == []


@pytest.mark.parametrize(
    ("instance_kwargs", "session", "expected"),
    [
        pytest.param(
            {},
            sesi(waktu=Waktu(hari=2, slot=0)),
            [Pelanggaran.DI_LUAR_JENDELA] * 3,
            id="day-outside-window",
        ),
        pytest.param(
            {},
            sesi(waktu=Waktu(hari=0, slot=1)),
            [Pelanggaran.DI_LUAR_JENDELA] * 3,
            id="slot-outside-window",
        ),
        pytest.param(
            {"tim_list": build_tim(4)},
            sesi(),
            [Pelanggaran.KAPASITAS_TERLAMPAUI],
            id="28-seats-in-21",
        ),
        pytest.param(
            {"tempat_list": [build_tempat(hari=1)], "jumlah_hari": 2},
            sesi(waktu=D1),
            [Pelanggaran.TEMPAT_TIDAK_TERSEDIA] * 3,
            id="venue-closed-that-day",
        ),
        pytest.param(
            {"tempat_list": [build_tempat(kec="33.03.02", desa="33.03.02.2001")]},
            sesi(),
            [Pelanggaran.DI_LUAR_KECAMATAN] * 3 + [Pelanggaran.PELATIH_KURANG],
            id="other-kecamatan-whose-trainers-are-not-ours",
        ),
        pytest.param(
            {"tim_list": build_tim(1, jauh=True), "hari_transportasi": frozenset({1})},
            sesi(),
            [Pelanggaran.TANPA_TRANSPORTASI],
            id="far-desa-without-transport",
        ),
        pytest.param(
            {"pelatih_list": build_pelatih(0)},
            sesi(),
            [Pelanggaran.PELATIH_KURANG],
            id="no-trainer",
        ),
        pytest.param(
            {"rasio_pelatih": 7, "pelatih_list": build_pelatih(2)},
            sesi(),
            [Pelanggaran.PELATIH_KURANG],
            id="ratio-needs-three-trainers",
        ),
    ],
)
def test_schedule_check_names_every_broken_rule(instance_kwargs, session, expected):
    instance = build_instance(**instance_kwargs)

    assert codes(schedule_check(instance=instance, jadwal=all_in(instance, session))) == expected


def test_unscheduled_team_is_reported_by_its_tps():
    instance = build_instance()

    found = schedule_check(instance=instance, jadwal={})

    assert found[0] == Temuan(kode=Pelanggaran.TIDAK_TERJADWAL, tim_kode=f"{DESA_A}.001")
    assert len(found) == 3


def test_capacity_finding_carries_the_numbers():
    instance = build_instance(tim_list=build_tim(4))

    (found,) = schedule_check(instance=instance, jadwal=all_in(instance, sesi()))

    assert (found.perlu, found.tersedia, found.sesi) == (28, 21, sesi())


def test_far_desa_trains_on_a_transport_day():
    instance = build_instance(tim_list=build_tim(1, jauh=True), hari_transportasi=frozenset({1}))

    assert schedule_check(instance=instance, jadwal=all_in(instance, sesi(waktu=D1))) == []


def test_neighbour_allowed_only_when_plan_allows_it():
    tim = build_tim(1)[0]
    other = build_tempat(kec="33.03.02", desa="33.03.02.2001")
    tetangga = {tim.kecamatan_kode: frozenset({"33.03.02"})}

    assert (
        tempat_allowed(tim=tim, tempat=other, aturan=Aturan(jumlah_hari=1, tetangga=tetangga))
        is False
    )
    allowed = Aturan(jumlah_hari=1, tetangga=tetangga, boleh_tetangga=True)
    assert tempat_allowed(tim=tim, tempat=other, aturan=allowed) is True
    assert (
        tempat_allowed(tim=tim, tempat=other, aturan=Aturan(jumlah_hari=1, boleh_tetangga=True))
        is False
    )


@pytest.mark.parametrize(
    ("tempat", "jarak", "expected"),
    [
        pytest.param(build_tempat(desa=DESA_A), {}, 0, id="same-desa"),
        pytest.param(build_tempat(desa=DESA_B), {}, 1, id="same-kecamatan"),
        pytest.param(build_tempat(kec="33.03.02", desa="33.03.02.2001"), {}, 3, id="neighbour"),
        pytest.param(build_tempat(desa=DESA_B), {(DESA_A, "v1"): 12}, 12, id="imported-km"),
    ],
)
def test_travel_cost_levels(tempat, jarak, expected):
    tim = build_tim(1)[0]

    assert (
        travel_cost(tim=tim, tempat=tempat, aturan=Aturan(jumlah_hari=1, jarak=jarak)) == expected
    )


@pytest.mark.parametrize(
    ("peserta", "rasio", "expected"), [(0, 40, 0), (1, 40, 1), (40, 40, 1), (41, 40, 2)]
)
def test_trainers_needed(peserta, rasio, expected):
    assert pelatih_perlu(peserta, rasio) == expected


def test_move_into_a_full_session_is_refused_with_capacity():
    instance = build_instance(tim_list=build_tim(4), tempat_list=[build_tempat(kapasitas=21)])
    jadwal = {**all_in(instance, sesi()), f"{DESA_A}.004": sesi(waktu=D1)}

    found = move_check(instance=instance, jadwal=jadwal, tim_kode=f"{DESA_A}.004", tujuan=sesi())

    assert codes(found) == [Pelanggaran.KAPASITAS_TERLAMPAUI]


def test_move_that_keeps_every_rule_is_accepted_despite_problems_elsewhere():
    instance = build_instance(tim_list=build_tim(4))
    jadwal = {t.kode: sesi() for t in instance.tim_list[:3]}  # the fourth is unscheduled

    assert (
        move_check(
            instance=instance, jadwal=jadwal, tim_kode=f"{DESA_A}.004", tujuan=sesi(waktu=D1)
        )
        == []
    )
