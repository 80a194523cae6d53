import pytest

from selenggara.tungsura.domain.kejadian import (
    URAIAN_MAX,
    URAIAN_MIN,
    JenisCatatan,
    Kategori,
    Pengaju,
    uraian_check,
)


@pytest.mark.parametrize(
    ("uraian", "expected"),
    [
        pytest.param("", "terlalu_pendek", id="empty"),
        pytest.param("   \n\t ", "terlalu_pendek", id="whitespace-only"),
        pytest.param("x" * (URAIAN_MIN - 1), "terlalu_pendek", id="one-short"),
        pytest.param("  " + "x" * (URAIAN_MIN - 1) + "  ", "terlalu_pendek", id="padding-ignored"),
        pytest.param("x" * URAIAN_MIN, None, id="minimum"),
        pytest.param("Saksi 02 keberatan atas 3 suara tidak sah.", None, id="ordinary"),
        pytest.param("x" * URAIAN_MAX, None, id="maximum"),
        pytest.param(" " + "x" * URAIAN_MAX + " ", None, id="maximum-with-padding"),
        pytest.param("x" * (URAIAN_MAX + 1), "terlalu_panjang", id="one-too-many"),
    ],
)
def test_uraian_check(uraian, expected):
    assert uraian_check(uraian) == expected


def test_codes_are_stable_strings_for_the_api():
    assert [j.value for j in JenisCatatan] == ["kejadian_khusus", "keberatan"]
    assert Kategori("lainnya") is Kategori.LAINNYA
    assert Pengaju("pengawas_tps") is Pengaju.PENGAWAS_TPS
    assert len(set(Kategori)) == 7
    assert len(set(Pengaju)) == 5
