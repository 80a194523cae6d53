"""Users, their role assignments scoped to a region or TPS, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.accounts.domain.peran import Lingkup, Peran, lingkup_for
from selenggara.pemilihan.models import TPS
from selenggara.wilayah.domain.kode import KodeTPS, KodeWilayah


class User(AbstractUser):
    """An account. Roles come from ``penugasan``, never from Django groups or flags."""

    nama = models.CharField(max_length=150, blank=True, verbose_name=_("nama lengkap"))
    telepon = models.CharField(max_length=20, blank=True, verbose_name=_("telepon"))

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.nama or self.username


class Penugasan(models.Model):
    """A role held by a user over a region subtree ("" = nation) or one TPS.

    For a TPS assignment ``wilayah_kode`` holds the TPS's desa, so that "everyone assigned in
    33.03" is one prefix query; the scope itself is the TPS alone (see ``lingkup``).
    """

    class PeranChoices(models.TextChoices):
        KPU_RI = Peran.KPU_RI, _("KPU RI")
        KPU_PROVINSI = Peran.KPU_PROVINSI, _("KPU Provinsi")
        KPU_KABKOTA = Peran.KPU_KABKOTA, _("KPU Kabupaten/Kota")
        PPK = Peran.PPK, _("PPK")
        PPS = Peran.PPS, _("PPS")
        KPPS_KETUA = Peran.KPPS_KETUA, _("Ketua KPPS")
        KPPS_ANGGOTA = Peran.KPPS_ANGGOTA, _("Anggota KPPS")
        PENGAWAS = Peran.PENGAWAS, _("Pengawas")
        SAKSI = Peran.SAKSI, _("Saksi")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="penugasan", verbose_name=_("pengguna")
    )
    peran = models.CharField(max_length=16, choices=PeranChoices.choices, verbose_name=_("peran"))
    wilayah_kode = models.CharField(max_length=13, blank=True, verbose_name=_("kode wilayah"))
    tps = models.ForeignKey(
        TPS,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("TPS"),
    )
    is_active = models.BooleanField(default=True, verbose_name=_("aktif"))
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("dicabut pada"))

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        indexes = [models.Index(fields=["user", "is_active"], name="penugasan_user_active")]

    def __str__(self) -> str:
        where = self.tps.kode if self.tps is not None else (self.wilayah_kode or "nasional")
        return f"{self.get_peran_display()} {where}"

    @property
    def lingkup(self) -> Lingkup:
        """This assignment's scope as a domain value."""
        if self.tps is not None:
            return lingkup_for(
                peran=Peran(self.peran), wilayah=None, tps=KodeTPS.parse(self.tps.kode)
            )
        wilayah = KodeWilayah(self.wilayah_kode) if self.wilayah_kode else None
        return lingkup_for(peran=Peran(self.peran), wilayah=wilayah, tps=None)


class ApiToken(models.Model):
    """A bearer token for machines. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    nama = models.CharField(max_length=100, verbose_name=_("nama"))
    prefix = models.CharField(max_length=8, verbose_name=_("awalan"))
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Null only for tokens made before expiry existed; every new token expires.
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("berlaku sampai"))

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.nama} ({self.prefix}…)"
