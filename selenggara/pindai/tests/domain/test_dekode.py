import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.pindai.domain.dekode import (
    KOSONG,
    Alasan,
    Ambang,
    BacaanAngka,
    BacaanKotak,
    Identitas,
    Kandidat,
    Sebab,
    bulatan_baca,
    halaman_decode,
    identitas_bukti,
    kandidat_list,
    keyakinan_for,
    lembar_decode,
)

AMBANG = Ambang(keyakinan=0.99, bulatan_ragu=0.12, bulatan_pasti=0.30)


def probs(top, p=0.999, second=None):
    """11 class probabilities: ``top`` gets p, ``second`` (if any) the rest, others ~0."""
    out = [1e-6] * 11
    out[top] = p
    if second is not None:
        out[second] = 1 - p
    return tuple(out)


def bubbles(digit):
    if digit is None:
        return tuple([0.0] * 10)
    return tuple(0.8 if i == digit else 0.01 for i in range(10))


def written(kunci, value, *, bulatan=True, kosong_depan=True):
    """A number written clearly in three boxes, its bubbles filled to match."""
    text = f"{value:03d}"
    boxes: list[BacaanKotak] = []
    leading = True
    for ch in text:
        d = int(ch)
        if leading and d == 0 and len(boxes) < 2 and kosong_depan:
            cls = KOSONG
        else:
            leading = False
            cls = d
        boxes.append(BacaanKotak(probabilitas=probs(cls), bulatan=bubbles(d) if bulatan else None))
    return BacaanAngka(kunci=kunci, kotak=tuple(boxes))


SUM = Identitas(bagian=("a", "b"), jumlah="c", nama="a + b = c")


@pytest.mark.parametrize(
    ("skor", "expected"),
    [
        (bubbles(3), 3),
        (bubbles(None), None),  # nothing filled
        (tuple(0.8 if i in (2, 5) else 0.0 for i in range(10)), None),  # two definite
        (tuple(0.8 if i == 2 else (0.2 if i == 7 else 0.0) for i in range(10)), None),  # marginal
        (tuple(0.2 if i == 4 else 0.0 for i in range(10)), None),  # only marginal
    ],
)
def test_bulatan_baca(skor, expected):
    assert bulatan_baca(skor, AMBANG) == expected


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        ((KOSONG, 4, 5), 45),
        ((0, 4, 5), 45),
        ((KOSONG, KOSONG, 0), 0),
        ((1, 2, 3), 123),
        ((KOSONG, KOSONG, KOSONG), None),
    ],
)
def test_kandidat_list_reads_leading_blanks(classes, expected):
    bacaan = BacaanAngka(
        kunci="a", kotak=tuple(BacaanKotak(probabilitas=probs(c)) for c in classes)
    )
    best = kandidat_list(bacaan)[0]
    assert best.nilai == expected
    assert best.keyakinan > 0.99


def test_kandidat_list_refuses_a_blank_between_digits_and_merges_spellings():
    # 1 _ 5 is not a number; "045" and " 45" are the same 45.
    bacaan = BacaanAngka(
        kunci="a",
        kotak=(
            BacaanKotak(probabilitas=probs(0, 0.5, KOSONG)),
            BacaanKotak(probabilitas=probs(4)),
            BacaanKotak(probabilitas=probs(5)),
        ),
    )
    best = kandidat_list(bacaan)[0]
    assert best.nilai == 45
    assert best.keyakinan == pytest.approx(1.0, abs=1e-3)
    middle_blank = BacaanAngka(
        kunci="a",
        kotak=(
            BacaanKotak(probabilitas=probs(1)),
            BacaanKotak(probabilitas=probs(KOSONG, 0.6, 3)),
            BacaanKotak(probabilitas=probs(5)),
        ),
    )
    assert kandidat_list(middle_blank)[0].nilai == 135


def test_a_consistent_clear_page_is_accepted():
    page = [written("a", 120), written("b", 7), written("c", 127)]
    hasil = halaman_decode(page, [SUM], AMBANG)
    assert hasil.otomatis
    assert hasil.nilai() == {"a": 120, "b": 7, "c": 127}
    assert hasil.identitas_gagal == ()


def test_digit_bubble_disagreement_goes_to_review_naming_the_box():
    a = written("a", 120)
    hundreds = BacaanKotak(probabilitas=probs(1), bulatan=bubbles(7))
    a = BacaanAngka(kunci="a", kotak=(hundreds, *a.kotak[1:]))
    hasil = halaman_decode([a], [], AMBANG)
    (angka,) = hasil.angka
    assert not angka.otomatis
    assert Alasan(Sebab.DIGIT_BULATAN_BEDA, "ratusan") in angka.alasan
    assert angka.bulatan == 720


def test_unclear_bubbles_go_to_review():
    a = written("a", 5)
    a = BacaanAngka(
        kunci="a", kotak=(*a.kotak[:2], BacaanKotak(probabilitas=probs(5), bulatan=bubbles(None)))
    )
    (angka,) = halaman_decode([a], [], AMBANG).angka
    assert not angka.otomatis
    assert Alasan(Sebab.BULATAN_TIDAK_JELAS, "satuan") in angka.alasan


def test_a_sum_that_does_not_hold_sends_every_number_in_it_to_review():
    page = [
        written("a", 120, bulatan=False),
        written("b", 7, bulatan=False),
        written("c", 999, bulatan=False),
    ]
    hasil = halaman_decode(page, [SUM], AMBANG)
    assert not any(a.otomatis for a in hasil.angka)
    assert hasil.identitas_gagal == ("a + b = c",)
    assert all(Alasan(Sebab.JUMLAH_GAGAL, "a + b = c") in a.alasan for a in hasil.angka)
    assert hasil.alasan == (Alasan(Sebab.JUMLAH_GAGAL, "a + b = c"),)


def c_12x(top, p, second):
    """c read as 1, 2 and, in its last box, ``top`` (p) or ``second`` (the rest); no bubbles."""
    boxes = (probs(1), probs(2), probs(top, p, second))
    return BacaanAngka(kunci="c", kotak=tuple(BacaanKotak(probabilitas=b) for b in boxes))


def test_the_sum_picks_the_second_candidate_but_only_for_a_person_to_confirm():
    # The model reads 8 (70 %) where 3 (30 %) makes the sum hold: the decoder proposes 3.
    page = [written("a", 120, bulatan=False), written("b", 3, bulatan=False), c_12x(8, 0.7, 3)]
    hasil = halaman_decode(page, [SUM], AMBANG)
    assert hasil.nilai()["c"] == 123
    assert hasil.identitas_gagal == ()
    by_key = {a.kunci: a for a in hasil.angka}
    assert not by_key["c"].otomatis
    assert Alasan(Sebab.DIPILIH) in by_key["c"].alasan
    # The sum holds only with the switched reading: it vouches for neither a nor b.
    for key in ("a", "b"):
        assert not by_key[key].otomatis
        assert by_key[key].alasan == (Alasan(Sebab.HANYA_PILIHAN, "a + b = c"),)


def test_a_number_without_bubbles_or_a_holding_sum_has_no_second_witness():
    (angka,) = halaman_decode([written("a", 12, bulatan=False)], [], AMBANG).angka
    assert angka.nilai == 12
    assert not angka.otomatis
    assert angka.alasan == (Alasan(Sebab.TANPA_BUKTI),)


def test_an_identity_with_a_number_off_the_page_is_not_checked():
    page = [written("a", 1), written("b", 2)]
    hasil = halaman_decode(page, [SUM], AMBANG)
    assert hasil.otomatis  # the bubbles vouch for them


def test_low_confidence_and_unreadable_numbers_go_to_review():
    low = BacaanAngka(
        kunci="a",
        kotak=(
            BacaanKotak(probabilitas=probs(KOSONG)),
            BacaanKotak(probabilitas=probs(KOSONG)),
            BacaanKotak(probabilitas=probs(4, 0.8, 9)),
        ),
    )
    blank = BacaanAngka(
        kunci="b", kotak=tuple(BacaanKotak(probabilitas=probs(KOSONG)) for _ in range(3))
    )
    by_key = {a.kunci: a for a in halaman_decode([low, blank], [], AMBANG).angka}
    assert by_key["a"].alasan == (Alasan(Sebab.KEYAKINAN_RENDAH),)
    assert by_key["b"].nilai is None
    assert by_key["b"].alasan == (Alasan(Sebab.TIDAK_TERBACA),)


def test_no_consistent_choice_keeps_the_model_reading_and_flags_the_sum():
    page = [
        written("a", 1, bulatan=False),
        written("b", 1, bulatan=False),
        written("c", 5, bulatan=False),
    ]
    hasil = halaman_decode(page, [SUM])
    assert hasil.nilai() == {"a": 1, "b": 1, "c": 5}
    assert not hasil.otomatis


values = st.integers(min_value=0, max_value=499)


@settings(max_examples=60, deadline=None)
@given(a=values, b=values)
def test_property_a_consistent_sheet_is_decoded_as_written(a, b):
    page = [written("a", a), written("b", b), written("c", a + b)]
    hasil = halaman_decode(page, [SUM], AMBANG)
    assert hasil.nilai() == {"a": a, "b": b, "c": a + b}
    assert hasil.otomatis


@settings(max_examples=60, deadline=None)
@given(a=values, b=values, box=st.integers(0, 2), wrong=st.integers(0, 9), p=st.floats(0.5, 0.9999))
def test_property_a_single_wrong_digit_is_never_accepted_against_a_failing_identity(
    a, b, box, wrong, p
):
    c_true = a + b
    c = written("c", c_true, bulatan=False)
    true_digit = int(f"{c_true:03d}"[box])
    if wrong == true_digit:
        return
    # The model is sure of a wrong digit in one box; the true one gets the rest.
    boxes = list(c.kotak)
    boxes[box] = BacaanKotak(probabilitas=probs(wrong, p, true_digit))
    c = BacaanAngka(kunci="c", kotak=tuple(boxes))
    page = [written("a", a, bulatan=False), written("b", b, bulatan=False), c]
    hasil = halaman_decode(page, [SUM], AMBANG)
    accepted = {x.kunci: x.nilai for x in hasil.angka if x.otomatis}
    # Whatever is accepted is what was written, and the accepted set breaks no identity.
    written_values = {"a": a, "b": b, "c": c_true}
    assert all(written_values[k] == v for k, v in accepted.items())
    if set(accepted) == {"a", "b", "c"}:
        assert (accepted["a"] or 0) + (accepted["b"] or 0) == accepted["c"]
    assert math.isfinite(sum(x.keyakinan for x in hasil.angka))


def test_the_solver_skips_unreadable_numbers_and_their_identities():
    blank = BacaanAngka(
        kunci="a", kotak=tuple(BacaanKotak(probabilitas=probs(KOSONG)) for _ in range(3))
    )
    other = Identitas(bagian=("b", "d"), jumlah="c", nama="b + d = c")
    page = [
        blank,
        written("b", 1, bulatan=False),
        written("d", 1, bulatan=False),
        written("c", 5, bulatan=False),
    ]
    hasil = halaman_decode(page, [SUM, other], AMBANG)
    assert hasil.identitas_gagal == ("b + d = c",)
    assert hasil.nilai()["a"] is None


def test_a_value_chosen_against_the_bubbles_says_so():
    c = BacaanAngka(
        kunci="c",
        kotak=(
            BacaanKotak(probabilitas=probs(1), bulatan=bubbles(1)),
            BacaanKotak(probabilitas=probs(2), bulatan=bubbles(2)),
            BacaanKotak(probabilitas=probs(8, 0.7, 3), bulatan=bubbles(8)),
        ),
    )
    page = [written("a", 120), written("b", 3), c]
    by_key = {a.kunci: a for a in halaman_decode(page, [SUM], AMBANG).angka}
    assert by_key["c"].nilai == 123
    assert by_key["c"].bulatan == 128
    assert Alasan(Sebab.DIGIT_BULATAN_BEDA) in by_key["c"].alasan


def test_keyakinan_weighs_other_candidates_by_bubbles_and_identities():
    options = (Kandidat(nilai=123, keyakinan=0.7), Kandidat(nilai=128, keyakinan=0.3))
    ambang = Ambang(salah_bulatan=0.01)
    alone = keyakinan_for(123, options, bulatan=None, kotak=3, ambang=ambang)
    assert alone == pytest.approx(0.7)
    # The bubbles say 123: 128 differs in one box.
    bubbled = keyakinan_for(123, options, bulatan=123, kotak=3, ambang=ambang)
    assert bubbled == pytest.approx(0.7 / (0.7 + 0.3 * 0.01))
    # The identities that hold with 123 would hold with 128 with probability 0.002.
    held = keyakinan_for(123, options, bulatan=None, kotak=3, ambang=ambang, bukti=lambda v: 0.002)
    assert held == pytest.approx(0.7 / (0.7 + 0.3 * 0.002))
    assert keyakinan_for(None, options, bulatan=None, kotak=3, ambang=ambang) == 0


def hesitant(kunci, value, alternative, p):
    """``value`` written in three boxes; the model gives the last box's ``alternative`` 1 - p."""
    number = written(kunci, value, bulatan=False)
    boxes = list(number.kotak)
    boxes[2] = BacaanKotak(probabilitas=probs(value % 10, p, alternative))
    return BacaanAngka(kunci=kunci, kotak=tuple(boxes))


@pytest.mark.parametrize(
    ("b", "key", "nilai", "expected"),
    [
        # a + b = c with 120 + 3 = 123 read clearly: c = 128 needs a or b read 5 too low,
        # each as likely as the floor on one box (the other boxes are right).
        (written("b", 3, bulatan=False), "c", 128, 2 * 1e-3 / 0.999),
        # b hesitates between 3 and 8: c = 128 is as likely as b being 8.
        (hesitant("b", 3, 8, 0.7), "c", 128, 1e-3 / 0.999 + 0.3 / 0.7),
        # b = 8 needs c = 128 (one box off) or a = 115 (two boxes off).
        (written("b", 3, bulatan=False), "b", 8, 1e-3 / 0.999 + (1e-3 / 0.999) ** 2),
        # A value beyond the candidates: how likely either other number is misread at all.
        (written("b", 3, bulatan=False), "c", None, 2 * (1 - 0.999**3)),
        # A value the boxes cannot hold (c = -5 would need a = 0 - 5...) counts for nothing.
        (written("b", 3, bulatan=False), "a", 1005, 0.0),
    ],
)
def test_identitas_bukti_is_how_likely_a_compensating_misread_is(b, key, nilai, expected):
    bacaan = {"a": written("a", 120, bulatan=False), "b": b, "c": written("c", 123, bulatan=False)}
    values = {"a": 120, "b": 3, "c": 123}
    got = identitas_bukti(SUM, key, nilai, values=values, bacaan=bacaan, lantai=1e-3)
    assert got == pytest.approx(expected, rel=1e-2, abs=1e-7)


def test_a_holding_identity_over_clear_numbers_lifts_a_hesitant_one():
    # c's last box is 3 (60 %) or 8 (40 %); a + b = c holds with 123 over clear a and b.
    page = [written("a", 120, bulatan=False), written("b", 3, bulatan=False), c_12x(3, 0.6, 8)]
    by_key = {a.kunci: a for a in halaman_decode(page, [SUM], AMBANG).angka}
    assert by_key["c"].nilai == 123
    assert by_key["c"].otomatis
    assert by_key["c"].keyakinan > 0.99
    # Over a hesitant b, the same identity proves little: 128 would hold with b = 8.
    page[1] = hesitant("b", 3, 8, 0.6)
    by_key = {a.kunci: a for a in halaman_decode(page, [SUM], AMBANG).angka}
    assert not by_key["c"].otomatis
    assert by_key["c"].alasan == (Alasan(Sebab.KEYAKINAN_RENDAH),)


# Page 1's grid: voters by list (dpt, dptb) and in total (t), men (l), women (p), both (j);
# every number is in a row sum and a column sum.
GRID = [
    *(
        Identitas(bagian=(f"{r}_l", f"{r}_p"), jumlah=f"{r}_j", nama=f"{r}_l + {r}_p = {r}_j")
        for r in ("dpt", "dptb", "t")
    ),
    *(
        Identitas(
            bagian=(f"dpt_{c}", f"dptb_{c}"), jumlah=f"t_{c}", nama=f"dpt_{c} + dptb_{c} = t_{c}"
        )
        for c in ("l", "p", "j")
    ),
]


def grid_values(dpt_l, dpt_p, dptb_l, dptb_p):
    values = {"dpt_l": dpt_l, "dpt_p": dpt_p, "dptb_l": dptb_l, "dptb_p": dptb_p}
    for r in ("dpt", "dptb"):
        values[f"{r}_j"] = values[f"{r}_l"] + values[f"{r}_p"]
    for c in ("l", "p", "j"):
        values[f"t_{c}"] = values[f"dpt_{c}"] + values[f"dptb_{c}"]
    return values


def grid_page(values, wrong=None):
    """The grid as written; ``wrong`` = (key, box, digit, p): the model gives a wrong digit p
    in that box, the written one the rest."""
    page = []
    for key, value in values.items():
        number = written(key, value, bulatan=False)
        if wrong is not None and wrong[0] == key:
            _, box, digit, p = wrong
            boxes = list(number.kotak)
            boxes[box] = BacaanKotak(probabilitas=probs(digit, p, int(f"{value:03d}"[box])))
            number = BacaanAngka(kunci=key, kotak=tuple(boxes))
        page.append(number)
    return page


def test_a_misread_mended_in_both_its_sums_is_accepted():
    # dpt_j's last box reads 8 (60 %) where 3 (40 %) was written: both its sums fail with
    # 128 and hold with 123, and no other number was switched: the correction is localised.
    values = grid_values(100, 23, 10, 5)
    hasil = halaman_decode(grid_page(values, ("dpt_j", 2, 8, 0.6)), GRID, AMBANG)
    assert hasil.nilai() == values
    assert hasil.otomatis
    assert hasil.identitas_gagal == ()


def test_a_switch_with_bubbles_or_in_one_sum_is_not_localised():
    values = grid_values(100, 23, 10, 5)
    page = grid_page(values, ("dpt_j", 2, 8, 0.6))
    # Only the row sum: which of its three numbers was misread is for a person.
    row = [i for i in GRID if "dpt_j" in (*i.bagian, i.jumlah)][:1]
    by_key = {a.kunci: a for a in halaman_decode(page, row, AMBANG).angka}
    assert by_key["dpt_j"].nilai == 123
    assert by_key["dpt_j"].alasan == (Alasan(Sebab.DIPILIH),)
    # With bubbles that say 128, the digits and bubbles do not agree.
    at = list(values).index("dpt_j")
    boxes = [
        BacaanKotak(probabilitas=k.probabilitas, bulatan=bubbles(int(d)))
        for k, d in zip(page[at].kotak, "128", strict=True)
    ]
    page[at] = BacaanAngka(kunci="dpt_j", kotak=tuple(boxes))
    by_key = {a.kunci: a for a in halaman_decode(page, GRID, AMBANG).angka}
    assert not by_key["dpt_j"].otomatis


grid_numbers = st.integers(min_value=0, max_value=240)


@settings(max_examples=80, deadline=None)
@given(
    dpt_l=grid_numbers,
    dpt_p=grid_numbers,
    dptb_l=st.integers(0, 9),
    dptb_p=st.integers(0, 9),
    wrong=st.tuples(
        st.sampled_from(["dpt_l", "dpt_p", "dpt_j", "dptb_l", "t_l", "t_j"]),
        st.integers(0, 2),
        st.integers(0, 9),
        st.floats(0.5, 0.9999),
    ),
)
def test_property_a_single_wrong_digit_on_the_grid_is_never_accepted(
    dpt_l, dpt_p, dptb_l, dptb_p, wrong
):
    values = grid_values(dpt_l, dpt_p, dptb_l, dptb_p)
    key, box, digit, _ = wrong
    if int(f"{values[key]:03d}"[box]) == digit:
        return
    hasil = halaman_decode(grid_page(values, wrong), GRID, AMBANG)
    accepted = {a.kunci: a.nilai for a in hasil.angka if a.otomatis}
    assert all(values[k] == v for k, v in accepted.items())
    for i in GRID:
        if all(k in accepted for k in (*i.bagian, i.jumlah)):
            assert sum(accepted[k] or 0 for k in i.bagian) == accepted[i.jumlah]


# The whole sheet: page 2's candidates add up to page 3's valid votes, and page 3's total is
# page 1's ballots used (the identities cross pages).
SAH = Identitas(bagian=("calon_1", "calon_2"), jumlah="sah", nama="calon_1 + calon_2 = sah")
TOTAL = Identitas(bagian=("sah", "tidak_sah"), jumlah="total", nama="sah + tidak_sah = total")
DIGUNAKAN = Identitas(bagian=("digunakan",), jumlah="total", nama="digunakan = total")
SHEET_IDENTITIES = [SAH, TOTAL, DIGUNAKAN]


def sheet_pages(c1, c2, tidak_sah, *, wrong=None):
    """Pages 1-3 of a sheet as written: page 2 has bubbles, pages 1 and 3 do not. ``wrong``
    = (key, box, digit, p): the model is sure (p) of a wrong digit in that box."""
    values = {"calon_1": c1, "calon_2": c2, "sah": c1 + c2, "tidak_sah": tidak_sah}
    values["total"] = values["digunakan"] = c1 + c2 + tidak_sah
    pages = [["digunakan"], ["calon_1", "calon_2"], ["sah", "tidak_sah", "total"]]
    result = []
    for n, keys in enumerate(pages, 1):
        page = []
        for key in keys:
            number = written(key, values[key], bulatan=n == 2)
            if wrong is not None and wrong[0] == key:
                _, box, digit, p = wrong
                boxes = list(number.kotak)
                true_digit = int(f"{values[key]:03d}"[box])
                boxes[box] = BacaanKotak(
                    probabilitas=probs(digit, p, true_digit), bulatan=boxes[box].bulatan
                )
                number = BacaanAngka(kunci=key, kotak=tuple(boxes))
            page.append(number)
        result.append(page)
    return values, result


def test_lembar_decode_returns_one_result_per_page_and_names_the_crossing_identity():
    _, pages = sheet_pages(120, 64, 6)
    decoded = lembar_decode(pages, SHEET_IDENTITIES, AMBANG)
    assert [[a.kunci for a in h.angka] for h in decoded] == [
        ["digunakan"],
        ["calon_1", "calon_2"],
        ["sah", "tidak_sah", "total"],
    ]
    assert all(h.otomatis for h in decoded)
    # Page 3 says the total is 190 where page 1 says 190 + 10 were used: the identity across
    # pages fails, and both pages name it; page 2 does not.
    pages[0] = [written("digunakan", 200, bulatan=False)]
    decoded = lembar_decode(pages, SHEET_IDENTITIES, AMBANG)
    assert decoded[0].identitas_gagal == ("digunakan = total",)
    assert decoded[2].alasan == (Alasan(Sebab.JUMLAH_GAGAL, "digunakan = total"),)
    assert decoded[1].identitas_gagal == ()
    assert decoded[1].otomatis
    assert not decoded[0].otomatis


def test_lembar_decode_checks_only_the_identities_of_the_pages_it_has():
    _, pages = sheet_pages(120, 64, 6)
    decoded = lembar_decode([pages[1]], SHEET_IDENTITIES, AMBANG)
    assert decoded[0].otomatis
    assert decoded[0].identitas_gagal == ()


def test_lembar_decode_refuses_a_number_on_two_pages():
    _, pages = sheet_pages(1, 2, 3)
    with pytest.raises(ValueError, match="twice: sah"):
        lembar_decode([pages[2], pages[2][:1]], SHEET_IDENTITIES, AMBANG)


sheet_values = st.integers(min_value=0, max_value=300)


@settings(max_examples=40, deadline=None)
@given(c1=sheet_values, c2=sheet_values, tidak_sah=st.integers(0, 99))
def test_property_a_consistent_sheet_is_decoded_as_written_across_its_pages(c1, c2, tidak_sah):
    values, pages = sheet_pages(c1, c2, tidak_sah)
    decoded = lembar_decode(pages, SHEET_IDENTITIES, AMBANG)
    assert {a.kunci: a.nilai for h in decoded for a in h.angka} == values
    assert all(h.otomatis and not h.identitas_gagal for h in decoded)


@settings(max_examples=60, deadline=None)
@given(
    c1=sheet_values,
    c2=sheet_values,
    tidak_sah=st.integers(0, 99),
    wrong=st.tuples(
        st.sampled_from(["digunakan", "sah", "tidak_sah", "total"]),
        st.integers(0, 2),
        st.integers(0, 9),
        st.floats(0.5, 0.9999),
    ),
)
def test_property_a_single_wrong_digit_is_never_accepted_on_a_sheet(c1, c2, tidak_sah, wrong):
    key, box, digit, p = wrong
    values, _ = sheet_pages(c1, c2, tidak_sah)
    if int(f"{values[key]:03d}"[box]) == digit:
        return
    _, pages = sheet_pages(c1, c2, tidak_sah, wrong=(key, box, digit, p))
    decoded = lembar_decode(pages, SHEET_IDENTITIES, AMBANG)
    accepted = {a.kunci: a.nilai for h in decoded for a in h.angka if a.otomatis}
    # What is accepted is what was written, and the accepted set breaks no identity.
    assert all(values[k] == v for k, v in accepted.items())
    for i in SHEET_IDENTITIES:
        if all(k in accepted for k in (*i.bagian, i.jumlah)):
            assert sum(accepted[k] or 0 for k in i.bagian) == accepted[i.jumlah]
