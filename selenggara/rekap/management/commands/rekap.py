"""`selenggara rekap hitung-ulang|status --pemilihan KODE [--wilayah KODE] ...`, `rekap lipat`."""

from __future__ import annotations

import json
import signal
import sys
import time
from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from selenggara.core.console import actor_get
from selenggara.pemilihan.models import Pemilihan
from selenggara.rekap.hitung import rekap_hitung_ulang, rekap_lipat
from selenggara.rekap.selectors import rekap_wilayah_get


class Command(BaseCommand):
    help = "Rekapitulasi: hitung ulang angka semua wilayah dan tampilkan status rekap."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ulang = sub.add_parser(
            "hitung-ulang",
            help="Hitung ulang angka wilayah (dan semua di bawahnya) dari C.Hasil tersimpan.",
        )
        ulang.add_argument("--pemilihan", required=True, help="Kode pemilihan.")
        ulang.add_argument("--wilayah", default="", help="Kode wilayah (bawaan: nasional).")
        ulang.add_argument(
            "--periksa",
            action="store_true",
            help="Hanya bandingkan dengan angka tersimpan; cetak setiap selisih, keluar bukan 0 "
            "bila ada.",
        )
        ulang.add_argument("--actor", default=None)
        status = sub.add_parser(
            "status", help="Angka hitung dan rekap satu wilayah per kontestasi."
        )
        status.add_argument("--pemilihan", required=True)
        status.add_argument("--wilayah", default="", help="Kode wilayah (bawaan: nasional).")
        status.add_argument("--json", action="store_true", help="Cetak sebagai JSON.")
        lipat = sub.add_parser(
            "lipat",
            help="Lipat perubahan tertunda ke angka provinsi dan nasional (bacaan selalu "
            "menyertakan yang tertunda).",
        )
        lipat.add_argument(
            "--terus",
            action="store_true",
            help="Terus melipat sampai dihentikan (proses latar di samping server web).",
        )
        lipat.add_argument(
            "--jeda", type=float, default=1.0, help="Detik antara dua lipatan (dengan --terus)."
        )
        lipat.add_argument(
            "--kali", type=int, default=None, help="Berhenti setelah sekian lipatan (--terus)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "lipat":
            if options["terus"]:
                self._lipat_terus(options)
            else:
                self.stdout.write(f"{rekap_lipat()} perubahan tertunda dilipat.")
            return
        pemilihan = Pemilihan.objects.filter(kode=options["pemilihan"]).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {options['pemilihan']} tidak ada.")
        if options["action"] == "hitung-ulang":
            self._hitung_ulang(pemilihan, options)
        else:
            self._status(pemilihan, options)

    def _lipat_terus(self, options: dict[str, Any]) -> None:
        """Fold every ``--jeda`` seconds until stopped (Ctrl+C, SIGTERM) or ``--kali`` folds."""
        jeda, kali = float(options["jeda"]), options["kali"]
        self.stdout.write(f"Pelipat rekap berjalan: setiap {jeda:g} detik (Ctrl+C untuk berhenti).")
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        done = 0
        try:
            while kali is None or done < kali:
                try:
                    folded = rekap_lipat(tunggu=False)
                except DatabaseError as exc:
                    # A lost connection or a restarting server: nothing is lost (the deltas
                    # stay pending and reads add them); try again at the next round.
                    if not connection.in_atomic_block:
                        connection.close()  # the next round connects afresh
                    folded = 0
                    self.stderr.write(f"Gagal melipat, dicoba lagi: {exc}")
                done += 1
                if folded:
                    self.stdout.write(f"{folded} perubahan tertunda dilipat.")
                if kali is None or done < kali:
                    time.sleep(jeda)
        except KeyboardInterrupt:
            self.stdout.write("Pelipat rekap berhenti.")

    def _hitung_ulang(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        periksa = bool(options["periksa"])
        result = rekap_hitung_ulang(
            pemilihan=pemilihan,
            wilayah_kode=options["wilayah"],
            periksa=periksa,
            actor=actor_get(options["actor"]),  # type: ignore[arg-type]
        )
        for s in result.selisih:
            self.stdout.write(
                f"SELISIH {s.wilayah_kode or 'nasional'} {s.kontestasi} dapil#{s.dapil_id} "
                f"{s.kolom}: tersimpan {s.tersimpan}, dihitung {s.dihitung}"
            )
        wilayah = options["wilayah"] or "nasional"
        if periksa and result.selisih:
            raise CommandError(
                f"{len(result.selisih)} selisih di {wilayah} ({result.baris} baris dihitung)."
            )
        verb = "diperiksa" if periksa else "dihitung ulang"
        self.stdout.write(
            f"{result.baris} baris agregat {wilayah} {verb}; {len(result.selisih)} selisih"
            + ("." if periksa else " diperbaiki.")
        )

    def _status(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        data = rekap_wilayah_get(pemilihan=pemilihan, wilayah_kode=options["wilayah"])
        if options["json"]:
            self.stdout.write(json.dumps(asdict(data), indent=2, ensure_ascii=False))
            return
        for item in data.kontestasi:
            pleno = item.pleno.status if item.pleno else "-"
            rekap = item.rekap.suara_sah if item.rekap else "-"
            self.stdout.write(
                f"{item.jenis}: hitung sah {item.hitung.suara_sah}, tidak sah "
                f"{item.hitung.suara_tidak_sah}, TPS {item.hitung.tps_masuk}/"
                f"{item.hitung.tps_diharapkan} (ditahan {item.hitung.tps_ditahan}); rekap sah "
                f"{rekap}; pleno {pleno}"
            )
