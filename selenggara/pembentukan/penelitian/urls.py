"""Routes of the screening; included by ``pembentukan.urls`` under the ``pembentukan:`` namespace."""

from django.urls import path

from selenggara.pembentukan.penelitian import views

urlpatterns = [
    # Public: announcements and responses.
    path("daftar-kpps/pengumuman/<str:kode>/", views.PengumumanView.as_view(), name="pengumuman"),
    path(
        "daftar-kpps/pengumuman/<str:kode>/hasil-seleksi/",
        views.HasilSeleksiView.as_view(),
        name="hasil_seleksi",
    ),
    path(
        "daftar-kpps/tanggapan/<str:nomor>/",
        views.TanggapanCreateView.as_view(),
        name="tanggapan_create",
    ),
    # Officers: automatic checks and the clarification of responses.
    path(
        "pembentukan/desa/<str:kode>/penelitian/",
        views.PenelitianDesaView.as_view(),
        name="penelitian_desa",
    ),
    path(
        "pembentukan/pendaftar/<int:pk>/penelitian/",
        views.PenelitianView.as_view(),
        name="penelitian",
    ),
    path("pembentukan/tanggapan/<int:pk>/", views.TanggapanResolveView.as_view(), name="tanggapan"),
]
