"""Pure builders for NIKs and applications (no database)."""

from __future__ import annotations

from datetime import date

from selenggara.pembentukan.domain.nik import JenisKelamin


def nik_of(
    *,
    kecamatan: str = "330301",
    lahir: date = date(1990, 8, 5),
    jenis_kelamin: JenisKelamin = JenisKelamin.L,
    serial: int = 1,
) -> str:
    """Build the NIK a person with these facts would hold."""
    hari = lahir.day + (40 if jenis_kelamin is JenisKelamin.P else 0)
    return f"{kecamatan}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{serial:04d}"
