from selenggara.bimtek.domain.jadwal import KPPS_PER_TPS
from selenggara.bimtek.domain.sintetis import PELATIH_PPK, pelatih_sintetis, tempat_sintetis

DESA = [(f"33.03.01.20{i:02d}", f"Desa {i}") for i in range(1, 15)]


def test_venues_hold_the_teams_with_room_to_spare_and_are_deterministic():
    venues = tempat_sintetis(
        kecamatan_kode="33.03.01",
        kecamatan_nama="Kemangkon",
        desa_list=DESA,
        jumlah_tim=190,
        jumlah_hari=5,
    )

    seats = sum(v.tempat.kapasitas * len(v.tempat.waktu) for v in venues)
    assert seats >= 190 * KPPS_PER_TPS * 1.4
    assert venues[0].nama == "Aula Kecamatan Kemangkon"
    assert len(venues[0].tempat.waktu) == 5
    assert all(len(v.tempat.waktu) == 4 for v in venues[1:])
    assert venues == tempat_sintetis(
        kecamatan_kode="33.03.01",
        kecamatan_nama="Kemangkon",
        desa_list=DESA,
        jumlah_tim=190,
        jumlah_hari=5,
    )


def test_short_window_keeps_desa_halls_open_every_day():
    venues = tempat_sintetis(
        kecamatan_kode="33.03.01",
        kecamatan_nama="K",
        desa_list=DESA,
        jumlah_tim=60,
        jumlah_hari=2,
        slot_per_hari=2,
    )

    assert len(venues) > 1
    assert all(len(v.tempat.waktu) == 4 for v in venues)


def test_small_kecamatan_needs_only_its_hall():
    venues = tempat_sintetis(
        kecamatan_kode="33.03.01", kecamatan_nama="K", desa_list=DESA, jumlah_tim=10, jumlah_hari=5
    )

    assert [v.tempat.kode for v in venues] == ["33.03.01-0"]


def test_trainers_are_the_ppk_and_two_pps_per_desa():
    pelatih = pelatih_sintetis(kecamatan_kode="33.03.01", jumlah_desa=14, jumlah_hari=5)

    assert len(pelatih) == PELATIH_PPK + 28
    assert all(len(p.waktu) == 5 for p in pelatih)


def test_a_dense_kecamatan_gets_trainers_for_every_venue_at_once():
    pelatih = pelatih_sintetis(
        kecamatan_kode="31.75.06", jumlah_desa=7, jumlah_hari=5, kursi_per_slot=3_001
    )

    assert len(pelatih) == 76  # 3,001 seats at 40 a trainer; more than 5 + 2 x 7


def test_dense_kecamatan_adds_school_halls_after_the_desa_halls():
    venues = tempat_sintetis(
        kecamatan_kode="33.03.01",
        kecamatan_nama="K",
        desa_list=DESA[:2],
        jumlah_tim=300,
        jumlah_hari=5,
    )

    seats = sum(v.tempat.kapasitas * len(v.tempat.waktu) for v in venues)
    assert seats >= 300 * KPPS_PER_TPS * 1.4
    assert [v.nama.split(" ")[0] for v in venues[1:3]] == ["Balai", "Balai"]
    assert venues[3].nama.startswith("Aula SD Negeri 1")


def test_school_halls_stop_at_twenty_rounds():
    venues = tempat_sintetis(
        kecamatan_kode="33.03.01",
        kecamatan_nama="K",
        desa_list=DESA[:2],
        jumlah_tim=100_000,
        jumlah_hari=5,
    )

    assert len(venues) == 1 + 2 * 20
