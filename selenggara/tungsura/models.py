"""Voting and counting at the TPS: the C.Hasil with its versions, photos, incidents, ballot boxes.

A C.Hasil (one TPS, one contest) is a header; what the paper says lives in immutable versions.
The first version is the submission; each correction is a new version with its reason and
author, and the header points at the current one. Nothing is updated in place except the
confirmation of flagged fields on a version, which is itself audited. Sections I-III and V of a
version are columns; section IV, whose keys depend on the dapil, is one JSON object on it.
"""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.core.storage import private_storage
from selenggara.pemilihan.models import TPS, Dapil, Kontestasi
from selenggara.tungsura.domain.kejadian import JenisCatatan, Kategori, Pengaju
from selenggara.tungsura.domain.lembar import ADMINISTRASI
from selenggara.tungsura.domain.pemeriksaan import (
    Kode,
    Status,
    Temuan,
    kunci_belum_dikonfirmasi,
    kunci_ditandai,
)


class CHasil(models.Model):
    """The Form C.Hasil of one TPS for one contest."""

    tps = models.ForeignKey(TPS, on_delete=models.CASCADE, related_name="c_hasil_set")
    kontestasi = models.ForeignKey(Kontestasi, on_delete=models.CASCADE, related_name="+")
    dapil = models.ForeignKey(Dapil, on_delete=models.PROTECT, related_name="+")
    versi_terkini = models.ForeignKey(
        "CHasilVersi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("C.Hasil")
        verbose_name_plural = _("C.Hasil")
        constraints = [
            models.UniqueConstraint(fields=["tps", "kontestasi"], name="c_hasil_unique_per_tps"),
        ]

    def __str__(self) -> str:
        return f"C.Hasil {self.kontestasi_id} {self.tps_id}"


class Sumber(models.TextChoices):
    PONSEL_KPPS = "ponsel_kpps", _("Ponsel KPPS")
    ENTRI_KERTAS = "entri_kertas", _("Entri dari kertas (PPS/PPK)")
    API = "api", _("Aplikasi (API)")
    DEMO = "demo", _("Data demo")
    # A correction decided in a recap plenary (rekap), and numbers read from a page photo
    # (pindai) that passed the reader's proof or a person's review.
    PLENO = "pleno", _("Rapat pleno rekapitulasi")
    PINDAI = "pindai", _("Dibaca dari foto (pindai)")


class CHasilVersi(models.Model):
    """What one C.Hasil says, as submitted (nomor 1) or corrected (nomor > 1). Immutable."""

    c_hasil = models.ForeignKey(CHasil, on_delete=models.CASCADE, related_name="versi_set")
    nomor = models.PositiveSmallIntegerField()
    sumber = models.CharField(max_length=16, choices=Sumber.choices)
    alasan = models.TextField(blank=True)  # required for corrections (nomor > 1)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField()

    # Sections I-III and V (see domain/lembar.py); section IV is ``suara`` below.
    dpt_l = models.PositiveIntegerField()
    dpt_p = models.PositiveIntegerField()
    dpt_j = models.PositiveIntegerField()
    pengguna_dpt_l = models.PositiveIntegerField()
    pengguna_dpt_p = models.PositiveIntegerField()
    pengguna_dpt_j = models.PositiveIntegerField()
    pengguna_dptb_l = models.PositiveIntegerField()
    pengguna_dptb_p = models.PositiveIntegerField()
    pengguna_dptb_j = models.PositiveIntegerField()
    pengguna_dpk_l = models.PositiveIntegerField()
    pengguna_dpk_p = models.PositiveIntegerField()
    pengguna_dpk_j = models.PositiveIntegerField()
    pengguna_total_l = models.PositiveIntegerField()
    pengguna_total_p = models.PositiveIntegerField()
    pengguna_total_j = models.PositiveIntegerField()
    surat_suara_diterima = models.PositiveIntegerField()
    surat_suara_digunakan = models.PositiveIntegerField()
    surat_suara_rusak = models.PositiveIntegerField()
    surat_suara_sisa = models.PositiveIntegerField()
    disabilitas_l = models.PositiveIntegerField()
    disabilitas_p = models.PositiveIntegerField()
    disabilitas_j = models.PositiveIntegerField()
    suara_sah = models.PositiveIntegerField()
    suara_tidak_sah = models.PositiveIntegerField()
    suara_total = models.PositiveIntegerField()
    # Section IV: {kunci: number} for exactly the keys of the dapil's layout
    # (``SusunanSuara.kunci_suara()``), each a whole number >= 0, written in the version's own
    # INSERT. Built only by ``domain.lembar.suara_bagian_iv``, which refuses anything else; no
    # database constraint, since the keys depend on the dapil and a check over every value of
    # a JSON object cannot be written the same way for SQLite and PostgreSQL. PostgreSQL's
    # jsonb does not keep key order: read the order from the layout, never from this object.
    suara = models.JSONField(default=dict)
    # The fingerprint of the ballot layout the sheet was checked against (SusunanSuara.sidik):
    # while it is still a layout of the contest, every key of ``suara`` is on a current ballot.
    # Null for versions written before it was recorded.
    susunan_sidik = models.BigIntegerField(null=True, blank=True)

    temuan = models.JSONField(default=list)  # [Temuan.as_dict(), ...]
    status = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Status])
    konfirmasi = models.JSONField(default=list)  # flagged keys the submitter confirmed
    dikonfirmasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dikonfirmasi_pada = models.DateTimeField(null=True, blank=True)

    teks_kanonik = models.TextField()
    digest = models.CharField(max_length=64, db_index=True)
    # A client's key for this submission: a retry on a bad network returns this version.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("versi C.Hasil")
        verbose_name_plural = _("versi C.Hasil")
        ordering = ["c_hasil", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["c_hasil", "nomor"], name="c_hasil_versi_unique"),
            models.CheckConstraint(
                condition=models.Q(nomor=1) | ~models.Q(alasan=""),
                name="c_hasil_koreksi_has_alasan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.c_hasil} v{self.nomor}"

    @property
    def administrasi(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in ADMINISTRASI}

    def temuan_domain(self) -> list[Temuan]:
        """The stored findings (``Temuan.as_dict()``) as domain values."""
        return [
            Temuan(
                kode=Kode(str(t["kode"])),
                kunci=tuple(str(k) for k in t["kunci"]),
                diharapkan=int(t["diharapkan"]),
                tertulis=int(t["tertulis"]),
            )
            for t in self.temuan
        ]

    @property
    def kunci_ditandai(self) -> list[str]:
        """Every flagged field, once, in order of first appearance."""
        return kunci_ditandai(self.temuan_domain())

    @property
    def kunci_belum_dikonfirmasi(self) -> list[str]:
        """Flagged fields the submitter has not yet confirmed against the paper."""
        return kunci_belum_dikonfirmasi(self.temuan_domain(), self.konfirmasi)


def _foto_path(instance: CHasilFoto, filename: str) -> str:
    ext = Path(filename).suffix.lower()
    return f"c_hasil/{instance.c_hasil.tps.kode}/{uuid4().hex}{ext}"


class CHasilFoto(models.Model):
    """A photo of one page of the paper C.Hasil ("Halaman 2 dari 3"). The paper is the record;
    the photo is its evidence. A re-photographed page adds a photo, the newest is shown."""

    c_hasil = models.ForeignKey(CHasil, on_delete=models.CASCADE, related_name="foto_set")
    halaman = models.PositiveSmallIntegerField()
    dari = models.PositiveSmallIntegerField()
    berkas = models.FileField(upload_to=_foto_path, storage=private_storage, max_length=255)
    content_type = models.CharField(max_length=40)
    ukuran = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField()

    class Meta:
        ordering = ["c_hasil", "halaman", "-diunggah_pada"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(halaman__gte=1) & models.Q(halaman__lte=models.F("dari")),
                name="c_hasil_foto_halaman_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.c_hasil} hal {self.halaman}/{self.dari}"


class CHasilFotoUnggahan(models.Model):
    """A page photo arriving in parts from a phone on a weak signal (issue 14): resumable.

    One per TPS, contest, page and content (SHA-256): the phone declares the size and digest
    first, then sends the bytes in parts at increasing offsets, so a dropped connection resumes
    at ``diterima`` instead of from zero. The parts are rows (``CHasilFotoUnggahanBagian``)
    written in the same transaction as ``diterima``, so the offset the server reports is always
    exactly the bytes it holds (a file appended outside the transaction could run ahead of it).
    On the last part the digest is checked and the photo stored through ``c_hasil_foto_store``
    (one photo per page and SHA-256); the parts are then deleted and ``foto`` set.
    """

    id = models.UUIDField(primary_key=True, default=uuid4, editable=False)
    tps = models.ForeignKey(TPS, on_delete=models.CASCADE, related_name="+")
    kontestasi = models.ForeignKey(Kontestasi, on_delete=models.CASCADE, related_name="+")
    halaman = models.PositiveSmallIntegerField()
    dari = models.PositiveSmallIntegerField()
    ukuran = models.PositiveIntegerField()  # declared by the phone, in bytes
    sha256 = models.CharField(max_length=64)  # declared by the phone, lowercase hex
    diterima = models.PositiveIntegerField(default=0)  # bytes held: the next part's offset
    foto = models.ForeignKey(
        CHasilFoto, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField()
    diperbarui_pada = models.DateTimeField()
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tps", "kontestasi", "halaman", "dari", "sha256"],
                name="c_hasil_foto_unggahan_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(diterima__lte=models.F("ukuran")),
                name="c_hasil_foto_unggahan_diterima_range",
            ),
            models.CheckConstraint(
                condition=models.Q(halaman__gte=1) & models.Q(halaman__lte=models.F("dari")),
                name="c_hasil_foto_unggahan_halaman_range",
            ),
        ]

    def __str__(self) -> str:
        return f"unggahan {self.tps_id} {self.kontestasi_id} hal {self.halaman}/{self.dari}"


class CHasilFotoUnggahanBagian(models.Model):
    """The bytes of one part of an upload, at its offset; deleted once the photo is stored."""

    unggahan = models.ForeignKey(
        CHasilFotoUnggahan, on_delete=models.CASCADE, related_name="bagian_set"
    )
    offset = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unggahan", "offset"], name="c_hasil_foto_unggahan_bagian_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unggahan_id} @{self.offset}"


class KejadianKhusus(models.Model):
    """A special incident or objection at a TPS, for one contest or (kontestasi None) all."""

    tps = models.ForeignKey(TPS, on_delete=models.CASCADE, related_name="kejadian_set")
    kontestasi = models.ForeignKey(
        Kontestasi, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    jenis = models.CharField(max_length=20, choices=[(j.value, j.value) for j in JenisCatatan])
    kategori = models.CharField(max_length=20, choices=[(k.value, k.value) for k in Kategori])
    uraian = models.TextField()
    pengaju = models.CharField(max_length=20, choices=[(p.value, p.value) for p in Pengaju])
    # The name the raiser gave (a witness of pair 02, the Pengawas TPS...); not personal data
    # beyond a name, shown only within the TPS's scope.
    nama_pengaju = models.CharField(max_length=200, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    dicatat_pada = models.DateTimeField()
    # The key the phone made once for this record (offline queue): a retry returns this one.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["tps", "-dicatat_pada"]

    def __str__(self) -> str:
        return f"{self.jenis} {self.tps_id}"


def _kejadian_foto_path(instance: KejadianKhususFoto, filename: str) -> str:
    ext = Path(filename).suffix.lower()
    return f"kejadian/{instance.kejadian.tps.kode}/{uuid4().hex}{ext}"


class KejadianKhususFoto(models.Model):
    kejadian = models.ForeignKey(KejadianKhusus, on_delete=models.CASCADE, related_name="foto_set")
    berkas = models.FileField(
        upload_to=_kejadian_foto_path, storage=private_storage, max_length=255
    )
    content_type = models.CharField(max_length=40)
    ukuran = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    diunggah_pada = models.DateTimeField()

    def __str__(self) -> str:
        return f"foto {self.kejadian_id}"


class KotakSuara(models.Model):
    """The sealed ballot box of one contest as the KPPS received it: seal, condition, count."""

    class Kondisi(models.TextChoices):
        UTUH = "utuh", _("Segel utuh")
        RUSAK = "rusak", _("Segel rusak/terbuka")

    tps = models.ForeignKey(TPS, on_delete=models.CASCADE, related_name="kotak_suara_set")
    kontestasi = models.ForeignKey(Kontestasi, on_delete=models.CASCADE, related_name="+")
    nomor_segel = models.CharField(max_length=64)
    kondisi_segel = models.CharField(max_length=8, choices=Kondisi.choices)
    surat_suara_diterima = models.PositiveIntegerField()
    diterima_pada = models.DateTimeField()
    catatan = models.TextField(blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tps", "kontestasi"], name="kotak_suara_unique"),
        ]

    def __str__(self) -> str:
        return f"kotak {self.kontestasi_id} {self.tps_id}"
