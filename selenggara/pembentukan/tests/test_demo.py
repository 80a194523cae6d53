from __future__ import annotations

import pytest

from selenggara.pembentukan.demo import pembentukan_demo_ensure
from selenggara.pembentukan.models import HasilPenelitian, JadwalTahapan, Pendaftar

pytestmark = pytest.mark.django_db


def test_demo_fills_the_first_kecamatan_once(pemilihan, world_pps):
    lines: list[str] = []

    created = pembentukan_demo_ensure(pemilihan=pemilihan, kabkota_kode="33.03", log=lines.append)
    again = pembentukan_demo_ensure(pemilihan=pemilihan, kabkota_kode="33.03")

    assert created == Pendaftar.objects.count() > 18
    assert again == 0
    assert JadwalTahapan.objects.filter(pemilihan=pemilihan).exists()
    assert HasilPenelitian.objects.count() == created
    statuses = set(Pendaftar.objects.values_list("status", flat=True))
    assert {"memenuhi_syarat", "diteliti"} <= statuses
    assert Pendaftar.objects.filter(desa__kode="33.03.01.2001", dokumen_set__isnull=False).exists()
    assert "sudah ada" in " ".join(lines) or len(lines) >= 2


def test_demo_without_kecamatan_does_nothing(pemilihan):
    assert pembentukan_demo_ensure(pemilihan=pemilihan, kabkota_kode="35.78") == 0
