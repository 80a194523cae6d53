"""Findings: the one type every check of the project returns (C.Hasil, applicants, KPPS).

A finding is data, never text: a machine code (the API contract, each app's ``Kode``), how
serious it is, the fields it concerns and the numbers or values its message needs. Each app
words its codes once, in its ``messages.py``, through gettext, so the English interface
translates what the pure cores cannot (they import no Django) and the two never drift.

A finding never decides on its own. The paper form is the legal record (a C.Hasil that fails
a check is stored as written and flagged); for an applicant the PPS records the verdict per
requirement with the findings shown beside it (PKPU 8/2022 Pasal 35).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

# A value of a message parameter: text or a whole number, so a finding can be stored as JSON.
# Dates are ISO strings (``2024-02-14``), formatted by the interface in the reader's language.
Param = str | int

K = TypeVar("K", bound=str)


class Tingkat(StrEnum):
    """GALAT: the record contradicts itself or a rule, as written. PERINGATAN: worth a look;
    it can have a legitimate cause (a register outside the form, a preference of the rules)."""

    GALAT = "galat"
    PERINGATAN = "peringatan"


@dataclass(frozen=True, slots=True, kw_only=True)
class Temuan(Generic[K]):
    """One finding: a code, its severity, the fields concerned and the data of its message.

    ``params`` may be shown to whoever sees the record (for an applicant: the applicant and
    the public announcement), so they never name a political party or another person;
    ``params_petugas`` is for officers only (the party in the SIPOL list, the other
    registrations of the same NIK) and must never reach the applicant.
    """

    kode: K
    tingkat: Tingkat
    kunci: tuple[str, ...] = ()
    params: Mapping[str, Param] = field(default_factory=dict)
    params_petugas: Mapping[str, Param] = field(default_factory=dict)

    @property
    def is_galat(self) -> bool:
        return self.tingkat is Tingkat.GALAT

    def as_dict(self) -> dict[str, object]:
        """The finding as JSON, as it is stored beside the record it concerns."""
        return {
            "kode": str(self.kode),
            "tingkat": self.tingkat.value,
            "kunci": list(self.kunci),
            "params": dict(self.params),
            "params_petugas": dict(self.params_petugas),
        }


def galat(
    kode: K,
    *kunci: str,
    params: Mapping[str, Param] | None = None,
    params_petugas: Mapping[str, Param] | None = None,
) -> Temuan[K]:
    """Build a GALAT finding on the fields ``kunci``."""
    return Temuan(
        kode=kode,
        tingkat=Tingkat.GALAT,
        kunci=kunci,
        params=dict(params or {}),
        params_petugas=dict(params_petugas or {}),
    )


def peringatan(
    kode: K,
    *kunci: str,
    params: Mapping[str, Param] | None = None,
    params_petugas: Mapping[str, Param] | None = None,
) -> Temuan[K]:
    """Build a PERINGATAN finding on the fields ``kunci``."""
    return Temuan(
        kode=kode,
        tingkat=Tingkat.PERINGATAN,
        kunci=kunci,
        params=dict(params or {}),
        params_petugas=dict(params_petugas or {}),
    )


def kunci_ditandai(temuan: Iterable[Temuan[Any]]) -> list[str]:
    """Return the flagged fields, each once, in order of first appearance."""
    seen: dict[str, None] = {}
    for item in temuan:
        for key in item.kunci:
            seen.setdefault(key, None)
    return list(seen)
