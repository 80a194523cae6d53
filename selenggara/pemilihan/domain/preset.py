"""Ready-made elections: the two national elections of 2024."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from selenggara.pemilihan.domain.pemilihan import (
    BATAS_PEMILIH_DEFAULT,
    KONTESTASI_BY_JENIS,
    JenisKontestasi,
    JenisPemilihan,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PresetPemilihan:
    kode: str
    nama: str
    jenis: JenisPemilihan
    hari_pemungutan: date
    batas_pemilih_per_tps: int
    kontestasi: tuple[JenisKontestasi, ...]


PRESETS: dict[str, PresetPemilihan] = {
    # Pemilu 2024: 14 February 2024 (Keputusan KPU 21/2022), five ballots, 300 voters per TPS.
    "pemilu-2024": PresetPemilihan(
        kode="pemilu-2024",
        nama="Pemilu 2024",
        jenis=JenisPemilihan.PEMILU,
        hari_pemungutan=date(2024, 2, 14),
        batas_pemilih_per_tps=BATAS_PEMILIH_DEFAULT[JenisPemilihan.PEMILU],
        kontestasi=KONTESTASI_BY_JENIS[JenisPemilihan.PEMILU],
    ),
    # Pilkada serentak 2024: 27 November 2024 (PKPU 2/2024), up to 600 voters per TPS.
    "pilkada-2024": PresetPemilihan(
        kode="pilkada-2024",
        nama="Pilkada 2024",
        jenis=JenisPemilihan.PILKADA,
        hari_pemungutan=date(2024, 11, 27),
        batas_pemilih_per_tps=BATAS_PEMILIH_DEFAULT[JenisPemilihan.PILKADA],
        kontestasi=KONTESTASI_BY_JENIS[JenisPemilihan.PILKADA],
    ),
}
