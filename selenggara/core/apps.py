from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "selenggara.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        # Registers with Django's system checks the production start refusal and the refusal
        # of retired data keys without a pinned digest key.
        from selenggara.core import deployment, personal  # noqa: F401
