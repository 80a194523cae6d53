from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.pembentukan.domain.tahapan import (
    JADWAL_TEMPLATES,
    JadwalInvalid,
    Jendela,
    JenisBadan,
    Tahapan,
    TahapanClosed,
    tahapan_check,
)

PEMILU = JADWAL_TEMPLATES["pemilu-2024/kpps"]
PILKADA = JADWAL_TEMPLATES["pilkada-2024/kpps"]


@pytest.mark.parametrize(
    ("jadwal", "tahapan", "on"),
    [
        pytest.param(PEMILU, Tahapan.PENDAFTARAN, date(2023, 12, 11), id="pemilu-first-day"),
        pytest.param(PEMILU, Tahapan.PENDAFTARAN, date(2023, 12, 20), id="pemilu-last-day"),
        pytest.param(PEMILU, Tahapan.PENETAPAN, date(2024, 1, 24), id="pemilu-penetapan"),
        pytest.param(PEMILU, Tahapan.MASA_KERJA, date(2024, 2, 14), id="pemilu-polling-day"),
        pytest.param(PILKADA, Tahapan.PENDAFTARAN, date(2024, 9, 28), id="pilkada-last-day"),
        pytest.param(PILKADA, Tahapan.PELANTIKAN, date(2024, 11, 7), id="pilkada-pelantikan"),
    ],
)
def test_tahapan_check_allows_inside_the_window(jadwal, tahapan, on):
    tahapan_check(jadwal, tahapan, on)


@pytest.mark.parametrize(
    ("jadwal", "tahapan", "on", "message"),
    [
        pytest.param(
            PEMILU,
            Tahapan.PENDAFTARAN,
            date(2023, 12, 21),
            "Pendaftaran dibuka 11–20 Desember 2023; tanggal 21 Desember 2023 di luar jadwal.",
            id="pemilu-registration-closed",
        ),
        pytest.param(
            PEMILU,
            Tahapan.PENDAFTARAN,
            date(2023, 12, 10),
            "Pendaftaran dibuka 11–20 Desember 2023; tanggal 10 Desember 2023 di luar jadwal.",
            id="pemilu-registration-not-open",
        ),
        pytest.param(
            PEMILU,
            Tahapan.MASA_KERJA,
            date(2024, 2, 26),
            "Masa kerja berlangsung 25 Januari – 25 Februari 2024; tanggal 26 Februari 2024 di luar jadwal.",
            id="pemilu-term-over",
        ),
        pytest.param(
            PEMILU,
            Tahapan.PENETAPAN,
            date(2024, 1, 23),
            "Penetapan dijadwalkan 24 Januari 2024; tanggal 23 Januari 2024 di luar jadwal.",
            id="pemilu-penetapan-early",
        ),
        pytest.param(
            PILKADA,
            Tahapan.PENGUMUMAN_HASIL_PENELITIAN,
            date(2024, 10, 3),
            "Pengumuman hasil penelitian administrasi berlangsung 30 September – 2 Oktober 2024; "
            "tanggal 3 Oktober 2024 di luar jadwal.",
            id="pilkada-across-months",
        ),
    ],
)
def test_tahapan_check_refuses_outside_naming_the_window(jadwal, tahapan, on, message):
    with pytest.raises(TahapanClosed) as info:
        tahapan_check(jadwal, tahapan, on)
    assert info.value.message == message
    assert info.value.code == "tahapan_closed"
    assert info.value.params["tahapan"] == tahapan.value


def test_tahapan_check_refuses_a_stage_the_schedule_lacks():
    jadwal = JADWAL_TEMPLATES["pemilu-2024/petugas-ketertiban"]
    assert jadwal.badan is JenisBadan.PETUGAS_KETERTIBAN
    with pytest.raises(TahapanClosed) as info:
        tahapan_check(jadwal, Tahapan.PENDAFTARAN, date(2023, 12, 15))
    assert "Pendaftaran tidak ada dalam jadwal" in info.value.message


@pytest.mark.parametrize("kode", sorted(JADWAL_TEMPLATES))
def test_templates_are_ordered_and_well_formed(kode):
    jadwal = JADWAL_TEMPLATES[kode]
    assert jadwal.kode == kode
    order = list(Tahapan)
    positions = [order.index(j.tahapan) for j in jadwal.jendela_list]
    assert positions == sorted(positions)
    starts = [j.mulai for j in jadwal.jendela_list]
    assert starts == sorted(starts)
    assert jadwal.jendela(Tahapan.MASA_KERJA) is not None


def test_kpps_templates_have_every_stage():
    for jadwal in (PEMILU, PILKADA):
        assert [j.tahapan for j in jadwal.jendela_list] == list(Tahapan)


def test_tahapan_aktif_lists_overlapping_stages():
    assert PEMILU.tahapan_aktif(date(2023, 12, 12)) == [
        Tahapan.PENGUMUMAN,
        Tahapan.PENDAFTARAN,
        Tahapan.PENELITIAN_ADMINISTRASI,
    ]
    assert PEMILU.tahapan_aktif(date(2024, 1, 1)) == []


def test_a_window_cannot_end_before_it_starts():
    with pytest.raises(JadwalInvalid) as info:
        Jendela(tahapan=Tahapan.PENDAFTARAN, mulai=date(2023, 12, 20), selesai=date(2023, 12, 11))
    assert "Pendaftaran" in info.value.message


@given(
    mulai=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    panjang=st.integers(0, 60),
    geser=st.integers(-90, 90),
)
def test_check_agrees_with_the_window(mulai, panjang, geser):
    selesai = mulai + timedelta(days=panjang)
    jadwal = type(PEMILU)(
        kode="x",
        nama="X",
        badan=JenisBadan.KPPS,
        jendela_list=(Jendela(tahapan=Tahapan.PENDAFTARAN, mulai=mulai, selesai=selesai),),
    )
    on = mulai + timedelta(days=geser)
    if mulai <= on <= selesai:
        tahapan_check(jadwal, Tahapan.PENDAFTARAN, on)
    else:
        with pytest.raises(TahapanClosed) as info:
            tahapan_check(jadwal, Tahapan.PENDAFTARAN, on)
        assert info.value.params["mulai"] == mulai.isoformat()
