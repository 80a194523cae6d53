"""Made-up but plausible C.Hasil sheets for demos, tests and benchmarks, and the faults to spoil them.

A generated sheet passes every check of ``pemeriksaan.c_hasil_check``: it is the "paper" a
demo TPS reports. The fault injectors then reproduce what went wrong in 2024 between the paper
and the published numbers (domain.md 4.3), so the checks can be shown catching them.

Randomness comes only from the ``random.Random`` passed in: the same seed gives the same sheet.
Counts are integers throughout; the weights are integers too.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence

from selenggara.tungsura.domain.lembar import (
    ANGKA_MAKS_KOTAK,
    DISABILITAS,
    DPT,
    PENGGUNA_DPK,
    PENGGUNA_DPT,
    PENGGUNA_DPTB,
    PENGGUNA_TOTAL,
    SusunanSuara,
    isian_check,
    kunci_calon,
    kunci_partai,
    kunci_partai_calon,
    kunci_partai_jumlah,
)
from selenggara.tungsura.domain.pemeriksaan import KonteksTPS, c_hasil_check

# Turnout of the DPT in thousandths; Pemilu 2024 was about 82 % nationally.
PARTISIPASI_PERMIL = (750, 850)
# A few moved (DPTb) and unregistered (DPK) voters per TPS, each sex, room permitting.
TAMBAHAN_MAKS = 3
# A few voters with disabilities per TPS, each sex.
DISABILITAS_MAKS = 2
# A few ballots returned damaged or mis-marked, replaced from the reserve.
RUSAK_MAKS = 3
# Invalid votes: 0-3 % of the votes counted.
TIDAK_SAH_PERSEN_MAKS = 3
# Votes for the party only, as a share of the party's total, when it has candidates.
SUARA_PARTAI_PERSEN = (5, 30)
# How much one TPS departs from the weights (percent of each weight).
GOYANGAN_PERSEN = (70, 130)

# Weights that make demo totals look like 2024: PPWP 24.95 / 58.59 / 16.47 %.
BOBOT_PPWP_2024: dict[int, int] = {1: 2495, 2: 5859, 3: 1647}

KUNCI_PENGGUNA: tuple[str, ...] = (
    *DPT,
    *PENGGUNA_DPT,
    *PENGGUNA_DPTB,
    *PENGGUNA_DPK,
    *PENGGUNA_TOTAL,
    *DISABILITAS,
)


def pengguna_sintetis(
    *, rng: random.Random, konteks: KonteksTPS, partisipasi_permil: int | None = None
) -> dict[str, int]:
    """Return sections I and III (``KUNCI_PENGGUNA``) of a plausible sheet for one TPS.

    Pass the result to ``lembar_sintetis`` for each contest of the TPS so they show the same
    voters. ``partisipasi_permil`` is the DPT turnout in thousandths (default: drawn from
    ``PARTISIPASI_PERMIL``); DPK voters only come while the reserve can cover them; DPTb voters
    bring their own ballots (domain.md 2.3) as long as the TPS stays within its bound. Raises ValueError for a turnout outside 0-1000.
    """
    if partisipasi_permil is None:
        partisipasi_permil = rng.randint(*PARTISIPASI_PERMIL)
    if not 0 <= partisipasi_permil <= 1000:
        raise ValueError("partisipasi_permil must be within 0-1000")
    dpt = (
        _binomial(rng, konteks.dpt_l, partisipasi_permil),
        _binomial(rng, konteks.dpt_p, partisipasi_permil),
    )
    ruang = konteks.alokasi_surat_suara - sum(dpt)
    # DPTb voters bring their own ballots (domain.md 2.3) but count towards the TPS's bound.
    dptb = _tambahan(rng, min(ruang, konteks.batas_atas - konteks.alokasi_surat_suara))
    dpk = _tambahan(rng, ruang - sum(dptb))
    total = tuple(a + b + c for a, b, c in zip(dpt, dptb, dpk, strict=True))
    disabilitas = tuple(rng.randint(0, min(DISABILITAS_MAKS, n)) for n in total)
    angka: dict[str, int] = {}
    for keys, (laki, perempuan) in (
        (DPT, (konteks.dpt_l, konteks.dpt_p)),
        (PENGGUNA_DPT, dpt),
        (PENGGUNA_DPTB, dptb),
        (PENGGUNA_DPK, dpk),
        (PENGGUNA_TOTAL, total),
        (DISABILITAS, disabilitas),
    ):
        angka.update(zip(keys, (laki, perempuan, laki + perempuan), strict=True))
    return angka


def lembar_sintetis(
    *,
    rng: random.Random,
    susunan: SusunanSuara,
    konteks: KonteksTPS,
    pengguna: Mapping[str, int] | None = None,
    bobot: Mapping[int, int] | None = None,
) -> dict[str, int]:
    """Return a complete sheet of ``susunan`` (paper order) that passes every check.

    ``pengguna`` is sections I and III from ``pengguna_sintetis`` (drawn when None).
    ``bobot`` weighs the rows of section IV by pair/candidate number, or by party number in a
    party layout (``BOBOT_PPWP_2024``); a row it does not name weighs 1. Each TPS departs from
    the weights by ``GOYANGAN_PERSEN``. Raises ValueError for a negative weight, weights that
    are all 0 with votes to give, a layout with no row, or a ``pengguna`` or ``konteks`` no
    consistent sheet can have (more users than ballots, a DPT other than the register's, a
    count above 999 or the TPS bound).
    """
    if not susunan.komponen_suara_sah():
        raise ValueError("a layout without rows has nowhere to put a valid vote")
    if pengguna is None:
        pengguna = pengguna_sintetis(rng=rng, konteks=konteks)
    angka = {key: pengguna[key] for key in KUNCI_PENGGUNA}
    digunakan = angka["pengguna_total_j"]
    diterima = konteks.alokasi_dengan_dptb(angka[PENGGUNA_DPTB[2]])
    rusak = rng.randint(0, max(0, min(RUSAK_MAKS, diterima - digunakan)))
    tidak_sah = rng.randint(0, digunakan * TIDAK_SAH_PERSEN_MAKS // 100)
    angka |= {
        "surat_suara_diterima": diterima,
        "surat_suara_digunakan": digunakan,
        "surat_suara_rusak": rusak,
        "surat_suara_sisa": diterima - digunakan - rusak,
        "suara_sah": digunakan - tidak_sah,
        "suara_tidak_sah": tidak_sah,
        "suara_total": digunakan,
    }
    angka |= _suara_sintetis(rng, susunan, digunakan - tidak_sah, bobot or {})
    lembar = {key: angka[key] for key in susunan.kunci_semua()}
    if masalah := isian_check(lembar, susunan) or c_hasil_check(
        lembar, susunan=susunan, konteks=konteks
    ):
        raise ValueError(f"no consistent sheet for these voters and registers: {masalah[0]}")
    return lembar


def salah_baca_ratusan(angka: Mapping[str, int], kunci: str, *, dibaca: int = 8) -> dict[str, int]:
    """Return ``angka`` with the hundreds box of ``kunci`` misread as the digit ``dibaca``.

    The number becomes ``dibaca * 100 + number % 100``: tens and units stay as written, and an
    empty hundreds box (a number below 100) is read as ``dibaca`` too. So with the default 8,
    152 -> 852 and 11 -> 811; with ``dibaca=6`` 152 -> 652 (TPS 026 Kebonrejo, 2024); with
    ``dibaca=5`` 107 -> 507 (TPS 015 Banyuanyar). Only that number changes, as in SIREKAP's
    OCR faults, so the sums on the sheet no longer hold. Raises ValueError when the number
    does not fit the three boxes, ``dibaca`` is not a digit, or the misread changes nothing.
    """
    nilai = angka[kunci]
    if not 0 <= nilai <= ANGKA_MAKS_KOTAK:
        raise ValueError(f"{kunci}={nilai} does not fit three digit boxes")
    if not 0 <= dibaca <= 9:
        raise ValueError("dibaca must be a digit 0-9")
    baru = dibaca * 100 + nilai % 100
    if baru == nilai:
        raise ValueError(f"the hundreds box of {kunci}={nilai} already reads {dibaca}")
    return {**angka, kunci: baru}


def baris_tertukar(angka: Mapping[str, int], kunci_a: str, kunci_b: str) -> dict[str, int]:
    """Return ``angka`` with the numbers of two rows swapped, as when a row is copied one off.

    The checks catch a swap only when the two rows sit in different sums: two rows of one sum
    (two pairs, two candidates of one party) swap unnoticed, and only the photo or the
    witnesses' digest shows it. Raises ValueError when both keys are the same.
    """
    if kunci_a == kunci_b:
        raise ValueError("a row cannot be swapped with itself")
    return {**angka, kunci_a: angka[kunci_b], kunci_b: angka[kunci_a]}


def _binomial(rng: random.Random, n: int, permil: int) -> int:
    """Return how many of ``n`` people act, each with chance ``permil`` / 1000."""
    return sum(1 for _ in range(n) if rng.randrange(1000) < permil)


def _tambahan(rng: random.Random, ruang: int) -> tuple[int, int]:
    """Return a few extra voters (men, women), at most ``ruang`` together."""
    laki = rng.randint(0, max(0, min(TAMBAHAN_MAKS, ruang)))
    perempuan = rng.randint(0, max(0, min(TAMBAHAN_MAKS, ruang - laki)))
    return laki, perempuan


def _bagi(rng: random.Random, jumlah: int, bobot: Sequence[int]) -> list[int]:
    """Return ``jumlah`` votes spread over len(``bobot``) rows, one weighted draw per vote."""
    if any(b < 0 for b in bobot):
        raise ValueError("weights must not be negative")
    if jumlah and not any(bobot):
        raise ValueError("weights are all 0, and there are votes to give")
    goyang = [b * rng.randint(*GOYANGAN_PERSEN) for b in bobot]
    if not any(goyang):  # no vote to give: every row stays at 0
        return [0] * len(bobot)
    drawn = Counter(rng.choices(range(len(bobot)), weights=goyang, k=jumlah))
    return [drawn[i] for i in range(len(bobot))]


def _suara_sintetis(
    rng: random.Random, susunan: SusunanSuara, sah: int, bobot: Mapping[int, int]
) -> dict[str, int]:
    """Return section IV: ``sah`` valid votes over the pairs/candidates or parties."""
    if not susunan.berpartai:
        votes = _bagi(rng, sah, [bobot.get(n, 1) for n in susunan.calon])
        return {kunci_calon(n): v for n, v in zip(susunan.calon, votes, strict=True)}
    angka: dict[str, int] = {}
    totals = _bagi(rng, sah, [bobot.get(b.nomor, 1) for b in susunan.partai])
    for baris, total in zip(susunan.partai, totals, strict=True):
        share = rng.randint(*SUARA_PARTAI_PERSEN) if baris.calon else 100
        partai_saja = total * share // 100
        # Candidates high on the list draw more votes, the first the most.
        weights = [rng.randint(1, 10) + (10 if i == 0 else 0) for i in range(len(baris.calon))]
        calon_votes = _bagi(rng, total - partai_saja, weights)
        angka[kunci_partai(baris.nomor)] = partai_saja
        angka |= {
            kunci_partai_calon(baris.nomor, c): v
            for c, v in zip(baris.calon, calon_votes, strict=True)
        }
        angka[kunci_partai_jumlah(baris.nomor)] = total
    return angka
