"""Events tungsura publishes (selenggara.core.events); rekap subscribes."""

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
