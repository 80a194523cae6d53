from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "selenggara.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        # Registers the production start refusal with Django's system checks.
        from selenggara.core import deployment  # noqa: F401
