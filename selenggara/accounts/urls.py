from django.urls import path

from selenggara.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("verifikasi/", views.TwoFactorView.as_view(), name="two_factor"),
    path("token/", views.ApiTokenListView.as_view(), name="api_tokens"),
    path("token/<int:pk>/cabut/", views.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
]
