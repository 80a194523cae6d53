"""Synthetic (marked) venues and trainers for the demo and the benchmark.

Plausible, not real: a kecamatan hall and the halls of some desa, sized so that the
kecamatan's teams fit in the window with some room to spare, as a PPK would book them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from selenggara.bimtek.domain.jadwal import KPPS_PER_TPS, Pelatih, Tempat, Waktu

KAPASITAS_PILIHAN = (70, 84, 105, 140)
PELATIH_PER_DESA = 2  # PPS members who train, beside the PPK
PELATIH_PPK = 5  # PPK, PKPU 8/2022: five members per PPK
RASIO_PELATIH = 40  # the plan's default trainees per trainer (jadwal.Aturan)


@dataclass(frozen=True, slots=True, kw_only=True)
class TempatSintetis:
    tempat: Tempat
    nama: str


def tempat_sintetis(
    *,
    kecamatan_kode: str,
    kecamatan_nama: str,
    desa_list: Sequence[tuple[str, str]],
    jumlah_tim: int,
    jumlah_hari: int,
    slot_per_hari: int = 1,
    seed: int = 12,
) -> list[TempatSintetis]:
    """Venues for one kecamatan: its hall, then desa halls until the window holds 1.4x the
    teams' seats. ``desa_list`` is (kode, nama) in code order."""
    rng = random.Random(f"{seed}:{kecamatan_kode}")  # noqa: S311 (synthetic data, not security)
    semua = frozenset(
        Waktu(hari=h, slot=s) for h in range(jumlah_hari) for s in range(slot_per_hari)
    )
    perlu = jumlah_tim * KPPS_PER_TPS * 1.4
    hall = Tempat(
        kode=f"{kecamatan_kode}-0",
        kecamatan_kode=kecamatan_kode,
        desa_kode=desa_list[0][0],
        kapasitas=140,
        waktu=semua,
    )
    venues = [TempatSintetis(tempat=hall, nama=f"Aula Kecamatan {kecamatan_nama}")]
    seats = hall.kapasitas * len(semua)
    order = rng.sample(list(desa_list), len(desa_list))
    # Desa halls first; a dense kelurahan with many TPS then adds school halls, round by round.
    rounds = 0
    i = 0
    while seats < perlu and rounds < 20:  # a bound: 20 halls per desa is plenty
        desa_kode, desa_nama = order[i % len(order)]
        prefix = "Balai Desa" if rounds == 0 else f"Aula SD Negeri {rounds}"
        i += 1
        rounds = i // len(order)
        # A hall is free on most days, not all: one random day off in a long window.
        days = set(semua)
        if jumlah_hari > 3:  # short windows keep every day
            off = rng.randrange(jumlah_hari)
            days -= {w for w in semua if w.hari == off}
        tempat = Tempat(
            kode=f"{kecamatan_kode}-{i}",
            kecamatan_kode=kecamatan_kode,
            desa_kode=desa_kode,
            kapasitas=rng.choice(KAPASITAS_PILIHAN),
            waktu=frozenset(days),
        )
        venues.append(TempatSintetis(tempat=tempat, nama=f"{prefix} {desa_nama}"))
        seats += tempat.kapasitas * len(days)
    return venues


def pelatih_sintetis(
    *,
    kecamatan_kode: str,
    jumlah_desa: int,
    jumlah_hari: int,
    slot_per_hari: int = 1,
    kursi_per_slot: int = 0,
    rasio: int = RASIO_PELATIH,
) -> list[Pelatih]:
    """The PPK and two PPS members per desa, available every slot of the window; where the
    venues of one slot seat more (``kursi_per_slot``) than they can train at ``rasio``, as
    many more (KPU Kab/Kota staff and speakers) as it takes to run every venue at once."""
    semua = frozenset(
        Waktu(hari=h, slot=s) for h in range(jumlah_hari) for s in range(slot_per_hari)
    )
    jumlah = max(PELATIH_PPK + PELATIH_PER_DESA * jumlah_desa, -(-kursi_per_slot // rasio))
    return [
        Pelatih(kode=f"{kecamatan_kode}-p{i}", kecamatan_kode=kecamatan_kode, waktu=semua)
        for i in range(1, jumlah + 1)
    ]
