import pytest

from selenggara.pemilihan.domain.pemilihan import (
    KONTESTASI_BY_JENIS,
    JenisKontestasi,
    JenisPemilihan,
    kontestasi_at,
)
from selenggara.wilayah.domain.kode import KodeWilayah

K = JenisKontestasi
PEMILU = frozenset(KONTESTASI_BY_JENIS[JenisPemilihan.PEMILU])
PILKADA = frozenset(KONTESTASI_BY_JENIS[JenisPemilihan.PILKADA])


@pytest.mark.parametrize(
    ("jenis", "held", "desa", "expected"),
    [
        pytest.param(
            JenisPemilihan.PEMILU,
            PEMILU,
            "33.03.01.2001",
            [K.PPWP, K.DPR, K.DPD, K.DPRD_PROVINSI, K.DPRD_KABKOTA],
            id="pemilu-kabupaten-five-ballots",
        ),
        pytest.param(
            JenisPemilihan.PEMILU,
            PEMILU,
            "31.71.01.1001",
            [K.PPWP, K.DPR, K.DPD, K.DPRD_PROVINSI],
            id="pemilu-dki-no-dprd-kabkota",
        ),
        pytest.param(
            JenisPemilihan.PEMILU,
            PEMILU,
            "34.71.01.1001",
            [K.PPWP, K.DPR, K.DPD, K.DPRD_PROVINSI, K.DPRD_KABKOTA],
            id="pemilu-diy-has-dprd-kabkota",
        ),
        pytest.param(
            JenisPemilihan.PILKADA,
            PILKADA,
            "33.03.01.2001",
            [K.GUBERNUR, K.BUPATI],
            id="pilkada-kabupaten-bupati",
        ),
        pytest.param(
            JenisPemilihan.PILKADA,
            PILKADA,
            "33.71.01.1001",
            [K.GUBERNUR, K.WALIKOTA],
            id="pilkada-kota-walikota",
        ),
        pytest.param(
            JenisPemilihan.PILKADA,
            PILKADA,
            "31.71.01.1001",
            [K.GUBERNUR],
            id="pilkada-dki-only-gubernur",
        ),
        pytest.param(
            JenisPemilihan.PILKADA,
            PILKADA,
            "34.02.01.2001",
            [K.BUPATI],
            id="pilkada-diy-no-gubernur",
        ),
        pytest.param(
            JenisPemilihan.PILKADA,
            PILKADA,
            "34.71.01.1001",
            [K.WALIKOTA],
            id="pilkada-yogyakarta-walikota-only",
        ),
        pytest.param(
            JenisPemilihan.PILKADA,
            frozenset({K.BUPATI, K.WALIKOTA}),
            "33.03.01.2001",
            [K.BUPATI],
            id="pilkada-without-gubernur",
        ),
        pytest.param(
            JenisPemilihan.PEMILU,
            frozenset({K.PPWP}),
            "33.03.01.2001",
            [K.PPWP],
            id="only-what-is-held",
        ),
    ],
)
def test_kontestasi_at(jenis, held, desa, expected):
    assert kontestasi_at(jenis=jenis, held=held, desa=KodeWilayah.parse(desa)) == expected
