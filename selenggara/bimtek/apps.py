from django.apps import AppConfig


class BimtekConfig(AppConfig):
    name = "selenggara.bimtek"
    verbose_name = "Bimbingan teknis KPPS"
