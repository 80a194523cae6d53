from django.urls import path

from selenggara.tungsura.logistik import views

app_name = "logistik"

urlpatterns = [
    path("", views.LogistikMulaiView.as_view(), name="mulai"),
    path("tps/<str:kode>/kotak/", views.KotakSuaraView.as_view(), name="kotak"),
    path("<str:kode>/", views.LogistikWilayahView.as_view(), name="wilayah"),
    path("<str:kode>/distribusi.pdf", views.DistribusiPdfView.as_view(), name="distribusi_pdf"),
]
