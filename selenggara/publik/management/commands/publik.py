"""`selenggara publik terbitkan --pemilihan KODE --out DIR --alasan TEKS` and `publik verifikasi DIR`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.core.console import progress_bar
from selenggara.core.errors import DomainError
from selenggara.pemilihan.models import Pemilihan
from selenggara.publik.domain.verifikasi import periksa_publikasi, periksa_saksi
from selenggara.publik.terbitkan import publikasi_terbitkan


class Command(BaseCommand):
    help = (
        "Publikasi hasil untuk publik: terbitkan snapshot bertanda tangan, verifikasi salinannya."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        terbit = sub.add_parser(
            "terbitkan",
            help="Tulis publikasi baru (snapshot, indeks, data terbuka, halaman statis) dan "
            "tambahkan entri bertanda tangan ke log publikasi.",
        )
        terbit.add_argument("--pemilihan", required=True, help="Kode pemilihan.")
        terbit.add_argument("--out", required=True, type=Path, help="Direktori publikasi.")
        terbit.add_argument(
            "--alasan",
            default="Publikasi hasil hitung C.Hasil.",
            help="Mengapa diterbitkan (untuk koreksi: apa yang dikoreksi dan mengapa).",
        )
        terbit.add_argument(
            "--akar-url", default="/", help="Alamat tempat direktori dilayani (bawaan /)."
        )
        terbit.add_argument(
            "--tanpa-halaman-tps", action="store_true", help="Jangan tulis halaman statis per TPS."
        )
        verif = sub.add_parser(
            "verifikasi",
            help="Periksa log dan setiap berkas publikasi; keluar non-nol bila diubah.",
        )
        verif.add_argument("dir", type=Path)
        verif.add_argument("--sidik-kunci", default=None, help="Sidik kunci publik yang diumumkan.")
        verif.add_argument("--tps", default=None, help="Periksa digest saksi TPS ini.")
        verif.add_argument("--kontestasi", default=None)
        verif.add_argument("--digest", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verifikasi":
            self._verifikasi(options)
            return
        pemilihan = Pemilihan.objects.filter(kode=options["pemilihan"]).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {options['pemilihan']} tidak ada.")
        try:
            with progress_bar(enabled=self.stderr.isatty()) as progress:
                r = publikasi_terbitkan(
                    pemilihan=pemilihan,
                    out=options["out"],
                    alasan=options["alasan"],
                    akar_url=options["akar_url"],
                    halaman_tps=not options["tanpa_halaman_tps"],
                    progress=progress,
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        berubah = len(r.perubahan["diubah"]) + len(r.perubahan["ditambah"])
        self.stdout.write(
            f"Publikasi {r.nomor} ditulis ke {options['out']}: {r.jumlah_berkas} berkas, "
            f"{r.jumlah_wilayah} wilayah, {r.jumlah_tps} TPS x kontestasi, "
            f"{r.ukuran / 1_000_000:.1f} MB, {r.detik:.1f} detik; "
            f"{berubah} indeks wilayah baru atau berubah, {len(r.perubahan['dihapus'])} dihapus."
        )

    def _verifikasi(self, options: dict[str, Any]) -> None:
        root: Path = options["dir"]
        if options["tps"]:
            if not (options["kontestasi"] and options["digest"]):
                raise CommandError("--tps memerlukan --kontestasi dan --digest.")
            hasil = periksa_saksi(
                root, tps=options["tps"], kontestasi=options["kontestasi"], digest=options["digest"]
            )
            if not hasil.cocok:
                raise CommandError(hasil.pesan)
            self.stdout.write(hasil.pesan)
            return
        masalah = periksa_publikasi(root, sidik_kunci_harapan=options["sidik_kunci"])
        for m in masalah:
            self.stderr.write(f"{m.lokasi}: {m.pesan} [{m.kode}]")
        if masalah:
            raise CommandError(f"Publikasi GAGAL diverifikasi: {len(masalah)} masalah.")
        self.stdout.write("Publikasi terverifikasi: log, tanda tangan dan setiap berkas cocok.")
