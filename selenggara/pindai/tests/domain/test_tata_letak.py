import json

import pytest

from selenggara.pindai.domain.tata_letak import tata_letak_from_dict
from selenggara.pindai.tata_letak import LAYOUT_DIR


def _plano():
    return json.loads((LAYOUT_DIR / "ppwp-plano.json").read_text())


def test_the_plano_layout_has_every_key_of_the_sheet_once():
    layout = tata_letak_from_dict(_plano())
    keys = [k for h in layout.halaman for k in h.kunci()]
    assert len(keys) == len(set(keys)) == 28
    page1, page2 = layout.halaman_nomor(1), layout.halaman_nomor(2)
    assert page1 is not None
    assert page2 is not None
    assert page2.kunci() == ["calon_1", "calon_2", "calon_3"]
    assert layout.halaman_nomor(4) is None
    assert [h.kode_id for h in layout.halaman] == [101, 102, 103]
    for angka in page2.angka:
        assert angka.bulatan is not None
        assert [len(c) for c in angka.bulatan] == [10, 10, 10]
    assert page1.angka[0].bulatan is None


def test_a_page_without_a_code_or_markers_is_a_valid_layout():
    data = _plano()
    page = data["halaman"][2]
    page["kode"] = None
    page["penanda"] = []
    page3 = tata_letak_from_dict(data).halaman_nomor(3)
    assert page3 is not None
    assert page3.kode_id is None
    assert page3.penanda == ()


@pytest.mark.parametrize(
    "breaks",
    [
        lambda d: d.pop("formulir"),
        lambda d: d["halaman"][0].pop("angka"),
        lambda d: d["halaman"][0]["angka"][0].update(kotak=[[1, 2]]),
        lambda d: d["halaman"][0].update(penanda=[[1, 2]]),
        lambda d: d["halaman"][0].update(bingkai=[[1, 2], [3, 4]]),
    ],
)
def test_a_malformed_layout_is_refused_by_name(breaks):
    data = _plano()
    breaks(data)
    with pytest.raises(ValueError, match=r"malformed layout|corner markers|frame of 2"):
        tata_letak_from_dict(data)


def test_the_salinan_page_2_is_registered_by_its_frame_at_its_own_scale():
    data = json.loads((LAYOUT_DIR / "ppwp-salinan.json").read_text())
    layout = tata_letak_from_dict(data)
    assert (layout.jenis, layout.varian) == ("ppwp", "salinan")
    (page,) = layout.halaman
    assert page.nomor == 2
    assert page.kunci() == [
        "calon_1",
        "calon_2",
        "calon_3",
        "suara_sah",
        "suara_tidak_sah",
        "suara_total",
    ]
    assert page.kode_id is None
    assert page.penanda == ()
    assert len(page.bingkai) == 4
    assert page.skala == 1.6
    assert all(a.bulatan is None and len(a.kotak) == 3 for a in page.angka)
    # The plano pages keep the defaults: registered by code and markers at the reader's scale.
    assert tata_letak_from_dict(_plano()).halaman[0].skala is None
