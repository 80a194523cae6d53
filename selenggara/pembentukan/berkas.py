"""Checking uploaded documents: the type from the bytes (never the name), the size, the digest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from selenggara.core.errors import InvalidInput, RowError
from selenggara.pembentukan.domain.syarat import JenisDokumen

UKURAN_MAKS = 2 * 1024 * 1024  # 2 MB per document
PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSION = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
# A photo must be an image; every other document may be a scan (image) or a PDF.
_ALLOWED: dict[JenisDokumen, frozenset[str]] = {
    jenis: frozenset({JPEG, PNG}) if jenis is JenisDokumen.PAS_FOTO else frozenset(EXTENSION)
    for jenis in JenisDokumen
}


@dataclass(frozen=True, slots=True, kw_only=True)
class BerkasDiperiksa:
    content_type: str
    ukuran: int
    sha256: str


def _refuse(jenis: JenisDokumen, message: str) -> InvalidInput:
    return InvalidInput(
        message, errors=[RowError(row=None, field=f"dokumen_{jenis.value}", message=message)]
    )


def sniff(head: bytes) -> str | None:
    """Return the content type the first bytes show (PDF, JPEG, PNG), or None."""
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def berkas_check(*, jenis: JenisDokumen, berkas: UploadedFile) -> BerkasDiperiksa:
    """Check one uploaded document and return its sniffed type, size and SHA-256.

    Raises InvalidInput naming the document when it is empty, larger than 2 MB, or not a PDF,
    JPEG or PNG by its content (a renamed program or a text file called .pdf is refused), or
    when a photo is not an image.
    """
    label = jenis.label
    size = berkas.size or 0
    if size == 0:
        raise _refuse(jenis, _("Berkas %(label)s kosong.") % {"label": label})
    if size > UKURAN_MAKS:
        raise _refuse(
            jenis,
            _("Berkas %(label)s berukuran %(size).1f MB; paling besar 2 MB per dokumen.")
            % {"label": label, "size": size / (1024 * 1024)},
        )
    berkas.seek(0)
    head = berkas.read(16)
    kind = sniff(head)
    if kind is None or kind not in _ALLOWED[jenis]:
        allowed = "JPEG atau PNG" if jenis is JenisDokumen.PAS_FOTO else "PDF, JPEG atau PNG"
        raise _refuse(
            jenis,
            _("Berkas %(label)s bukan %(allowed)s (isi berkas diperiksa, bukan namanya).")
            % {"label": label, "allowed": allowed},
        )
    digest = hashlib.sha256()
    berkas.seek(0)
    for chunk in berkas.chunks():
        digest.update(chunk)
    berkas.seek(0)
    return BerkasDiperiksa(content_type=kind, ukuran=size, sha256=digest.hexdigest())
