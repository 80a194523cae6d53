"""NIK, the 16-digit national ID number (UU 23/2006 Pasal 13, as amended by UU 24/2013).

``PP KK CC DD MM YY SSSS``: the kecamatan where the NIK was first issued (Kemendagri code,
Permendagri 137/2017), the day of birth (+40 for women, so 41-71), the month, the last two
digits of the year, and a serial from 0001 (domain.md 7.2).

The NIK never changes when its holder moves, so its prefix is not proof of domicile; it cannot
be changed to fix a wrong birth date either, so a NIK that disagrees with the e-KTP record is a
warning for the officer, not a rejection: the Dukcapil record prevails (domain.md 7.2).

The constants below are shared with the bulk screening (``selenggara.pembentukan.penelitian.screening``)
so that both apply the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from selenggara.core.domain.tanggal import tanggal_id
from selenggara.core.domain.temuan import Temuan, galat, peringatan
from selenggara.core.errors import DomainError
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah

NIK_LENGTH = 16
# Women's day of birth is written +40 (41-71), per Dukcapil (domain.md 7.2).
OFFSET_HARI_PEREMPUAN = 40
# Longest month lengths; 29 February is possible only when YY % 4 == 0, since 19YY and 20YY
# are then both leap years except 1900, which is resolved by ``NIK.tanggal_lahir``.
HARI_MAKS_PER_BULAN = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Centuries tried in order, youngest first (see ``NIK.tanggal_lahir``).
ABAD_KANDIDAT = (2000, 1900)

FIELD_NIK = "nik"
FIELD_TANGGAL_LAHIR = "tanggal_lahir"
FIELD_JENIS_KELAMIN = "jenis_kelamin"


class JenisKelamin(StrEnum):
    L = "L"
    P = "P"

    @property
    def label(self) -> str:
        return "laki-laki" if self is JenisKelamin.L else "perempuan"


class MasalahNIK(StrEnum):
    """Why a NIK cannot be parsed; used as the finding code."""

    FORMAT = "nik_format"
    WILAYAH = "nik_wilayah_tidak_sah"
    TANGGAL = "nik_tanggal_tidak_mungkin"
    NOMOR_URUT = "nik_nomor_urut_tidak_sah"


class InvalidNIK(DomainError):
    """A NIK is malformed; ``params['masalah']`` is the MasalahNIK."""

    code = "invalid_nik"


def _normalise(raw: object) -> str:
    if isinstance(raw, bool):
        return ""
    if isinstance(raw, int):
        return str(raw)
    return raw.strip() if isinstance(raw, str) else ""


def _refuse(masalah: MasalahNIK, message: str, **params: str | int) -> InvalidNIK:
    """The error; ``params`` are what the interface needs to word ``masalah`` itself."""
    return InvalidNIK(message, masalah=masalah, field=FIELD_NIK, **params)


def _format_message(digits: str) -> str:
    if not digits:
        return f"NIK wajib diisi dengan {NIK_LENGTH} angka."
    if not (digits.isascii() and digits.isdigit()):
        return f"NIK hanya boleh berisi angka ({NIK_LENGTH} angka), tanpa huruf atau tanda baca."
    return f"NIK harus terdiri dari {NIK_LENGTH} angka; yang diisi {len(digits)} angka."


def _format_varian(digits: str) -> str:
    """Which of the three format messages applies: the interface words each in its language."""
    if not digits:
        return "kosong"
    if not (digits.isascii() and digits.isdigit()):
        return "bukan_angka"
    return "panjang"


def _date_problem(hari_kode: int, bulan: int, yy: int) -> str | None:
    hari = hari_kode - OFFSET_HARI_PEREMPUAN if hari_kode > OFFSET_HARI_PEREMPUAN else hari_kode
    if not 1 <= hari <= 31:
        return f"hari {hari_kode:02d} (laki-laki 01-31, perempuan 41-71)"
    if not 1 <= bulan <= 12:
        return f"bulan {bulan:02d}"
    if hari > HARI_MAKS_PER_BULAN[bulan - 1] or (bulan == 2 and hari == 29 and yy % 4 != 0):
        return f"tanggal {hari} bulan {bulan} tahun {yy:02d} tidak ada"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class NIK:
    """A structurally valid NIK, held as its 16 digits."""

    value: str

    @classmethod
    def parse(cls, raw: object) -> NIK:
        """Parse a NIK given as 16 digits (surrounding spaces ignored).

        Raises InvalidNIK, with ``params['masalah']`` a MasalahNIK and an Indonesian message
        naming the NIK field, when it is not 16 digits, when the region prefix is not a possible
        kecamatan code, when the day/month cannot exist (day 00, 32-40, 72+, month 13, 31
        February, 29 February of a year not divisible by 4) or when the serial is 0000.
        """
        digits = _normalise(raw)
        if len(digits) != NIK_LENGTH or not digits.isascii() or not digits.isdigit():
            raise _refuse(
                MasalahNIK.FORMAT,
                _format_message(digits),
                varian=_format_varian(digits),
                panjang=len(digits),
            )
        try:
            KodeWilayah.parse(digits[:6])
        except InvalidKodeWilayah:
            raise _refuse(
                MasalahNIK.WILAYAH,
                f"Kode wilayah pada NIK (6 angka pertama, {digits[:6]}) bukan kode kecamatan "
                "yang mungkin.",
                kode=digits[:6],
            ) from None
        problem = _date_problem(int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
        if problem:
            raise _refuse(
                MasalahNIK.TANGGAL,
                f"Tanggal lahir pada NIK (angka ke-7 sampai ke-12, {digits[6:12]}) tidak "
                f"mungkin: {problem}.",
                kode=digits[6:12],
            )
        if digits[12:] == "0000":
            raise _refuse(
                MasalahNIK.NOMOR_URUT,
                "Nomor urut pada NIK (4 angka terakhir) dimulai dari 0001, bukan 0000.",
            )
        return cls(value=digits)

    @property
    def kecamatan(self) -> KodeWilayah:
        """The kecamatan where the NIK was first issued (not the domicile)."""
        return KodeWilayah.parse(self.value[:6])

    @property
    def jenis_kelamin(self) -> JenisKelamin:
        return JenisKelamin.P if int(self.value[6:8]) > OFFSET_HARI_PEREMPUAN else JenisKelamin.L

    @property
    def hari(self) -> int:
        """The day of birth, with the +40 for women removed."""
        hari_kode = int(self.value[6:8])
        return hari_kode - OFFSET_HARI_PEREMPUAN if hari_kode > OFFSET_HARI_PEREMPUAN else hari_kode

    @property
    def bulan(self) -> int:
        return int(self.value[8:10])

    @property
    def yy(self) -> int:
        """The last two digits of the birth year."""
        return int(self.value[10:12])

    @property
    def serial(self) -> int:
        return int(self.value[12:])

    def tanggal_lahir(self, *, on: date) -> date:
        """Return the birth date, choosing the century: the youngest date not after ``on``.

        ⚠ The NIK holds only two digits of the year (domain.md 7.2 calls the century
        ambiguous and suggests resolving it with the age >= 17 rule). We deliberately take the
        youngest plausible date instead: resolving towards "at least 17" would turn a 15-year
        old applicant into a 115-year-old and hide exactly the case the age check must catch.
        The cost is that someone aged 100 or more reads as a child; the age check uses the
        stated birth date from the e-KTP, so this affects only the NIK consistency message.

        Raises InvalidNIK (``MasalahNIK.TANGGAL``) when no century gives a real date on or
        before ``on`` (e.g. 29 February 00 before the year 2000).
        """
        for abad in ABAD_KANDIDAT:
            tahun = abad + self.yy
            if self.bulan == 2 and self.hari == 29 and not _kabisat(tahun):
                continue
            kandidat = date(tahun, self.bulan, self.hari)
            if kandidat <= on:
                return kandidat
        raise _refuse(
            MasalahNIK.TANGGAL,
            f"Tanggal lahir pada NIK ({self.value[6:12]}) tidak mungkin pada {tanggal_id(on)}.",
            kode=self.value[6:12],
        )

    def tanggal_sesuai(self, tanggal_lahir: date) -> bool:
        """Return True if ``tanggal_lahir`` has this NIK's day, month and two-digit year."""
        return (tanggal_lahir.day, tanggal_lahir.month, tanggal_lahir.year % 100) == (
            self.hari,
            self.bulan,
            self.yy,
        )

    def __str__(self) -> str:
        return self.value


def _kabisat(tahun: int) -> bool:
    return tahun % 4 == 0 and (tahun % 100 != 0 or tahun % 400 == 0)


def mask_nik(nik: object) -> str:
    """Return the NIK for display with only its first 4 and last 4 characters visible.

    ``3303014508680002`` becomes ``3303********0002``. Anything shorter than 12 characters is
    masked entirely, so the middle digits (birth date and kecamatan) are never shown.
    """
    text = str(nik).strip() if nik is not None else ""
    if len(text) < 12:
        return "*" * len(text)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


def nik_check(
    *,
    nik_raw: object,
    tanggal_lahir: date | None,
    jenis_kelamin: JenisKelamin | None,
    kecamatan_exists: Callable[[str], bool] | None,
    on: date,
) -> list[Temuan[str]]:
    """Return the findings on a NIK and its consistency with the stated identity.

    GALAT: malformed (see ``NIK.parse``; the code is the MasalahNIK). PERINGATAN: the region
    prefix is not a kecamatan known to ``kecamatan_exists`` (called with the 6-digit code;
    None skips the check), or the NIK's date or sex differs from the stated ones. These are
    warnings because a NIK keeps the prefix of a kecamatan later re-coded (e.g. the Papua
    provinces of 2022) and cannot be changed to fix a wrong date: the e-KTP record prevails
    (domain.md 7.2).
    """
    try:
        nik = NIK.parse(nik_raw)
        tanggal_nik = nik.tanggal_lahir(on=on)
    except InvalidNIK as exc:
        params = {
            k: v
            for k, v in exc.params.items()
            if k in {"kode", "panjang", "varian"} and isinstance(v, str | int)
        }
        return [galat(str(exc.params["masalah"]), FIELD_NIK, params=params)]
    temuan: list[Temuan[str]] = []
    kecamatan = nik.value[:6]
    if kecamatan_exists is not None and not kecamatan_exists(kecamatan):
        temuan.append(
            peringatan("nik_wilayah_tidak_dikenal", FIELD_NIK, params={"kode": kecamatan})
        )
    if tanggal_lahir is not None and not nik.tanggal_sesuai(tanggal_lahir):
        temuan.append(
            peringatan(
                "nik_tanggal_lahir_beda",
                FIELD_TANGGAL_LAHIR,
                params={
                    "tanggal": tanggal_lahir.isoformat(),
                    "tanggal_nik": tanggal_nik.isoformat(),
                },
            )
        )
    if jenis_kelamin is not None and nik.jenis_kelamin is not jenis_kelamin:
        temuan.append(
            peringatan(
                "nik_jenis_kelamin_beda",
                FIELD_JENIS_KELAMIN,
                params={
                    "jenis_kelamin": jenis_kelamin.value,
                    "jenis_kelamin_nik": nik.jenis_kelamin.value,
                },
            )
        )
    return temuan
