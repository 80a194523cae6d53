"""`selenggara pindai baca FILE [FILE ...] [--json] [--jenis ppwp] [--halaman N] [--lembar]`;
`selenggara pindai pekerja` (the background worker that reads uploaded photos) and
`selenggara pindai antre` (queue again the readings still waiting).

``--lembar``: the files are the pages of one sheet, decoded together (the identities across
pages vouch for or speak against the numbers they tie); still one result per file.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from selenggara.pindai.baca import BERKAS_HILANG, Bacaan, Catatan, foto_baca, lembar_baca
from selenggara.pindai.messages import alasan_teks
from selenggara.pindai.registrasi import Penolakan


class Command(BaseCommand):
    help = "Pembacaan foto formulir C.Hasil."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        baca = sub.add_parser(
            "baca",
            help="Baca foto halaman C.Hasil: angka yang terbukti, yang perlu ditinjau, atau "
            "alasan foto ditolak.",
        )
        baca.add_argument("berkas", nargs="+", help="Berkas foto (JPEG/PNG).")
        baca.add_argument("--json", action="store_true", help="Satu objek JSON per baris.")
        baca.add_argument("--jenis", default=None, help="Jenis pemilihan yang diharapkan (ppwp).")
        baca.add_argument(
            "--halaman", type=int, default=None, help="Nomor halaman yang diharapkan."
        )
        baca.add_argument(
            "--lembar",
            action="store_true",
            help="Berkas-berkas adalah halaman satu lembar C.Hasil: dibaca bersama.",
        )

        pekerja = sub.add_parser(
            "pekerja",
            help="Jalankan pekerja latar yang membaca foto unggahan (antrean tugas di basis data).",
        )
        pekerja.add_argument(
            "--max-tugas", type=int, default=None, help="Berhenti setelah sekian tugas."
        )
        pekerja.add_argument(
            "--interval", type=float, default=1.0, help="Detik antara dua pemeriksaan antrean."
        )
        pekerja.add_argument("--backend", default="default", help="Nama backend TASKS.")
        pekerja.add_argument(
            "--habis", action="store_true", help="Kerjakan antrean sampai kosong, lalu berhenti."
        )
        sub.add_parser("antre", help="Antrekan lagi setiap foto yang belum dibaca.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "pekerja":
            self._pekerja(options)
            return
        if options["action"] == "antre":
            from selenggara.pindai.services import pembacaan_antre_ulang

            jumlah = pembacaan_antre_ulang()
            self.stdout.write(f"{jumlah} foto diantrekan untuk dibaca.")
            return
        results = [(berkas, self._read(berkas, options)) for berkas in options["berkas"]]
        if options["lembar"]:
            try:
                sheet = lembar_baca([bacaan for _, bacaan in results])
            except ValueError as exc:
                raise CommandError(f"Bukan halaman satu lembar: {exc}") from exc
            results = [(berkas, b) for (berkas, _), b in zip(results, sheet, strict=True)]
        for berkas, bacaan in results:
            if options["json"]:
                self.stdout.write(json.dumps(bacaan.as_json(berkas), ensure_ascii=False))
            else:
                self._table(berkas, bacaan)

    def _read(self, berkas: str, options: dict[str, Any]) -> Bacaan:
        path = Path(berkas)
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        bacaan = foto_baca(data, jenis=options["jenis"], nomor=options["halaman"])
        if bacaan.penolakan is Penolakan.RUSAK and not path.is_file():
            bacaan = Bacaan(
                jenis=options["jenis"],
                halaman=options["halaman"],
                status=bacaan.status,
                alasan=(Catatan(BERKAS_HILANG, berkas),),
                penolakan=bacaan.penolakan,
            )
        return bacaan

    def _pekerja(self, options: dict[str, Any]) -> None:
        """django-tasks-db's worker on the queues of this project (ADR 0004)."""
        worker_options: dict[str, Any] = {
            "queue_name": "*",
            "interval": options["interval"],
            "backend_name": options["backend"],
            "startup_delay": False,
            "reload": False,
            "batch": options["habis"],
        }
        if options["max_tugas"] is not None:
            worker_options["max_tasks"] = options["max_tugas"]
        call_command("db_worker", **worker_options)

    def _table(self, berkas: str, bacaan: Bacaan) -> None:
        halaman = f"halaman {bacaan.halaman}" if bacaan.halaman else "halaman ?"
        self.stdout.write(f"{berkas}: {bacaan.jenis or '?'} {halaman}: {bacaan.status}")
        if bacaan.angka:
            width = max(len(a.kunci) for a in bacaan.angka)
            for a in bacaan.angka:
                nilai = "-" if a.nilai is None else str(a.nilai)
                mark = "otomatis" if a.otomatis else "tinjau"
                self.stdout.write(f"  {a.kunci:<{width}}  {nilai:>5}  {a.keyakinan:6.4f}  {mark}")
        for alasan in bacaan.alasan:
            self.stdout.write(f"  - {alasan_teks(alasan)}")
