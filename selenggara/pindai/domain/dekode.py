"""Decoding a page's numbers together: digit probabilities, bubbles and the form's identities.

Each number is written three times on the plano page 2 (three digit boxes, and a column of
bubbles 0-9 under each box) and tied to others by the sums printed on the form (domain.md
3.4). SIREKAP read each box alone and published what it read; KawalC1 used the sums as a
checksum (anchors.md 1.4). Here, per number, the candidates come from the digit model's
probabilities (leading boxes may be empty); the bubbles are read against the empty template
with a marginal and a definite threshold (as vxsuite does, anchors.md 4.1); then the page's
combination is the most probable one that satisfies every identity whose numbers are all on
the page. A number is accepted automatically only when its digits and bubbles agree, its
confidence clears the threshold chosen on a validation set, no identity it is in fails, and a
second witness vouches for it: its bubbles, or an identity that holds.

An identity that holds vouches for a number by how unlikely any other value is to hold it
too: another value would need one of the identity's other numbers to be misread by just as
much the other way, and the digit model says how likely that misreading of its boxes is (each
box's probabilities floored at ``Ambang.salah_kotak``, since a model sure of a box is still
sometimes wrong). So an identity over numbers read clearly proves a lot, one over numbers the
model hesitates on proves little.

When the model's first readings break an identity, the most probable choice of candidates
that makes every identity hold is proposed. A number switched that way (not the model's first
choice) is accepted only when the switch is localised: the number is in two identities or
more, every one of them failed with the model's reading and holds with the switched one, no
other number in them was switched, and it has no bubbles (where bubbles exist, the digits must
agree with them). One misread box breaks every identity of its number, and only that number's
correction mends them all; any other explanation takes a second, compensating misread in each
identity, which the confidence then weighs. An identity made to hold by a switch that is not
localised vouches for none of its numbers: the model misread one of them, and which one is
what a person decides. Everything else goes to a person with the reason.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

KOSONG = 10  # the digit model's class for a box with no digit (blank, or crossed out)
NAMA_KOTAK = {3: ("ratusan", "puluhan", "satuan"), 2: ("puluhan", "satuan"), 1: ("satuan",)}
KANDIDAT_PER_KOTAK = 3
KANDIDAT_MAKS = 6
PROB_MINIMUM = 1e-4
# A candidate the model gives less than this is not proposed to make a sum hold: a sum that
# only holds with a reading this unlikely is reported as a sum that does not hold.
PROB_USULAN = 0.01


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
    # How often a clear bubble column says another digit than the one written: the weight a
    # disagreeing bubble leaves to each other candidate.
    salah_bulatan: float = 0.01
    # The least probability granted to any reading of a digit box, however sure the model is
    # of another: how often a box the model is certain of is still misread (a photo unlike
    # the training data, a pen slip). It bounds how much a holding identity proves.
    salah_kotak: float = 1e-3


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


def _probability_of(bacaan: BacaanAngka, value: int, lantai: float = 0.0) -> float:
    """The digit model's probability that the boxes hold ``value`` (a leading 0 may be blank),
    each box's probability at least ``lantai``; 0 for a value the boxes cannot hold."""
    boxes = len(bacaan.kotak)
    if value < 0 or value >= 10**boxes:
        return 0.0
    p = 1.0
    leading = True
    for i, (ch, kotak) in enumerate(zip(f"{value:0{boxes}d}", bacaan.kotak, strict=True)):
        d = int(ch)
        leading = leading and d == 0 and i < boxes - 1
        blank = kotak.probabilitas[KOSONG] if leading else 0.0
        p *= max(kotak.probabilitas[d] + blank, lantai)
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


def _anggota(item: Identitas) -> tuple[str, ...]:
    return (*item.bagian, item.jumlah)


def _sisi(item: Identitas, key: str) -> int:
    return -1 if key == item.jumlah else 1


def identitas_bukti(
    item: Identitas,
    key: str,
    nilai: int | None,
    *,
    values: Mapping[str, int | None],
    bacaan: Mapping[str, BacaanAngka],
    lantai: float,
) -> float:
    """How likely ``item``, which holds with the readings ``values``, still holds if ``key``
    were ``nilai`` instead (None: some value not among its candidates): one of its other
    numbers would have to be misread by just as much the other way: the sum over them of how
    much likelier their boxes are to hold that value than their reading. Two of them misread
    together is not counted (rarer by another factor of ``lantai``); nor is it counted that
    the number so moved would break its own other identities, which errs towards doubt."""
    own = values[key]
    total = 0.0
    for other in _anggota(item):
        if other == key:
            continue
        current = values[other]
        if current is None:  # pragma: no cover - a holding identity has every number
            continue
        if nilai is None or own is None:
            # Any other value: how likely the other number is misread at all.
            total += max(1.0 - _probability_of(bacaan[other], current), lantai)
            continue
        shift = -_sisi(item, key) * _sisi(item, other) * (nilai - own)
        now = _probability_of(bacaan[other], current, lantai)
        total += _probability_of(bacaan[other], current + shift, lantai) / max(now, 1e-300)
    return total


def keyakinan_for(
    value: int | None,
    options: Sequence[Kandidat],
    *,
    bulatan: int | None,
    kotak: int,
    ambang: Ambang,
    bukti: Callable[[int | None], float] | None = None,
) -> float:
    """The probability that ``value`` is what was written, given all the evidence.

    The digit model's probability of each candidate is weighed by the other readings: a clear
    bubble column that says another digit leaves ``salah_bulatan`` per box that differs, and
    ``bukti(candidate)`` is how likely the identities that hold with ``value`` would still
    hold with that candidate (None: a value beyond the listed ones), see ``identitas_bukti``.
    """
    if value is None:
        return 0.0
    own = next((c.keyakinan for c in options if c.nilai == value), 0.0)
    listed = sum(c.keyakinan for c in options)
    others = max(0.0, 1.0 - listed)  # values beyond the listed candidates
    if bukti is not None:
        others *= bukti(None)
    for c in options:
        if c.nilai == value:
            continue
        weight = c.keyakinan
        if bulatan is not None and c.nilai is not None and bulatan == value:
            weight *= ambang.salah_bulatan ** _box_differences(c.nilai, bulatan, kotak)
        if bukti is not None:
            weight *= bukti(c.nilai)
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
    bukti: Callable[[int | None], float] | None = None,
    tainted: Sequence[Identitas] = (),
) -> HasilAngka:
    """One number's result: accepted only when nothing at all speaks against it.
    ``switched``: another candidate than the model's first, not localised (module docstring)."""
    confidence = keyakinan_for(
        value, options, bulatan=bubble[0], kotak=kotak, ambang=ambang, bukti=bukti
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


def _localised(
    key: str,
    bacaan: BacaanAngka,
    *,
    switched: set[str],
    checkable: Sequence[Identitas],
    failing_before: Sequence[Identitas],
    failing: Sequence[Identitas],
) -> bool:
    """Whether a switched number's correction is localised (module docstring): in two
    identities or more, each broken by the model's reading and mended by the switch, no other
    number of them switched, and no bubbles (where there are, the digits must agree)."""
    if any(k.bulatan is not None for k in bacaan.kotak):
        return False
    mine = [i for i in checkable if key in _anggota(i)]
    others = {k for i in mine for k in _anggota(i)} - {key}
    return (
        len(mine) >= 2
        and all(i in failing_before and i not in failing for i in mine)
        and not others & switched
    )


def halaman_decode(
    bacaan: Sequence[BacaanAngka], identitas: Sequence[Identitas], ambang: Ambang | None = None
) -> HasilHalaman:
    """Decode every number of a page (or a sheet) together; see the module docstring."""
    ambang = ambang or Ambang()
    by_key = {b.kunci: b for b in bacaan}
    checkable = [i for i in identitas if all(k in by_key for k in _anggota(i))]
    kandidat = {b.kunci: list(kandidat_list(b)) for b in bacaan}
    bubbles = {b.kunci: _bubble_check(b, ambang) for b in bacaan}
    # The bubbles' number is a candidate too, with the digit model's probability for it.
    for b in bacaan:
        bubble_value = bubbles[b.kunci][0]
        if bubble_value is not None and all(c.nilai != bubble_value for c in kandidat[b.kunci]):
            p = _probability_of(b, bubble_value)
            kandidat[b.kunci].append(Kandidat(nilai=bubble_value, keyakinan=p))
    values: dict[str, int | None] = {k: c[0].nilai for k, c in kandidat.items()}
    failing_before = [i for i in checkable if _holds(i, values) is False]
    switched: set[str] = set()
    if failing_before:
        solved = _solve(kandidat, checkable)
        if solved is not None:
            switched = {k for k, v in solved.items() if v != values[k]}
            values.update(solved)
    failing = [i for i in checkable if _holds(i, values) is False]
    localised = {
        k
        for k in switched
        if _localised(
            k,
            by_key[k],
            switched=switched,
            checkable=checkable,
            failing_before=failing_before,
            failing=failing,
        )
    }
    unproven = switched - localised
    tainted = [i for i in checkable if i not in failing and unproven & set(_anggota(i))]
    holding = [i for i in checkable if i not in tainted and _holds(i, values)]

    def mine(items: Sequence[Identitas], key: str) -> list[Identitas]:
        return [i for i in items if key in _anggota(i)]

    def bukti_for(key: str) -> Callable[[int | None], float]:
        items = mine(holding, key)

        def bukti(nilai: int | None) -> float:
            return math.prod(
                identitas_bukti(
                    i, key, nilai, values=values, bacaan=by_key, lantai=ambang.salah_kotak
                )
                for i in items
            )

        return bukti

    results = [
        _hasil(
            b.kunci,
            kandidat[b.kunci],
            values[b.kunci],
            bubbles[b.kunci],
            switched=b.kunci in unproven,
            failing=mine(failing, b.kunci),
            holding=len(mine(holding, b.kunci)),
            kotak=len(b.kotak),
            ambang=ambang,
            bukti=bukti_for(b.kunci),
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
