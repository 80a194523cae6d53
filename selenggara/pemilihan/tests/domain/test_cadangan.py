import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.pemilihan.domain.cadangan import (
    BASIS_POIN_PEMILU,
    BASIS_POIN_PILKADA,
    Pembulatan,
    cadangan_surat_suara,
    surat_suara_per_tps,
)

ATAS = Pembulatan.KE_ATAS
DEKAT = Pembulatan.TERDEKAT
BAWAH = Pembulatan.KE_BAWAH


@pytest.mark.parametrize(
    ("dpt", "basis_poin", "pembulatan", "expected"),
    [
        pytest.param(0, BASIS_POIN_PEMILU, ATAS, 0, id="empty-tps"),
        pytest.param(1, BASIS_POIN_PEMILU, ATAS, 1, id="one-voter-rounds-up-to-one"),
        pytest.param(250, BASIS_POIN_PEMILU, ATAS, 5, id="250-exactly-5-never-6"),
        pytest.param(201, BASIS_POIN_PEMILU, ATAS, 5, id="201-is-4.02-up-to-5"),
        pytest.param(200, BASIS_POIN_PEMILU, ATAS, 4, id="200-exactly-4"),
        pytest.param(300, BASIS_POIN_PEMILU, ATAS, 6, id="300-cap-6"),
        pytest.param(201, BASIS_POIN_PEMILU, DEKAT, 4, id="nearest-4.02-is-4"),
        pytest.param(225, BASIS_POIN_PEMILU, DEKAT, 5, id="nearest-half-4.5-rounds-up"),
        pytest.param(224, BASIS_POIN_PEMILU, DEKAT, 4, id="nearest-4.48-is-4"),
        pytest.param(299, BASIS_POIN_PEMILU, DEKAT, 6, id="nearest-5.98-is-6"),
        pytest.param(299, BASIS_POIN_PEMILU, BAWAH, 5, id="down-5.98-is-5"),
        pytest.param(250, BASIS_POIN_PEMILU, BAWAH, 5, id="down-exact-5"),
        pytest.param(49, BASIS_POIN_PEMILU, BAWAH, 0, id="down-0.98-is-0"),
        pytest.param(250, BASIS_POIN_PILKADA, ATAS, 7, id="pilkada-6.25-up-to-7"),
        pytest.param(250, BASIS_POIN_PILKADA, DEKAT, 6, id="pilkada-6.25-nearest-6"),
        pytest.param(250, BASIS_POIN_PILKADA, BAWAH, 6, id="pilkada-6.25-down-6"),
        pytest.param(600, BASIS_POIN_PILKADA, ATAS, 15, id="pilkada-cap-600-exactly-15"),
        pytest.param(420, BASIS_POIN_PILKADA, DEKAT, 11, id="pilkada-10.5-nearest-11"),
        pytest.param(300, 0, ATAS, 0, id="no-reserve"),
    ],
)
def test_cadangan_surat_suara(dpt, basis_poin, pembulatan, expected):
    assert cadangan_surat_suara(dpt=dpt, basis_poin=basis_poin, pembulatan=pembulatan) == expected


@pytest.mark.parametrize(
    ("pembulatan", "expected"),
    [
        pytest.param("ke_atas", 5, id="ke-atas"),
        pytest.param("terdekat", 4, id="terdekat"),
        pytest.param("ke_bawah", 4, id="ke-bawah"),
    ],
)
def test_stored_string_rounds_as_its_mode(pembulatan, expected):
    # A model field holds the plain string; it used to fall through to the nearest rounding.
    reserve = cadangan_surat_suara(dpt=201, basis_poin=200, pembulatan=pembulatan)

    assert reserve == expected


def test_unknown_rounding_mode_raises():
    with pytest.raises(ValueError, match="is not a valid Pembulatan"):
        cadangan_surat_suara(dpt=201, basis_poin=200, pembulatan="acak")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dpt", "basis_poin"),
    [pytest.param(-1, 200, id="negative-dpt"), pytest.param(250, -200, id="negative-basis")],
)
def test_negative_input_raises(dpt, basis_poin):
    with pytest.raises(ValueError, match="must not be negative"):
        cadangan_surat_suara(dpt=dpt, basis_poin=basis_poin, pembulatan=ATAS)


@pytest.mark.parametrize(
    ("dpt", "expected"),
    [
        pytest.param(250, 255, id="250"),
        pytest.param(201, 206, id="201"),
        pytest.param(0, 0, id="0"),
    ],
)
def test_surat_suara_per_tps_is_dpt_plus_reserve(dpt, expected):
    assert surat_suara_per_tps(dpt=dpt, basis_poin=BASIS_POIN_PEMILU, pembulatan=ATAS) == expected


@given(st.integers(0, 1000), st.integers(0, 10_000))
def test_modes_are_ordered_and_at_most_one_apart(dpt, basis_poin):
    def reserve(mode):
        return cadangan_surat_suara(dpt=dpt, basis_poin=basis_poin, pembulatan=mode)

    assert reserve(BAWAH) <= reserve(DEKAT) <= reserve(ATAS) <= reserve(BAWAH) + 1
    assert reserve(BAWAH) * 10_000 <= dpt * basis_poin <= reserve(ATAS) * 10_000
