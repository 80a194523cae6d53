"""tanda_menyimpang computes each key's median and MAD once, in floats where they provably
decide as Fractions would: the same flags and figures as skor_z per TPS."""

from __future__ import annotations

from fractions import Fraction
from statistics import median

from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.rekap.domain.tanda import (
    TPSLembar,
    _menyimpang_float,
    _menyimpang_tepat,
    skor_z,
    tanda_menyimpang,
)

_BATAS = Fraction(35, 10)


def _lembar(i: int, a: int, b: int) -> TPSLembar:
    return TPSLembar(
        tps_kode=f"3303012001{i:03d}",
        dpt=300,
        batas_atas=306,
        ada_lembar=True,
        suara_sah=a + b,
        suara_total=a + b,
        suara={"calon_1": a, "calon_2": b},
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 300)), min_size=4, max_size=14))
def test_flags_are_those_of_the_modified_z_score_of_each_tps(rows: list[tuple[int, int]]) -> None:
    desa = [_lembar(i, a, b) for i, (a, b) in enumerate(rows)]

    got = {(t.tps_kode, t.params["kunci"]) for t in tanda_menyimpang(desa)}

    expected = set()
    for kunci in ("calon_1", "calon_2"):
        shares = [Fraction(t.suara[kunci], t.suara_sah) for t in desa]
        for item, share in zip(desa, shares, strict=True):
            z = skor_z(share, shares)
            if z is not None and abs(z) > _BATAS:
                expected.add((item.tps_kode, kunci))
    assert got == expected


def _reference(desa: list[TPSLembar]) -> list[tuple[str, dict[str, object]]]:
    """The flags and figures of the exact modified z-score, all in Fractions."""
    counted = [t for t in desa if t.ada_lembar and not t.ditahan and t.suara_sah > 0]
    if len(counted) < 4:
        return []
    out = []
    for kunci in sorted({k for t in counted for k in t.suara}):
        shares = [Fraction(t.suara.get(kunci, 0), t.suara_sah) for t in counted]
        for item, share in zip(counted, shares, strict=True):
            z = skor_z(share, shares)
            if z is not None and abs(z) > _BATAS:
                tengah = median(shares)
                params = {
                    "kunci": kunci,
                    "persen": round(float(share) * 100, 1),
                    "median": round(float(tengah) * 100, 1),
                    "skor": round(float(z), 1),
                }
                out.append((item.tps_kode, params))
    return out


def _desa_of(counts: list[int], sah: int) -> list[TPSLembar]:
    return [_lembar(i, a, sah - a) for i, a in enumerate(counts)]


# On the cut-off: shares (5000 -+ 1349)/13490, 5000/13490 twice and 12000/13490 give the last
# TPS a modified z-score of exactly 0.6745 * 7000 / 1349 = 3.5 (not above it: no flag).
_TEPAT_BATAS = [3651, 5000, 5000, 6349, 12000]


def test_a_score_exactly_on_the_cut_off_is_not_flagged_and_one_vote_more_is() -> None:
    assert tanda_menyimpang(_desa_of(_TEPAT_BATAS, 13490)) == []
    flagged = tanda_menyimpang(_desa_of([*_TEPAT_BATAS[:4], 12001], 13490))
    assert {t.tps_kode for t in flagged} == {"3303012001004"}
    assert _reference(_desa_of([*_TEPAT_BATAS[:4], 12001], 13490)) == [
        (t.tps_kode, dict(t.params)) for t in flagged
    ]


def test_floats_leave_to_fractions_what_they_cannot_tell_apart() -> None:
    # A spread of 10**-11 around one half, and two shares one float apart.
    tiny = [5 * 10**10, 5 * 10**10 + 1, 5 * 10**10 + 1, 5 * 10**10 + 2, 9 * 10**10]
    same_float = [2**59, 2**59 + 1, 2**59 + 1, 2**59 + 2, 2**59 + 3]
    for counts, sah in ((tiny, 10**11), (same_float, 2**60), (_TEPAT_BATAS, 13490)):
        desa = _desa_of(counts, sah)
        assert _menyimpang_float(desa, "calon_1") is None
        assert [(t.tps_kode, dict(t.params)) for t in tanda_menyimpang(desa)] == _reference(desa)


def _near_cut_off() -> st.SearchStrategy[tuple[list[int], int]]:
    """Desa whose outlier sits within a few votes of the cut-off, at any scale."""

    def build(scale: int, offset: int, extra: list[int]) -> tuple[list[int], int]:
        counts = [c * scale for c in _TEPAT_BATAS]
        counts[-1] += offset
        return counts + [c * scale for c in extra], 13490 * scale

    return st.builds(
        build,
        st.integers(1, 10**6),
        st.integers(-3, 3),
        st.lists(st.sampled_from([5000, 3651, 6349]), max_size=4),
    )


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.tuples(st.lists(st.integers(0, 400), min_size=4, max_size=16), st.just(400)),
        st.tuples(st.lists(st.sampled_from([0, 1, 2, 200]), min_size=4, max_size=9), st.just(200)),
        _near_cut_off(),
    )
)
def test_float_path_equals_exact_path(case: tuple[list[int], int]) -> None:
    counts, sah = case
    desa = _desa_of(counts, sah)

    for kunci in ("calon_1", "calon_2"):
        by_float = _menyimpang_float(desa, kunci)
        if by_float is not None:
            assert by_float == _menyimpang_tepat(desa, kunci)
    assert [(t.tps_kode, dict(t.params)) for t in tanda_menyimpang(desa)] == _reference(desa)
