"""`selenggara kunci rotasi|status`: re-encrypt personal data under the current data key.

Rotation, step by step (docs/adr/0013-data-key-rotation.md): pin ``SELENGGARA_DIGEST_KEY`` to
the first data key (once, ever); put the new key in ``SELENGGARA_DATA_KEY`` and the previous
ones in ``SELENGGARA_DATA_KEYS_OLD``; restart; run `selenggara kunci rotasi` (interrupt and
rerun it freely); when `selenggara kunci status` shows nothing left under an old key, drop the
old keys and restart.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.console import actor_get, progress_bar
from selenggara.core.kunci import BATCH_ROWS, RotationReport, kunci_rotasi

UNDECRYPTABLE_SHOWN = 20


class Command(BaseCommand):
    help = "Kunci data pribadi: enkripsi ulang NIK dan dokumen dengan kunci data baru."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotasi = sub.add_parser(
            "rotasi",
            help="Enkripsi ulang setiap NIK dan dokumen tersimpan dengan SELENGGARA_DATA_KEY, "
            "per kelompok; aman dihentikan dan dijalankan ulang (melanjutkan).",
        )
        rotasi.add_argument("--kelompok", type=int, default=BATCH_ROWS, help="Baris per transaksi.")
        rotasi.add_argument("--actor", default=None)
        sub.add_parser(
            "status",
            help="Hitung tanpa menulis: berapa yang sudah, belum, atau tidak dapat dibuka.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["action"] == "status"
        actor = None if dry_run else actor_get(options["actor"])
        batch_rows = BATCH_ROWS if dry_run else options["kelompok"]
        if batch_rows < 1:
            raise CommandError("--kelompok harus paling sedikit 1.")
        with progress_bar(enabled=self.stderr.isatty()) as progress:
            report = kunci_rotasi(
                actor=actor, batch_rows=batch_rows, dry_run=dry_run, progress=progress
            )
        self._summary(report)
        if report.failures:
            raise CommandError(
                f"{report.failures} data tidak dapat dibuka dengan kunci mana pun atau berkasnya "
                "hilang: jangan buang kunci lama sebelum diperiksa."
            )

    def _summary(self, report: RotationReport) -> None:
        verb = "akan dienkripsi ulang" if report.dry_run else "dienkripsi ulang"
        for t in report.targets:
            self.stdout.write(
                f"{t.label}: {t.scanned} diperiksa, {t.rotated} {verb}, "
                f"{t.current} sudah dengan kunci baru"
                + (f", {t.missing} berkas hilang" if t.missing else "")
                + (f", {len(t.undecryptable)} tidak dapat dibuka" if t.undecryptable else "")
            )
            for pk in t.undecryptable[:UNDECRYPTABLE_SHOWN]:
                self.stderr.write(f"TIDAK TERBUKA: {t.label} id {pk}")
            hidden = len(t.undecryptable) - UNDECRYPTABLE_SHOWN
            if hidden > 0:
                self.stderr.write(f"... dan {hidden} lainnya di {t.label}.")
        if report.dry_run:
            left = report.rotated
            self.stdout.write(
                "Semua data sudah dengan kunci baru: kunci lama boleh dibuang."
                if not left and not report.failures
                else f"{left} data masih dengan kunci lama: jalankan `selenggara kunci rotasi`."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Rotasi selesai: {report.rotated} data dienkripsi ulang.")
            )
