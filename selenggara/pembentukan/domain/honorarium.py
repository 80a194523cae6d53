"""Honoraria and santunan of KPPS and Petugas Ketertiban TPS, in whole rupiah.

Rates per person per month: Surat Menteri Keuangan S-647/MK.02/2022 (Pilkada amounts also in
Kep KPU 472/2022); santunan per S-647/2022 and Kep KPU 59/2023 (domain.md 6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from selenggara.core.errors import InvalidInput
from selenggara.pembentukan.domain.penetapan import ANGGOTA_PER_KPPS, PETUGAS_KETERTIBAN_PER_TPS


class Jabatan(StrEnum):
    KETUA_KPPS = "ketua_kpps"
    ANGGOTA_KPPS = "anggota_kpps"
    PETUGAS_KETERTIBAN = "petugas_ketertiban"

    @property
    def label(self) -> str:
        return _JABATAN_LABEL[self]


_JABATAN_LABEL: dict[Jabatan, str] = {
    Jabatan.KETUA_KPPS: "Ketua KPPS",
    Jabatan.ANGGOTA_KPPS: "Anggota KPPS",
    Jabatan.PETUGAS_KETERTIBAN: "Petugas Ketertiban TPS",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TarifHonorarium:
    """Monthly honorarium per person, in rupiah."""

    kode: str
    nama: str
    ketua_kpps: int
    anggota_kpps: int
    petugas_ketertiban: int

    def tarif(self, jabatan: Jabatan) -> int:
        return {
            Jabatan.KETUA_KPPS: self.ketua_kpps,
            Jabatan.ANGGOTA_KPPS: self.anggota_kpps,
            Jabatan.PETUGAS_KETERTIBAN: self.petugas_ketertiban,
        }[jabatan]


TARIF_HONORARIUM: dict[str, TarifHonorarium] = {
    "pemilu-2024": TarifHonorarium(
        kode="pemilu-2024",
        nama="Pemilu 2024",
        ketua_kpps=1_200_000,
        anggota_kpps=1_100_000,
        petugas_ketertiban=700_000,
    ),
    "pilkada-2024": TarifHonorarium(
        kode="pilkada-2024",
        nama="Pilkada 2024",
        ketua_kpps=900_000,
        anggota_kpps=850_000,
        petugas_ketertiban=650_000,
    ),
    "pemilu-2019": TarifHonorarium(
        kode="pemilu-2019",
        nama="Pemilu 2019",
        ketua_kpps=550_000,
        anggota_kpps=500_000,
        petugas_ketertiban=500_000,
    ),
}


class JenisSantunan(StrEnum):
    MENINGGAL_DUNIA = "meninggal_dunia"
    CACAT_PERMANEN = "cacat_permanen"
    LUKA_BERAT = "luka_berat"
    LUKA_SEDANG = "luka_sedang"
    BANTUAN_PEMAKAMAN = "bantuan_pemakaman"

    @property
    def label(self) -> str:
        return _SANTUNAN_LABEL[self]


_SANTUNAN_LABEL: dict[JenisSantunan, str] = {
    JenisSantunan.MENINGGAL_DUNIA: "Meninggal dunia",
    JenisSantunan.CACAT_PERMANEN: "Cacat permanen",
    JenisSantunan.LUKA_BERAT: "Luka berat / sakit berat",
    JenisSantunan.LUKA_SEDANG: "Luka sedang / sakit sedang",
    JenisSantunan.BANTUAN_PEMAKAMAN: "Bantuan biaya pemakaman",
}
SANTUNAN_SUMBER = "Surat Menteri Keuangan S-647/MK.02/2022; Keputusan KPU Nomor 59 Tahun 2023"


# For every ad hoc body, Pemilu and Pilkada alike. ⚠ One regional KPU claimed santunan does
# not apply to Pemilu 2024, against KPU RI's statements (domain.md 6).
SANTUNAN: dict[JenisSantunan, int] = {
    JenisSantunan.MENINGGAL_DUNIA: 36_000_000,
    JenisSantunan.CACAT_PERMANEN: 30_800_000,
    JenisSantunan.LUKA_BERAT: 16_500_000,
    JenisSantunan.LUKA_SEDANG: 8_250_000,
    JenisSantunan.BANTUAN_PEMAKAMAN: 10_000_000,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisSantunan:
    jenis: JenisSantunan
    besaran: int  # rupiah per person per case


def santunan_list() -> tuple[BarisSantunan, ...]:
    """Return the santunan per case, in the order of ``JenisSantunan``.

    They are not a budget line: each is paid per case to any ad hoc member (KPPS and Petugas
    Ketertiban TPS alike) who dies, is disabled or injured at work, so a region's exposure is
    the table times the number of people covered, never a sum that is certain to be spent.
    """
    return tuple(BarisSantunan(jenis=j, besaran=SANTUNAN[j]) for j in JenisSantunan)


def jumlah_jabatan(*, tps: int) -> dict[Jabatan, int]:
    """Return the people to pay for ``tps`` fully staffed TPS: 1 ketua, 6 anggota, 2 ketertiban."""
    return {
        Jabatan.KETUA_KPPS: tps,
        Jabatan.ANGGOTA_KPPS: tps * (ANGGOTA_PER_KPPS - 1),
        Jabatan.PETUGAS_KETERTIBAN: tps * PETUGAS_KETERTIBAN_PER_TPS,
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisAnggaran:
    jabatan: Jabatan
    jumlah_orang: int
    tarif: int
    bulan: int

    @property
    def subtotal(self) -> int:
        return self.jumlah_orang * self.tarif * self.bulan


@dataclass(frozen=True, slots=True, kw_only=True)
class Anggaran:
    tarif: TarifHonorarium
    baris: tuple[BarisAnggaran, ...]

    @property
    def total(self) -> int:
        return sum(b.subtotal for b in self.baris)


def anggaran(counts: Mapping[Jabatan, int], rates: TarifHonorarium, bulan: int = 1) -> Anggaran:
    """Return the honorarium budget: one line per post, in the order of ``Jabatan``.

    Raises InvalidInput when a count is negative or ``bulan`` is below 1.
    """
    if bulan < 1:
        raise InvalidInput(f"Jumlah bulan paling sedikit 1, bukan {bulan}.", field="bulan")
    for jabatan, jumlah in counts.items():
        if jumlah < 0:
            raise InvalidInput(
                f"Jumlah {jabatan.label} tidak boleh negatif ({jumlah}).", field=jabatan.value
            )
    return Anggaran(
        tarif=rates,
        baris=tuple(
            BarisAnggaran(jabatan=j, jumlah_orang=counts[j], tarif=rates.tarif(j), bulan=bulan)
            for j in Jabatan
            if j in counts
        ),
    )
