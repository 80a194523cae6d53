"""How the reader's reasons are worded for people, in Indonesian and in English."""

import pytest
from django.utils import translation

from selenggara.pindai.baca import BERKAS_HILANG, TOLAK, Catatan
from selenggara.pindai.domain.dekode import Alasan, Sebab
from selenggara.pindai.messages import PESAN_SEBAB, alasan_teks, identitas_label
from selenggara.pindai.registrasi import Penolakan

SUM = "suara_sah + suara_tidak_sah = suara_total"


@pytest.mark.parametrize(
    ("catatan", "id_text", "en_text"),
    [
        (
            Catatan("bulatan_tidak_jelas", "satuan"),
            "bulatan tidak jelas pada kotak satuan",
            "unclear bubbles in the units box",
        ),
        (
            Catatan("digit_bulatan_beda", "ratusan"),
            "digit dan bulatan tidak cocok pada kotak ratusan",
            "digit and bubble disagree in the hundreds box",
        ),
        (
            Catatan("digit_bulatan_beda"),
            "digit dan bulatan tidak cocok",
            "digits and bubbles disagree",
        ),
        (Catatan("tidak_terbaca"), "angka tidak terbaca", "number not readable"),
        (
            Catatan("dipilih"),
            "dipilih agar jumlah cocok, perlu dikonfirmasi",
            "picked so that a sum holds; needs confirming",
        ),
        (Catatan("keyakinan_rendah"), "keyakinan rendah", "low confidence"),
        (
            Catatan("tanpa_bukti"),
            "tidak ada bukti kedua (bulatan atau jumlah yang cocok)",
            "no second witness (bubbles or a sum that holds)",
        ),
        (
            Catatan(TOLAK, "buram"),
            "Foto terlalu buram.",
            "The photo is too blurred.",
        ),
        (
            Catatan(BERKAS_HILANG, "/x.jpg"),
            "Berkas /x.jpg tidak dapat dibaca.",
            "File /x.jpg cannot be read.",
        ),
    ],
)
def test_each_cause_is_worded_in_both_languages(catatan, id_text, en_text):
    with translation.override("id"):
        assert alasan_teks(catatan).startswith(id_text)
        assert alasan_teks(catatan.as_json()).startswith(id_text)  # as stored
    with translation.override("en"):
        assert alasan_teks(catatan).startswith(en_text)


def test_every_decoder_cause_has_a_wording():
    assert set(PESAN_SEBAB) == set(Sebab)


def test_a_sum_is_named_in_the_papers_labels_and_a_number_by_its_label():
    with translation.override("id"):
        text = alasan_teks(Catatan.of(Alasan(Sebab.JUMLAH_GAGAL, SUM)))
        assert text == f"jumlah tidak cocok: {identitas_label(SUM)}"
        assert "suara_sah" not in text
        picked = alasan_teks(Catatan("dipilih", "", "calon_1"), {"calon_1": "Pasangan 01"})
        assert picked.endswith(": dipilih agar jumlah cocok, perlu dikonfirmasi")
        assert "calon_1" not in picked


def test_a_reason_stored_as_text_by_an_older_reader_is_shown_as_it_was():
    assert alasan_teks("digit dan bulatan tidak cocok") == "digit dan bulatan tidak cocok"


def test_every_refusal_reason_can_be_worded():
    for penolakan in Penolakan:
        assert alasan_teks(Catatan(TOLAK, penolakan.value))
