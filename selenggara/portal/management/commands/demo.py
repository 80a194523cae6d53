"""`selenggara demo`: build the Purbalingga demo, idempotently, and print the logins."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from selenggara.accounts.demo import demo_totp_code
from selenggara.core.console import progress_bar
from selenggara.portal.demo import DEMO_PASSWORD, demo_build


class Command(BaseCommand):
    help = (
        "Bangun data demo: wilayah Kepmendagri 2025, Pemilu 2024, TPS Kabupaten Purbalingga "
        "(DPT sintetis) dan pengguna demo untuk setiap peran. Aman dijalankan ulang."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--kabkota",
            default="33.03",
            help="Kode kabupaten/kota demo (bawaan 33.03 Purbalingga).",
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Kata sandi pengguna demo.")
        parser.add_argument(
            "--kode-totp",
            action="store_true",
            help="Hanya cetak kode TOTP demo yang berlaku sekarang (untuk akun KPU).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kode_totp"]:
            self.stdout.write(demo_totp_code())
            return
        with progress_bar(enabled=self.stderr.isatty()) as progress:
            result = demo_build(
                kabkota_kode=options["kabkota"],
                password=options["password"],
                log=self.stdout.write,
                progress=progress,
            )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo siap: {result.summary}"))
        self.stdout.write("")
        self.stdout.write(f"Login demo (kata sandi sama untuk semua: {options['password']}):")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<24} {login.peran:<20} {login.where}")
        self.stdout.write("")
        for line in result.c_hasil_lines:
            self.stdout.write(line)
        for line in result.bimtek_lines:
            self.stdout.write(line)
        if result.totp_note:
            self.stdout.write("")
            self.stdout.write(result.totp_note)
            self.stdout.write(f"Kode TOTP saat ini: {demo_totp_code()}")
