"""`selenggara tungsura demo --pemilihan KODE [--wilayah 33.03] [--seed N] [--actor USER]`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.console import actor_get, progress_bar
from selenggara.core.errors import DomainError
from selenggara.pemilihan.models import Pemilihan
from selenggara.tungsura.demo import DEMO_SEED, c_hasil_demo_load


class Command(BaseCommand):
    help = "Pemungutan dan penghitungan suara di TPS: data demo C.Hasil."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser(
            "demo",
            help="Isi C.Hasil demo untuk setiap TPS dan kontestasi di wilayah, dengan beberapa "
            "kesalahan yang disengaja. Aman dijalankan ulang.",
        )
        demo.add_argument("--pemilihan", required=True, help="Kode pemilihan.")
        demo.add_argument("--wilayah", default="33.03", help="Kode wilayah (bawaan 33.03).")
        demo.add_argument("--seed", type=int, default=DEMO_SEED)
        demo.add_argument("--actor", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        pemilihan = Pemilihan.objects.filter(kode=options["pemilihan"]).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {options['pemilihan']} tidak ada.")
        actor = actor_get(options["actor"])
        try:
            with progress_bar(enabled=self.stderr.isatty()) as progress:
                summary = c_hasil_demo_load(
                    pemilihan=pemilihan,
                    wilayah_kode=options["wilayah"],
                    seed=options["seed"],
                    actor=actor,
                    progress=progress,
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for line in summary.lines():
            self.stdout.write(line)
