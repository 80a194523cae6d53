from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import User
from selenggara.accounts.services import penugasan_assign, user_create
from selenggara.bimtek.models import PelatihBimtek, RencanaBimtek, TempatBimtek
from selenggara.bimtek.services import rencana_create
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pembentukan.tests.penetapan.builders import calon_make
from selenggara.pemilihan.models import TPS

MULAI = dt.date(2024, 1, 26)
SELESAI = dt.date(2024, 1, 28)


def user_make(username: str, peran: Peran, wilayah_kode: str = "", tps: TPS | None = None) -> User:
    user = user_create(
        username=username,
        nama=username,
        password="Rahasia-Uji-2029!",
        actor=None,
        enforce_password_policy=False,
    )
    penugasan_assign(user=user, peran=peran, wilayah_kode=wilayah_kode, tps=tps, actor=None)
    return user


@pytest.fixture
def kpu_kab(wilayah_tree) -> User:
    return user_make("kpu_kab_bimtek", Peran.KPU_KABKOTA, "33.03")


@pytest.fixture
def rencana(wilayah_tree, kpu_kab) -> RencanaBimtek:
    """A 3-day plan for Purbalingga with one hall of 14 seats in Kemangkon and two trainers."""
    plan = rencana_create(
        pemilihan=wilayah_tree.pemilihan,
        kabkota=wilayah_tree.kabkota,
        tanggal_mulai=MULAI,
        tanggal_selesai=SELESAI,
        actor=kpu_kab,
    )
    TempatBimtek.objects.create(
        rencana=plan,
        kecamatan_kode="33.03.01",
        desa_kode="33.03.01.2001",
        nama="Aula Kecamatan",
        kapasitas=14,
    )
    for i in range(2):
        PelatihBimtek.objects.create(
            rencana=plan, kecamatan_kode="33.03.01", nama=f"PPK {i}", jenis=PelatihBimtek.Jenis.PPK
        )
    return plan


def anggota_make(tps: TPS, *, posisi_list: range = range(1, 8)) -> list[AnggotaKPPS]:
    """Appoint members on the seats of ``tps`` (directly: pembentukan's flow is tested there)."""
    actor = User.objects.order_by("pk").first()
    assert actor is not None
    return [
        AnggotaKPPS.objects.create(
            pemilihan=tps.pemilihan,
            tps=tps,
            desa_kode=tps.kode[:10],
            pendaftar=calon_make(tps.pemilihan, tps.desa, tps=tps),
            peran="ketua" if posisi == 1 else "anggota",
            posisi=posisi,
            peringkat=posisi,
            ditetapkan_at=timezone.now(),
            ditetapkan_by=actor,
        )
        for posisi in posisi_list
    ]
