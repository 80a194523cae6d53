"""The recap: stored counts per region x contest x dapil, and the plenaries at each tier.

``RekapAgregat`` holds the count (hitung) of one region node (desa, kecamatan, kab/kota,
provinsi, nation "") for one contest and dapil, kept exact by deltas written in the same
transaction as each C.Hasil version (services_agregat.py) and checked by a full recompute.
The official figure (rekap) is what a locked plenary adopted: ``Pleno.hasil``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.core.awalan import AWALAN_OPCLASSES
from selenggara.core.storage import private_storage
from selenggara.pemilihan.models import Dapil, Kontestasi, Pemilihan
from selenggara.rekap.domain.pleno import StatusButir, StatusPleno
from selenggara.tungsura.models import CHasilVersi


class _Figur(models.Model):
    """The figures of a count: TPS counted and held out, sections I-III's totals, section IV."""

    kontestasi = models.ForeignKey(Kontestasi, on_delete=models.CASCADE, related_name="+")
    # NULL: the region's total over all its dapil (kept for the nation only, see
    # domain.agregat.gabungan); otherwise one dapil's count.
    dapil = models.ForeignKey(
        Dapil, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    wilayah_kode = models.CharField(max_length=13, blank=True)  # dotted; "" the nation
    tingkat = models.PositiveSmallIntegerField()  # 0 nation .. 4 desa
    tps_masuk = models.IntegerField(default=0)
    tps_ditahan = models.IntegerField(default=0)
    suara_sah = models.BigIntegerField(default=0)
    suara_tidak_sah = models.BigIntegerField(default=0)
    suara_total = models.BigIntegerField(default=0)
    pengguna_total = models.BigIntegerField(default=0)
    dpt = models.BigIntegerField(default=0)
    suara = models.JSONField(default=dict)  # section IV sums, zero keys left out

    class Meta:
        abstract = True


class RekapAgregat(_Figur):
    """The count of one region for one contest and dapil: every current C.Hasil below it.

    The rows of the provinsi and the nation are shared by so many TPS that writers do not
    update them: they append a ``RekapDelta`` and ``hitung.rekap_lipat`` folds those in; a
    read adds the deltas not yet folded (``hitung.agregat_baca``).
    """

    class Meta:
        verbose_name = _("agregat rekap")
        verbose_name_plural = _("agregat rekap")
        constraints = [
            models.UniqueConstraint(
                fields=["kontestasi", "wilayah_kode", "dapil"],
                condition=models.Q(dapil__isnull=False),
                name="rekap_agregat_unique",
            ),
            models.UniqueConstraint(
                fields=["kontestasi", "wilayah_kode"],
                condition=models.Q(dapil__isnull=True),
                name="rekap_agregat_gabungan_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kontestasi", "wilayah_kode"],
                name="rekap_agregat_awalan",
                opclasses=AWALAN_OPCLASSES,
            )
        ]

    def __str__(self) -> str:
        return f"{self.kontestasi_id} {self.wilayah_kode or 'nasional'} {self.dapil_id}"


class RekapDelta(_Figur):
    """One change to a provinsi's or the nation's row, not yet folded into it (signed figures).

    Every C.Hasil version of a provinsi changes its provinsi's row and the nation's: locking
    those rows per change would queue every writer of the country behind one row. A writer
    appends its change here instead, in the same transaction as the version (an insert locks
    nothing another writer needs), and ``hitung.rekap_lipat`` moves the deltas into the rows.
    """

    class Meta:
        verbose_name = _("delta rekap")
        verbose_name_plural = _("delta rekap")
        indexes = [models.Index(fields=["kontestasi", "wilayah_kode"], name="rekap_delta_wilayah")]

    def __str__(self) -> str:
        return f"delta {self.kontestasi_id} {self.wilayah_kode or 'nasional'} {self.dapil_id}"


class PelepasanTPS(models.Model):
    """A person's decision that a held-out sheet is as on the paper: it enters the count."""

    versi = models.OneToOneField(CHasilVersi, on_delete=models.CASCADE, related_name="+")
    alasan = models.TextField()
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField()

    class Meta:
        verbose_name = _("pelepasan TPS tertahan")
        verbose_name_plural = _("pelepasan TPS tertahan")
        constraints = [
            models.CheckConstraint(condition=~models.Q(alasan=""), name="pelepasan_alasan")
        ]

    def __str__(self) -> str:
        return f"pelepasan {self.versi_id}"


class Pleno(models.Model):
    """One recap plenary: a region at a tier (kecamatan, kab/kota, provinsi, nation), one contest."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="+")
    kontestasi = models.ForeignKey(Kontestasi, on_delete=models.CASCADE, related_name="+")
    wilayah_kode = models.CharField(max_length=13, blank=True)
    tingkat = models.PositiveSmallIntegerField()  # TingkatPleno
    status = models.CharField(
        max_length=16,
        choices=[(s.value, s.value) for s in StatusPleno],
        default=StatusPleno.BELUM_DIBUKA.value,
    )
    jadwal_mulai = models.DateField()
    jadwal_selesai = models.DateField()
    dibuka_pada = models.DateTimeField(null=True, blank=True)
    ditetapkan_pada = models.DateTimeField(null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the plenary adopted: {dapil_kode: {"tps_masuk":..., "angka": {...}, "suara": {...}}}
    hasil = models.JSONField(null=True, blank=True)
    d_hasil = models.FileField(storage=private_storage, upload_to="d_hasil/", blank=True)
    d_hasil_sha256 = models.CharField(max_length=64, blank=True)
    putaran = models.PositiveSmallIntegerField(default=1)  # 1 + number of reopenings

    class Meta:
        verbose_name = _("rapat pleno rekapitulasi")
        verbose_name_plural = _("rapat pleno rekapitulasi")
        constraints = [
            models.UniqueConstraint(fields=["kontestasi", "wilayah_kode"], name="pleno_unique"),
        ]

    def __str__(self) -> str:
        return f"pleno {self.kontestasi_id} {self.wilayah_kode or 'nasional'}"


class PlenoButir(models.Model):
    """One item read in a plenary: a TPS (kecamatan) or a child region (higher tiers)."""

    pleno = models.ForeignKey(Pleno, on_delete=models.CASCADE, related_name="butir_set")
    kode = models.CharField(max_length=13)  # TPS code or dotted region code
    status = models.CharField(
        max_length=12,
        choices=[(s.value, s.value) for s in StatusButir],
        default=StatusButir.BELUM.value,
    )
    versi = models.ForeignKey(
        CHasilVersi, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    catatan = models.TextField(blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pleno", "kode"]
        constraints = [models.UniqueConstraint(fields=["pleno", "kode"], name="pleno_butir_unique")]

    def __str__(self) -> str:
        return f"{self.pleno_id} {self.kode}"


class Keberatan(models.Model):
    """A witness's or Bawaslu's objection in a plenary, per TPS or region, with its answer."""

    pleno = models.ForeignKey(Pleno, on_delete=models.CASCADE, related_name="keberatan_set")
    kode = models.CharField(max_length=13, blank=True)  # the TPS or region; "" the whole
    pengaju = models.CharField(max_length=200)  # "Saksi 02", "Bawaslu Kecamatan"
    uraian = models.TextField()
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dicatat_pada = models.DateTimeField()
    jawaban = models.TextField(blank=True)
    dijawab_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dijawab_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pleno", "dicatat_pada"]

    def __str__(self) -> str:
        return f"keberatan {self.pleno_id} {self.kode}"


class Kehadiran(models.Model):
    """Who attended a plenary: members, each participant's witnesses, Bawaslu."""

    class Unsur(models.TextChoices):
        ANGGOTA = "anggota", _("Anggota")
        SAKSI = "saksi", _("Saksi peserta")
        BAWASLU = "bawaslu", _("Pengawas (Bawaslu)")

    pleno = models.ForeignKey(Pleno, on_delete=models.CASCADE, related_name="kehadiran_set")
    unsur = models.CharField(max_length=8, choices=Unsur.choices)
    nama = models.CharField(max_length=200)
    peserta = models.CharField(max_length=100, blank=True)  # for a witness: whose

    def __str__(self) -> str:
        return f"{self.unsur} {self.nama}"


class PembukaanKembali(models.Model):
    """A locked plenary reopened by the tier above: why, by whom, and what it had adopted."""

    pleno = models.ForeignKey(Pleno, on_delete=models.CASCADE, related_name="pembukaan_set")
    putaran = models.PositiveSmallIntegerField()
    alasan = models.TextField()
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField()
    hasil_sebelum = models.JSONField()

    class Meta:
        ordering = ["pleno", "putaran"]

    def __str__(self) -> str:
        return f"buka kembali {self.pleno_id} #{self.putaran}"
