import pytest

from selenggara.core.domain.audit_chain import LEGACY_CHAIN, ChainHead
from selenggara.core.domain.audit_checkpoint import (
    ChainFinding,
    Checkpoint,
    CheckpointVerdict,
    checkpoint_compare,
)

AT = "2026-12-02T10:00:00+00:00"
A, B = (
    ChainHead(chain="33.03", position=5, hash="a" * 64),
    ChainHead(chain="nasional", position=2, hash="b" * 64),
)
CP = Checkpoint(seq=9, head_hash="r" * 64, at=AT, reason="jadwal", heads=(A, B))
EMPTY = Checkpoint(seq=0, head_hash="r" * 64, at=AT, reason="jadwal", heads=())
V1 = Checkpoint(seq=5, head_hash="a" * 64, at=AT, reason="jadwal")  # before the partitioning
V1_EMPTY = Checkpoint(seq=0, head_hash="0" * 64, at=AT, reason="jadwal")


def test_version_1_payload_is_unchanged_canonical_json():
    assert V1.payload() == (
        b'{"at":"2026-12-02T10:00:00+00:00","head_hash":"' + b"a" * 64 + b'","reason":"jadwal",'
        b'"seq":5}'
    )


def test_version_2_payload_signs_every_head_in_chain_order():
    reordered = Checkpoint(seq=9, head_hash="r" * 64, at=AT, reason="jadwal", heads=(B, A))

    assert CP.payload() == reordered.payload()
    assert b'"heads":[["33.03",5,"' + b"a" * 64 + b'"],["nasional",2,"' in CP.payload()


def test_a_version_1_checkpoint_is_the_head_of_the_global_chain():
    assert V1.chain_heads() == {
        LEGACY_CHAIN: ChainHead(chain=LEGACY_CHAIN, position=5, hash="a" * 64)
    }
    assert V1_EMPTY.chain_heads() == {}
    assert CP.chain_heads() == {"33.03": A, "nasional": B}


OK_HASHES = {"33.03": "a" * 64, "nasional": "b" * 64}
OK_LAST = {"33.03": 7, "nasional": 2, "33.01": 4}


@pytest.mark.parametrize(
    ("checkpoint", "signed", "stored", "last", "expected"),
    [
        pytest.param(None, False, {}, OK_LAST, (CheckpointVerdict.NONE, 0, ()), id="none"),
        pytest.param(
            CP, False, OK_HASHES, OK_LAST, (CheckpointVerdict.BAD_SIGNATURE, 0, ()), id="signature"
        ),
        pytest.param(
            CP,
            True,
            OK_HASHES,
            OK_LAST,
            (CheckpointVerdict.VOUCHED, 6, ()),
            id="vouched-new-chain-counts-after",
        ),
        pytest.param(
            CP,
            True,
            OK_HASHES,
            {"33.03": 5, "nasional": 2},
            (CheckpointVerdict.VOUCHED, 0, ()),
            id="at-the-heads",
        ),
        pytest.param(
            CP,
            True,
            {"33.03": None, "nasional": "b" * 64},
            {"33.03": 4, "nasional": 2},
            (
                CheckpointVerdict.HEAD_MISSING,
                0,
                (ChainFinding(chain="33.03", verdict=CheckpointVerdict.HEAD_MISSING, position=5),),
            ),
            id="tail-deleted-in-one-chain",
        ),
        pytest.param(
            CP,
            True,
            {"33.03": "a" * 64},
            {"33.03": 5},
            (
                CheckpointVerdict.HEAD_MISSING,
                0,
                (
                    ChainFinding(
                        chain="nasional", verdict=CheckpointVerdict.HEAD_MISSING, position=2
                    ),
                ),
            ),
            id="whole-chain-deleted",
        ),
        pytest.param(
            CP,
            True,
            {"33.03": None, "nasional": "b" * 64},
            {"33.03": 9, "nasional": 2},
            (
                CheckpointVerdict.HEAD_MISSING,
                4,
                (ChainFinding(chain="33.03", verdict=CheckpointVerdict.HEAD_MISSING, position=5),),
            ),
            id="gap-at-the-head",
        ),
        pytest.param(
            CP,
            True,
            {"33.03": "c" * 64, "nasional": "d" * 64},
            {"33.03": 5, "nasional": 2},
            (
                CheckpointVerdict.HEAD_CHANGED,
                0,
                (
                    ChainFinding(chain="33.03", verdict=CheckpointVerdict.HEAD_CHANGED, position=5),
                    ChainFinding(
                        chain="nasional", verdict=CheckpointVerdict.HEAD_CHANGED, position=2
                    ),
                ),
            ),
            id="heads-rewritten",
        ),
        pytest.param(
            EMPTY, True, {}, {"33.03": 3}, (CheckpointVerdict.VOUCHED, 3, ()), id="empty-log"
        ),
        pytest.param(
            V1,
            True,
            {LEGACY_CHAIN: "a" * 64},
            {LEGACY_CHAIN: 5, "33.03": 2},
            (CheckpointVerdict.VOUCHED, 2, ()),
            id="version-1-vouches-the-global-chain",
        ),
        pytest.param(
            V1_EMPTY,
            True,
            {},
            {"33.03": 3},
            (CheckpointVerdict.VOUCHED, 3, ()),
            id="version-1-empty",
        ),
    ],
)
def test_checkpoint_compare(checkpoint, signed, stored, last, expected):
    finding = checkpoint_compare(
        checkpoint=checkpoint, signature_valid=signed, stored_hashes=stored, last_positions=last
    )

    assert (finding.verdict, finding.rows_after, finding.chains) == expected
    assert finding.ok is (expected[0] in (CheckpointVerdict.NONE, CheckpointVerdict.VOUCHED))
    assert finding.checkpoint is checkpoint
