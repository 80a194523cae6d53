"""The shortfall sentences the plan page and ``bimtek rencanakan`` show (Indonesian)."""

import datetime as dt

import pytest

from selenggara.bimtek.domain.kelayakan import JenisPerbaikan
from selenggara.bimtek.messages import kekurangan, tanpa_jadwal

HARI = [dt.date(2024, 1, 26), dt.date(2024, 1, 27)]


def _item(jauh: bool = False, perbaikan: dict[str, object] | None = None) -> dict[str, object]:
    return {
        "kecamatan": "33.03.01",
        "perlu": 28,
        "tersedia": 21,
        "kurang": 7,
        "kursi_per_hari": [0, 21],
        "jauh": jauh,
        "perbaikan": perbaikan,
    }


@pytest.mark.parametrize(
    ("jenis", "jumlah", "expected"),
    [
        (JenisPerbaikan.KAPASITAS, 7, "tambah kapasitas Aula Kecamatan sebanyak 7 kursi per sesi"),
        (JenisPerbaikan.SLOT_KEDUA, 2, "tambah sesi kedua (siang) pada 2 hari"),
        (
            JenisPerbaikan.HARI_TRANSPORTASI,
            1,
            "sediakan transportasi untuk desa jauh pada 1 hari lagi",
        ),
        (JenisPerbaikan.HARI_TAMBAHAN, 1, "tambah 1 hari bimtek"),
        (JenisPerbaikan.PELATIH, 3, "tambah 3 pelatih"),
        (
            JenisPerbaikan.TEMPAT_BARU,
            14,
            "sediakan tempat bimtek di kecamatan ini dengan kapasitas 14 kursi per sesi",
        ),
    ],
)
def test_each_fix_is_worded(jenis, jumlah, expected):
    fix = {"jenis": str(jenis), "jumlah": jumlah, "tempat": "5" if jenis == "kapasitas" else ""}

    text = kekurangan(_item(perbaikan=fix), "Kemangkon", HARI, {"5": "Aula Kecamatan"})

    assert text == (
        "Kecamatan Kemangkon kekurangan 7 kursi: perlu 28, tersedia 21 (26 Jan: 0, 27 Jan: 21)."
        f" Perbaikan terkecil: {expected}."
    )


def test_far_desa_shortfall_names_the_transport_days():
    text = kekurangan(_item(jauh=True), "Kemangkon", HARI, {})

    assert text == (
        "Kecamatan Kemangkon kekurangan 7 kursi untuk TPS desa jauh pada hari dengan "
        "transportasi (perlu 28, tersedia 21; 26 Jan: 0, 27 Jan: 21)."
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("INFEASIBLE", "aturan tidak dapat dipenuhi bersama"),
        ("UNKNOWN", "jadwal belum ditemukan dalam batas waktu"),
    ],
)
def test_a_kecamatan_without_a_schedule_and_no_shortfall_is_still_explained(status, expected):
    assert expected in tanpa_jadwal(status, "Kemangkon")
    assert "Kemangkon" in tanpa_jadwal(status, "Kemangkon")
