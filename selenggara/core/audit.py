"""Writing and verifying the audit log. Every state-changing service calls ``audit_record``.

The chain's head is anchored outside the database by ``audit_checkpoint``: a signed
(Ed25519) line appended to ``SELENGGARA_AUDIT_DIR/titik-periksa.jsonl``, written on a schedule
(`selenggara audit checkpoint` from cron or a systemd timer) and at every publication.
``audit_verify`` compares the log with the latest checkpoint, so deleting the newest rows is
caught too (docs/adr/0005-audit-log.md, docs/adr/0012-audit-chain-checkpoints.md).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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
from selenggara.core.domain.audit_checkpoint import (
    NOT_COMPARED,
    Checkpoint,
    CheckpointFinding,
    checkpoint_compare,
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
    last_seq: int = 0
    checkpoint: CheckpointFinding = NOT_COMPARED

    @property
    def ok(self) -> bool:
        return not self.breaks and self.checkpoint.ok


def _stored_rows(chunk_size: int) -> Iterator[tuple[AuditEntry, str]]:
    for row in AuditLog.objects.order_by("seq").iterator(chunk_size=chunk_size):
        yield row.to_entry(), row.hash


def audit_verify(*, chunk_size: int = 5000, against_checkpoint: bool = True) -> AuditVerification:
    """Recompute the whole chain and return every break in it (read-only).

    With ``against_checkpoint`` (the default) the log is also compared with the latest signed
    checkpoint: rows deleted from its end, or a rewritten head, are reported there.
    """
    counted = 0
    head = GENESIS_HASH
    last_seq = 0

    def counting() -> Iterator[tuple[AuditEntry, str]]:
        nonlocal counted, head, last_seq
        for entry, stored in _stored_rows(chunk_size):
            counted += 1
            head, last_seq = stored, entry.seq
            yield entry, stored

    breaks = verify_chain(counting())
    finding = NOT_COMPARED
    if against_checkpoint:
        latest = audit_checkpoint_latest()
        checkpoint, signed = latest if latest is not None else (None, False)
        stored_at = (
            AuditLog.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
            if checkpoint is not None
            else None
        )
        finding = checkpoint_compare(
            checkpoint=checkpoint,
            signature_valid=signed,
            stored_hash_at_seq=stored_at,
            last_seq=last_seq,
        )
    return AuditVerification(
        rows_checked=counted, breaks=breaks, head_hash=head, last_seq=last_seq, checkpoint=finding
    )


CHECKPOINT_FILE = "titik-periksa.jsonl"
CHECKPOINT_KEY_FILE = "titik-periksa-kunci.pem"
CHECKPOINT_PUBLIC_KEY_FILE = "titik-periksa-kunci-publik.pem"


def _checkpoint_dir() -> Path:
    path = Path(settings.SELENGGARA_AUDIT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _signing_key() -> Ed25519PrivateKey:
    """Return the checkpoint signing key, creating it (owner-only file) on first use."""
    directory = _checkpoint_dir()
    key_path = directory / CHECKPOINT_KEY_FILE
    if key_path.exists():
        loaded = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ImproperlyConfigured(f"{key_path} is not an Ed25519 private key.")
        return loaded
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    (directory / CHECKPOINT_PUBLIC_KEY_FILE).write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return key


def audit_checkpoint(*, reason: str) -> Checkpoint:
    """Sign the current chain head and append it to the checkpoint file; return it.

    Called on a schedule (`selenggara audit checkpoint`) and by every publication of results
    (``reason`` says which, e.g. ``"publikasi 42"``). The file is only ever appended to.
    """
    last = AuditLog.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, head = last if last is not None else (0, GENESIS_HASH)
    checkpoint = Checkpoint(
        seq=seq,
        head_hash=head,
        at=timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        reason=reason,
    )
    signature = _signing_key().sign(checkpoint.payload())
    line = json.dumps(
        {
            "seq": checkpoint.seq,
            "head_hash": checkpoint.head_hash,
            "at": checkpoint.at,
            "reason": checkpoint.reason,
            "signature": base64.b64encode(signature).decode("ascii"),
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    # One write with O_APPEND: concurrent writers never interleave inside a line.
    fd = os.open(_checkpoint_dir() / CHECKPOINT_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return checkpoint


def audit_checkpoint_latest() -> tuple[Checkpoint, bool] | None:
    """Return the newest checkpoint and whether its signature verifies, or None if none yet."""
    directory = Path(settings.SELENGGARA_AUDIT_DIR)
    path = directory / CHECKPOINT_FILE
    lines = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
    lines = [line for line in lines if line.strip()]
    if not lines:
        return None
    try:
        raw = json.loads(lines[-1])
        checkpoint = Checkpoint(
            seq=int(raw["seq"]), head_hash=raw["head_hash"], at=raw["at"], reason=raw["reason"]
        )
        signature = base64.b64decode(raw["signature"])
    except (ValueError, KeyError, TypeError):
        return Checkpoint(seq=0, head_hash="", at="", reason="rusak"), False
    return checkpoint, _signature_valid(directory, checkpoint, signature)


def _signature_valid(directory: Path, checkpoint: Checkpoint, signature: bytes) -> bool:
    public_path = directory / CHECKPOINT_PUBLIC_KEY_FILE
    if not public_path.exists():
        return False
    public = serialization.load_pem_public_key(public_path.read_bytes())
    if not isinstance(public, Ed25519PublicKey):
        return False
    try:
        public.verify(signature, checkpoint.payload())
    except InvalidSignature:
        return False
    return True
