"""`selenggara tps import FILE --pemilihan KODE` and `selenggara tps load-2024 --pemilihan KODE`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.console import actor_get, invalid_input_report, progress_bar
from selenggara.core.errors import InvalidInput
from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.services import TPSImportResult, tps_import, tps_load_distribusi_2024


class Command(BaseCommand):
    help = "Kelola TPS suatu pemilihan."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help="Impor TPS dari CSV/XLSX (kode_desa,nomor,alamat,dpt_laki,dpt_perempuan[,dpt]).",
        )
        imp.add_argument("file", type=Path)
        load = sub.add_parser(
            "load-2024", help="Muat sebaran TPS Pemilu 2024 (820.161 TPS) dengan DPT sintetis."
        )
        load.add_argument("--prefix", default=None, help="Batasi ke satu wilayah, mis. 33.03.")
        load.add_argument("--seed", type=int, default=None)
        for p in (imp, load):
            p.add_argument("--pemilihan", required=True, help="Kode pemilihan.")
            p.add_argument("--actor", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        pemilihan = Pemilihan.objects.filter(kode=options["pemilihan"]).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {options['pemilihan']} tidak ada.")
        actor = actor_get(options["actor"])
        with progress_bar(enabled=self.stderr.isatty()) as progress:
            try:
                if options["action"] == "import":
                    result = tps_import(
                        pemilihan=pemilihan, path=options["file"], actor=actor, progress=progress
                    )
                else:
                    extra = {"seed": options["seed"]} if options["seed"] is not None else {}
                    result = tps_load_distribusi_2024(
                        pemilihan=pemilihan,
                        actor=actor,
                        prefix=options["prefix"],
                        progress=progress,
                        **extra,
                    )
            except InvalidInput as exc:
                raise invalid_input_report(exc, self.stderr) from exc
        self._summary(pemilihan, result)

    def _summary(self, pemilihan: Pemilihan, result: TPSImportResult) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"{pemilihan.kode}: {result.jumlah_tps} TPS di {result.jumlah_desa} desa/kelurahan "
                f"disimpan, DPT {result.jumlah_dpt}."
            )
        )
        if result.desa_rematched:
            self.stdout.write(
                f"{result.desa_rematched} desa berganti kode dalam daftar wilayah dan "
                "dicocokkan dengan nama yang sama di kabupaten/kota yang sama."
            )
        if result.desa_skipped:
            self.stderr.write(
                f"PERHATIAN: {result.desa_skipped} desa ({result.tps_skipped} TPS) tidak ada "
                "dalam versi wilayah pemilihan ini dan dilewati, mis.: "
                + "; ".join(result.desa_skipped_examples)
            )
