import datetime as dt

import pytest

from selenggara.bimtek.domain.aturan import (
    Masalah,
    MasalahAturan,
    desa_check,
    jam_check,
    rasio_check,
    slot_check,
    tanggal_check,
    tetangga_check,
)

MULAI, SELESAI = dt.date(2024, 1, 26), dt.date(2024, 1, 30)
D = dt.date


@pytest.mark.parametrize(
    ("value", "expected", "luar"),
    [
        pytest.param([], [], [], id="none"),
        pytest.param(
            [D(2024, 1, 28), D(2024, 1, 26), D(2024, 1, 28)],
            ["2024-01-26", "2024-01-28"],
            [],
            id="sorted-once",
        ),
        pytest.param([MULAI, SELESAI], ["2024-01-26", "2024-01-30"], [], id="both-ends-inside"),
        pytest.param(
            [D(2024, 1, 25), D(2024, 1, 31)],
            ["2024-01-25", "2024-01-31"],
            ["2024-01-25", "2024-01-31"],
            id="outside-both-sides",
        ),
    ],
)
def test_dates_must_lie_in_the_window(value, expected, luar):
    dates, masalah = tanggal_check(value, MULAI, SELESAI, "hari_transportasi")

    assert dates == expected
    assert masalah == [
        Masalah(kode=MasalahAturan.TANGGAL_DI_LUAR, field="hari_transportasi", nilai=v)
        for v in luar
    ]


def test_far_desa_must_be_of_the_plan():
    desa, masalah = desa_check(
        ["33.03.01.2002", "33.03.01.2001", "33.04.01.2001"], {"33.03.01.2001", "33.03.01.2002"}
    )

    assert desa == ["33.03.01.2001", "33.03.01.2002", "33.04.01.2001"]
    assert masalah == [
        Masalah(kode=MasalahAturan.DESA_ASING, field="desa_jauh", nilai="33.04.01.2001")
    ]


KEC = {"33.03.01", "33.03.02", "33.03.03"}


@pytest.mark.parametrize(
    ("value", "expected", "kode"),
    [
        pytest.param({}, {}, [], id="none"),
        pytest.param(
            {"33.03.01": ["33.03.02"]},
            {"33.03.01": ["33.03.02"], "33.03.02": ["33.03.01"]},
            [],
            id="made-symmetric",
        ),
        pytest.param(
            {"33.03.02": ["33.03.03", "33.03.01"], "33.03.01": ["33.03.02"]},
            {
                "33.03.01": ["33.03.02"],
                "33.03.02": ["33.03.01", "33.03.03"],
                "33.03.03": ["33.03.02"],
            },
            [],
            id="merged-and-sorted",
        ),
        pytest.param(
            {"33.03.01": ["33.09.01"]},
            {},
            [(MasalahAturan.TETANGGA_ASING, "33.09.01")],
            id="other-kabkota",
        ),
        pytest.param(
            {"33.09.01": ["33.03.01"]},
            {},
            [(MasalahAturan.TETANGGA_ASING, "33.09.01")],
            id="unknown-first",
        ),
        pytest.param(
            {"33.03.01": ["33.03.01"]}, {}, [(MasalahAturan.TETANGGA_DIRI, "33.03.01")], id="itself"
        ),
    ],
)
def test_neighbours_are_kecamatan_of_the_plan_both_ways(value, expected, kode):
    pairs, masalah = tetangga_check(value, KEC)

    assert pairs == expected
    assert [(m.kode, m.nilai) for m in masalah] == kode


@pytest.mark.parametrize(
    ("value", "expected", "bad"),
    [
        pytest.param([("08.00", "12.00")], [["08.00", "12.00"]], [], id="dot"),
        pytest.param([("08:00", " 12:30 ")], [["08.00", "12.30"]], [], id="colon-and-spaces"),
        pytest.param(
            [("08.00", "12.00"), ("13.00", "17.00")],
            [["08.00", "12.00"], ["13.00", "17.00"]],
            [],
            id="two",
        ),
        pytest.param([("12.00", "08.00")], [], ["1"], id="end-before-start"),
        pytest.param([("08.00", "08.00")], [], ["1"], id="empty-session"),
        pytest.param(
            [("08.00", "12.00"), ("24.00", "25.00")], [["08.00", "12.00"]], ["2"], id="no-such-hour"
        ),
        pytest.param([("8", "12")], [], ["1"], id="not-hh-mm"),
    ],
)
def test_session_hours(value, expected, bad):
    jam, masalah = jam_check(value)

    assert jam == expected
    assert [(m.kode, m.nilai) for m in masalah] == [(MasalahAturan.JAM, n) for n in bad]


@pytest.mark.parametrize(
    ("slot", "jam", "expected"),
    [
        pytest.param(1, [["08.00", "12.00"]], [], id="one-with-hours"),
        pytest.param(2, [["08.00", "12.00"], ["13.00", "17.00"]], [], id="two-with-hours"),
        pytest.param(
            2, [["08.00", "12.00"]], [(MasalahAturan.JAM_KURANG, "2", "1")], id="two-one-hours"
        ),
        pytest.param(2, None, [], id="hours-refused-already"),
        pytest.param(0, [], [(MasalahAturan.SLOT, "0", "")], id="zero"),
        pytest.param(3, [["a", "b"]] * 3, [(MasalahAturan.SLOT, "3", "")], id="three"),
    ],
)
def test_sessions_per_day_need_their_hours(slot, jam, expected):
    assert [(m.kode, m.nilai, m.lain) for m in slot_check(slot, jam)] == expected


@pytest.mark.parametrize(("rasio", "n"), [(1, 0), (40, 0), (0, 1), (-3, 1)])
def test_trainees_per_trainer_at_least_one(rasio, n):
    assert len(rasio_check(rasio)) == n
