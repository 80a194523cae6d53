"""Recap pages (login; every object goes through rekap/access.py)."""

from django.urls import URLPattern, path

from selenggara.rekap import views

app_name = "rekap"

urlpatterns: list[URLPattern] = [
    path("", views.RekapMulaiView.as_view(), name="mulai"),
    path("wilayah/<str:kode>/", views.RekapWilayahView.as_view(), name="wilayah"),
    path(
        "wilayah/<str:kode>/pleno/<str:jenis>/",
        views.PlenoWilayahView.as_view(),
        name="pleno_wilayah",
    ),
    path("pleno/<int:pk>/", views.PlenoView.as_view(), name="pleno"),
    path("pleno/<int:pk>/aksi/", views.PlenoAksiView.as_view(), name="pleno_aksi"),
    path(
        "pleno/<int:pk>/koreksi/<str:tps>/", views.PlenoKoreksiView.as_view(), name="pleno_koreksi"
    ),
    path("pleno/<int:pk>/d-hasil.pdf", views.DHasilPdfView.as_view(), name="d_hasil"),
]
