"""`selenggara pemilihan create`: create an election, from a preset or from options."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.console import actor_get, invalid_input_report
from selenggara.core.errors import InvalidInput
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan
from selenggara.pemilihan.domain.preset import PRESETS
from selenggara.pemilihan.services import pemilihan_create
from selenggara.wilayah.models import VersiWilayah


class Command(BaseCommand):
    help = "Kelola pemilihan (Pemilu, Pilkada)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Buat pemilihan baru.")
        create.add_argument("--preset", choices=sorted(PRESETS), default=None)
        create.add_argument("--kode", default=None)
        create.add_argument("--nama", default=None)
        create.add_argument("--jenis", choices=[j.value for j in JenisPemilihan], default=None)
        create.add_argument("--hari", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        create.add_argument("--batas-pemilih", type=int, default=None)
        create.add_argument(
            "--kontestasi",
            nargs="+",
            choices=[k.value for k in JenisKontestasi],
            default=None,
        )
        create.add_argument("--versi", default=None, help="Kode versi wilayah (bawaan: aktif).")
        create.add_argument("--actor", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        preset = PRESETS[options["preset"]] if options["preset"] else None
        kode = options["kode"] or (preset.kode if preset else None)
        nama = options["nama"] or (preset.nama if preset else None)
        jenis = options["jenis"] or (preset.jenis if preset else None)
        hari = options["hari"] or (preset.hari_pemungutan if preset else None)
        if not (kode and nama and jenis and hari):
            raise CommandError("Sebutkan --preset, atau --kode, --nama, --jenis dan --hari.")
        batas = options["batas_pemilih"] or (preset.batas_pemilih_per_tps if preset else None)
        kontestasi = options["kontestasi"] or (list(preset.kontestasi) if preset else None)
        try:
            pemilihan = pemilihan_create(
                kode=kode,
                nama=nama,
                jenis=jenis,
                hari_pemungutan=hari,
                versi_wilayah=_versi(options["versi"]),
                batas_pemilih_per_tps=batas,
                kontestasi=kontestasi,
                actor=actor_get(options["actor"]),
            )
        except InvalidInput as exc:
            raise invalid_input_report(exc, self.stderr) from exc
        jumlah = pemilihan.kontestasi_set.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Pemilihan {pemilihan.kode} ({pemilihan.nama}, {pemilihan.hari_pemungutan}) "
                f"dibuat: {jumlah} kontestasi, paling banyak {pemilihan.batas_pemilih_per_tps} "
                "pemilih per TPS."
            )
        )


def _versi(kode: str | None) -> VersiWilayah:
    qs = (
        VersiWilayah.objects.filter(kode=kode)
        if kode
        else VersiWilayah.objects.filter(is_active=True)
    )
    versi = qs.first()
    if versi is None:
        raise CommandError(
            f"Versi wilayah {kode} tidak ada."
            if kode
            else "Belum ada versi wilayah aktif; jalankan dulu: selenggara wilayah import"
        )
    return versi
