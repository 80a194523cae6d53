import random
from typing import Any

import pytest

from selenggara.core.errors import RowError
from selenggara.pemilihan.domain.tps import (
    TPSRowInput,
    TPSRowValues,
    count_parse,
    dpt_sintetis,
    tps_row_check,
)


def _row(**overrides):
    values: dict[str, Any] = {
        "row": 5,
        "kode_desa": "33.03.01.2001",
        "nomor": "1",
        "alamat": "Balai Desa",
        "dpt_laki": "120",
        "dpt_perempuan": "125",
        "dpt": None,
    }
    values.update(overrides)
    return TPSRowInput(**values)


def test_valid_row_gives_values():
    result = tps_row_check(_row(dpt="245", kode_desa="3303012001", nomor="007"), batas_pemilih=300)
    assert isinstance(result, TPSRowValues)
    assert result.kode.value == "3303012001007"
    assert (result.dpt_laki, result.dpt_perempuan, result.dpt) == (120, 125, 245)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"kode_desa": ""}, "kode_desa", "Kode desa kosong.", id="desa-empty"),
        pytest.param(
            {"kode_desa": "33.03.01"},
            "kode_desa",
            "Kode 33.03.01 bukan kode desa/kelurahan (mis. 33.03.01.2001).",
            id="desa-is-kecamatan",
        ),
        pytest.param(
            {"kode_desa": "33.70.01.2001"},
            "kode_desa",
            "Kode wilayah tidak sah: '33.70.01.2001': kode kabupaten/kota 70 tidak ada "
            "(kabupaten 01-69, kota 71-99).",
            id="desa-impossible-code",
        ),
        pytest.param(
            {"dpt": "dua ratus"},
            "dpt",
            "DPT jumlah harus bilangan bulat, bukan 'dua ratus'.",
            id="total-text",
        ),
        pytest.param({"nomor": "0"}, "nomor", "Nomor TPS harus 1-999, bukan 0.", id="nomor-0"),
        pytest.param(
            {"nomor": "1000"}, "nomor", "Nomor TPS harus 1-999, bukan 1000.", id="nomor-1000"
        ),
        pytest.param(
            {"nomor": "satu"},
            "nomor",
            "Nomor TPS harus bilangan bulat, bukan 'satu'.",
            id="nomor-text",
        ),
        pytest.param(
            {"dpt_laki": "12a"},
            "dpt_laki",
            "DPT laki-laki harus bilangan bulat, bukan '12a'.",
            id="text-in-number",
        ),
        pytest.param(
            {"dpt_laki": "12.5"},
            "dpt_laki",
            "DPT laki-laki harus bilangan bulat, bukan '12.5'.",
            id="decimal",
        ),
        pytest.param(
            {"dpt_perempuan": "-3"},
            "dpt_perempuan",
            "DPT perempuan tidak boleh negatif: -3.",
            id="negative",
        ),
        pytest.param(
            {"dpt_perempuan": None},
            "dpt_perempuan",
            "DPT perempuan kosong; isi dengan angka (0 jika tidak ada).",
            id="empty-count",
        ),
        pytest.param(
            {"dpt": "250"},
            "dpt",
            "DPT jumlah 250 tidak sama dengan laki-laki 120 + perempuan 125 = 245.",
            id="total-not-sum",
        ),
        pytest.param(
            {"dpt_laki": "160", "dpt_perempuan": "150"},
            "dpt",
            "DPT 310 (laki-laki 160 + perempuan 150) melebihi batas 300 pemilih per TPS "
            "untuk pemilihan ini.",
            id="over-cap",
        ),
        pytest.param(
            {"alamat": "x" * 256}, "alamat", "Alamat lebih dari 255 karakter.", id="alamat-long"
        ),
    ],
)
def test_bad_row_names_field_and_value(overrides, field, message):
    assert tps_row_check(_row(**overrides), batas_pemilih=300) == [
        RowError(row=5, field=field, message=message)
    ]


def test_every_problem_of_a_row_is_reported():
    errors = tps_row_check(_row(nomor="x", dpt_laki="-1", dpt_perempuan="a"), batas_pemilih=300)
    assert isinstance(errors, list)
    assert [e.field for e in errors] == ["nomor", "dpt_laki", "dpt_perempuan"]


def test_cap_is_the_elections():
    assert isinstance(
        tps_row_check(_row(dpt_laki="300", dpt_perempuan="300"), batas_pemilih=600), TPSRowValues
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("0", 0, id="zero"),
        pytest.param(" 42 ", 42, id="spaces"),
        pytest.param("١٢", "X harus bilangan bulat, bukan '١٢'.", id="non-ascii-digits"),
        pytest.param("12345678", "X terlalu besar: 12345678.", id="too-big"),
    ],
)
def test_count_parse(raw, expected):
    assert count_parse(raw, label="X") == expected


@pytest.mark.parametrize("batas", [300, 600, 50, 1])
@pytest.mark.parametrize("is_khusus", [False, True])
def test_dpt_sintetis_stays_within_cap_and_is_deterministic(batas, is_khusus):
    first = [dpt_sintetis(rng=random.Random(7), batas_pemilih=batas, is_khusus=is_khusus)]
    again = [dpt_sintetis(rng=random.Random(7), batas_pemilih=batas, is_khusus=is_khusus)]
    assert first == again
    rng = random.Random(1)
    for _ in range(2000):
        laki, perempuan = dpt_sintetis(rng=rng, batas_pemilih=batas, is_khusus=is_khusus)
        assert laki >= 0
        assert perempuan >= 0
        assert laki + perempuan <= batas


def test_dpt_sintetis_averages_near_the_2024_mean():
    rng = random.Random(3)
    totals = [sum(dpt_sintetis(rng=rng, batas_pemilih=300, is_khusus=False)) for _ in range(5000)]
    assert 240 <= sum(totals) / len(totals) <= 255
