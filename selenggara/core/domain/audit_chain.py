"""The audit log's hash chains: how an entry is hashed and how the chains are verified.

Each entry's hash covers its own fields and the previous entry's hash, so editing any row,
deleting one or inserting one breaks the chain at that point. The log is partitioned into one
chain per kab/kota (``chain_key`` of the row's region; province-level rows in their province's
chain, national rows in ``nasional``), so writers in different regions never wait for each
other; each chain starts at the genesis hash and numbers its rows 1, 2, 3... (``position``).
Rows written before the partitioning form the closed ``global`` chain, hashed as they always
were, with their ``seq`` as position (docs/adr/0014-audit-chain-partitions.md). Pure Python.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

GENESIS_HASH = "0" * 64
LEGACY_CHAIN = "global"  # the one chain of the rows written before the partitioning
NATIONAL_CHAIN = "nasional"  # rows without a region, or with a code shorter than a province

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
    chain: str = LEGACY_CHAIN
    position: int = 0  # 1, 2, 3... within its chain; the legacy chain uses ``seq``

    @property
    def place(self) -> int:
        """Return the entry's position in its chain."""
        return self.seq if self.chain == LEGACY_CHAIN else self.position

    def canonical(self) -> bytes:
        """Return the bytes that are hashed: sorted-key compact JSON, UTF-8.

        A partitioned entry's chain and position are hashed too; a legacy entry is hashed
        exactly as before the partitioning, so its stored hash still verifies.
        """
        payload: dict[str, JSONValue] = {
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
        if self.chain != LEGACY_CHAIN:
            payload["chain"] = self.chain
            payload["position"] = self.position
        return json.dumps(
            payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()


def chain_key(wilayah_kode: str) -> str:
    """Return the chain a row of region ``wilayah_kode`` belongs to (dotted or digits-only).

    ``33.03.01.2001`` and ``3303012001001`` go to ``33.03``, ``33`` to ``33``, ``""`` to
    ``nasional``.
    """
    digits = wilayah_kode.replace(".", "")
    if not digits.isdigit() or len(digits) < 2:
        return NATIONAL_CHAIN
    if len(digits) < 4:
        return digits[:2]
    return f"{digits[:2]}.{digits[2:4]}"


def entry_hash(entry: AuditEntry) -> str:
    """Return the SHA-256 hex digest that chains ``entry`` to its predecessor."""
    return hashlib.sha256(entry.canonical()).hexdigest()


class ChainBreakKind(StrEnum):
    EDITED = "edited"  # the row's content no longer matches its stored hash
    DELETED_BEFORE = "deleted_before"  # sequence numbers jump: rows before this one were deleted
    LINK_BROKEN = "link_broken"  # the row before this one was replaced, or a row was inserted
    OUT_OF_ORDER = "out_of_order"  # sequence numbers repeat or go backwards
    BAD_GENESIS = "bad_genesis"  # the first row does not start the chain
    WRONG_CHAIN = "wrong_chain"  # the row sits in another chain than its region's


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainBreak:
    """Where a chain is broken: the row (``seq``), its chain and its position there."""

    seq: int
    kind: ChainBreakKind
    chain: str = LEGACY_CHAIN
    position: int = 0  # 0 in the legacy chain, where ``seq`` is the position


def _break(entry: AuditEntry, kind: ChainBreakKind) -> ChainBreak:
    position = 0 if entry.chain == LEGACY_CHAIN else entry.position
    return ChainBreak(seq=entry.seq, kind=kind, chain=entry.chain, position=position)


def _link_break(entry: AuditEntry, previous_seq: int, previous_hash: str) -> ChainBreakKind | None:
    if entry.place <= previous_seq:
        return ChainBreakKind.OUT_OF_ORDER
    if entry.place > previous_seq + 1:
        return ChainBreakKind.DELETED_BEFORE
    if entry.prev_hash != previous_hash:
        return ChainBreakKind.LINK_BROKEN
    return None


def _row_breaks(
    entry: AuditEntry, stored_hash: str, previous_place: int, previous_hash: str
) -> list[ChainBreak]:
    found: list[ChainBreak] = []
    kind = _link_break(entry, previous_place, previous_hash)
    if kind is not None:
        if previous_place == 0 and kind is ChainBreakKind.LINK_BROKEN:
            kind = ChainBreakKind.BAD_GENESIS
        found.append(_break(entry, kind))
    if entry_hash(entry) != stored_hash:
        found.append(_break(entry, ChainBreakKind.EDITED))
    return found


def verify_chain(rows: Iterable[tuple[AuditEntry, str]]) -> list[ChainBreak]:
    """Return every break in one chain of ``(entry, stored_hash)`` pairs in position order.

    An empty list means every row is intact and linked to the one before it. A break is
    reported where the evidence shows: at the edited row itself, or at the row after a deleted,
    replaced or inserted one. Deleting the newest rows leaves no trace in the chain itself; the
    head is therefore also compared with the last signed checkpoint (docs/adr/0012).
    """
    breaks: list[ChainBreak] = []
    previous_hash = GENESIS_HASH
    previous_place = 0
    for entry, stored_hash in rows:
        breaks.extend(_row_breaks(entry, stored_hash, previous_place, previous_hash))
        previous_hash = stored_hash
        previous_place = entry.place
    return breaks


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainHead:
    """The newest row of one chain: its position and stored hash."""

    chain: str
    position: int
    hash: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainsVerification:
    rows: int
    breaks: list[ChainBreak] = field(default_factory=list)
    heads: dict[str, ChainHead] = field(default_factory=dict)


def verify_chains(rows: Iterable[tuple[AuditEntry, str]]) -> ChainsVerification:
    """Verify every chain of a log read in ``(chain, position)`` order; return breaks and heads.

    Each chain is verified on its own from the genesis hash. A partitioned row must also sit
    in its region's chain: moved to another one it is reported (``wrong_chain``), even if the
    rows around it were rehashed to hide the move.
    """
    breaks: list[ChainBreak] = []
    heads: dict[str, ChainHead] = {}
    counted = 0
    chain: str | None = None
    previous_hash = GENESIS_HASH
    previous_place = 0
    for entry, stored_hash in rows:
        counted += 1
        if entry.chain != chain:
            chain, previous_hash, previous_place = entry.chain, GENESIS_HASH, 0
        if chain != LEGACY_CHAIN and chain_key(entry.wilayah_kode) != chain:
            breaks.append(_break(entry, ChainBreakKind.WRONG_CHAIN))
        breaks.extend(_row_breaks(entry, stored_hash, previous_place, previous_hash))
        previous_hash, previous_place = stored_hash, entry.place
        heads[chain] = ChainHead(chain=chain, position=entry.place, hash=stored_hash)
    return ChainsVerification(rows=counted, breaks=breaks, heads=heads)


def heads_root(heads: Iterable[ChainHead]) -> str:
    """Return one SHA-256 over every chain's head: a single value to publish for all chains."""
    canonical = json.dumps(
        sorted([h.chain, h.position, h.hash] for h in heads), separators=(",", ":")
    ).encode()
    return hashlib.sha256(canonical).hexdigest()
