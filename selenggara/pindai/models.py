"""What the reader made of each uploaded photo, and the people's decisions on what it could not prove.

A ``Pembacaan`` belongs to one ``tungsura.CHasilFoto`` (pindai sits above tungsura: the foreign
key points down). It is created, ``menunggu``, in the same transaction as the photo, filled by
the background task (``pindai.tasks``) with the reader's status, reasons, numbers with their
confidence and candidates, and the reader's version. Every number the reader did not accept
becomes a ``TinjauanAngka`` in the review queue of the TPS's PPS and PPK; a decision there is
audited and never edited afterwards.
"""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.core.storage import private_storage
from selenggara.tungsura.models import CHasilFoto, CHasilVersi


def _terdaftar_path(instance: Pembacaan, filename: str) -> str:
    # Private storage; random names so a path reveals nothing about the TPS.
    return f"pindai/terdaftar/{uuid4().hex}{Path(filename).suffix.lower()}"


class Pembacaan(models.Model):
    """The reading of one page photo."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu dibaca")
        OTOMATIS = "otomatis", _("Terbaca otomatis")
        TINJAU = "tinjau", _("Perlu ditinjau")
        TOLAK = "tolak", _("Ditolak: foto ulang")

    foto = models.OneToOneField(CHasilFoto, on_delete=models.CASCADE, related_name="+")
    # The TPS code and contest, copied from the photo's C.Hasil: the review queue of a region
    # is a prefix filter on this column, without joining three tables.
    tps_kode = models.CharField(max_length=20, db_index=True)
    jenis = models.CharField(max_length=20)
    halaman = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    alasan = models.JSONField(default=list, blank=True)
    penolakan = models.CharField(max_length=20, blank=True)
    # {kunci: {"nilai", "keyakinan", "otomatis", "bulatan", "kandidat": [[nilai, p]], "alasan"}}
    angka = models.JSONField(default=dict, blank=True)
    identitas_gagal = models.JSONField(default=list, blank=True)
    versi_pembaca = models.CharField(max_length=40, blank=True)
    # The number of the C.Hasil's current version when the photo came (0: none): a version
    # made from this reading is made on top of it (``c_hasil_submit(versi_dasar=...)``).
    versi_dasar = models.PositiveIntegerField(default=0)
    # The page as the reader registered it (for the reviewers' crops), and its px per pt.
    terdaftar = models.FileField(
        upload_to=_terdaftar_path, storage=private_storage, max_length=255, blank=True
    )
    skala = models.FloatField(null=True, blank=True)
    dibuat_pada = models.DateTimeField()
    dibaca_pada = models.DateTimeField(null=True, blank=True)
    dikonfirmasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dikonfirmasi_pada = models.DateTimeField(null=True, blank=True)
    # The C.Hasil version this reading went into, or why none could be made (a newer version).
    versi = models.ForeignKey(
        CHasilVersi, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bentrok = models.TextField(blank=True)

    class Meta:
        ordering = ["tps_kode", "jenis", "halaman", "-dibuat_pada"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["menunggu", "otomatis", "tinjau", "tolak"]),
                name="pindai_pembacaan_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tps_kode} {self.jenis} hal {self.halaman}: {self.status}"


class TinjauanAngka(models.Model):
    """One number the reader could not prove, waiting for (or decided by) a person."""

    class Cara(models.TextChoices):
        PILIH = "pilih", _("Dipilih dari kandidat")
        KETIK = "ketik", _("Diketik")
        KONFIRMASI_KPPS = "konfirmasi_kpps", _("Dikonfirmasi KPPS")

    pembacaan = models.ForeignKey(Pembacaan, on_delete=models.CASCADE, related_name="tinjauan_set")
    tps_kode = models.CharField(max_length=20, db_index=True)
    kunci = models.CharField(max_length=40)
    selesai = models.BooleanField(default=False)
    nilai = models.PositiveIntegerField(null=True, blank=True)
    cara = models.CharField(max_length=20, choices=Cara.choices, blank=True)
    alasan = models.CharField(max_length=200, blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["tps_kode", "pembacaan_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pembacaan", "kunci"], name="pindai_tinjauan_satu_per_angka"
            ),
            models.CheckConstraint(
                condition=models.Q(selesai=False) | models.Q(nilai__isnull=False),
                name="pindai_tinjauan_selesai_bernilai",
            ),
        ]
        indexes = [models.Index(fields=["selesai", "tps_kode"], name="pindai_tinjauan_antre")]

    def __str__(self) -> str:
        return f"{self.tps_kode} {self.kunci}"
