"""Builders for the appointment tests: eligible applicants straight into the table, fast.

Applicants are created directly (not through registration) so a test can build a desa with
a dozen eligible people in milliseconds; registration and screening have their own tests.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from selenggara.pembentukan.domain.nik import mask_nik
from selenggara.pembentukan.domain.syarat import Pendidikan
from selenggara.pembentukan.models import Pendaftar
from selenggara.pembentukan.personal import nik_digest, nik_encrypt, token_digest
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_seq = count(1)
T0 = datetime(2023, 12, 11, 8, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


def nik_for(n: int, *, perempuan: bool = False, lahir: date = date(1990, 8, 5)) -> str:
    """A well-formed NIK of Kecamatan Kemangkon (330301) with a serial ``n``."""
    hari = lahir.day + (40 if perempuan else 0)
    return f"330301{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{n % 9999 + 1:04d}"


def calon_make(
    pemilihan: Pemilihan,
    desa: Wilayah,
    *,
    nama: str | None = None,
    tps: TPS | None = None,
    perempuan: bool = False,
    lahir: date = date(1990, 8, 5),
    pendidikan: Pendidikan = Pendidikan.SMA,
    status: str = Pendaftar.Status.MEMENUHI_SYARAT,
    menit: int | None = None,
) -> Pendaftar:
    """Create one applicant of ``desa``; ``menit`` orders registration (earlier ranks first)."""
    n = next(_seq)
    nik = nik_for(n, perempuan=perempuan, lahir=lahir)
    pendaftar = Pendaftar.objects.create(
        pemilihan=pemilihan,
        desa=desa,
        desa_kode=KodeWilayah(desa.kode).digits,
        tps_preferensi=tps,
        nomor_pendaftaran=f"UJI-{n:05d}",
        token_digest=token_digest(f"token-{n}"),
        nama=nama or f"Calon {n:03d}",
        nik_encrypted=nik_encrypt(nik),
        nik_digest=nik_digest(nik),
        nik_masked=mask_nik(nik),
        tanggal_lahir=lahir,
        jenis_kelamin="P" if perempuan else "L",
        alamat="Jl. Uji",
        domisili_desa_kode=desa.kode,
        pendidikan=pendidikan.value,
        sumber=Pendaftar.Sumber.PPS,
        status=status,
    )
    Pendaftar.objects.filter(pk=pendaftar.pk).update(
        created_at=T0 + timedelta(minutes=menit if menit is not None else n)
    )
    pendaftar.refresh_from_db()
    return pendaftar


def calon_many(
    pemilihan: Pemilihan, desa: Wilayah, jumlah: int, *, perempuan_setiap: int = 2, **kwargs: object
) -> list[Pendaftar]:
    """Create ``jumlah`` eligible applicants, every ``perempuan_setiap``-th a woman, in order."""
    return [
        calon_make(
            pemilihan,
            desa,
            nama=f"Calon {desa.nama} {i:02d}",
            perempuan=i % perempuan_setiap == 0,
            menit=i,
            **kwargs,  # type: ignore[arg-type]
        )
        for i in range(1, jumlah + 1)
    ]


def bukti_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("surat-keterangan.pdf", PDF, content_type="application/pdf")
