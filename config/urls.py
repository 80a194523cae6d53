"""URL map. Public URLs are Indonesian: they are UI too."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("selenggara.accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("selenggara.portal.urls")),
]

if settings.DEBUG:  # pragma: no cover
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
