"""tanda_menyimpang computes each key's median and MAD once: the same flags as skor_z per TPS."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.rekap.domain.tanda import TPSLembar, skor_z, tanda_menyimpang

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
