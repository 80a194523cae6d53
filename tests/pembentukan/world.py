"""Applicants in the portal's test world (``world_build``), for the access matrix and views.

One applicant per desa: Kedungbenda (desa A, announced as MS), Bokol (desa B) and the foreign
kelurahan; names are distinctive so a leak is easy to spot.
"""

from __future__ import annotations

from dataclasses import dataclass

from selenggara.pembentukan.domain.syarat import JenisDokumen
from selenggara.pembentukan.models import Pendaftar
from selenggara.pembentukan.pendaftaran.services import pendaftar_create_by_pps
from selenggara.pembentukan.tests.helpers import data_of, dokumen_files, jadwal_open
from selenggara.portal.tests.world import DESA_A, DESA_B, KEL_LUAR, World

NAMA = {
    DESA_A: "Ratna Kedungbendawati",
    DESA_B: "Joko Bokolrahasia",
    KEL_LUAR: "Tuti Luarrahasia",
}
NIK = {
    DESA_A: "3303014508900001",
    DESA_B: "3303010508900002",
    KEL_LUAR: "3578010508900003",
}
UNKNOWN_PK = 987654


@dataclass(frozen=True)
class Registered:
    pendaftar: Pendaftar
    token: str


def registered(world: World, desa_kode: str) -> Registered:
    """Return the applicant of ``desa_kode`` in ``world``, registering it on first use."""
    cache: dict[str, Registered] = world.__dict__.setdefault("pembentukan", {})
    if desa_kode not in cache:
        if not cache:
            jadwal_open(world.pemilihan)
        pendaftar, token = pendaftar_create_by_pps(
            pemilihan=world.pemilihan,
            desa=world.wilayah[desa_kode],
            data=data_of(nama=NAMA[desa_kode], nik=NIK[desa_kode], domisili=desa_kode),
            # Two documents (a PDF and an image) are enough to test serving them.
            dokumen={
                j: f
                for j, f in dokumen_files().items()
                if j in {JenisDokumen.IJAZAH, JenisDokumen.PAS_FOTO}
            },
            actor=None,
        )
        if desa_kode == DESA_A:
            Pendaftar.objects.filter(pk=pendaftar.pk).update(
                status=Pendaftar.Status.MEMENUHI_SYARAT
            )
        cache[desa_kode] = Registered(pendaftar=pendaftar, token=token)
    return cache[desa_kode]
