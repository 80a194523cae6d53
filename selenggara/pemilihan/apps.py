from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PemilihanConfig(AppConfig):
    name = "selenggara.pemilihan"
    label = "pemilihan"
    verbose_name = _("Pemilihan")
