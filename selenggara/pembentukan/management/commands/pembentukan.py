"""`selenggara pembentukan import-partai|jadwal|penelitian|kriteria`: KPPS formation jobs."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError

from selenggara.accounts.models import User
from selenggara.core.console import actor_get, invalid_input_report, progress_bar
from selenggara.core.errors import InvalidInput
from selenggara.pembentukan.domain.penetapan import KriteriaTidakSah
from selenggara.pembentukan.pendaftaran.impor import daftar_partai_import
from selenggara.pembentukan.pendaftaran.services import jadwal_create
from selenggara.pembentukan.penelitian.massal import penelitian_run_bulk
from selenggara.pembentukan.penetapan.selectors import kriteria_peringkat_get
from selenggara.pembentukan.penetapan.services import kriteria_peringkat_set
from selenggara.pemilihan.models import Pemilihan


class Command(BaseCommand):
    help = "Pembentukan KPPS: daftar anggota partai, jadwal, penelitian administrasi massal."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        partai = sub.add_parser(
            "import-partai",
            help="Impor daftar anggota partai (CSV/XLSX, kolom nik,partai); hanya digest NIK disimpan.",
        )
        partai.add_argument("file", type=Path)
        jadwal = sub.add_parser("jadwal", help="Buat jadwal pembentukan dari templat.")
        jadwal.add_argument("--preset", required=True, help="mis. pemilu-2024 atau pilkada-2024")
        jadwal.add_argument(
            "--mulai",
            type=date.fromisoformat,
            default=None,
            help="Geser jadwal agar pengumuman mulai pada tanggal ini (YYYY-MM-DD), mis. untuk latihan.",
        )
        jadwal.add_argument(
            "--latihan",
            action="store_true",
            help="Jadwal latihan: semua tahapan dibuka sepanjang rentang jadwal.",
        )
        penelitian = sub.add_parser(
            "penelitian",
            help=(
                "Teliti otomatis semua pendaftar tersimpan (satu wilayah atau nasional), per "
                "kab/kota; penelitian yang terhenti dilanjutkan."
            ),
        )
        penelitian.add_argument(
            "--wilayah", default=None, help="Batasi ke satu wilayah, mis. 33.03."
        )
        kriteria = sub.add_parser(
            "kriteria",
            help="Tampilkan atau ubah kriteria peringkat calon KPPS pemilihan ini (urut terbaik).",
        )
        kriteria.add_argument(
            "--urutan",
            default=None,
            help="Mis. pendidikan,waktu_daftar (bawaan) atau waktu_daftar; tanpa ini: tampilkan.",
        )
        for p in (partai, jadwal, penelitian, kriteria):
            p.add_argument("--pemilihan", required=True, help="Kode pemilihan.")
            p.add_argument("--actor", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        pemilihan = Pemilihan.objects.filter(kode=options["pemilihan"]).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {options['pemilihan']} tidak ada.")
        actor = cast("User | None", actor_get(options["actor"]))
        try:
            if options["action"] == "import-partai":
                self._partai(pemilihan, options["file"], actor)
            elif options["action"] == "jadwal":
                rows = jadwal_create(
                    pemilihan=pemilihan,
                    preset=options["preset"],
                    mulai=options["mulai"],
                    latihan=options["latihan"],
                    actor=actor,
                )
                for row in rows:
                    self.stdout.write(
                        f"{row.badan:<20} {row.tahapan:<30} {row.mulai} .. {row.selesai}"
                    )
                self.stdout.write(
                    self.style.SUCCESS(f"Jadwal {pemilihan.kode}: {len(rows)} tahapan.")
                )
            elif options["action"] == "kriteria":
                self._kriteria(pemilihan, options["urutan"], actor)
            else:
                with progress_bar(enabled=self.stderr.isatty()) as progress:
                    result = penelitian_run_bulk(
                        pemilihan=pemilihan,
                        wilayah_kode=options["wilayah"],
                        actor=actor,
                        progress=progress,
                    )
                if result.dilanjutkan:
                    self.stdout.write("Melanjutkan penelitian massal yang terhenti.")
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{result.jumlah} pendaftar diteliti di {result.batch} kab/kota: "
                        f"{result.lolos} tanpa masalah, {result.dengan_error} dengan masalah."
                    )
                )
        except InvalidInput as exc:
            raise invalid_input_report(exc, self.stderr) from exc
        except KriteriaTidakSah as exc:
            raise CommandError(exc.message) from exc

    def _kriteria(self, pemilihan: Pemilihan, urutan: str | None, actor: User | None) -> None:
        if urutan is None:
            current = kriteria_peringkat_get(pemilihan=pemilihan)
        else:
            current = kriteria_peringkat_set(
                pemilihan=pemilihan, kriteria=urutan.split(","), actor=actor
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Kriteria peringkat {pemilihan.kode}: {', '.join(k.value for k in current)}."
            )
        )

    def _partai(self, pemilihan: Pemilihan, path: Path, actor: User | None) -> None:
        with progress_bar(enabled=self.stderr.isatty()) as progress:
            result = daftar_partai_import(
                pemilihan=pemilihan, path=path, actor=actor, progress=progress
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Daftar anggota partai {result.source}: {result.jumlah} NIK, "
                f"{result.jumlah_partai} partai (hanya digest NIK yang disimpan)."
            )
        )
