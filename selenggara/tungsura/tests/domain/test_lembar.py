import pytest

from selenggara.tungsura.domain.lembar import (
    ADMINISTRASI,
    ANGKA_MAKS_INPUT,
    BarisPartai,
    KunciSuara,
    MasalahIsian,
    SusunanSuara,
    angka_urut,
    isian_check,
    kunci_parse,
    sidik_kunci,
    suara_bagian_iv,
    susunan_from_rows,
)

PASANGAN = SusunanSuara(calon=(1, 2, 3))
PARTAI = SusunanSuara(partai=(BarisPartai(nomor=1, calon=(1, 2)), BarisPartai(nomor=4, calon=())))


def lengkap(susunan, nilai=0):
    return dict.fromkeys(susunan.kunci_semua(), nilai)


class TestSusunanSuara:
    def test_pair_layout_has_one_row_per_pair(self):
        assert PASANGAN.berpartai is False
        assert PASANGAN.kunci_suara() == ["calon_1", "calon_2", "calon_3"]
        assert PASANGAN.komponen_suara_sah() == ["calon_1", "calon_2", "calon_3"]

    def test_party_layout_has_party_only_candidates_and_total_per_party(self):
        assert PARTAI.berpartai is True
        assert PARTAI.kunci_suara() == [
            "partai_1",
            "partai_1_calon_1",
            "partai_1_calon_2",
            "partai_1_jumlah",
            "partai_4",
            "partai_4_jumlah",
        ]
        assert PARTAI.komponen_suara_sah() == ["partai_1_jumlah", "partai_4_jumlah"]

    def test_every_key_in_paper_order_sections_i_to_iii_then_iv_then_v(self):
        keys = PASANGAN.kunci_semua()
        assert keys[:3] == ["dpt_l", "dpt_p", "dpt_j"]
        assert keys[-6:] == [
            "calon_1",
            "calon_2",
            "calon_3",
            "suara_sah",
            "suara_tidak_sah",
            "suara_total",
        ]
        assert sorted(keys) == sorted([*ADMINISTRASI, "calon_1", "calon_2", "calon_3"])
        assert len(keys) == len(set(keys))

    def test_empty_layout_has_only_the_administrative_keys(self):
        assert sorted(SusunanSuara().kunci_semua()) == sorted(ADMINISTRASI)
        assert SusunanSuara().komponen_suara_sah() == []


@pytest.mark.parametrize(
    ("kunci", "expected"),
    [
        pytest.param("calon_3", KunciSuara(partai=None, calon=3), id="pair"),
        pytest.param("calon_12", KunciSuara(partai=None, calon=12), id="two-digit-candidate"),
        pytest.param("partai_5", KunciSuara(partai=5, calon=None), id="party-only"),
        pytest.param("partai_5_calon_2", KunciSuara(partai=5, calon=2), id="party-candidate"),
        pytest.param(
            "partai_18_jumlah", KunciSuara(partai=18, calon=None, jumlah=True), id="party-total"
        ),
        pytest.param("suara_sah", None, id="section-v"),
        pytest.param("dpt_l", None, id="section-i"),
        pytest.param("calon_100", None, id="three-digit-number"),
        pytest.param("calon_", None, id="no-number"),
        pytest.param("partai_1_calon_2_x", None, id="trailing-text"),
    ],
)
def test_kunci_parse(kunci, expected):
    assert kunci_parse(kunci) == expected


class TestIsianCheck:
    def test_complete_sheet_of_integers_is_accepted(self):
        assert isian_check(lengkap(PASANGAN, 5), PASANGAN) == []

    @pytest.mark.parametrize(
        ("nilai", "alasan"),
        [
            pytest.param(None, "tidak_diisi", id="none"),
            pytest.param(True, "bukan_angka", id="bool-true"),
            pytest.param(False, "bukan_angka", id="bool-false"),
            pytest.param("12", "bukan_angka", id="str"),
            pytest.param(12.0, "bukan_angka", id="float"),
            pytest.param(-1, "negatif", id="negative"),
            pytest.param(ANGKA_MAKS_INPUT + 1, "terlalu_besar", id="above-99999"),
        ],
    )
    def test_value_that_cannot_be_a_box_is_refused(self, nilai, alasan):
        angka = {**lengkap(PASANGAN), "calon_2": nilai}

        assert isian_check(angka, PASANGAN) == [MasalahIsian(kunci="calon_2", alasan=alasan)]

    @pytest.mark.parametrize(
        "nilai",
        [
            pytest.param(0, id="zero"),
            pytest.param(999, id="three-boxes-full"),
            pytest.param(1000, id="above-the-boxes-flagged-later-not-refused"),
            pytest.param(ANGKA_MAKS_INPUT, id="99999"),
        ],
    )
    def test_boundary_values_are_accepted(self, nilai):
        assert isian_check({**lengkap(PASANGAN), "suara_sah": nilai}, PASANGAN) == []

    def test_missing_key_is_not_filled(self):
        angka = lengkap(PASANGAN)
        del angka["surat_suara_rusak"]

        assert isian_check(angka, PASANGAN) == [
            MasalahIsian(kunci="surat_suara_rusak", alasan="tidak_diisi")
        ]

    def test_unknown_keys_come_first_then_problems_in_paper_order(self):
        angka = {**lengkap(PARTAI), "partai_2": 3, "calon_1": 1, "suara_total": -2, "dpt_l": "x"}

        assert isian_check(angka, PARTAI) == [
            MasalahIsian(kunci="partai_2", alasan="tidak_dikenal"),
            MasalahIsian(kunci="calon_1", alasan="tidak_dikenal"),
            MasalahIsian(kunci="dpt_l", alasan="bukan_angka"),
            MasalahIsian(kunci="suara_total", alasan="negatif"),
        ]

    def test_empty_input_lacks_every_key(self):
        problems = isian_check({}, PASANGAN)

        assert [p.kunci for p in problems] == PASANGAN.kunci_semua()
        assert {p.alasan for p in problems} == {"tidak_diisi"}


def test_angka_urut_yields_in_paper_order_whatever_the_input_order():
    angka = {key: i for i, key in enumerate(reversed(PARTAI.kunci_semua()))}

    assert [key for key, _ in angka_urut(angka, PARTAI)] == PARTAI.kunci_semua()
    assert dict(angka_urut(angka, PARTAI)) == angka


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([], SusunanSuara(), id="no-rows"),
        pytest.param(
            [(None, 3), (None, 1), (None, 2), (None, 1)],
            SusunanSuara(calon=(1, 2, 3)),
            id="pairs-sorted-once-each",
        ),
        pytest.param(
            [(2, 1), (1, 2), (1, 1), (3, 0)],
            SusunanSuara(
                partai=(
                    BarisPartai(nomor=1, calon=(1, 2)),
                    BarisPartai(nomor=2, calon=(1,)),
                    BarisPartai(nomor=3, calon=()),
                )
            ),
            id="parties-sorted-calon-0-is-a-party-without-candidates",
        ),
    ],
)
def test_susunan_from_rows(rows, expected):
    assert susunan_from_rows(rows) == expected


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([(1, 1), (None, 2)], id="party-first"),
        pytest.param([(None, 2), (1, 1)], id="pair-first"),
    ],
)
def test_susunan_from_rows_refuses_mixed_layouts(rows):
    with pytest.raises(ValueError, match="mixes party and non-party"):
        susunan_from_rows(rows)


def test_section_iv_as_stored_holds_the_layouts_keys_in_paper_order():
    angka = {**lengkap(PARTAI, 7), "partai_1_calon_2": 0, "calon_9": 5}

    suara = suara_bagian_iv(angka, PARTAI)

    assert list(suara) == PARTAI.kunci_suara()
    assert suara["partai_1_calon_2"] == 0
    assert set(suara.values()) == {0, 7}
    assert suara_bagian_iv(lengkap(SusunanSuara()), SusunanSuara()) == {}


@pytest.mark.parametrize(
    ("kunci", "nilai", "pesan"),
    [
        ("partai_4_jumlah", None, "missing"),
        ("partai_1", -1, "-1"),
        ("partai_1_calon_1", True, "True"),
        ("partai_1_jumlah", "12", "'12'"),
        ("partai_4", 1.0, "1.0"),
    ],
)
def test_section_iv_as_stored_refuses_a_missing_or_unwhole_number(kunci, nilai, pesan):
    angka: dict[str, object] = dict(lengkap(PARTAI, 3))
    if nilai is None:
        del angka[kunci]
    else:
        angka[kunci] = nilai

    with pytest.raises(ValueError, match=kunci) as caught:
        suara_bagian_iv(angka, PARTAI)

    assert pesan in str(caught.value)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (["calon_1", "calon_2"], ["calon_2", "calon_1"], True),  # order does not count
        (["calon_1", "calon_2"], ["calon_1", "calon_2", "calon_3"], False),
        (["calon_1"], ["partai_1"], False),
        ([], [], True),
        (["calon_1", "calon_2"], ["calon_1calon_2"], False),  # keys are kept apart
    ],
)
def test_sidik_kunci_is_a_fingerprint_of_the_set_of_keys(a, b, same) -> None:
    assert (sidik_kunci(a) == sidik_kunci(b)) is same
    assert -(2**63) <= sidik_kunci(a) < 2**63  # fits a bigint column


def test_a_layouts_fingerprint_is_that_of_its_section_iv_keys() -> None:
    assert PARTAI.sidik == sidik_kunci(PARTAI.kunci_suara())
    assert PASANGAN.sidik != PARTAI.sidik
    assert SusunanSuara(calon=(1, 2, 3)).sidik == PASANGAN.sidik
