"""Findings of the automatic checks (penelitian administrasi, PKPU 8/2022 Pasal 35).

A finding never decides on its own: the PPS operator records the verdict per requirement
(MS / TMS, memenuhi / tidak memenuhi syarat) and the automatic findings are shown beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum

# A parameter of a message: text or a whole number, so it can be stored as JSON. Dates are
# given as ISO strings (``2024-02-14``) and formatted by the interface in the reader's language.
Param = str | int


class Severity(StrEnum):
    """ERROR: the requirement is not met as entered. WARNING: the officer should look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Temuan:
    """One finding: a machine code, its weight, the Indonesian text and the field concerned.

    ``code`` and ``params`` are what the interface renders, through gettext, in the reader's
    language (``pembentukan.messages``); ``message_id`` is the same text in Bahasa Indonesia
    (``id``), the fallback for a code the interface does not know. It may be shown to the
    applicant and on public pages, so it never names a political party or another person.
    ``catatan_petugas`` is for officers only (e.g. the party named in the SIPOL list, the other
    registrations of the same NIK) and must never reach the applicant.
    """

    code: str
    severity: Severity
    message_id: str
    field: str
    catatan_petugas: str = ""
    params: Mapping[str, Param] = dataclass_field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(
    code: str,
    field: str,
    message_id: str,
    catatan_petugas: str = "",
    params: Mapping[str, Param] | None = None,
) -> Temuan:
    """Build an ERROR finding."""
    return Temuan(
        code=code,
        severity=Severity.ERROR,
        message_id=message_id,
        field=field,
        catatan_petugas=catatan_petugas,
        params=dict(params or {}),
    )


def warning(
    code: str,
    field: str,
    message_id: str,
    catatan_petugas: str = "",
    params: Mapping[str, Param] | None = None,
) -> Temuan:
    """Build a WARNING finding."""
    return Temuan(
        code=code,
        severity=Severity.WARNING,
        message_id=message_id,
        field=field,
        catatan_petugas=catatan_petugas,
        params=dict(params or {}),
    )
