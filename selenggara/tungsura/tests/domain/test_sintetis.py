import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.pemilihan.domain.cadangan import (
    BASIS_POIN_PEMILU,
    Pembulatan,
    cadangan_surat_suara,
)
from selenggara.tungsura.domain.lembar import (
    ANGKA_MAKS_KOTAK,
    DPT,
    BarisPartai,
    SusunanSuara,
    isian_check,
)
from selenggara.tungsura.domain.pemeriksaan import Kode, KonteksTPS, Tingkat, c_hasil_check
from selenggara.tungsura.domain.sintetis import (
    BOBOT_PPWP_2024,
    KUNCI_PENGGUNA,
    baris_tertukar,
    lembar_sintetis,
    pengguna_sintetis,
    salah_baca_ratusan,
)

PPWP = SusunanSuara(calon=(1, 2, 3))
DPR = SusunanSuara(
    partai=(
        BarisPartai(nomor=1, calon=(1, 2, 3)),
        BarisPartai(nomor=2, calon=(1,)),
        BarisPartai(nomor=3, calon=()),
    )
)
DPD = SusunanSuara(calon=tuple(range(1, 14)))


def konteks_of(dpt_l, dpt_p, *, batas_pemilih=300):
    def reserve(dpt):
        return cadangan_surat_suara(
            dpt=dpt, basis_poin=BASIS_POIN_PEMILU, pembulatan=Pembulatan.KE_ATAS
        )

    return KonteksTPS(
        dpt_l=dpt_l,
        dpt_p=dpt_p,
        batas_pemilih=batas_pemilih,
        cadangan=reserve(dpt_l + dpt_p),
        cadangan_batas=reserve(batas_pemilih),
    )


KONTEKS = konteks_of(125, 125)


def check(angka, susunan, konteks=KONTEKS):
    return c_hasil_check(angka, susunan=susunan, konteks=konteks)


@st.composite
def layouts(draw):
    """1-5 pairs, or 1-18 parties with 0-12 candidates each."""
    if draw(st.booleans()):
        return SusunanSuara(calon=tuple(range(1, draw(st.integers(1, 5)) + 1)))
    sizes = draw(st.lists(st.integers(0, 12), min_size=1, max_size=18))
    return SusunanSuara(
        partai=tuple(
            BarisPartai(nomor=p, calon=tuple(range(1, n + 1))) for p, n in enumerate(sizes, 1)
        )
    )


@st.composite
def konteks_list(draw):
    dpt = draw(st.integers(0, 300))
    dpt_l = draw(st.integers(0, dpt))
    return konteks_of(dpt_l, dpt - dpt_l)


@st.composite
def sheets(draw):
    susunan = draw(layouts())
    konteks = draw(konteks_list())
    rng = random.Random(draw(st.integers(0, 2**32)))
    return susunan, konteks, lembar_sintetis(rng=rng, susunan=susunan, konteks=konteks)


# --- A generated sheet is a consistent paper ----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(sheets())
def test_generated_sheet_passes_every_check(sheet):
    susunan, konteks, angka = sheet

    assert list(angka) == susunan.kunci_semua()
    assert isian_check(angka, susunan) == []
    assert check(angka, susunan, konteks) == []
    assert max(angka.values()) <= min(ANGKA_MAKS_KOTAK, konteks.batas_atas)
    assert angka["surat_suara_diterima"] == konteks.alokasi_dengan_dptb(angka["pengguna_dptb_j"])
    assert angka["pengguna_total_j"] <= angka["surat_suara_diterima"]
    assert [angka[k] for k in DPT] == [konteks.dpt_l, konteks.dpt_p, konteks.dpt]


@settings(max_examples=60, deadline=None)
@given(sheets(), st.data())
def test_changing_any_one_number_is_a_galat_naming_it(sheet, data):
    # No exception to state: every key sits in an equality (pemeriksaan.identitas_kunci, and
    # test_every_key_sits_once_in_at_least_one_equality proves it for any layout).
    susunan, konteks, angka = sheet
    key = data.draw(st.sampled_from(susunan.kunci_semua()), label="key")
    delta = data.draw(st.integers(-angka[key], 2 * ANGKA_MAKS_KOTAK).filter(bool), label="delta")

    temuan = check({**angka, key: angka[key] + delta}, susunan, konteks)

    assert any(t.tingkat is Tingkat.GALAT and key in t.kunci for t in temuan)


def test_same_seed_gives_the_same_sheet():
    def make(seed):
        return lembar_sintetis(rng=random.Random(seed), susunan=DPR, konteks=KONTEKS)

    assert make(7) == make(7)
    assert make(7) != make(8)


def test_empty_tps_gives_an_all_zero_sheet():
    konteks = konteks_of(0, 0)

    angka = lembar_sintetis(rng=random.Random(1), susunan=DPR, konteks=konteks)

    assert set(angka.values()) == {0}
    assert check(angka, DPR, konteks) == []


def test_tps_at_the_cap_stays_within_the_boxes_and_the_bound():
    konteks = konteks_of(150, 150)
    rng = random.Random(3)
    for _ in range(50):
        pengguna = pengguna_sintetis(rng=rng, konteks=konteks, partisipasi_permil=1000)
        angka = lembar_sintetis(rng=rng, susunan=PPWP, konteks=konteks, pengguna=pengguna)
        assert check(angka, PPWP, konteks) == []
        assert angka["pengguna_total_j"] <= 306


# --- Section I and III shared by the contests of one TPS ------------------------------------------


def test_five_contests_of_one_tps_share_their_voters():
    rng = random.Random(2024)
    pengguna = pengguna_sintetis(rng=rng, konteks=KONTEKS)
    layouts_5 = [PPWP, DPR, DPD, DPR, DPR]

    sheets_5 = [
        lembar_sintetis(rng=rng, susunan=s, konteks=KONTEKS, pengguna=pengguna) for s in layouts_5
    ]

    for angka, susunan in zip(sheets_5, layouts_5, strict=True):
        assert check(angka, susunan) == []
        assert {k: angka[k] for k in KUNCI_PENGGUNA} == pengguna
    # Ballots returned damaged and invalid votes are each contest's own.
    assert (
        len({(a["surat_suara_rusak"], a["suara_tidak_sah"], a["suara_sah"]) for a in sheets_5}) > 1
    )


def test_pengguna_has_sections_i_and_iii_only():
    pengguna = pengguna_sintetis(rng=random.Random(1), konteks=KONTEKS)

    assert list(pengguna) == list(KUNCI_PENGGUNA)
    assert (pengguna["dpt_l"], pengguna["dpt_p"], pengguna["dpt_j"]) == (125, 125, 250)


@pytest.mark.parametrize(
    ("permil", "dpt_users"),
    [pytest.param(0, (0, 0), id="nobody"), pytest.param(1000, (125, 125), id="everybody")],
)
def test_turnout_is_the_share_of_the_dpt_that_votes(permil, dpt_users):
    pengguna = pengguna_sintetis(rng=random.Random(1), konteks=KONTEKS, partisipasi_permil=permil)

    assert (pengguna["pengguna_dpt_l"], pengguna["pengguna_dpt_p"]) == dpt_users


def test_default_turnout_is_75_to_85_percent_with_a_few_dptb_and_dpk():
    rng = random.Random(5)
    samples = [pengguna_sintetis(rng=rng, konteks=KONTEKS) for _ in range(200)]

    turnout = sum(p["pengguna_dpt_j"] for p in samples) / (250 * len(samples))
    assert 0.75 <= turnout <= 0.85
    assert max(p["pengguna_dptb_j"] + p["pengguna_dpk_j"] for p in samples) <= 12
    assert sum(p["pengguna_dptb_j"] for p in samples) > 0
    assert sum(p["disabilitas_j"] for p in samples) > 0


def test_dptb_and_dpk_voters_only_come_while_the_ballots_cover_them():
    konteks = konteks_of(3, 2)  # 5 voters, 1 reserve ballot
    rng = random.Random(11)
    for _ in range(100):
        pengguna = pengguna_sintetis(rng=rng, konteks=konteks, partisipasi_permil=1000)
        assert pengguna["pengguna_total_j"] <= 6


@pytest.mark.parametrize("permil", [-1, 1001])
def test_turnout_outside_0_to_1000_raises(permil):
    with pytest.raises(ValueError, match="partisipasi_permil"):
        pengguna_sintetis(rng=random.Random(1), konteks=KONTEKS, partisipasi_permil=permil)


# --- Realistic totals ----------------------------------------------------------------------------


def test_ppwp_weights_give_2024_like_shares():
    rng = random.Random(14)
    totals: Counter[int] = Counter()
    for _ in range(200):
        angka = lembar_sintetis(rng=rng, susunan=PPWP, konteks=KONTEKS, bobot=BOBOT_PPWP_2024)
        totals.update({n: angka[f"calon_{n}"] for n in (1, 2, 3)})

    shares = {n: round(100 * v / sum(totals.values())) for n, v in totals.items()}
    assert shares == pytest.approx({1: 25, 2: 58, 3: 17}, abs=2)


def test_row_missing_from_the_weights_weighs_one_and_weight_zero_gets_nothing():
    rng = random.Random(9)
    for _ in range(20):
        angka = lembar_sintetis(rng=rng, susunan=PPWP, konteks=KONTEKS, bobot={1: 0, 2: 1000})
        assert angka["calon_1"] == 0
        assert angka["calon_2"] > angka["calon_3"]


def test_party_only_votes_are_a_realistic_share_and_list_leaders_lead():
    rng = random.Random(4)
    partai = calon = calon_1 = calon_3 = 0
    for _ in range(200):
        angka = lembar_sintetis(rng=rng, susunan=DPR, konteks=KONTEKS, bobot={1: 3, 2: 2, 3: 1})
        partai += angka["partai_1"]
        calon += sum(angka[f"partai_1_calon_{c}"] for c in (1, 2, 3))
        calon_1 += angka["partai_1_calon_1"]
        calon_3 += angka["partai_1_calon_3"]
        assert angka["partai_3"] == angka["partai_3_jumlah"]  # no candidate: party votes only

    assert 0.05 <= partai / (partai + calon) <= 0.30
    assert calon_1 > calon_3


# --- Refusals -------------------------------------------------------------------------------------


def test_layout_without_rows_raises():
    with pytest.raises(ValueError, match="without rows"):
        lembar_sintetis(rng=random.Random(1), susunan=SusunanSuara(), konteks=KONTEKS)


def test_negative_weight_raises():
    with pytest.raises(ValueError, match="must not be negative"):
        lembar_sintetis(rng=random.Random(1), susunan=PPWP, konteks=KONTEKS, bobot={2: -1})


def test_all_zero_weights_with_votes_to_give_raise():
    with pytest.raises(ValueError, match="all 0"):
        lembar_sintetis(
            rng=random.Random(1), susunan=PPWP, konteks=KONTEKS, bobot=dict.fromkeys((1, 2, 3), 0)
        )


def test_all_zero_weights_without_votes_are_fine():
    konteks = konteks_of(0, 0)

    angka = lembar_sintetis(
        rng=random.Random(1), susunan=PPWP, konteks=konteks, bobot=dict.fromkeys((1, 2, 3), 0)
    )

    assert check(angka, PPWP, konteks) == []


def add(pengguna, prefix, laki):
    """Add ``laki`` men to the ``prefix`` users and to the total, keeping every sum."""
    result = dict(pengguna)
    for key in (f"{prefix}_l", f"{prefix}_j", "pengguna_total_l", "pengguna_total_j"):
        result[key] += laki
    return result


FULL = pengguna_sintetis(rng=random.Random(1), konteks=KONTEKS, partisipasi_permil=1000)


@pytest.mark.parametrize(
    ("pengguna", "reason"),
    [
        pytest.param(
            {**FULL, "dpt_l": 126, "dpt_j": 251}, "dpt_tidak_sama_daftar", id="dpt-not-the-register"
        ),
        pytest.param({**FULL, "pengguna_dpt_l": 5}, "laki_perempuan", id="inconsistent-users"),
        pytest.param(add(FULL, "pengguna_dpk", 20), "negatif", id="more-users-than-ballots"),
    ],
)
def test_pengguna_no_consistent_sheet_can_have_raises(pengguna, reason):
    with pytest.raises(ValueError, match=reason):
        lembar_sintetis(rng=random.Random(1), susunan=PPWP, konteks=KONTEKS, pengguna=pengguna)


def test_consistent_pengguna_made_by_hand_is_used_as_given():
    pengguna = add(FULL, "pengguna_dptb", 1) if FULL["pengguna_total_j"] < 255 else FULL

    angka = lembar_sintetis(rng=random.Random(1), susunan=PPWP, konteks=KONTEKS, pengguna=pengguna)

    assert {k: angka[k] for k in KUNCI_PENGGUNA} == pengguna


def test_register_above_the_boxes_raises():
    konteks = KonteksTPS(dpt_l=600, dpt_p=600, batas_pemilih=1200, cadangan=24, cadangan_batas=24)

    with pytest.raises(ValueError, match="angka_melebihi_kotak"):
        lembar_sintetis(rng=random.Random(1), susunan=PPWP, konteks=konteks)


# --- Fault injectors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "dibaca", "expected"),
    [
        pytest.param(152, 8, 852, id="1-read-as-8"),
        pytest.param(11, 8, 811, id="empty-hundreds-box-read-as-8"),
        pytest.param(152, 6, 652, id="kebonrejo-2024-152-as-652"),
        pytest.param(107, 5, 507, id="banyuanyar-2024-107-as-507"),
        pytest.param(0, 8, 800, id="zero"),
        pytest.param(852, 1, 152, id="8-read-as-1"),
        pytest.param(999, 0, 99, id="hundreds-read-as-empty"),
    ],
)
def test_salah_baca_ratusan(nilai, dibaca, expected):
    angka = {"calon_1": nilai, "calon_2": 32}

    spoilt = salah_baca_ratusan(angka, "calon_1", dibaca=dibaca)

    assert spoilt == {"calon_1": expected, "calon_2": 32}
    assert angka == {"calon_1": nilai, "calon_2": 32}  # a new dict; the paper is untouched


def test_salah_baca_ratusan_reads_8_by_default():
    assert salah_baca_ratusan({"calon_1": 152}, "calon_1") == {"calon_1": 852}


@pytest.mark.parametrize(
    ("nilai", "dibaca", "match"),
    [
        pytest.param(852, 8, "already reads 8", id="no-change"),
        pytest.param(5, 0, "already reads 0", id="empty-box-read-as-empty"),
        pytest.param(1000, 8, "does not fit", id="four-digits"),
        pytest.param(-1, 8, "does not fit", id="negative"),
        pytest.param(152, 10, "a digit", id="not-a-digit"),
        pytest.param(152, -1, "a digit", id="negative-digit"),
    ],
)
def test_salah_baca_ratusan_refuses(nilai, dibaca, match):
    with pytest.raises(ValueError, match=match):
        salah_baca_ratusan({"calon_1": nilai}, "calon_1", dibaca=dibaca)


@settings(max_examples=60, deadline=None)
@given(sheets(), st.data())
def test_a_hundreds_misread_anywhere_is_caught(sheet, data):
    susunan, konteks, angka = sheet
    key = data.draw(st.sampled_from(susunan.kunci_semua()), label="key")
    dibaca = data.draw(st.integers(0, 9).filter(lambda d: d != angka[key] // 100), label="dibaca")

    temuan = check(salah_baca_ratusan(angka, key, dibaca=dibaca), susunan, konteks)

    assert any(t.tingkat is Tingkat.GALAT and key in t.kunci for t in temuan)


def test_baris_tertukar_swaps_two_rows_into_a_new_dict():
    angka = {"calon_1": 152, "calon_2": 32, "calon_3": 19}

    assert baris_tertukar(angka, "calon_1", "calon_3") == {
        "calon_1": 19,
        "calon_2": 32,
        "calon_3": 152,
    }
    assert angka["calon_1"] == 152


def test_baris_tertukar_refuses_one_row_with_itself():
    with pytest.raises(ValueError, match="itself"):
        baris_tertukar({"calon_1": 1}, "calon_1", "calon_1")


def test_rows_of_one_sum_swap_unnoticed_only_the_photo_or_digest_shows_it():
    angka = lembar_sintetis(rng=random.Random(1), susunan=PPWP, konteks=KONTEKS)
    assert angka["calon_1"] != angka["calon_2"]

    assert check(baris_tertukar(angka, "calon_1", "calon_2"), PPWP) == []


def test_candidates_of_one_party_swap_unnoticed():
    angka = lembar_sintetis(rng=random.Random(2), susunan=DPR, konteks=KONTEKS)

    assert check(baris_tertukar(angka, "partai_1_calon_1", "partai_1_calon_2"), DPR) == []


@pytest.mark.parametrize(
    ("kunci_a", "kunci_b", "codes"),
    [
        pytest.param(
            "partai_1_calon_1",
            "partai_2_calon_1",
            {Kode.JUMLAH_PARTAI_TIDAK_SESUAI},
            id="candidates-of-two-parties",
        ),
        pytest.param(
            "partai_1",
            "partai_1_jumlah",
            {Kode.JUMLAH_PARTAI_TIDAK_SESUAI, Kode.SUARA_SAH_TIDAK_SESUAI},
            id="party-only-and-party-total",
        ),
        pytest.param(
            "suara_sah",
            "suara_tidak_sah",
            {Kode.SUARA_SAH_TIDAK_SESUAI},
            id="valid-and-invalid",
        ),
        pytest.param(
            "surat_suara_rusak",
            "surat_suara_sisa",
            set(),
            id="damaged-and-unused-are-one-sum-too",
        ),
    ],
)
def test_rows_of_different_sums_swapped_are_caught(kunci_a, kunci_b, codes):
    angka = lembar_sintetis(rng=random.Random(6), susunan=DPR, konteks=KONTEKS)
    assert angka[kunci_a] != angka[kunci_b]

    temuan = check(baris_tertukar(angka, kunci_a, kunci_b), DPR)

    assert {t.kode for t in temuan} >= codes
    assert all(kunci_a in t.kunci or kunci_b in t.kunci for t in temuan)
    assert (temuan == []) is (codes == set())
