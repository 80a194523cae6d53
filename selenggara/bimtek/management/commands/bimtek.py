"""`selenggara bimtek rencana-buat|aturan|impor-tempat|impor-jarak|impor-pelatih|impor-soal|
impor-nilai|rencanakan|demo`."""

from __future__ import annotations

import datetime as dt
import json
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selenggara.accounts.models import User
from selenggara.bimtek.demo import bimtek_demo_ensure
from selenggara.bimtek.domain.jadwal import KPPS_PER_TPS
from selenggara.bimtek.models import JadwalTPS, ModulBimtek, RencanaBimtek, SesiBimtek
from selenggara.bimtek.optimizer import HasilOptimasi
from selenggara.bimtek.selectors import gelombang_list, kekurangan_teks
from selenggara.bimtek.services import (
    jarak_import,
    nilai_import,
    pelatih_import,
    rencana_aturan_update,
    rencana_create,
    rencana_plan,
    soal_import,
    tempat_import,
)
from selenggara.core.console import actor_get, invalid_input_report, progress_bar
from selenggara.core.errors import DomainError, InvalidInput
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.models import Wilayah


def _actor(options: dict[str, Any]) -> User | None:
    user = actor_get(options["actor"])
    return user if isinstance(user, User) else None


def _actor_required(options: dict[str, Any]) -> User:
    actor = _actor(options)
    if actor is None:
        raise CommandError("Sebutkan --actor (nama pengguna KPU kab/kota).")
    return actor


def _kabkota_of(kode: str) -> str:
    return ".".join(kode.split(".")[:2])


def _split(raw: str) -> list[str]:
    return [p.strip() for p in raw.split(",") if p.strip()]


def _tanggal_list(raw: str) -> list[dt.date]:
    try:
        return [dt.date.fromisoformat(p) for p in _split(raw)]
    except ValueError as exc:
        raise ArgumentTypeError(f"tanggal tidak sah (tulis YYYY-MM-DD): {raw}") from exc


def _kode_list(raw: str) -> list[str]:
    return _split(raw)


def _tetangga(raw: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for part in _split(raw):
        kode, sep, others = part.partition(":")
        if not sep or not others.strip():
            raise ArgumentTypeError(f"tulis KECAMATAN:TETANGGA+TETANGGA, bukan {part!r}")
        pairs.setdefault(kode.strip(), []).extend(o.strip() for o in others.split("+"))
    return pairs


def _jam_list(raw: str) -> list[tuple[str, str]]:
    jam = []
    for part in _split(raw):
        mulai, sep, selesai = part.partition("-")
        if not sep:
            raise ArgumentTypeError(f"tulis JJ.MM-JJ.MM, bukan {part!r}")
        jam.append((mulai, selesai))
    return jam


def _import_parser(sub: Any, name: str, help_text: str) -> None:
    """A plan-wide import: the file, the election, the plan's kab/kota and the actor."""
    parser = sub.add_parser(name, help=help_text)
    parser.add_argument("berkas")
    parser.add_argument("--pemilihan", required=True)
    parser.add_argument("--wilayah", required=True, help="Kode kab/kota rencana.")
    parser.add_argument("--actor", default=None)


class Command(BaseCommand):
    rencana: RencanaBimtek
    wilayah_kode: str
    help = "Bimbingan teknis KPPS: rencana, tempat, soal, penjadwalan (optimasi) dan demo."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        buat = sub.add_parser("rencana-buat", help="Buat rencana bimtek sebuah kab/kota.")
        buat.add_argument("--pemilihan", required=True)
        buat.add_argument("--wilayah", required=True, help="Kode kab/kota, mis. 33.03.")
        buat.add_argument("--mulai", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD")
        buat.add_argument("--selesai", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD")
        buat.add_argument("--sesi-per-hari", type=int, default=1, choices=[1, 2])
        buat.add_argument("--rasio", type=int, default=40, help="Peserta per pelatih (bawaan 40).")
        buat.add_argument(
            "--hari-libur", type=_tanggal_list, default=[], help="YYYY-MM-DD,... tanpa bimtek."
        )
        buat.add_argument("--actor", default=None)
        atur = sub.add_parser(
            "aturan",
            help="Ubah aturan rencana: hari libur, hari dengan transportasi, desa jauh, "
            "kecamatan tetangga, sesi per hari dan jamnya, peserta per pelatih. Yang tidak "
            "disebut tetap.",
        )
        atur.add_argument("--pemilihan", required=True)
        atur.add_argument("--wilayah", required=True, help="Kode kab/kota rencana.")
        atur.add_argument(
            "--hari-libur", type=_tanggal_list, help="YYYY-MM-DD,... ('' = tidak ada)"
        )
        atur.add_argument(
            "--hari-transportasi",
            type=_tanggal_list,
            help="Hari dengan transportasi untuk desa jauh, YYYY-MM-DD,... ('' = setiap hari).",
        )
        atur.add_argument("--desa-jauh", type=_kode_list, help="Kode desa, dipisah koma.")
        atur.add_argument(
            "--tetangga",
            type=_tetangga,
            help="Kecamatan tetangga: 33.03.01:33.03.02+33.03.03,33.03.04:33.03.05",
        )
        atur.add_argument("--boleh-tetangga", choices=["ya", "tidak"])
        atur.add_argument("--sesi-per-hari", type=int, choices=[1, 2])
        atur.add_argument("--jam", type=_jam_list, help="Jam sesi: 08.00-12.00,13.00-17.00")
        atur.add_argument("--rasio", type=int, help="Peserta per pelatih.")
        atur.add_argument("--alasan", default="")
        atur.add_argument("--actor", default=None)
        _import_parser(
            sub,
            "impor-tempat",
            "Impor tempat dari CSV/XLSX (kolom desa_kode, nama, kapasitas; opsional alamat, "
            "tanggal YYYY-MM-DD;..., sesi 1;2). Semua baris atau tidak sama sekali.",
        )
        _import_parser(
            sub,
            "impor-jarak",
            "Impor jarak desa ke tempat dari CSV/XLSX (kolom desa_kode, tempat, km; opsional "
            "kecamatan_tempat). Perencana memakai km ini, bukan tingkat desa/kecamatan/tetangga.",
        )
        _import_parser(
            sub,
            "impor-pelatih",
            "Impor pelatih dan narasumber dari CSV/XLSX (kolom kecamatan_kode, nama, jenis "
            "ppk|pps|kpu|polisi|jaksa|lainnya; opsional tanggal YYYY-MM-DD;... dan sesi 1;2 saat "
            "ia bisa mengajar). Semua baris atau tidak sama sekali.",
        )
        nilai = sub.add_parser(
            "impor-nilai",
            help="Impor nilai pre/post-test satu sesi (kolom tps_kode, posisi, modul, pre, post; "
            "peserta harus sudah tercatat hadir).",
        )
        nilai.add_argument("berkas")
        nilai.add_argument("--pemilihan", required=True)
        nilai.add_argument("--sesi", required=True, type=int, help="Nomor sesi (id di URL).")
        nilai.add_argument("--actor", default=None)
        soal = sub.add_parser(
            "impor-soal",
            help="Impor bank soal satu modul (kolom nomor, pertanyaan, a, b, c, d, kunci).",
        )
        soal.add_argument("berkas")
        soal.add_argument("--pemilihan", required=True)
        soal.add_argument("--wilayah", required=True)
        soal.add_argument("--modul", required=True, help="Kode modul, mis. c_hasil.")
        soal.add_argument("--actor", default=None)
        plan = sub.add_parser(
            "rencanakan",
            help="Jadwalkan setiap tim TPS kab/kota atau kecamatan ke sesi (OR-Tools CP-SAT).",
        )
        plan.add_argument("--pemilihan", required=True)
        plan.add_argument("--wilayah", required=True, help="Kode kab/kota atau kecamatan.")
        plan.add_argument(
            "--json",
            action="store_true",
            help="Cetak sesi, gelombang, lalu ringkasan (JSON per baris).",
        )
        plan.add_argument("--detik", type=float, default=2.0, help="Batas waktu per kecamatan.")
        plan.add_argument("--proses", type=int, default=2, help="Proses paralel (bawaan 2).")
        plan.add_argument("--actor", default=None)
        demo = sub.add_parser(
            "demo", help="Rencana bimtek demo (tempat sintetis). Aman dijalankan ulang."
        )
        demo.add_argument("--pemilihan", required=True)
        demo.add_argument("--wilayah", default="33.03")

    def handle(self, *args: Any, **options: Any) -> None:
        pemilihan = Pemilihan.objects.filter(kode=options["pemilihan"]).first()
        if pemilihan is None:
            raise CommandError(f"Pemilihan {options['pemilihan']} tidak ada.")
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(pemilihan, options)
        except InvalidInput as exc:
            raise invalid_input_report(exc, self.stderr) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _rencana(self, pemilihan: Pemilihan, kode: str) -> RencanaBimtek:
        rencana = RencanaBimtek.objects.filter(
            pemilihan=pemilihan, kabkota_kode=_kabkota_of(kode)
        ).first()
        if rencana is None:
            raise CommandError(
                f"Belum ada rencana bimtek untuk {_kabkota_of(kode)}; buat dengan `selenggara bimtek rencana-buat`."
            )
        return rencana

    def _rencana_buat(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        kabkota = Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, kode=options["wilayah"], tingkat=2
        ).first()
        if kabkota is None:
            raise CommandError(f"Kab/kota {options['wilayah']} tidak ada.")
        actor = _actor_required(options)
        rencana = rencana_create(
            pemilihan=pemilihan,
            kabkota=kabkota,
            tanggal_mulai=options["mulai"],
            tanggal_selesai=options["selesai"],
            slot_per_hari=options["sesi_per_hari"],
            rasio_pelatih=options["rasio"],
            hari_dikecualikan=options["hari_libur"],
            actor=actor,
        )
        self.stdout.write(
            f"Rencana {rencana.nama} dibuat ({rencana.kecamatan_set.count()} kecamatan)."
        )

    def _aturan(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        rencana = self._rencana(pemilihan, options["wilayah"])
        actor = _actor_required(options)
        boleh = options["boleh_tetangga"]
        rencana = rencana_aturan_update(
            rencana=rencana,
            actor=actor,
            alasan=options["alasan"],
            hari_dikecualikan=options["hari_libur"],
            hari_transportasi=options["hari_transportasi"],
            desa_jauh=options["desa_jauh"],
            tetangga=options["tetangga"],
            boleh_tetangga=None if boleh is None else boleh == "ya",
            slot_per_hari=options["sesi_per_hari"],
            jam_slot=options["jam"],
            rasio_pelatih=options["rasio"],
        )
        self.stdout.write(
            f"Aturan {rencana.nama}: {len(rencana.hari_dikecualikan)} hari libur, "
            f"{len(rencana.hari_transportasi)} hari dengan transportasi, "
            f"{len(rencana.desa_jauh)} desa jauh, {len(rencana.tetangga)} kecamatan bertetangga "
            f"({'boleh' if rencana.boleh_tetangga else 'tidak boleh'} ke tetangga), "
            f"{rencana.slot_per_hari} sesi per hari, {rencana.rasio_pelatih} peserta per pelatih."
        )

    def _impor_tempat(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        rencana = self._rencana(pemilihan, options["wilayah"])
        summary = tempat_import(rencana=rencana, path=options["berkas"], actor=_actor(options))
        self.stdout.write(f"{summary.jumlah} tempat diimpor.")

    def _impor_jarak(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        rencana = self._rencana(pemilihan, options["wilayah"])
        summary = jarak_import(rencana=rencana, path=options["berkas"], actor=_actor(options))
        self.stdout.write(f"{summary.jumlah} jarak diimpor.")

    def _impor_pelatih(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        rencana = self._rencana(pemilihan, options["wilayah"])
        summary = pelatih_import(rencana=rencana, path=options["berkas"], actor=_actor(options))
        self.stdout.write(f"{summary.jumlah} pelatih diimpor.")

    def _impor_nilai(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        sesi = SesiBimtek.objects.filter(rencana__pemilihan=pemilihan, pk=options["sesi"]).first()
        if sesi is None:
            raise CommandError(f"Sesi {options['sesi']} tidak ada di pemilihan ini.")
        summary = nilai_import(sesi=sesi, path=options["berkas"], actor=_actor_required(options))
        self.stdout.write(f"{summary.jumlah} nilai diimpor ke sesi {sesi}.")

    def _impor_soal(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        rencana = self._rencana(pemilihan, options["wilayah"])
        modul = ModulBimtek.objects.filter(rencana=rencana, kode=options["modul"]).first()
        if modul is None:
            raise CommandError(f"Modul {options['modul']} tidak ada di rencana ini.")
        summary = soal_import(modul=modul, path=options["berkas"], actor=_actor(options))
        self.stdout.write(f"{summary.jumlah} soal diimpor ke modul {modul.nama}.")

    def _rencanakan(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        rencana = self._rencana(pemilihan, options["wilayah"])
        self.rencana, self.wilayah_kode = rencana, options["wilayah"]
        with progress_bar(enabled=self.stderr.isatty()) as progress:
            hasil = rencana_plan(
                rencana=rencana,
                wilayah_kode=options["wilayah"],
                actor=_actor(options),
                waktu_maks=options["detik"],
                processes=options["proses"],
                progress=(lambda done, total: progress("kecamatan", done, total))
                if progress
                else None,
            )
        if options["json"]:
            self._json(rencana, options["wilayah"], hasil)
        else:
            self._text(rencana, hasil)

    def _summary(self, hasil: HasilOptimasi) -> dict[str, object]:
        # Counted from the stored plan: begun sessions kept as they were are included.
        jadwal = JadwalTPS.objects.filter(
            rencana=self.rencana, sesi__kecamatan_kode__startswith=self.wilayah_kode
        )
        tps = jadwal.count() if hasil.jadwal else 0
        return {
            "tps": tps,
            "peserta": KPPS_PER_TPS * tps,
            "sesi": jadwal.values("sesi_id").distinct().count() if tps else 0,
            "hari": jadwal.values("sesi__tanggal").distinct().count() if tps else 0,
            "objektif": hasil.objektif,
            "batas": hasil.batas,
            "gap_persen": hasil.gap_persen,
            "gap_terburuk_persen": hasil.gap_terburuk,
            "detik": round(hasil.detik, 3),
            "status": hasil.status,
        }

    def _json(self, rencana: RencanaBimtek, wilayah_kode: str, hasil: HasilOptimasi) -> None:
        kecamatan_list = list(
            rencana.kecamatan_set.filter(kecamatan_kode__startswith=wilayah_kode)
            .order_by("kecamatan_kode")
            .values_list("kecamatan_kode", "kekurangan")
        )
        for kecamatan_kode, kekurangan in kecamatan_list:
            for item in kekurangan:
                self.stdout.write(json.dumps({"jenis": "kekurangan", **item}))
            for g in gelombang_list(rencana=rencana, kecamatan_kode=kecamatan_kode):
                for baris in g.sesi_list:
                    self.stdout.write(
                        json.dumps(
                            {
                                "jenis": "sesi",
                                "kecamatan": kecamatan_kode,
                                "gelombang": g.nomor,
                                "tanggal": g.tanggal.isoformat(),
                                "sesi_ke": g.slot + 1,
                                "tempat": baris.sesi.tempat.nama,
                                "kapasitas": baris.sesi.tempat.kapasitas,
                                "peserta": baris.peserta,
                                "tps": baris.tps_kode_list,
                            }
                        )
                    )
                self.stdout.write(
                    json.dumps(
                        {
                            "jenis": "gelombang",
                            "kecamatan": kecamatan_kode,
                            "gelombang": g.nomor,
                            "tanggal": g.tanggal.isoformat(),
                            "sesi_ke": g.slot + 1,
                            "sesi": len(g.sesi_list),
                            "tps": g.tps,
                            "peserta": g.peserta,
                        }
                    )
                )
        self.stdout.write(json.dumps(self._summary(hasil)))

    def _text(self, rencana: RencanaBimtek, hasil: HasilOptimasi) -> None:
        s = self._summary(hasil)
        self.stdout.write(
            f"{rencana.nama}: {s['tps']} TPS, {s['peserta']} peserta, {s['sesi']} sesi, "
            f"{s['hari']} hari; status {s['status']}, objektif {s['objektif']}, batas {s['batas']}, "
            f"gap {s['gap_persen']} % (terburuk {s['gap_terburuk_persen']} %), {s['detik']} detik."
        )
        planned = set(hasil.kecamatan)
        for kode, kalimat_list in kekurangan_teks(rencana).items():
            if kode in planned:
                for kalimat in kalimat_list:
                    self.stdout.write(kalimat)

    def _demo(self, pemilihan: Pemilihan, options: dict[str, Any]) -> None:
        for line in bimtek_demo_ensure(
            pemilihan=pemilihan, kabkota_kode=options["wilayah"], log=self.stdout.write
        ):
            self.stdout.write(line)
