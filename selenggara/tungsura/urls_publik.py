"""Public verification of a witness's digest: no login, no personal data."""

from django.urls import URLPattern, path

from selenggara.tungsura import publik_views as views

app_name = "verifikasi"

urlpatterns: list[URLPattern] = [
    path("", views.VerifikasiCariView.as_view(), name="cari"),
    path("<str:digest>/", views.VerifikasiDigestView.as_view(), name="digest"),
    path("<str:digest>/teks.txt", views.VerifikasiTeksView.as_view(), name="teks"),
]
