import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from selenggara.pindai.tools.sintetis import (
    Foto,
    Isian,
    digits_of,
    foto_ambil,
    halaman_isi,
    jpeg,
    lembar_acak,
    ppwp_halaman,
    skala_render,
)
from selenggara.tungsura.domain.lembar import SusunanSuara
from selenggara.tungsura.domain.pemeriksaan import identitas_list

DATA = Path(__file__).resolve().parent / "data"


def test_a_random_sheet_satisfies_every_identity_of_the_form():
    sheet = lembar_acak(np.random.default_rng(3))
    for item in identitas_list(SusunanSuara(calon=(1, 2, 3))):
        assert sum(sheet[k] for k in item.bagian) == sheet[item.jumlah]
    assert digits_of(7) == [None, None, 7]


@pytest.mark.parametrize(
    ("varian", "nomor", "isian"),
    [
        ("plano", 2, {"kosong_depan": "nol", "tebal": 1, "coretan": [("calon_2", 0)]}),
        ("plano", 2, {"kosong_depan": "silang", "tebal": -1, "bulatan_beda": {("calon_1", 0): 7}}),
        ("salinan", 2, {"pena": (0.45, 0.6), "sampel": (1500, 3000)}),
    ],
)
def test_the_generator_writes_and_photographs_a_page(varian, nomor, isian):
    rng = np.random.default_rng(5)
    halaman, sumber = ppwp_halaman(nomor, varian)
    sheet = json.loads((DATA / "lembar.json").read_text())
    page = halaman_isi(halaman, sumber, Isian(angka=sheet, **isian), rng)
    assert abs(page.shape[1] - halaman.ukuran[0] * skala_render(halaman)) <= 1
    data = jpeg(foto_ambil(page, Foto(sisi_panjang=900, potong=0.1), rng), 70)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    assert max(image.shape[:2]) == 900


def test_an_unknown_page_is_named():
    with pytest.raises(LookupError, match="no page 4"):
        ppwp_halaman(4)
