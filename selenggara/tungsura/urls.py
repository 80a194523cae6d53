"""C.Hasil pages of a TPS (login; every page takes the TPS through its access selector)."""

from django.urls import URLPattern, path

from selenggara.tungsura import views

app_name = "tungsura"

_C_HASIL = "tps/<str:kode>/c-hasil/<str:jenis>/"

urlpatterns: list[URLPattern] = [
    path("tps/<str:kode>/", views.TPSCHasilView.as_view(), name="tps"),
    path(_C_HASIL, views.CHasilDetailView.as_view(), name="c_hasil"),
    path(_C_HASIL + "isi/", views.CHasilIsiView.as_view(), name="c_hasil_isi"),
    path(_C_HASIL + "foto/", views.CHasilFotoView.as_view(), name="c_hasil_foto"),
    path(
        _C_HASIL + "foto/<int:pk>/",
        views.CHasilFotoBerkasView.as_view(),
        name="c_hasil_foto_berkas",
    ),
    path(_C_HASIL + "konfirmasi/", views.CHasilKonfirmasiView.as_view(), name="c_hasil_konfirmasi"),
    path(_C_HASIL + "salinan/", views.CHasilSalinanView.as_view(), name="c_hasil_salinan"),
    path(_C_HASIL + "versi/<int:nomor>/", views.CHasilDetailView.as_view(), name="c_hasil_versi"),
    path(
        _C_HASIL + "versi/<int:nomor>/salinan/",
        views.CHasilSalinanView.as_view(),
        name="c_hasil_versi_salinan",
    ),
]
