"""The demo: a real kabupaten (Purbalingga by default) built from the shipped data.

Every step is idempotent, so `make demo` may run again and again: the region list is imported
once (a second import of the same list is a no-op), the election is created once, the TPS of the
kabupaten are loaded once, and the demo accounts are ensured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from selenggara.accounts.demo import DemoUser, demo_totp_secret, demo_users_ensure
from selenggara.bimtek.demo import bimtek_demo_ensure
from selenggara.core.bulk import Progress
from selenggara.pembentukan.demo import pembentukan_demo_ensure
from selenggara.pembentukan.penetapan.demo import penetapan_demo_ensure
from selenggara.pemilihan.domain.preset import PRESETS
from selenggara.pemilihan.models import TPS, Pemilihan, RingkasanWilayah
from selenggara.pemilihan.peserta_demo import peserta_demo_load
from selenggara.pemilihan.services import pemilihan_create, tps_load_distribusi_2024
from selenggara.pindai.demo import pindai_demo_ensure
from selenggara.publik.demo import publik_demo_publish
from selenggara.rekap.demo import rekap_demo_run
from selenggara.tungsura.demo import c_hasil_demo_load
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah
from selenggara.wilayah.services import (
    DEFAULT_FILE,
    DEFAULT_KEPUTUSAN,
    DEFAULT_VERSI_KODE,
    wilayah_import,
)

# Public on purpose: printed by `selenggara demo`. Never use the demo accounts in production.
DEMO_PASSWORD = "pemilu-jujur-2024"  # noqa: S105
DEMO_PRESET = "pemilu-2024"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoResult:
    pemilihan: Pemilihan
    kabkota: Wilayah
    jumlah_tps: int
    jumlah_dpt: int
    logins: list[DemoUser]
    totp_note: str
    totp_key_hex: str
    c_hasil_lines: list[str]
    publik_lines: list[str] = field(default_factory=list)
    bimtek_lines: list[str] = field(default_factory=list)
    rekap_lines: list[str] = field(default_factory=list)
    pindai_lines: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"{self.pemilihan.nama}, {self.kabkota.nama} ({self.kabkota.kode}): "
            f"{_ribuan(self.jumlah_tps)} TPS, DPT {_ribuan(self.jumlah_dpt)} (sintetis)"
        )


def _ribuan(n: int) -> str:
    """Format with Indonesian thousands separators (2.964)."""
    return f"{n:,}".replace(",", ".")


def _pemilihan_ensure(log: Callable[[str], None]) -> Pemilihan:
    preset = PRESETS[DEMO_PRESET]
    pemilihan = Pemilihan.objects.filter(kode=preset.kode).first()
    if pemilihan is not None:
        log(f"Pemilihan {pemilihan.nama} sudah ada.")
        return pemilihan
    result = wilayah_import(
        path=DEFAULT_FILE, versi_kode=DEFAULT_VERSI_KODE, keputusan=DEFAULT_KEPUTUSAN, actor=None
    )
    log(f"Wilayah {DEFAULT_KEPUTUSAN}: {result.counts}")
    log(f"Membuat {preset.nama}...")
    return pemilihan_create(
        kode=preset.kode,
        nama=preset.nama,
        jenis=preset.jenis,
        hari_pemungutan=preset.hari_pemungutan,
        versi_wilayah=result.versi,
        batas_pemilih_per_tps=preset.batas_pemilih_per_tps,
        kontestasi=list(preset.kontestasi),
        actor=None,
    )


def demo_build(
    *,
    kabkota_kode: str = "33.03",
    password: str = DEMO_PASSWORD,
    log: Callable[[str], None] = lambda _line: None,
    progress: Progress | None = None,
) -> DemoResult:
    """Build (or find) the demo election, the kabupaten's TPS and one account per role."""
    kode = KodeWilayah.parse(kabkota_kode)
    log("Memeriksa wilayah dan pemilihan...")
    pemilihan = _pemilihan_ensure(log)
    kabkota = Wilayah.objects.get(versi_id=pemilihan.versi_wilayah_id, kode=kode.value)
    if not TPS.objects.filter(pemilihan=pemilihan, kode__startswith=kode.digits).exists():
        log(f"Memuat TPS Pemilu 2024 {kabkota.nama} (DPT sintetis)...")
        tps_load_distribusi_2024(
            pemilihan=pemilihan, actor=None, prefix=kode.value, progress=progress
        )
    else:
        log(f"TPS {kabkota.nama} sudah dimuat.")
    peserta = peserta_demo_load(pemilihan=pemilihan, actor=None)
    if peserta.changed:
        log(
            f"Peserta Pemilu 2024: {peserta.jumlah_partai} partai, {peserta.jumlah_dapil} dapil, "
            f"{_ribuan(peserta.jumlah_calon)} calon (nama calon legislatif/DPD sintetis)."
        )
    else:
        log("Partai, dapil dan calon sudah dimuat.")
    users = demo_users_ensure(pemilihan=pemilihan, kabkota_kode=kode.value, password=password)
    pembentukan_demo_ensure(pemilihan=pemilihan, kabkota_kode=kode.value, log=log)
    penetapan_demo_ensure(pemilihan=pemilihan, kabkota_kode=kode.value, log=log)
    log("Mengisi C.Hasil demo (setiap TPS x setiap kontestasi)...")
    c_hasil = c_hasil_demo_load(pemilihan=pemilihan, wilayah_kode=kode.value, progress=progress)
    log("Menjalankan rapat pleno PPK demo (17 dari 18 kecamatan)...")
    rekap = rekap_demo_run(pemilihan=pemilihan, kabkota_kode=kode.value, log=log, progress=progress)
    bimtek_lines = bimtek_demo_ensure(pemilihan=pemilihan, kabkota_kode=kode.value, log=log)
    pindai_lines = pindai_demo_ensure(pemilihan=pemilihan, log=log)
    # Last, so the publication holds everything above, and a rerun that changed nothing finds
    # it still current (no audit row after it) and does not publish again.
    log("Menerbitkan hasil untuk publik (snapshot bertanda tangan)...")
    publik_lines = publik_demo_publish(pemilihan=pemilihan, progress=progress)
    ringkasan = RingkasanWilayah.objects.get(pemilihan=pemilihan, kode=kode.value)
    totp_note = (
        "Akun KPU (kpu-ri, kpu-provinsi, kpu-kabkota) memakai verifikasi dua langkah. "
        f"Rahasia TOTP demo run ini: {demo_totp_secret(users.totp_key_hex)} (acak setiap kali "
        "demo dijalankan; masukkan ke aplikasi autentikator, "
        "atau jalankan `.venv/bin/selenggara demo --kode-totp` untuk kode saat ini)."
    )
    return DemoResult(
        pemilihan=pemilihan,
        kabkota=kabkota,
        jumlah_tps=ringkasan.jumlah_tps,
        jumlah_dpt=ringkasan.jumlah_dpt,
        logins=users.logins,
        totp_note=totp_note,
        totp_key_hex=users.totp_key_hex,
        c_hasil_lines=c_hasil.lines(),
        publik_lines=publik_lines,
        bimtek_lines=bimtek_lines,
        rekap_lines=rekap.lines(),
        pindai_lines=pindai_lines,
    )
