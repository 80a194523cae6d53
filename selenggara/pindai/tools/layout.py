"""Extract a form layout from the official vector PDF (development tool, needs pdfplumber).

    .venv/bin/python -m selenggara.pindai.tools.layout selenggara/pindai/layouts/C.HASIL-PPWP-2024.pdf \
        > selenggara/pindai/layouts/ppwp-plano.json

The plano C.HASIL-PPWP-2024 is drawn in CorelDRAW: every box, bubble and marker is a vector
path, text included. The tool finds them by shape, not by hand-measured coordinates:

- corner markers: the four pairs of filled 20 pt squares touching at one corner; the marker's
  point is where the two squares touch;
- the page code: the filled 91 pt square of an AprilTag 36h10 (id 101, 102, 103 on pages 1-3),
  read from a rendering to know its id and which way it is printed;
- digit boxes: the stroked squares of one size per page, in rows of three per number;
- bubbles: the stroked 23 pt circles in the column under a digit box, 0 at the top.

Which key of the C.Hasil (tungsura/domain/lembar.py) each number is follows the paper's order,
given per page below (``KUNCI``). All coordinates are PDF points from the page's top-left.

The A4 salinan (``--salinan``) is a scan placed in a PDF inside one vector rectangle, the
page's printed frame: the frame comes from the PDF's vectors, the digit boxes from the page
rendered by pypdfium2 (the holes of the printed grid of the boxes' size, in rows of three at
the right edge of the frame). It has no page code, no markers and no bubbles; the reader
registers it by its frame (``bingkai``) and recognises it by its likeness to the blank page.

    .venv/bin/python -m selenggara.pindai.tools.layout --salinan \
        selenggara/pindai/layouts/C.HASIL-SALINAN-PPWP-2024.pdf > selenggara/pindai/layouts/ppwp-salinan.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pdfplumber

from selenggara.pindai.tata_letak import pdf_render
from selenggara.tungsura.domain.lembar import ADMINISTRASI, SUARA, kunci_calon

# Page 1: sections I-III (DPT, users from DPT/DPTb/DPK/total, ballots, disability), in rows.
# Page 2: section IV, one number per pair. Page 3: section V.
KUNCI: dict[int, list[str]] = {
    1: [k for k in ADMINISTRASI if k not in SUARA],
    2: [kunci_calon(n) for n in (1, 2, 3)],
    3: list(SUARA),
}
# Size (pt) of the digit boxes on each page: page 1 draws 51 pt squares, pages 2-3 57 pt.
UKURAN_KOTAK = {1: (50.0, 52.5), 2: (56.0, 58.0), 3: (56.0, 58.0)}
UKURAN_BULATAN = (22.0, 24.0)
UKURAN_PENANDA = (19.0, 21.0)
UKURAN_KODE = (90.0, 92.0)
KOTAK_PER_ANGKA = 3


def _size_in(obj: dict[str, Any], bounds: tuple[float, float]) -> bool:
    low, high = bounds
    return bool(low <= obj["width"] <= high and low <= obj["height"] <= high)


def _box(obj: dict[str, Any]) -> list[float]:
    return [
        round(obj["x0"], 2),
        round(obj["top"], 2),
        round(obj["width"], 2),
        round(obj["height"], 2),
    ]


def _dedupe(boxes: list[list[float]], tol: float = 3.0) -> list[list[float]]:
    """Drop a box drawn twice (page 2 strokes each digit box as two nested paths)."""
    kept: list[list[float]] = []
    for b in sorted(boxes, key=lambda b: -b[2] * b[3]):
        if not any(abs(b[0] - k[0]) < tol and abs(b[1] - k[1]) < tol for k in kept):
            kept.append(b)
    return kept


def _rows(boxes: list[list[float]], tol: float = 10.0) -> list[list[list[float]]]:
    rows: list[list[list[float]]] = []
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        if rows and abs(rows[-1][0][1] - b[1]) < tol:
            rows[-1].append(b)
        else:
            rows.append([b])
    return [sorted(r, key=lambda b: b[0]) for r in rows]


def _markers(objs: Sequence[dict[str, Any]]) -> list[list[float]]:
    """Return the four marker points, top-left, top-right, bottom-left, bottom-right."""
    squares = [o for o in objs if o.get("fill") and _size_in(o, UKURAN_PENANDA)]
    points: list[tuple[float, float]] = []
    used: set[int] = set()
    for i, a in enumerate(squares):
        for j, b in enumerate(squares):
            if j <= i or i in used or j in used:
                continue
            # Two squares touching at one corner: the union is twice a side in both directions.
            x0, x1 = min(a["x0"], b["x0"]), max(a["x1"], b["x1"])
            y0, y1 = min(a["top"], b["top"]), max(a["bottom"], b["bottom"])
            if abs((x1 - x0) - 2 * a["width"]) < 2 and abs((y1 - y0) - 2 * a["height"]) < 2:
                points.append(((x0 + x1) / 2, (y0 + y1) / 2))
                used |= {i, j}
    if len(points) != 4:
        raise ValueError(f"found {len(points)} corner markers, expected 4")
    top = sorted(sorted(points, key=lambda p: p[1])[:2])
    bottom = sorted(sorted(points, key=lambda p: p[1])[2:])
    return [[round(x, 2), round(y, 2)] for x, y in (*top, *bottom)]


def _tag_corners(pdf_path: Path, nomor: int) -> tuple[int, list[list[float]]]:
    """Render the page at 1 px per pt and read its AprilTag: its id and its corners in the
    order the detector returns them (the tag is printed turned; the order fixes which way)."""
    image = pdf_render(pdf_path, nomor, 1.0)
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_APRILTAG_36h10)
    corners, ids, _ = cv2.aruco.ArucoDetector(dictionary).detectMarkers(image)
    if len(corners) != 1:
        raise ValueError(f"page {nomor}: the page code is not one AprilTag 36h10")
    points = corners[0].reshape(4, 2)
    return int(np.asarray(ids).ravel()[0]), [
        [round(float(x), 2), round(float(y), 2)] for x, y in points
    ]


def page_layout(page: Any, nomor: int, pdf_path: Path) -> dict[str, Any]:
    objs = [*page.rects, *page.curves]
    kode = [o for o in objs if o.get("fill") and _size_in(o, UKURAN_KODE)]
    if len(kode) != 1:
        raise ValueError(f"page {nomor}: found {len(kode)} page codes, expected 1")
    stroked = [o for o in objs if o.get("stroke") and not o.get("fill")]
    boxes = _dedupe([_box(o) for o in stroked if _size_in(o, UKURAN_KOTAK[nomor])])
    bubbles = _dedupe([_box(o) for o in stroked if _size_in(o, UKURAN_BULATAN)])
    numbers: list[list[list[float]]] = []
    for row in _rows(boxes):
        if len(row) % KOTAK_PER_ANGKA:
            raise ValueError(f"page {nomor}: a row of {len(row)} boxes")
        numbers += [row[i : i + KOTAK_PER_ANGKA] for i in range(0, len(row), KOTAK_PER_ANGKA)]
    tag_id, sudut = _tag_corners(pdf_path, nomor)
    keys = KUNCI[nomor]
    if len(numbers) != len(keys):
        raise ValueError(f"page {nomor}: {len(numbers)} numbers for {len(keys)} keys")
    angka = []
    for key, kotak in zip(keys, numbers, strict=True):
        bulatan: list[list[list[float]]] | None = []
        for x, y, w, h in kotak:
            column = sorted(
                (
                    b
                    for b in bubbles
                    if x <= b[0] + b[2] / 2 <= x + w and y + h < b[1] < y + h + 300
                ),
                key=lambda b: b[1],
            )
            bulatan.append(column)  # type: ignore[union-attr]
        if not any(bulatan or []):
            bulatan = None
        elif any(len(c) != 10 for c in bulatan or []):
            raise ValueError(f"page {nomor}: {key} has a bubble column without 10 bubbles")
        angka.append({"kunci": key, "kotak": kotak, "bulatan": bulatan})
    return {
        "nomor": nomor,
        "ukuran": [round(page.width, 2), round(page.height, 2)],
        "penanda": _markers(objs),
        "kode": {
            "keluarga": "apriltag_36h10",
            "id": tag_id,
            "kotak": _box(kode[0]),
            "sudut": sudut,
        },
        "angka": angka,
    }


def layout_extract(pdf_path: Path) -> dict[str, Any]:
    """Return the layout of the plano C.HASIL-PPWP-2024 extracted from its vector PDF."""
    with pdfplumber.open(pdf_path) as pdf:
        pages = [page_layout(page, n, pdf_path) for n, page in enumerate(pdf.pages, 1)]
    return {
        "formulir": "C.HASIL-PPWP",
        "jenis": "ppwp",
        "varian": "plano",
        "sumber": pdf_path.name,
        "satuan": "pt",
        "halaman": pages,
    }


# The salinan PPWP: page 2 holds sections IV and V (page 1 is the voters and ballots).
KUNCI_SALINAN: dict[int, list[str]] = {2: [*KUNCI[2], *KUNCI[3]]}
SALINAN_KOTAK = ((15.0, 25.0), (28.0, 40.0))  # width, height range (pt) of a digit box
SALINAN_RENDER = 3.0  # px per pt the boxes are found at
SALINAN_SKALA = 1.6  # px per pt of the registered salinan page: a box becomes 30 x 57 px


def _frame(page: Any) -> list[list[float]]:
    """The page's printed frame: its largest vector rectangle, corners in marker order."""
    rect = max(page.rects, key=lambda r: r["width"] * r["height"])
    x0, y0, x1, y1 = (round(rect[k], 2) for k in ("x0", "top", "x1", "bottom"))
    return [[x0, y0], [x1, y0], [x0, y1], [x1, y1]]


def _raster_boxes(pdf_path: Path, nomor: int, frame_right: float) -> list[list[list[float]]]:
    """The digit boxes of a scanned page, as numbers of three boxes, top to bottom."""
    image = pdf_render(pdf_path, nomor, SALINAN_RENDER)
    ink = (image < 160).astype(np.uint8)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    (w_lo, w_hi), (h_lo, h_hi) = SALINAN_KOTAK
    boxes = []
    for contour, (_, _, _, parent) in zip(contours, hierarchy[0], strict=True):
        if parent < 0:  # an outer edge of ink; a box is a hole in the grid
            continue
        x, y, w, h = (v / SALINAN_RENDER for v in cv2.boundingRect(contour))
        if w_lo <= w <= w_hi and h_lo <= h <= h_hi:
            boxes.append([round(x, 1), round(y, 1), round(w, 1), round(h, 1)])
    numbers = []
    for row in _rows(boxes):
        # The run of boxes that ends at the frame's right edge (the "JUMLAH" column).
        run = [row[-1]]
        for b in reversed(row[:-1]):
            if run[0][0] - (b[0] + b[2]) > 3:
                break
            run.insert(0, b)
        if frame_right - (run[-1][0] + run[-1][2]) < 40 and len(run) == KOTAK_PER_ANGKA:
            numbers.append(run)
    return numbers


def salinan_extract(pdf_path: Path) -> dict[str, Any]:
    """Return the layout of the salinan C.HASIL-PPWP-2024's pages that carry numbers."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for nomor, keys in KUNCI_SALINAN.items():
            page = pdf.pages[nomor - 1]
            frame = _frame(page)
            numbers = _raster_boxes(pdf_path, nomor, frame[1][0])
            if len(numbers) != len(keys):
                raise ValueError(f"page {nomor}: {len(numbers)} numbers for {len(keys)} keys")
            pages.append(
                {
                    "nomor": nomor,
                    "ukuran": [round(page.width, 2), round(page.height, 2)],
                    "skala": SALINAN_SKALA,
                    "bingkai": frame,
                    "penanda": [],
                    "kode": None,
                    "angka": [
                        {"kunci": key, "kotak": kotak, "bulatan": None}
                        for key, kotak in zip(keys, numbers, strict=True)
                    ],
                }
            )
    return {
        "formulir": "C.HASIL-SALINAN-PPWP",
        "jenis": "ppwp",
        "varian": "salinan",
        "sumber": pdf_path.name,
        "satuan": "pt",
        "halaman": pages,
    }


def main(argv: Sequence[str]) -> None:  # pragma: no cover - command line wrapper
    if argv[0] == "--salinan":
        sys.stdout.write(json.dumps(salinan_extract(Path(argv[1])), indent=1) + "\n")
        return
    sys.stdout.write(json.dumps(layout_extract(Path(argv[0])), indent=1) + "\n")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
