"""From a digit box's crop to the model's input: what counts as ink, and what is paper."""

import cv2
import numpy as np
import pytest

from selenggara.pindai.kotak import UKURAN, kotak_normalize

SIDE = 26  # a box's interior on the registered page (34 px less the frame)


def paper(noise: float = 3.0, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(250 + rng.normal(0, noise, (SIDE, SIDE)), 0, 255).astype(np.float32)


def stroke(darkness: float, *, blur: float = 0.8, length: int = 18, width: int = 2) -> np.ndarray:
    """A written 1: a vertical stroke ``darkness`` (0-255) darker than the paper at its core."""
    ink = np.zeros((SIDE, SIDE), np.float32)
    x0 = SIDE // 2
    y0 = (SIDE - length) // 2
    ink[y0 : y0 + length, x0 : x0 + width] = 1.0
    blurred = np.asarray(cv2.GaussianBlur(ink, (0, 0), blur), np.float32)
    return np.asarray(blurred / blurred.max() * darkness, np.float32)


def guide(darkness: float) -> np.ndarray:
    """Page 2's light dotted guide: dots in the shape of an 8."""
    ink = np.zeros((SIDE, SIDE), np.float32)
    for gx in (8, 13, 18):
        for gy in range(3, 24, 3):
            if gx != 13 or gy in (3, 12, 21):
                ink[gy, gx] = darkness
    return ink


def dot(darkness: float) -> np.ndarray:
    ink = np.zeros((SIDE, SIDE), np.float32)
    cv2.circle(ink, (13, 13), 2, darkness, -1)
    return ink


def crop(ink: np.ndarray, noise: float = 3.0) -> np.ndarray:
    return np.asarray(np.clip(paper(noise) - ink, 0, 255), np.uint8)


@pytest.mark.parametrize(
    ("name", "ink", "empty"),
    [
        ("paper", np.zeros((SIDE, SIDE), np.float32), True),
        ("noisy paper", np.zeros((SIDE, SIDE), np.float32), True),
        ("printed guide", guide(15), True),
        ("a dot slipped in", dot(200), True),
        ("a marker 1", stroke(220), False),
        ("a ballpoint 1", stroke(120), False),
        # A light ballpoint softened by the camera: at the old threshold (35 of 255, the
        # stroke not scaled up below 80) this was paper, and a leading 1 read as blank.
        ("a light, blurred ballpoint 1", stroke(35, blur=1.2), False),
    ],
)
def test_what_is_ink(name, ink, empty):
    image, _ = kotak_normalize(crop(ink, noise=6.0 if name == "noisy paper" else 3.0))
    assert image.shape == (UKURAN, UKURAN)
    assert bool(image.max() == 0) == empty, name


def test_a_light_pen_reaches_the_model_like_a_dark_one():
    dark, _ = kotak_normalize(crop(stroke(220)))
    light, _ = kotak_normalize(crop(stroke(60)))
    assert light.max() == pytest.approx(1.0)
    # Same place, same shape: centred alike, and nearly the same image.
    for axis in (0, 1):
        centre = [float(np.average(np.arange(UKURAN), weights=i.sum(axis))) for i in (dark, light)]
        assert centre[0] == pytest.approx(centre[1], abs=1.0)
    assert np.corrcoef(dark.ravel(), light.ravel())[0, 1] > 0.9
