"""Demo data of the intake half of KPPS formation: a schedule, applicants of one kecamatan,
automatic checks, and the PPS's verdicts in its own desa.

Idempotent and quick (a kecamatan, not the whole kabupaten): ``pembentukan_demo_ensure`` does
nothing when the kecamatan already has applicants. The schedule is the election's template
shifted so registration and research are open today, so every intake page can be tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import Penugasan, User
from selenggara.core.domain.temuan import Tingkat
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.syarat import JenisDokumen, Pendidikan, Syarat
from selenggara.pembentukan.domain.tahapan import JADWAL_TEMPLATES, Tahapan
from selenggara.pembentukan.models import (
    PERNYATAAN_FIELDS,
    DaftarAnggotaPartai,
    HasilPenelitian,
    Pendaftar,
)
from selenggara.pembentukan.pendaftaran.services import (
    PendaftarInput,
    _audit_pendaftar,
    _dokumen_store,
    _pendaftar_store,
    jadwal_create,
)
from selenggara.pembentukan.penelitian.massal import penelitian_run_bulk
from selenggara.pembentukan.penelitian.services import penilaian_record
from selenggara.pembentukan.personal import nik_decrypt
from selenggara.pembentukan.selectors import jadwal_get
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

_DEPAN_L = ("Ahmad", "Bayu", "Dimas", "Eko", "Fikri", "Gilang", "Hendro", "Irfan", "Yusuf", "Rizki")
_DEPAN_P = ("Ayu", "Dian", "Eka", "Indah", "Kartika", "Lina", "Maya", "Novi", "Putri", "Yuni")
_BELAKANG = ("Saputra", "Nugroho", "Wulandari", "Kurniawan", "Pratiwi", "Purnomo", "Handayani")
_PENDIDIKAN = (
    Pendidikan.SMA,
    Pendidikan.SMK,
    Pendidikan.SMA,
    Pendidikan.MA,
    Pendidikan.D3,
    Pendidikan.S1,
)
_PDF = b"%PDF-1.4\n% demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 32
PARTAI_DEMO = "Partai Demo Sejahtera"


def _file(jenis: JenisDokumen) -> SimpleUploadedFile:
    pas_foto = jenis is JenisDokumen.PAS_FOTO
    return SimpleUploadedFile(
        f"{jenis.value}.{'jpg' if pas_foto else 'pdf'}", _JPEG if pas_foto else _PDF
    )


def _input(i: int, *, tps: TPS, kecamatan_digits: str, on: date) -> PendaftarInput:
    """The ``i``-th synthetic applicant; a few are deliberately flawed for the checks to find."""
    perempuan = i % 9 in {1, 4, 6, 8}
    umur = 20 + (i * 7) % 35
    if i % 97 == 13:
        umur = 16  # too young on polling day
    if i % 61 == 7:
        umur = 58  # above the preferred 55
    lahir = date(on.year - umur, 1 + i % 12, 1 + i % 28)
    hari = lahir.day + (40 if perempuan else 0)
    nik = f"{kecamatan_digits}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{1 + i % 9999:04d}"
    depan = (_DEPAN_P if perempuan else _DEPAN_L)[i % 10]
    pendidikan = Pendidikan.SMP if i % 53 == 5 else _PENDIDIKAN[i % len(_PENDIDIKAN)]
    domisili = tps.desa.induk_kode if i % 71 == 9 else tps.desa.kode
    return PendaftarInput(
        nama=f"{depan} {_BELAKANG[(i // 10) % len(_BELAKANG)]}",
        nik=nik,
        tanggal_lahir=lahir,
        jenis_kelamin=JenisKelamin.P if perempuan else JenisKelamin.L,
        alamat=f"Dusun {1 + i % 4}, RT {1 + i % 6:02d}/RW {1 + i % 3:02d}, {tps.desa.nama}",
        domisili_desa_kode=domisili,
        pendidikan=pendidikan,
        telepon=f"08{(1200000000 + i * 7919) % 10**10:010d}",
        tps_preferensi=tps,
        pernyataan=dict.fromkeys(PERNYATAAN_FIELDS, i % 83 != 11),
    )


def _pps_of(desa: Wilayah) -> User | None:
    penugasan = (
        Penugasan.objects.filter(peran=Peran.PPS.value, wilayah_kode=desa.kode, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return penugasan.user if penugasan is not None else None


def _jadwal_ensure(pemilihan: Pemilihan, log: Callable[[str], None]) -> None:
    if jadwal_get(pemilihan=pemilihan) is not None:
        return
    preset = pemilihan.kode if f"{pemilihan.kode}/kpps" in JADWAL_TEMPLATES else "pemilu-2024"
    # A rehearsal schedule starting five days ago: every stage, from registration to
    # inauguration and replacement, is open today, so the whole formation can be walked.
    jadwal_create(
        pemilihan=pemilihan,
        preset=preset,
        mulai=timezone.localdate() - timedelta(days=5),
        latihan=True,
        actor=None,
    )
    log(
        f"Jadwal latihan pembentukan KPPS {pemilihan.nama} dibuat (templat {preset}): "
        "semua tahapan dibuka hari ini agar setiap tahap dapat dicoba."
    )


def _verdicts(pemilihan: Pemilihan, desa: Wilayah, actor: User, on: date) -> None:
    """Record the PPS's MS/TMS for all but the last three applicants of its desa."""
    pendaftar_list = list(
        Pendaftar.objects.filter(pemilihan=pemilihan, desa=desa).order_by("nomor_pendaftaran")
    )
    for pendaftar in pendaftar_list[:-3]:
        hasil = HasilPenelitian.objects.filter(pendaftar=pendaftar).order_by("-run_at").first()
        failing = {
            t["syarat"] for t in (hasil.temuan if hasil else []) if t["tingkat"] == Tingkat.GALAT
        }
        penilaian = {
            s: ("tms", "Sesuai temuan penelitian; dokumen diperiksa.")
            if s.value in failing
            else ("ms", "")
            for s in Syarat
        }
        penilaian_record(pendaftar=pendaftar, penilaian=penilaian, actor=actor, on=on)


def _applicants_register(
    pemilihan: Pemilihan, tps_list: list[TPS], digits: str, pps_desa: Wilayah | None
) -> int:
    """Register 6-11 applicants per TPS; those of the PPS's desa hand in their documents."""
    count = 0
    for t, tps in enumerate(tps_list):
        for _k in range(6 + t % 6):
            data = _input(count, tps=tps, kecamatan_digits=digits, on=pemilihan.hari_pemungutan)
            in_pps_desa = pps_desa is not None and tps.desa_id == pps_desa.pk
            sumber = Pendaftar.Sumber.MANDIRI if in_pps_desa else Pendaftar.Sumber.IMPOR
            pendaftar, _token = _pendaftar_store(
                pemilihan=pemilihan, desa=tps.desa, data=data, sumber=sumber, actor=None
            )
            if in_pps_desa:
                for jenis in JenisDokumen:
                    if count % 17 == 3 and jenis is JenisDokumen.SURAT_KETERANGAN_SEHAT:
                        continue  # one health certificate still to come
                    _dokumen_store(
                        pendaftar=pendaftar, jenis=jenis, berkas=_file(jenis), actor=None
                    )
            _audit_pendaftar(pendaftar, actor=None, action="pendaftar.demo")
            count += 1
    return count


@transaction.atomic
def pembentukan_demo_ensure(
    *, pemilihan: Pemilihan, kabkota_kode: str, log: Callable[[str], None] = lambda _l: None
) -> int:
    """Fill the kabupaten's first kecamatan with applicants and screen them; return how many
    were registered now (0 when the demo data already exists)."""
    _jadwal_ensure(pemilihan, log)
    versi = pemilihan.versi_wilayah_id
    kec = Wilayah.objects.filter(versi_id=versi, induk_kode=kabkota_kode).order_by("kode").first()
    if kec is None:
        return 0
    digits = KodeWilayah(kec.kode).digits
    # Own applicants are numbered KPPS-<desa>-<n>; other demo steps may have added theirs.
    if Pendaftar.objects.filter(
        pemilihan=pemilihan, nomor_pendaftaran__startswith=f"KPPS-{digits}"
    ).exists():
        log(f"Pendaftar KPPS demo {kec.nama} sudah ada.")
        return 0
    desa_list = list(Wilayah.objects.filter(versi_id=versi, induk_kode=kec.kode).order_by("kode"))
    tps_list = list(
        TPS.objects.filter(pemilihan=pemilihan, desa__in=desa_list)
        .select_related("desa")
        .order_by("kode")
    )
    today = timezone.localdate()
    pps_desa = desa_list[0] if desa_list else None
    count = _applicants_register(pemilihan, tps_list, digits, pps_desa)
    # Two people registered twice, and three on the party list.
    seen = list(
        Pendaftar.objects.filter(
            pemilihan=pemilihan, nomor_pendaftaran__startswith=f"KPPS-{digits}"
        ).order_by("pk")[:40]
    )
    if len(seen) > 5:
        for original, tps in ((seen[0], tps_list[-1]), (seen[5], tps_list[len(tps_list) // 2])):
            again = replace(
                _input(0, tps=tps, kecamatan_digits=digits, on=pemilihan.hari_pemungutan),
                nik=nik_decrypt(original.nik_encrypted),
                nama=original.nama,
            )
            _pendaftar_store(
                pemilihan=pemilihan,
                desa=tps.desa,
                data=again,
                sumber=Pendaftar.Sumber.IMPOR,
                actor=None,
            )
            count += 1
    DaftarAnggotaPartai.objects.bulk_create(
        DaftarAnggotaPartai(
            pemilihan=pemilihan,
            nik_digest=p.nik_digest,
            partai=PARTAI_DEMO,
            sumber="demo",
            imported_at=timezone.now(),
        )
        for p in seen[10:40:12]
    )
    result = penelitian_run_bulk(pemilihan=pemilihan, wilayah_kode=kec.kode, actor=None)
    actor = _pps_of(pps_desa) if pps_desa else None
    jadwal = jadwal_get(pemilihan=pemilihan)
    jendela = jadwal.jendela(Tahapan.PENELITIAN_ADMINISTRASI) if jadwal else None
    if actor is not None and pps_desa is not None and jendela is not None:
        on = today if jendela.contains(today) else jendela.mulai
        _verdicts(pemilihan, pps_desa, actor, on)
    log(
        f"Pendaftar KPPS demo {kec.nama}: {count} pendaftar di {len(desa_list)} desa/kelurahan, "
        f"{result.lolos} lolos penelitian otomatis."
    )
    return count
