"""The audit log: append-only and hash-chained (docs/adr/0005-audit-log.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.core.domain.audit_chain import AuditEntry


class AuditLog(models.Model):
    """One state change: who, when, what, before and after, why, and where in the region tree.

    Rows are only ever appended. The log is one hash chain per kab/kota (``rantai``, from the
    row's region; province rows per province, national rows in ``nasional``): each row's
    ``hash`` covers its content, its chain and position (``urut``) and the previous row of the
    same chain's hash. ``seq`` numbers rows across the whole log. Rows from before the
    partitioning form the closed ``global`` chain, ``urut`` = ``seq`` (docs/adr/0014).
    """

    seq = models.BigIntegerField(primary_key=True, verbose_name=_("nomor urut"))
    at = models.DateTimeField(verbose_name=_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # a deleted account must not erase its audit trail
        verbose_name=_("pelaku"),
    )
    actor_label = models.CharField(max_length=150, verbose_name=_("nama pelaku"))
    action = models.CharField(max_length=64, db_index=True, verbose_name=_("tindakan"))
    target_type = models.CharField(max_length=100, verbose_name=_("jenis objek"))
    target_id = models.CharField(max_length=64, verbose_name=_("id objek"))
    wilayah_kode = models.CharField(
        max_length=20, blank=True, db_index=True, verbose_name=_("kode wilayah")
    )
    before = models.JSONField(null=True, blank=True, verbose_name=_("sebelum"))
    after = models.JSONField(null=True, blank=True, verbose_name=_("sesudah"))
    reason = models.TextField(blank=True, verbose_name=_("alasan"))
    prev_hash = models.CharField(max_length=64, verbose_name=_("hash sebelumnya"))
    hash = models.CharField(max_length=64, unique=True, verbose_name=_("hash"))
    rantai = models.CharField(max_length=16, verbose_name=_("rantai"))
    urut = models.BigIntegerField(verbose_name=_("urutan dalam rantai"))

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            # One row per position of a chain; also the index each append reads its head from.
            models.UniqueConstraint(fields=["rantai", "urut"], name="core_auditlog_rantai_urut")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"

    def to_entry(self) -> AuditEntry:
        """Return the hashed content of this row."""
        before: Any = self.before
        after: Any = self.after
        return AuditEntry(
            seq=self.seq,
            at=self.at.isoformat(timespec="microseconds"),
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            target_type=self.target_type,
            target_id=self.target_id,
            wilayah_kode=self.wilayah_kode,
            before=before,
            after=after,
            reason=self.reason,
            prev_hash=self.prev_hash,
            chain=self.rantai,
            position=self.urut,
        )
