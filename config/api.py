"""The JSON API (django-ninja, OpenAPI 3): docs at /api/docs, schema at /api/openapi.json.

Every endpoint needs an account: a bearer token or the logged-in session (``api_auth``).
Domain errors answer in one shape, ``{"code", "detail"}``; NotAccessible is a 404 whether the
object is unknown or out of the caller's scope.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from selenggara.accounts.api_auth import api_auth
from selenggara.core.errors import DomainError, InvalidInput
from selenggara.pindai.api import router as pindai_router
from selenggara.portal.api import router as portal_router
from selenggara.publik.api import router as publik_router
from selenggara.tungsura.api import router as tungsura_router

api = NinjaAPI(
    title="Selenggara API",
    version="1",
    description="API baca Selenggara: pemilihan, wilayah dengan jumlah desa/TPS/DPT, dan TPS. "
    "Setiap data dibatasi pada lingkup penugasan pemanggil.",
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(DomainError)
def domain_error_handler(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, object] = {"code": exc.code, "detail": exc.message}
    if isinstance(exc, InvalidInput):
        body["errors"] = [str(e) for e in exc.errors]
    return api.create_response(request, body, status=exc.http_status)


@api.exception_handler(AuthenticationError)
def authentication_error_handler(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"code": "unauthenticated", "detail": gettext("Masuk atau sertakan token API.")}
    return api.create_response(request, body, status=401)


api.add_router("/", portal_router)
api.add_router("/tungsura/", tungsura_router)
api.add_router("/publik/", publik_router)
api.add_router("/pindai/", pindai_router)
