"""`selenggara demo`: build the Purbalingga demo, idempotently, and print the logins."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.accounts.demo import demo_totp_code
from selenggara.core.console import progress_bar
from selenggara.core.deployment import demo_allowed
from selenggara.core.errors import InvalidInput
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
        parser.add_argument(
            "--basis-data-sekali-pakai",
            action="store_true",
            help="Nyatakan bahwa basis data ini boleh dibuang: izinkan demo pada pengaturan "
            "produksi (akun demo memakai kata sandi yang dipublikasikan).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kode_totp"]:
            try:
                self.stdout.write(demo_totp_code())
            except InvalidInput as exc:
                raise CommandError(exc.message) from exc
            return
        if not demo_allowed(throwaway_database=options["basis_data_sekali_pakai"]):
            raise CommandError(
                "Pengaturan ini adalah mode produksi (DJANGO_HTTPS aktif, atau DJANGO_DEBUG mati "
                "dengan host sungguhan): demo menolak membuat akun dengan kata sandi yang "
                "dipublikasikan, termasuk akun KPU RI nasional. Jalankan demo pada pengaturan "
                "pengembangan, atau tambahkan --basis-data-sekali-pakai bila basis data ini "
                "memang boleh dibuang."
            )
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
        self.stdout.write("")
        for line in result.publik_lines:
            self.stdout.write(line)
        for line in result.bimtek_lines:
            self.stdout.write(line)
        for line in result.pindai_lines:
            self.stdout.write(line)
        if result.totp_note:
            self.stdout.write("")
            self.stdout.write(result.totp_note)
            self.stdout.write(f"Kode TOTP saat ini: {demo_totp_code(key_hex=result.totp_key_hex)}")
