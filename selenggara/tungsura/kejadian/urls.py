from django.urls import path

from selenggara.tungsura.kejadian import views

app_name = "kejadian"

urlpatterns = [
    path("tps/<str:kode>/", views.KejadianTPSView.as_view(), name="tps"),
    path("tps/<str:kode>/tambah/", views.KejadianTambahView.as_view(), name="tambah"),
    path("tps/<str:kode>/<int:pk>/", views.KejadianDetailView.as_view(), name="detail"),
    path(
        "tps/<str:kode>/<int:pk>/foto/<int:foto_pk>/",
        views.KejadianFotoView.as_view(),
        name="foto",
    ),
    path("wilayah/<str:kode>/", views.KejadianWilayahView.as_view(), name="wilayah"),
]
