"""The audit log partitioned per kab/kota: tampering in any chain is caught and named.

Each case writes rows into three chains (two kab/kota and the national one) through
``audit_record``, tampers with one chain in the real database, and checks that ``audit_verify``
names that chain and row, while the other chains stay intact.
"""

from __future__ import annotations

import base64
import importlib
import json
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from selenggara.core.audit import (
    CHECKPOINT_FILE,
    _signing_key,
    audit_checkpoint,
    audit_record,
    audit_verify,
)
from selenggara.core.domain.audit_chain import (
    GENESIS_HASH,
    LEGACY_CHAIN,
    AuditEntry,
    ChainBreak,
    ChainBreakKind,
    entry_hash,
)
from selenggara.core.domain.audit_checkpoint import Checkpoint, CheckpointVerdict
from selenggara.core.models import AuditLog
from selenggara.core.tests.migrations import migrate_latest, migrate_to

pytestmark = pytest.mark.django_db

REGIONS = {"33.03": "33.03.01.2001", "33.01": "3301012001001", "nasional": ""}


def _world(per_chain: int = 4) -> dict[str, list[AuditLog]]:
    """Write ``per_chain`` rows into each chain, interleaved like concurrent regions."""
    rows: dict[str, list[AuditLog]] = {chain: [] for chain in REGIONS}
    for i in range(per_chain):
        for chain, kode in REGIONS.items():
            rows[chain].append(
                audit_record(
                    actor=None,
                    action="c_hasil.submit",
                    target=("tungsura.chasilversi", f"{chain}-{i}"),
                    wilayah_kode=kode,
                    after={"versi": i},
                )
            )
    return rows


def _raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _insert(row: AuditLog) -> None:
    """Insert ``row`` as given, bypassing ``audit_record`` (an attacker with database access)."""
    AuditLog.objects.bulk_create([row])


def _forge_after(previous: AuditLog, *, seq: int, after: Any) -> AuditLog:
    """Return a well-hashed row linked to ``previous``, at the position after it."""
    entry = replace(
        previous.to_entry(),
        seq=seq,
        position=previous.urut + 1,
        after=after,
        prev_hash=previous.hash,
    )
    return AuditLog(
        seq=seq,
        at=previous.at,
        actor_label=entry.actor_label,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        wilayah_kode=entry.wilayah_kode,
        before=entry.before,
        after=entry.after,
        reason=entry.reason,
        prev_hash=entry.prev_hash,
        hash=entry_hash(entry),
        rantai=entry.chain,
        urut=entry.position,
    )


def test_each_kabkota_and_the_nation_has_its_own_chain_from_genesis():
    rows = _world(3)

    for chain, chain_rows in rows.items():
        assert [(r.rantai, r.urut) for r in chain_rows] == [(chain, 1), (chain, 2), (chain, 3)]
        assert chain_rows[0].prev_hash == GENESIS_HASH
        assert chain_rows[2].prev_hash == chain_rows[1].hash
    result = audit_verify()
    assert (result.ok, result.rows_checked, sorted(result.heads)) == (
        True,
        9,
        ["33.01", "33.03", "nasional"],
    )


@pytest.mark.parametrize("chain", list(REGIONS))
def test_an_edited_row_is_named_with_its_chain(chain):
    rows = _world()
    victim = rows[chain][1]
    _raw("UPDATE core_auditlog SET after = %s WHERE seq = %s", ['{"versi": 99}', victim.seq])

    assert audit_verify().breaks == [
        ChainBreak(seq=victim.seq, kind=ChainBreakKind.EDITED, chain=chain, position=2)
    ]


@pytest.mark.parametrize("chain", list(REGIONS))
def test_a_deleted_middle_row_is_named_with_its_chain(chain):
    rows = _world()
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [rows[chain][1].seq])

    assert audit_verify().breaks == [
        ChainBreak(
            seq=rows[chain][2].seq, kind=ChainBreakKind.DELETED_BEFORE, chain=chain, position=3
        )
    ]


@pytest.mark.parametrize("chain", list(REGIONS))
def test_an_inserted_row_is_caught_even_when_well_hashed(chain):
    rows = _world()
    # A forged row after position 2, renumbering nothing: position 3 now appears twice-linked.
    top = AuditLog.objects.order_by("-seq").values_list("seq", flat=True)[0]
    forged = _forge_after(rows[chain][1], seq=top + 1, after={"versi": 42})
    _raw("UPDATE core_auditlog SET urut = urut + 100 WHERE rantai = %s AND urut >= 3", [chain])
    _insert(forged)
    # ...and the original rows 3 and 4 put back after it, as an insertion would leave them.
    _raw("UPDATE core_auditlog SET urut = urut - 99 WHERE rantai = %s AND urut >= 100", [chain])

    breaks = audit_verify().breaks

    assert {(b.chain, b.kind) for b in breaks} == {
        (chain, ChainBreakKind.LINK_BROKEN),
        (chain, ChainBreakKind.EDITED),
    }
    assert (
        ChainBreak(seq=rows[chain][2].seq, kind=ChainBreakKind.LINK_BROKEN, chain=chain, position=4)
        in breaks
    )


@pytest.mark.parametrize("chain", list(REGIONS))
def test_a_deleted_tail_is_caught_by_the_checkpoint_of_every_chain(chain, capsys):
    rows = _world()
    audit_checkpoint(reason="jadwal")
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [rows[chain][3].seq])

    result = audit_verify()

    assert result.breaks == []
    assert result.checkpoint.verdict is CheckpointVerdict.HEAD_MISSING
    assert [(c.chain, c.position) for c in result.checkpoint.chains] == [(chain, 4)]
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert f"mencatat rantai {chain} sampai urutan 4" in capsys.readouterr().err


def test_a_wholly_deleted_chain_is_caught_by_the_checkpoint():
    _world()
    audit_checkpoint(reason="jadwal")
    _raw("DELETE FROM core_auditlog WHERE rantai = %s", ["33.01"])

    result = audit_verify()

    assert result.breaks == []
    assert [(c.chain, c.verdict) for c in result.checkpoint.chains] == [
        ("33.01", CheckpointVerdict.HEAD_MISSING)
    ]


def test_a_row_moved_to_another_chain_is_named(capsys):
    rows = _world()
    # Move the last national row into 33.03's chain, rehashed and linked: only its region
    # betrays it.
    top = AuditLog.objects.order_by("-seq").values_list("seq", flat=True)[0]
    moved = _forge_after(rows["33.03"][3], seq=top + 1, after={"versi": 3})
    moved.wilayah_kode = ""
    entry = replace(moved.to_entry(), wilayah_kode="")
    moved.hash = entry_hash(entry)
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [rows["nasional"][3].seq])
    _insert(moved)

    breaks = audit_verify(against_checkpoint=False).breaks

    assert breaks == [
        ChainBreak(seq=moved.seq, kind=ChainBreakKind.WRONG_CHAIN, chain="33.03", position=5)
    ]
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "tidak termasuk rantai itu" in capsys.readouterr().err


def test_tampering_in_one_chain_leaves_the_others_vouched():
    rows = _world()
    audit_checkpoint(reason="jadwal")
    _raw("UPDATE core_auditlog SET reason = %s WHERE seq = %s", ["x", rows["33.01"][0].seq])
    _world(1)

    result = audit_verify()

    assert {b.chain for b in result.breaks} == {"33.01"}
    assert result.checkpoint.verdict is CheckpointVerdict.VOUCHED
    assert result.checkpoint.rows_after == 3


def _legacy_rows(n: int) -> list[AuditEntry]:
    """Rows as the one global chain wrote them before the partitioning (version-1 hashes)."""
    made: list[AuditEntry] = []
    prev = GENESIS_HASH
    now = timezone.now()
    for seq in range(1, n + 1):
        entry = AuditEntry(
            seq=seq,
            at=now.isoformat(timespec="microseconds"),
            actor_id=None,
            actor_label="sistem",
            action="tps.update",
            target_type="pemilihan.tps",
            target_id=str(seq),
            wilayah_kode="33.03.01.2001",
            before=None,
            after={"dpt": seq},
            reason="",
            prev_hash=prev,
        )
        prev = entry_hash(entry)
        made.append(entry)
    return made


def _legacy_checkpoint(settings, seq: int, head: str) -> None:
    """Append a version-1 checkpoint line, signed as round one wrote them."""
    cp = Checkpoint(seq=seq, head_hash=head, at="2026-12-01T10:00:00+00:00", reason="lama")
    signature = base64.b64encode(_signing_key().sign(cp.payload())).decode()
    line = {"seq": seq, "head_hash": head, "at": cp.at, "reason": cp.reason, "signature": signature}
    path = settings.SELENGGARA_AUDIT_DIR / CHECKPOINT_FILE
    path.write_text(json.dumps(line) + "\n")


def test_rows_from_before_the_partitioning_stay_a_verifiable_global_chain(settings):
    entries = _legacy_rows(3)
    AuditLog.objects.bulk_create(
        AuditLog(
            seq=e.seq,
            at=datetime.fromisoformat(e.at),
            actor_label=e.actor_label,
            action=e.action,
            target_type=e.target_type,
            target_id=e.target_id,
            wilayah_kode=e.wilayah_kode,
            before=e.before,
            after=e.after,
            reason=e.reason,
            prev_hash=e.prev_hash,
            hash=entry_hash(e),
            rantai=LEGACY_CHAIN,
            urut=e.seq,
        )
        for e in entries
    )
    _legacy_checkpoint(settings, 3, entry_hash(entries[2]))
    if connection.vendor == "postgresql":
        _raw("SELECT setval('core_auditlog_seq_global', 4, false)", [])
    new = audit_record(actor=None, action="x.y", target=("a.b", "1"), wilayah_kode="33.03.01")

    result = audit_verify()

    assert (new.rantai, new.urut, new.prev_hash) == ("33.03", 1, GENESIS_HASH)
    assert result.ok is True
    assert result.checkpoint.verdict is CheckpointVerdict.VOUCHED
    assert sorted(result.heads) == ["33.03", LEGACY_CHAIN]
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [3])
    assert audit_verify().checkpoint.verdict is CheckpointVerdict.HEAD_MISSING
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [2])
    assert audit_verify().breaks == []  # the tail of a closed chain: only the checkpoint sees it
    _raw("UPDATE core_auditlog SET reason = %s WHERE seq = %s", ["x", 1])
    assert audit_verify().breaks == [ChainBreak(seq=1, kind=ChainBreakKind.EDITED)]


migration = importlib.import_module("selenggara.core.migrations.0003_audit_chain_per_kabkota")


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_rows_as_the_global_chain(settings):
    migrate_to(("core", "0002_cache_table"))
    entries = _legacy_rows(4)
    with connection.cursor() as cursor:
        for e in entries:
            cursor.execute(
                "INSERT INTO core_auditlog (seq, at, actor_label, action, target_type, "
                "target_id, wilayah_kode, before, after, reason, prev_hash, hash) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, %s, %s, %s, %s)",
                [
                    e.seq,
                    datetime.fromisoformat(e.at),
                    e.actor_label,
                    e.action,
                    e.target_type,
                    e.target_id,
                    e.wilayah_kode,
                    json.dumps(e.after),
                    e.reason,
                    e.prev_hash,
                    entry_hash(e),
                ],
            )
    _legacy_checkpoint(settings, 4, entry_hash(entries[3]))
    migrate_latest()

    stored = list(AuditLog.objects.order_by("seq").values_list("seq", "rantai", "urut"))
    assert stored == [(i, LEGACY_CHAIN, i) for i in range(1, 5)]
    new = audit_record(actor=None, action="x.y", target=("a.b", "1"), wilayah_kode="")
    assert (new.seq, new.rantai, new.urut) == (5, "nasional", 1)
    result = audit_verify()
    assert result.ok is True
    assert result.checkpoint.verdict is CheckpointVerdict.VOUCHED
    assert migration.SEQUENCE == "core_auditlog_seq_global"
