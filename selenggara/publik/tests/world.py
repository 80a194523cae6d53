"""The tungsura world with results: PPWP and DPR sheets at the three TPS of Kemangkon.

TPS A1 consistent with page photos, TPS A2 inconsistent and unconfirmed (held out), TPS B1
consistent then corrected in a plenary with a reason; the foreign TPS has no sheet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, World
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_foto_upload, c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build


def image_bytes(color: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), color).save(buffer, "JPEG")
    return buffer.getvalue()


ALASAN_KOREKSI = "Salah baca kotak ratusan, dibetulkan sesuai kertas dalam pleno PPK"


@dataclass
class HasilWorld:
    world: World
    digest: dict[tuple[str, str], list[str]]  # (tps, jenis) -> digests, oldest first


def _angka(world: World, tps: str, jenis: str, **changes: int) -> dict[str, int]:
    lembar = lembar_for_tps(tps=world.tps[tps], jenis=jenis)
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    angka.update(changes)
    return angka


def _submit(world: World, tps: str, jenis: str, angka, **kwargs) -> CHasilVersi:
    return c_hasil_submit(
        tps=world.tps[tps],
        jenis=jenis,
        angka=angka,
        actor=world.user(Peran.PPK),
        sumber=kwargs.pop("sumber", Sumber.ENTRI_KERTAS),
        **kwargs,
    ).versi


def hasil_world_build() -> HasilWorld:
    world = tungsura_world_build()
    digest: dict[tuple[str, str], list[str]] = {}
    for jenis in ("ppwp", "dpr"):
        a1 = _angka(world, TPS_A1, jenis)
        digest[(TPS_A1, jenis)] = [_submit(world, TPS_A1, jenis, a1).digest]
        bad = _angka(world, TPS_A2, jenis)
        bad["suara_sah"] += 100
        digest[(TPS_A2, jenis)] = [_submit(world, TPS_A2, jenis, bad).digest]
        b1 = _angka(world, TPS_B1, jenis)
        v1 = _submit(world, TPS_B1, jenis, b1)
        key = "calon_2" if jenis == "ppwp" else "partai_2"
        first = "calon_1" if jenis == "ppwp" else "partai_1"
        fixed = dict(b1)
        fixed[key] = fixed.get(key, 0) + 5
        fixed[first] -= 5
        if jenis == "dpr":
            fixed["partai_1_jumlah"] -= 5
            fixed["partai_2_jumlah"] += 5
        v2 = _submit(world, TPS_B1, jenis, fixed, alasan=ALASAN_KOREKSI, sumber=Sumber.PLENO)
        digest[(TPS_B1, jenis)] = [v1.digest, v2.digest]
    for halaman in (1, 2):
        c_hasil_foto_upload(
            tps=world.tps[TPS_A1],
            jenis="ppwp",
            halaman=halaman,
            dari=2,
            berkas=SimpleUploadedFile(
                f"h{halaman}.jpg", image_bytes(("white", "gray")[halaman - 1]), "image/jpeg"
            ),
            actor=world.user(Peran.PPK),
        )
    return HasilWorld(world=world, digest=digest)


def kecamatan_ditetapkan(hw: HasilWorld) -> None:
    """Lock Kemangkon's PPWP plenary: TPS A2 corrected in it, A1 and B1 read as they are;
    then correct TPS B1 once more after the lock (the count moves, the recap does not)."""
    from selenggara.rekap.services import (
        butir_konfirmasi,
        butir_koreksi,
        pleno_buka,
        pleno_get_or_create,
        pleno_tetapkan,
    )

    world = hw.world
    ppk = world.user(Peran.PPK)
    pleno = pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode="33.03.01", jenis="ppwp")
    pleno = pleno_buka(pleno=pleno, actor=ppk)
    butir_koreksi(
        pleno=pleno,
        tps_kode=TPS_A2,
        angka=_angka(world, TPS_A2, "ppwp"),
        versi_dasar=1,
        alasan="Dibetulkan sesuai kertas dalam pleno PPK",
        actor=ppk,
    )
    for tps in (TPS_A1, TPS_B1):
        butir_konfirmasi(pleno=pleno, kode=tps, actor=ppk)
    pleno_tetapkan(pleno=pleno, actor=ppk)
    after = _angka(world, TPS_B1, "ppwp")
    after["calon_1"] -= 3
    after["calon_3"] += 3
    _submit(world, TPS_B1, "ppwp", after, alasan="Koreksi setelah pleno", versi_dasar=2)
