"""Loading the shipped layout files (``pindai/layouts/*.json``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from selenggara.pindai.domain.tata_letak import Halaman, TataLetak, tata_letak_from_dict

LAYOUT_DIR = Path(__file__).resolve().parent / "layouts"


@cache
def tata_letak_all() -> tuple[TataLetak, ...]:
    """Every shipped layout, in file-name order."""
    return tuple(
        tata_letak_from_dict(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(LAYOUT_DIR.glob("*.json"))
    )


def tata_letak_get(jenis: str, varian: str = "plano") -> TataLetak | None:
    return next((t for t in tata_letak_all() if t.jenis == jenis and t.varian == varian), None)


def halaman_for_kode(keluarga: str, kode_id: int) -> tuple[TataLetak, Halaman] | None:
    """Return the layout and page whose printed 2D code is ``kode_id`` of ``keluarga``."""
    for layout in tata_letak_all():
        for halaman in layout.halaman:
            if halaman.kode_keluarga == keluarga and halaman.kode_id == kode_id:
                return layout, halaman
    return None


def pdf_render(path: Path, nomor: int, skala: float) -> np.ndarray:
    """Page ``nomor`` of a PDF rendered to greyscale (uint8) at ``skala`` px per pt."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = np.asarray(pdf[nomor - 1].render(scale=skala, grayscale=True).to_numpy())
    finally:
        pdf.close()
    if image.ndim == 3:
        image = image[:, :, 0]
    return np.ascontiguousarray(image, dtype=np.uint8)
