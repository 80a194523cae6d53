"""From the crop of one digit box to the 28 x 28 input of the digit model.

The same function prepares the training images (``tools/latih.py``) and the photos, so the
model sees at run time exactly what it learnt on. Only numpy and OpenCV: the training venv
imports this module without Django.
"""

from __future__ import annotations

import cv2
import numpy as np

UKURAN = 28
ISI = 20  # MNIST: the digit's longer side is 20 px, centred by its centre of mass in 28 x 28
SISIH = 0.12  # share of the box cut off each side, dropping the printed frame
# Darkness (0-255) below which a pixel is paper: sensor noise, uneven light and most of page
# 2's light printed guides. Measured on the bench's photos (docs/performance.md, Pindai): at
# 35, a light ballpoint softened by the camera was taken for paper and a written 1 in a
# leading box read as blank with certainty (31 of 1,662 boxes in one set); at 20, 5.
AMBANG_TINTA = 20
# Ink is measured against the box's own darkest strokes, so a light pen, a thin stroke
# softened by the camera or a dim photo give the model the same image as a dark pen; below
# this darkness a stroke is not scaled up (what is that light is a guide or noise).
PUNCAK_MINIMUM = 45
TINTA_MINIMUM = 6.0  # total ink (in px of full darkness) below which the box is empty
# A mark whose longer side is below this share of the box is a dot or a slip of the pen,
# not a digit (a written digit fills most of the box's height).
TANDA_MINIMUM = 0.3


def kotak_crop(
    page: np.ndarray, box: tuple[float, float, float, float], skala: float
) -> np.ndarray:
    """The interior of a digit box from a registered page (greyscale, paper white)."""
    x, y, w, h = (v * skala for v in box)
    dx, dy = w * SISIH, h * SISIH
    x0, y0 = round(x + dx), round(y + dy)
    x1, y1 = round(x + w - dx), round(y + h - dy)
    return page[y0:y1, x0:x1]


def kotak_normalize(crop: np.ndarray) -> tuple[np.ndarray, float]:
    """Return (the model input, float32 28 x 28 in 0..1, ink 1; the amount of ink)."""
    dark = 255.0 - crop.astype(np.float32)
    # What touches the crop's edge and runs along it is the printed frame, not the pen.
    dark[:, :1] = dark[:, -1:] = 0
    dark[:1, :] = dark[-1:, :] = 0
    peak = max(float(np.percentile(dark, 99.5)), PUNCAK_MINIMUM)
    ink = np.clip((dark - AMBANG_TINTA) / (peak - AMBANG_TINTA), 0, 1)
    total = float(ink.sum())
    out = np.zeros((UKURAN, UKURAN), np.float32)
    if total < TINTA_MINIMUM:
        return out, total
    ys, xs = np.nonzero(ink > 0.25)
    if len(xs) == 0 or max(np.ptp(ys), np.ptp(xs)) + 1 < TANDA_MINIMUM * min(ink.shape):
        return out, total
    glyph = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    h, w = glyph.shape
    scale = ISI / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    glyph = cv2.resize(
        glyph, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    )
    peak = float(glyph.max())
    if peak > 0:
        glyph = np.clip(glyph / peak, 0, 1)
    m = cv2.moments(glyph)
    cx = m["m10"] / m["m00"] if m["m00"] else nw / 2
    cy = m["m01"] / m["m00"] if m["m00"] else nh / 2
    ox = round(UKURAN / 2 - cx)
    oy = round(UKURAN / 2 - cy)
    ox = min(max(ox, 0), UKURAN - nw)
    oy = min(max(oy, 0), UKURAN - nh)
    out[oy : oy + nh, ox : ox + nw] = glyph
    return out, total
