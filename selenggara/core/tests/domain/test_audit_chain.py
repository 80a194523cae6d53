from dataclasses import replace
from typing import Any

import pytest

from selenggara.core.domain.audit_chain import (
    GENESIS_HASH,
    LEGACY_CHAIN,
    NATIONAL_CHAIN,
    AuditEntry,
    ChainBreak,
    ChainBreakKind,
    ChainHead,
    ChainsVerification,
    chain_key,
    entry_hash,
    heads_root,
    verify_chain,
    verify_chains,
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


# --- Partitioned chains (docs/adr/0014) ---------------------------------------------------


@pytest.mark.parametrize(
    ("kode", "chain"),
    [
        ("33.03.01.2001", "33.03"),
        ("3303012001001", "33.03"),
        ("33.03", "33.03"),
        ("3303", "33.03"),
        ("33.0", "33"),
        ("33", "33"),
        ("3", "nasional"),
        ("", "nasional"),
        ("kpu-ri", "nasional"),
    ],
)
def test_chain_key_is_the_kabkota_then_the_province_then_the_nation(kode, chain):
    assert chain_key(kode) == chain


def build_partitioned(
    chain: str, kode: str, length: int, first_seq: int
) -> list[tuple[AuditEntry, str]]:
    rows: list[tuple[AuditEntry, str]] = []
    prev = GENESIS_HASH
    for position in range(1, length + 1):
        entry = AuditEntry(
            seq=first_seq + position * 10,
            at=f"2026-12-02T10:00:{position:02d}.000000+00:00",
            actor_id=None,
            actor_label="sistem",
            action="c_hasil.submit",
            target_type="tungsura.chasilversi",
            target_id=f"{chain}-{position}",
            wilayah_kode=kode,
            before=None,
            after={"versi": position},
            reason="",
            prev_hash=prev,
            chain=chain,
            position=position,
        )
        prev = entry_hash(entry)
        rows.append((entry, prev))
    return rows


def test_a_partitioned_hash_covers_its_chain_and_position():
    entry = build_partitioned("33.03", "33.03.01", 1, 0)[0][0]

    assert entry_hash(replace(entry, chain="33.01")) != entry_hash(entry)
    assert entry_hash(replace(entry, position=2)) != entry_hash(entry)
    assert entry_hash(replace(entry, chain=LEGACY_CHAIN)) != entry_hash(entry)
    assert b'"chain":"33.03"' in entry.canonical()
    assert b'"chain"' not in build_chain(1)[0][0].canonical()


def _log() -> list[tuple[AuditEntry, str]]:
    return (
        build_chain(3)
        + build_partitioned("33.01", "33.01.02", 2, 1)
        + build_partitioned("33.03", "3303012001", 3, 2)
        + build_partitioned(NATIONAL_CHAIN, "", 2, 3)
    )


def test_every_chain_verifies_on_its_own_and_reports_its_head():
    log = _log()

    result = verify_chains(log)

    assert (result.rows, result.breaks) == (10, [])
    assert result.heads == {
        LEGACY_CHAIN: ChainHead(chain=LEGACY_CHAIN, position=3, hash=log[2][1]),
        "33.01": ChainHead(chain="33.01", position=2, hash=log[4][1]),
        "33.03": ChainHead(chain="33.03", position=3, hash=log[7][1]),
        NATIONAL_CHAIN: ChainHead(chain=NATIONAL_CHAIN, position=2, hash=log[9][1]),
    }


def test_an_empty_log_has_no_chains():
    assert verify_chains([]) == ChainsVerification(rows=0)


def test_a_break_in_one_chain_is_named_with_that_chain_and_position():
    log = _log()
    del log[6]  # 33.03 position 2

    assert verify_chains(log).breaks == [
        ChainBreak(seq=32, kind=ChainBreakKind.DELETED_BEFORE, chain="33.03", position=3)
    ]


def test_a_row_in_the_chain_of_another_region_is_named():
    log = build_partitioned("33.03", "33.01.02.2001", 2, 0)

    assert verify_chains(log).breaks == [
        ChainBreak(seq=10, kind=ChainBreakKind.WRONG_CHAIN, chain="33.03", position=1),
        ChainBreak(seq=20, kind=ChainBreakKind.WRONG_CHAIN, chain="33.03", position=2),
    ]


def test_the_heads_root_is_one_order_free_digest_of_every_head():
    a = ChainHead(chain="33.03", position=3, hash="a" * 64)
    b = ChainHead(chain="nasional", position=1, hash="b" * 64)

    assert heads_root([a, b]) == heads_root([b, a])
    assert heads_root([a, b]) != heads_root([a, replace(b, position=2)])
    assert len(heads_root([])) == 64
