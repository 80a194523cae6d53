from dataclasses import replace
from typing import Any

import pytest

from selenggara.core.domain.audit_chain import (
    GENESIS_HASH,
    AuditEntry,
    ChainBreak,
    ChainBreakKind,
    entry_hash,
    verify_chain,
)


def build_chain(length: int) -> list[tuple[AuditEntry, str]]:
    rows: list[tuple[AuditEntry, str]] = []
    prev = GENESIS_HASH
    for seq in range(1, length + 1):
        entry = AuditEntry(
            seq=seq,
            at=f"2026-11-23T10:00:{seq:02d}.000000+00:00",
            actor_id=7,
            actor_label="pps.kedungbenda",
            action="tps.update",
            target_type="pemilihan.tps",
            target_id=str(100 + seq),
            wilayah_kode="33.03.01.2001",
            before={"dpt": seq},
            after={"dpt": seq + 1, "catatan": "perbaikan DPT"},
            reason="",
            prev_hash=prev,
        )
        prev = entry_hash(entry)
        rows.append((entry, prev))
    return rows


def test_intact_chain_has_no_breaks():
    assert verify_chain(build_chain(5)) == []


def test_empty_chain_has_no_breaks():
    assert verify_chain([]) == []


def test_hash_is_stable_and_covers_every_field():
    entry = build_chain(1)[0][0]
    assert entry_hash(entry) == entry_hash(replace(entry))
    changed: dict[str, Any] = {
        "seq": 2,
        "at": "2026-11-23T10:00:02.000000+00:00",
        "actor_id": 8,
        "actor_label": "x",
        "action": "tps.delete",
        "target_type": "x.y",
        "target_id": "999",
        "wilayah_kode": "33",
        "before": {"dpt": 0},
        "after": None,
        "reason": "r",
        "prev_hash": "1" * 64,
    }
    for field, value in changed.items():
        assert entry_hash(replace(entry, **{field: value})) != entry_hash(entry), field


def _edit(rows, index):
    entry, stored = rows[index]
    rows[index] = (replace(entry, after={"dpt": 999}), stored)
    return rows


def _delete(rows, index):
    del rows[index]
    return rows


def _replace_with_forgery(rows, index):
    entry, _ = rows[index]
    forged = replace(entry, after={"dpt": 0})
    rows[index] = (forged, entry_hash(forged))
    return rows


def _swap(rows, index):
    rows[index], rows[index + 1] = rows[index + 1], rows[index]
    return rows


def _bad_genesis(rows, index):
    entry, _ = rows[index]
    forged = replace(entry, prev_hash="f" * 64)
    rows[index] = (forged, entry_hash(forged))
    return rows


@pytest.mark.parametrize(
    ("tamper", "index", "expected"),
    [
        pytest.param(_edit, 2, [ChainBreak(seq=3, kind=ChainBreakKind.EDITED)], id="edited-row"),
        pytest.param(
            _delete, 2, [ChainBreak(seq=4, kind=ChainBreakKind.DELETED_BEFORE)], id="deleted-row"
        ),
        pytest.param(
            _delete, 0, [ChainBreak(seq=2, kind=ChainBreakKind.DELETED_BEFORE)], id="deleted-first"
        ),
        pytest.param(
            _replace_with_forgery,
            2,
            [ChainBreak(seq=4, kind=ChainBreakKind.LINK_BROKEN)],
            id="row-replaced-with-rehashed-forgery",
        ),
        pytest.param(
            _swap,
            1,
            [
                ChainBreak(seq=3, kind=ChainBreakKind.DELETED_BEFORE),
                ChainBreak(seq=2, kind=ChainBreakKind.OUT_OF_ORDER),
                ChainBreak(seq=4, kind=ChainBreakKind.DELETED_BEFORE),
            ],
            id="rows-reordered",
        ),
        pytest.param(
            _bad_genesis,
            0,
            [
                ChainBreak(seq=1, kind=ChainBreakKind.BAD_GENESIS),
                ChainBreak(seq=2, kind=ChainBreakKind.LINK_BROKEN),
            ],
            id="bad-genesis",
        ),
    ],
)
def test_verify_chain_names_the_broken_row(tamper, index, expected):
    rows = tamper(build_chain(5), index)

    assert verify_chain(rows) == expected


def test_inserted_row_with_valid_hash_is_detected():
    rows = build_chain(4)
    entry, stored = rows[1]
    inserted = replace(entry, seq=3, after={"dpt": 42}, prev_hash=stored)
    rows.insert(2, (inserted, entry_hash(inserted)))

    breaks = verify_chain(rows)

    assert ChainBreak(seq=3, kind=ChainBreakKind.OUT_OF_ORDER) in breaks
