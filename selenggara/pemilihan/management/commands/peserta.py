"""`selenggara peserta import-partai|import-dapil|import-calon FILE --pemilihan KODE` and
`selenggara peserta load-2024 --pemilihan KODE`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.console import actor_get, invalid_input_report
from selenggara.core.errors import InvalidInput
from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.peserta_demo import peserta_demo_load
from selenggara.pemilihan.services_peserta import calon_import, dapil_import, partai_import

IMPORTS = {
    "import-partai": (
        partai_import,
        "Impor partai dari CSV/XLSX (nomor,nama,singkatan[,provinsi_kode]).",
    ),
    "import-dapil": (
        dapil_import,
        "Impor dapil dari CSV/XLSX (kontestasi,kode_dapil,nama_dapil,induk,kursi,wilayah_kode).",
    ),
    "import-calon": (
        calon_import,
        "Impor calon dari CSV/XLSX (kontestasi,kode_dapil,partai,nomor_urut,nama,nama_wakil,"
        "jenis_kelamin,sintetis).",
    ),
}


class Command(BaseCommand):
    help = "Kelola peserta pemilihan: partai, daerah pemilihan (dapil) dan calon."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parsers = []
        for name, (_service, text) in IMPORTS.items():
            p = sub.add_parser(name, help=text)
            p.add_argument("file", type=Path)
            parsers.append(p)
        parsers.append(
            sub.add_parser(
                "load-2024",
                help="Muat partai, pasangan calon dan dapil Pemilu 2024 di sekitar Purbalingga "
                "(calon legislatif sintetis).",
            )
        )
        for p in parsers:
            p.add_argument("--pemilihan", required=True, help="Kode pemilihan.")
            p.add_argument("--actor", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        pemilihan = Pemilihan.objects.filter(kode=options["pemilihan"]).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {options['pemilihan']} tidak ada.")
        actor = actor_get(options["actor"])
        action = options["action"]
        try:
            if action == "load-2024":
                summary = peserta_demo_load(pemilihan=pemilihan, actor=actor)
                line = (
                    f"{pemilihan.kode}: {summary.jumlah_partai} partai, {summary.jumlah_dapil} "
                    f"dapil, {summary.jumlah_calon} calon dimuat."
                )
                if summary.sudah_ada:
                    line += " Sudah ada sebelumnya: " + ", ".join(summary.sudah_ada) + "."
            else:
                service = IMPORTS[action][0]
                result = service(pemilihan=pemilihan, path=options["file"], actor=actor)
                line = (
                    f"{pemilihan.kode}: {result.jumlah_partai} partai, {result.jumlah_dapil} "
                    f"dapil ({result.jumlah_wilayah} wilayah, {result.jumlah_dapil_diganti} "
                    f"diganti), {result.jumlah_calon} calon disimpan."
                )
        except InvalidInput as exc:
            raise invalid_input_report(exc, self.stderr) from exc
        self.stdout.write(self.style.SUCCESS(line))
