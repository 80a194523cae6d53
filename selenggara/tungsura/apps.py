from django.apps import AppConfig


class TungsuraConfig(AppConfig):
    name = "selenggara.tungsura"
    verbose_name = "Pemungutan dan penghitungan suara"
