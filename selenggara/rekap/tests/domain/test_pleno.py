from __future__ import annotations

import datetime as dt

import pytest

from selenggara.rekap.domain.pleno import (
    Aksi,
    StatusButir,
    StatusPleno,
    TingkatPleno,
    aksi_mungkin,
    jadwal_for,
    peran_boleh,
    status_setelah_butir,
    terlambat,
)

K, KK, P, N = (
    TingkatPleno.KECAMATAN,
    TingkatPleno.KABKOTA,
    TingkatPleno.PROVINSI,
    TingkatPleno.NASIONAL,
)


@pytest.mark.parametrize(
    ("peran", "tingkat", "aksi", "boleh"),
    [
        ("ppk", K, Aksi.BUKA, True),
        ("ppk", K, Aksi.KOREKSI, True),
        ("ppk", K, Aksi.TETAPKAN, True),
        ("ppk", K, Aksi.BUKA_KEMBALI, False),
        ("ppk", KK, Aksi.BUKA, False),
        ("kpu_kabkota", K, Aksi.BUKA_KEMBALI, True),
        ("kpu_kabkota", K, Aksi.KOREKSI, False),
        ("kpu_kabkota", KK, Aksi.TETAPKAN, True),
        ("kpu_provinsi", KK, Aksi.BUKA_KEMBALI, True),
        ("kpu_provinsi", P, Aksi.BUKA, True),
        ("kpu_ri", P, Aksi.BUKA_KEMBALI, True),
        ("kpu_ri", N, Aksi.TETAPKAN, True),
        ("kpu_ri", N, Aksi.BUKA_KEMBALI, False),
        ("pengawas", K, Aksi.KEBERATAN, True),
        ("pengawas", K, Aksi.KOREKSI, False),
        ("saksi", K, Aksi.KEBERATAN, False),
        ("pps", K, Aksi.BUKA, False),
    ],
)
def test_peran_boleh(peran: str, tingkat: TingkatPleno, aksi: Aksi, boleh: bool) -> None:
    assert peran_boleh(peran=peran, tingkat=tingkat, aksi=aksi) is boleh


@pytest.mark.parametrize(
    ("status", "aksi", "mungkin"),
    [
        (StatusPleno.BELUM_DIBUKA, Aksi.BUKA, True),
        (StatusPleno.DIBUKA, Aksi.BUKA, False),
        (StatusPleno.BELUM_DIBUKA, Aksi.KOREKSI, False),
        (StatusPleno.DIBUKA, Aksi.KOREKSI, True),
        (StatusPleno.SELESAI, Aksi.KEBERATAN, True),
        (StatusPleno.DIBUKA, Aksi.TETAPKAN, False),
        (StatusPleno.SELESAI, Aksi.TETAPKAN, True),
        (StatusPleno.DITETAPKAN, Aksi.KOREKSI, False),
        (StatusPleno.DITETAPKAN, Aksi.BUKA_KEMBALI, True),
        (StatusPleno.DIBUKA, Aksi.BUKA_KEMBALI, False),
    ],
)
def test_aksi_mungkin(status: StatusPleno, aksi: Aksi, mungkin: bool) -> None:
    assert aksi_mungkin(status, aksi) is mungkin


B, D, C = StatusButir.BELUM, StatusButir.DIBACA, StatusButir.DIKOREKSI


@pytest.mark.parametrize(
    ("butir", "terbuka", "anak", "status"),
    [
        ([D, C], 0, True, StatusPleno.SELESAI),
        ([], 0, True, StatusPleno.SELESAI),
        ([D, B], 0, True, StatusPleno.DIBUKA),
        ([D, C], 1, True, StatusPleno.DIBUKA),
        ([D, C], 0, False, StatusPleno.DIBUKA),
    ],
)
def test_status_setelah_butir(
    butir: list[StatusButir], terbuka: int, anak: bool, status: StatusPleno
) -> None:
    assert (
        status_setelah_butir(butir=butir, keberatan_terbuka=terbuka, anak_terkunci=anak) is status
    )


def test_jadwal_for_pemilu_2024_is_the_pkpu_preset_and_shifts_with_polling_day() -> None:
    jadwal = jadwal_for(hari_pemungutan=dt.date(2024, 2, 14), tingkat=K)
    assert (jadwal.mulai, jadwal.selesai) == (dt.date(2024, 2, 15), dt.date(2024, 3, 2))
    later = jadwal_for(hari_pemungutan=dt.date(2029, 2, 14), tingkat=N)
    assert later.selesai - later.mulai == dt.timedelta(days=27)


@pytest.mark.parametrize(
    ("status", "hari", "late"),
    [
        (StatusPleno.DIBUKA, dt.date(2024, 3, 3), True),
        (StatusPleno.DIBUKA, dt.date(2024, 3, 2), False),
        (StatusPleno.DITETAPKAN, dt.date(2024, 3, 9), False),
    ],
)
def test_terlambat(status: StatusPleno, hari: dt.date, late: bool) -> None:
    jadwal = jadwal_for(hari_pemungutan=dt.date(2024, 2, 14), tingkat=K)
    assert terlambat(status=status, jadwal=jadwal, hari_ini=hari) is late
