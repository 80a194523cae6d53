"""KPPS formation, intake half: schedules, applicants, documents, checks, verdicts, responses.

Personal data (docs/adr/0009): the NIK is stored encrypted (``nik_encrypted``), with a keyed
digest (``nik_digest``) to find duplicates and the party list, and a masked form for display.
Documents live in private storage, served only through a scoped view.
"""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.core.awalan import AWALAN_OPCLASSES
from selenggara.core.storage import (
    encrypted_storage,
    private_storage,  # noqa: F401 (named by old migrations)
)
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.penetapan import AlasanPAW
from selenggara.pembentukan.domain.syarat import JenisDokumen, Pendidikan, Syarat
from selenggara.pembentukan.domain.tahapan import JenisBadan, Tahapan
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import Wilayah


def _dokumen_path(instance: DokumenPendaftar, filename: str) -> str:
    # No name, NIK or original file name in the path: only ids and the document kind.
    ext = Path(filename).suffix.lower()
    pendaftar = instance.pendaftar
    return (
        f"pembentukan/{pendaftar.pemilihan_id}/{pendaftar.desa_id}/{pendaftar.pk}/"
        f"{instance.jenis}-{uuid4().hex}{ext}"
    )


class JadwalTahapan(models.Model):
    """One stage's window of one body's formation in one election (both ends inclusive)."""

    class Badan(models.TextChoices):
        KPPS = JenisBadan.KPPS, _("KPPS")
        PETUGAS_KETERTIBAN = JenisBadan.PETUGAS_KETERTIBAN, _("Petugas Ketertiban TPS")

    pemilihan = models.ForeignKey(
        Pemilihan, on_delete=models.CASCADE, related_name="+", verbose_name=_("pemilihan")
    )
    badan = models.CharField(max_length=24, choices=Badan.choices, verbose_name=_("badan"))
    tahapan = models.CharField(
        max_length=32, choices=[(t.value, t.label) for t in Tahapan], verbose_name=_("tahapan")
    )
    mulai = models.DateField(verbose_name=_("mulai"))
    selesai = models.DateField(verbose_name=_("selesai"))
    template_kode = models.CharField(max_length=64, blank=True, verbose_name=_("templat"))

    class Meta:
        verbose_name = _("jadwal tahapan")
        verbose_name_plural = _("jadwal tahapan")
        ordering = ["pemilihan", "badan", "mulai", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemilihan", "badan", "tahapan"], name="jadwal_unique_tahapan"
            ),
            models.CheckConstraint(
                condition=models.Q(selesai__gte=models.F("mulai")), name="jadwal_selesai_gte_mulai"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.badan} {self.tahapan} {self.mulai}–{self.selesai}"


class Pendaftar(models.Model):
    """An applicant to one body (KPPS) in one election, registered at the PPS of one desa."""

    class Status(models.TextChoices):
        TERDAFTAR = "terdaftar", _("Terdaftar")
        DITELITI = "diteliti", _("Sedang diteliti")
        MEMENUHI_SYARAT = "memenuhi_syarat", _("Memenuhi syarat")
        TIDAK_MEMENUHI_SYARAT = "tidak_memenuhi_syarat", _("Tidak memenuhi syarat")

    class JenisKelaminChoices(models.TextChoices):
        L = JenisKelamin.L.value, JenisKelamin.L.label
        P = JenisKelamin.P.value, JenisKelamin.P.label

    class Sumber(models.TextChoices):
        MANDIRI = "mandiri", _("Daftar mandiri")
        PPS = "pps", _("Dicatat PPS")
        IMPOR = "impor", _("Impor Excel")

    pemilihan = models.ForeignKey(
        Pemilihan, on_delete=models.PROTECT, related_name="+", verbose_name=_("pemilihan")
    )
    badan = models.CharField(
        max_length=24,
        choices=JadwalTahapan.Badan.choices,
        default=JenisBadan.KPPS.value,
        verbose_name=_("badan"),
    )
    desa = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    # The desa's undotted code, denormalised: scopes filter by prefix without a join.
    desa_kode = models.CharField(max_length=10, verbose_name=_("kode desa"))
    tps_preferensi = models.ForeignKey(
        TPS,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("TPS pilihan"),
    )
    nomor_pendaftaran = models.CharField(max_length=32, verbose_name=_("nomor pendaftaran"))
    token_digest = models.CharField(max_length=64, unique=True)
    nama = models.CharField(max_length=150, verbose_name=_("nama lengkap"))
    nik_encrypted = models.TextField()
    nik_digest = models.CharField(max_length=64)
    nik_masked = models.CharField(max_length=16, verbose_name=_("NIK"))
    # Facts of the NIK the national screening reads without decrypting (pembentukan.saringan);
    # blank/null for rows stored before them, which the screening decrypts instead.
    nik_kecamatan_digest = models.CharField(max_length=64, blank=True, default="")
    nik_identitas_sesuai = models.BooleanField(null=True, default=None)
    tanggal_lahir = models.DateField(verbose_name=_("tanggal lahir"))
    jenis_kelamin = models.CharField(
        max_length=1,
        choices=JenisKelaminChoices.choices,
        verbose_name=_("jenis kelamin"),
    )
    alamat = models.TextField(verbose_name=_("alamat sesuai e-KTP"))
    domisili_desa_kode = models.CharField(max_length=13, verbose_name=_("desa domisili"))
    pendidikan = models.CharField(
        max_length=16,
        choices=[(p.value, p.label) for p in Pendidikan],
        verbose_name=_("pendidikan terakhir"),
    )
    telepon = models.CharField(max_length=20, blank=True, verbose_name=_("telepon"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    # Declarations of the 2024 surat pernyataan (domain.md 1.2).
    pernyataan_setia_pancasila = models.BooleanField(default=False)
    pernyataan_bukan_anggota_partai = models.BooleanField(default=False)
    pernyataan_tidak_terikat_perkawinan = models.BooleanField(default=False)
    pernyataan_sehat_jasmani_rohani = models.BooleanField(default=False)
    pernyataan_tidak_dipidana = models.BooleanField(default=False)
    pernyataan_bukan_tim_kampanye = models.BooleanField(default=False)
    sumber = models.CharField(max_length=8, choices=Sumber.choices, verbose_name=_("sumber"))
    status = models.CharField(
        max_length=24,
        choices=Status.choices,
        default=Status.TERDAFTAR,
        verbose_name=_("status"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("terdaftar pada"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diteliti_at = models.DateTimeField(null=True, blank=True, verbose_name=_("diteliti pada"))
    status_at = models.DateTimeField(null=True, blank=True, verbose_name=_("status pada"))

    class Meta:
        verbose_name = _("pendaftar")
        verbose_name_plural = _("pendaftar")
        ordering = ["pemilihan", "desa_kode", "nomor_pendaftaran"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemilihan", "nomor_pendaftaran"], name="pendaftar_unique_nomor"
            ),
        ]
        indexes = [
            models.Index(
                fields=["pemilihan", "desa_kode"], name="pendaftar_desa", opclasses=AWALAN_OPCLASSES
            ),
            models.Index(fields=["pemilihan", "nik_digest"], name="pendaftar_nik"),
        ]

    def __str__(self) -> str:
        return f"{self.nomor_pendaftaran} {self.nama}"

    @property
    def pernyataan(self) -> dict[str, bool]:
        return {name: bool(getattr(self, name)) for name in PERNYATAAN_FIELDS}


PERNYATAAN_FIELDS = (
    "pernyataan_setia_pancasila",
    "pernyataan_bukan_anggota_partai",
    "pernyataan_tidak_terikat_perkawinan",
    "pernyataan_sehat_jasmani_rohani",
    "pernyataan_tidak_dipidana",
    "pernyataan_bukan_tim_kampanye",
)


class DokumenPendaftar(models.Model):
    """One document handed in, kept privately; one current file per kind."""

    pendaftar = models.ForeignKey(Pendaftar, on_delete=models.CASCADE, related_name="dokumen_set")
    jenis = models.CharField(
        max_length=32, choices=[(j.value, j.label) for j in JenisDokumen], verbose_name=_("jenis")
    )
    berkas = models.FileField(upload_to=_dokumen_path, storage=encrypted_storage, max_length=255)
    content_type = models.CharField(max_length=32)
    ukuran = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dokumen pendaftar")
        verbose_name_plural = _("dokumen pendaftar")
        ordering = ["pendaftar", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pendaftar", "jenis"], name="dokumen_unique_jenis")
        ]

    def __str__(self) -> str:
        return f"{self.pendaftar_id} {self.jenis}"


class HasilPenelitian(models.Model):
    """One run of the automatic checks on one applicant; the newest run is current."""

    pendaftar = models.ForeignKey(
        Pendaftar, on_delete=models.CASCADE, related_name="hasil_penelitian_set"
    )
    # [Temuan.as_dict() + {"syarat"}] (core.domain.temuan): officer-only as a whole, since
    # params_petugas may name a party.
    temuan = models.JSONField(default=list)
    memenuhi_syarat = models.BooleanField()
    jumlah_error = models.PositiveSmallIntegerField(default=0)
    jumlah_warning = models.PositiveSmallIntegerField(default=0)
    run_at = models.DateTimeField()
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pendaftar", "-run_at", "-pk"]
        get_latest_by = "run_at"

    def __str__(self) -> str:
        return f"{self.pendaftar_id} {self.run_at:%Y-%m-%d %H:%M}"


class PenelitianMassal(models.Model):
    """One screening of the stored applicants of a region (or the nation), done in batches.

    A batch is one kab/kota (or the region itself when smaller) and commits on its own, so an
    interrupted run resumes with the batches not yet in ``batch_selesai``. ``mulai_at`` is the
    ``run_at`` of every finding the run writes.
    """

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="+")
    # Dotted code of the region, "" for the whole election.
    wilayah_kode = models.CharField(max_length=13, blank=True)
    tanggal = models.DateField()
    mulai_at = models.DateTimeField()
    selesai_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    batch_total = models.PositiveIntegerField(default=0)
    # Undotted kab/kota (or region) prefixes already written.
    batch_selesai = models.JSONField(default=list)
    jumlah = models.PositiveIntegerField(default=0)
    lolos = models.PositiveIntegerField(default=0)
    dengan_error = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pemilihan", "-mulai_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pemilihan_id} {self.wilayah_kode or 'nasional'} {self.mulai_at:%Y-%m-%d}"


class PenilaianSyarat(models.Model):
    """The PPS officer's verdict on one requirement of one applicant: MS or TMS, with a note."""

    class Hasil(models.TextChoices):
        MS = "ms", _("Memenuhi syarat (MS)")
        TMS = "tms", _("Tidak memenuhi syarat (TMS)")

    pendaftar = models.ForeignKey(Pendaftar, on_delete=models.CASCADE, related_name="penilaian_set")
    syarat = models.CharField(max_length=32, choices=[(s.value, s.label) for s in Syarat])
    hasil = models.CharField(max_length=3, choices=Hasil.choices, verbose_name=_("hasil"))
    catatan = models.TextField(blank=True, verbose_name=_("catatan"))
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dinilai_at = models.DateTimeField()

    class Meta:
        ordering = ["pendaftar", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pendaftar", "syarat"], name="penilaian_unique_syarat")
        ]

    def __str__(self) -> str:
        return f"{self.pendaftar_id} {self.syarat} {self.hasil}"


class TanggapanMasyarakat(models.Model):
    """A public response about a named applicant, and the PPS's clarification of it."""

    class Hasil(models.TextChoices):
        TERBUKTI = "terbukti", _("Terbukti")
        TIDAK_TERBUKTI = "tidak_terbukti", _("Tidak terbukti")

    pendaftar = models.ForeignKey(Pendaftar, on_delete=models.CASCADE, related_name="tanggapan_set")
    isi = models.TextField(verbose_name=_("isi tanggapan"))
    pengirim_nama = models.CharField(max_length=150, verbose_name=_("nama pengirim"))
    pengirim_kontak = models.CharField(max_length=150, verbose_name=_("kontak pengirim"))
    created_at = models.DateTimeField(auto_now_add=True)
    klarifikasi = models.TextField(blank=True, verbose_name=_("klarifikasi"))
    hasil = models.CharField(
        max_length=16, choices=Hasil.choices, blank=True, verbose_name=_("hasil")
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pendaftar", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.pendaftar_id} {self.created_at:%Y-%m-%d}"


class DaftarAnggotaPartai(models.Model):
    """One row of an imported party-membership list (SIPOL style): the NIK digest only.

    Never shown to applicants or the public; only officers see the party in a finding.
    """

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="+")
    nik_digest = models.CharField(max_length=64)
    partai = models.CharField(max_length=100)
    sumber = models.CharField(max_length=200)
    imported_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["pemilihan", "nik_digest"], name="partai_nik")]

    def __str__(self) -> str:
        return f"{self.partai}"


# --- Penetapan: appointment, inauguration, replacement ---


def _bukti_path(instance: Penggantian, filename: str) -> str:
    # Only ids in the path: no name, NIK or original file name.
    ext = Path(filename).suffix.lower()
    return f"pembentukan/{instance.pemilihan_id}/paw/{instance.tps_id}/{uuid4().hex}{ext}"


class SKKPPS(models.Model):
    """The decision letter (surat keputusan) appointing the KPPS of every TPS of one desa.

    KPPS is formed by PPS on behalf of KPU Kab/Kota (PKPU 8/2022 Pasal 18 ayat (3) and 28).
    """

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    desa = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan")
    )
    desa_kode = models.CharField(max_length=10, verbose_name=_("kode desa"))
    nomor = models.CharField(max_length=100, verbose_name=_("nomor SK"))
    tanggal = models.DateField(verbose_name=_("tanggal SK"))
    ditetapkan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ditetapkan_at = models.DateTimeField()

    class Meta:
        verbose_name = _("SK pembentukan KPPS")
        verbose_name_plural = _("SK pembentukan KPPS")
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "desa"], name="skkpps_unique_desa")
        ]

    def __str__(self) -> str:
        return self.nomor


class AnggotaKPPS(models.Model):
    """One seat of the KPPS of a TPS held by one appointed applicant.

    ``posisi`` is the seat, 1-7 (KPPS 1 is the ketua, Kep KPU 66/2024); ``peringkat`` the
    applicant's rank when appointed. A replacement (PAW) takes the seat and role of the member
    replaced, whose row stays with status ``diganti``.
    """

    class PeranChoices(models.TextChoices):
        KETUA = "ketua", _("Ketua KPPS")
        ANGGOTA = "anggota", _("Anggota KPPS")

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        DIGANTI = "diganti", _("Diganti (PAW)")
        BERHENTI = "berhenti", _("Berhenti")

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    # The TPS's undotted desa code, denormalised so region scopes filter by prefix.
    desa_kode = models.CharField(max_length=10)
    pendaftar = models.ForeignKey(Pendaftar, on_delete=models.PROTECT, related_name="+")
    peran = models.CharField(max_length=8, choices=PeranChoices.choices, verbose_name=_("peran"))
    posisi = models.PositiveSmallIntegerField(verbose_name=_("posisi"))
    peringkat = models.PositiveSmallIntegerField(verbose_name=_("peringkat"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.AKTIF)
    dari_desa_lain = models.BooleanField(default=False, verbose_name=_("dari desa lain"))
    alasan_desa_lain = models.TextField(blank=True, verbose_name=_("alasan dari desa lain"))
    sk = models.ForeignKey(
        SKKPPS, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ditetapkan_at = models.DateTimeField()
    ditetapkan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    berakhir_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("anggota KPPS")
        verbose_name_plural = _("anggota KPPS")
        ordering = ["tps", "posisi", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tps", "posisi"],
                condition=models.Q(status="aktif"),
                name="anggota_kpps_unique_posisi",
            ),
            models.UniqueConstraint(
                fields=["pemilihan", "pendaftar"],
                condition=models.Q(status="aktif"),
                name="anggota_kpps_unique_pendaftar",
            ),
            models.CheckConstraint(
                condition=models.Q(posisi__gte=1, posisi__lte=7), name="anggota_kpps_posisi_1_7"
            ),
            models.CheckConstraint(
                condition=~models.Q(peran="ketua") | models.Q(posisi=1),
                name="anggota_kpps_ketua_posisi_1",
            ),
        ]
        indexes = [
            models.Index(
                fields=["pemilihan", "desa_kode"],
                name="anggota_kpps_desa",
                opclasses=AWALAN_OPCLASSES,
            )
        ]

    def __str__(self) -> str:
        return f"{self.tps_id} #{self.posisi} {self.pendaftar_id}"


class CadanganKPPS(models.Model):
    """A ranked reserve of a TPS's KPPS; ``dipakai_at`` is set when it replaces a member."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    desa_kode = models.CharField(max_length=10)
    pendaftar = models.ForeignKey(Pendaftar, on_delete=models.PROTECT, related_name="+")
    peringkat = models.PositiveSmallIntegerField(verbose_name=_("peringkat"))
    dipakai_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cadangan KPPS")
        verbose_name_plural = _("cadangan KPPS")
        ordering = ["tps", "peringkat"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemilihan", "pendaftar"], name="cadangan_kpps_unique_pendaftar"
            ),
            models.UniqueConstraint(fields=["tps", "peringkat"], name="cadangan_kpps_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.tps_id} cadangan {self.peringkat}"


class PelantikanKPPS(models.Model):
    """The inauguration of the KPPS of one desa: when and where."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    desa = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    desa_kode = models.CharField(max_length=10)
    waktu = models.DateTimeField(verbose_name=_("waktu pelantikan"))
    tempat = models.CharField(max_length=200, verbose_name=_("tempat pelantikan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pelantikan KPPS")
        verbose_name_plural = _("pelantikan KPPS")
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "desa"], name="pelantikan_unique_desa")
        ]

    def __str__(self) -> str:
        return f"{self.desa_kode} {self.waktu:%Y-%m-%d}"


class KehadiranPelantikan(models.Model):
    """Whether one member attended the inauguration."""

    pelantikan = models.ForeignKey(
        PelantikanKPPS, on_delete=models.CASCADE, related_name="kehadiran_set"
    )
    anggota = models.OneToOneField(AnggotaKPPS, on_delete=models.PROTECT, related_name="kehadiran")
    hadir = models.BooleanField(verbose_name=_("hadir"))
    keterangan = models.CharField(max_length=200, blank=True, verbose_name=_("keterangan"))

    class Meta:
        ordering = ["pelantikan", "anggota"]

    def __str__(self) -> str:
        return f"{self.anggota_id} {'hadir' if self.hadir else 'tidak hadir'}"


class Penggantian(models.Model):
    """A replacement (PAW) of a KPPS member by a reserve, on a ground of PKPU 8/2022 Pasal 43."""

    ALASAN_CHOICES = [(a.value, a.label) for a in AlasanPAW]

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    desa_kode = models.CharField(max_length=10)
    anggota_lama = models.OneToOneField(
        AnggotaKPPS, on_delete=models.PROTECT, related_name="penggantian_keluar"
    )
    anggota_baru = models.OneToOneField(
        AnggotaKPPS, on_delete=models.PROTECT, related_name="penggantian_masuk"
    )
    alasan = models.CharField(max_length=24, choices=ALASAN_CHOICES)
    keterangan = models.TextField(verbose_name=_("keterangan"))
    tanggal = models.DateField(verbose_name=_("tanggal"))
    bukti = models.FileField(upload_to=_bukti_path, storage=encrypted_storage, max_length=255)
    bukti_content_type = models.CharField(max_length=32)
    bukti_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("penggantian antarwaktu")
        verbose_name_plural = _("penggantian antarwaktu")
        ordering = ["tps", "created_at", "pk"]

    def __str__(self) -> str:
        return f"PAW {self.anggota_lama_id} -> {self.anggota_baru_id}"


class PetugasKetertiban(models.Model):
    """One of the 2 Petugas Ketertiban TPS (domain.md 1.1), set by PPS; NIK protected as for
    applicants (encrypted, keyed digest, masked for display)."""

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        DIGANTI = "diganti", _("Diganti")

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    desa_kode = models.CharField(max_length=10)
    nomor = models.PositiveSmallIntegerField(verbose_name=_("nomor"))
    nama = models.CharField(max_length=150, verbose_name=_("nama"))
    nik_encrypted = models.TextField()
    nik_digest = models.CharField(max_length=64)
    nik_masked = models.CharField(max_length=16, verbose_name=_("NIK"))
    jenis_kelamin = models.CharField(
        max_length=1,
        choices=[(j.value, j.label) for j in JenisKelamin],
        verbose_name=_("jenis kelamin"),
    )
    telepon = models.CharField(max_length=20, blank=True, verbose_name=_("telepon"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.AKTIF)
    ditetapkan_at = models.DateTimeField()
    ditetapkan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("petugas ketertiban TPS")
        verbose_name_plural = _("petugas ketertiban TPS")
        ordering = ["tps", "nomor", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tps", "nomor"],
                condition=models.Q(status="aktif"),
                name="ketertiban_unique_nomor",
            ),
            models.CheckConstraint(
                condition=models.Q(nomor__gte=1, nomor__lte=2), name="ketertiban_nomor_1_2"
            ),
        ]
        indexes = [
            models.Index(
                fields=["pemilihan", "desa_kode"],
                name="ketertiban_desa",
                opclasses=AWALAN_OPCLASSES,
            )
        ]

    def __str__(self) -> str:
        return f"{self.tps_id} ketertiban {self.nomor}"


class PengaturanPenetapan(models.Model):
    """An election's settings for choosing its KPPS: the ranking criteria, in order.

    Without a row the documented default applies (``domain.penetapan.KRITERIA_BAKU``).
    """

    pemilihan = models.OneToOneField(
        Pemilihan, on_delete=models.CASCADE, related_name="+", verbose_name=_("pemilihan")
    )
    # ["pendidikan", "waktu_daftar"]: KriteriaPeringkat values, best-first order.
    kriteria_peringkat = models.JSONField(verbose_name=_("kriteria peringkat"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pengaturan penetapan KPPS")
        verbose_name_plural = _("pengaturan penetapan KPPS")

    def __str__(self) -> str:
        return f"{self.pemilihan_id} {self.kriteria_peringkat}"
