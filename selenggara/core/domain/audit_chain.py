"""The audit log's hash chain: how an entry is hashed and how a chain is verified.

Each entry's hash covers its own fields and the previous entry's hash, so editing any row,
deleting one or inserting one breaks the chain at that point. Pure Python, no storage.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

GENESIS_HASH = "0" * 64

JSONValue: TypeAlias = "str | int | float | bool | list[JSONValue] | dict[str, JSONValue] | None"


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """The hashed content of one audit row."""

    seq: int
    at: str  # ISO 8601, UTC, microseconds
    actor_id: int | None
    actor_label: str
    action: str
    target_type: str
    target_id: str
    wilayah_kode: str
    before: JSONValue
    after: JSONValue
    reason: str
    prev_hash: str

    def canonical(self) -> bytes:
        """Return the bytes that are hashed: sorted-key compact JSON, UTF-8."""
        payload: Mapping[str, JSONValue] = {
            "seq": self.seq,
            "at": self.at,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "wilayah_kode": self.wilayah_kode,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(
            payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()


def entry_hash(entry: AuditEntry) -> str:
    """Return the SHA-256 hex digest that chains ``entry`` to its predecessor."""
    return hashlib.sha256(entry.canonical()).hexdigest()


class ChainBreakKind(StrEnum):
    EDITED = "edited"  # the row's content no longer matches its stored hash
    DELETED_BEFORE = "deleted_before"  # sequence numbers jump: rows before this one were deleted
    LINK_BROKEN = "link_broken"  # the row before this one was replaced, or a row was inserted
    OUT_OF_ORDER = "out_of_order"  # sequence numbers repeat or go backwards
    BAD_GENESIS = "bad_genesis"  # the first row does not start the chain


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainBreak:
    seq: int
    kind: ChainBreakKind


def _link_break(entry: AuditEntry, previous_seq: int, previous_hash: str) -> ChainBreakKind | None:
    if entry.seq <= previous_seq:
        return ChainBreakKind.OUT_OF_ORDER
    if entry.seq > previous_seq + 1:
        return ChainBreakKind.DELETED_BEFORE
    if entry.prev_hash != previous_hash:
        return ChainBreakKind.LINK_BROKEN
    return None


def verify_chain(rows: Iterable[tuple[AuditEntry, str]]) -> list[ChainBreak]:
    """Return every break in a chain of ``(entry, stored_hash)`` pairs in sequence order.

    An empty list means every row is intact and linked to the one before it. A break is
    reported where the evidence shows: at the edited row itself, or at the row after a deleted,
    replaced or inserted one. Deleting the newest rows leaves no trace in the chain itself; the
    head is therefore also compared with the last published head (see docs/adr/0005-audit-log.md).
    """
    breaks: list[ChainBreak] = []
    previous_hash = GENESIS_HASH
    previous_seq = 0
    for entry, stored_hash in rows:
        kind = _link_break(entry, previous_seq, previous_hash)
        if kind is not None:
            if previous_seq == 0 and kind is ChainBreakKind.LINK_BROKEN:
                kind = ChainBreakKind.BAD_GENESIS
            breaks.append(ChainBreak(seq=entry.seq, kind=kind))
        if entry_hash(entry) != stored_hash:
            breaks.append(ChainBreak(seq=entry.seq, kind=ChainBreakKind.EDITED))
        previous_hash = stored_hash
        previous_seq = entry.seq
    return breaks
