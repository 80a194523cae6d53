import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.tungsura.domain.lembar import (
    DPT,
    BarisPartai,
    SusunanSuara,
    susunan_from_rows,
)
from selenggara.tungsura.domain.pemeriksaan import (
    TINGKAT,
    KelengkapanHalaman,
    Kode,
    KonteksTPS,
    Status,
    Temuan,
    Tingkat,
    c_hasil_check,
    halaman_check,
    identitas_kunci,
    identitas_list,
    kunci_belum_dikonfirmasi,
    kunci_ditandai,
    status_for,
)

G = Tingkat.GALAT
P = Tingkat.PERINGATAN


def triple(prefix, laki, perempuan):
    return {f"{prefix}_l": laki, f"{prefix}_p": perempuan, f"{prefix}_j": laki + perempuan}


def administrasi(*, dpt, pengguna_dpt, dptb, dpk, disabilitas, rusak, alokasi, tidak_sah):
    total = tuple(a + b + c for a, b, c in zip(pengguna_dpt, dptb, dpk, strict=True))
    digunakan = sum(total)
    return {
        **triple("dpt", *dpt),
        **triple("pengguna_dpt", *pengguna_dpt),
        **triple("pengguna_dptb", *dptb),
        **triple("pengguna_dpk", *dpk),
        **triple("pengguna_total", *total),
        "surat_suara_diterima": alokasi,
        "surat_suara_digunakan": digunakan,
        "surat_suara_rusak": rusak,
        "surat_suara_sisa": alokasi - digunakan - rusak,
        **triple("disabilitas", *disabilitas),
        "suara_sah": digunakan - tidak_sah,
        "suara_tidak_sah": tidak_sah,
        "suara_total": digunakan,
    }


# PPWP at TPS 026 Kebonrejo, Banyuwangi, as on the plano: 152 / 32 / 19 (domain.md 4.3).
PPWP = SusunanSuara(calon=(1, 2, 3))
PPWP_KONTEKS = KonteksTPS(dpt_l=125, dpt_p=125, batas_pemilih=300, cadangan=5, cadangan_batas=6)
PPWP_LEMBAR = {
    **administrasi(
        dpt=(125, 125),
        pengguna_dpt=(100, 100),
        dptb=(2, 1),
        dpk=(1, 1),
        disabilitas=(1, 2),
        rusak=2,
        alokasi=258,  # 250 DPT + 5 reserve + 3 DPTb (domain.md 2.3)
        tidak_sah=2,
    ),
    "calon_1": 152,
    "calon_2": 32,
    "calon_3": 19,
}
PPWP_SAH = ("calon_1", "calon_2", "calon_3", "suara_sah")

# DPD Jawa Timur at TPS 017 Kel. Sobo: 13 candidates, 193 valid + 36 invalid = 229 voters.
SOBO_PLANO = (11, 23, 19, 3, 20, 2, 17, 1, 1, 40, 30, 16, 10)
SOBO_SIREKAP = (826, 823, 887, 883, 820, 282, 68, 44, 6)
DPD = SusunanSuara(calon=tuple(range(1, 14)))
DPD_KONTEKS = KonteksTPS(dpt_l=140, dpt_p=140, batas_pemilih=300, cadangan=6, cadangan_batas=6)
DPD_LEMBAR = {
    **administrasi(
        dpt=(140, 140),
        pengguna_dpt=(110, 112),
        dptb=(3, 2),
        dpk=(1, 1),
        disabilitas=(2, 1),
        rusak=3,
        alokasi=291,  # 280 DPT + 6 reserve + 5 DPTb
        tidak_sah=36,
    ),
    **{f"calon_{n}": v for n, v in enumerate(SOBO_PLANO, start=1)},
}
DPD_SAH = (*(f"calon_{n}" for n in range(1, 14)), "suara_sah")

# DPR: party 1 with three candidates, party 2 with one, party 3 with none listed.
DPR = susunan_from_rows([(1, 1), (1, 2), (1, 3), (2, 1), (3, 0)])
DPR_KONTEKS = KonteksTPS(dpt_l=70, dpt_p=80, batas_pemilih=300, cadangan=3, cadangan_batas=6)
DPR_LEMBAR = {
    **administrasi(
        dpt=(70, 80),
        pengguna_dpt=(50, 60),
        dptb=(1, 0),
        dpk=(0, 1),
        disabilitas=(0, 2),
        rusak=1,
        alokasi=154,  # 150 DPT + 3 reserve + 1 DPTb
        tidak_sah=4,
    ),
    "partai_1": 10,
    "partai_1_calon_1": 40,
    "partai_1_calon_2": 20,
    "partai_1_calon_3": 5,
    "partai_1_jumlah": 75,
    "partai_2": 3,
    "partai_2_calon_1": 20,
    "partai_2_jumlah": 23,
    "partai_3": 10,
    "partai_3_jumlah": 10,
}
PARTAI_1 = (
    "partai_1",
    "partai_1_calon_1",
    "partai_1_calon_2",
    "partai_1_calon_3",
    "partai_1_jumlah",
)
PARTAI_2 = ("partai_2", "partai_2_calon_1", "partai_2_jumlah")
DPR_SAH = ("partai_1_jumlah", "partai_2_jumlah", "partai_3_jumlah", "suara_sah")

LEMBAR = {
    "ppwp": (PPWP, PPWP_KONTEKS, PPWP_LEMBAR),
    "dpd": (DPD, DPD_KONTEKS, DPD_LEMBAR),
    "dpr": (DPR, DPR_KONTEKS, DPR_LEMBAR),
}


def check(jenis, changes=None):
    susunan, konteks, angka = LEMBAR[jenis]
    return c_hasil_check({**angka, **(changes or {})}, susunan=susunan, konteks=konteks)


@pytest.mark.parametrize("jenis", list(LEMBAR))
def test_base_sheets_are_consistent(jenis):
    susunan, _, angka = LEMBAR[jenis]

    assert sorted(angka) == sorted(susunan.kunci_semua())
    assert check(jenis) == []


K = Kode
CASES = [
    # --- pair layout (PPWP) ---
    pytest.param(
        "ppwp",
        {"calon_1": 1152},
        [
            (K.ANGKA_MELEBIHI_KOTAK, G, ("calon_1",)),
            (K.SUARA_SAH_TIDAK_SESUAI, G, PPWP_SAH),
            (K.MELEBIHI_BATAS_TPS, G, ("calon_1",)),
        ],
        id="ppwp-four-digits-do-not-fit-three-boxes",
    ),
    pytest.param(
        "ppwp",
        {"disabilitas_j": 4},
        [
            (
                K.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH,
                G,
                ("disabilitas_l", "disabilitas_p", "disabilitas_j"),
            )
        ],
        id="ppwp-disabled-voters-total-off-by-one",
    ),
    pytest.param(
        "ppwp",
        {"dpt_j": 260},
        [
            (K.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH, G, DPT),
            (K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_j",)),
        ],
        id="ppwp-dpt-total-miscopied",
    ),
    pytest.param(
        "ppwp",
        {"pengguna_dptb_l": 3, "pengguna_dptb_j": 4},
        [
            (
                K.PENGGUNA_TOTAL_TIDAK_SESUAI,
                G,
                ("pengguna_dpt_l", "pengguna_dptb_l", "pengguna_dpk_l", "pengguna_total_l"),
            ),
            (
                K.PENGGUNA_TOTAL_TIDAK_SESUAI,
                G,
                ("pengguna_dpt_j", "pengguna_dptb_j", "pengguna_dpk_j", "pengguna_total_j"),
            ),
            # One DPTb voter fewer, one DPTb ballot fewer expected (domain.md 2.3).
            (K.SURAT_SUARA_TIDAK_SAMA_ALOKASI, P, ("surat_suara_diterima",)),
        ],
        id="ppwp-a-dptb-voter-left-out-of-the-total",
    ),
    pytest.param(
        "ppwp",
        {"dpt_l": 99, "dpt_p": 99, "dpt_j": 198},
        [
            (K.PENGGUNA_DPT_MELEBIHI_DPT, G, ("pengguna_dpt_l", "dpt_l")),
            (K.PENGGUNA_DPT_MELEBIHI_DPT, G, ("pengguna_dpt_p", "dpt_p")),
            (K.PENGGUNA_DPT_MELEBIHI_DPT, G, ("pengguna_dpt_j", "dpt_j")),
            (K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_l",)),
            (K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_p",)),
            (K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_j",)),
        ],
        id="ppwp-dpt-on-the-sheet-below-its-own-users",
    ),
    pytest.param(
        "ppwp",
        {"calon_1": 652},
        [
            (K.SUARA_SAH_TIDAK_SESUAI, G, PPWP_SAH),
            (K.MELEBIHI_BATAS_TPS, G, ("calon_1",)),
        ],
        id="kebonrejo-2024-152-read-as-652",
    ),
    pytest.param(
        "ppwp",
        {"calon_3": 29},
        [(K.SUARA_SAH_TIDAK_SESUAI, G, PPWP_SAH)],
        id="kebonrejo-2024-19-read-as-29-under-the-cap-only-the-sum-catches-it",
    ),
    pytest.param(
        "ppwp",
        {"suara_tidak_sah": 3},
        [(K.SUARA_TOTAL_TIDAK_SESUAI, G, ("suara_sah", "suara_tidak_sah", "suara_total"))],
        id="ppwp-invalid-votes-miscounted",
    ),
    pytest.param(
        "ppwp",
        {"suara_tidak_sah": 3, "suara_total": 206},
        [(K.SUARA_TOTAL_TIDAK_SAMA_SURAT_DIGUNAKAN, G, ("suara_total", "surat_suara_digunakan"))],
        id="ppwp-more-votes-counted-than-ballots-used",
    ),
    pytest.param(
        "ppwp",
        {
            "pengguna_dpk_l": 2,
            "pengguna_dpk_j": 3,
            "pengguna_total_l": 104,
            "pengguna_total_j": 206,
        },
        [(K.PENGGUNA_TIDAK_SAMA_SURAT_DIGUNAKAN, G, ("pengguna_total_j", "surat_suara_digunakan"))],
        id="ppwp-a-dpk-voter-without-a-ballot",
    ),
    pytest.param(
        "ppwp",
        {"surat_suara_rusak": 7},
        [
            (
                K.SURAT_SUARA_TIDAK_SEIMBANG,
                G,
                (
                    "surat_suara_diterima",
                    "surat_suara_digunakan",
                    "surat_suara_rusak",
                    "surat_suara_sisa",
                ),
            )
        ],
        id="ppwp-damaged-ballots-not-taken-from-the-unused",
    ),
    pytest.param(
        "ppwp",
        {"surat_suara_digunakan": 805},
        [
            (K.SUARA_TOTAL_TIDAK_SAMA_SURAT_DIGUNAKAN, G, ("suara_total", "surat_suara_digunakan")),
            (
                K.PENGGUNA_TIDAK_SAMA_SURAT_DIGUNAKAN,
                G,
                ("pengguna_total_j", "surat_suara_digunakan"),
            ),
            (
                K.SURAT_SUARA_TIDAK_SEIMBANG,
                G,
                (
                    "surat_suara_diterima",
                    "surat_suara_digunakan",
                    "surat_suara_rusak",
                    "surat_suara_sisa",
                ),
            ),
            (K.MELEBIHI_BATAS_TPS, G, ("surat_suara_digunakan",)),
        ],
        id="ppwp-ballots-used-205-read-as-805",
    ),
    pytest.param(
        "ppwp",
        {"disabilitas_l": 110, "disabilitas_p": 100, "disabilitas_j": 210},
        [
            (K.DISABILITAS_MELEBIHI_PENGGUNA, G, ("disabilitas_l", "pengguna_total_l")),
            (K.DISABILITAS_MELEBIHI_PENGGUNA, G, ("disabilitas_j", "pengguna_total_j")),
        ],
        id="ppwp-more-disabled-voters-than-users",
    ),
    pytest.param(
        "ppwp",
        # The allocation without the 3 DPTb voters' ballots is a note, not a fault.
        {"surat_suara_diterima": 255, "surat_suara_sisa": 48},
        [(K.SURAT_SUARA_TIDAK_SAMA_ALOKASI, P, ("surat_suara_diterima",))],
        id="ppwp-dptb-ballots-missing-from-the-allocation",
    ),
    pytest.param(
        "ppwp",
        {"dpt_l": 120, "dpt_p": 130},
        [
            (K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_l",)),
            (K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_p",)),
        ],
        id="ppwp-dpt-split-differs-from-the-register",
    ),
    pytest.param(
        "ppwp",
        {"surat_suara_diterima": 260, "surat_suara_sisa": 53},
        [(K.SURAT_SUARA_TIDAK_SAMA_ALOKASI, P, ("surat_suara_diterima",))],
        id="ppwp-more-ballots-received-than-allocated",
    ),
    # --- one row per candidate (DPD) ---
    pytest.param(
        "dpd",
        {"calon_1": 826},
        [(K.SUARA_SAH_TIDAK_SESUAI, G, DPD_SAH), (K.MELEBIHI_BATAS_TPS, G, ("calon_1",))],
        id="sobo-2024-11-read-as-826",
    ),
    pytest.param(
        "dpd",
        {f"calon_{n}": v for n, v in enumerate(SOBO_SIREKAP, start=1)},
        [
            (K.SUARA_SAH_TIDAK_SESUAI, G, DPD_SAH),
            *((K.MELEBIHI_BATAS_TPS, G, (f"calon_{n}",)) for n in range(1, 6)),
        ],
        id="sobo-2024-all-nine-misreads-282-is-under-the-cap",
    ),
    pytest.param(
        "dpd",
        {"calon_6": 282},
        [(K.SUARA_SAH_TIDAK_SESUAI, G, DPD_SAH)],
        id="sobo-2024-2-read-as-282-only-the-sum-catches-it",
    ),
    # --- party layout (DPR) ---
    pytest.param(
        "dpr",
        {"partai_1_calon_1": 48},
        [(K.JUMLAH_PARTAI_TIDAK_SESUAI, G, PARTAI_1)],
        id="dpr-candidate-votes-miscounted-within-the-party",
    ),
    pytest.param(
        "dpr",
        {"partai_2_jumlah": 28},
        [(K.JUMLAH_PARTAI_TIDAK_SESUAI, G, PARTAI_2), (K.SUARA_SAH_TIDAK_SESUAI, G, DPR_SAH)],
        id="dpr-party-total-miscopied",
    ),
    pytest.param(
        "dpr",
        {"partai_3_jumlah": 11},
        [
            (K.JUMLAH_PARTAI_TIDAK_SESUAI, G, ("partai_3", "partai_3_jumlah")),
            (K.SUARA_SAH_TIDAK_SESUAI, G, DPR_SAH),
        ],
        id="dpr-party-without-candidates-total-miscopied",
    ),
    pytest.param(
        "dpr",
        {"partai_1": 15, "partai_1_jumlah": 80},
        [(K.SUARA_SAH_TIDAK_SESUAI, G, DPR_SAH)],
        id="dpr-party-block-adds-up-but-the-valid-total-does-not",
    ),
    pytest.param(
        "dpr",
        {"partai_2_calon_1": 820},
        [
            (K.JUMLAH_PARTAI_TIDAK_SESUAI, G, PARTAI_2),
            (K.MELEBIHI_BATAS_TPS, G, ("partai_2_calon_1",)),
        ],
        id="dpr-candidate-20-read-as-820",
    ),
    pytest.param(
        "dpr",
        {"partai_1": 1010},
        [
            (K.ANGKA_MELEBIHI_KOTAK, G, ("partai_1",)),
            (K.JUMLAH_PARTAI_TIDAK_SESUAI, G, PARTAI_1),
            (K.MELEBIHI_BATAS_TPS, G, ("partai_1",)),
        ],
        id="dpr-party-only-votes-above-the-boxes",
    ),
    pytest.param(
        "dpr",
        {"dpt_p": 81, "dpt_j": 151},
        [(K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_p",)), (K.DPT_TIDAK_SAMA_DAFTAR, P, ("dpt_j",))],
        id="dpr-dpt-differs-from-the-register-consistently",
    ),
]


# Rule 11 by sex: 5 male and 200 female users at a TPS of 50 men and 200 women on its DPT.
DISABILITAS_KONTEKS = KonteksTPS(
    dpt_l=50, dpt_p=200, batas_pemilih=300, cadangan=5, cadangan_batas=6
)
L_MELEBIHI = (K.DISABILITAS_MELEBIHI_PENGGUNA, G, ("disabilitas_l", "pengguna_total_l"))
P_MELEBIHI = (K.DISABILITAS_MELEBIHI_PENGGUNA, G, ("disabilitas_p", "pengguna_total_p"))
J_MELEBIHI = (K.DISABILITAS_MELEBIHI_PENGGUNA, G, ("disabilitas_j", "pengguna_total_j"))


@pytest.mark.parametrize(
    ("disabilitas", "expected"),
    [
        pytest.param((0, 0), [], id="none"),
        pytest.param((5, 200), [], id="every-user-disabled"),
        pytest.param((20, 0), [L_MELEBIHI], id="20-disabled-men-among-5-male-users"),
        pytest.param((6, 0), [L_MELEBIHI], id="one-man-too-many"),
        pytest.param((0, 201), [P_MELEBIHI], id="one-woman-too-many"),
        pytest.param((6, 200), [L_MELEBIHI, J_MELEBIHI], id="men-and-total-too-many"),
        pytest.param((6, 201), [L_MELEBIHI, P_MELEBIHI, J_MELEBIHI], id="all-three"),
    ],
)
def test_disabled_voters_are_checked_for_men_women_and_total(disabilitas, expected):
    angka = {
        **administrasi(
            dpt=(50, 200),
            pengguna_dpt=(2, 198),
            dptb=(2, 1),
            dpk=(1, 1),
            disabilitas=disabilitas,
            rusak=2,
            alokasi=258,
            tidak_sah=2,
        ),
        "calon_1": 152,
        "calon_2": 32,
        "calon_3": 19,
    }

    temuan = c_hasil_check(angka, susunan=PPWP, konteks=DISABILITAS_KONTEKS)

    assert [(t.kode, t.tingkat, t.kunci) for t in temuan] == expected


@pytest.mark.parametrize(
    ("dptb", "diterima", "expected"),
    [
        pytest.param(0, 255, 255, id="no-dptb-dpt-plus-reserve"),
        pytest.param(3, 258, 258, id="dptb-ballots-on-top"),
        pytest.param(3, 255, 258, id="dptb-ballots-missing"),
    ],
)
def test_allocation_counts_the_dptb_ballots_of_the_contest(dptb, diterima, expected):
    assert PPWP_KONTEKS.alokasi_dengan_dptb(dptb) == expected
    angka = {**PPWP_LEMBAR, **triple("pengguna_dptb", dptb, 0)}
    angka["surat_suara_diterima"] = diterima
    found = [
        t
        for t in c_hasil_check(angka, susunan=PPWP, konteks=PPWP_KONTEKS)
        if t.kode is K.SURAT_SUARA_TIDAK_SAMA_ALOKASI
    ]

    assert [(t.diharapkan, t.tertulis) for t in found] == (
        [] if diterima == expected else [(expected, diterima)]
    )


@pytest.mark.parametrize(("jenis", "changes", "expected"), CASES)
def test_c_hasil_check_reports_every_broken_rule(jenis, changes, expected):
    temuan = check(jenis, changes)

    assert [(t.kode, t.tingkat, t.kunci) for t in temuan] == expected


def test_every_code_has_a_case_in_the_table():
    codes: set[Kode] = set()
    for case in CASES:
        expected = case.values[2]
        assert isinstance(expected, list)
        codes.update(kode for kode, _, _ in expected)

    assert codes == set(Kode)


def test_every_code_has_a_severity_and_only_register_mismatches_are_warnings():
    assert set(TINGKAT) == set(Kode)
    assert {k for k, t in TINGKAT.items() if t is P} == {
        Kode.DPT_TIDAK_SAMA_DAFTAR,
        Kode.SURAT_SUARA_TIDAK_SAMA_ALOKASI,
    }


def test_finding_carries_both_sides_kebonrejo_703_expected_203_written():
    temuan = check("ppwp", {"calon_1": 652})

    assert temuan[0].as_dict() == {
        "kode": "suara_sah_tidak_sesuai",
        "tingkat": "galat",
        "kunci": list(PPWP_SAH),
        "diharapkan": 703,
        "tertulis": 203,
    }
    assert (temuan[1].diharapkan, temuan[1].tertulis) == (306, 652)


def test_sobo_misreads_sum_to_thousands_against_193_valid_votes():
    changes = {f"calon_{n}": v for n, v in enumerate(SOBO_SIREKAP, start=1)}

    first = check("dpd", changes)[0]

    assert (first.diharapkan, first.tertulis) == (sum(SOBO_SIREKAP) + 96, 193)


def test_empty_layout_needs_zero_valid_votes():
    angka = {key: PPWP_LEMBAR[key] for key in SusunanSuara().kunci_semua()}

    temuan = c_hasil_check(angka, susunan=SusunanSuara(), konteks=PPWP_KONTEKS)

    assert [(t.kode, t.kunci, t.diharapkan) for t in temuan] == [
        (Kode.SUARA_SAH_TIDAK_SESUAI, ("suara_sah",), 0)
    ]


def test_konteks_derives_dpt_allocation_and_upper_bound():
    assert (PPWP_KONTEKS.dpt, PPWP_KONTEKS.alokasi_surat_suara, PPWP_KONTEKS.batas_atas) == (
        250,
        255,
        306,
    )


def test_count_at_the_upper_bound_is_plausible_one_above_is_not():
    konteks = KonteksTPS(dpt_l=0, dpt_p=0, batas_pemilih=300, cadangan=0, cadangan_batas=6)
    at_bound = {**PPWP_LEMBAR, "dpt_l": 306}
    above = {**PPWP_LEMBAR, "dpt_l": 307}

    def batas(angka):
        found = c_hasil_check(angka, susunan=PPWP, konteks=konteks)
        return [t.kunci for t in found if t.kode is Kode.MELEBIHI_BATAS_TPS]

    assert batas(at_bound) == []
    assert batas(above) == [("dpt_l",)]


# --- The equalities: every number sits in one, so none can change alone unnoticed ------------


@st.composite
def layouts(draw):
    if draw(st.booleans()):
        return SusunanSuara(calon=tuple(range(1, draw(st.integers(1, 5)) + 1)))
    sizes = draw(st.lists(st.integers(0, 12), min_size=1, max_size=18))
    return SusunanSuara(
        partai=tuple(
            BarisPartai(nomor=p, calon=tuple(range(1, n + 1))) for p, n in enumerate(sizes, 1)
        )
    )


@settings(max_examples=50, deadline=None)
@given(layouts())
def test_every_key_sits_once_in_at_least_one_equality(susunan):
    per_key = identitas_kunci(susunan)

    assert list(per_key) == susunan.kunci_semua()
    assert [key for key, codes in per_key.items() if not codes] == []
    for item in identitas_list(susunan):
        assert sorted(item.kunci) == sorted({*item.bagian, item.jumlah})
        assert len(item.kunci) == len(item.bagian) + 1
        assert TINGKAT[item.kode] is G


def test_identitas_kunci_lists_each_equality_of_a_key():
    per_key = identitas_kunci(DPR)

    assert per_key["pengguna_total_l"] == [
        Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH,
        Kode.PENGGUNA_TOTAL_TIDAK_SESUAI,
    ]
    assert per_key["partai_2_jumlah"] == [
        Kode.JUMLAH_PARTAI_TIDAK_SESUAI,
        Kode.SUARA_SAH_TIDAK_SESUAI,
    ]
    assert per_key["surat_suara_digunakan"] == [
        Kode.SUARA_TOTAL_TIDAK_SAMA_SURAT_DIGUNAKAN,
        Kode.PENGGUNA_TIDAK_SAMA_SURAT_DIGUNAKAN,
        Kode.SURAT_SUARA_TIDAK_SEIMBANG,
    ]
    assert per_key["dpt_l"] == [Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH]


@pytest.mark.parametrize("jenis", list(LEMBAR))
def test_changing_any_one_number_of_a_base_sheet_is_a_galat_naming_it(jenis):
    susunan, konteks, angka = LEMBAR[jenis]
    for key in susunan.kunci_semua():
        for delta in (-1, 1, 100):
            if angka[key] + delta < 0:
                continue
            temuan = c_hasil_check(
                {**angka, key: angka[key] + delta}, susunan=susunan, konteks=konteks
            )
            assert any(t.tingkat is G and key in t.kunci for t in temuan), (key, delta)


# --- Confirmation -----------------------------------------------------------------------------


def temuan_of(kode, *kunci):
    return Temuan(kode=kode, kunci=kunci, diharapkan=0, tertulis=1)


SAH = temuan_of(Kode.SUARA_SAH_TIDAK_SESUAI, "calon_1", "calon_2", "suara_sah")
BATAS = temuan_of(Kode.MELEBIHI_BATAS_TPS, "calon_1")
TOTAL = temuan_of(Kode.SUARA_TOTAL_TIDAK_SESUAI, "suara_sah", "suara_tidak_sah", "suara_total")


def test_flagged_keys_each_once_in_order_of_first_appearance():
    assert kunci_ditandai([SAH, BATAS, TOTAL]) == [
        "calon_1",
        "calon_2",
        "suara_sah",
        "suara_tidak_sah",
        "suara_total",
    ]
    assert kunci_ditandai([]) == []


def test_keys_not_yet_confirmed_keep_their_order():
    assert kunci_belum_dikonfirmasi([SAH, TOTAL], ["suara_sah", "calon_1", "dpt_l"]) == [
        "calon_2",
        "suara_tidak_sah",
        "suara_total",
    ]


@pytest.mark.parametrize(
    ("temuan", "konfirmasi", "expected"),
    [
        pytest.param([], [], Status.KONSISTEN, id="no-finding"),
        pytest.param([], ["calon_1"], Status.KONSISTEN, id="no-finding-stale-confirmation"),
        pytest.param([SAH], [], Status.PERLU_KONFIRMASI, id="finding-nothing-confirmed"),
        pytest.param(
            [SAH], ["calon_1", "calon_2"], Status.PERLU_KONFIRMASI, id="finding-partly-confirmed"
        ),
        pytest.param(
            [SAH], ["calon_1", "calon_2", "suara_sah"], Status.DIKONFIRMASI, id="all-confirmed"
        ),
        pytest.param(
            [SAH, BATAS],
            ["suara_sah", "calon_2", "calon_1", "dpt_l"],
            Status.DIKONFIRMASI,
            id="all-confirmed-in-any-order-extra-ignored",
        ),
        pytest.param(
            [SAH, TOTAL],
            ["calon_1", "calon_2", "suara_sah"],
            Status.PERLU_KONFIRMASI,
            id="new-finding-after-a-correction-asks-again",
        ),
    ],
)
def test_status_for(temuan, konfirmasi, expected):
    assert status_for(iter(temuan), iter(konfirmasi)) is expected


def test_status_follows_the_sheet_as_it_is_corrected_and_confirmed():
    temuan = check("ppwp", {"calon_1": 652})
    assert status_for(temuan, []) is Status.PERLU_KONFIRMASI
    assert status_for(temuan, kunci_ditandai(temuan)) is Status.DIKONFIRMASI
    assert status_for(check("ppwp"), kunci_ditandai(temuan)) is Status.KONSISTEN


# --- Photos of the pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("halaman", "jumlah_diketahui", "expected"),
    [
        pytest.param(
            [],
            3,
            KelengkapanHalaman(jumlah=3, kurang=(1, 2, 3), tidak_konsisten=False),
            id="no-photo-known-count-3",
        ),
        pytest.param(
            [],
            None,
            KelengkapanHalaman(jumlah=None, kurang=(), tidak_konsisten=False),
            id="no-photo-unknown-count",
        ),
        pytest.param(
            [(1, 3), (3, 3)],
            3,
            KelengkapanHalaman(jumlah=3, kurang=(2,), tidak_konsisten=False),
            id="pages-1-and-3-of-3",
        ),
        pytest.param(
            [(3, 3), (1, 3), (2, 3)],
            None,
            KelengkapanHalaman(jumlah=3, kurang=(), tidak_konsisten=False),
            id="complete-in-any-order",
        ),
        pytest.param(
            [(1, 2), (2, 2), (2, 2)],
            None,
            KelengkapanHalaman(jumlah=2, kurang=(), tidak_konsisten=False),
            id="a-page-photographed-twice",
        ),
        pytest.param(
            [(1, 4)],
            3,
            KelengkapanHalaman(jumlah=4, kurang=(2, 3, 4), tidak_konsisten=False),
            id="the-photo-s-count-wins-over-the-known-layout",
        ),
        pytest.param(
            [(1, 3), (2, 4)],
            None,
            KelengkapanHalaman(jumlah=4, kurang=(3, 4), tidak_konsisten=True),
            id="inconsistent-totals-take-the-largest",
        ),
        pytest.param(
            [(1, 3), (2, 3), (4, 3)],
            None,
            KelengkapanHalaman(jumlah=3, kurang=(3,), tidak_konsisten=True),
            id="page-4-of-3-is-a-misread",
        ),
        pytest.param(
            [(0, 2), (2, 2)],
            None,
            KelengkapanHalaman(jumlah=2, kurang=(1,), tidak_konsisten=True),
            id="page-0-is-a-misread",
        ),
    ],
)
def test_halaman_check(halaman, jumlah_diketahui, expected):
    assert halaman_check(iter(halaman), jumlah_diketahui=jumlah_diketahui) == expected
