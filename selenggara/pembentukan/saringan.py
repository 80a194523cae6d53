"""What the national screening reads of a stored applicant without decrypting the NIK.

Decrypting a Fernet token costs about 25 µs in CPython, so decrypting the 5.74 million NIKs
of a Pemilu would cost two and a half minutes of CPU before any check ran (docs/performance.md).
Most of the screening needs no plaintext: duplicates are equal keyed digests (``nik_digest``),
party membership a digest lookup, age, domicile, education and the declarations are stored
in clear (docs/adr/0009). Only the NIK's own checks read its digits. Their results are fixed
when the NIK is stored, so intake records them beside the encrypted NIK:

- ``nik_kecamatan_digest``: the keyed digest of the NIK's first 6 digits (the kecamatan of
  issue), so that "not a known kecamatan" is a set lookup against the digests of the known
  codes, and the codes are never stored in clear beside the masked NIK (which shows digits
  1-4 and 13-16; with 5-6 and the birth date the whole NIK would be readable).
- ``nik_identitas_sesuai``: the NIK agrees with the stated birth date and sex (``nik_check``
  with the kecamatan skipped finds nothing).

An applicant whose NIK disagrees, or stored before these columns (both null), takes the
per-applicant path, which decrypts. The digest uses the NIK digest's key, so it lives and
rotates with it.
"""

from __future__ import annotations

from datetime import date

from selenggara.pembentukan.domain.nik import JenisKelamin, nik_check
from selenggara.pembentukan.personal import nik_digest

# A digest of ``kecamatan:330301`` never equals one of a 16-digit NIK.
_KECAMATAN_CONTEXT = "kecamatan:"


def nik_kecamatan_digest(kecamatan: str) -> str:
    """Return the keyed digest of a 6-digit kecamatan code, as stored for a NIK's prefix."""
    return nik_digest(f"{_KECAMATAN_CONTEXT}{kecamatan}")


def nik_fakta(
    *, nik: str, tanggal_lahir: date, jenis_kelamin: JenisKelamin, on: date
) -> dict[str, object]:
    """Return the stored facts of a parsed ``nik`` (field name to value, for ``Pendaftar``)."""
    sesuai = not nik_check(
        nik_raw=nik,
        tanggal_lahir=tanggal_lahir,
        jenis_kelamin=jenis_kelamin,
        kecamatan_exists=None,
        on=on,
    )
    return {
        "nik_kecamatan_digest": nik_kecamatan_digest(nik.strip()[:6]),
        "nik_identitas_sesuai": sesuai,
    }
