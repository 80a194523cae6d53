from django.apps import AppConfig


class RekapConfig(AppConfig):
    name = "selenggara.rekap"
    verbose_name = "Rekapitulasi hasil penghitungan suara"
