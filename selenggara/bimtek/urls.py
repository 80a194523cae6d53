from django.urls import path

from selenggara.bimtek import impor_views, views

app_name = "bimtek"
urlpatterns = [
    path("", views.BerandaView.as_view(), name="beranda"),
    path("ringkasan/", views.RingkasanView.as_view(), name="ringkasan"),
    path("ringkasan/<str:kode>/", views.RingkasanView.as_view(), name="ringkasan_wilayah"),
    path("rencana/<str:kabkota>/", views.RencanaView.as_view(), name="rencana"),
    path("rencana/<str:kabkota>/aturan/", views.AturanView.as_view(), name="aturan"),
    path("rencana/<str:kabkota>/impor/", impor_views.ImporView.as_view(), name="impor"),
    path("rencana/<str:kabkota>/soal/", impor_views.SoalView.as_view(), name="soal"),
    path(
        "rencana/<str:kabkota>/rencanakan/",
        views.RencanakanSemuaView.as_view(),
        name="rencanakan_semua",
    ),
    path("rencana/<str:kabkota>/<str:kecamatan>/", views.KecamatanView.as_view(), name="kecamatan"),
    path(
        "rencana/<str:kabkota>/<str:kecamatan>/rencanakan/",
        views.RencanakanView.as_view(),
        name="rencanakan",
    ),
    path(
        "rencana/<str:kabkota>/<str:kecamatan>/pindah/", views.PindahView.as_view(), name="pindah"
    ),
    path(
        "rencana/<str:kabkota>/<str:kecamatan>/susulan/",
        views.SusulanView.as_view(),
        name="susulan",
    ),
    path(
        "rencana/<str:kabkota>/<str:kecamatan>/gelombang.<str:fmt>",
        views.GelombangDokumenView.as_view(),
        name="gelombang_dokumen",
    ),
    path("sesi/<int:sesi_id>/", views.SesiView.as_view(), name="sesi"),
    path("sesi/<int:sesi_id>/hadir/", views.HadirView.as_view(), name="hadir"),
    path("sesi/<int:sesi_id>/nilai/", views.NilaiView.as_view(), name="nilai"),
    path(
        "sesi/<int:sesi_id>/nilai/impor/", impor_views.NilaiImporView.as_view(), name="nilai_impor"
    ),
    path("sesi/<int:sesi_id>/simulasi/", views.ChecklistView.as_view(), name="checklist"),
    path("sesi/<int:sesi_id>/tutup/", views.TutupView.as_view(), name="tutup"),
    path(
        "sesi/<int:sesi_id>/<str:jenis>.pdf", views.SesiDokumenView.as_view(), name="sesi_dokumen"
    ),
    path("hadir/<str:token>/", views.HadirQRView.as_view(), name="hadir_qr"),
]
