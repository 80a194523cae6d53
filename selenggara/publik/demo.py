"""The demo's publication: Purbalingga's results published, signed and verified.

Written to ``<var>/publik/publikasi`` and served by the app at ``/publikasi/`` (a static
server or CDN would serve the same directory in production). Per-TPS static pages are left out
to keep ``make demo`` quick; the static pages link TPS detail to the live ``/hasil/`` pages.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from selenggara.core.bulk import Progress
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import Pemilihan
from selenggara.publik.domain.verifikasi import LOG_DIR, periksa_publikasi, sha256_hex, sidik_kunci
from selenggara.publik.terbitkan import kunci_muat_atau_buat, publikasi_terbitkan

AKAR_URL = "/publikasi/"


def publikasi_dir() -> Path:
    return Path(settings.PUBLIK_DIR) / "publikasi"


def _terbitan_masih_terkini(pemilihan: Pemilihan, out: Path) -> int | None:
    """Return the number of the publication in ``out`` if this database made it and nothing was
    recorded since (no audit row after its own): a rerun of the demo then need not publish again.
    """
    baris = (
        AuditLog.objects.filter(
            action="publikasi.terbitkan", target_id__startswith=f"{pemilihan.kode}/"
        )
        .order_by("-seq")
        .first()
    )
    if baris is None or AuditLog.objects.filter(seq__gt=baris.seq).exists():
        return None
    after = baris.after or {}
    nomor = int(after.get("nomor", 0))
    entri = out / LOG_DIR / f"{nomor:06d}.json"
    if not entri.is_file() or sha256_hex(entri.read_bytes()) != after.get("entri"):
        return None
    return nomor


def publik_demo_publish(*, pemilihan: Pemilihan, progress: Progress | None = None) -> list[str]:
    """Publish the demo election's results and return the lines the demo prints."""
    out = publikasi_dir()
    nomor = _terbitan_masih_terkini(pemilihan, out)
    if nomor is not None:
        masalah = periksa_publikasi(out)
        sidik = sidik_kunci(kunci_muat_atau_buat(pemilihan).public_key())
        return [
            f"Publikasi hasil {nomor} di {out} masih terkini (tidak ada perubahan sejak itu), "
            f"tidak diterbitkan ulang; verifikasi: {'OK' if not masalah else 'GAGAL'}.",
            f"Hasil untuk publik: /hasil/ (langsung dari aplikasi) dan {AKAR_URL}hasil/index.html "
            "(publikasi statis bertanda tangan).",
            f"Verifikasi: .venv/bin/selenggara publik verifikasi {out} --sidik-kunci {sidik}",
        ]
    r = publikasi_terbitkan(
        pemilihan=pemilihan,
        out=out,
        alasan="Publikasi demo hasil Kabupaten Purbalingga: hitungan C.Hasil dan rekapitulasi pleno PPK",
        akar_url=AKAR_URL,
        halaman_tps=False,
        progress=progress,
    )
    masalah = periksa_publikasi(out)
    sidik = sidik_kunci(kunci_muat_atau_buat(pemilihan).public_key())
    return [
        f"Publikasi hasil {r.nomor}: {r.jumlah_berkas} berkas ({r.ukuran / 1_000_000:.1f} MB) di "
        f"{out}, {r.detik:.0f} detik; verifikasi: {'OK' if not masalah else 'GAGAL'}.",
        f"Hasil untuk publik: /hasil/ (langsung dari aplikasi) dan {AKAR_URL}hasil/index.html "
        "(publikasi statis bertanda tangan).",
        f"Verifikasi: .venv/bin/selenggara publik verifikasi {out} --sidik-kunci {sidik}",
    ]
