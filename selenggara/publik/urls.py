"""Public results: /hasil/<pemilihan>/<kontestasi>/[<wilayah>/ | tps/<kode>/]."""

from django.urls import URLPattern, path

from selenggara.publik import views

app_name = "hasil"

urlpatterns: list[URLPattern] = [
    path("", views.HasilBerandaView.as_view(), name="beranda"),
    path("foto/<int:foto_id>/", views.HasilFotoView.as_view(), name="foto"),
    path("<str:pemilihan>/<str:jenis>/", views.HasilWilayahView.as_view(), name="nasional"),
    path("<str:pemilihan>/<str:jenis>/tps/<str:kode>/", views.HasilTPSView.as_view(), name="tps"),
    path(
        "<str:pemilihan>/<str:jenis>/<str:kode>/",
        views.HasilWilayahView.as_view(),
        name="wilayah",
    ),
]
