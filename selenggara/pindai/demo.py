"""The demo's photographed C.Hasil: a PPWP sheet of the demo PPS's desa, read by the reader.

Photos are generated from the official PDF by the reader's own generator (``tools.sintetis``,
the one its tests and benchmark use) with the numbers stored for the TPS beside the demo KPPS's, and uploaded
through ``tungsura.services.c_hasil_foto_kirim`` as the PPS, so they take the real path: a reading
per photo, read here at once (the worker of ``make demo`` would read them a moment later).
One page is blurred (refused, with its message), and on page 2 the bubbles of one number are
filled for another digit than the one written, so at least one number waits in the review
queue of the ``pps`` account.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile

from selenggara.accounts.models import User
from selenggara.pemilihan.models import Pemilihan
from selenggara.pindai.models import Pembacaan
from selenggara.pindai.services import pembacaan_baca
from selenggara.tungsura.models import CHasil
from selenggara.tungsura.services import c_hasil_foto_kirim

KPPS_USERNAME = "kpps-ketua"
PPS_USERNAME = "pps"


def _photo(nomor: int, angka: dict[str, int], *, seed: int, **faults: object) -> bytes:
    from selenggara.pindai.tools.sintetis import (
        Foto,
        Isian,
        foto_ambil,
        halaman_isi,
        jpeg,
        ppwp_halaman,
    )

    rng = np.random.default_rng(seed)
    halaman, sumber = ppwp_halaman(nomor)
    buram = bool(faults.pop("buram", False))
    isian = Isian(angka=angka, **faults)  # type: ignore[arg-type]
    foto = (
        Foto(buram=7.0, sisi_panjang=1400)
        if buram
        else Foto(perspektif=0.02, putar=1.5, buram=0.6, cahaya=0.2, derau=2.0, sisi_panjang=1600)
    )
    return jpeg(foto_ambil(halaman_isi(halaman, sumber, isian, rng), foto, rng), 82)


def pindai_demo_ensure(*, pemilihan: Pemilihan, log: Callable[[str], None]) -> list[str]:
    """Photograph and read the demo KPPS's PPWP sheet once; return the lines to print."""
    kpps = User.objects.filter(username=KPPS_USERNAME).first()
    pps = User.objects.filter(username=PPS_USERNAME).first()
    penugasan = (
        kpps.penugasan.filter(is_active=True, tps__pemilihan=pemilihan).first() if kpps else None
    )
    if pps is None or penugasan is None or penugasan.tps is None:
        return []
    # The demo KPPS's own TPS is left without a PPWP C.Hasil for the KPPS to fill; its
    # neighbour in the same desa is photographed, and the desa's PPS uploads the photos.
    c_hasil = (
        CHasil.objects.select_related("tps", "versi_terkini")
        .filter(
            tps__pemilihan=pemilihan,
            tps__desa_id=penugasan.tps.desa_id,
            kontestasi__jenis="ppwp",
            versi_terkini__isnull=False,
        )
        .exclude(tps=penugasan.tps)
        .order_by("tps__nomor")
        .first()
    )
    if c_hasil is None or c_hasil.versi_terkini is None:
        return []
    tps = c_hasil.tps
    url = f"/pindai/tps/{tps.kode}/c-hasil/ppwp/"
    if not Pembacaan.objects.filter(foto__c_hasil=c_hasil).exists():
        log("Memotret dan membaca C.Hasil PPWP TPS demo (pindai)...")
        versi = c_hasil.versi_terkini
        angka = {**versi.administrasi, **{k: int(v) for k, v in versi.suara.items()}}
        beda = (angka["calon_1"] % 10 + 5) % 10  # the units bubble says another digit
        photos = [
            (3, _photo(3, angka, seed=303, buram=True)),
            (1, _photo(1, angka, seed=101)),
            (2, _photo(2, angka, seed=202, bulatan_beda={("calon_1", 2): beda})),
            (3, _photo(3, angka, seed=304)),
        ]
        for nomor, data in photos:
            foto = c_hasil_foto_kirim(
                tps=tps,
                jenis="ppwp",
                halaman=nomor,
                dari=3,
                berkas=SimpleUploadedFile(f"hal{nomor}.jpg", data, "image/jpeg"),
                actor=pps,
            ).foto
            pembacaan = Pembacaan.objects.filter(foto=foto).first()
            if pembacaan is not None:
                pembacaan_baca(pembacaan_id=pembacaan.pk)
    readings = Pembacaan.objects.filter(foto__c_hasil=c_hasil)
    counts = {s: readings.filter(status=s).count() for s in Pembacaan.Status.values}
    open_items = sum(p.tinjauan_set.filter(selesai=False).count() for p in readings)
    return [
        f"Foto C.Hasil dibaca (pindai): {readings.count()} foto TPS {tps.kode} "
        f"({counts['otomatis']} otomatis, {counts['tinjau']} perlu ditinjau, "
        f"{counts['tolak']} ditolak) di {url}",
        f"  {open_items} angka menunggu tinjauan akun pps di /pindai/tinjau/",
    ]
