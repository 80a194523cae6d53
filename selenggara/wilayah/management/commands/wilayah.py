"""`selenggara wilayah import`: load a Kemendagri region list (default: the shipped 2025 list)."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.console import actor_get, invalid_input_report, progress_bar
from selenggara.core.errors import InvalidInput
from selenggara.wilayah.services import (
    DEFAULT_FILE,
    DEFAULT_KEPUTUSAN,
    DEFAULT_VERSI_KODE,
    wilayah_import,
)


class Command(BaseCommand):
    help = "Kelola daftar wilayah Kemendagri."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help="Impor daftar wilayah (CSV/XLSX, kolom kode,nama); bawaan: Kepmendagri 2025.",
        )
        imp.add_argument("--file", type=Path, default=None, help="Berkas CSV atau XLSX.")
        imp.add_argument("--versi", default=None, help="Kode versi, mis. kemendagri-2025.")
        imp.add_argument("--keputusan", default=None, help="Keputusan Mendagri sumber daftar.")
        imp.add_argument("--berlaku-mulai", type=date.fromisoformat, default=None)
        imp.add_argument(
            "--no-activate", action="store_true", help="Jangan jadikan versi ini yang aktif."
        )
        imp.add_argument("--actor", default=None, help="Nama pengguna pelaku (bawaan: sistem).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        versi, keputusan = options["versi"], options["keputusan"]
        if path is not None and not (versi and keputusan):
            raise CommandError("Untuk --file, sebutkan juga --versi dan --keputusan.")
        actor = actor_get(options["actor"])
        with progress_bar(enabled=self.stderr.isatty()) as progress:
            try:
                result = wilayah_import(
                    path=path or DEFAULT_FILE,
                    versi_kode=versi or DEFAULT_VERSI_KODE,
                    keputusan=keputusan or DEFAULT_KEPUTUSAN,
                    berlaku_mulai=options["berlaku_mulai"],
                    activate=not options["no_activate"],
                    actor=actor,
                    progress=progress,
                )
            except InvalidInput as exc:
                raise invalid_input_report(exc, self.stderr) from exc
        counts = result.counts
        summary = (
            f"{counts['provinsi']} provinsi, {counts['kabkota']} kabupaten/kota, "
            f"{counts['kecamatan']} kecamatan, {counts['desa']} desa/kelurahan"
        )
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Versi {result.versi.kode} diimpor: {summary}."))
        else:
            self.stdout.write(f"Versi {result.versi.kode} sudah ada dengan isi sama: {summary}.")
