"""Checkpoints of the audit chain's head, and what a checkpoint lets a verifier vouch for.

The chain alone cannot show that its newest rows were deleted: what is left is still a valid
chain. A checkpoint records the head (sequence number and hash) at a moment, signed and kept
outside the database; a later verification that no longer finds that head, or finds the log
shorter, knows rows were removed. Pure Python: signing and storage live in ``core.audit``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True, kw_only=True)
class Checkpoint:
    """The chain head at one moment: the last row's ``seq`` and ``head_hash``."""

    seq: int
    head_hash: str
    at: str  # ISO 8601, UTC
    reason: str

    def payload(self) -> bytes:
        """Return the bytes that are signed: sorted-key compact JSON, UTF-8."""
        return json.dumps(
            {"seq": self.seq, "head_hash": self.head_hash, "at": self.at, "reason": self.reason},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()


class CheckpointVerdict(StrEnum):
    NONE = "none"  # no checkpoint yet: the chain is checked, its end cannot be vouched for
    VOUCHED = "vouched"  # the checkpointed head is still in the log, unchanged
    HEAD_MISSING = "head_missing"  # the log is shorter than the checkpoint: newest rows deleted
    HEAD_CHANGED = "head_changed"  # the row at the checkpoint's seq has another hash
    BAD_SIGNATURE = "bad_signature"  # the checkpoint itself was not signed by our key


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckpointFinding:
    verdict: CheckpointVerdict
    checkpoint: Checkpoint | None = None
    rows_after: int = 0  # rows newer than the checkpoint, covered only by the chain

    @property
    def ok(self) -> bool:
        return self.verdict in (CheckpointVerdict.NONE, CheckpointVerdict.VOUCHED)


NOT_COMPARED = CheckpointFinding(verdict=CheckpointVerdict.NONE)


def checkpoint_compare(
    *,
    checkpoint: Checkpoint | None,
    signature_valid: bool,
    stored_hash_at_seq: str | None,
    last_seq: int,
) -> CheckpointFinding:
    """Compare the latest checkpoint with what the log holds now.

    ``stored_hash_at_seq`` is the hash of the row numbered ``checkpoint.seq`` today (None when
    no such row exists); ``last_seq`` the newest row's number (0 for an empty log).
    """
    if checkpoint is None:
        return CheckpointFinding(verdict=CheckpointVerdict.NONE)
    if not signature_valid:
        return CheckpointFinding(verdict=CheckpointVerdict.BAD_SIGNATURE, checkpoint=checkpoint)
    if checkpoint.seq == 0:
        verdict = CheckpointVerdict.VOUCHED
    elif stored_hash_at_seq is None or last_seq < checkpoint.seq:
        verdict = CheckpointVerdict.HEAD_MISSING
    elif stored_hash_at_seq != checkpoint.head_hash:
        verdict = CheckpointVerdict.HEAD_CHANGED
    else:
        verdict = CheckpointVerdict.VOUCHED
    return CheckpointFinding(
        verdict=verdict, checkpoint=checkpoint, rows_after=max(last_seq - checkpoint.seq, 0)
    )
