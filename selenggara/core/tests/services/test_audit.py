import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from selenggara.core.audit import (
    CHECKPOINT_FILE,
    CHECKPOINT_KEY_FILE,
    CHECKPOINT_PUBLIC_KEY_FILE,
    audit_checkpoint,
    audit_checkpoint_latest,
    audit_record,
    audit_verify,
)
from selenggara.core.domain.audit_chain import (
    GENESIS_HASH,
    ChainBreak,
    ChainBreakKind,
    heads_root,
)
from selenggara.core.domain.audit_checkpoint import CheckpointVerdict
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db

KAB = "33.03"


def _record(n: int, *, wilayah_kode: str = "33.03.01.2001", **extra) -> list[AuditLog]:
    return [
        audit_record(
            actor=None,
            action="tps.update",
            target=("pemilihan.tps", str(i)),
            wilayah_kode=wilayah_kode,
            before={"dpt": i},
            after={"dpt": i + 1},
            reason="uji",
            **extra,
        )
        for i in range(n)
    ]


def _raw(sql: str, params: list[str | int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_rows_are_chained_from_genesis_within_their_kabkota():
    rows = _record(3)

    assert [(r.rantai, r.urut) for r in rows] == [(KAB, 1), (KAB, 2), (KAB, 3)]
    assert rows[0].seq < rows[1].seq < rows[2].seq
    assert rows[0].prev_hash == GENESIS_HASH
    assert rows[1].prev_hash == rows[0].hash
    assert rows[0].actor_label == "sistem"


def test_stored_rows_verify_after_reading_back():
    rows = _record(4)

    result = audit_verify()

    assert result.ok is True
    assert result.rows_checked == 4
    assert result.head_hash == rows[3].hash
    assert result.last_seq == rows[3].seq


def test_values_with_dates_and_unicode_survive_the_round_trip():
    import datetime

    audit_record(
        actor=None,
        action="pemilihan.create",
        target=("pemilihan.pemilihan", "1"),
        after={"hari": datetime.date(2024, 2, 14), "nama": "Pemilu Ñ 2024 — uji", "n": [1, 2]},
    )

    assert audit_verify().ok is True


def test_verify_detects_an_edited_row():
    rows = _record(3)
    _raw("UPDATE core_auditlog SET after = %s WHERE seq = %s", ['{"dpt": 999}', rows[1].seq])

    result = audit_verify()

    assert result.breaks == [
        ChainBreak(seq=rows[1].seq, kind=ChainBreakKind.EDITED, chain=KAB, position=2)
    ]


def test_verify_detects_a_deleted_row():
    rows = _record(3)
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [rows[1].seq])

    assert audit_verify().breaks == [
        ChainBreak(seq=rows[2].seq, kind=ChainBreakKind.DELETED_BEFORE, chain=KAB, position=3)
    ]


def test_verify_command_passes_on_intact_log(capsys):
    _record(2)

    call_command("audit", "verify")

    assert "Catatan audit utuh: 2 baris dalam 1 rantai" in capsys.readouterr().out


def test_verify_command_fails_and_names_the_chain_and_row(capsys):
    rows = _record(3)
    _raw("UPDATE core_auditlog SET reason = %s WHERE seq = %s", ["diubah diam-diam", rows[0].seq])

    with pytest.raises(CommandError, match="1 masalah dalam 3 baris"):
        call_command("audit", "verify")

    assert f"isi baris #{rows[0].seq} (rantai 33.03, urutan 1) telah diubah" in (
        capsys.readouterr().err
    )


def test_verify_command_catches_deleted_head_with_published_head():
    rows = _record(3)
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [rows[2].seq])

    with pytest.raises(CommandError):
        call_command("audit", "verify", "--expect-head", rows[2].hash)


def test_checkpoint_signs_every_chain_head_outside_the_database(settings):
    _record(2)
    national = _record(1, wilayah_kode="")

    first = audit_checkpoint(reason="jadwal")
    kab = _record(1)
    second = audit_checkpoint(reason="publikasi 1")

    lines = (settings.SELENGGARA_AUDIT_DIR / CHECKPOINT_FILE).read_text().splitlines()
    assert [json.loads(line)["heads"] for line in lines] == [
        [["33.03", 2, (first.heads or ())[0].hash], ["nasional", 1, national[0].hash]],
        [["33.03", 3, kab[0].hash], ["nasional", 1, national[0].hash]],
    ]
    assert (first.seq, second.seq, second.reason) == (national[0].seq, kab[0].seq, "publikasi 1")
    assert second.head_hash == heads_root(second.heads or ())
    assert second.head_hash == audit_verify().root_hash
    key_file = settings.SELENGGARA_AUDIT_DIR / CHECKPOINT_KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert audit_checkpoint_latest() == (second, True)


def test_verify_catches_newest_rows_deleted_after_a_checkpoint():
    rows = _record(3)
    audit_checkpoint(reason="jadwal")
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [rows[2].seq])

    result = audit_verify()

    assert result.breaks == []
    assert result.checkpoint.verdict is CheckpointVerdict.HEAD_MISSING
    assert result.ok is False
    assert audit_verify(against_checkpoint=False).ok is True


def test_verify_catches_a_rewritten_head():
    rows = _record(3)
    audit_checkpoint(reason="jadwal")
    # Rewrite the newest row and its hash consistently: the chain alone still verifies.
    _raw("UPDATE core_auditlog SET hash = %s WHERE seq = %s", ["f" * 64, rows[2].seq])

    assert audit_verify().checkpoint.verdict is CheckpointVerdict.HEAD_CHANGED


def test_verify_rejects_a_forged_checkpoint(settings):
    _record(2)
    audit_checkpoint(reason="jadwal")
    path = settings.SELENGGARA_AUDIT_DIR / CHECKPOINT_FILE
    forged = json.loads(path.read_text().splitlines()[-1]) | {"heads": [["33.03", 1, "0" * 64]]}
    path.write_text(path.read_text() + json.dumps(forged) + "\n")

    assert audit_verify().checkpoint.verdict is CheckpointVerdict.BAD_SIGNATURE
    path.write_text(path.read_text() + "not json\n")
    assert audit_verify().checkpoint.verdict is CheckpointVerdict.BAD_SIGNATURE
    (settings.SELENGGARA_AUDIT_DIR / CHECKPOINT_PUBLIC_KEY_FILE).unlink()
    path.write_text(path.read_text() + json.dumps(forged) + "\n")
    assert audit_verify().checkpoint.verdict is CheckpointVerdict.BAD_SIGNATURE


def test_checkpoint_of_an_empty_log_vouches_for_nothing_yet():
    checkpoint = audit_checkpoint(reason="jadwal")
    _record(1)

    result = audit_verify()

    assert (checkpoint.seq, checkpoint.heads, result.ok) == (0, (), True)
    assert result.checkpoint.rows_after == 1


def test_checkpoint_and_verify_commands_say_how_far_back_they_vouch(capsys):
    rows = _record(2)
    call_command("audit", "verify")
    assert "Belum ada titik periksa" in capsys.readouterr().out

    call_command("audit", "checkpoint")
    assert f"kepala 1 rantai sampai baris #{rows[1].seq}" in capsys.readouterr().out
    _record(1)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"Terjamin sampai baris #{rows[1].seq}" in out
    assert "kepala 1 rantai; 1 baris sesudahnya" in out
    call_command("audit", "verify", "--tanpa-titik-periksa")
    assert "tidak dibandingkan" in capsys.readouterr().out


def test_verify_command_reports_deleted_newest_rows(capsys):
    rows = _record(3)
    call_command("audit", "checkpoint", "--alasan", "publikasi 7")
    _raw("DELETE FROM core_auditlog WHERE seq >= %s", [rows[1].seq])

    with pytest.raises(CommandError, match="1 masalah dalam 1 baris"):
        call_command("audit", "verify")

    assert "mencatat rantai 33.03 sampai urutan 3" in capsys.readouterr().err
