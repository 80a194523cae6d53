"""Checking uploaded photos: the type from the bytes, the size, that it decodes, the digest."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from selenggara.core.errors import InvalidInput, RowError

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

UKURAN_MAKS = 10 * 1024 * 1024  # a phone photo of a plano page is 1-5 MB
JPEG, PNG, WEBP = "image/jpeg", "image/png", "image/webp"
EXTENSION = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp"}
_FORMAT = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}


@dataclass(frozen=True, slots=True, kw_only=True)
class FotoDiperiksa:
    content_type: str
    ukuran: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSION[self.content_type]


def _refuse(message: str, field: str) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=None, field=field, message=message)])


def foto_check(berkas: UploadedFile, *, field: str = "foto") -> FotoDiperiksa:
    """Return the checked type, size and SHA-256 of a photo, or raise InvalidInput saying why.

    The type comes from decoding the bytes with Pillow (never from the name): a PDF or a
    program renamed .jpg is refused, and so is a truncated image.
    """
    size = berkas.size or 0
    if size == 0:
        raise _refuse(gettext("Berkas foto kosong."), field)
    if size > UKURAN_MAKS:
        raise _refuse(
            gettext("Foto berukuran %(size).1f MB; paling besar 10 MB.")
            % {"size": size / (1024 * 1024)},
            field,
        )
    berkas.seek(0)
    data = berkas.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = _FORMAT.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _refuse(
            gettext("Berkas ini bukan foto JPEG, PNG atau WebP yang utuh."), field
        ) from exc
    if kind is None:
        raise _refuse(gettext("Foto harus JPEG, PNG atau WebP."), field)
    berkas.seek(0)
    return FotoDiperiksa(content_type=kind, ukuran=size, sha256=hashlib.sha256(data).hexdigest())
