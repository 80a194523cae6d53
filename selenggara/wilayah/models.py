"""The Kemendagri region tree, versioned by the decree it comes from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.core.awalan import AWALAN_OPCLASSES
from selenggara.wilayah.domain.kode import KodeWilayah, Tingkat


class VersiWilayah(models.Model):
    """One official list of regions (a Kepmendagri decree). Regions change by decree."""

    kode = models.SlugField(max_length=64, unique=True, verbose_name=_("kode versi"))
    keputusan = models.CharField(max_length=200, verbose_name=_("keputusan"))
    berlaku_mulai = models.DateField(null=True, blank=True, verbose_name=_("berlaku mulai"))
    is_active = models.BooleanField(default=False, verbose_name=_("aktif"))
    imported_at = models.DateTimeField(auto_now_add=True, verbose_name=_("diimpor pada"))

    class Meta:
        verbose_name = _("versi wilayah")
        verbose_name_plural = _("versi wilayah")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="wilayah_one_active_versi",
            )
        ]

    def __str__(self) -> str:
        return self.keputusan


class Wilayah(models.Model):
    """A provinsi, kab/kota, kecamatan or desa/kelurahan of one version of the region list.

    ``kode`` is dotted (``33.03.01.2001``); ``induk_kode`` the parent's code ("" for a
    provinsi). Scope checks use code prefixes, so no tree walking is needed.
    """

    versi = models.ForeignKey(
        VersiWilayah, on_delete=models.CASCADE, related_name="wilayah_set", verbose_name=_("versi")
    )
    kode = models.CharField(max_length=13, verbose_name=_("kode"))
    nama = models.CharField(max_length=120, verbose_name=_("nama"))
    tingkat = models.PositiveSmallIntegerField(
        choices=[
            (Tingkat.PROVINSI, _("Provinsi")),
            (Tingkat.KABKOTA, _("Kabupaten/Kota")),
            (Tingkat.KECAMATAN, _("Kecamatan")),
            (Tingkat.DESA, _("Desa/Kelurahan")),
        ],
        verbose_name=_("tingkat"),
    )
    induk_kode = models.CharField(max_length=13, blank=True, verbose_name=_("kode induk"))

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        constraints = [
            models.UniqueConstraint(fields=["versi", "kode"], name="wilayah_unique_kode_per_versi"),
            models.CheckConstraint(
                condition=models.Q(tingkat__gte=1, tingkat__lte=4), name="wilayah_tingkat_range"
            ),
        ]
        indexes = [
            models.Index(fields=["versi", "induk_kode", "kode"], name="wilayah_children"),
            models.Index(
                fields=["versi", "kode"], name="wilayah_kode_awalan", opclasses=AWALAN_OPCLASSES
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"

    @property
    def kode_wilayah(self) -> KodeWilayah:
        return KodeWilayah(self.kode)
