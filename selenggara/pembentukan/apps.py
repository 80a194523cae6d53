from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PembentukanConfig(AppConfig):
    name = "selenggara.pembentukan"
    label = "pembentukan"
    verbose_name = _("Pembentukan badan ad hoc")

    def ready(self) -> None:
        # Registers the deploy check on the data key.
        from selenggara.pembentukan import personal  # noqa: F401
