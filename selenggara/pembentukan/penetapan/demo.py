"""The appointment half of the demo: two desa of the demo kecamatan go through penetapan.

The second desa is formed completely (every TPS appointed, SK, inauguration with two absent,
one PAW from the reserve, Petugas Ketertiban); the demo PPS's own desa has every TPS but the
last appointed, so its operator can try the appointment page. Idempotent: a TPS that already
has its KPPS is left alone. Applicants come from the intake demo when it made enough; a TPS
still short of 9 eligible applicants gets synthetic ones (names from a fixed list).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import Penugasan, User
from selenggara.pembentukan.domain.nik import JenisKelamin, mask_nik
from selenggara.pembentukan.domain.penetapan import AlasanPAW
from selenggara.pembentukan.domain.syarat import Pendidikan
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.models import (
    SKKPPS,
    AnggotaKPPS,
    PelantikanKPPS,
    Pendaftar,
    Penggantian,
)
from selenggara.pembentukan.penetapan.selectors import pendaftar_calon_list
from selenggara.pembentukan.penetapan.services import (
    DataPetugas,
    ketertiban_set,
    kpps_tetapkan,
    paw_execute,
    pelantikan_record,
    sk_kpps_set,
)
from selenggara.pembentukan.personal import nik_digest, nik_encrypt, token_digest
from selenggara.pembentukan.selectors import jadwal_get
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

CALON_PER_TPS = 9  # 7 members and 2 reserves
_DEPAN_L = ("Agus", "Budi", "Dedi", "Eko", "Fajar", "Hadi", "Imam", "Joko", "Slamet", "Teguh")
_DEPAN_P = ("Ani", "Dewi", "Endang", "Fitri", "Lestari", "Nur", "Rina", "Sri", "Tri", "Wati")
_BELAKANG = ("Santoso", "Wibowo", "Susanti", "Prasetyo", "Rahayu", "Hidayat", "Setiawan", "Utami")
_PENDIDIKAN = (Pendidikan.SMA, Pendidikan.SMK, Pendidikan.MA, Pendidikan.D3, Pendidikan.S1)
_BUKTI = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _nama(i: int, perempuan: bool) -> str:
    depan = (_DEPAN_P if perempuan else _DEPAN_L)[i % 10]
    return f"{depan} {_BELAKANG[(i // 10 + i) % len(_BELAKANG)]}"


def _calon_add(*, pemilihan: Pemilihan, tps: TPS, jumlah: int, start: int) -> None:
    """Add ``jumlah`` eligible synthetic applicants who chose ``tps``."""
    digits = tps.kode[:10]
    rows = []
    for i in range(start, start + jumlah):
        perempuan = i % 5 in {1, 3}
        lahir = date(1975 + i % 28, 1 + i % 12, 1 + i % 27)
        hari = lahir.day + (40 if perempuan else 0)
        serial = 1 + (int(tps.kode[6:]) * 13 + i) % 9999
        nik = f"{digits[:6]}{hari:02d}{lahir.month:02d}{lahir.year % 100:02d}{serial:04d}"
        rows.append(
            Pendaftar(
                pemilihan=pemilihan,
                desa_id=tps.desa_id,
                desa_kode=digits,
                tps_preferensi=tps,
                nomor_pendaftaran=f"DEMO-{tps.kode}-{i:03d}",
                token_digest=token_digest(f"demo-penetapan-{tps.kode}-{i}"),
                nama=_nama(i, perempuan),
                nik_encrypted=nik_encrypt(nik),
                nik_digest=nik_digest(nik),
                nik_masked=mask_nik(nik),
                tanggal_lahir=lahir,
                jenis_kelamin=JenisKelamin.P.value if perempuan else JenisKelamin.L.value,
                alamat=f"RT {1 + i % 6:02d}/RW {1 + i % 3:02d}",
                domisili_desa_kode=tps.desa.kode,
                pendidikan=_PENDIDIKAN[i % len(_PENDIDIKAN)].value,
                sumber=Pendaftar.Sumber.PPS,
                status=Pendaftar.Status.MEMENUHI_SYARAT,
            )
        )
    Pendaftar.objects.bulk_create(rows)


def _actor(desa: Wilayah) -> User | None:
    """The demo PPS of ``desa``, else the demo KPU Kab/Kota (both may form the KPPS)."""
    for peran, kode in ((Peran.PPS, desa.kode), (Peran.KPU_KABKOTA, desa.kode[:5])):
        penugasan = (
            Penugasan.objects.filter(peran=peran.value, wilayah_kode=kode, is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if penugasan is not None:
            return penugasan.user
    return None


def _hari(pemilihan: Pemilihan, tahapan: Tahapan) -> date:
    """A day inside ``tahapan``'s window when the election has a schedule, else today."""
    jadwal = jadwal_get(pemilihan=pemilihan)
    jendela = jadwal.jendela(tahapan) if jadwal is not None else None
    return jendela.mulai if jendela is not None else timezone.localdate()


def _calon_ensure(*, pemilihan: Pemilihan, tps: TPS, nomor: int) -> None:
    """Make sure ``tps`` has enough eligible applicants to be formed."""
    eligible = sum(
        1 for p in pendaftar_calon_list(tps=tps) if p.status == Pendaftar.Status.MEMENUHI_SYARAT
    )
    if eligible < CALON_PER_TPS:
        _calon_add(pemilihan=pemilihan, tps=tps, jumlah=CALON_PER_TPS - eligible, start=nomor * 20)


def _tps_form(*, pemilihan: Pemilihan, tps: TPS, actor: User, nomor: int) -> bool:
    """Appoint ``tps`` (adding applicants if short) and set its officers; False if done before."""
    if AnggotaKPPS.objects.filter(tps=tps).exists():
        return False
    _calon_ensure(pemilihan=pemilihan, tps=tps, nomor=nomor)
    kpps_tetapkan(tps=tps, actor=actor, on=_hari(pemilihan, Tahapan.PENETAPAN))
    digits = tps.kode
    ketertiban_set(
        tps=tps,
        petugas=[
            DataPetugas(
                nama=_nama(nomor * 2 + k, perempuan=False) + " (Linmas)",
                nik=f"{digits[:6]}0101{80 + k}{int(digits[6:]) % 9000 + 1000:04d}",
                jenis_kelamin=JenisKelamin.L,
            )
            for k in range(2)
        ],
        actor=actor,
        on=_hari(pemilihan, Tahapan.PENETAPAN),
    )
    return True


def _desa_form(
    *, pemilihan: Pemilihan, desa: Wilayah, actor: User, skip_last: bool, with_paw: bool
) -> int:
    tps_list = list(TPS.objects.filter(pemilihan=pemilihan, desa=desa).order_by("nomor"))
    if skip_last and len(tps_list) > 1:
        # Left for the operator to form, with enough eligible applicants to do so.
        last = tps_list.pop()
        if not AnggotaKPPS.objects.filter(tps=last).exists():
            _calon_ensure(pemilihan=pemilihan, tps=last, nomor=last.nomor)
    formed = sum(
        _tps_form(pemilihan=pemilihan, tps=tps, actor=actor, nomor=tps.nomor) for tps in tps_list
    )
    penetapan_hari = _hari(pemilihan, Tahapan.PENETAPAN)
    if not SKKPPS.objects.filter(pemilihan=pemilihan, desa=desa).exists():
        nomor = f"{desa.kode.replace('.', '')[-4:]}/PP.05-SD/{penetapan_hari.year}"
        sk_kpps_set(
            pemilihan=pemilihan, desa=desa, nomor=nomor, tanggal=penetapan_hari, actor=actor
        )
    if not PelantikanKPPS.objects.filter(pemilihan=pemilihan, desa=desa).exists():
        anggota_ids = list(
            AnggotaKPPS.objects.filter(
                pemilihan=pemilihan, desa_kode=KodeWilayah(desa.kode).digits, status="aktif"
            )
            .order_by("tps__nomor", "posisi")
            .values_list("pk", flat=True)
        )
        waktu = timezone.make_aware(
            datetime.combine(_hari(pemilihan, Tahapan.PELANTIKAN), time(9, 0))
        )
        pelantikan_record(
            pemilihan=pemilihan,
            desa=desa,
            waktu=waktu,
            tempat=f"Balai Desa {desa.nama}",
            hadir_ids=anggota_ids[:-2] if len(anggota_ids) > 2 else anggota_ids,
            actor=actor,
        )
    if with_paw and tps_list:
        _paw_once(pemilihan=pemilihan, tps=tps_list[0], actor=actor)
    return formed


def _paw_once(*, pemilihan: Pemilihan, tps: TPS, actor: User) -> None:
    if Penggantian.objects.filter(tps=tps).exists():
        return
    anggota = AnggotaKPPS.objects.filter(tps=tps, status="aktif", posisi=4).first()
    if anggota is None:
        return
    masa_kerja = _hari(pemilihan, Tahapan.MASA_KERJA)
    paw_execute(
        anggota=anggota,
        alasan=AlasanPAW.MENGUNDURKAN_DIRI,
        keterangan="Mengundurkan diri karena diterima bekerja di luar kota (surat bermeterai).",
        bukti=SimpleUploadedFile("surat-pengunduran-diri.pdf", _BUKTI),
        tanggal=masa_kerja + timedelta(days=3),
        actor=actor,
        on=masa_kerja,
    )


@transaction.atomic
def penetapan_demo_ensure(
    *, pemilihan: Pemilihan, kabkota_kode: str, log: Callable[[str], None] = lambda _l: None
) -> int:
    """Form the KPPS of two desa of the demo kecamatan; return how many TPS were formed now."""
    versi = pemilihan.versi_wilayah_id
    kec = Wilayah.objects.filter(versi_id=versi, induk_kode=kabkota_kode).order_by("kode").first()
    if kec is None:
        return 0
    desa_list = list(
        Wilayah.objects.filter(versi_id=versi, induk_kode=kec.kode).order_by("kode")[:2]
    )
    formed = 0
    for desa in desa_list:
        actor = _actor(desa)
        if actor is None:
            log(f"Penetapan KPPS demo {desa.nama} dilewati: belum ada akun PPS/KPU demo.")
            continue
        is_pps_desa = desa.pk == desa_list[0].pk
        formed += _desa_form(
            pemilihan=pemilihan,
            desa=desa,
            actor=actor,
            skip_last=is_pps_desa,
            with_paw=not is_pps_desa,
        )
    log(
        f"Penetapan KPPS demo: {formed} TPS baru ditetapkan di {', '.join(d.nama for d in desa_list)}."
    )
    return formed
