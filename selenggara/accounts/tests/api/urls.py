"""A tiny API behind ``api_auth``, standing in for the portal's, to test authentication."""

from django.http import HttpRequest
from django.urls import include, path
from ninja import NinjaAPI

from selenggara.accounts.api_auth import api_auth

api = NinjaAPI(auth=api_auth, urls_namespace="accounts_auth_test")


@api.get("/whoami")
def whoami(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.get_username()}


@api.post("/echo")
def echo(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.get_username()}


urlpatterns = [
    path("akun/", include("selenggara.accounts.urls")),
    path("api/uji/", api.urls),
]
