from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.publik.domain.hasil import (
    Jumlah,
    LembarTPS,
    bagian,
    jumlahkan,
    jumlahkan_per_anak,
    kode_polos,
    kode_titik,
    panjang_anak,
    persen,
    selisih,
)


def _lembar(tps, a, b, *, ditahan=False, tidak_sah=1):
    return LembarTPS(
        tps=tps,
        suara={"calon_1": a, "calon_2": b},
        suara_sah=a + b,
        suara_tidak_sah=tidak_sah,
        ditahan=ditahan,
    )


def test_held_out_sheet_is_counted_as_in_and_held_out_but_not_summed():
    total = jumlahkan(
        [_lembar("3303012001001", 10, 5), _lembar("3303012001002", 900, 1, ditahan=True)]
    )

    assert total == Jumlah(
        suara={"calon_1": 10, "calon_2": 5},
        suara_sah=15,
        suara_tidak_sah=1,
        tps_masuk=2,
        tps_ditahan=1,
    )


def test_sums_per_child_region_by_code_prefix():
    sheets = [
        _lembar("3303012001001", 1, 2),
        _lembar("3303012002001", 3, 4),
        _lembar("3303012001002", 5, 6),
    ]

    per = jumlahkan_per_anak(sheets, panjang_anak=10)

    assert list(per) == ["3303012001", "3303012002"]
    assert per["3303012001"].suara == {"calon_1": 6, "calon_2": 8}


@pytest.mark.parametrize(
    ("kode", "expected"),
    [("", 2), ("33", 4), ("33.03", 6), ("33.03.01", 10), ("33.03.01.2001", 13)],
)
def test_child_code_length_per_level(kode, expected):
    assert panjang_anak(kode) == expected


@pytest.mark.parametrize("kode", ["3303012001001", "333"])
def test_tps_or_unknown_level_has_no_children(kode):
    with pytest.raises(ValueError, match=kode):
        panjang_anak(kode)


@pytest.mark.parametrize(
    ("share", "digits", "expected"),
    [
        (Fraction(1, 3), 2, "33.33"),
        (Fraction(2, 3), 2, "66.67"),
        (Fraction(1, 8), 2, "12.50"),
        (Fraction(1, 200), 1, "0.5"),
        (Fraction(-1, 3), 1, "-33.3"),
        (Fraction(1, 2), 0, "50"),
    ],
)
def test_percentages_round_half_away_from_zero(share, digits, expected):
    assert persen(share, digits=digits) == expected


def test_share_of_zero_total_is_zero():
    assert bagian(5, 0) == 0
    assert bagian(1, 4) == Fraction(1, 4)


def test_differences_name_only_keys_that_differ():
    assert selisih({"a": 1, "b": 2}, {"a": 1, "b": 5, "c": 1}) == {"b": 3, "c": 1}


@pytest.mark.parametrize("kode", ["33", "33.03", "33.03.01", "33.03.01.2001"])
def test_codes_with_and_without_dots_round_trip(kode):
    assert kode_titik(kode_polos(kode)) == kode


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 300), st.integers(0, 300), st.booleans()),
        max_size=30,
    )
)
def test_parent_is_the_sum_of_its_children(rows):
    sheets = [
        _lembar(f"33030120{d:02d}{i:03d}", a, b, ditahan=h) for i, (d, a, b, h) in enumerate(rows)
    ]

    parent = jumlahkan(sheets)
    children = jumlahkan_per_anak(sheets, panjang_anak=10).values()

    assert parent.suara_sah == sum(c.suara_sah for c in children)
    assert parent.tps_ditahan == sum(c.tps_ditahan for c in children)
    assert parent.tps_masuk == len(sheets)
    assert parent.suara_sah == sum(a + b for _, a, b, h in rows if not h)
