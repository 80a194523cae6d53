import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.core.errors import InvalidInput
from selenggara.pembentukan.domain.honorarium import (
    SANTUNAN,
    TARIF_HONORARIUM,
    Jabatan,
    JenisSantunan,
    anggaran,
    jumlah_jabatan,
    santunan_list,
)

PEMILU = TARIF_HONORARIUM["pemilu-2024"]
PILKADA = TARIF_HONORARIUM["pilkada-2024"]


@pytest.mark.parametrize(
    ("tarif", "ketua", "anggota", "ketertiban"),
    [
        pytest.param(PEMILU, 1_200_000, 1_100_000, 700_000, id="pemilu-2024"),
        pytest.param(PILKADA, 900_000, 850_000, 650_000, id="pilkada-2024"),
        pytest.param(TARIF_HONORARIUM["pemilu-2019"], 550_000, 500_000, 500_000, id="pemilu-2019"),
    ],
)
def test_rates_per_election(tarif, ketua, anggota, ketertiban):
    assert tarif.tarif(Jabatan.KETUA_KPPS) == ketua
    assert tarif.tarif(Jabatan.ANGGOTA_KPPS) == anggota
    assert tarif.tarif(Jabatan.PETUGAS_KETERTIBAN) == ketertiban


def test_santunan_table():
    assert SANTUNAN == {
        JenisSantunan.MENINGGAL_DUNIA: 36_000_000,
        JenisSantunan.CACAT_PERMANEN: 30_800_000,
        JenisSantunan.LUKA_BERAT: 16_500_000,
        JenisSantunan.LUKA_SEDANG: 8_250_000,
        JenisSantunan.BANTUAN_PEMAKAMAN: 10_000_000,
    }


def test_santunan_list_labels_every_case_in_order():
    rows = santunan_list()

    assert [r.jenis for r in rows] == list(JenisSantunan)
    assert [r.besaran for r in rows] == [SANTUNAN[j] for j in JenisSantunan]
    assert rows[0].jenis.label == "Meninggal dunia"
    assert all(r.jenis.label for r in rows)


@pytest.mark.parametrize(
    ("tarif", "tps", "bulan", "total"),
    [
        pytest.param(PEMILU, 1, 1, 7_800_000 + 1_400_000, id="one-tps"),
        pytest.param(PEMILU, 820_161, 1, 820_161 * 9_200_000, id="national-pemilu"),
        pytest.param(
            PILKADA,
            2_964,
            2,
            2_964 * (900_000 + 6 * 850_000 + 2 * 650_000) * 2,
            id="purbalingga-2-months",
        ),
        pytest.param(PEMILU, 0, 1, 0, id="no-tps"),
    ],
)
def test_anggaran_from_tps_count(tarif, tps, bulan, total):
    hasil = anggaran(jumlah_jabatan(tps=tps), tarif, bulan=bulan)
    assert hasil.total == total
    assert [b.jabatan for b in hasil.baris] == list(Jabatan)
    assert hasil.tarif is tarif


def test_national_kpps_honoraria_match_domain_md():
    # domain.md 6: 820,161 x Rp7.8 m ≈ Rp6.40 trillion before Linmas.
    counts = jumlah_jabatan(tps=820_161)
    del counts[Jabatan.PETUGAS_KETERTIBAN]
    assert anggaran(counts, PEMILU).total == 6_397_255_800_000


@pytest.mark.parametrize(
    ("counts", "bulan", "field"),
    [
        pytest.param({Jabatan.KETUA_KPPS: -1}, 1, "ketua_kpps", id="negative"),
        pytest.param({Jabatan.KETUA_KPPS: 1}, 0, "bulan", id="zero-months"),
    ],
)
def test_anggaran_refuses_impossible_input(counts, bulan, field):
    with pytest.raises(InvalidInput) as info:
        anggaran(counts, PEMILU, bulan=bulan)
    assert info.value.params["field"] == field


@given(
    counts=st.dictionaries(st.sampled_from(Jabatan), st.integers(0, 10**7)),
    bulan=st.integers(1, 12),
    kode=st.sampled_from(sorted(TARIF_HONORARIUM)),
)
def test_total_is_the_sum_of_lines(counts, bulan, kode):
    tarif = TARIF_HONORARIUM[kode]
    hasil = anggaran(counts, tarif, bulan=bulan)
    assert hasil.total == sum(n * tarif.tarif(j) * bulan for j, n in counts.items())
    assert all(b.subtotal == b.jumlah_orang * b.tarif * b.bulan for b in hasil.baris)
    assert all(j.label for j in Jabatan)
