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


def test_the_sum_picks_the_second_candidate_but_only_for_a_person_to_confirm():
    # The model reads 8 (70 %) where 3 (30 %) makes the sum hold: the decoder proposes 3.
    c = BacaanAngka(
        kunci="c",
        kotak=(
            BacaanKotak(probabilitas=probs(1)),
            BacaanKotak(probabilitas=probs(2)),
            BacaanKotak(probabilitas=probs(8, 0.7, 3)),
        ),
    )
    page = [written("a", 120, bulatan=False), written("b", 3, bulatan=False), c]
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
    ambang = Ambang(salah_bulatan=0.01, salah_identitas=0.05)
    alone = keyakinan_for(123, options, bulatan=None, kotak=3, identitas_cocok=0, ambang=ambang)
    assert alone == pytest.approx(0.7)
    # The bubbles say 123: 128 differs in one box.
    bubbled = keyakinan_for(123, options, bulatan=123, kotak=3, identitas_cocok=0, ambang=ambang)
    assert bubbled == pytest.approx(0.7 / (0.7 + 0.3 * 0.01))
    held = keyakinan_for(123, options, bulatan=None, kotak=3, identitas_cocok=2, ambang=ambang)
    assert held == pytest.approx(0.7 / (0.7 + 0.3 * 0.05**2))
    assert (
        keyakinan_for(None, options, bulatan=None, kotak=3, identitas_cocok=0, ambang=ambang) == 0
    )


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
