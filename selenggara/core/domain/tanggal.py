"""Dates as Indonesian readers write them, and age counted on a given day."""

from __future__ import annotations

from datetime import date

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal_id(d: date) -> str:
    """Return ``d`` as ``14 Februari 2024``."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def rentang_id(mulai: date, selesai: date) -> str:
    """Return a date range the way KPU schedules print it.

    ``11–20 Desember 2023``, ``30 September – 2 Oktober 2024``,
    ``25 Januari 2024 – 25 Februari 2025``, or a single ``24 Januari 2024``.
    """
    if mulai == selesai:
        return tanggal_id(mulai)
    if (mulai.year, mulai.month) == (selesai.year, selesai.month):
        return f"{mulai.day}–{tanggal_id(selesai)}"
    if mulai.year == selesai.year:
        return f"{mulai.day} {BULAN[mulai.month - 1]} – {tanggal_id(selesai)}"
    return f"{tanggal_id(mulai)} – {tanggal_id(selesai)}"


def usia_on(tanggal_lahir: date, on: date) -> int:
    """Return the age in whole years reached on ``on``.

    The birthday counts on its calendar day. ⚠ Someone born on 29 February reaches a new
    age on 1 March in a common year (the birthday has not happened by 28 February); no source
    on the Indonesian convention was found, and this is the reading that never makes an
    applicant older than the calendar says. The bulk screening (``screening.py``) uses the
    same comparison of ``month * 100 + day``.
    """
    sebelum_ulang_tahun = (on.month * 100 + on.day) < (
        tanggal_lahir.month * 100 + tanggal_lahir.day
    )
    return on.year - tanggal_lahir.year - int(sebelum_ulang_tahun)
