"""Builders for the pembentukan tests: an open schedule, applicants, document files."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from selenggara.core.models import AuditLog
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.syarat import JenisDokumen, Pendidikan
from selenggara.pembentukan.domain.tahapan import JenisBadan, Tahapan
from selenggara.pembentukan.models import PERNYATAAN_FIELDS, JadwalTahapan, Pendaftar
from selenggara.pembentukan.pendaftaran.services import PendaftarInput, pendaftar_create_by_pps
from selenggara.pembentukan.tests.domain.builders import nik_of
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import Wilayah

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LAHIR = date(1990, 8, 5)
NIK_BUDI = nik_of(lahir=LAHIR)  # 3303010508900001


def jadwal_open(pemilihan: Pemilihan, *, closed: frozenset[Tahapan] = frozenset()) -> None:
    """Give ``pemilihan`` a KPPS schedule whose intake stages are all open today."""
    today = timezone.localdate()
    JadwalTahapan.objects.filter(pemilihan=pemilihan).delete()
    for tahapan in Tahapan:
        mulai = today - timedelta(days=3)
        selesai = today + timedelta(days=3)
        if tahapan in closed:
            mulai, selesai = today + timedelta(days=10), today + timedelta(days=12)
        JadwalTahapan.objects.create(
            pemilihan=pemilihan,
            badan=JenisBadan.KPPS.value,
            tahapan=tahapan.value,
            mulai=mulai,
            selesai=selesai,
        )


def dokumen_files() -> dict[JenisDokumen, SimpleUploadedFile]:
    """One valid file for every required document."""
    return {
        jenis: SimpleUploadedFile(
            f"{jenis.value}.jpg" if jenis is JenisDokumen.PAS_FOTO else f"{jenis.value}.pdf",
            JPEG if jenis is JenisDokumen.PAS_FOTO else PDF,
        )
        for jenis in JenisDokumen
    }


def data_of(
    *,
    nama: str = "Budi Santoso",
    nik: str = NIK_BUDI,
    lahir: date = LAHIR,
    jenis_kelamin: JenisKelamin = JenisKelamin.L,
    domisili: str = "33.03.01.2001",
    pendidikan: Pendidikan = Pendidikan.SMA,
    tps: TPS | None = None,
    pernyataan: bool = True,
) -> PendaftarInput:
    return PendaftarInput(
        nama=nama,
        nik=nik,
        tanggal_lahir=lahir,
        jenis_kelamin=jenis_kelamin,
        alamat="Jl. Raya Kedungbenda 1",
        domisili_desa_kode=domisili,
        pendidikan=pendidikan,
        telepon="081234567890",
        email="budi@example.com",
        tps_preferensi=tps,
        pernyataan=dict.fromkeys(PERNYATAAN_FIELDS, pernyataan),
    )


def pendaftar_make(
    pemilihan: Pemilihan,
    desa: Wilayah,
    *,
    with_dokumen: bool = True,
    **data: object,
) -> Pendaftar:
    """Create an applicant through the PPS walk-in service (the schedule must be open)."""
    pendaftar, _token = pendaftar_create_by_pps(
        pemilihan=pemilihan,
        desa=desa,
        data=data_of(**data),  # type: ignore[arg-type]
        dokumen=dokumen_files() if with_dokumen else {},
        actor=None,
    )
    return pendaftar


def audit_after(action: str) -> dict[str, Any]:
    """Return the ``after`` of the only audit row of ``action``."""
    after = AuditLog.objects.get(action=action).after
    assert isinstance(after, dict)
    return after


def xlsx_bytes(*, rows: list[list[str]]) -> bytes:
    """An Excel workbook with one sheet of ``rows`` (text cells), written by openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
