"""URL map. Public URLs are Indonesian: they are UI too.

There is deliberately no Django admin: it would write around the services and so around the
audit log (docs/adr/0005). Operator jobs are `selenggara` subcommands.
"""

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from config.api import api
from selenggara.publik.views import PublikasiBerkasView

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("selenggara.accounts.urls")),
    path("", include("selenggara.pembentukan.urls")),
    path("pembentukan/penetapan/", include("selenggara.pembentukan.penetapan.urls")),
    path("tungsura/logistik/", include("selenggara.tungsura.logistik.urls")),
    path("tungsura/kejadian/", include("selenggara.tungsura.kejadian.urls")),
    path("tungsura/", include("selenggara.tungsura.urls")),
    path("verifikasi/", include("selenggara.tungsura.urls_publik")),
    path("rekap/", include("selenggara.rekap.urls")),
    path("pindai/", include("selenggara.pindai.urls")),
    path("hasil/", include("selenggara.publik.urls")),
    path("publikasi/<path:path>", PublikasiBerkasView.as_view(), name="publikasi"),
    path("bimtek/", include("selenggara.bimtek.urls")),
    path("", include("selenggara.portal.urls")),
]

if settings.DEBUG:  # pragma: no cover
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
