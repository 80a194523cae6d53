import json

from selenggara.pindai.tata_letak import LAYOUT_DIR
from selenggara.pindai.tools.layout import layout_extract, salinan_extract


def test_the_shipped_layout_is_what_the_tool_extracts_from_the_official_pdf():
    extracted = layout_extract(LAYOUT_DIR / "C.HASIL-PPWP-2024.pdf")
    shipped = json.loads((LAYOUT_DIR / "ppwp-plano.json").read_text())
    assert extracted == shipped


def test_the_shipped_salinan_layout_is_what_the_tool_extracts_from_the_official_pdf():
    extracted = salinan_extract(LAYOUT_DIR / "C.HASIL-SALINAN-PPWP-2024.pdf")
    shipped = json.loads((LAYOUT_DIR / "ppwp-salinan.json").read_text())
    assert extracted == shipped
