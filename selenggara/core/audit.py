"""Writing and verifying the audit log. Every state-changing service calls ``audit_record``.

The log is one hash chain per kab/kota (``chain_key`` of the row's region; national rows in
their own chain): an append locks only its chain, so writers in different regions do not wait
for each other (docs/adr/0014-audit-chain-partitions.md). Every chain's head is anchored
outside the database by ``audit_checkpoint``: a signed (Ed25519) line appended to
``SELENGGARA_AUDIT_DIR/titik-periksa.jsonl``, written on a schedule (`selenggara audit
checkpoint` from cron or a systemd timer) and at every publication. ``audit_verify`` checks
every chain and compares each with the latest checkpoint, so deleting the newest rows of any
chain is caught too (docs/adr/0005-audit-log.md, docs/adr/0012-audit-chain-checkpoints.md).
"""

from __future__ import annotations

import base64
import json
import operator
import os
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max, Model, OuterRef, Q, Subquery
from django.utils import timezone

from selenggara.core.domain.audit_chain import (
    GENESIS_HASH,
    AuditEntry,
    ChainBreak,
    ChainHead,
    chain_key,
    entry_hash,
    heads_root,
    verify_chains,
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

# Any 32-bit constant: the first key of every chain's advisory lock on PostgreSQL (the second
# is the chain's CRC-32; two chains sharing one only serialise each other, never break).
_PG_AUDIT_LOCK_CLASS = 735_120_240
# The sequence of ``seq`` on PostgreSQL (migration core/0003).
_PG_SEQ_SEQUENCE = "core_auditlog_seq_global"


def _jsonable(value: object) -> Any:
    """Return ``value`` as plain JSON types, exactly as it will read back from the database."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _target_ref(target: Model | tuple[str, str]) -> tuple[str, str]:
    if isinstance(target, tuple):
        return target
    return f"{target._meta.app_label}.{target._meta.model_name}", str(target.pk)


def _lock_chain(chain: str) -> None:
    """Serialise appends to one chain so that every row links to the true previous one.

    SQLite transactions here are IMMEDIATE (settings), so the write lock is already held;
    PostgreSQL takes a transaction-scoped advisory lock of this chain only.
    """
    if connection.vendor == "postgresql":
        signed = zlib.crc32(chain.encode()) - 2**31
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_PG_AUDIT_LOCK_CLASS, signed])


def _next_seq() -> int:
    """Return the next row number of the whole log (not gap-free on PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [_PG_SEQ_SEQUENCE])
            return int(cursor.fetchone()[0])
    top = AuditLog.objects.aggregate(top=Max("seq"))["top"]
    return int(top or 0) + 1


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
    that audit reads can be scoped like everything else, and whose kab/kota chain the row
    joins.
    """
    chain = chain_key(wilayah_kode)
    _lock_chain(chain)
    last = AuditLog.objects.filter(rantai=chain).order_by("-urut").values_list("urut", "hash")
    head = last.first()
    position, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    seq = _next_seq()
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
        chain=chain,
        position=position,
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
        rantai=chain,
        urut=position,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditVerification:
    rows_checked: int
    breaks: list[ChainBreak]
    head_hash: str  # the newest row's hash (by ``seq``)
    last_seq: int = 0
    checkpoint: CheckpointFinding = NOT_COMPARED
    heads: dict[str, ChainHead] = field(default_factory=dict)  # every chain's newest row

    @property
    def ok(self) -> bool:
        return not self.breaks and self.checkpoint.ok

    @property
    def root_hash(self) -> str:
        """Return the root over every chain's head (what a checkpoint taken now would sign)."""
        return heads_root(self.heads.values())


def _stored_rows(chunk_size: int) -> Iterator[tuple[AuditEntry, str]]:
    rows = AuditLog.objects.order_by("rantai", "urut")
    for row in rows.iterator(chunk_size=chunk_size):
        yield row.to_entry(), row.hash


def _hashes_at(heads: Mapping[str, ChainHead]) -> dict[str, str | None]:
    """Return, per chain, the stored hash of the row at the given head's position today."""
    found: dict[str, str | None] = dict.fromkeys(heads)
    chains = sorted(heads)
    for start in range(0, len(chains), 200):
        wanted = reduce(
            operator.or_,
            (Q(rantai=c, urut=heads[c].position) for c in chains[start : start + 200]),
        )
        found.update(AuditLog.objects.filter(wanted).values_list("rantai", "hash"))
    return found


def audit_verify(*, chunk_size: int = 5000, against_checkpoint: bool = True) -> AuditVerification:
    """Recompute every chain and return every break in them (read-only).

    With ``against_checkpoint`` (the default) each chain is also compared with its head in the
    latest signed checkpoint: rows deleted from the end of any chain, a wholly deleted chain,
    or a rewritten head, are reported there.
    """
    chains = verify_chains(_stored_rows(chunk_size))
    newest = AuditLog.objects.order_by("-seq").values_list("seq", "hash").first()
    last_seq, head = newest if newest is not None else (0, GENESIS_HASH)
    finding = NOT_COMPARED
    if against_checkpoint:
        latest = audit_checkpoint_latest()
        checkpoint, signed = latest if latest is not None else (None, False)
        finding = checkpoint_compare(
            checkpoint=checkpoint,
            signature_valid=signed,
            stored_hashes=_hashes_at(checkpoint.chain_heads()) if checkpoint and signed else {},
            last_positions={c: h.position for c, h in chains.heads.items()},
        )
    return AuditVerification(
        rows_checked=chains.rows,
        breaks=chains.breaks,
        head_hash=head,
        last_seq=last_seq,
        checkpoint=finding,
        heads=chains.heads,
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


def _current_heads() -> tuple[ChainHead, ...]:
    """Return every chain's newest row, read in one statement (one consistent snapshot)."""
    newest = AuditLog.objects.filter(rantai=OuterRef("rantai")).order_by("-urut").values("urut")
    rows = AuditLog.objects.filter(urut=Subquery(newest[:1])).values_list("rantai", "urut", "hash")
    return tuple(
        ChainHead(chain=chain, position=position, hash=stored)
        for chain, position, stored in sorted(rows)
    )


def audit_checkpoint(*, reason: str) -> Checkpoint:
    """Sign every chain's head and append them to the checkpoint file; return the checkpoint.

    Called on a schedule (`selenggara audit checkpoint`) and by every publication of results
    (``reason`` says which, e.g. ``"publikasi 42"``). The file is only ever appended to. The
    checkpoint's ``head_hash`` is the root over all heads: one value to publish.
    """
    heads = _current_heads()
    top = AuditLog.objects.aggregate(top=Max("seq"))["top"]
    checkpoint = Checkpoint(
        seq=int(top or 0),
        head_hash=heads_root(heads),
        at=timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        reason=reason,
        heads=heads,
    )
    signature = _signing_key().sign(checkpoint.payload())
    line = json.dumps(
        {
            "seq": checkpoint.seq,
            "head_hash": checkpoint.head_hash,
            "at": checkpoint.at,
            "reason": checkpoint.reason,
            "heads": [[h.chain, h.position, h.hash] for h in heads],
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
        heads = (
            tuple(
                ChainHead(chain=str(chain), position=int(position), hash=str(stored))
                for chain, position, stored in raw["heads"]
            )
            if "heads" in raw
            else None  # version 1: one global chain, from before the partitioning
        )
        checkpoint = Checkpoint(
            seq=int(raw["seq"]),
            head_hash=raw["head_hash"],
            at=raw["at"],
            reason=raw["reason"],
            heads=heads,
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
