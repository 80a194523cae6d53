"""Read the text back out of a reportlab PDF without a PDF library (pypdf is no dependency).

reportlab writes each page's content stream ASCII85- then Flate-encoded; decoding every stream
and collecting the strings of its text operators is enough to find names and headings.
"""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\s*endstream", re.DOTALL)
_TEXT = re.compile(rb"\((.*?)(?<!\\)\)\s*Tj")


def _decode(raw: bytes) -> bytes:
    data = raw.strip()
    if data.endswith(b"~>"):
        data = base64.a85decode(data[:-2])
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def pdf_text(content: bytes) -> str:
    """Return the text shown on every page, one operator's string per line."""
    assert content.startswith(b"%PDF-")
    lines: list[str] = []
    for raw in _STREAM.findall(content):
        for text in _TEXT.findall(_decode(raw)):
            unescaped = text.replace(rb"\(", b"(").replace(rb"\)", b")").replace(rb"\\", b"\\")
            lines.append(unescaped.decode("latin-1"))
    return "\n".join(lines)
