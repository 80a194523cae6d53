"""What a Form C.Hasil holds, field by field, and the layout of section IV for one dapil.

One sheet is one TPS and one contest. Sections I-III and V are the same on every form
(domain.md 3.2): I voters (DPT; users of the vote from DPT, DPTb, DPK and their total, each
men / women / total), II ballots (received incl. reserve, used, returned damaged or mis-marked,
unused), III voters with disabilities, V valid / invalid / total. Section IV depends on the
contest: one row per pair or candidate (PPWP, DPD, Pilkada), or per party its party-only
votes, each of its candidates and the party total (DPR, DPRD).

Every number lives under a flat key, so the web form, the API, confirmations, the digest and
the checks all speak about the same names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

# Section I-III and V keys, in the paper's order. Suffixes: _l laki-laki, _p perempuan,
# _j jumlah (as Sirekap's administrasi fields, domain.md 3.3).
DPT = ("dpt_l", "dpt_p", "dpt_j")
PENGGUNA_DPT = ("pengguna_dpt_l", "pengguna_dpt_p", "pengguna_dpt_j")
PENGGUNA_DPTB = ("pengguna_dptb_l", "pengguna_dptb_p", "pengguna_dptb_j")
PENGGUNA_DPK = ("pengguna_dpk_l", "pengguna_dpk_p", "pengguna_dpk_j")
PENGGUNA_TOTAL = ("pengguna_total_l", "pengguna_total_p", "pengguna_total_j")
SURAT_SUARA = (
    "surat_suara_diterima",
    "surat_suara_digunakan",
    "surat_suara_rusak",
    "surat_suara_sisa",
)
DISABILITAS = ("disabilitas_l", "disabilitas_p", "disabilitas_j")
SUARA = ("suara_sah", "suara_tidak_sah", "suara_total")

TRIPLES: tuple[tuple[str, str, str], ...] = (
    DPT,
    PENGGUNA_DPT,
    PENGGUNA_DPTB,
    PENGGUNA_DPK,
    PENGGUNA_TOTAL,
    DISABILITAS,
)
ADMINISTRASI: tuple[str, ...] = (
    *DPT,
    *PENGGUNA_DPT,
    *PENGGUNA_DPTB,
    *PENGGUNA_DPK,
    *PENGGUNA_TOTAL,
    *SURAT_SUARA,
    *DISABILITAS,
    *SUARA,
)

# Three digit boxes per number (KawalPemilu validates 0 <= v < 1000, domain.md 3.4 rule 12).
ANGKA_MAKS_KOTAK = 999
# What an API or form accepts at all; above the boxes it is stored and flagged, not refused.
ANGKA_MAKS_INPUT = 99_999

_CALON = re.compile(r"^calon_(\d{1,2})$")
_PARTAI = re.compile(r"^partai_(\d{1,2})$")
_PARTAI_CALON = re.compile(r"^partai_(\d{1,2})_calon_(\d{1,2})$")
_PARTAI_JUMLAH = re.compile(r"^partai_(\d{1,2})_jumlah$")


def kunci_calon(nomor: int) -> str:
    return f"calon_{nomor}"


def kunci_partai(partai: int) -> str:
    return f"partai_{partai}"


def kunci_partai_calon(partai: int, calon: int) -> str:
    return f"partai_{partai}_calon_{calon}"


def kunci_partai_jumlah(partai: int) -> str:
    return f"partai_{partai}_jumlah"


def sidik_kunci(keys: Iterable[str]) -> int:
    """A signed 64-bit fingerprint of a set of section IV keys (BLAKE2b; order does not count)."""
    text = "\n".join(sorted(keys)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big", signed=True)


@dataclass(frozen=True, slots=True)
class BarisPartai:
    """One party block of section IV: its number and its candidates' numbers, in ballot order."""

    nomor: int
    calon: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SusunanSuara:
    """Section IV of one dapil's form: either candidates/pairs, or party blocks."""

    calon: tuple[int, ...] = ()
    partai: tuple[BarisPartai, ...] = ()
    # The key lists, computed once: a layout is checked against on every submission.
    _kunci_suara: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _kunci_semua: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _sidik: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.partai:
            keys: list[str] = []
            for baris in self.partai:
                keys.append(kunci_partai(baris.nomor))
                keys.extend(kunci_partai_calon(baris.nomor, c) for c in baris.calon)
                keys.append(kunci_partai_jumlah(baris.nomor))
        else:
            keys = [kunci_calon(n) for n in self.calon]
        head = [k for k in ADMINISTRASI if k not in SUARA]
        object.__setattr__(self, "_kunci_suara", tuple(keys))
        object.__setattr__(self, "_kunci_semua", (*head, *keys, *SUARA))
        object.__setattr__(self, "_sidik", sidik_kunci(keys))

    @property
    def berpartai(self) -> bool:
        return bool(self.partai)

    def kunci_suara(self) -> list[str]:
        """Every section IV key, in the paper's order."""
        return list(self._kunci_suara)

    @property
    def sidik(self) -> int:
        """The fingerprint of section IV's keys (``sidik_kunci``), stored with every version
        written against this layout: the recompute sums by key only the sheets whose layout
        is still a ballot of their contest (rekap/hitung.py)."""
        return self._sidik

    def kunci_semua(self) -> list[str]:
        """Every key of the sheet: sections I-III, then IV, then V (paper order)."""
        return list(self._kunci_semua)

    def komponen_suara_sah(self) -> list[str]:
        """The keys whose sum must equal ``suara_sah``: the pairs/candidates, or the party totals."""
        if not self.berpartai:
            return [kunci_calon(n) for n in self.calon]
        return [kunci_partai_jumlah(b.nomor) for b in self.partai]


@dataclass(frozen=True, slots=True)
class KunciSuara:
    """A section IV key taken apart: (partai, calon) numbers, and whether it is a party total."""

    partai: int | None
    calon: int | None
    jumlah: bool = False


def kunci_parse(kunci: str) -> KunciSuara | None:
    """Return what a section IV key names, or None for a section I-III/V or unknown key."""
    if m := _CALON.match(kunci):
        return KunciSuara(partai=None, calon=int(m[1]))
    if m := _PARTAI.match(kunci):
        return KunciSuara(partai=int(m[1]), calon=None)
    if m := _PARTAI_CALON.match(kunci):
        return KunciSuara(partai=int(m[1]), calon=int(m[2]))
    if m := _PARTAI_JUMLAH.match(kunci):
        return KunciSuara(partai=int(m[1]), calon=None, jumlah=True)
    return None


@dataclass(frozen=True, slots=True)
class MasalahIsian:
    """Why a set of numbers is not a sheet at all (not a finding about the paper)."""

    kunci: str
    alasan: str  # "tidak_dikenal" | "tidak_diisi" | "bukan_angka" | "negatif" | "terlalu_besar"


def isian_check(angka: Mapping[str, object], susunan: SusunanSuara) -> list[MasalahIsian]:
    """Return why ``angka`` cannot be stored as this layout's sheet; [] when it can.

    A paper form has every box filled with a number of at most three digits, so an unknown
    key, a missing one, a non-integer or a negative value is a transcription fault refused at
    the door. A value above 999 is accepted (up to ``ANGKA_MAKS_INPUT``) and flagged by the
    checks, since the operator may insist that is what the paper says.
    """
    expected = susunan.kunci_semua()
    known = set(expected)
    problems = [MasalahIsian(kunci=k, alasan="tidak_dikenal") for k in angka if k not in known]
    for key in expected:
        if key not in angka or angka[key] is None:
            problems.append(MasalahIsian(kunci=key, alasan="tidak_diisi"))
            continue
        value = angka[key]
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(MasalahIsian(kunci=key, alasan="bukan_angka"))
        elif value < 0:
            problems.append(MasalahIsian(kunci=key, alasan="negatif"))
        elif value > ANGKA_MAKS_INPUT:
            problems.append(MasalahIsian(kunci=key, alasan="terlalu_besar"))
    return problems


def angka_urut(angka: Mapping[str, int], susunan: SusunanSuara) -> Iterator[tuple[str, int]]:
    """Yield (key, number) in paper order."""
    for key in susunan.kunci_semua():
        yield key, angka[key]


def suara_bagian_iv(angka: Mapping[str, object], susunan: SusunanSuara) -> dict[str, int]:
    """Return section IV of a sheet as a version stores it: every key of the layout, in paper
    order, with its number; the keys of sections I-III and V in ``angka`` are left out.

    This is the guard on what is stored: raises ValueError when a key of the layout is missing
    or holds anything but a whole non-negative number. The submit service has refused such a
    sheet already (``isian_check``); the demo loader writes without that check.
    """
    suara: dict[str, int] = {}
    for key in susunan.kunci_suara():
        if key not in angka:
            raise ValueError(f"section IV key {key} is missing")
        value = angka[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"section IV key {key} holds {value!r}, not a whole number >= 0")
        suara[key] = value
    return suara


def susunan_from_rows(rows: Sequence[tuple[int | None, int]]) -> SusunanSuara:
    """Build a layout from (partai nomor or None, calon nomor) rows, e.g. candidates of a dapil.

    Rows with a party make a party layout (parties in number order, each with its candidates
    in number order); a party row with calon 0 stands for a party with no candidate listed.
    """
    if not rows:
        return SusunanSuara()
    if all(partai is None for partai, _ in rows):
        return SusunanSuara(calon=tuple(sorted({c for _, c in rows})))
    per_partai: dict[int, set[int]] = {}
    for partai, calon in rows:
        if partai is None:
            raise ValueError("a layout mixes party and non-party candidates")
        per_partai.setdefault(partai, set())
        if calon:
            per_partai[partai].add(calon)
    return SusunanSuara(
        partai=tuple(
            BarisPartai(nomor=p, calon=tuple(sorted(c))) for p, c in sorted(per_partai.items())
        )
    )
