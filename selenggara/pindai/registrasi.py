"""Registration of a photographed page: find the page code and the corner markers, correct
the perspective, and refuse with a specific reason a photo that cannot be read.

The plano C.Hasil prints an AprilTag 36h10 beside "Halaman x dari 3" (id 101, 102, 103 for
the PPWP pages; zxing-cpp reads no AprilTag, OpenCV's ArUco module does) and four corner
markers, each two filled squares touching at one corner. The tag's four corners give a first
homography; each corner marker is then searched for near where that homography puts it and
located to the pixel by template matching; the final homography maps the four marker points
(and the tag's corners) onto the layout.

A page with no code and no markers (the A4 salinan) is registered by its printed frame: the
large quadrilaterals of the photo (the paper's edge, the frame's two edges) are each tried,
and the one whose registered image is most like the blank page is kept, if it is like enough;
that likeness is also what tells which page of which form it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import cv2
import numpy as np

from selenggara.pindai.domain.tata_letak import Halaman, TataLetak
from selenggara.pindai.tata_letak import LAYOUT_DIR, halaman_for_kode, pdf_render, tata_letak_all


def _f32(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


SKALA = 0.6  # px per pt of the registered page (the plano page becomes 1020 x 1531 px)
SISI_MINIMUM = 900  # px on the long side; the offline capture sends 2000
TERANG_MINIMUM = 70  # the paper's brightness (90th percentile) below this is too dark
TAJAM_MINIMUM = 0.18  # edge sharpness of the printed boxes below this is too blurred
COCOK_PENANDA = 0.45  # normalised template score a corner marker must reach
# Correlation of a frame-registered photo's printed lines with the blank page's that makes it
# that page: a filled salinan page 2 scores about 0.9, its page 1 (same header and frame)
# 0.32, a plano page or a sheet of plain paper below 0.1.
MIRIP_MINIMUM = 0.6


class Penolakan(StrEnum):
    """Why a photo cannot be read. The KPPS gets ``PESAN`` (messages.py) for each."""

    BUKAN_C_HASIL = "bukan_c_hasil"
    HALAMAN_SALAH = "halaman_salah"
    JENIS_SALAH = "jenis_salah"
    BURAM = "buram"
    GELAP = "gelap"
    TERPOTONG = "terpotong"
    KECIL = "kecil"
    RUSAK = "rusak"


class Tolak(Exception):
    def __init__(self, alasan: Penolakan) -> None:
        super().__init__(alasan.value)
        self.alasan = alasan


@dataclass(frozen=True, slots=True)
class Terdaftar:
    """A registered page: the layout it is, and the page image in layout coordinates."""

    tata_letak: TataLetak
    halaman: Halaman
    gambar: np.ndarray  # greyscale, SKALA px per pt, light evened out (paper ~255)
    skala: float


_DETECTOR: cv2.aruco.ArucoDetector | None = None


def _detector() -> cv2.aruco.ArucoDetector:
    global _DETECTOR  # noqa: PLW0603 - one detector per process, it is stateless
    if _DETECTOR is None:
        dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_APRILTAG_36h10)
        params = cv2.aruco.DetectorParameters()
        params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
        # A crop around a candidate holds the tag at about a third of its side: skip the
        # small quads (cells of the form) and try two threshold windows only.
        params.minMarkerPerimeterRate = 0.3
        params.adaptiveThreshWinSizeMin = 13
        params.adaptiveThreshWinSizeMax = 33
        params.adaptiveThreshWinSizeStep = 20
        _DETECTOR = cv2.aruco.ArucoDetector(dictionary, params)
    return _DETECTOR


@cache
def _whole_detector() -> cv2.aruco.ArucoDetector:
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_APRILTAG_36h10)
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    return cv2.aruco.ArucoDetector(dictionary, params)


def gambar_decode(data: bytes) -> np.ndarray:
    """Decode an uploaded photo to greyscale; refuses what is not an image."""
    buffer = np.frombuffer(data, np.uint8)
    image = cv2.imdecode(buffer, cv2.IMREAD_GRAYSCALE) if buffer.size else None
    if image is None:
        raise Tolak(Penolakan.RUSAK)
    return image


def _tag_candidates(gray: np.ndarray) -> list[tuple[int, int, int]]:
    """Where a tag may be: dark, square, partly filled blobs of a small copy, largest first,
    as (x, y, side) in the photo's pixels. Detecting on these crops is fast; on the whole
    photo the detector would try each of the hundreds of cells of the form."""
    long_side = 500
    scale = long_side / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    binary = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 10
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    found = []
    for x, y, w, h, area in stats[1:count]:
        side = max(w, h)
        if not 6 <= side <= long_side // 5 or not 0.75 <= w / h <= 1.33:
            continue
        if 0.4 <= area / (w * h) <= 0.97:
            found.append((int(x / scale), int(y / scale), int(side / scale) + 1))
    return sorted(found, key=lambda c: -c[2])[:6]


def _tag_find(gray: np.ndarray) -> tuple[int, np.ndarray] | None:
    """Return (id, 4 corners) of the page's AprilTag, or None when there is none."""
    detector = _detector()
    height, width = gray.shape
    for x, y, side in _tag_candidates(gray):
        margin = side
        x0, y0 = max(0, x - margin), max(0, y - margin)
        crop = gray[y0 : min(height, y + side + margin), x0 : min(width, x + side + margin)]
        corners, ids, _ = detector.detectMarkers(crop)
        if len(corners) > 0:
            return int(np.asarray(ids).ravel()[0]), corners[0].reshape(4, 2) + _f32([x0, y0])
    # A photo unlike the ones above (a tag touching other ink, say): the whole photo.
    scale = min(1.0, 1200 / max(gray.shape))
    image = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    corners, ids, _ = _whole_detector().detectMarkers(image)
    if len(corners) > 0:
        best = int(np.argmax([cv2.contourArea(c.reshape(-1, 2)) for c in corners]))
        return int(np.asarray(ids).ravel()[best]), corners[best].reshape(4, 2) / scale
    return None


def _marker_template(side_px: float) -> np.ndarray:
    """The corner marker as drawn: two filled squares touching at the centre, on white."""
    s = max(4, round(side_px))
    pad = s // 2
    size = 2 * s + 2 * pad
    tpl = np.full((size, size), 255, np.uint8)
    tpl[pad : pad + s, pad : pad + s] = 0
    tpl[pad + s : pad + 2 * s, pad + s : pad + 2 * s] = 0
    return tpl


def even_light(gray: np.ndarray) -> np.ndarray:
    """Divide by the local background (a closing of a quarter-size copy, smoothed) so
    shadows and light gradients vanish and the paper is white."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = max(5, (min(small.shape) // 40) | 1)
    background = cv2.morphologyEx(
        small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    )
    background = cv2.GaussianBlur(background, (0, 0), k / 2)
    background = cv2.resize(
        background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    out = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0
    return np.clip(out, 0, 255).astype(np.uint8)


def halaman_register(
    data: bytes, *, jenis: str | None = None, nomor: int | None = None
) -> Terdaftar:
    """Register one photo; raises ``Tolak`` with the reason when it cannot be read.

    ``jenis`` and ``nomor`` are what the uploader said the page is; a photo of another page
    or contest is refused rather than read as the wrong one.
    """
    gray = gambar_decode(data)
    if max(gray.shape) < SISI_MINIMUM:
        raise Tolak(Penolakan.KECIL)
    if float(np.percentile(gray[::4, ::4], 90)) < TERANG_MINIMUM:
        raise Tolak(Penolakan.GELAP)
    found = _tag_find(gray)
    if found is None:
        framed = _frame_register(gray, jenis=jenis, nomor=nomor)
        if framed is not None:
            return framed
        raise Tolak(
            Penolakan.BURAM if _sharpness(gray) < TAJAM_MINIMUM else Penolakan.BUKAN_C_HASIL
        )
    tag_id, tag_corners = found
    known = halaman_for_kode("apriltag_36h10", tag_id)
    if known is None:
        raise Tolak(Penolakan.BUKAN_C_HASIL)
    layout, halaman = known
    if jenis is not None and layout.jenis != jenis:
        raise Tolak(Penolakan.JENIS_SALAH)
    if nomor is not None and halaman.nomor != nomor:
        raise Tolak(Penolakan.HALAMAN_SALAH)
    tag_layout = _f32(halaman.kode_sudut)
    w = float(np.mean(np.linalg.norm(tag_layout - np.roll(tag_layout, 1, axis=0), axis=1)))
    tag_side = float(np.mean(np.linalg.norm(tag_corners - np.roll(tag_corners, 1, axis=0), axis=1)))
    px_per_pt = tag_side / w
    markers = _markers_find(gray, halaman, tag_layout, tag_corners, px_per_pt)
    src = _f32([*markers, *tag_corners])
    dst = _f32([*halaman.penanda, *tag_layout]) * SKALA
    matrix, _ = cv2.findHomography(src, dst, 0)
    if matrix is None:  # pragma: no cover - eight points in general position always fit
        raise Tolak(Penolakan.TERPOTONG)
    width, height = (round(v * SKALA) for v in halaman.ukuran)
    page = cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_AREA, borderValue=255)
    page = even_light(page)
    if _boxes_sharpness(page, halaman, SKALA) < TAJAM_MINIMUM:
        raise Tolak(Penolakan.BURAM)
    return Terdaftar(tata_letak=layout, halaman=halaman, gambar=page, skala=SKALA)


def _frame_pages(jenis: str | None, nomor: int | None) -> list[tuple[TataLetak, Halaman]]:
    return [
        (layout, halaman)
        for layout in tata_letak_all()
        for halaman in layout.halaman
        if halaman.bingkai
        and (jenis is None or layout.jenis == jenis)
        and (nomor is None or halaman.nomor == nomor)
    ]


@cache
def _blank_lines(sumber: str, nomor: int, skala: float) -> np.ndarray:
    return _lines(pdf_render(LAYOUT_DIR / sumber, nomor, skala))


def _lines(page: np.ndarray) -> np.ndarray:
    """The page's ink at a quarter of its size, softened: what is compared for likeness."""
    small = cv2.resize(page, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = 255.0 - small.astype(np.float32)
    blurred: np.ndarray = cv2.GaussianBlur(ink, (0, 0), 1.5)
    return blurred


def _likeness(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / (np.sqrt((a * a).sum() * (b * b).sum()) + 1e-6))


def _quads(gray: np.ndarray) -> list[np.ndarray]:
    """The large convex quadrilaterals of the photo (corners in the photo's pixels)."""
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    binary = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 10
    )
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    area = small.shape[0] * small.shape[1]
    found = []
    for contour in contours:
        if cv2.contourArea(contour) < 0.2 * area:
            continue
        approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            found.append(approx.reshape(4, 2).astype(np.float32) / scale)
    return sorted(found, key=lambda q: -cv2.contourArea(q))[:6]


def _corners_ordered(quad: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-left, bottom-right (the layout's marker order)."""
    by_y = quad[np.argsort(quad[:, 1])]
    top, bottom = by_y[:2], by_y[2:]
    return _f32([*top[np.argsort(top[:, 0])], *bottom[np.argsort(bottom[:, 0])]])


def _frame_register(gray: np.ndarray, *, jenis: str | None, nomor: int | None) -> Terdaftar | None:
    """Register by the printed frame a page that has no code; None when no known page fits."""
    pages = _frame_pages(jenis, nomor)
    if not pages:
        return None
    best: tuple[float, Terdaftar] | None = None
    for quad in _quads(gray):
        src = _corners_ordered(quad)
        for layout, halaman in pages:
            skala = halaman.skala or SKALA
            dst = _f32(halaman.bingkai) * skala
            matrix = cv2.getPerspectiveTransform(src, dst)
            size = (round(halaman.ukuran[0] * skala), round(halaman.ukuran[1] * skala))
            page = cv2.warpPerspective(gray, matrix, size, flags=cv2.INTER_AREA, borderValue=255)
            page = even_light(page)
            score = _likeness(_lines(page), _blank_lines(layout.sumber, halaman.nomor, skala))
            if best is None or score > best[0]:
                best = (score, Terdaftar(layout, halaman, page, skala))
    if best is None or best[0] < MIRIP_MINIMUM:
        return None
    terdaftar = best[1]
    if _boxes_sharpness(terdaftar.gambar, terdaftar.halaman, terdaftar.skala) < TAJAM_MINIMUM:
        raise Tolak(Penolakan.BURAM)
    return terdaftar


def _markers_find(
    gray: np.ndarray,
    halaman: Halaman,
    tag_layout: np.ndarray,
    tag_corners: np.ndarray,
    px_per_pt: float,
) -> list[np.ndarray]:
    """Locate the four corner markers, nearest the tag first, each search window centred
    where the tag and the markers found so far put it (an affine fit: stable from few points)."""
    height, width = gray.shape
    side = 20.0 * px_per_pt  # the marker squares are 20 pt
    tpl = _marker_template(side)
    pad = tpl.shape[0] // 2
    radius = int(max(6 * side, 0.1 * max(height, width)))
    layout_points = _f32(halaman.penanda)
    centre = tag_layout.mean(axis=0)
    order = sorted(range(4), key=lambda i: float(np.linalg.norm(layout_points[i] - centre)))
    known_src = [*tag_layout]
    known_dst = [*tag_corners.astype(np.float32)]
    found: dict[int, np.ndarray] = {}
    for i in order:
        affine, _ = cv2.estimateAffine2D(_f32(known_src), _f32(known_dst))
        if affine is None:  # pragma: no cover - a detected square's corners always fit
            raise Tolak(Penolakan.BUKAN_C_HASIL)
        px, py = cv2.transform(layout_points[i].reshape(1, 1, 2), affine).reshape(2)
        if not (-side <= px < width + side and -side <= py < height + side):
            raise Tolak(Penolakan.TERPOTONG)
        x0, y0 = max(0, int(px) - radius), max(0, int(py) - radius)
        x1, y1 = min(width, int(px) + radius), min(height, int(py) + radius)
        if x1 - x0 < side or y1 - y0 < side:
            raise Tolak(Penolakan.TERPOTONG)
        # A marker printed right at the photo's edge still matches: pad with paper white.
        window = cv2.copyMakeBorder(
            gray[y0:y1, x0:x1], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255
        )
        score = cv2.matchTemplate(window, tpl, cv2.TM_CCOEFF_NORMED)
        _, best, _, loc = cv2.minMaxLoc(score)
        if best < COCOK_PENANDA:
            raise Tolak(Penolakan.TERPOTONG)
        half = tpl.shape[0] / 2
        point = _f32([x0 + loc[0] + half - pad, y0 + loc[1] + half - pad])
        found[i] = point
        known_src.append(layout_points[i])
        known_dst.append(point)
    return [found[i] for i in range(4)]


def _sharpness(gray: np.ndarray) -> float:
    """A scale-free sharpness: the strongest edges' gradient over the local contrast."""
    small = cv2.resize(
        gray, (800, round(800 * gray.shape[0] / gray.shape[1])), interpolation=cv2.INTER_AREA
    )
    return _edge_ratio(small)


def _edge_ratio(gray: np.ndarray) -> float:
    g = gray.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.sqrt(gx * gx + gy * gy)
    low, high = np.percentile(g[::2, ::2], (2, 95))
    contrast = float(high - low) + 1.0
    # A sharp step of height C gives a Sobel peak of 4C over one px; a blur spreads it.
    return float(np.percentile(magnitude[::2, ::2], 99.5)) / (4.0 * contrast)


def _boxes_sharpness(page: np.ndarray, halaman: Halaman, skala: float) -> float:
    """Sharpness around the digit boxes, whose printed frames are the same on every photo."""
    xs = [k[0] for a in halaman.angka for k in a.kotak] + [
        k[0] + k[2] for a in halaman.angka for k in a.kotak
    ]
    ys = [k[1] for a in halaman.angka for k in a.kotak] + [
        k[1] + k[3] for a in halaman.angka for k in a.kotak
    ]
    x0, x1 = int(min(xs) * skala) - 4, int(max(xs) * skala) + 4
    y0, y1 = int(min(ys) * skala) - 4, int(max(ys) * skala) + 4
    return _edge_ratio(page[max(0, y0) : y1, max(0, x0) : x1])
