"""The digit model's temperature: fitted by likelihood, stored with the model, used by the reader."""

import json

import numpy as np
import pytest

from selenggara.pindai import baca
from selenggara.pindai.tata_letak import tata_letak_get
from selenggara.pindai.tools.kalibrasi import SUHU, kotak_berlabel, nll, suhu_fit
from selenggara.pindai.tools.sintetis import lembar_foto


def overconfident(n: int = 2000, seed: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Logits of a model that is right 90 % of the time and says so with 99.9 %."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n)
    said = np.where(rng.random(n) < 0.9, labels, (labels + 1) % 10)
    logits = np.zeros((n, 11))
    logits[np.arange(n), said] = np.log(0.999 / (0.001 / 10))
    return logits, labels


def test_nll_of_a_certain_right_model_is_zero_and_grows_with_doubt():
    logits = np.full((3, 11), -50.0)
    labels = np.array([1, 2, 3])
    logits[np.arange(3), labels] = 50.0
    assert nll(logits, labels, 1.0) == pytest.approx(0.0, abs=1e-9)
    assert nll(logits, labels, 10.0) > nll(logits, labels, 1.0)


def test_an_overconfident_model_is_cooled_down_to_what_it_knows():
    logits, labels = overconfident()
    t, best = suhu_fit(logits, labels)
    assert t > 1.5
    assert best < nll(logits, labels, 1.0)
    # At that temperature a right reading says about 90 %, not 99.9 %.
    z = logits / t
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    assert 0.8 < float(np.median(p.max(1))) < 0.97
    # The temperature changes no reading.
    assert np.array_equal(p.argmax(1), logits.argmax(1))


def test_the_reader_divides_the_logits_by_the_stored_temperature():
    figures = json.loads(baca.MODEL.with_suffix(".json").read_text())
    assert baca.suhu() == figures["suhu"] >= 1.0
    images = np.zeros((2, 28, 28), np.float32)
    images[1, 4:24, 13:15] = 1.0  # a 1
    logits = baca.digit_logits(images) / figures["suhu"]
    expected = np.exp(logits - logits.max(1, keepdims=True))
    expected /= expected.sum(1, keepdims=True)
    assert np.allclose(baca.digit_probabilities(images), expected, atol=1e-6)


def test_calibration_boxes_are_labelled_without_leading_zeros():
    images, labels = kotak_berlabel(1, 5)
    # The same sheet's numbers, page by page in the layout's order: a number's digits as
    # written without its leading zeros are its decimal text.
    layout = tata_letak_get("ppwp")
    assert layout is not None
    ((_, p1), (_, p2), (_, p3)) = lembar_foto(1, 5, (0, 1500))[0]
    expected = [
        int(ch)
        for halaman, numbers in zip(layout.halaman, (p1, p2, p3), strict=True)
        for angka in halaman.angka
        for ch in str(numbers[angka.kunci])
    ]
    assert labels.tolist() == expected
    assert images.shape == (len(expected), 28, 28)


def test_the_tool_stores_the_temperature_beside_the_model_figures(tmp_path, capsys):
    from selenggara.pindai.tools.kalibrasi import main

    figures = tmp_path / "digit.json"
    figures.write_text(json.dumps({"akurasi": 0.98}))
    main(["--lembar", "1", "--seed", "5", "--json", str(figures)])
    stored = json.loads(figures.read_text())
    assert stored["akurasi"] == 0.98  # what training wrote stays
    assert stored["suhu"] in {float(t) for t in SUHU}
    assert stored["kalibrasi"]["kotak"] > 30
    assert stored["kalibrasi"]["nll"] <= stored["kalibrasi"]["nll_tanpa_suhu"]
    assert json.loads(capsys.readouterr().out)["suhu"] == stored["suhu"]
