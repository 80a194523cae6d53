"""Rules for one row of a TPS list, and the synthetic DPT used for demos and benchmarks.

Pure functions: each row check returns the parsed row or every problem it has, with the
Indonesian message naming the field and the value, so that an operator can fix the file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from selenggara.core.errors import RowError
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeTPS, KodeWilayah, Tingkat

NOMOR_MIN = 1
NOMOR_MAX = 999  # KPU numbers TPS with 3 digits; special TPS from 901
ALAMAT_MAX_LENGTH = 255
# A count larger than this is a typo (or an Excel serial date), not a number of voters.
COUNT_MAX_DIGITS = 7

# Pemilu 2024: 204,807,222 voters in 820,161 TPS, about 250 per TPS (KPU DPT, 2 July 2023).
DPT_RATA_RATA_2024 = 250


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSRowInput:
    """One row of a TPS file as text, with its row number in the file."""

    row: int
    kode_desa: str | None
    nomor: str | None
    alamat: str | None = None
    dpt_laki: str | None
    dpt_perempuan: str | None
    dpt: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSRowValues:
    """A TPS row that passed every per-row rule."""

    row: int
    kode: KodeTPS
    alamat: str
    dpt_laki: int
    dpt_perempuan: int

    @property
    def dpt(self) -> int:
        return self.dpt_laki + self.dpt_perempuan


def count_parse(raw: str | None, *, label: str) -> int | str:
    """Return ``raw`` as a non-negative whole number, or the Indonesian reason it is not one."""
    text = (raw or "").strip()
    if not text:
        return f"{label} kosong; isi dengan angka (0 jika tidak ada)."
    if text.startswith("-") and text[1:].isdigit():
        return f"{label} tidak boleh negatif: {text}."
    if not (text.isascii() and text.isdigit()):
        return f"{label} harus bilangan bulat, bukan {text!r}."
    if len(text.lstrip("0")) > COUNT_MAX_DIGITS:
        return f"{label} terlalu besar: {text}."
    return int(text)


def _desa_parse(raw: str | None) -> KodeWilayah | str:
    text = (raw or "").strip()
    if not text:
        return "Kode desa kosong."
    try:
        kode = KodeWilayah.parse(text)
    except InvalidKodeWilayah as exc:
        return exc.message
    if kode.tingkat is not Tingkat.DESA:
        return f"Kode {kode} bukan kode desa/kelurahan (mis. 33.03.01.2001)."
    return kode


def _nomor_parse(raw: str | None) -> int | str:
    nomor = count_parse(raw, label="Nomor TPS")
    if isinstance(nomor, int) and not NOMOR_MIN <= nomor <= NOMOR_MAX:
        return f"Nomor TPS harus {NOMOR_MIN}-{NOMOR_MAX}, bukan {nomor}."
    return nomor


def _dpt_errors(
    row: int, laki: int, perempuan: int, raw_dpt: str | None, batas_pemilih: int
) -> list[RowError]:
    errors: list[RowError] = []
    total = laki + perempuan
    if raw_dpt is not None and raw_dpt.strip():
        dpt = count_parse(raw_dpt, label="DPT jumlah")
        if isinstance(dpt, str):
            errors.append(RowError(row=row, field="dpt", message=dpt))
        elif dpt != total:
            message = (
                f"DPT jumlah {dpt} tidak sama dengan laki-laki {laki} + perempuan {perempuan}"
                f" = {total}."
            )
            errors.append(RowError(row=row, field="dpt", message=message))
    if total > batas_pemilih:
        message = (
            f"DPT {total} (laki-laki {laki} + perempuan {perempuan}) melebihi batas "
            f"{batas_pemilih} pemilih per TPS untuk pemilihan ini."
        )
        errors.append(RowError(row=row, field="dpt", message=message))
    return errors


def tps_row_check(item: TPSRowInput, *, batas_pemilih: int) -> TPSRowValues | list[RowError]:
    """Check one TPS row; return its values, or every problem found in it.

    The number of voters per TPS may not exceed the election's cap (``batas_pemilih``: 300 in
    Pemilu 2024, 600 in Pilkada 2024, set by KPU for each election under UU 7/2017 Pasal 350).
    Whether the desa exists and whether a code repeats are checked over the whole file.
    """
    desa = _desa_parse(item.kode_desa)
    nomor = _nomor_parse(item.nomor)
    laki = count_parse(item.dpt_laki, label="DPT laki-laki")
    perempuan = count_parse(item.dpt_perempuan, label="DPT perempuan")
    fields = {"kode_desa": desa, "nomor": nomor, "dpt_laki": laki, "dpt_perempuan": perempuan}
    errors = [
        RowError(row=item.row, field=field, message=value)
        for field, value in fields.items()
        if isinstance(value, str)
    ]
    alamat = (item.alamat or "").strip()
    if len(alamat) > ALAMAT_MAX_LENGTH:
        message = f"Alamat lebih dari {ALAMAT_MAX_LENGTH} karakter."
        errors.append(RowError(row=item.row, field="alamat", message=message))
    if isinstance(laki, int) and isinstance(perempuan, int):
        errors.extend(_dpt_errors(item.row, laki, perempuan, item.dpt, batas_pemilih))
    # Any str is an error message already in ``errors``; the checks narrow the types.
    if (
        errors
        or isinstance(desa, str)
        or isinstance(nomor, str)
        or isinstance(laki, str)
        or isinstance(perempuan, str)
    ):
        return errors
    return TPSRowValues(
        row=item.row,
        kode=KodeTPS.of(desa, nomor),
        alamat=alamat,
        dpt_laki=laki,
        dpt_perempuan=perempuan,
    )


def dpt_sintetis(*, rng: random.Random, batas_pemilih: int, is_khusus: bool) -> tuple[int, int]:
    """Return a made-up but plausible (laki-laki, perempuan) DPT for one TPS, within the cap.

    Regular TPS centre on the 2024 national mean (about 250 voters) and never exceed the cap;
    special TPS (prisons, hospitals) are smaller and vary more. The split is about half and
    half, as in the 2024 DPT (102.2 M men, 102.6 M women). Only for demos, tests and
    benchmarks: TPS built with it are marked ``dpt_sintetis``.
    """
    mean = min(DPT_RATA_RATA_2024, batas_pemilih * 5 // 6)
    if is_khusus:
        total = rng.randint(min(30, batas_pemilih), max(min(30, batas_pemilih), mean))
    else:
        spread = max(1, batas_pemilih // 10)
        total = round(rng.gauss(mean, spread))
        total = max(mean // 2, min(batas_pemilih, total))
    share = min(0.65, max(0.35, rng.gauss(0.501, 0.025)))
    perempuan = round(total * share)
    return total - perempuan, perempuan
