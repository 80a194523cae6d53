"""Special incidents and objections at a TPS (Model C.KEJADIAN KHUSUS DAN/ATAU KEBERATAN).

Kep KPU 66/2024 has KPPS record, per contest or for the whole TPS, anything out of the
ordinary during voting and counting, and every objection a witness or the Pengawas TPS raises
(domain.md 3.1). The categories are ours, to sort and count them; the text is the record.
"""

from __future__ import annotations

from enum import StrEnum


class JenisCatatan(StrEnum):
    KEJADIAN_KHUSUS = "kejadian_khusus"
    KEBERATAN = "keberatan"


class Kategori(StrEnum):
    PEMILIH = "pemilih"  # e.g. a voter not on any list, a voter with someone else's notice
    SURAT_SUARA = "surat_suara"  # short, damaged, wrong dapil, already marked
    PROSEDUR = "prosedur"  # opening late, a step skipped
    PENGHITUNGAN = "penghitungan"  # a vote ruled valid/invalid, a count disputed
    KEAMANAN = "keamanan"  # disturbance, intimidation
    BENCANA = "bencana"  # weather, flood, power cut
    LAINNYA = "lainnya"


class Pengaju(StrEnum):
    """Who raised it: the record must say, since objections carry weight by who filed them."""

    KPPS = "kpps"
    SAKSI = "saksi"
    PENGAWAS_TPS = "pengawas_tps"
    PEMILIH = "pemilih"
    PEMANTAU = "pemantau"


URAIAN_MIN = 10
URAIAN_MAX = 4000


def uraian_check(uraian: str) -> str | None:
    """Return why a description cannot be recorded, or None. Codes, not text."""
    length = len(uraian.strip())
    if length < URAIAN_MIN:
        return "terlalu_pendek"
    if length > URAIAN_MAX:
        return "terlalu_panjang"
    return None
