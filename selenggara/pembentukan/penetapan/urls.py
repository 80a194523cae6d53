from django.urls import path

from selenggara.pembentukan.penetapan import views

app_name = "penetapan"
urlpatterns = [
    path("progres/", views.ProgresView.as_view(), name="progres"),
    path("progres/<str:kode>/", views.ProgresView.as_view(), name="progres"),
    path("tps/<str:kode>/", views.TPSPenetapanView.as_view(), name="tps"),
    path("tps/<str:kode>/ketertiban/", views.KetertibanView.as_view(), name="ketertiban"),
    path("anggota/<int:pk>/paw/", views.PAWView.as_view(), name="paw"),
    path("paw/<int:pk>/bukti/", views.BuktiPAWView.as_view(), name="paw_bukti"),
    path("desa/<str:kode>/", views.DesaPenetapanView.as_view(), name="desa"),
    path("desa/<str:kode>/sk/", views.DesaSKView.as_view(), name="sk"),
    path("desa/<str:kode>/sk.pdf", views.DesaSKPdfView.as_view(), name="sk_pdf"),
    path("desa/<str:kode>/pelantikan/", views.PelantikanView.as_view(), name="pelantikan"),
    path(
        "desa/<str:kode>/pelantikan.pdf", views.DesaRosterPdfView.as_view(), name="pelantikan_pdf"
    ),
    path("honorarium/<str:kode>/", views.HonorariumView.as_view(), name="honorarium"),
    path("honorarium/<str:kode>/xlsx/", views.HonorariumXlsxView.as_view(), name="honorarium_xlsx"),
]
