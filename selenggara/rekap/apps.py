from django.apps import AppConfig


class RekapConfig(AppConfig):
    name = "selenggara.rekap"
    verbose_name = "Rekapitulasi hasil penghitungan suara"

    def ready(self) -> None:
        from selenggara.core.events import subscribe_in_transaction
        from selenggara.rekap.hitung import versi_apply
        from selenggara.tungsura.events import CHasilVersiDicatat

        # The counts above a TPS change in the same transaction as its C.Hasil version.
        subscribe_in_transaction(CHasilVersiDicatat, versi_apply)
