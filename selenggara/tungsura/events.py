"""Events tungsura publishes (selenggara.core.events); rekap and pindai subscribe."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class CHasilVersiDicatat:
    """A C.Hasil got a new current version (a submission or a correction)."""

    c_hasil_id: int
    versi_id: int
    tps_kode: str
    jenis: str
    nomor: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CHasilFotoDisimpan:
    """A new photo of a C.Hasil page was stored (not a resent copy); pindai reads it."""

    foto_id: int
    c_hasil_id: int
    tps_kode: str
    jenis: str
    halaman: int
    dari: int
