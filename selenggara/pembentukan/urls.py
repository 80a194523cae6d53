"""URLs of KPPS formation's intake and screening, under one namespace (``pembentukan:``) so
the names stay stable; each stage lists its own routes, the pages spanning them are here."""

from django.urls import path

from selenggara.pembentukan import views
from selenggara.pembentukan.pendaftaran.urls import urlpatterns as pendaftaran_urlpatterns
from selenggara.pembentukan.penelitian.urls import urlpatterns as penelitian_urlpatterns

app_name = "pembentukan"
urlpatterns = [
    # Public: the applicant's status.
    path("daftar-kpps/status/", views.StatusLookupView.as_view(), name="status_lookup"),
    path("daftar-kpps/status/<str:nomor>/<str:token>/", views.StatusView.as_view(), name="status"),
    # Officers: the home, the desa desk and an applicant's file.
    path("pembentukan/", views.BerandaView.as_view(), name="beranda"),
    path("pembentukan/desa/<str:kode>/", views.DesaView.as_view(), name="desa"),
    path("pembentukan/pendaftar/<int:pk>/", views.PendaftarDetailView.as_view(), name="pendaftar"),
    *pendaftaran_urlpatterns,
    *penelitian_urlpatterns,
]
