"""`selenggara audit verify|checkpoint`: check the audit log's hash chains, anchor their heads.

`audit checkpoint` signs every chain's head (one chain per kab/kota, docs/adr/0014) into the
checkpoint file outside the database; run it on a schedule (cron: ``*/15 * * * * selenggara
audit checkpoint``, or a systemd timer; see docs/adr/0012-audit-chain-checkpoints.md). `audit
verify` checks every chain, names the chain and row of each break, and then also catches
deleted newest rows of any chain.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.audit import AuditVerification, audit_checkpoint, audit_verify
from selenggara.core.domain.audit_chain import LEGACY_CHAIN, ChainBreak, ChainBreakKind
from selenggara.core.domain.audit_checkpoint import CheckpointVerdict

_MESSAGES = {
    ChainBreakKind.EDITED: "isi baris {row} telah diubah (hash tidak cocok)",
    ChainBreakKind.DELETED_BEFORE: "baris sebelum {row} telah dihapus (nomor urut melompat)",
    ChainBreakKind.LINK_BROKEN: "baris sebelum {row} telah diganti atau disisipi baris baru",
    ChainBreakKind.OUT_OF_ORDER: "nomor urut {row} berulang atau mundur",
    ChainBreakKind.BAD_GENESIS: "baris pertama {row} tidak memulai rantai",
    ChainBreakKind.WRONG_CHAIN: "baris {row} tidak termasuk rantai itu (wilayahnya lain)",
}
_CHECKPOINT_MESSAGES = {
    CheckpointVerdict.HEAD_MISSING: (
        "titik periksa {at} mencatat rantai {chain} sampai urutan {position}, tetapi rantai "
        "itu kini lebih pendek: baris terakhirnya dihapus"
    ),
    CheckpointVerdict.HEAD_CHANGED: (
        "titik periksa {at} mencatat hash lain untuk urutan {position} rantai {chain}: "
        "baris itu diganti"
    ),
}
_BAD_SIGNATURE = "tanda tangan titik periksa terakhir ({at}) tidak sah: berkas titik periksa diubah"


def _where(b: ChainBreak) -> str:
    if b.chain == LEGACY_CHAIN:
        return f"#{b.seq} (rantai {LEGACY_CHAIN})"
    return f"#{b.seq} (rantai {b.chain}, urutan {b.position})"


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
            chains = len(made.heads or ())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Titik periksa ditulis: kepala {chains} rantai sampai baris #{made.seq}, "
                    f"akar {made.head_hash} ({made.at})."
                )
            )
            return
        result = audit_verify(against_checkpoint=not options["tanpa_titik_periksa"])
        expected_head = options["expect_head"]
        problems = [_MESSAGES[b.kind].format(row=_where(b)) for b in result.breaks]
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
                f"Catatan audit utuh: {result.rows_checked} baris dalam {len(result.heads)} "
                f"rantai diperiksa. Hash baris terbaru: {result.head_hash}; akar kepala "
                f"rantai: {result.root_hash}"
            )
        )
        self.stdout.write(_vouch_line(result, checked=not options["tanpa_titik_periksa"]))


def _checkpoint_problems(result: AuditVerification) -> list[str]:
    finding = result.checkpoint
    if finding.ok or finding.checkpoint is None:
        return []
    cp = finding.checkpoint
    if finding.verdict is CheckpointVerdict.BAD_SIGNATURE:
        return [_BAD_SIGNATURE.format(at=cp.at)]
    return [
        _CHECKPOINT_MESSAGES[c.verdict].format(at=cp.at, chain=c.chain, position=c.position)
        for c in finding.chains
    ]


def _vouch_line(result: AuditVerification, *, checked: bool) -> str:
    cp = result.checkpoint.checkpoint
    if not checked:
        return "Titik periksa tidak dibandingkan: penghapusan baris terakhir tidak terdeteksi."
    if cp is None:
        return (
            "Belum ada titik periksa: penghapusan baris terakhir tidak terdeteksi. "
            "Jadwalkan `selenggara audit checkpoint`."
        )
    chains = len(cp.chain_heads())
    return (
        f"Terjamin sampai baris #{cp.seq} oleh titik periksa {cp.at} ({cp.reason}), kepala "
        f"{chains} rantai; {result.checkpoint.rows_after} baris sesudahnya hanya dijamin oleh "
        "rantainya."
    )


def _head_present(head: str) -> bool:
    from selenggara.core.models import AuditLog

    return AuditLog.objects.filter(hash=head).exists()
