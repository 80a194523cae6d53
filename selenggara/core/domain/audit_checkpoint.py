"""Checkpoints of the audit chains' heads, and what a checkpoint lets a verifier vouch for.

A chain alone cannot show that its newest rows were deleted: what is left is still a valid
chain. A checkpoint records the head (position and hash) of **every** chain at a moment,
signed and kept outside the database; a later verification that no longer finds a chain's
checkpointed head, or finds that chain shorter, knows rows were removed from it, in whichever
partition. A checkpoint written before the partitioning (version 1) holds the one global
chain's head (``seq``, ``head_hash``) and is read as the head of the ``global`` chain. Pure
Python: signing and storage live in ``core.audit``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from selenggara.core.domain.audit_chain import LEGACY_CHAIN, ChainHead


@dataclass(frozen=True, slots=True, kw_only=True)
class Checkpoint:
    """Every chain's head at one moment.

    ``heads`` is None for a version-1 checkpoint (one global chain whose head is ``seq`` and
    ``head_hash``). For version 2, ``seq`` is the newest row's number when it was taken and
    ``head_hash`` the root over all heads (``audit_chain.heads_root``): one value to publish.
    """

    seq: int
    head_hash: str
    at: str  # ISO 8601, UTC
    reason: str
    heads: tuple[ChainHead, ...] | None = None

    def payload(self) -> bytes:
        """Return the bytes that are signed: sorted-key compact JSON, UTF-8."""
        data: dict[str, object] = {
            "seq": self.seq,
            "head_hash": self.head_hash,
            "at": self.at,
            "reason": self.reason,
        }
        if self.heads is not None:
            data["heads"] = sorted([h.chain, h.position, h.hash] for h in self.heads)
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def chain_heads(self) -> dict[str, ChainHead]:
        """Return the checkpointed head of each chain, by chain."""
        if self.heads is not None:
            return {h.chain: h for h in self.heads}
        if self.seq == 0:
            return {}
        return {LEGACY_CHAIN: ChainHead(chain=LEGACY_CHAIN, position=self.seq, hash=self.head_hash)}


class CheckpointVerdict(StrEnum):
    NONE = "none"  # no checkpoint yet: the chains are checked, their ends cannot be vouched for
    VOUCHED = "vouched"  # every checkpointed head is still in the log, unchanged
    HEAD_MISSING = "head_missing"  # a chain is shorter than the checkpoint: newest rows deleted
    HEAD_CHANGED = "head_changed"  # the row at a checkpointed position has another hash
    BAD_SIGNATURE = "bad_signature"  # the checkpoint itself was not signed by our key


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainFinding:
    """What the checkpoint says about one chain that failed it."""

    chain: str
    verdict: CheckpointVerdict
    position: int  # the checkpointed head's position in that chain


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckpointFinding:
    verdict: CheckpointVerdict
    checkpoint: Checkpoint | None = None
    rows_after: int = 0  # rows newer than the checkpoint, covered only by their chains
    chains: tuple[ChainFinding, ...] = ()  # every chain that failed, in chain order

    @property
    def ok(self) -> bool:
        return self.verdict in (CheckpointVerdict.NONE, CheckpointVerdict.VOUCHED)


NOT_COMPARED = CheckpointFinding(verdict=CheckpointVerdict.NONE)


def checkpoint_compare(
    *,
    checkpoint: Checkpoint | None,
    signature_valid: bool,
    stored_hashes: Mapping[str, str | None],
    last_positions: Mapping[str, int],
) -> CheckpointFinding:
    """Compare the latest checkpoint with what the log holds now, chain by chain.

    ``stored_hashes[chain]`` is the hash of the row at the checkpointed position of that chain
    today (None or absent when no such row exists); ``last_positions`` the newest position of
    every chain in the log now.
    """
    if checkpoint is None:
        return CheckpointFinding(verdict=CheckpointVerdict.NONE)
    if not signature_valid:
        return CheckpointFinding(verdict=CheckpointVerdict.BAD_SIGNATURE, checkpoint=checkpoint)
    heads = checkpoint.chain_heads()
    failed: list[ChainFinding] = []
    for chain in sorted(heads):
        head = heads[chain]
        stored = stored_hashes.get(chain)
        if stored is None or last_positions.get(chain, 0) < head.position:
            verdict = CheckpointVerdict.HEAD_MISSING
        elif stored != head.hash:
            verdict = CheckpointVerdict.HEAD_CHANGED
        else:
            continue
        failed.append(ChainFinding(chain=chain, verdict=verdict, position=head.position))
    rows_after = sum(
        max(last - (heads[chain].position if chain in heads else 0), 0)
        for chain, last in last_positions.items()
    )
    return CheckpointFinding(
        verdict=failed[0].verdict if failed else CheckpointVerdict.VOUCHED,
        checkpoint=checkpoint,
        rows_after=rows_after,
        chains=tuple(failed),
    )
