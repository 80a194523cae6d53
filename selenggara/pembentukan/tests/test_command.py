from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from selenggara.pembentukan.models import DaftarAnggotaPartai, HasilPenelitian, JadwalTahapan
from selenggara.pembentukan.tests.helpers import NIK_BUDI, jadwal_open, pendaftar_make

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("pembentukan", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_jadwal_from_the_preset(pemilihan):
    out = _run(
        "jadwal", "--pemilihan", "pemilu-2024", "--preset", "pemilu-2024", "--mulai", "2026-12-01"
    )

    assert "Jadwal pemilu-2024: 12 tahapan." in out
    assert (
        JadwalTahapan.objects.filter(tahapan="pendaftaran", badan="kpps").get().mulai.isoformat()
        == "2026-12-01"
    )


def test_import_partai_and_bulk_penelitian(pemilihan, wilayah_tree, tmp_path: Path):
    jadwal_open(pemilihan)
    pendaftar_make(pemilihan, wilayah_tree.desa_list[0])
    path = tmp_path / "sipol.csv"
    path.write_text(f"nik,partai\n{NIK_BUDI},Partai Contoh\n")

    assert "1 NIK, 1 partai" in _run("import-partai", str(path), "--pemilihan", "pemilu-2024")
    out = _run("penelitian", "--pemilihan", "pemilu-2024", "--wilayah", "33.03")

    assert "1 pendaftar diteliti di 1 kab/kota: 0 tanpa masalah, 1 dengan masalah." in out
    assert DaftarAnggotaPartai.objects.count() == 1
    assert HasilPenelitian.objects.get().temuan[0]["kode"] == "anggota_partai"


def test_errors_are_reported(pemilihan, tmp_path: Path):
    with pytest.raises(CommandError, match="tidak ada"):
        _run("penelitian", "--pemilihan", "tidak-ada")
    path = tmp_path / "sipol.csv"
    path.write_text("nik,partai\n123,Partai\n")
    with pytest.raises(CommandError, match="1 masalah"):
        _run("import-partai", str(path), "--pemilihan", "pemilu-2024")


def test_kriteria_shows_the_default_then_sets_and_audits_the_order(pemilihan):
    from selenggara.core.models import AuditLog

    assert "pendidikan, waktu_daftar." in _run("kriteria", "--pemilihan", "pemilu-2024")

    out = _run("kriteria", "--pemilihan", "pemilu-2024", "--urutan", "waktu_daftar")

    assert "Kriteria peringkat pemilu-2024: waktu_daftar." in out
    assert "waktu_daftar." in _run("kriteria", "--pemilihan", "pemilu-2024")
    audit = AuditLog.objects.get(action="penetapan.kriteria_peringkat")
    assert audit.before == {"kriteria_peringkat": ["pendidikan", "waktu_daftar"]}
    assert audit.after == {"kriteria_peringkat": ["waktu_daftar"]}


def test_kriteria_refuses_an_unknown_criterion(pemilihan):
    with pytest.raises(CommandError, match="tidak dikenal"):
        _run("kriteria", "--pemilihan", "pemilu-2024", "--urutan", "usia")
