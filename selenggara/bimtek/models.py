"""Bimtek: a training plan per election and kab/kota, its venues, trainers, curriculum,
sessions, the TPS each session trains, and what happened at each session.

Trainees are the appointed KPPS of pembentukan (``AnggotaKPPS``); a TPS not yet formed is
planned by its seven seats, so the plan can be made before appointment ends.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pemilihan.models import TPS, Pemilihan


def _default_jam() -> list[list[str]]:
    return [["08.00", "12.00"], ["13.00", "17.00"]]


class RencanaBimtek(models.Model):
    """The Bimtek plan of one kab/kota in one election: window, rules and last result."""

    pemilihan = models.ForeignKey(
        Pemilihan, on_delete=models.PROTECT, related_name="+", verbose_name=_("pemilihan")
    )
    kabkota_kode = models.CharField(max_length=13, verbose_name=_("kode kab/kota"))
    nama = models.CharField(max_length=200, verbose_name=_("nama"))
    tanggal_mulai = models.DateField(verbose_name=_("tanggal mulai"))
    tanggal_selesai = models.DateField(verbose_name=_("tanggal selesai"))
    hari_dikecualikan = models.JSONField(default=list, blank=True, verbose_name=_("hari libur"))
    hari_transportasi = models.JSONField(
        default=list, blank=True, verbose_name=_("hari dengan transportasi")
    )
    desa_jauh = models.JSONField(default=list, blank=True, verbose_name=_("desa jauh"))
    slot_per_hari = models.PositiveSmallIntegerField(default=1, verbose_name=_("sesi per hari"))
    jam_slot = models.JSONField(default=_default_jam, verbose_name=_("jam sesi"))
    rasio_pelatih = models.PositiveSmallIntegerField(
        default=40, verbose_name=_("peserta per pelatih")
    )
    boleh_tetangga = models.BooleanField(
        default=False, verbose_name=_("boleh ke kecamatan tetangga")
    )
    tetangga = models.JSONField(default=dict, blank=True, verbose_name=_("kecamatan tetangga"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The last planning of the whole kab/kota run in the background: kecamatan done of total.
    perencanaan_mulai = models.DateTimeField(null=True, blank=True)
    perencanaan_akhir = models.DateTimeField(null=True, blank=True)
    perencanaan_total = models.PositiveIntegerField(default=0)
    perencanaan_selesai = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rencana bimtek")
        verbose_name_plural = _("rencana bimtek")
        constraints = [
            models.UniqueConstraint(
                fields=["pemilihan", "kabkota_kode"], name="bimtek_one_rencana_per_kabkota"
            ),
            models.CheckConstraint(
                condition=models.Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                name="bimtek_rencana_selesai_gte_mulai",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_per_hari__gte=1, slot_per_hari__lte=2),
                name="bimtek_rencana_slot_1_2",
            ),
            models.CheckConstraint(
                condition=models.Q(rasio_pelatih__gte=1), name="bimtek_rencana_rasio_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class RencanaKecamatan(models.Model):
    """One kecamatan's part of the plan and its last optimizer result."""

    rencana = models.ForeignKey(
        RencanaBimtek, on_delete=models.CASCADE, related_name="kecamatan_set"
    )
    kecamatan_kode = models.CharField(max_length=13, verbose_name=_("kode kecamatan"))
    status = models.CharField(max_length=16, blank=True, verbose_name=_("status"))
    objektif = models.BigIntegerField(default=0)
    batas = models.BigIntegerField(default=0)
    gap_persen = models.FloatField(default=0.0)
    detik = models.FloatField(default=0.0)
    kekurangan = models.JSONField(default=list, blank=True)
    dihitung_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rencana kecamatan")
        verbose_name_plural = _("rencana kecamatan")
        constraints = [
            models.UniqueConstraint(
                fields=["rencana", "kecamatan_kode"], name="bimtek_one_plan_per_kecamatan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rencana_id} {self.kecamatan_kode}"


class TempatBimtek(models.Model):
    """A venue: seats and the days (empty = every day of the window) and slots it is free."""

    rencana = models.ForeignKey(RencanaBimtek, on_delete=models.CASCADE, related_name="tempat_set")
    kecamatan_kode = models.CharField(max_length=13, verbose_name=_("kode kecamatan"))
    desa_kode = models.CharField(max_length=13, verbose_name=_("kode desa"))
    nama = models.CharField(max_length=200, verbose_name=_("nama tempat"))
    alamat = models.CharField(max_length=255, blank=True, verbose_name=_("alamat"))
    kapasitas = models.PositiveIntegerField(verbose_name=_("kapasitas"))
    tanggal_tersedia = models.JSONField(default=list, blank=True, verbose_name=_("tanggal"))
    slot_tersedia = models.JSONField(default=list, blank=True, verbose_name=_("sesi"))
    sintetis = models.BooleanField(default=False, verbose_name=_("sintetis"))

    class Meta:
        verbose_name = _("tempat bimtek")
        verbose_name_plural = _("tempat bimtek")
        ordering = ["kecamatan_kode", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rencana", "kecamatan_kode", "nama"], name="bimtek_tempat_unique_nama"
            ),
            models.CheckConstraint(
                condition=models.Q(kapasitas__gte=1), name="bimtek_tempat_kapasitas_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class JarakBimtek(models.Model):
    """An imported travel distance from a desa to a venue; the planner uses it instead of
    the same desa / same kecamatan / neighbour levels for that pair."""

    tempat = models.ForeignKey(TempatBimtek, on_delete=models.CASCADE, related_name="jarak_set")
    desa_kode = models.CharField(max_length=13, verbose_name=_("kode desa"))
    km = models.DecimalField(max_digits=5, decimal_places=1, verbose_name=_("jarak (km)"))

    class Meta:
        verbose_name = _("jarak desa ke tempat")
        verbose_name_plural = _("jarak desa ke tempat")
        ordering = ["tempat", "desa_kode"]
        constraints = [
            models.UniqueConstraint(fields=["tempat", "desa_kode"], name="bimtek_jarak_unique"),
            models.CheckConstraint(condition=models.Q(km__gte=0), name="bimtek_jarak_km_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.desa_kode} -> {self.tempat_id}: {self.km} km"


class PelatihBimtek(models.Model):
    """A trainer or speaker for one kecamatan: PPK/PPS members, police, prosecutors..."""

    class Jenis(models.TextChoices):
        PPK = "ppk", _("Anggota PPK")
        PPS = "pps", _("Anggota PPS")
        KPU = "kpu", _("KPU Kabupaten/Kota")
        POLISI = "polisi", _("Kepolisian")
        JAKSA = "jaksa", _("Kejaksaan")
        LAINNYA = "lainnya", _("Narasumber lain")

    rencana = models.ForeignKey(RencanaBimtek, on_delete=models.CASCADE, related_name="pelatih_set")
    kecamatan_kode = models.CharField(max_length=13, verbose_name=_("kode kecamatan"))
    nama = models.CharField(max_length=150, verbose_name=_("nama"))
    jenis = models.CharField(max_length=8, choices=Jenis.choices, verbose_name=_("jenis"))
    tanggal_tersedia = models.JSONField(default=list, blank=True, verbose_name=_("tanggal"))
    # Slots (0-based) of each available day the trainer can teach; empty = every slot.
    slot_tersedia = models.JSONField(default=list, blank=True, verbose_name=_("sesi"))
    sintetis = models.BooleanField(default=False, verbose_name=_("sintetis"))

    class Meta:
        verbose_name = _("pelatih bimtek")
        verbose_name_plural = _("pelatih bimtek")
        ordering = ["kecamatan_kode", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rencana", "kecamatan_kode", "nama"], name="bimtek_pelatih_unique_nama"
            )
        ]

    def __str__(self) -> str:
        return self.nama


class ModulBimtek(models.Model):
    """One module of the curriculum and its duration."""

    rencana = models.ForeignKey(RencanaBimtek, on_delete=models.CASCADE, related_name="modul_set")
    urutan = models.PositiveSmallIntegerField(verbose_name=_("urutan"))
    kode = models.SlugField(max_length=32, verbose_name=_("kode"))
    nama = models.CharField(max_length=200, verbose_name=_("nama modul"))
    durasi_menit = models.PositiveSmallIntegerField(verbose_name=_("durasi (menit)"))

    class Meta:
        verbose_name = _("modul bimtek")
        verbose_name_plural = _("modul bimtek")
        ordering = ["rencana", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["rencana", "kode"], name="bimtek_modul_unique_kode")
        ]

    def __str__(self) -> str:
        return self.nama


class SoalTes(models.Model):
    """A question of a module's bank for the pre- and post-test."""

    modul = models.ForeignKey(ModulBimtek, on_delete=models.CASCADE, related_name="soal_set")
    nomor = models.PositiveSmallIntegerField(verbose_name=_("nomor"))
    pertanyaan = models.TextField(verbose_name=_("pertanyaan"))
    pilihan = models.JSONField(verbose_name=_("pilihan"))
    kunci = models.CharField(max_length=1, verbose_name=_("kunci jawaban"))

    class Meta:
        verbose_name = _("soal tes")
        verbose_name_plural = _("soal tes")
        ordering = ["modul", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["modul", "nomor"], name="bimtek_soal_unique_nomor")
        ]

    def __str__(self) -> str:
        return f"{self.modul_id}#{self.nomor}"


class SesiBimtek(models.Model):
    """One session: a venue on a date in a slot; ``gelombang`` its wave in the kecamatan."""

    rencana = models.ForeignKey(RencanaBimtek, on_delete=models.CASCADE, related_name="sesi_set")
    tempat = models.ForeignKey(TempatBimtek, on_delete=models.PROTECT, related_name="sesi_set")
    kecamatan_kode = models.CharField(max_length=13, verbose_name=_("kode kecamatan"))
    tanggal = models.DateField(verbose_name=_("tanggal"))
    slot = models.PositiveSmallIntegerField(verbose_name=_("sesi ke"))
    gelombang = models.PositiveSmallIntegerField(default=1, verbose_name=_("gelombang"))
    susulan = models.BooleanField(default=False, verbose_name=_("susulan"))
    ditutup_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ditutup pada"))
    checklist = models.JSONField(default=dict, blank=True, verbose_name=_("daftar periksa"))

    class Meta:
        verbose_name = _("sesi bimtek")
        verbose_name_plural = _("sesi bimtek")
        ordering = ["kecamatan_kode", "tanggal", "slot", "tempat_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tempat", "tanggal", "slot"], name="bimtek_sesi_unique_waktu"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tempat} {self.tanggal} #{self.slot + 1}"


class JadwalTPS(models.Model):
    """The session a TPS's team trains in (one per TPS per plan)."""

    rencana = models.ForeignKey(RencanaBimtek, on_delete=models.CASCADE, related_name="jadwal_set")
    sesi = models.ForeignKey(SesiBimtek, on_delete=models.PROTECT, related_name="jadwal_set")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    manual = models.BooleanField(default=False, verbose_name=_("dipindah manual"))

    class Meta:
        verbose_name = _("jadwal TPS")
        verbose_name_plural = _("jadwal TPS")
        constraints = [
            models.UniqueConstraint(fields=["rencana", "tps"], name="bimtek_one_sesi_per_tps")
        ]

    def __str__(self) -> str:
        return f"{self.tps_id} -> {self.sesi_id}"


class PesertaSusulan(models.Model):
    """A member invited to a make-up session (absent, or appointed after their session)."""

    sesi = models.ForeignKey(SesiBimtek, on_delete=models.CASCADE, related_name="susulan_set")
    anggota = models.ForeignKey(AnggotaKPPS, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("peserta susulan")
        verbose_name_plural = _("peserta susulan")
        constraints = [
            models.UniqueConstraint(fields=["sesi", "anggota"], name="bimtek_susulan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sesi_id} {self.anggota_id}"


class KehadiranBimtek(models.Model):
    """One member checked in at a session, by scanning their QR or by a tick."""

    class Cara(models.TextChoices):
        QR = "qr", _("Pindai QR")
        CENTANG = "centang", _("Centang")

    sesi = models.ForeignKey(SesiBimtek, on_delete=models.CASCADE, related_name="kehadiran_set")
    anggota = models.ForeignKey(AnggotaKPPS, on_delete=models.PROTECT, related_name="+")
    cara = models.CharField(max_length=8, choices=Cara.choices, verbose_name=_("cara"))
    dicatat_at = models.DateTimeField()
    dicatat_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kehadiran bimtek")
        verbose_name_plural = _("kehadiran bimtek")
        constraints = [
            models.UniqueConstraint(fields=["sesi", "anggota"], name="bimtek_hadir_once")
        ]

    def __str__(self) -> str:
        return f"{self.sesi_id} {self.anggota_id}"


class NilaiTes(models.Model):
    """A member's pre- and post-test score (0-100) for one module at one session."""

    sesi = models.ForeignKey(SesiBimtek, on_delete=models.CASCADE, related_name="nilai_set")
    anggota = models.ForeignKey(AnggotaKPPS, on_delete=models.PROTECT, related_name="+")
    modul = models.ForeignKey(ModulBimtek, on_delete=models.PROTECT, related_name="nilai_set")
    pre = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("pre-test"))
    post = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("post-test"))

    class Meta:
        verbose_name = _("nilai tes")
        verbose_name_plural = _("nilai tes")
        constraints = [
            models.UniqueConstraint(
                fields=["sesi", "anggota", "modul"], name="bimtek_nilai_unique"
            ),
            models.CheckConstraint(
                condition=(models.Q(pre__isnull=True) | models.Q(pre__lte=100))
                & (models.Q(post__isnull=True) | models.Q(post__lte=100)),
                name="bimtek_nilai_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.anggota_id} {self.modul_id}"
