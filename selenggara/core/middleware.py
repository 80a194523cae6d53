"""Maps domain errors to HTTP answers in one place, so views never build error pages by hand."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from selenggara.core.errors import DomainError, InvalidInput


class DomainErrorMiddleware:
    """Turn an uncaught DomainError into a 4xx page (or JSON under /api/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        errors = [str(e) for e in exception.errors] if isinstance(exception, InvalidInput) else []
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": exception.code, "detail": exception.message, "errors": errors},
                status=exception.http_status,
            )
        return render(
            request,
            "core/error.html",
            {"error": exception, "errors": errors},
            status=exception.http_status,
        )
