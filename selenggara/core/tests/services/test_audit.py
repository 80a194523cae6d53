import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from selenggara.core.audit import audit_record, audit_verify
from selenggara.core.domain.audit_chain import GENESIS_HASH, ChainBreak, ChainBreakKind
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _record(n: int, **extra) -> list[AuditLog]:
    return [
        audit_record(
            actor=None,
            action="tps.update",
            target=("pemilihan.tps", str(i)),
            wilayah_kode="33.03.01.2001",
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


def test_rows_are_chained_from_genesis():
    rows = _record(3)

    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == GENESIS_HASH
    assert rows[1].prev_hash == rows[0].hash
    assert rows[0].actor_label == "sistem"


def test_stored_rows_verify_after_reading_back():
    _record(4)

    result = audit_verify()

    assert result.ok is True
    assert result.rows_checked == 4
    assert result.head_hash == AuditLog.objects.get(seq=4).hash


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
    _record(3)
    _raw("UPDATE core_auditlog SET after = %s WHERE seq = 2", ['{"dpt": 999}'])

    result = audit_verify()

    assert result.breaks == [ChainBreak(seq=2, kind=ChainBreakKind.EDITED)]


def test_verify_detects_a_deleted_row():
    _record(3)
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [2])

    assert audit_verify().breaks == [ChainBreak(seq=3, kind=ChainBreakKind.DELETED_BEFORE)]


def test_verify_command_passes_on_intact_log(capsys):
    _record(2)

    call_command("audit", "verify")

    assert "Catatan audit utuh: 2 baris" in capsys.readouterr().out


def test_verify_command_fails_and_names_the_row(capsys):
    _record(3)
    _raw("UPDATE core_auditlog SET reason = %s WHERE seq = 1", ["diubah diam-diam"])

    with pytest.raises(CommandError, match="1 masalah dalam 3 baris"):
        call_command("audit", "verify")

    assert "isi baris #1 telah diubah" in capsys.readouterr().err


def test_verify_command_catches_deleted_head_with_published_head():
    rows = _record(3)
    _raw("DELETE FROM core_auditlog WHERE seq = %s", [3])

    with pytest.raises(CommandError):
        call_command("audit", "verify", "--expect-head", rows[2].hash)
