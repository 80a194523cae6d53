import pytest

from selenggara.core.domain.audit_checkpoint import (
    Checkpoint,
    CheckpointVerdict,
    checkpoint_compare,
)

CP = Checkpoint(seq=5, head_hash="a" * 64, at="2026-12-02T10:00:00+00:00", reason="jadwal")
EMPTY = Checkpoint(seq=0, head_hash="0" * 64, at="2026-12-02T10:00:00+00:00", reason="jadwal")


def test_payload_is_canonical_json():
    assert CP.payload() == (
        b'{"at":"2026-12-02T10:00:00+00:00","head_hash":"' + b"a" * 64 + b'","reason":"jadwal",'
        b'"seq":5}'
    )


@pytest.mark.parametrize(
    ("checkpoint", "signed", "stored", "last_seq", "expected"),
    [
        pytest.param(None, False, None, 9, (CheckpointVerdict.NONE, 0, True), id="none"),
        pytest.param(CP, False, "a" * 64, 9, (CheckpointVerdict.BAD_SIGNATURE, 0, False), id="sig"),
        pytest.param(CP, True, "a" * 64, 9, (CheckpointVerdict.VOUCHED, 4, True), id="vouched"),
        pytest.param(CP, True, "a" * 64, 5, (CheckpointVerdict.VOUCHED, 0, True), id="at-head"),
        pytest.param(CP, True, None, 4, (CheckpointVerdict.HEAD_MISSING, 0, False), id="deleted"),
        pytest.param(CP, True, None, 9, (CheckpointVerdict.HEAD_MISSING, 4, False), id="gap"),
        pytest.param(CP, True, "b" * 64, 9, (CheckpointVerdict.HEAD_CHANGED, 4, False), id="edit"),
        pytest.param(EMPTY, True, None, 3, (CheckpointVerdict.VOUCHED, 3, True), id="empty-log"),
    ],
)
def test_checkpoint_compare(checkpoint, signed, stored, last_seq, expected):
    finding = checkpoint_compare(
        checkpoint=checkpoint,
        signature_valid=signed,
        stored_hash_at_seq=stored,
        last_seq=last_seq,
    )

    assert (finding.verdict, finding.rows_after, finding.ok) == expected
    assert finding.checkpoint is checkpoint
