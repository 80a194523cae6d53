"""Read a generated PDF back in tests with pypdf: its text and its page sizes."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """Return the text of every page, pages separated by a blank line."""
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return "\n\n".join(page.extract_text() for page in reader.pages)


def pdf_page_sizes(content: bytes) -> list[tuple[float, float]]:
    """Return each page's (width, height) in points, rounded to 0.01."""
    reader = PdfReader(io.BytesIO(content))
    return [
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in reader.pages
    ]
