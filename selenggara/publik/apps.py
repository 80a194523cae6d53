from django.apps import AppConfig


class PublikConfig(AppConfig):
    name = "selenggara.publik"
    verbose_name = "Hasil untuk publik"
