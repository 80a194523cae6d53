import pytest

from selenggara.bimtek.domain.jadwal import Waktu
from selenggara.bimtek.domain.kelayakan import JenisPerbaikan, explain_infeasible
from selenggara.bimtek.tests.builders import build_instance, build_pelatih, build_tempat, build_tim


def test_instance_with_enough_seats_has_no_shortfall():
    assert explain_infeasible(build_instance()) == []


@pytest.mark.parametrize(
    ("kwargs", "perlu", "tersedia", "per_hari", "fix"),
    [
        pytest.param(
            {"tim_list": build_tim(7), "tempat_list": [build_tempat(kapasitas=21, hari=2)]},
            49,
            42,
            (21, 21),
            (JenisPerbaikan.KAPASITAS, 7, 14),
            id="capacity-plus-7-on-two-days",
        ),
        pytest.param(
            {
                "tim_list": build_tim(4),
                "jumlah_hari": 3,
                "tempat_list": [build_tempat(kapasitas=7, hari=3)],
                "pelatih_list": build_pelatih(hari=3),
            },
            28,
            21,
            (7, 7, 7),
            (JenisPerbaikan.SLOT_KEDUA, 1, 7),
            id="second-slot-on-one-day",
        ),
        pytest.param(
            {
                "tim_list": build_tim(5),
                "slot_per_hari": 2,
                "tempat_list": [build_tempat(kapasitas=7, hari=2, slot=2)],
                "pelatih_list": build_pelatih(hari=2, slot=2),
            },
            35,
            28,
            (14, 14),
            (JenisPerbaikan.HARI_TAMBAHAN, 1, 14),
            id="one-more-day",
        ),
        pytest.param(
            {
                "tim_list": build_tim(3),
                "jumlah_hari": 1,
                "rasio_pelatih": 7,
                "pelatih_list": build_pelatih(1, hari=1),
                "tempat_list": [build_tempat(kapasitas=21, hari=1)],
            },
            21,
            7,
            (7,),
            (JenisPerbaikan.PELATIH, 2, 14),
            id="two-more-trainers",
        ),
    ],
)
def test_shortfall_is_explained_with_the_smallest_fix(kwargs, perlu, tersedia, per_hari, fix):
    (found,) = explain_infeasible(build_instance(**kwargs))

    assert (found.perlu, found.tersedia, found.kurang, found.kursi_per_hari) == (
        perlu,
        tersedia,
        perlu - tersedia,
        per_hari,
    )
    assert found.perbaikan is not None
    assert (found.perbaikan.jenis, found.perbaikan.jumlah, found.perbaikan.kursi_tambahan) == fix


def test_partly_sized_sessions_count_whole_teams_only():
    (found,) = explain_infeasible(
        build_instance(
            tim_list=build_tim(2), jumlah_hari=1, tempat_list=[build_tempat(kapasitas=13, hari=1)]
        )
    )

    assert found.perbaikan is not None
    assert (found.tersedia, found.perbaikan.tempat_kode, found.perbaikan.jumlah) == (7, "v1", 7)


def test_far_teams_beyond_transport_days_get_a_bigger_hall_on_the_transport_day():
    instance = build_instance(
        tim_list=build_tim(4, jauh=True),
        tempat_list=[build_tempat(kapasitas=21, hari=2)],
        pelatih_list=build_pelatih(hari=2),
        hari_transportasi=frozenset({1}),
    )

    found = explain_infeasible(instance)

    assert [(k.jauh, k.perlu, k.tersedia, k.kursi_per_hari) for k in found] == [
        (True, 28, 21, (0, 21))
    ]
    perbaikan = found[0].perbaikan
    assert perbaikan is not None
    assert (perbaikan.jenis, perbaikan.jumlah, perbaikan.kursi_tambahan) == (
        JenisPerbaikan.KAPASITAS,
        7,
        7,
    )


def test_far_teams_held_by_their_trainer_get_one_more_day_with_transport():
    # One trainer (ratio 7) in a hall of 14, two sessions a day: 14 seats on the transport day.
    # A bigger hall changes nothing; another trainer or transport on day 1 both add 14, and
    # transport is preferred on a tie (it changes neither the window nor the staff).
    instance = build_instance(
        tim_list=build_tim(3, jauh=True),
        tempat_list=[build_tempat(kapasitas=14, hari=2, slot=2)],
        pelatih_list=build_pelatih(1, hari=2, slot=2),
        slot_per_hari=2,
        rasio_pelatih=7,
        hari_transportasi=frozenset({1}),
    )

    (found,) = explain_infeasible(instance)

    assert (found.jauh, found.perlu, found.tersedia) == (True, 21, 14)
    assert found.perbaikan is not None
    assert (found.perbaikan.jenis, found.perbaikan.jumlah, found.perbaikan.kursi_tambahan) == (
        JenisPerbaikan.HARI_TRANSPORTASI,
        1,
        14,
    )


def test_kecamatan_without_venue_is_offered_a_first_venue():
    (found,) = explain_infeasible(build_instance(tempat_list=[]))

    assert found.tersedia == 0
    assert found.perbaikan is not None
    assert found.perbaikan.jenis == JenisPerbaikan.TEMPAT_BARU
    # The venue seats everyone over the window's slots, in whole teams of seven.
    assert found.perbaikan.jumlah % 7 == 0
    assert found.perbaikan.kursi_tambahan >= found.perlu


def test_each_open_session_needs_a_trainer_of_its_own():
    # Two halls of 7 and one trainer (ratio 40): one session a day, so 7 seats, not 14.
    (found,) = explain_infeasible(
        build_instance(
            tim_list=build_tim(2),
            jumlah_hari=1,
            tempat_list=[
                build_tempat("v1", kapasitas=7, hari=1),
                build_tempat("v2", kapasitas=7, hari=1),
            ],
            pelatih_list=build_pelatih(1, hari=1),
        )
    )

    assert (found.perlu, found.tersedia) == (14, 7)
    assert found.perbaikan is not None
    assert (found.perbaikan.jenis, found.perbaikan.jumlah) == (JenisPerbaikan.KAPASITAS, 7)


def test_kecamatan_are_explained_in_code_order():
    instance = build_instance(
        tim_list=build_tim(4, kec="33.03.02", desa="33.03.02.2001") + build_tim(4),
        tempat_list=[
            build_tempat(kapasitas=7, hari=2),
            build_tempat("v2", kapasitas=7, hari=2, kec="33.03.02"),
        ],
        pelatih_list=build_pelatih() + build_pelatih(kec="33.03.02"),
    )

    assert [k.kecamatan_kode for k in explain_infeasible(instance)] == ["33.03.01", "33.03.02"]


def test_waktu_orders_by_day_then_slot():
    assert sorted([Waktu(hari=1, slot=0), Waktu(hari=0, slot=1)]) == [
        Waktu(hari=0, slot=1),
        Waktu(hari=1, slot=0),
    ]


def test_venue_closed_all_window_is_not_offered_a_capacity_fix():
    closed = build_tempat("v0", hari=0)
    (found,) = explain_infeasible(
        build_instance(tim_list=build_tim(7), tempat_list=[closed, build_tempat()])
    )

    assert found.perbaikan is not None
    assert found.perbaikan.tempat_kode == "v1"
