"""One ceiling on every request body, before anything reads it: web pages and the API alike.

Django caps the non-file part of a body (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams file
parts of any size to disk before a view's own check (``tungsura.foto``: 10 MB a photo;
``pembentukan.berkas``: 2 MB a document) can refuse them. ``UploadLimitMiddleware`` refuses a
body whose declared length is above ``SELENGGARA_UNGGAH_MAKS`` with a clear 413 (JSON under
``/api/``) without reading it; ``LimitedUploadHandler`` stops a body that declared no length
(or lied about it) once it passes the ceiling. The per-file size and type checks stay where
they are, shared by the web form and the API of each upload path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def _message() -> str:
    return gettext(
        "Kiriman terlalu besar: paling besar %(mb)d MB sekali kirim. Kecilkan foto atau "
        "dokumen, atau kirim satu per satu."
    ) % {"mb": settings.SELENGGARA_UNGGAH_MAKS // (1024 * 1024)}


def too_large_response(request: HttpRequest) -> HttpResponse:
    """Return the 413 answer: JSON under /api/, else a page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "payload_too_large", "detail": _message(), "errors": []}, status=413
        )
    return render(request, "core/terlalu_besar.html", {"detail": _message()}, status=413)


class UploadLimitMiddleware:
    """Refuse a request whose Content-Length is above ``SELENGGARA_UNGGAH_MAKS`` unread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.SELENGGARA_UNGGAH_MAKS:
            return too_large_response(request)
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Count the file bytes of one body; past the ceiling, stop reading (RequestDataTooBig)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.SELENGGARA_UNGGAH_MAKS:
            raise RequestDataTooBig(_message())
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None
