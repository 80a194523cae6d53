"""Data-key rotation: re-encrypt every stored NIK and personal document under the current key.

What is encrypted is found, not listed: every model column named ``nik_encrypted`` (a Fernet
token of ``Purpose.NIK``) and every file field on ``EncryptedPrivateStorage``. Rows go in
primary-key order in batches, each batch in its own transaction with its rows locked, so an
interrupted run loses nothing and a rerun continues: what the current key already opens is
skipped (never encrypted twice). Files are replaced atomically. Ciphertext no key of the ring
opens is counted and named by model and id, never written. Each column or file field done is
audited with its counts, never a NIK (docs/adr/0013-data-key-rotation.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress
from selenggara.core.personal import Purpose, Undecryptable, digest_pinned, reencrypt
from selenggara.core.storage import (
    EncryptedPrivateStorage,
    sealed,
    sealed_under_current_key,
    unsealed,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

BATCH_ROWS = 2_000
ENCRYPTED_COLUMNS = {"nik_encrypted": Purpose.NIK}
AUDIT_ACTION = "kunci.rotasi"


@dataclass(frozen=True, slots=True)
class Target:
    """One place that holds ciphertext: a column, or a file field (``is_file``)."""

    model: type[models.Model]
    field: str
    is_file: bool
    purpose: Purpose

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field}"


@dataclass(slots=True)
class TargetCount:
    """What a rotation found in one target."""

    label: str
    scanned: int = 0
    rotated: int = 0  # re-encrypted under the current key (or a plain file encrypted)
    current: int = 0  # already under the current key: skipped
    missing: int = 0  # a file row whose file is not on disk
    undecryptable: list[str] = field(default_factory=list)  # ids no key of the ring opens

    def as_audit(self) -> dict[str, object]:
        return {
            "diperiksa": self.scanned,
            "dienkripsi_ulang": self.rotated,
            "sudah_kunci_baru": self.current,
            "berkas_hilang": self.missing,
            "tidak_terbuka": len(self.undecryptable),
        }


@dataclass(slots=True)
class RotationReport:
    targets: list[TargetCount]
    dry_run: bool

    @property
    def failures(self) -> int:
        return sum(len(t.undecryptable) + t.missing for t in self.targets)

    @property
    def rotated(self) -> int:
        return sum(t.rotated for t in self.targets)


def key_fingerprint(key: str) -> str:
    """Return a short public name for a data key (never the key): 16 hex of a SHA-256."""
    return hashlib.sha256(b"selenggara/key-fingerprint/v1:" + key.encode()).hexdigest()[:16]


def encrypted_targets() -> list[Target]:
    """Return every column and file field that holds data encrypted under the keyring."""
    found: list[Target] = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            name = getattr(model_field, "name", "")
            if isinstance(model_field, models.FileField):
                if isinstance(model_field.storage, EncryptedPrivateStorage):
                    found.append(Target(model, name, is_file=True, purpose=Purpose.DOCUMENT))
            elif name in ENCRYPTED_COLUMNS and isinstance(model_field, models.Field):
                found.append(Target(model, name, is_file=False, purpose=ENCRYPTED_COLUMNS[name]))
    return sorted(found, key=lambda t: t.label)


def _batches(target: Target, batch_rows: int, *, lock: bool) -> Iterator[list[tuple[Any, Any]]]:
    """Yield ``(pk, value)`` batches in pk order, each inside its own transaction."""
    manager = target.model._default_manager
    last_pk: Any = None
    while True:
        with transaction.atomic():
            rows = manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            if lock:
                rows = rows.select_for_update()
            batch = list(rows.values_list("pk", target.field)[:batch_rows])
            if not batch:
                return
            yield batch
        last_pk = batch[-1][0]


def _update(target: Target, changed: list[tuple[str, Any]]) -> None:
    """Write ``(token, pk)`` pairs: one prepared UPDATE, executed many times (psycopg pipelines
    it; ``bulk_update``'s one CASE over the batch is many times slower)."""
    meta = target.model._meta
    quote = connection.ops.quote_name
    column = quote(str(getattr(meta.get_field(target.field), "column", target.field)))
    # Names from model metadata, never from input; the values are parameters.
    sql = f"UPDATE {quote(meta.db_table)} SET {column} = %s WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, changed)


def _rotate_columns(
    target: Target,
    count: TargetCount,
    *,
    batch_rows: int,
    dry_run: bool,
    step: Progress | None,
    total: int,
) -> None:
    for batch in _batches(target, batch_rows, lock=not dry_run):
        changed: list[tuple[str, Any]] = []
        for pk, token in batch:
            count.scanned += 1
            try:
                new = reencrypt(str(token).encode("ascii"), purpose=target.purpose)
            except (Undecryptable, UnicodeEncodeError):
                count.undecryptable.append(str(pk))
                continue
            if new is None:
                count.current += 1
                continue
            count.rotated += 1
            changed.append((new.decode("ascii"), pk))
        if changed and not dry_run:
            _update(target, changed)
        if step is not None:
            step(target.label, count.scanned, total)


def _rotate_files(
    target: Target,
    count: TargetCount,
    *,
    batch_rows: int,
    dry_run: bool,
    step: Progress | None,
    total: int,
) -> None:
    file_field = target.model._meta.get_field(target.field)
    storage = getattr(file_field, "storage", None)
    if not isinstance(storage, EncryptedPrivateStorage):  # pragma: no cover - by discovery
        raise TypeError(f"{target.label} is not on encrypted storage")
    for batch in _batches(target, batch_rows, lock=False):
        for pk, name in batch:
            count.scanned += 1
            if not name or not storage.exists(name):
                count.missing += 1
                continue
            stored = storage.read_stored(name)
            if sealed_under_current_key(stored):
                count.current += 1
                continue
            try:
                plaintext = unsealed(stored)
            except Undecryptable:
                count.undecryptable.append(str(pk))
                continue
            count.rotated += 1
            if not dry_run:
                storage.replace(name, sealed(plaintext))
        if step is not None:
            step(target.label, count.scanned, total)


def kunci_rotasi(
    *,
    actor: AbstractBaseUser | None,
    batch_rows: int = BATCH_ROWS,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RotationReport:
    """Re-encrypt every target under the current data key; return the counts.

    With ``dry_run`` nothing is written or audited: the counts say what a rotation would do
    (``kunci status``). Safe to interrupt and rerun at any point.
    """
    report = RotationReport(targets=[], dry_run=dry_run)
    current = key_fingerprint(str(settings.SELENGGARA_DATA_KEY))
    for target in encrypted_targets():
        count = TargetCount(label=target.label)
        total = target.model._default_manager.count()
        run = _rotate_files if target.is_file else _rotate_columns
        run(target, count, batch_rows=batch_rows, dry_run=dry_run, step=progress, total=total)
        report.targets.append(count)
        if not dry_run:
            audit_record(
                actor=actor,
                action=AUDIT_ACTION,
                target=("core.kunci", current),
                after={"sasaran": target.label, **count.as_audit()},
                reason="Enkripsi ulang dengan kunci data baru",
            )
    if not dry_run:
        audit_record(
            actor=actor,
            action=f"{AUDIT_ACTION}.selesai",
            target=("core.kunci", current),
            after={
                "kunci_baru": current,
                "kunci_lama": [key_fingerprint(k) for k in settings.SELENGGARA_DATA_KEYS_OLD],
                "digest_tetap": digest_pinned(),
                "dienkripsi_ulang": report.rotated,
                "gagal": report.failures,
            },
            reason="Rotasi kunci data selesai"
            if not report.failures
            else "Rotasi kunci data selesai dengan kegagalan",
        )
    return report
