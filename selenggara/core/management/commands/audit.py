"""`selenggara audit verify`: recompute the audit log's hash chain and report every break."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.audit import audit_verify
from selenggara.core.domain.audit_chain import ChainBreakKind

_MESSAGES = {
    ChainBreakKind.EDITED: "isi baris #{seq} telah diubah (hash tidak cocok)",
    ChainBreakKind.DELETED_BEFORE: "baris sebelum #{seq} telah dihapus (nomor urut melompat)",
    ChainBreakKind.LINK_BROKEN: "baris sebelum #{seq} telah diganti atau disisipi baris baru",
    ChainBreakKind.OUT_OF_ORDER: "nomor urut #{seq} berulang atau mundur",
    ChainBreakKind.BAD_GENESIS: "baris pertama #{seq} tidak memulai rantai",
}


class Command(BaseCommand):
    help = "Periksa catatan audit: rantai hash utuh, tidak ada baris diubah, disisipi atau dihapus."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Hitung ulang rantai hash seluruh catatan audit.")
        verify.add_argument(
            "--expect-head",
            default="",
            help="Hash kepala rantai yang pernah diumumkan; menangkap penghapusan baris terakhir.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        expected_head = options["expect_head"]
        problems = [_MESSAGES[b.kind].format(seq=b.seq) for b in result.breaks]
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


def _head_present(head: str) -> bool:
    from selenggara.core.models import AuditLog

    return AuditLog.objects.filter(hash=head).exists()
