from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PembentukanConfig(AppConfig):
    name = "selenggara.pembentukan"
    label = "pembentukan"
    verbose_name = _("Pembentukan badan ad hoc")
