"""A small explicit world for the accounts tests: two kab/kota, two elections, a few TPS."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from selenggara.accounts.models import User
from selenggara.accounts.services import penugasan_assign, user_create
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import VersiWilayah, Wilayah

_WILAYAH = [
    ("33", "JAWA TENGAH", 1, ""),
    ("33.03", "KAB. PURBALINGGA", 2, "33"),
    ("33.03.01", "Kemangkon", 3, "33.03"),
    ("33.03.01.2001", "Kedunglegok", 4, "33.03.01"),
    ("33.03.01.2002", "Senon", 4, "33.03.01"),
    ("33.03.02", "Bukateja", 3, "33.03"),
    ("33.03.02.2001", "Kembangan", 4, "33.03.02"),
    ("33.04", "KAB. BANJARNEGARA", 2, "33"),
    ("33.04.01", "Susukan", 3, "33.04"),
    ("33.04.01.2001", "Gumelem Wetan", 4, "33.04.01"),
]
_TPS = [
    ("33.03.01.2001", 1),
    ("33.03.01.2001", 2),
    ("33.03.01.2002", 1),
    ("33.03.02.2001", 1),
    ("33.04.01.2001", 1),
]


@dataclass
class World:
    versi: VersiWilayah
    pemilu: Pemilihan
    pilkada: Pemilihan
    wilayah: dict[str, Wilayah]
    tps: dict[str, TPS]  # pemilu TPS by 13-digit code
    tps_pilkada: dict[str, TPS]


def _tps_create(pemilihan: Pemilihan, desa: Wilayah, nomor: int) -> TPS:
    return TPS.objects.create(
        pemilihan=pemilihan,
        desa=desa,
        kode=f"{desa.kode.replace('.', '')}{nomor:03d}",
        nomor=nomor,
        dpt_laki=100,
        dpt_perempuan=110,
        dpt=210,
    )


@pytest.fixture
def world(db) -> World:
    versi = VersiWilayah.objects.create(kode="uji", keputusan="Kepmendagri uji", is_active=True)
    wilayah = {
        kode: Wilayah.objects.create(versi=versi, kode=kode, nama=nama, tingkat=t, induk_kode=induk)
        for kode, nama, t, induk in _WILAYAH
    }
    pemilu = Pemilihan.objects.create(
        kode="pemilu-uji",
        nama="Pemilu Uji",
        jenis="pemilu",
        hari_pemungutan=dt.date(2029, 2, 14),
        batas_pemilih_per_tps=300,
        versi_wilayah=versi,
    )
    pilkada = Pemilihan.objects.create(
        kode="pilkada-uji",
        nama="Pilkada Uji",
        jenis="pilkada",
        hari_pemungutan=dt.date(2029, 11, 27),
        batas_pemilih_per_tps=600,
        versi_wilayah=versi,
    )
    tps = {}
    tps_pilkada = {}
    for desa_kode, nomor in _TPS:
        row = _tps_create(pemilu, wilayah[desa_kode], nomor)
        tps[row.kode] = row
        tps_pilkada[row.kode] = _tps_create(pilkada, wilayah[desa_kode], nomor)
    return World(
        versi=versi,
        pemilu=pemilu,
        pilkada=pilkada,
        wilayah=wilayah,
        tps=tps,
        tps_pilkada=tps_pilkada,
    )


PASSWORD = "Rahasia-Uji-2029!"


@pytest.fixture
def make_user(db):
    """Create a user through the service, optionally with one role (assigned by the console)."""
    counter = iter(range(1, 10_000))

    def make(
        peran: str | None = None, *, wilayah_kode: str = "", tps: TPS | None = None, **kw
    ) -> User:
        n = next(counter)
        user = user_create(
            username=kw.pop("username", f"{peran or 'pengguna'}{n}"),
            nama=kw.pop("nama", f"Pengguna Uji {n}"),
            password=kw.pop("password", PASSWORD),
            actor=None,
            **kw,
        )
        if peran is not None:
            penugasan_assign(user=user, peran=peran, wilayah_kode=wilayah_kode, tps=tps, actor=None)
        return user

    return make
