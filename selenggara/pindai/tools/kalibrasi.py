"""Calibrate the digit model on photographs: fit its temperature and store it in digit.json
(development tool; runs in the project's venv, no torch):

    .venv/bin/python -m selenggara.pindai.tools.kalibrasi [--lembar 40] [--seed 31]

The model is trained on single boxes (``tools/latih.py``); what the decoder needs is that its
probabilities mean what they say on photographs of whole pages, since a candidate is proposed
to make a sum hold only when the model gives it at least ``dekode.PROB_USULAN``, and a number is
accepted on its confidence. Temperature scaling (Guo et al., "On Calibration of Modern Neural
Networks", 2017) divides the logits by one number T fitted to minimise the negative
log-likelihood of the true digits; it changes no reading, only how sure the model says it is.

Data: ``sintetis.lembar_foto`` sheets written with the shipped MNIST test digits 0-1499, the
half the bench keeps for its validation set (its held-out test set writes with 1500-2999, which
calibration never sees), with a seed the bench does not use (it uses 2024 and 7 and the next
ones), every page registered as the reader does. Only boxes whose digit is not a leading zero
count: a leading zero may be written as 0, left blank or crossed out, per sheet.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

SUHU = np.round(np.arange(0.8, 3.01, 0.05), 2)


def nll(logits: np.ndarray, labels: np.ndarray, suhu: float) -> float:
    """Mean negative log-likelihood of ``labels`` under softmax(logits / suhu)."""
    z = logits / suhu
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(labels)), labels].mean())


def suhu_fit(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(T, its NLL): the temperature on the grid ``SUHU`` with the lowest NLL."""
    scores = [(nll(logits, labels, float(t)), float(t)) for t in SUHU]
    best, t = min(scores)
    return t, best


def kotak_berlabel(lembar: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Normalised box images and their digits from ``lembar`` photographed sheets."""
    from selenggara.pindai.kotak import kotak_crop, kotak_normalize
    from selenggara.pindai.registrasi import Tolak, halaman_register
    from selenggara.pindai.tools.sintetis import digits_of, lembar_foto

    images, labels = [], []
    for pages in lembar_foto(lembar, seed, (0, 1500)):
        for data, expected in pages:
            try:
                terdaftar = halaman_register(data)
            except Tolak:
                continue
            for angka in terdaftar.halaman.angka:
                digits = digits_of(expected[angka.kunci], len(angka.kotak))
                for box, digit in zip(angka.kotak, digits, strict=True):
                    if digit is None:  # a leading zero: 0, blank or crossed out, per sheet
                        continue
                    crop = kotak_crop(terdaftar.gambar, box, terdaftar.skala)
                    images.append(kotak_normalize(crop)[0])
                    labels.append(digit)
    return np.stack(images), np.array(labels, np.int64)


def main(argv: list[str] | None = None) -> None:
    import cv2

    cv2.setNumThreads(1)
    from selenggara.pindai.baca import MODEL, digit_logits

    parser = argparse.ArgumentParser()
    parser.add_argument("--lembar", type=int, default=40)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument(
        "--json", type=Path, default=MODEL.with_suffix(".json"), help="the figures to update"
    )
    args = parser.parse_args(argv)
    images, labels = kotak_berlabel(args.lembar, args.seed)
    logits = digit_logits(images)
    t, best = suhu_fit(logits, labels)
    path = args.json
    figures = json.loads(path.read_text())
    figures.update(
        suhu=t,
        kalibrasi={
            "kotak": len(labels),
            "lembar": args.lembar,
            "seed": args.seed,
            "nll_tanpa_suhu": round(nll(logits, labels, 1.0), 4),
            "nll": round(best, 4),
            "akurasi": round(float(np.mean(logits.argmax(1) == labels)), 4),
        },
    )
    path.write_text(json.dumps(figures, indent=1) + "\n")
    sys.stdout.write(json.dumps(figures["kalibrasi"] | {"suhu": t}) + "\n")


if __name__ == "__main__":
    main()
