"""Routes of the intake; included by ``pembentukan.urls`` under the ``pembentukan:`` namespace."""

from django.urls import path

from selenggara.pembentukan.pendaftaran import views

urlpatterns = [
    # Public: registration.
    path("daftar-kpps/", views.DaftarView.as_view(), name="daftar"),
    # Officers: walk-in, import and documents.
    path(
        "pembentukan/templat-impor.xlsx", views.ImportTemplateView.as_view(), name="import_template"
    ),
    path(
        "pembentukan/desa/<str:kode>/tambah/",
        views.PendaftarCreateView.as_view(),
        name="pendaftar_create",
    ),
    path("pembentukan/desa/<str:kode>/impor/", views.ImportView.as_view(), name="import"),
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
]
