"""Write the small test photos of ``pindai/tests/data`` (development tool, reproducible):

    .venv/bin/python -m selenggara.pindai.tools.fixtures

Each is a synthetic photo (``tools.sintetis``) at 1400 px on the long side, JPEG 80, made
for one case: a clean page of each kind, each refusal reason, a stray mark in an empty
hundreds box, a digit/bubble disagreement, a sum that does not hold, the salinan's page 2
(registered by its frame) and its page 1 (which has no numbers: refused). The blank scan of
page 2 (``blanko-hal2-scan.jpeg``) is the real one from the project's reference set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np

from selenggara.pindai.tata_letak import LAYOUT_DIR, pdf_render
from selenggara.pindai.tools.sintetis import (
    Foto,
    Isian,
    foto_ambil,
    halaman_isi,
    jpeg,
    ppwp_halaman,
)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SHEET = {
    "dpt_l": 131, "dpt_p": 140, "dpt_j": 271,
    "pengguna_dpt_l": 102, "pengguna_dpt_p": 118, "pengguna_dpt_j": 220,
    "pengguna_dptb_l": 4, "pengguna_dptb_p": 3, "pengguna_dptb_j": 7,
    "pengguna_dpk_l": 1, "pengguna_dpk_p": 0, "pengguna_dpk_j": 1,
    "pengguna_total_l": 107, "pengguna_total_p": 121, "pengguna_total_j": 228,
    "surat_suara_diterima": 277, "surat_suara_digunakan": 228,
    "surat_suara_rusak": 2, "surat_suara_sisa": 47,
    "disabilitas_l": 2, "disabilitas_p": 1, "disabilitas_j": 3,
    "calon_1": 120, "calon_2": 64, "calon_3": 38,
    "suara_sah": 222, "suara_tidak_sah": 6, "suara_total": 228,
}  # fmt: skip
TENANG = Foto(perspektif=0.02, putar=1.5, buram=0.6, cahaya=0.2, derau=2.0, sisi_panjang=1400)


def _write(
    name: str, nomor: int, isian: Isian, foto: Foto, seed: int, *, varian: str = "plano"
) -> None:
    rng = np.random.default_rng(seed)
    halaman, sumber = ppwp_halaman(nomor, varian)
    image = foto_ambil(halaman_isi(halaman, sumber, isian, rng), foto, rng)
    (DATA / name).write_bytes(jpeg(image, 80))


def main() -> None:
    DATA.mkdir(exist_ok=True)
    sheet = Isian(angka=SHEET)
    for nomor in (1, 2, 3):
        _write(f"hal{nomor}.jpg", nomor, sheet, TENANG, seed=nomor)
    _write("buram.jpg", 2, sheet, Foto(buram=7.0, sisi_panjang=1400), seed=11)
    _write("gelap.jpg", 2, sheet, Foto(gelap=0.2, sisi_panjang=1400), seed=12)
    _write("terpotong.jpg", 2, sheet, Foto(potong=0.25, sisi_panjang=1400), seed=13)
    rng = np.random.default_rng(14)
    halaman, sumber = ppwp_halaman(2)
    small = foto_ambil(halaman_isi(halaman, sumber, sheet, rng), Foto(sisi_panjang=700), rng)
    (DATA / "kecil.jpg").write_bytes(jpeg(small, 80))
    # Not a C.Hasil: a photo of a table with a sheet of plain paper on it.
    rng = np.random.default_rng(15)
    paper = np.full((2551, 1700), 255, np.uint8)
    cv2.putText(paper, "DAFTAR HADIR", (200, 400), cv2.FONT_HERSHEY_SIMPLEX, 4, 0, 8)
    for y in range(600, 2300, 120):
        cv2.line(paper, (200, y), (1500, y), 0, 3)
    (DATA / "bukan.jpg").write_bytes(jpeg(foto_ambil(paper, TENANG, rng), 80))
    _write("coretan.jpg", 2, Isian(angka=SHEET, coretan=[("calon_2", 0)]), TENANG, seed=16)
    _write("beda.jpg", 2, Isian(angka=SHEET, bulatan_beda={("calon_1", 0): 7}), TENANG, seed=17)
    wrong_sum = {**SHEET, "suara_total": 238}
    _write("jumlah.jpg", 3, Isian(angka=wrong_sum), TENANG, seed=18)
    salinan()
    (DATA / "lembar.json").write_text(json.dumps(SHEET, indent=1) + "\n")
    sys.stdout.write(f"wrote the test photos to {DATA}\n")


def salinan() -> None:
    """The salinan's page 2 filled in, and its page 1 (no layout: it has no numbers)."""
    _write("salinan2.jpg", 2, Isian(angka=SHEET), TENANG, seed=19, varian="salinan")
    rng = np.random.default_rng(20)
    page1 = pdf_render(LAYOUT_DIR / "C.HASIL-SALINAN-PPWP-2024.pdf", 1, 2.9)
    (DATA / "salinan1.jpg").write_bytes(jpeg(foto_ambil(page1, TENANG, rng), 80))


if __name__ == "__main__":
    main()
