"""The recap plenaries (rapat pleno terbuka rekapitulasi): tiers, states, who may do what.

PKPU 5/2024 Pasal 5: the recap is done per contest at four tiers: kecamatan by the PPK, kab/kota
by KPU Kab/Kota, provinsi by KPU Provinsi, the nation by KPU (domain.md 3.5). The kecamatan
plenary reads every TPS's C.Hasil; each higher one reads the locked results of the tier
below, one item per child region. A plenary is adopted and locked when every item is done and
every objection answered; a locked result is reopened only by the tier above, with a reason
(at the nation, only outside the system, by the Constitutional Court's decision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum


class TingkatPleno(IntEnum):
    """The region level a plenary covers (the code's number of segments; 0 the nation)."""

    NASIONAL = 0
    PROVINSI = 1
    KABKOTA = 2
    KECAMATAN = 3


class StatusPleno(StrEnum):
    BELUM_DIBUKA = "belum_dibuka"
    DIBUKA = "dibuka"
    SELESAI = "selesai"  # every item done, every objection answered
    DITETAPKAN = "ditetapkan"  # adopted and locked


class StatusButir(StrEnum):
    BELUM = "belum"
    DIBACA = "dibaca"  # confirmed as read from the paper
    DIKOREKSI = "dikoreksi"  # corrected in the plenary (a new C.Hasil version)


class Aksi(StrEnum):
    BUKA = "buka"
    KOREKSI = "koreksi"  # confirm or correct an item
    KEBERATAN = "keberatan"  # record an objection or answer it
    TETAPKAN = "tetapkan"  # adopt the D.Hasil and lock
    BUKA_KEMBALI = "buka_kembali"


# Who runs each tier, and who reopens it (the tier above). Role values of accounts' Peran.
PELAKSANA: dict[TingkatPleno, str] = {
    TingkatPleno.KECAMATAN: "ppk",
    TingkatPleno.KABKOTA: "kpu_kabkota",
    TingkatPleno.PROVINSI: "kpu_provinsi",
    TingkatPleno.NASIONAL: "kpu_ri",
}
PEMBUKA_KEMBALI: dict[TingkatPleno, str | None] = {
    TingkatPleno.KECAMATAN: "kpu_kabkota",
    TingkatPleno.KABKOTA: "kpu_provinsi",
    TingkatPleno.PROVINSI: "kpu_ri",
    TingkatPleno.NASIONAL: None,
}
# Bawaslu's supervisors (pengawas) file objections and corrections suggestions at every tier
# (Perbawaslu 15/2024); the plenary's own body records witnesses' objections and answers them.
_KEBERATAN_PERAN = frozenset({"pengawas"})


def peran_boleh(*, peran: str, tingkat: TingkatPleno, aksi: Aksi) -> bool:
    """Return True if role ``peran`` may do ``aksi`` on a plenary of ``tingkat`` in its scope."""
    if aksi is Aksi.BUKA_KEMBALI:
        return PEMBUKA_KEMBALI[tingkat] == peran
    if aksi is Aksi.KEBERATAN and peran in _KEBERATAN_PERAN:
        return True
    return PELAKSANA[tingkat] == peran


_DARI: dict[Aksi, frozenset[StatusPleno]] = {
    Aksi.BUKA: frozenset({StatusPleno.BELUM_DIBUKA}),
    Aksi.KOREKSI: frozenset({StatusPleno.DIBUKA, StatusPleno.SELESAI}),
    Aksi.KEBERATAN: frozenset({StatusPleno.DIBUKA, StatusPleno.SELESAI}),
    Aksi.TETAPKAN: frozenset({StatusPleno.SELESAI}),
    Aksi.BUKA_KEMBALI: frozenset({StatusPleno.DITETAPKAN}),
}


def aksi_mungkin(status: StatusPleno, aksi: Aksi) -> bool:
    """Return True when ``aksi`` can be done on a plenary in ``status``."""
    return status in _DARI[aksi]


def status_setelah_butir(
    *, butir: Iterable[StatusButir], keberatan_terbuka: int, anak_terkunci: bool
) -> StatusPleno:
    """Return DIBUKA or SELESAI for an open plenary, from its items and objections.

    SELESAI needs every item confirmed or corrected, no unanswered objection and, above the
    kecamatan, every plenary of the tier below locked.
    """
    done = all(item is not StatusButir.BELUM for item in butir)
    if done and keberatan_terbuka == 0 and anak_terkunci:
        return StatusPleno.SELESAI
    return StatusPleno.DIBUKA


@dataclass(frozen=True, slots=True, kw_only=True)
class Jadwal:
    mulai: dt.date
    selesai: dt.date


# PKPU 5/2024 annex (domain.md 3.5): recap dates of Pemilu 2024 per tier.
JADWAL_PEMILU_2024: dict[TingkatPleno, Jadwal] = {
    TingkatPleno.KECAMATAN: Jadwal(mulai=dt.date(2024, 2, 15), selesai=dt.date(2024, 3, 2)),
    TingkatPleno.KABKOTA: Jadwal(mulai=dt.date(2024, 2, 17), selesai=dt.date(2024, 3, 5)),
    TingkatPleno.PROVINSI: Jadwal(mulai=dt.date(2024, 2, 19), selesai=dt.date(2024, 3, 10)),
    TingkatPleno.NASIONAL: Jadwal(mulai=dt.date(2024, 2, 22), selesai=dt.date(2024, 3, 20)),
}


def jadwal_for(*, hari_pemungutan: dt.date, tingkat: TingkatPleno) -> Jadwal:
    """Return a plenary's schedule: the 2024 preset shifted to the election's polling day.

    Pemilu 2024 voted on 14 February 2024; another election keeps the same offsets.
    """
    preset = JADWAL_PEMILU_2024[tingkat]
    shift = hari_pemungutan - dt.date(2024, 2, 14)
    return Jadwal(mulai=preset.mulai + shift, selesai=preset.selesai + shift)


def terlambat(*, status: StatusPleno, jadwal: Jadwal, hari_ini: dt.date) -> bool:
    """Return True for a plenary not locked after its last scheduled day."""
    return status is not StatusPleno.DITETAPKAN and hari_ini > jadwal.selesai
