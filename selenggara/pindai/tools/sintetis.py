"""Synthetic photographs of filled C.Hasil pages, for tests and the benchmark.

The page is rendered from the official PDF with pypdfium2; each digit box gets a handwritten
digit from the MNIST test set (a sample ships in ``tools/data``, CC BY-SA 3.0; the digit model
is trained on the MNIST training set only), each bubble column gets a hand-drawn fill, and the
sheet is photographed: placed on a table, seen in perspective, lit unevenly, blurred, with
sensor noise, downscaled to 2000 px on the long side and saved as JPEG quality 85, as the
offline capture does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from selenggara.pindai.domain.tata_letak import Angka, Halaman
from selenggara.pindai.tata_letak import LAYOUT_DIR, pdf_render, tata_letak_get


def _f32(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


DATA = Path(__file__).resolve().parent / "data"
SKALA_RENDER = 1.0  # px per pt of the rendered page (1700 x 2551 px for the plano form)


def skala_render(halaman: Halaman) -> float:
    """px per pt a page is filled in at: 1700 px across (the A4 salinan at 2.9 px per pt)."""
    return max(SKALA_RENDER, round(1700 / halaman.ukuran[0], 1))


@cache
def _mnist() -> tuple[np.ndarray, np.ndarray]:
    data = np.load(DATA / "mnist-uji-3000.npz")
    return data["label"], data["gambar"]


@cache
def halaman_render(sumber: str, nomor: int, skala: float = SKALA_RENDER) -> np.ndarray:
    """The blank page rendered to greyscale (uint8), cached per process."""
    return pdf_render(LAYOUT_DIR / sumber, nomor, skala)


@dataclass(kw_only=True)
class Isian:
    """What to write on one page, and the faults to put in on purpose."""

    angka: dict[str, int]
    kosong_depan: str = "kosong"  # leading boxes: "kosong" (blank), "nol" (0) or "silang" (X)
    coretan: list[tuple[str, int]] = field(default_factory=list)  # stray mark in (key, box)
    bulatan_beda: dict[tuple[str, int], int] = field(default_factory=dict)  # bubble != digit
    tanpa_bulatan: bool = False
    # The pen: darkness range of its strokes (a blue ballpoint photographs lighter than a
    # black marker) and stroke width (-1 thinner, 0 as the sample, +1 thicker).
    pena: tuple[float, float] = (0.7, 0.95)
    tebal: int = 0
    # Which of the shipped MNIST test digits to draw from (keep validation and test apart).
    sampel: tuple[int, int] = (0, 3000)


@dataclass(kw_only=True)
class Foto:
    """How the photo is taken."""

    perspektif: float = 0.04  # corner jitter, share of the page size
    putar: float = 3.0  # degrees
    buram: float = 0.8  # gaussian sigma in px at the output size
    cahaya: float = 0.35  # depth of the uneven-light gradient
    gelap: float = 1.0  # overall exposure multiplier
    derau: float = 4.0  # noise sigma
    sisi_panjang: int = 2000
    kualitas: int = 85
    potong: float = 0.0  # share of the page cut off at the bottom
    margin: float = 0.06


def _digit_ink(
    digit: int, rng: np.random.Generator, sampel: tuple[int, int] = (0, 3000), tebal: int = 0
) -> np.ndarray:
    labels, images = _mnist()
    start, stop = sampel
    choices = start + np.flatnonzero(labels[start:stop] == digit)
    ink: np.ndarray = images[rng.choice(choices)].astype(np.float32) / 255.0
    if tebal:
        kernel = np.ones((2, 2), np.uint8)
        ink = cv2.dilate(ink, kernel) if tebal > 0 else cv2.erode(ink, kernel)
    return ink


def _silang_ink(rng: np.random.Generator) -> np.ndarray:
    ink = np.zeros((28, 28), np.float32)
    t = int(rng.integers(2, 4))
    a, b = int(rng.integers(4, 8)), int(rng.integers(20, 24))
    cv2.line(ink, (a, a + int(rng.integers(-2, 3))), (b, b), 1.0, t, cv2.LINE_AA)
    cv2.line(ink, (b, a), (a + int(rng.integers(-2, 3)), b), 1.0, t, cv2.LINE_AA)
    return ink


def _paste(
    page: np.ndarray,
    ink: np.ndarray,
    box: tuple[float, ...],
    rng: np.random.Generator,
    *,
    pena: tuple[float, float] = (0.7, 0.95),
    skala: float = SKALA_RENDER,
) -> None:
    """Write ``ink`` (0..1, 28 x 28) into the box with a pen of random darkness."""
    x, y, w, h = (v * skala for v in box)
    size = int(min(h, 1.3 * w) * rng.uniform(0.85, 1.1))
    glyph = cv2.resize(ink, (size, size), interpolation=cv2.INTER_LINEAR)
    cx = x + w / 2 + rng.uniform(-0.08, 0.08) * w
    cy = y + h / 2 + rng.uniform(-0.08, 0.08) * h
    x0, y0 = int(cx - size / 2), int(cy - size / 2)
    x1, y1 = x0 + size, y0 + size
    region = page[y0:y1, x0:x1].astype(np.float32)
    darkness = rng.uniform(*pena)
    page[y0:y1, x0:x1] = (
        region * (1 - darkness * glyph[: region.shape[0], : region.shape[1]])
    ).astype(np.uint8)


def _fill_bubble(
    page: np.ndarray, box: tuple[float, ...], rng: np.random.Generator, skala: float
) -> None:
    x, y, w, h = (v * skala for v in box)
    mask = np.zeros(page.shape, np.float32)
    center = (int(x + w / 2 + rng.uniform(-1.5, 1.5)), int(y + h / 2 + rng.uniform(-1.5, 1.5)))
    axes = (int(w / 2 * rng.uniform(0.7, 1.0)), int(h / 2 * rng.uniform(0.7, 1.0)))
    cv2.ellipse(mask, center, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1, cv2.LINE_AA)
    page[:] = (page * (1 - rng.uniform(0.75, 0.95) * mask)).astype(np.uint8)


def _stray(
    page: np.ndarray, box: tuple[float, ...], rng: np.random.Generator, skala: float
) -> None:
    x, y, w, h = (v * skala for v in box)
    p0 = (int(x + w * rng.uniform(0.2, 0.5)), int(y + h * rng.uniform(0.3, 0.7)))
    p1 = (p0[0] + int(w * rng.uniform(0.1, 0.25)), p0[1] + int(h * rng.uniform(-0.1, 0.1)))
    cv2.line(page, p0, p1, 40, 2, cv2.LINE_AA)


def digits_of(value: int, boxes: int = 3) -> list[int | None]:
    """The digits written in ``boxes`` boxes, None for a leading box left without a digit."""
    text = str(value)
    return [None] * (boxes - len(text)) + [int(c) for c in text]


def halaman_isi(
    halaman: Halaman, sumber: str, isian: Isian, rng: np.random.Generator
) -> np.ndarray:
    """Return the page (greyscale, render scale) filled in as ``isian`` says."""
    skala = skala_render(halaman)
    page = halaman_render(sumber, halaman.nomor, skala).copy()
    for angka in halaman.angka:
        _isi_angka(page, angka, isian, rng, skala)
    return page


def _isi_angka(
    page: np.ndarray, angka: Angka, isian: Isian, rng: np.random.Generator, skala: float
) -> None:
    value = isian.angka[angka.kunci]
    for i, (box, digit) in enumerate(
        zip(angka.kotak, digits_of(value, len(angka.kotak)), strict=True)
    ):
        if digit is not None or isian.kosong_depan == "nol":
            ink = _digit_ink(digit or 0, rng, isian.sampel, isian.tebal)
            _paste(page, ink, box, rng, pena=isian.pena, skala=skala)
        elif isian.kosong_depan == "silang":
            _paste(page, _silang_ink(rng), box, rng, pena=isian.pena, skala=skala)
        if (angka.kunci, i) in isian.coretan:
            _stray(page, box, rng, skala)
        if angka.bulatan is not None and not isian.tanpa_bulatan:
            bubble_digit = isian.bulatan_beda.get(
                (angka.kunci, i), digit if digit is not None else 0
            )
            _fill_bubble(page, angka.bulatan[i][bubble_digit], rng, skala)


def foto_ambil(page: np.ndarray, foto: Foto, rng: np.random.Generator) -> np.ndarray:
    """Photograph a page: table, perspective, light, blur, noise, downscale; returns BGR."""
    h, w = page.shape
    m = int(foto.margin * max(h, w))
    canvas_h, canvas_w = h + 2 * m, w + 2 * m
    noise = np.asarray(rng.normal(0, 8, (canvas_h, canvas_w)), dtype=np.float32)
    table = np.full((canvas_h, canvas_w), rng.uniform(60, 120), np.float32) + noise
    src = _f32([[0, 0], [w, 0], [0, h], [w, h]])
    jitter = rng.uniform(-foto.perspektif, foto.perspektif, (4, 2)) * _f32([w, h])
    dst = src + m + jitter.astype(np.float32)
    angle = np.deg2rad(rng.uniform(-foto.putar, foto.putar))
    center = _f32([canvas_w / 2, canvas_h / 2])
    rot = _f32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    dst = (dst - center) @ rot.T + center
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    paper = _f32(rng.uniform(215, 245)) / 255.0
    warped = cv2.warpPerspective(
        page.astype(np.float32) * paper, matrix, (canvas_w, canvas_h), borderValue=-1.0
    )
    image = np.where(warped < 0, table, warped)
    yy, xx = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
    gx, gy = rng.uniform(-1, 1, 2)
    light = (
        1.0
        - foto.cahaya
        * (0.5 + 0.5 * (gx * (xx / canvas_w - 0.5) + gy * (yy / canvas_h - 0.5)) * 2)
        / 2
    )
    image = image * light * foto.gelap
    if foto.potong:
        cut = int(canvas_h * (1 - foto.potong))
        image[cut:] = table[cut:]
    scale = foto.sisi_panjang / max(canvas_h, canvas_w)
    image = cv2.resize(
        image, (int(canvas_w * scale), int(canvas_h * scale)), interpolation=cv2.INTER_AREA
    )
    if foto.buram:
        image = cv2.GaussianBlur(image, (0, 0), foto.buram)
    image = image + np.asarray(rng.normal(0, foto.derau, image.shape), dtype=np.float32)
    gray = np.clip(image, 0, 255).astype(np.uint8)
    tint = _f32([rng.uniform(0.9, 1.0), rng.uniform(0.95, 1.0), 1.0])
    bgr: np.ndarray = np.clip(gray[:, :, None].astype(np.float32) * tint, 0, 255).astype(np.uint8)
    return bgr


def jpeg(image: np.ndarray, kualitas: int = 85) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, kualitas])
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 image
        raise ValueError("JPEG encoding failed")
    return bytes(data)


def lembar_acak(rng: np.random.Generator, calon: int = 3) -> dict[str, int]:
    """A consistent PPWP sheet: every identity of the form holds, every number below 1000."""
    dpt_l, dpt_p = (int(v) for v in rng.integers(100, 150, 2))
    angka: dict[str, int] = {"dpt_l": dpt_l, "dpt_p": dpt_p, "dpt_j": dpt_l + dpt_p}
    for sex, dpt in (("l", dpt_l), ("p", dpt_p)):
        pengguna = int(rng.integers(int(dpt * 0.6), dpt + 1))
        dptb = int(rng.integers(0, 12))
        dpk = int(rng.integers(0, 8))
        angka[f"pengguna_dpt_{sex}"] = pengguna
        angka[f"pengguna_dptb_{sex}"] = dptb
        angka[f"pengguna_dpk_{sex}"] = dpk
        angka[f"pengguna_total_{sex}"] = pengguna + dptb + dpk
    for part in ("dpt", "dptb", "dpk", "total"):
        angka[f"pengguna_{part}_j"] = angka[f"pengguna_{part}_l"] + angka[f"pengguna_{part}_p"]
    total = angka["pengguna_total_j"]
    diterima = max(total, angka["dpt_j"] + int(np.ceil(angka["dpt_j"] * 0.02)))
    rusak = int(rng.integers(0, 4))
    digunakan = total
    angka.update(
        surat_suara_diterima=diterima + rusak,
        surat_suara_digunakan=digunakan,
        surat_suara_rusak=rusak,
        surat_suara_sisa=diterima - digunakan,
    )
    dis_l, dis_p = (int(v) for v in rng.integers(0, 6, 2))
    angka.update(disabilitas_l=dis_l, disabilitas_p=dis_p, disabilitas_j=dis_l + dis_p)
    tidak_sah = int(rng.integers(0, 15))
    sah = total - tidak_sah
    shares = rng.dirichlet(np.ones(calon))
    votes = [int(v) for v in np.floor(shares * sah)]
    votes[0] += sah - sum(votes)
    for i, v in enumerate(votes, 1):
        angka[f"calon_{i}"] = v
    angka.update(suara_sah=sah, suara_tidak_sah=tidak_sah, suara_total=total)
    return angka


def ppwp_halaman(nomor: int, varian: str = "plano") -> tuple[Halaman, str]:
    layout = tata_letak_get("ppwp", varian)
    if layout is None:  # pragma: no cover - the PPWP layouts ship with the package
        raise LookupError(f"the {varian} PPWP layout is missing")
    halaman = layout.halaman_nomor(nomor)
    if halaman is None:
        raise LookupError(f"the {varian} PPWP layout has no page {nomor}")
    return halaman, layout.sumber


def lembar_foto(
    lembar: int, seed: int, sampel: tuple[int, int]
) -> list[list[tuple[bytes, dict[str, int]]]]:
    """``lembar`` consistent sheets of three photographed pages, each (JPEG, the page's numbers
    as written); MNIST test digits ``sampel`` (start, stop). Each sheet has its own pen, leading-
    box style and JPEG quality, each photo its own perspective, rotation, light, exposure, blur,
    noise and size, so the set is not one generator's look (the benchmark, the calibration)."""
    rng = np.random.default_rng(seed)
    sheets = []
    for _ in range(lembar):
        sheet = lembar_acak(rng)
        style = str(rng.choice(["kosong", "kosong", "nol", "silang"]))
        light_pen = float(rng.uniform(0.45, 0.8))
        isian = Isian(
            angka=sheet,
            kosong_depan=style,
            pena=(light_pen, min(0.97, light_pen + 0.2)),
            tebal=int(rng.choice([-1, 0, 0, 1])),
            sampel=sampel,
        )
        kualitas = int(rng.integers(60, 93))
        pages = []
        for nomor in (1, 2, 3):
            halaman, sumber = ppwp_halaman(nomor)
            page = halaman_isi(halaman, sumber, isian, rng)
            foto = Foto(
                perspektif=float(rng.uniform(0.0, 0.06)),
                putar=float(rng.uniform(0, 6)),
                buram=float(rng.uniform(0.3, 1.6)),
                cahaya=float(rng.uniform(0.0, 0.6)),
                gelap=float(rng.uniform(0.7, 1.05)),
                derau=float(rng.uniform(1, 7)),
                sisi_panjang=int(rng.integers(1600, 2600)),
            )
            expected = {a.kunci: sheet[a.kunci] for a in halaman.angka}
            pages.append((jpeg(foto_ambil(page, foto, rng), kualitas), expected))
        sheets.append(pages)
    return sheets
