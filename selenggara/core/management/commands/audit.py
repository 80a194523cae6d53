"""`selenggara audit verify|checkpoint`: check the audit log's hash chain, anchor its head.

`audit checkpoint` signs the chain head into the checkpoint file outside the database; run it
on a schedule (cron: ``*/15 * * * * selenggara audit checkpoint``, or a systemd timer; see
docs/adr/0012-audit-chain-checkpoints.md). `audit verify` then also catches deleted newest rows.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.audit import AuditVerification, audit_checkpoint, audit_verify
from selenggara.core.domain.audit_chain import ChainBreakKind
from selenggara.core.domain.audit_checkpoint import CheckpointVerdict

_MESSAGES = {
    ChainBreakKind.EDITED: "isi baris #{seq} telah diubah (hash tidak cocok)",
    ChainBreakKind.DELETED_BEFORE: "baris sebelum #{seq} telah dihapus (nomor urut melompat)",
    ChainBreakKind.LINK_BROKEN: "baris sebelum #{seq} telah diganti atau disisipi baris baru",
    ChainBreakKind.OUT_OF_ORDER: "nomor urut #{seq} berulang atau mundur",
    ChainBreakKind.BAD_GENESIS: "baris pertama #{seq} tidak memulai rantai",
}
_CHECKPOINT_MESSAGES = {
    CheckpointVerdict.HEAD_MISSING: (
        "titik periksa {at} mencatat kepala #{seq}, tetapi catatan kini lebih pendek: "
        "baris terakhir dihapus"
    ),
    CheckpointVerdict.HEAD_CHANGED: (
        "titik periksa {at} mencatat hash lain untuk baris #{seq}: baris itu diganti"
    ),
    CheckpointVerdict.BAD_SIGNATURE: (
        "tanda tangan titik periksa terakhir ({at}) tidak sah: berkas titik periksa diubah"
    ),
}


class Command(BaseCommand):
    help = (
        "Periksa catatan audit (rantai hash utuh, tidak ada baris diubah, disisipi atau "
        "dihapus) dan jangkarkan kepalanya dengan titik periksa bertanda tangan."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Hitung ulang rantai hash seluruh catatan audit.")
        verify.add_argument(
            "--expect-head",
            default="",
            help="Hash kepala rantai yang pernah diumumkan; menangkap penghapusan baris terakhir.",
        )
        verify.add_argument(
            "--tanpa-titik-periksa",
            action="store_true",
            help="Jangan bandingkan dengan titik periksa terakhir (hanya rantainya).",
        )
        checkpoint = sub.add_parser(
            "checkpoint",
            help="Tanda tangani kepala rantai sekarang dan tambahkan ke berkas titik periksa "
            "(jalankan berkala dari cron/systemd).",
        )
        checkpoint.add_argument("--alasan", default="jadwal", help="Alasan titik periksa.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            made = audit_checkpoint(reason=options["alasan"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Titik periksa ditulis: kepala #{made.seq} {made.head_hash} ({made.at})."
                )
            )
            return
        result = audit_verify(against_checkpoint=not options["tanpa_titik_periksa"])
        expected_head = options["expect_head"]
        problems = [_MESSAGES[b.kind].format(seq=b.seq) for b in result.breaks]
        problems += _checkpoint_problems(result)
        if expected_head and not _head_present(expected_head):
            problems.append(
                "hash kepala yang diumumkan tidak ada lagi di catatan: baris terakhir dihapus"
            )
        if problems:
            for line in problems:
                self.stderr.write(f"RUSAK: {line}")
            raise CommandError(
                f"Catatan audit tidak utuh: {len(problems)} masalah dalam {result.rows_checked} baris."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Catatan audit utuh: {result.rows_checked} baris diperiksa. "
                f"Hash kepala: {result.head_hash}"
            )
        )
        self.stdout.write(_vouch_line(result, checked=not options["tanpa_titik_periksa"]))


def _checkpoint_problems(result: AuditVerification) -> list[str]:
    finding = result.checkpoint
    if finding.ok or finding.checkpoint is None:
        return []
    cp = finding.checkpoint
    return [_CHECKPOINT_MESSAGES[finding.verdict].format(at=cp.at, seq=cp.seq)]


def _vouch_line(result: AuditVerification, *, checked: bool) -> str:
    cp = result.checkpoint.checkpoint
    if not checked:
        return "Titik periksa tidak dibandingkan: penghapusan baris terakhir tidak terdeteksi."
    if cp is None:
        return (
            "Belum ada titik periksa: penghapusan baris terakhir tidak terdeteksi. "
            "Jadwalkan `selenggara audit checkpoint`."
        )
    return (
        f"Terjamin sampai baris #{cp.seq} oleh titik periksa {cp.at} ({cp.reason}); "
        f"{result.checkpoint.rows_after} baris sesudahnya hanya dijamin oleh rantainya."
    )


def _head_present(head: str) -> bool:
    from selenggara.core.models import AuditLog

    return AuditLog.objects.filter(hash=head).exists()
