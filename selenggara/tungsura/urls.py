"""C.Hasil pages of a TPS (login; every page takes the TPS through its access selector)."""

from django.urls import URLPattern, path

from selenggara.tungsura import offline, views

app_name = "tungsura"

_C_HASIL = "tps/<str:kode>/c-hasil/<str:jenis>/"

urlpatterns: list[URLPattern] = [
    path("tps/<str:kode>/", views.TPSCHasilView.as_view(), name="tps"),
    # The offline app of a TPS (issue 14) and its service worker, whose scope is /tungsura/.
    path("sw.js", offline.ServiceWorkerView.as_view(), name="sw"),
    path("tps/<str:kode>/luring/", offline.LuringView.as_view(), name="luring"),
    path("tps/<str:kode>/luring/data.json", offline.LuringDataView.as_view(), name="luring_data"),
    path(
        "tps/<str:kode>/luring/kejadian",
        offline.LuringKejadianView.as_view(),
        name="luring_kejadian",
    ),
    path(
        "tps/<str:kode>/luring/manifest.webmanifest",
        offline.LuringManifestView.as_view(),
        name="luring_manifest",
    ),
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
