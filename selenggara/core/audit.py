"""Writing and verifying the audit log. Every state-changing service calls ``audit_record``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from selenggara.core.domain.audit_chain import (
    GENESIS_HASH,
    AuditEntry,
    ChainBreak,
    entry_hash,
    verify_chain,
)
from selenggara.core.models import AuditLog

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Any 64-bit constant, used to serialise writers of the chain on PostgreSQL.
_PG_AUDIT_LOCK_KEY = 7_351_202_400_001


def _jsonable(value: object) -> Any:
    """Return ``value`` as plain JSON types, exactly as it will read back from the database."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _target_ref(target: Model | tuple[str, str]) -> tuple[str, str]:
    if isinstance(target, tuple):
        return target
    return f"{target._meta.app_label}.{target._meta.model_name}", str(target.pk)


def _lock_chain() -> None:
    """Serialise appends so that every row links to the true previous one.

    SQLite transactions here are IMMEDIATE (settings), so the write lock is already held;
    PostgreSQL takes a transaction-scoped advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK_KEY])


# No savepoint: the row belongs to the caller's change, and a failure here fails it whole.
@transaction.atomic(savepoint=False)
def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: Model | tuple[str, str],
    wilayah_kode: str = "",
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    reason: str = "",
) -> AuditLog:
    """Append one row to the audit log, in the caller's transaction.

    ``action`` is ``<entity>.<action>`` (e.g. ``wilayah.import``); ``target`` a model
    instance or a ``(type, id)`` pair; ``wilayah_kode`` the region the change belongs to, so
    that audit reads can be scoped like everything else.
    """
    _lock_chain()
    last = AuditLog.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    target_type, target_id = _target_ref(target)
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    now = timezone.now().astimezone(UTC)
    entry = AuditEntry(
        seq=seq,
        at=now.isoformat(timespec="microseconds"),
        actor_id=actor_obj.pk if actor_obj is not None else None,
        actor_label=actor_obj.get_username() if actor_obj is not None else "sistem",
        action=action,
        target_type=target_type,
        target_id=target_id,
        wilayah_kode=wilayah_kode,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        prev_hash=prev_hash,
    )
    return AuditLog.objects.create(
        seq=entry.seq,
        at=now,
        actor_id=entry.actor_id,
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
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditVerification:
    rows_checked: int
    breaks: list[ChainBreak]
    head_hash: str

    @property
    def ok(self) -> bool:
        return not self.breaks


def _stored_rows(chunk_size: int) -> Iterator[tuple[AuditEntry, str]]:
    for row in AuditLog.objects.order_by("seq").iterator(chunk_size=chunk_size):
        yield row.to_entry(), row.hash


def audit_verify(*, chunk_size: int = 5000) -> AuditVerification:
    """Recompute the whole chain and return every break in it (read-only)."""
    counted = 0
    head = GENESIS_HASH

    def counting() -> Iterator[tuple[AuditEntry, str]]:
        nonlocal counted, head
        for entry, stored in _stored_rows(chunk_size):
            counted += 1
            head = stored
            yield entry, stored

    breaks = verify_chain(counting())
    return AuditVerification(rows_checked=counted, breaks=breaks, head_hash=head)
