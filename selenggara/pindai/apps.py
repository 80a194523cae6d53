from django.apps import AppConfig


class PindaiConfig(AppConfig):
    name = "selenggara.pindai"
    verbose_name = "Pembacaan foto formulir"

    def ready(self) -> None:
        from selenggara.core.events import subscribe_in_transaction
        from selenggara.pindai.services import foto_disimpan_handle
        from selenggara.tungsura.events import CHasilFotoDisimpan

        # In the upload's transaction: a photo is never stored without its reading.
        subscribe_in_transaction(CHasilFotoDisimpan, foto_disimpan_handle)
