"""The plan's rules as an officer enters them, checked and normalised (pure, no Django).

Each check returns the normalised value and its problems; ``messages.aturan_masalah`` words
a problem in Indonesian. The service changes nothing unless no check found a problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

SLOT_MAKS = 2  # the model's check: one or two sessions a day
_JAM = re.compile(r"^([01]\d|2[0-3])[.:]([0-5]\d)$")


class MasalahAturan(StrEnum):
    TANGGAL_DI_LUAR = "tanggal_di_luar"  # a date outside the plan's window
    DESA_ASING = "desa_asing"  # a desa not of the plan's kab/kota
    TETANGGA_ASING = "tetangga_asing"  # a kecamatan not of the plan
    TETANGGA_DIRI = "tetangga_diri"  # a kecamatan named as its own neighbour
    SLOT = "slot"  # sessions per day not 1 or 2
    JAM = "jam"  # session hours not HH.MM-HH.MM with the start first
    JAM_KURANG = "jam_kurang"  # fewer session hours than sessions per day
    RASIO = "rasio"  # trainees per trainer below 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Masalah:
    kode: MasalahAturan
    field: str
    nilai: str = ""  # the value concerned (a date, a code, a session number)
    lain: str = ""  # the second value (a neighbour pair's other kecamatan)


def tanggal_check(
    value: Sequence[dt.date], mulai: dt.date, selesai: dt.date, field: str
) -> tuple[list[str], list[Masalah]]:
    """The dates as sorted ISO strings; a problem per date outside ``mulai``..``selesai``."""
    masalah = [
        Masalah(kode=MasalahAturan.TANGGAL_DI_LUAR, field=field, nilai=d.isoformat())
        for d in value
        if not mulai <= d <= selesai
    ]
    return sorted({d.isoformat() for d in value}), masalah


def desa_check(value: Sequence[str], known: Collection[str]) -> tuple[list[str], list[Masalah]]:
    masalah = [
        Masalah(kode=MasalahAturan.DESA_ASING, field="desa_jauh", nilai=k)
        for k in value
        if k not in known
    ]
    return sorted(set(value)), masalah


def tetangga_check(
    value: Mapping[str, Sequence[str]], kecamatan: Collection[str]
) -> tuple[dict[str, list[str]], list[Masalah]]:
    """Neighbours both ways (A next to B makes B next to A), each list sorted."""
    pairs: dict[str, set[str]] = defaultdict(set)
    masalah: list[Masalah] = []
    for kode, others in value.items():
        for other in others:
            asing = [k for k in (kode, other) if k not in kecamatan]
            if asing:
                masalah.append(
                    Masalah(kode=MasalahAturan.TETANGGA_ASING, field="tetangga", nilai=asing[0])
                )
            elif kode == other:
                masalah.append(
                    Masalah(kode=MasalahAturan.TETANGGA_DIRI, field="tetangga", nilai=kode)
                )
            else:
                pairs[kode].add(other)
                pairs[other].add(kode)
    return {k: sorted(v) for k, v in sorted(pairs.items())}, masalah


def jam_check(value: Sequence[tuple[str, str]]) -> tuple[list[list[str]], list[Masalah]]:
    """Session hours as ``[["08.00", "12.00"], ...]``; "08:00" is read as "08.00"."""
    jam: list[list[str]] = []
    masalah: list[Masalah] = []
    for i, (mulai, selesai) in enumerate(value, start=1):
        a, b = _JAM.match(mulai.strip()), _JAM.match(selesai.strip())
        if a is None or b is None or a.groups() >= b.groups():
            masalah.append(Masalah(kode=MasalahAturan.JAM, field="jam_slot", nilai=str(i)))
        else:
            jam.append([f"{a[1]}.{a[2]}", f"{b[1]}.{b[2]}"])
    return jam, masalah


def slot_check(slot_per_hari: int, jam: Sequence[Sequence[str]] | None) -> list[Masalah]:
    """One or two sessions a day, each with its hours (``jam`` None: the hours entered were
    refused already, so their count is not reported again)."""
    if not 1 <= slot_per_hari <= SLOT_MAKS:
        return [Masalah(kode=MasalahAturan.SLOT, field="slot_per_hari", nilai=str(slot_per_hari))]
    if jam is not None and len(jam) < slot_per_hari:
        return [
            Masalah(
                kode=MasalahAturan.JAM_KURANG,
                field="jam_slot",
                nilai=str(slot_per_hari),
                lain=str(len(jam)),
            )
        ]
    return []


def rasio_check(rasio_pelatih: int) -> list[Masalah]:
    if rasio_pelatih < 1:
        return [Masalah(kode=MasalahAturan.RASIO, field="rasio_pelatih", nilai=str(rasio_pelatih))]
    return []
