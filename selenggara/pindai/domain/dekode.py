"""Decoding a page's numbers together: digit probabilities, bubbles and the form's identities.

Each number is written three times on the plano page 2 (three digit boxes, and a column of
bubbles 0-9 under each box) and tied to others by the sums printed on the form (domain.md
3.4). SIREKAP read each box alone and published what it read; KawalC1 used the sums as a
checksum (anchors.md 1.4). Here, per number, the candidates come from the digit model's
probabilities (leading boxes may be empty); the bubbles are read against the empty template
with a marginal and a definite threshold (as vxsuite does, anchors.md 4.1); then the page's
combination is the most probable one that satisfies every identity whose numbers are all on
the page. A number is accepted automatically only when its digits and bubbles agree, its
confidence clears the threshold chosen on a validation set, it is the model's own first
choice, no identity it is in fails, and a second witness vouches for it: its bubbles, or an
identity that holds with the model's own readings (an identity made to hold by switching one
of its numbers to another candidate vouches for none of them: the model misread one of them,
and which one is what a person decides); everything else goes to a person with the reason.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

KOSONG = 10  # the digit model's class for a box with no digit (blank, or crossed out)
NAMA_KOTAK = {3: ("ratusan", "puluhan", "satuan"), 2: ("puluhan", "satuan"), 1: ("satuan",)}
KANDIDAT_PER_KOTAK = 3
KANDIDAT_MAKS = 6
PROB_MINIMUM = 1e-4
# A candidate the model gives less than this is not proposed to make a sum hold: a sum that
# only holds with an unlikely reading is reported as a sum that does not hold.
PROB_USULAN = 0.05


class Sebab(StrEnum):
    """Why a number goes to a person. The domain names the cause; ``pindai/messages.py``
    words it for people (Indonesian, English in the locale files), so what is stored with a
    reading does not depend on the language of whoever read it."""

    BULATAN_TIDAK_JELAS = "bulatan_tidak_jelas"  # rincian: the box (ratusan, puluhan, satuan)
    DIGIT_BULATAN_BEDA = "digit_bulatan_beda"  # rincian: the box, or "" for the whole number
    TIDAK_TERBACA = "tidak_terbaca"
    DIPILIH = "dipilih"  # another candidate than the model's first, to make a sum hold
    JUMLAH_GAGAL = "jumlah_gagal"  # rincian: the identity that does not hold
    KEYAKINAN_RENDAH = "keyakinan_rendah"
    HANYA_PILIHAN = "hanya_pilihan"  # rincian: the identity that holds only with a picked number
    TANPA_BUKTI = "tanpa_bukti"  # neither bubbles nor a holding identity vouch for it


@dataclass(frozen=True, slots=True)
class Alasan:
    """One reason, with what it is about (a box's name or an identity's ``nama``)."""

    sebab: Sebab
    rincian: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ambang:
    """Thresholds: confidence for automatic acceptance, bubble fill (marginal, definite)."""

    keyakinan: float = 0.995
    bulatan_ragu: float = 0.12
    bulatan_pasti: float = 0.30
    # How often a clear bubble column says another digit than the one written, and how often
    # a misread number still lets an identity hold (another misread making up the difference):
    # the weight a disagreeing bubble or a holding identity leaves to each other candidate.
    salah_bulatan: float = 0.01
    salah_identitas: float = 0.05


@dataclass(frozen=True, slots=True, kw_only=True)
class BacaanKotak:
    """What the reader saw in one digit box: 11 class probabilities, 10 bubble fill scores."""

    probabilitas: tuple[float, ...]
    bulatan: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BacaanAngka:
    kunci: str
    kotak: tuple[BacaanKotak, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Identitas:
    """``sum(bagian) == jumlah``; ``nama`` words it for a person (e.g. "V.A + V.B = V.C")."""

    bagian: tuple[str, ...]
    jumlah: str
    nama: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Kandidat:
    nilai: int | None  # None: no digit in any box
    keyakinan: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilAngka:
    kunci: str
    nilai: int | None
    keyakinan: float
    otomatis: bool
    kandidat: tuple[Kandidat, ...]
    alasan: tuple[Alasan, ...] = ()
    bulatan: int | None = None  # the number the bubbles say, when they are clear


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilHalaman:
    angka: tuple[HasilAngka, ...]
    identitas_gagal: tuple[str, ...] = ()
    alasan: tuple[Alasan, ...] = field(default=())

    @property
    def otomatis(self) -> bool:
        return all(a.otomatis for a in self.angka)

    def nilai(self) -> dict[str, int | None]:
        return {a.kunci: a.nilai for a in self.angka}


def bulatan_baca(skor: Sequence[float], ambang: Ambang) -> int | None:
    """The digit a bubble column says: one bubble definite and no other even marginal; else None."""
    pasti = [i for i, s in enumerate(skor) if s >= ambang.bulatan_pasti]
    ragu = [i for i, s in enumerate(skor) if s >= ambang.bulatan_ragu]
    if len(pasti) == 1 and ragu == pasti:
        return pasti[0]
    return None


def _digits_value(classes: Sequence[int]) -> tuple[bool, int | None]:
    """(valid, value) of box classes: a blank box may only lead; all blank is no value."""
    seen_digit = False
    text = ""
    for c in classes:
        if c == KOSONG:
            if seen_digit:
                return False, None
            continue
        seen_digit = True
        text += str(c)
    return True, (int(text) if text else None)


def _combine(bacaan: BacaanAngka, per_kotak: int) -> dict[int | None, float]:
    options = []
    for kotak in bacaan.kotak:
        ranked = sorted(range(len(kotak.probabilitas)), key=lambda c: -kotak.probabilitas[c])
        keep = [c for c in ranked[:per_kotak] if kotak.probabilitas[c] >= PROB_MINIMUM]
        options.append(keep or ranked[:1])
    scores: dict[int | None, float] = {}
    for combo in itertools.product(*options):
        valid, value = _digits_value(combo)
        if not valid:
            continue
        p = math.prod(bacaan.kotak[i].probabilitas[c] for i, c in enumerate(combo))
        scores[value] = scores.get(value, 0.0) + p
    return scores


def kandidat_list(bacaan: BacaanAngka) -> tuple[Kandidat, ...]:
    """The most probable values of a number from its boxes, best first (probabilities of
    the same value written differently, "045" and " 45", add up), normalised to sum 1."""
    scores = _combine(bacaan, KANDIDAT_PER_KOTAK)
    if not scores:
        # The likely readings put a blank between digits ("1 _ 5"): widen to every class.
        scores = _combine(bacaan, KOSONG + 1)
    if not scores:
        return (Kandidat(nilai=None, keyakinan=0.0),)
    total = sum(scores.values()) or 1.0
    ranked_values = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or 0))
    return tuple(Kandidat(nilai=v, keyakinan=p / total) for v, p in ranked_values[:KANDIDAT_MAKS])


def _probability_of(bacaan: BacaanAngka, value: int) -> float:
    """The digit model's probability that the boxes hold ``value`` (a leading 0 may be blank)."""
    digits = f"{value:0{len(bacaan.kotak)}d}"
    p = 1.0
    leading = True
    for ch, kotak in zip(digits, bacaan.kotak, strict=True):
        d = int(ch)
        leading = leading and d == 0
        blank = kotak.probabilitas[KOSONG] if leading else 0.0
        p *= kotak.probabilitas[d] + blank
    return p


def _box_digit(probabilitas: Sequence[float]) -> int:
    return max(range(len(probabilitas)), key=lambda c: probabilitas[c])


def _bubble_check(bacaan: BacaanAngka, ambang: Ambang) -> tuple[int | None, list[Alasan]]:
    """(the number the bubbles say or None, reasons the digits and bubbles disagree)."""
    if any(k.bulatan is None for k in bacaan.kotak):
        return None, []
    names = NAMA_KOTAK.get(len(bacaan.kotak), tuple(str(i + 1) for i in range(len(bacaan.kotak))))
    reasons: list[Alasan] = []
    digits = []
    for name, kotak in zip(names, bacaan.kotak, strict=True):
        bubble = bulatan_baca(kotak.bulatan or (), ambang)
        digit = _box_digit(kotak.probabilitas)
        if bubble is None:
            reasons.append(Alasan(Sebab.BULATAN_TIDAK_JELAS, name))
        elif bubble != (0 if digit == KOSONG else digit):
            reasons.append(Alasan(Sebab.DIGIT_BULATAN_BEDA, name))
        digits.append(bubble)
    if any(d is None for d in digits):
        return None, reasons
    return int("".join(str(d) for d in digits)), reasons


def _holds(item: Identitas, values: Mapping[str, int | None]) -> bool | None:
    """True/False when every number of the identity is known, None when it cannot be checked."""
    keys = (*item.bagian, item.jumlah)
    if any(values.get(k) is None for k in keys):
        return None
    return sum(values[k] or 0 for k in item.bagian) == values[item.jumlah]


def _solve(
    kandidat: Mapping[str, Sequence[Kandidat]], identitas: Sequence[Identitas]
) -> dict[str, int] | None:
    """The most probable choice of one candidate per number such that every identity holds,
    or None when there is none among the candidates (CP-SAT over the candidate choices)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    choice: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
    weights: list[int] = []
    chosen: list[cp_model.IntVar] = []
    for key, options in kandidat.items():
        numeric = [c for c in options if c.nilai is not None and c.keyakinan >= PROB_USULAN]
        if not numeric:
            continue
        bools = []
        for c in numeric:
            b = model.new_bool_var(f"{key}={c.nilai}")
            bools.append((int(c.nilai or 0), b))
            chosen.append(b)
            weights.append(round(1000 * math.log(max(c.keyakinan, 1e-9))))
        model.add_exactly_one(b for _, b in bools)
        choice[key] = bools
    for item in identitas:
        keys = (*item.bagian, item.jumlah)
        if any(k not in choice for k in keys):
            continue
        parts = [(v, b) for k in item.bagian for v, b in choice[k]]
        parts += [(-v, b) for v, b in choice[item.jumlah]]
        model.add(
            cp_model.LinearExpr.weighted_sum([b for _, b in parts], [v for v, _ in parts]) == 0
        )
    model.maximize(cp_model.LinearExpr.weighted_sum(chosen, weights))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 2.0
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {key: next(v for v, b in bools if solver.value(b)) for key, bools in choice.items()}


def _box_differences(a: int, b: int, boxes: int) -> int:
    return sum(x != y for x, y in zip(f"{a:0{boxes}d}", f"{b:0{boxes}d}", strict=False))


def keyakinan_for(
    value: int | None,
    options: Sequence[Kandidat],
    *,
    bulatan: int | None,
    kotak: int,
    identitas_cocok: int,
    ambang: Ambang,
) -> float:
    """The probability that ``value`` is what was written, given all the evidence.

    The digit model's probability of each candidate is weighed by the other readings: a clear
    bubble column that says another digit leaves ``salah_bulatan`` per box that differs, and
    each identity that holds with ``value`` leaves ``salah_identitas`` to every other
    candidate (which would have broken it unless a second misread made up the difference).
    """
    if value is None:
        return 0.0
    own = next((c.keyakinan for c in options if c.nilai == value), 0.0)
    listed = sum(c.keyakinan for c in options)
    others = max(0.0, 1.0 - listed)  # values beyond the listed candidates
    for c in options:
        if c.nilai == value:
            continue
        weight = c.keyakinan
        if bulatan is not None and c.nilai is not None and bulatan == value:
            weight *= ambang.salah_bulatan ** _box_differences(c.nilai, bulatan, kotak)
        weight *= ambang.salah_identitas**identitas_cocok
        others += weight
    total = own + others
    return own / total if total > 0 else 0.0


def _hasil(
    kunci: str,
    options: Sequence[Kandidat],
    value: int | None,
    bubble: tuple[int | None, list[Alasan]],
    *,
    switched: bool,
    failing: Sequence[Identitas],
    holding: int,
    kotak: int,
    ambang: Ambang,
    tainted: Sequence[Identitas] = (),
) -> HasilAngka:
    """One number's result: accepted only when nothing at all speaks against it."""
    confidence = keyakinan_for(
        value, options, bulatan=bubble[0], kotak=kotak, identitas_cocok=holding, ambang=ambang
    )
    bubble_value, reasons = bubble[0], list(bubble[1])
    if value is None:
        reasons.append(Alasan(Sebab.TIDAK_TERBACA))
    disagree = bubble_value is not None and value is not None and bubble_value != value
    if disagree and not any(r.sebab is Sebab.DIGIT_BULATAN_BEDA for r in reasons):
        reasons.append(Alasan(Sebab.DIGIT_BULATAN_BEDA))
    if switched:
        reasons.append(Alasan(Sebab.DIPILIH))
    reasons += [Alasan(Sebab.JUMLAH_GAGAL, i.nama) for i in failing]
    if value is not None and confidence < ambang.keyakinan and not reasons:
        reasons.append(Alasan(Sebab.KEYAKINAN_RENDAH))
    if value is not None and not reasons and bubble_value is None and not holding:
        reasons += [Alasan(Sebab.HANYA_PILIHAN, i.nama) for i in tainted]
        if not tainted:
            reasons.append(Alasan(Sebab.TANPA_BUKTI))
    return HasilAngka(
        kunci=kunci,
        nilai=value,
        keyakinan=round(confidence, 4),
        otomatis=not reasons,
        kandidat=tuple(sorted(options, key=lambda c: -c.keyakinan)),
        alasan=tuple(reasons),
        bulatan=bubble_value,
    )


def halaman_decode(
    bacaan: Sequence[BacaanAngka], identitas: Sequence[Identitas], ambang: Ambang | None = None
) -> HasilHalaman:
    """Decode every number of a page (or a sheet) together; see the module docstring."""
    ambang = ambang or Ambang()
    keys = {b.kunci for b in bacaan}
    checkable = [i for i in identitas if all(k in keys for k in (*i.bagian, i.jumlah))]
    kandidat = {b.kunci: list(kandidat_list(b)) for b in bacaan}
    bubbles = {b.kunci: _bubble_check(b, ambang) for b in bacaan}
    # The bubbles' number is a candidate too, with the digit model's probability for it.
    for b in bacaan:
        bubble_value = bubbles[b.kunci][0]
        if bubble_value is not None and all(c.nilai != bubble_value for c in kandidat[b.kunci]):
            p = _probability_of(b, bubble_value)
            kandidat[b.kunci].append(Kandidat(nilai=bubble_value, keyakinan=p))
    values: dict[str, int | None] = {k: c[0].nilai for k, c in kandidat.items()}
    switched: set[str] = set()
    if any(_holds(i, values) is False for i in checkable):
        solved = _solve(kandidat, checkable)
        if solved is not None:
            switched = {k for k, v in solved.items() if v != values[k]}
            values.update(solved)
    failing = [i for i in checkable if _holds(i, values) is False]
    tainted = [i for i in checkable if i not in failing and switched & {*i.bagian, i.jumlah}]

    def mine(items: Sequence[Identitas], key: str) -> list[Identitas]:
        return [i for i in items if key in (*i.bagian, i.jumlah)]

    results = [
        _hasil(
            b.kunci,
            kandidat[b.kunci],
            values[b.kunci],
            bubbles[b.kunci],
            switched=b.kunci in switched,
            failing=mine(failing, b.kunci),
            holding=sum(
                1
                for i in mine(checkable, b.kunci)
                if i not in failing and i not in tainted and _holds(i, values)
            ),
            kotak=len(b.kotak),
            ambang=ambang,
            tainted=mine(tainted, b.kunci),
        )
        for b in bacaan
    ]
    page_reasons = tuple(Alasan(Sebab.JUMLAH_GAGAL, i.nama) for i in failing)
    return HasilHalaman(
        angka=tuple(results), identitas_gagal=tuple(i.nama for i in failing), alasan=page_reasons
    )


def lembar_decode(
    halaman: Sequence[Sequence[BacaanAngka]],
    identitas: Sequence[Identitas],
    ambang: Ambang | None = None,
) -> tuple[HasilHalaman, ...]:
    """Decode the pages of one sheet together, one result per page in the order given.

    The form's identities cross its pages: the candidates' votes on page 2 add up to the
    valid votes on page 3, and page 3's total equals the ballots used on page 1 (domain.md
    3.4). Decoding the sheet as one set of numbers lets every identity vouch for, or speak
    against, the numbers it ties, whichever page they are on. A page missing from the sheet
    (refused, not yet photographed) simply leaves its identities unchecked. Each page's
    ``identitas_gagal`` names the failing identities that have a number on it.
    """
    keys = [b.kunci for page in halaman for b in page]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        raise ValueError(f"a sheet names each number once; twice: {', '.join(duplicated)}")
    whole = halaman_decode([b for page in halaman for b in page], identitas, ambang)
    by_key = {a.kunci: a for a in whole.angka}
    failing = [i for i in identitas if i.nama in whole.identitas_gagal]
    result = []
    for page in halaman:
        own = {b.kunci for b in page}
        mine = tuple(i.nama for i in failing if own & {*i.bagian, i.jumlah})
        result.append(
            HasilHalaman(
                angka=tuple(by_key[b.kunci] for b in page),
                identitas_gagal=mine,
                alasan=tuple(Alasan(Sebab.JUMLAH_GAGAL, nama) for nama in mine),
            )
        )
    return tuple(result)
