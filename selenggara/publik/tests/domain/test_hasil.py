from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.publik.domain.hasil import (
    bagian,
    kode_polos,
    kode_titik,
    panjang_anak,
    persen,
)


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


@pytest.mark.parametrize("kode", ["33", "33.03", "33.03.01", "33.03.01.2001"])
def test_codes_with_and_without_dots_round_trip(kode):
    assert kode_titik(kode_polos(kode)) == kode


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=30))
def test_rounded_shares_stay_within_half_a_unit_of_the_exact_share(votes):
    total = sum(votes)

    for nilai in votes:
        share = bagian(nilai, total)
        shown = Fraction(persen(share, digits=2))
        assert abs(shown - share * 100) <= Fraction(1, 200)
