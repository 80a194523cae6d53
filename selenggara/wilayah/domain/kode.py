"""Kemendagri region codes (Permendagri 137/2017 Pasal 4; Kepmendagri 300.2.2-2138/2025).

Provinsi ``PP`` (2 digits), kab/kota ``PP.KK`` (kabupaten 01-69, kota 71-99), kecamatan
``PP.KK.CC``, desa/kelurahan ``PP.KK.CC.DDDD`` whose first digit is 1 for a kelurahan, 2 for a
desa and 3 for a desa adat. KPU writes the same codes without dots, and a TPS as the 10-digit
desa code followed by its 3-digit number (``3303012001001``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from selenggara.core.errors import DomainError

_DOTTED_RE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")
_DIGITS_RE = re.compile(r"^(?:\d{2}|\d{4}|\d{6}|\d{10})$")
_SEGMENT_WIDTHS = (2, 2, 2, 4)


class InvalidKodeWilayah(DomainError):
    code = "invalid_kode_wilayah"


class Tingkat(IntEnum):
    """Level in the region tree."""

    PROVINSI = 1
    KABKOTA = 2
    KECAMATAN = 3
    DESA = 4


class JenisKabKota(StrEnum):
    KABUPATEN = "kabupaten"
    KOTA = "kota"


class JenisDesa(StrEnum):
    KELURAHAN = "kelurahan"
    DESA = "desa"
    DESA_ADAT = "desa_adat"


def _split_digits(digits: str) -> tuple[str, ...]:
    segments: list[str] = []
    start = 0
    for width in _SEGMENT_WIDTHS:
        if start >= len(digits):
            break
        segments.append(digits[start : start + width])
        start += width
    return tuple(segments)


@dataclass(frozen=True, slots=True, order=True)
class KodeWilayah:
    """A Kemendagri region code, held in its dotted form (``33.03.01.2001``)."""

    value: str

    @classmethod
    def parse(cls, raw: object) -> KodeWilayah:
        """Parse a dotted (``33.03.01.2001``) or undotted (``3303012001``) code.

        Raises InvalidKodeWilayah naming the input when it is neither, or when a segment is
        impossible (provinsi 00, kab/kota 00, kab/kota 70, kecamatan 00, desa 0000 or
        starting with a digit other than 1, 2 or 3).
        """
        cleaned = raw.strip() if isinstance(raw, str) else ""
        if _DOTTED_RE.fullmatch(cleaned):
            segments = tuple(cleaned.split("."))
        elif _DIGITS_RE.fullmatch(cleaned):
            segments = _split_digits(cleaned)
        else:
            raise InvalidKodeWilayah(
                f"Kode wilayah tidak sah: {raw!r}. Gunakan 2, 4, 6 atau 10 angka, "
                "dengan atau tanpa titik (mis. 33.03.01.2001).",
                kode=raw,
            )
        _check_segments(raw, segments)
        return cls(".".join(segments))

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.value.split("."))

    @property
    def digits(self) -> str:
        """The undotted form KPU uses (``3303012001``)."""
        return self.value.replace(".", "")

    @property
    def tingkat(self) -> Tingkat:
        return Tingkat(len(self.segments))

    @property
    def parent(self) -> KodeWilayah | None:
        """The enclosing region, or None for a provinsi."""
        if len(self.segments) == 1:
            return None
        return KodeWilayah(".".join(self.segments[:-1]))

    @property
    def ancestors(self) -> tuple[KodeWilayah, ...]:
        """Every enclosing region, provinsi first, excluding this one."""
        segs = self.segments
        return tuple(KodeWilayah(".".join(segs[:i])) for i in range(1, len(segs)))

    def contains(self, other: KodeWilayah) -> bool:
        """Return True if ``other`` is this region or lies inside it."""
        return other.segments[: len(self.segments)] == self.segments

    @property
    def jenis_kabkota(self) -> JenisKabKota | None:
        """Kabupaten (01-69) or kota (71-99); None above the kab/kota level."""
        if len(self.segments) < 2:
            return None
        return JenisKabKota.KOTA if int(self.segments[1]) >= 71 else JenisKabKota.KABUPATEN

    @property
    def jenis_desa(self) -> JenisDesa | None:
        """Kelurahan (1xxx), desa (2xxx) or desa adat (3xxx); None above the desa level."""
        if len(self.segments) < 4:
            return None
        return {"1": JenisDesa.KELURAHAN, "2": JenisDesa.DESA, "3": JenisDesa.DESA_ADAT}[
            self.segments[3][0]
        ]

    def __str__(self) -> str:
        return self.value


def _check_segments(raw: object, segments: tuple[str, ...]) -> None:
    problem = None
    if segments[0] == "00":
        problem = "kode provinsi 00 tidak ada"
    elif len(segments) > 1 and (segments[1] == "00" or segments[1] == "70"):
        problem = f"kode kabupaten/kota {segments[1]} tidak ada (kabupaten 01-69, kota 71-99)"
    elif len(segments) > 2 and segments[2] == "00":
        problem = "kode kecamatan 00 tidak ada"
    elif len(segments) > 3 and (segments[3][0] not in "123" or segments[3][1:] == "000"):
        problem = (
            f"kode desa/kelurahan {segments[3]} tidak sah "
            "(1xxx kelurahan, 2xxx desa, 3xxx desa adat)"
        )
    if problem:
        raise InvalidKodeWilayah(f"Kode wilayah tidak sah: {raw!r}: {problem}.", kode=raw)


@dataclass(frozen=True, slots=True, order=True)
class KodeTPS:
    """KPU's 13-digit TPS code: the undotted desa code and the TPS number (``3303012001001``)."""

    desa: KodeWilayah
    nomor: int

    @classmethod
    def parse(cls, raw: object) -> KodeTPS:
        """Parse ``3303012001001`` or ``33.03.01.2001.001``; TPS numbers run 1-999.

        Raises InvalidKodeWilayah when the desa part or the number is impossible.
        """
        cleaned = raw.strip().replace(".", "") if isinstance(raw, str) else ""
        if not re.fullmatch(r"\d{13}", cleaned):
            raise InvalidKodeWilayah(
                f"Kode TPS tidak sah: {raw!r}. Kode TPS terdiri dari 13 angka: "
                "10 angka kode desa dan 3 angka nomor TPS.",
                kode=raw,
            )
        return cls.of(KodeWilayah.parse(cleaned[:10]), int(cleaned[10:]))

    @classmethod
    def of(cls, desa: KodeWilayah, nomor: int) -> KodeTPS:
        """Build the code of TPS ``nomor`` in ``desa``."""
        if desa.tingkat is not Tingkat.DESA:
            raise InvalidKodeWilayah(
                f"TPS harus berada di desa/kelurahan, bukan {desa}.", kode=str(desa)
            )
        if not 1 <= nomor <= 999:
            raise InvalidKodeWilayah(f"Nomor TPS harus 1-999, bukan {nomor}.", kode=str(desa))
        return cls(desa, nomor)

    @property
    def value(self) -> str:
        return f"{self.desa.digits}{self.nomor:03d}"

    @property
    def is_khusus(self) -> bool:
        """Special TPS (prisons, hospitals, dormitories) are numbered from 901."""
        return self.nomor >= 901

    def __str__(self) -> str:
        return self.value
