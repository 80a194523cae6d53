import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.pemilihan.domain.dapil import (
    Coverage,
    CoverageGap,
    DapilWilayahProblem,
    Lingkup,
    coverage_check,
    dapil_wilayah_problem,
    kursi_in_range,
    lingkup_of,
    prefix_contains,
    prefixes_of,
)
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi as K

P = DapilWilayahProblem


@pytest.mark.parametrize(
    ("kode", "lingkup"),
    [
        pytest.param("", Lingkup.NASIONAL, id="nation"),
        pytest.param("33", Lingkup.PROVINSI, id="provinsi"),
        pytest.param("33.03", Lingkup.KABKOTA, id="kabkota"),
        pytest.param("33.03.01", Lingkup.KECAMATAN, id="kecamatan"),
        pytest.param("33.03.01.2001", Lingkup.DESA, id="desa"),
    ],
)
def test_lingkup_of(kode, lingkup):
    assert lingkup_of(kode) is lingkup


@pytest.mark.parametrize(
    ("prefix", "kode", "expected"),
    [
        pytest.param("", "33.03", True, id="nation-contains-all"),
        pytest.param("", "", True, id="nation-contains-itself"),
        pytest.param("33", "", False, id="provinsi-not-nation"),
        pytest.param("33.03", "33.03.01.2001", True, id="kab-contains-desa"),
        pytest.param("33.03", "33.03", True, id="contains-itself"),
        pytest.param("33.03", "33.30.01", False, id="segment-wise-not-textual"),
        pytest.param("33.03.01", "33.03", False, id="child-not-parent"),
    ],
)
def test_prefix_contains(prefix, kode, expected):
    assert prefix_contains(prefix, kode) is expected


def test_prefixes_of():
    assert prefixes_of("") == [""]
    assert prefixes_of("33.03.01") == ["", "33", "33.03", "33.03.01"]


@pytest.mark.parametrize(
    ("kontestasi", "induk", "wilayah", "problem"),
    [
        pytest.param(K.PPWP, "", "", None, id="ppwp-nation"),
        pytest.param(K.PPWP, "33", "33", P.INDUK_LEVEL, id="ppwp-not-provinsi"),
        pytest.param(K.DPD, "33", "33", None, id="dpd-provinsi"),
        pytest.param(K.DPD, "", "33", None, id="dpd-under-nation"),
        pytest.param(K.DPD, "33", "33.03", P.WILAYAH_LEVEL, id="dpd-not-kabkota"),
        pytest.param(K.DPR, "33", "33.03", None, id="dpr-kabkota"),
        pytest.param(K.DPR, "33", "33.03.01", None, id="dpr-part-of-kabkota"),
        pytest.param(K.DPR, "33", "34.03", P.OUTSIDE_INDUK, id="dpr-outside"),
        pytest.param(K.DPR, "33", "33.03.01.2001", P.WILAYAH_LEVEL, id="dpr-not-desa"),
        pytest.param(K.DPRD_PROVINSI, "33", "33.03", None, id="dprd-prov-kabkota"),
        pytest.param(K.DPRD_PROVINSI, "33.03", "33.03", None, id="dprd-prov-one-kabkota"),
        pytest.param(K.DPRD_PROVINSI, "", "33.03", P.INDUK_LEVEL, id="dprd-prov-not-nation"),
        pytest.param(K.DPRD_KABKOTA, "33.03", "33.03.01", None, id="dprd-kab-kecamatan"),
        pytest.param(K.DPRD_KABKOTA, "33.03", "33.03", P.WILAYAH_LEVEL, id="dprd-kab-not-kab"),
        pytest.param(K.DPRD_KABKOTA, "31.71", "31.71.01", P.NOT_HELD, id="dprd-kab-not-dki"),
        pytest.param(K.GUBERNUR, "34", "34", P.NOT_HELD, id="gubernur-not-diy"),
        pytest.param(K.GUBERNUR, "33", "33", None, id="gubernur-jateng"),
        pytest.param(K.BUPATI, "33.03", "33.03", None, id="bupati-kabupaten"),
        pytest.param(K.BUPATI, "33.71", "33.71", P.NOT_HELD, id="bupati-not-kota"),
        pytest.param(K.WALIKOTA, "33.71", "33.71", None, id="walikota-kota"),
        pytest.param(K.WALIKOTA, "33.03", "33.03", P.NOT_HELD, id="walikota-not-kabupaten"),
    ],
)
def test_dapil_wilayah_problem(kontestasi, induk, wilayah, problem):
    assert dapil_wilayah_problem(kontestasi=kontestasi, induk=induk, wilayah=wilayah) == problem


@pytest.mark.parametrize(
    ("kontestasi", "kursi", "ok"),
    [
        pytest.param(K.DPR, 2, False, id="dpr-below-3"),
        pytest.param(K.DPR, 10, True, id="dpr-10"),
        pytest.param(K.DPR, 11, False, id="dpr-above-10"),
        pytest.param(K.DPRD_KABKOTA, 12, True, id="dprd-12"),
        pytest.param(K.DPD, 4, True, id="dpd-4"),
        pytest.param(K.DPD, 3, False, id="dpd-not-3"),
        pytest.param(K.PPWP, 1, True, id="ppwp-1"),
    ],
)
def test_kursi_in_range(kontestasi, kursi, ok):
    assert kursi_in_range(kontestasi=kontestasi, kursi=kursi) is ok


KAB = [f"33.03.0{c}.200{d}" for c in (1, 2) for d in (1, 2, 3)] + ["33.04.01.2001"]


def _gap(wilayah, *dapil):
    return CoverageGap(wilayah=wilayah, dapil_list=tuple(dapil))


@pytest.mark.parametrize(
    ("induk", "wilayah_by_dapil", "uncovered", "doubled"),
    [
        pytest.param(
            "33.03",
            {"a": ["33.03.01"], "b": ["33.03.02"]},
            [],
            [],
            id="partition",
        ),
        pytest.param(
            "33.03",
            {"a": ["33.03.01"]},
            [_gap("33.03.02")],
            [],
            id="whole-kecamatan-uncovered-not-its-desa",
        ),
        pytest.param(
            "33.03",
            {"a": ["33.03.01"], "b": ["33.03.02.2001", "33.03.02.2002"]},
            [_gap("33.03.02.2003")],
            [],
            id="one-desa-uncovered",
        ),
        pytest.param(
            "33.03",
            {"a": ["33.03"], "b": ["33.03.02"]},
            [],
            [_gap("33.03.02", "a", "b")],
            id="kecamatan-covered-twice-names-both",
        ),
        pytest.param(
            "33.03",
            {},
            [_gap("33.03")],
            [],
            id="nothing-covered-reports-induk",
        ),
        pytest.param(
            "",
            {"ri": [""]},
            [],
            [],
            id="nation",
        ),
        pytest.param(
            "",
            {"x": ["33.03"]},
            [_gap("33.04")],
            [],
            id="nation-uncovered-kabkota",
        ),
        pytest.param(
            "33",
            {"a": ["33.03.01", "33.03.02.2001"], "b": ["33.03.02", "33.04"]},
            [],
            [_gap("33.03.02.2001", "a", "b")],
            id="desa-covered-twice",
        ),
    ],
)
def test_coverage_check(induk, wilayah_by_dapil, uncovered, doubled):
    result = coverage_check(induk=induk, desa_list=KAB, wilayah_by_dapil=wilayah_by_dapil)
    assert result == Coverage(uncovered=uncovered, doubled=doubled)
    assert result.is_partition is (not uncovered and not doubled)


def test_coverage_ignores_desa_outside_the_induk():
    result = coverage_check(induk="33.03.01", desa_list=KAB, wilayah_by_dapil={"a": ["33.03.01"]})
    assert result.is_partition


# Property: assigning every kecamatan of a random tree to a random dapil is a partition; dropping
# one kecamatan's assignment reports exactly that kecamatan; adding it to a second dapil reports
# it covered by both.
_tree = st.dictionaries(
    keys=st.integers(min_value=1, max_value=30).map(lambda c: f"33.03.{c:02d}"),
    values=st.integers(min_value=1, max_value=5),
    min_size=2,
    max_size=12,
)


@given(tree=_tree, data=st.data())
def test_property_partition_gaps_and_overlaps(tree, data):
    desa_list = [f"{kec}.{2000 + d}" for kec, n in tree.items() for d in range(1, n + 1)]
    dapil_of = {kec: data.draw(st.sampled_from(["a", "b", "c"])) for kec in tree}
    by_dapil: dict[str, list[str]] = {}
    for kec, dapil in dapil_of.items():
        by_dapil.setdefault(dapil, []).append(kec)
    assert coverage_check(
        induk="33.03", desa_list=desa_list, wilayah_by_dapil=by_dapil
    ).is_partition

    dropped = data.draw(st.sampled_from(sorted(tree)))
    without = {d: [k for k in ks if k != dropped] for d, ks in by_dapil.items()}
    result = coverage_check(induk="33.03", desa_list=desa_list, wilayah_by_dapil=without)
    assert result.uncovered == [CoverageGap(wilayah=dropped, dapil_list=())]
    assert result.doubled == []

    other = "z"
    twice = {**by_dapil, other: [dropped]}
    result = coverage_check(induk="33.03", desa_list=desa_list, wilayah_by_dapil=twice)
    assert result.uncovered == []
    pair = tuple(sorted((dapil_of[dropped], other)))
    assert result.doubled == [CoverageGap(wilayah=dropped, dapil_list=pair)]
