from django.urls import path

from selenggara.pembentukan import views

app_name = "pembentukan"
urlpatterns = [
    # Public: registration, the applicant's status, announcements and responses.
    path("daftar-kpps/", views.DaftarView.as_view(), name="daftar"),
    path("daftar-kpps/status/", views.StatusLookupView.as_view(), name="status_lookup"),
    path("daftar-kpps/status/<str:nomor>/<str:token>/", views.StatusView.as_view(), name="status"),
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
    # Officers: PPS desk and the tiers above it.
    path("pembentukan/", views.BerandaView.as_view(), name="beranda"),
    path(
        "pembentukan/templat-impor.xlsx", views.ImportTemplateView.as_view(), name="import_template"
    ),
    path("pembentukan/desa/<str:kode>/", views.DesaView.as_view(), name="desa"),
    path(
        "pembentukan/desa/<str:kode>/tambah/",
        views.PendaftarCreateView.as_view(),
        name="pendaftar_create",
    ),
    path("pembentukan/desa/<str:kode>/impor/", views.ImportView.as_view(), name="import"),
    path(
        "pembentukan/desa/<str:kode>/penelitian/",
        views.PenelitianDesaView.as_view(),
        name="penelitian_desa",
    ),
    path("pembentukan/pendaftar/<int:pk>/", views.PendaftarDetailView.as_view(), name="pendaftar"),
    path(
        "pembentukan/pendaftar/<int:pk>/penelitian/",
        views.PenelitianView.as_view(),
        name="penelitian",
    ),
    path(
        "pembentukan/pendaftar/<int:pk>/dokumen/",
        views.DokumenUploadView.as_view(),
        name="dokumen_upload",
    ),
    path(
        "pembentukan/pendaftar/<int:pk>/dokumen/<int:dokumen_pk>/",
        views.DokumenView.as_view(),
        name="dokumen",
    ),
    path("pembentukan/tanggapan/<int:pk>/", views.TanggapanResolveView.as_view(), name="tanggapan"),
]
