from django.apps import AppConfig


class PindaiConfig(AppConfig):
    name = "selenggara.pindai"
    verbose_name = "Pembacaan foto formulir"
