from django.urls import path

from selenggara.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("wilayah/", views.WilayahBrowseView.as_view(), name="wilayah"),
    path("wilayah/<str:kode>/", views.WilayahBrowseView.as_view(), name="wilayah"),
    path("tps/<str:kode>/", views.TPSDetailView.as_view(), name="tps"),
    path("progres/", views.ProgresView.as_view(), name="progres"),
    path("progres/<str:kode>/", views.ProgresView.as_view(), name="progres"),
]
