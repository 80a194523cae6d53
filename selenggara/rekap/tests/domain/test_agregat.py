from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.rekap.domain.agregat import (
    Jumlah,
    Lembar,
    delta,
    jumlah_total,
    kontribusi,
    peserta_gabungan,
    rekap_hitung,
    rollup,
    tingkat_of,
    wilayah_path,
)

TPS_A = "3303012001001"
TPS_B = "3303012001002"
TPS_C = "3303022005001"


def lembar(
    tps: str = TPS_A, *, galat: bool = False, dilepas: bool = False, a: int = 10, b: int = 5
) -> Lembar:
    return Lembar(
        tps_kode=tps,
        jenis="ppwp",
        dapil="ppwp",
        angka={
            "suara_sah": a + b,
            "suara_tidak_sah": 1,
            "suara_total": a + b + 1,
            "pengguna_total": a + b + 1,
            "dpt": 100,
        },
        suara={"calon_1": a, "calon_2": b},
        galat=galat,
        dilepas=dilepas,
    )


def test_wilayah_path_lists_nation_to_desa() -> None:
    assert wilayah_path(TPS_A) == ("", "33", "33.03", "33.03.01", "33.03.01.2001")


@pytest.mark.parametrize(
    ("kode", "tingkat"),
    [("", 0), ("33", 1), ("33.03", 2), ("33.03.01", 3), ("33.03.01.2001", 4)],
)
def test_tingkat_of(kode: str, tingkat: int) -> None:
    assert tingkat_of(kode) == tingkat


@pytest.mark.parametrize(
    ("item", "masuk", "ditahan", "calon_1"),
    [
        pytest.param(None, 0, 0, None, id="no-sheet"),
        pytest.param(lembar(), 1, 0, 10, id="consistent"),
        pytest.param(lembar(galat=True), 0, 1, None, id="galat-held-out"),
        pytest.param(lembar(galat=True, dilepas=True), 1, 0, 10, id="galat-released"),
    ],
)
def test_kontribusi(item: Lembar | None, masuk: int, ditahan: int, calon_1: int | None) -> None:
    part = kontribusi(item)
    assert (part.tps_masuk, part.tps_ditahan) == (masuk, ditahan)
    assert part.suara.get("calon_1") == calon_1


def test_delta_of_a_correction_moves_only_the_difference() -> None:
    change = delta(lembar(a=10), lembar(a=12))
    assert change.tps_masuk == 0
    assert dict(change.suara) == {"calon_1": 2}
    assert change.angka["suara_sah"] == 2


def test_delta_of_a_correction_that_clears_a_held_out_sheet() -> None:
    change = delta(lembar(galat=True), lembar())
    assert (change.tps_masuk, change.tps_ditahan) == (1, -1)
    assert change.suara["calon_1"] == 10


def test_delta_of_the_same_sheet_is_empty() -> None:
    assert delta(lembar(), lembar()).kosong is True
    assert delta(None, lembar()).kosong is False


def test_rekap_hitung_sums_every_ancestor_and_keeps_held_out_out() -> None:
    out = rekap_hitung([lembar(TPS_A), lembar(TPS_B, a=3), lembar(TPS_C, galat=True)])
    nasional = out[("", "ppwp", "ppwp")]
    assert nasional.tps_masuk == 2
    assert nasional.tps_ditahan == 1
    assert nasional.suara["calon_1"] == 13
    assert out[("33.03.02", "ppwp", "ppwp")].suara == {}
    assert out[("33.03.02.2005", "ppwp", "ppwp")].tps_ditahan == 1


def test_rollup_of_desa_sums_equals_rekap_hitung() -> None:
    sheets = [lembar(TPS_A), lembar(TPS_B, a=3), lembar(TPS_C, b=7)]
    full = rekap_hitung(sheets)
    desa = {key: value for key, value in full.items() if key[0].count(".") == 3}
    assert rollup(desa) == full


@pytest.mark.parametrize(
    ("jenis", "by_dapil", "expected"),
    [
        pytest.param(
            "ppwp", {"a": {"calon_1": 1}, "b": {"calon_1": 2}}, {"calon_1": 3}, id="ppwp-sums"
        ),
        pytest.param(
            "dpr",
            {
                "a": {"partai_1": 1, "partai_1_jumlah": 4},
                "b": {"partai_1_jumlah": 2, "partai_1_calon_1": 9},
            },
            {"partai_1_jumlah": 6},
            id="dpr-party-totals",
        ),
        pytest.param(
            "dpd", {"a": {"calon_1": 1}, "b": {"calon_1": 2}}, {}, id="dpd-across-provinsi"
        ),
        pytest.param("dpd", {"a": {"calon_1": 1}}, {"calon_1": 1}, id="single-dapil"),
    ],
)
def test_peserta_gabungan(
    jenis: str, by_dapil: dict[str, dict[str, int]], expected: dict[str, int]
) -> None:
    assert peserta_gabungan(jenis, by_dapil) == expected


_TPS = [TPS_A, TPS_B, TPS_C, "3303022005002", "3304011001001"]
_step = st.tuples(
    st.sampled_from(_TPS),
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=50),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_step, max_size=40))
def test_incremental_equals_full_recompute_and_parents_sum_children(
    steps: list[tuple[str, int, int, bool, bool]],
) -> None:
    """Any sequence of submissions, corrections and releases applied as deltas gives the same
    sums as a recompute of the current sheets; every parent is the sum of its children, and
    held-out sheets are in no sum."""
    current: dict[str, Lembar] = {}
    stored: dict[tuple[str, str, str], Jumlah] = {}
    for tps, a, b, galat, dilepas in steps:
        new = lembar(tps, a=a, b=b, galat=galat, dilepas=dilepas)
        change = delta(current.get(tps), new)
        for wilayah in wilayah_path(tps):
            key = (wilayah, "ppwp", "ppwp")
            stored[key] = stored.get(key, Jumlah()).plus(change)
        current[tps] = new
    full = rekap_hitung(current.values())
    assert {k: v for k, v in stored.items() if not v.kosong} == {
        k: v for k, v in full.items() if not v.kosong
    }
    for (wilayah, jenis, dapil), jumlah in full.items():
        children = [
            value
            for (child, _j, _d), value in full.items()
            if tingkat_of(child) == tingkat_of(wilayah) + 1 and child.startswith(wilayah)
        ]
        if children:
            total = Jumlah()
            for child_jumlah in children:
                total = total.plus(child_jumlah)
            assert total == jumlah, (wilayah, jenis, dapil)
    counted = sum(sheet.suara["calon_1"] for sheet in current.values() if not sheet.ditahan)
    assert full.get(("", "ppwp", "ppwp"), Jumlah()).suara.get("calon_1", 0) == counted


def test_jumlah_as_dict_round_trips() -> None:
    from selenggara.rekap.domain.agregat import jumlah_as_dict, jumlah_from_dict

    jumlah = rekap_hitung([lembar(TPS_A), lembar(TPS_B, galat=True)])[("", "ppwp", "ppwp")]
    assert jumlah_from_dict(jumlah_as_dict(jumlah)) == jumlah
    assert jumlah_from_dict({}) == Jumlah()


_keys = st.sampled_from(["suara_sah", "suara_total", "calon_1", "partai_2_jumlah", "x"])
_jumlah = st.builds(
    Jumlah,
    tps_masuk=st.integers(-3, 3),
    tps_ditahan=st.integers(-3, 3),
    angka=st.dictionaries(_keys, st.integers(-50, 50), max_size=4),
    suara=st.dictionaries(_keys, st.integers(-50, 50), max_size=4),
)


@given(st.lists(_jumlah, max_size=8))
@settings(max_examples=200)
def test_jumlah_total_is_the_fold_of_plus(items: list[Jumlah]) -> None:
    folded = Jumlah()
    for j in items:
        folded = folded.plus(j)

    total = jumlah_total(items)

    assert total == folded
    assert list(total.suara) == sorted(total.suara)  # same order, zeros dropped
    assert 0 not in total.suara.values()
