"""The Bimtek demo: synthetic (marked) venues and trainers for every kecamatan of the demo
kab/kota, the plan of all its TPS teams, and one session of Kemangkon run: some members
checked in (by QR and by ticking) and tested, the simulation checklist, the session closed
so its absentees are on the make-up list."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from django.db import transaction

from selenggara.accounts.models import User
from selenggara.bimtek.domain.sintetis import pelatih_sintetis, tempat_sintetis
from selenggara.bimtek.models import (
    JadwalTPS,
    ModulBimtek,
    PelatihBimtek,
    RencanaBimtek,
    TempatBimtek,
)
from selenggara.bimtek.services import (
    CHECKLIST_SIMULASI,
    checklist_update,
    kehadiran_record,
    nilai_record,
    rencana_create,
    rencana_plan,
    sesi_close,
    soal_create,
)
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import Wilayah

# Inauguration 25 Jan 2024, Bimtek 26-30 Jan (domain.md section 5): a five-day window.
DEMO_MULAI = dt.date(2024, 1, 26)
DEMO_SELESAI = dt.date(2024, 1, 30)
DEMO_ACTOR = "kpu-kabkota"


# A starter question bank per module (what KPU's Buku Panduan KPPS teaches; the key first
# letter after the text). The KPU replaces or extends it on the question-bank page.
DEMO_SOAL: dict[str, list[tuple[str, dict[str, str], str]]] = {
    "tugas": [
        (
            "Berapa anggota KPPS di setiap TPS?",
            {"a": "5 orang", "b": "7 orang", "c": "9 orang"},
            "b",
        ),
        (
            "Siapa yang membentuk KPPS?",
            {"a": "PPS atas nama KPU Kabupaten/Kota", "b": "Bawaslu", "c": "Camat"},
            "a",
        ),
    ],
    "denah": [
        (
            "Sebelum pemungutan dimulai, kotak suara ditunjukkan kepada saksi dan pemilih dalam "
            "keadaan?",
            {"a": "Berisi surat suara", "b": "Kosong", "c": "Tersegel dan tidak dibuka"},
            "b",
        ),
    ],
    "disabilitas": [
        (
            "Pemilih penyandang disabilitas netra dapat dibantu oleh?",
            {"a": "Pendamping pilihannya sendiri", "b": "Saksi peserta pemilu", "c": "Siapa saja"},
            "a",
        ),
        (
            "Pendamping pemilih wajib?",
            {
                "a": "Memberi saran pilihan",
                "b": "Merahasiakan pilihan pemilih",
                "c": "Mencoblos sendiri",
            },
            "b",
        ),
    ],
    "pemungutan": [
        ("Pemungutan suara di TPS dimulai pukul?", {"a": "06.00", "b": "07.00", "c": "08.00"}, "b"),
        (
            "Setelah memberikan suara, pemilih mencelupkan jarinya ke?",
            {"a": "Tinta", "b": "Air", "c": "Tidak perlu"},
            "a",
        ),
    ],
    "c_hasil": [
        (
            "Jumlah suara sah ditambah suara tidak sah harus sama dengan?",
            {
                "a": "Jumlah surat suara yang digunakan",
                "b": "Jumlah pemilih dalam DPT",
                "c": "Jumlah surat suara yang diterima",
            },
            "a",
        ),
        (
            "Angka yang salah tulis di C.Hasil diperbaiki dengan cara?",
            {"a": "Dihapus dengan cairan koreksi", "b": "Dicoret lalu diparaf", "c": "Dibiarkan"},
            "b",
        ),
    ],
    "foto": [
        (
            "Saat memotret lembar C.Hasil, apa yang harus tampak di foto?",
            {"a": "Keempat penanda sudut", "b": "Hanya kolom angka", "c": "Wajah saksi"},
            "a",
        ),
    ],
    "simulasi": [
        (
            "Salinan C.Hasil diberikan kepada?",
            {"a": "Saksi dan pengawas TPS", "b": "Hanya PPS", "c": "Setiap pemilih"},
            "a",
        ),
    ],
}


def _question_bank(rencana: RencanaBimtek, actor: User) -> None:
    for modul in ModulBimtek.objects.filter(rencana=rencana, kode__in=DEMO_SOAL):
        for pertanyaan, pilihan, kunci in DEMO_SOAL[modul.kode]:
            soal_create(
                modul=modul, pertanyaan=pertanyaan, pilihan=pilihan, kunci=kunci, actor=actor
            )


def _venues_and_trainers(rencana: RencanaBimtek, kabkota: Wilayah) -> None:
    versi = rencana.pemilihan.versi_wilayah_id
    tps_per_desa = Counter(
        t[:10]
        for t in TPS.objects.filter(
            pemilihan=rencana.pemilihan, kode__startswith=kabkota.kode.replace(".", "")
        ).values_list("kode", flat=True)
    )
    days = (rencana.tanggal_selesai - rencana.tanggal_mulai).days + 1
    tempat_rows, pelatih_rows = [], []
    for kec in Wilayah.objects.filter(versi_id=versi, induk_kode=kabkota.kode).order_by("kode"):
        desa = list(Wilayah.objects.filter(versi_id=versi, induk_kode=kec.kode).order_by("kode"))
        jumlah = sum(tps_per_desa[d.kode.replace(".", "")] for d in desa)
        if not desa or not jumlah:
            continue
        for v in tempat_sintetis(
            kecamatan_kode=kec.kode,
            kecamatan_nama=kec.nama.title(),
            desa_list=[(d.kode, d.nama.title()) for d in desa],
            jumlah_tim=jumlah,
            jumlah_hari=days,
        ):
            tanggal = sorted(
                (rencana.tanggal_mulai + dt.timedelta(days=w.hari)).isoformat()
                for w in v.tempat.waktu
            )
            tempat_rows.append(
                TempatBimtek(
                    rencana=rencana,
                    kecamatan_kode=kec.kode,
                    desa_kode=v.tempat.desa_kode,
                    nama=v.nama,
                    alamat=f"{v.nama}, Kec. {kec.nama.title()} (alamat sintetis)",
                    kapasitas=v.tempat.kapasitas,
                    tanggal_tersedia=[] if len(tanggal) == days else tanggal,
                    sintetis=True,
                )
            )
        for i, _p in enumerate(
            pelatih_sintetis(kecamatan_kode=kec.kode, jumlah_desa=len(desa), jumlah_hari=days)
        ):
            ppk = i < 5  # the five PPK members come first
            pelatih_rows.append(
                PelatihBimtek(
                    rencana=rencana,
                    kecamatan_kode=kec.kode,
                    nama=f"{'PPK' if ppk else 'PPS'} {kec.nama.title()} {i + 1} (sintetis)",
                    jenis=PelatihBimtek.Jenis.PPK if ppk else PelatihBimtek.Jenis.PPS,
                    sintetis=True,
                )
            )
    TempatBimtek.objects.bulk_create(tempat_rows)
    PelatihBimtek.objects.bulk_create(pelatih_rows)


def _run_one_session(rencana: RencanaBimtek, actor: User) -> str:
    """Check in most members of the first formed TPS's session, score them, close it."""
    formed = AnggotaKPPS.objects.filter(
        pemilihan=rencana.pemilihan, status=AnggotaKPPS.Status.AKTIF
    ).values("tps_id")
    jadwal = (
        JadwalTPS.objects.filter(rencana=rencana, tps_id__in=formed)
        .select_related("sesi__tempat", "tps")
        .order_by("tps__kode")
        .first()
    )
    if jadwal is None:
        return "Bimtek demo: belum ada KPPS yang ditetapkan; kehadiran tidak diisi."
    sesi = jadwal.sesi
    tps_ids = JadwalTPS.objects.filter(sesi=sesi).values("tps_id")
    anggota_list = list(
        AnggotaKPPS.objects.filter(tps_id__in=tps_ids, status=AnggotaKPPS.Status.AKTIF).order_by(
            "tps__kode", "posisi"
        )
    )
    modul_list = list(ModulBimtek.objects.filter(rencana=rencana).order_by("urutan")[:4])
    hadir = anggota_list[:-3] if len(anggota_list) > 3 else anggota_list  # three absent
    for i, anggota in enumerate(hadir):
        kehadiran_record(
            sesi=sesi, anggota=anggota, cara="qr" if i % 2 == 0 else "centang", actor=actor
        )
        for j, modul in enumerate(modul_list):
            pre = 45 + (i * 7 + j * 11) % 30
            nilai_record(
                sesi=sesi,
                anggota=anggota,
                modul=modul,
                pre=pre,
                post=min(100, pre + 15 + (i + j) % 20),
                actor=actor,
            )
    checklist_update(sesi=sesi, selesai=[k for k, _label in CHECKLIST_SIMULASI[:6]], actor=actor)
    sesi_close(sesi=sesi, actor=actor)
    return (
        f"Bimtek demo: sesi {sesi.tempat.nama} {sesi.tanggal:%d-%m-%Y}: {len(hadir)} dari "
        f"{len(anggota_list)} anggota hadir dan dites; yang absen masuk daftar susulan."
    )


def bimtek_demo_ensure(
    *, pemilihan: Pemilihan, kabkota_kode: str, log: Callable[[str], None] = lambda _l: None
) -> list[str]:
    """Build the demo plan once (idempotent); return the lines the demo prints."""
    existing = RencanaBimtek.objects.filter(pemilihan=pemilihan, kabkota_kode=kabkota_kode).first()
    if existing is not None:
        return [
            f"Rencana bimtek {existing.nama} sudah ada ({existing.jadwal_set.count()} TPS terjadwal)."
        ]
    actor = User.objects.filter(username=DEMO_ACTOR).first()
    kabkota = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode=kabkota_kode).first()
    if actor is None or kabkota is None:
        return ["Bimtek demo dilewati: belum ada akun KPU kab/kota demo."]
    log("Menyusun rencana bimtek demo (tempat dan pelatih sintetis, optimasi per kecamatan)...")
    with transaction.atomic():
        rencana = rencana_create(
            pemilihan=pemilihan,
            kabkota=kabkota,
            tanggal_mulai=DEMO_MULAI,
            tanggal_selesai=DEMO_SELESAI,
            actor=actor,
        )
        _venues_and_trainers(rencana, kabkota)
        _question_bank(rencana, actor)
    hasil = rencana_plan(
        rencana=rencana, wilayah_kode=kabkota_kode, actor=actor, waktu_maks=0.5, processes=2
    )
    with transaction.atomic():
        run = _run_one_session(rencana, actor)
    return [
        f"Bimtek demo: {len(hasil.jadwal)} tim TPS dijadwalkan ({hasil.status}, gap {hasil.gap_persen} %, "
        f"{hasil.detik:.1f} detik); tempat dan pelatih sintetis.",
        run,
    ]
