"""Pages of pindai (login; the TPS and every review item go through their access selectors)."""

from django.urls import URLPattern, path

from selenggara.pindai import views

app_name = "pindai"

_C_HASIL = "tps/<str:kode>/c-hasil/<str:jenis>/"

urlpatterns: list[URLPattern] = [
    path(_C_HASIL, views.CHasilBacaanView.as_view(), name="c_hasil"),
    path(
        _C_HASIL + "bacaan/<int:pk>/konfirmasi/",
        views.BacaanKonfirmasiView.as_view(),
        name="konfirmasi",
    ),
    path("tinjau/", views.TinjauanListView.as_view(), name="tinjau_list"),
    path("tinjau/<int:pk>/", views.TinjauanView.as_view(), name="tinjau"),
    path("tinjau/<int:pk>/potongan.png", views.TinjauanPotonganView.as_view(), name="potongan"),
]
