"""Kinds of election, the contests they hold where, and the voter cap per TPS."""

from __future__ import annotations

from enum import StrEnum

from selenggara.wilayah.domain.kode import JenisKabKota, KodeWilayah

# DKI Jakarta's kab/kota are administrative: no DPRD Kab/Kota and no Pilkada below the
# gubernur (domain.md 2.3 and 2.2). DI Yogyakarta has no direct gubernatorial election.
KODE_DKI_JAKARTA = "31"
KODE_DI_YOGYAKARTA = "34"


class JenisPemilihan(StrEnum):
    PEMILU = "pemilu"
    PILKADA = "pilkada"


class JenisKontestasi(StrEnum):
    """One ballot: Pemilu has five (PPWP, DPR, DPD, DPRD Provinsi, DPRD Kab/Kota), Pilkada two."""

    PPWP = "ppwp"
    DPR = "dpr"
    DPD = "dpd"
    DPRD_PROVINSI = "dprd_provinsi"
    DPRD_KABKOTA = "dprd_kabkota"
    GUBERNUR = "gubernur"
    BUPATI = "bupati"
    WALIKOTA = "walikota"


KONTESTASI_BY_JENIS: dict[JenisPemilihan, tuple[JenisKontestasi, ...]] = {
    JenisPemilihan.PEMILU: (
        JenisKontestasi.PPWP,
        JenisKontestasi.DPR,
        JenisKontestasi.DPD,
        JenisKontestasi.DPRD_PROVINSI,
        JenisKontestasi.DPRD_KABKOTA,
    ),
    JenisPemilihan.PILKADA: (
        JenisKontestasi.GUBERNUR,
        JenisKontestasi.BUPATI,
        JenisKontestasi.WALIKOTA,
    ),
}

# Pemilu 2024: 300 voters per TPS; Pilkada 2024: 600 (domain.md 2.1).
BATAS_PEMILIH_DEFAULT: dict[JenisPemilihan, int] = {
    JenisPemilihan.PEMILU: 300,
    JenisPemilihan.PILKADA: 600,
}


def kontestasi_at(
    *, jenis: JenisPemilihan, held: frozenset[JenisKontestasi], desa: KodeWilayah
) -> list[JenisKontestasi]:
    """Return the contests on a voter's ballots at a TPS in ``desa``, in ballot order.

    ``held`` is what the election holds at all; this narrows it to the region: DKI Jakarta
    votes no DPRD Kab/Kota and elects no bupati/walikota; DIY elects no gubernur; a kabupaten
    elects a bupati and a kota a walikota.
    """
    provinsi = desa.segments[0]
    kabkota = desa.jenis_kabkota
    result: list[JenisKontestasi] = []
    for kontestasi in KONTESTASI_BY_JENIS[jenis]:
        if kontestasi not in held:
            continue
        if provinsi == KODE_DKI_JAKARTA and kontestasi in (
            JenisKontestasi.DPRD_KABKOTA,
            JenisKontestasi.BUPATI,
            JenisKontestasi.WALIKOTA,
        ):
            continue
        if provinsi == KODE_DI_YOGYAKARTA and kontestasi is JenisKontestasi.GUBERNUR:
            continue
        if kontestasi is JenisKontestasi.BUPATI and kabkota is not JenisKabKota.KABUPATEN:
            continue
        if kontestasi is JenisKontestasi.WALIKOTA and kabkota is not JenisKabKota.KOTA:
            continue
        result.append(kontestasi)
    return result
