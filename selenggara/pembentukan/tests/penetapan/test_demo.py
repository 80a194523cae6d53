"""The appointment demo on the tiny tree: two desa of Kemangkon, idempotent."""

from __future__ import annotations

import pytest

from selenggara.core.models import AuditLog
from selenggara.pembentukan.models import (
    SKKPPS,
    AnggotaKPPS,
    CadanganKPPS,
    KehadiranPelantikan,
    Penggantian,
    PetugasKetertiban,
)
from selenggara.pembentukan.penetapan.demo import penetapan_demo_ensure

pytestmark = pytest.mark.django_db


def test_two_desa_formed_and_a_second_run_changes_nothing(wilayah_tree, pps, kpu_kab):
    lines: list[str] = []

    formed = penetapan_demo_ensure(
        pemilihan=wilayah_tree.pemilihan, kabkota_kode="33.03", log=lines.append
    )
    audit_rows = AuditLog.objects.count()
    again = penetapan_demo_ensure(pemilihan=wilayah_tree.pemilihan, kabkota_kode="33.03")

    tps_a1, tps_a2, tps_b1 = wilayah_tree.tps_list
    assert (formed, again) == (2, 0)
    assert AnggotaKPPS.objects.filter(tps=tps_a1, status="aktif").count() == 7
    assert not AnggotaKPPS.objects.filter(tps=tps_a2).exists()  # left for the PPS to try
    assert AnggotaKPPS.objects.filter(tps=tps_b1, status="aktif").count() == 7
    assert CadanganKPPS.objects.filter(tps=tps_b1, dipakai_at__isnull=True).count() == 1
    paw = Penggantian.objects.get()
    assert paw.tps == tps_b1
    assert paw.anggota_baru.posisi == 4
    assert SKKPPS.objects.count() == 2
    assert KehadiranPelantikan.objects.filter(hadir=False).count() == 4
    assert PetugasKetertiban.objects.filter(status="aktif").count() == 4
    assert AuditLog.objects.count() == audit_rows
    assert "2 TPS baru" in lines[-1]
    assert AuditLog.objects.get(action="kpps.paw").actor_id == kpu_kab.pk


def test_without_demo_accounts_nothing_is_formed(wilayah_tree):
    lines: list[str] = []

    formed = penetapan_demo_ensure(
        pemilihan=wilayah_tree.pemilihan, kabkota_kode="33.03", log=lines.append
    )

    assert formed == 0
    assert "dilewati" in lines[0]


def test_unknown_kabkota(wilayah_tree):
    assert penetapan_demo_ensure(pemilihan=wilayah_tree.pemilihan, kabkota_kode="34.01") == 0
