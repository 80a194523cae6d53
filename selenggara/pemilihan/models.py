"""Elections, their contests, their TPS with the DPT, and the per-region rollup read model."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.core.awalan import AWALAN_OPCLASSES
from selenggara.pemilihan.domain.cadangan import Pembulatan
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan
from selenggara.wilayah.models import VersiWilayah, Wilayah


class Pemilihan(models.Model):
    """One election (Pemilu or Pilkada) on one polling day, over one version of the regions."""

    class Jenis(models.TextChoices):
        PEMILU = JenisPemilihan.PEMILU, _("Pemilu")
        PILKADA = JenisPemilihan.PILKADA, _("Pilkada")

    kode = models.SlugField(max_length=64, unique=True, verbose_name=_("kode"))
    nama = models.CharField(max_length=200, verbose_name=_("nama"))
    jenis = models.CharField(max_length=16, choices=Jenis.choices, verbose_name=_("jenis"))
    hari_pemungutan = models.DateField(verbose_name=_("hari pemungutan suara"))
    batas_pemilih_per_tps = models.PositiveIntegerField(verbose_name=_("batas pemilih per TPS"))
    # Reserve ballots per TPS: Pemilu 2 % of the TPS's DPT, Pilkada 2.5 % (domain.md 2.3), in
    # hundredths of a percent so the rule stays exact (200 = 2 %, 250 = 2.5 %).
    cadangan_basis_poin = models.PositiveIntegerField(
        default=200, verbose_name=_("cadangan surat suara (per sepuluh ribu DPT)")
    )
    cadangan_pembulatan = models.CharField(
        max_length=16,
        choices=[(p.value, p.value) for p in Pembulatan],
        default=Pembulatan.KE_ATAS,
        verbose_name=_("pembulatan cadangan"),
    )
    versi_wilayah = models.ForeignKey(
        VersiWilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("versi wilayah")
    )
    # Changed by every import of parties, dapil or candidates (services_peserta), so that a
    # process may keep a ballot layout in memory as long as this value is the one it read.
    peserta_stempel = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        ordering = ["-hari_pemungutan", "kode"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(batas_pemilih_per_tps__gte=1), name="pemilihan_batas_positive"
            )
        ]

    def __str__(self) -> str:
        return self.nama


class Kontestasi(models.Model):
    """A contest an election holds (one ballot type), e.g. PPWP in Pemilu 2024."""

    class Jenis(models.TextChoices):
        PPWP = JenisKontestasi.PPWP, _("Presiden dan Wakil Presiden")
        DPR = JenisKontestasi.DPR, _("DPR")
        DPD = JenisKontestasi.DPD, _("DPD")
        DPRD_PROVINSI = JenisKontestasi.DPRD_PROVINSI, _("DPRD Provinsi")
        DPRD_KABKOTA = JenisKontestasi.DPRD_KABKOTA, _("DPRD Kabupaten/Kota")
        GUBERNUR = JenisKontestasi.GUBERNUR, _("Gubernur dan Wakil Gubernur")
        BUPATI = JenisKontestasi.BUPATI, _("Bupati dan Wakil Bupati")
        WALIKOTA = JenisKontestasi.WALIKOTA, _("Wali Kota dan Wakil Wali Kota")

    pemilihan = models.ForeignKey(
        Pemilihan,
        on_delete=models.CASCADE,
        related_name="kontestasi_set",
        verbose_name=_("pemilihan"),
    )
    jenis = models.CharField(max_length=16, choices=Jenis.choices, verbose_name=_("jenis"))

    class Meta:
        verbose_name = _("kontestasi")
        verbose_name_plural = _("kontestasi")
        constraints = [
            models.UniqueConstraint(
                fields=["pemilihan", "jenis"], name="kontestasi_unique_per_pemilihan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pemilihan} - {self.get_jenis_display()}"


class TPS(models.Model):
    """A polling station of one election: its desa, number, KPU code, address and DPT."""

    pemilihan = models.ForeignKey(
        Pemilihan, on_delete=models.CASCADE, related_name="tps_set", verbose_name=_("pemilihan")
    )
    desa = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="tps_set", verbose_name=_("desa/kelurahan")
    )
    # KPU's 13-digit code (desa10 + nomor3). Undotted codes have fixed widths per level, so a
    # region's TPS are exactly those whose kode starts with the region's digits.
    kode = models.CharField(max_length=13, verbose_name=_("kode TPS"))
    nomor = models.PositiveSmallIntegerField(verbose_name=_("nomor"))
    alamat = models.CharField(max_length=255, blank=True, verbose_name=_("alamat"))
    dpt_laki = models.PositiveIntegerField(default=0, verbose_name=_("DPT laki-laki"))
    dpt_perempuan = models.PositiveIntegerField(default=0, verbose_name=_("DPT perempuan"))
    dpt = models.PositiveIntegerField(default=0, verbose_name=_("DPT jumlah"))
    dpt_sintetis = models.BooleanField(
        default=False,
        verbose_name=_("DPT sintetis"),
        help_text=_("DPT dibuat untuk demo/uji, bukan angka resmi."),
    )

    class Meta:
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        indexes = [
            # The code alone: a contest's sheets are found by their TPS code without the
            # election (the contest implies it).
            models.Index(fields=["kode"], name="tps_kode_awalan", opclasses=["varchar_pattern_ops"])
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pemilihan", "kode"], name="tps_unique_kode_per_pemilihan"
            ),
            models.CheckConstraint(
                condition=models.Q(dpt=models.F("dpt_laki") + models.F("dpt_perempuan")),
                name="tps_dpt_is_sum",
            ),
            models.CheckConstraint(
                condition=models.Q(nomor__gte=1, nomor__lte=999), name="tps_nomor_range"
            ),
        ]

    def __str__(self) -> str:
        return f"TPS {self.nomor:03d} {self.kode}"

    @property
    def is_khusus(self) -> bool:
        return self.nomor >= 901


class RingkasanWilayah(models.Model):
    """Read model: per election and region, how many desa, TPS and voters lie below it.

    Rebuilt by ``ringkasan_refresh`` after every TPS import, so the region browser reads one
    row per child instead of counting 820,161 TPS. ``kode`` is "" for the nation.
    """

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="+")
    kode = models.CharField(max_length=13, blank=True)
    induk_kode = models.CharField(max_length=13, blank=True)
    tingkat = models.PositiveSmallIntegerField()  # 0 = nasional
    jumlah_desa = models.PositiveIntegerField(default=0)
    jumlah_tps = models.PositiveIntegerField(default=0)
    jumlah_dpt = models.PositiveBigIntegerField(default=0)
    jumlah_dpt_laki = models.PositiveBigIntegerField(default=0)
    jumlah_dpt_perempuan = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "kode"], name="ringkasan_unique_kode")
        ]
        indexes = [
            models.Index(fields=["pemilihan", "induk_kode"], name="ringkasan_children"),
            models.Index(
                fields=["pemilihan", "kode"],
                name="ringkasan_kode_awalan",
                opclasses=AWALAN_OPCLASSES,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode or 'nasional'}: {self.jumlah_tps} TPS"


# --- Participants: parties, electoral districts (dapil) and candidates -------------------------


class Partai(models.Model):
    """A political party of one election, with its ballot number (nomor urut)."""

    pemilihan = models.ForeignKey(
        Pemilihan, on_delete=models.CASCADE, related_name="partai_set", verbose_name=_("pemilihan")
    )
    nomor = models.PositiveSmallIntegerField(verbose_name=_("nomor urut"))
    nama = models.CharField(max_length=200, verbose_name=_("nama"))
    singkatan = models.CharField(max_length=40, verbose_name=_("singkatan"))
    # Local parties (Aceh) stand only in their province; "" = national.
    provinsi_kode = models.CharField(max_length=2, blank=True, verbose_name=_("provinsi"))

    class Meta:
        verbose_name = _("partai politik")
        verbose_name_plural = _("partai politik")
        ordering = ["pemilihan", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "nomor"], name="partai_unique_nomor"),
            models.CheckConstraint(
                condition=models.Q(nomor__gte=1, nomor__lte=99), name="partai_nomor_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomor}. {self.singkatan}"


class Dapil(models.Model):
    """An electoral district of one contest: the set of regions whose TPS vote for its seats.

    Every contest has dapil, so every TPS resolves to exactly one per contest: PPWP one national
    dapil, DPD one per provinsi, Pilkada one per region electing, DPR/DPRD the legal dapil.
    ``induk_kode`` is the region the dapil partitions ("" = the nation for PPWP and DPR).
    """

    kontestasi = models.ForeignKey(
        Kontestasi, on_delete=models.CASCADE, related_name="dapil_set", verbose_name=_("kontestasi")
    )
    kode = models.SlugField(max_length=64, verbose_name=_("kode dapil"))
    nama = models.CharField(max_length=200, verbose_name=_("nama"))
    induk_kode = models.CharField(max_length=13, blank=True, verbose_name=_("wilayah induk"))
    kursi = models.PositiveSmallIntegerField(default=0, verbose_name=_("alokasi kursi"))

    class Meta:
        verbose_name = _("daerah pemilihan")
        verbose_name_plural = _("daerah pemilihan")
        ordering = ["kontestasi", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["kontestasi", "kode"], name="dapil_unique_kode"),
        ]

    def __str__(self) -> str:
        return self.nama


class DapilWilayah(models.Model):
    """One region (a prefix of the tree: "" nation, provinsi, kab/kota, kecamatan or desa) of a
    dapil. A TPS belongs to the dapil one of whose regions contains its desa."""

    dapil = models.ForeignKey(
        Dapil, on_delete=models.CASCADE, related_name="wilayah_set", verbose_name=_("dapil")
    )
    # Denormalised from the dapil so "which dapil of this election holds desa X" is one
    # indexed lookup over the prefixes of X.
    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="+")
    wilayah_kode = models.CharField(max_length=13, blank=True, verbose_name=_("kode wilayah"))

    class Meta:
        verbose_name = _("wilayah dapil")
        verbose_name_plural = _("wilayah dapil")
        constraints = [
            models.UniqueConstraint(fields=["dapil", "wilayah_kode"], name="dapil_wilayah_unique"),
        ]
        indexes = [
            models.Index(fields=["pemilihan", "wilayah_kode"], name="dapil_wilayah_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.dapil.kode}: {self.wilayah_kode or 'nasional'}"


class Calon(models.Model):
    """A candidate on one dapil's ballot: a pair (PPWP, Pilkada), a DPD member, or a party's
    legislative candidate (then ``partai`` is set and ``nomor_urut`` is within the party)."""

    class JenisKelamin(models.TextChoices):
        LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    dapil = models.ForeignKey(
        Dapil, on_delete=models.CASCADE, related_name="calon_set", verbose_name=_("dapil")
    )
    partai = models.ForeignKey(
        Partai,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calon_set",
        verbose_name=_("partai"),
    )
    nomor_urut = models.PositiveSmallIntegerField(verbose_name=_("nomor urut"))
    nama = models.CharField(max_length=200, verbose_name=_("nama"))
    nama_wakil = models.CharField(max_length=200, blank=True, verbose_name=_("nama wakil"))
    jenis_kelamin = models.CharField(
        max_length=1, choices=JenisKelamin.choices, blank=True, verbose_name=_("jenis kelamin")
    )
    sintetis = models.BooleanField(
        default=False,
        verbose_name=_("nama sintetis"),
        help_text=_("Nama dibuat untuk demo/uji, bukan calon sebenarnya."),
    )

    class Meta:
        verbose_name = _("calon")
        verbose_name_plural = _("calon")
        ordering = ["dapil", "partai__nomor", "nomor_urut"]
        constraints = [
            models.UniqueConstraint(
                fields=["dapil", "partai", "nomor_urut"],
                condition=models.Q(partai__isnull=False),
                name="calon_unique_nomor_partai",
            ),
            models.UniqueConstraint(
                fields=["dapil", "nomor_urut"],
                condition=models.Q(partai__isnull=True),
                name="calon_unique_nomor",
            ),
            models.CheckConstraint(
                condition=models.Q(nomor_urut__gte=1, nomor_urut__lte=99),
                name="calon_nomor_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomor_urut}. {self.nama}"
