"""The reserve ballots (surat suara cadangan) of a TPS.

Pemilu: ballots per TPS = DPT + 2 % of that TPS's DPT, computed per TPS, not nationally
(UU 8/2012 Pasal 151(2), carried into UU 7/2017 Pasal 350; KPU chair, 20 Sep 2023: domain.md
2.3). Pilkada used 2.5 % (Perpu 1/2014). The rounding is not in the law; "rounded up" is what
PPK report, so it is the default and configurable per election.
"""

from __future__ import annotations

from enum import StrEnum

BASIS_POIN_PEMILU = 200  # 2 %
BASIS_POIN_PILKADA = 250  # 2.5 %
_PER = 10_000


class Pembulatan(StrEnum):
    KE_ATAS = "ke_atas"
    TERDEKAT = "terdekat"  # half rounds up
    KE_BAWAH = "ke_bawah"


def cadangan_surat_suara(*, dpt: int, basis_poin: int, pembulatan: Pembulatan) -> int:
    """Return the reserve for a TPS of ``dpt`` voters at ``basis_poin`` / 10,000 of its DPT.

    Integer arithmetic only, so 2 % of 250 is exactly 5 (never 5.000000001 rounded up to 6).
    ``pembulatan`` may be the stored string (``"ke_atas"``). Raises ValueError for a negative
    ``dpt`` or ``basis_poin`` or an unknown rounding mode.
    """
    if dpt < 0 or basis_poin < 0:
        raise ValueError("dpt and basis_poin must not be negative")
    # A model field holds "ke_atas", which is equal to but not identical with the member:
    # compared with `is`, it fell through to the nearest rounding without a word.
    pembulatan = Pembulatan(pembulatan)
    scaled = dpt * basis_poin
    if pembulatan is Pembulatan.KE_ATAS:
        return -(-scaled // _PER)
    if pembulatan is Pembulatan.KE_BAWAH:
        return scaled // _PER
    return (scaled * 2 + _PER) // (2 * _PER)


def surat_suara_per_tps(*, dpt: int, basis_poin: int, pembulatan: Pembulatan) -> int:
    """Return the ballots a TPS receives for one contest: its DPT plus the reserve."""
    return dpt + cadangan_surat_suara(dpt=dpt, basis_poin=basis_poin, pembulatan=pembulatan)
