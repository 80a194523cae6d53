import pytest
from django.core.management import call_command

from selenggara.accounts.models import Penugasan, User
from selenggara.bimtek.models import (
    JadwalTPS,
    KehadiranBimtek,
    ModulBimtek,
    NilaiTes,
    PelatihBimtek,
    RencanaBimtek,
    RencanaKecamatan,
    SesiBimtek,
    SoalTes,
    TempatBimtek,
)
from selenggara.core.audit import audit_verify
from selenggara.pemilihan.models import TPS, Calon, Dapil, Pemilihan
from selenggara.portal.demo import demo_build
from selenggara.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_demo_builds_purbalingga_and_a_second_run_changes_nothing(capsys):
    first = demo_build()
    counts = (
        Wilayah.objects.count(),
        Pemilihan.objects.count(),
        TPS.objects.count(),
        User.objects.count(),
        Penugasan.objects.count(),
        Dapil.objects.count(),
        Calon.objects.count(),
    )

    call_command("demo")

    assert first.jumlah_tps == 2964  # Purbalingga's TPS in Pemilu 2024
    assert TPS.objects.filter(kode__startswith="3303").count() == 2964
    assert TPS.objects.exclude(dpt_sintetis=True).count() == 0
    assert Wilayah.objects.filter(kode__startswith="33.03.", tingkat=3).count() == 18
    assert Calon.objects.filter(dapil__kontestasi__jenis="ppwp").count() == 3
    assert {login.username for login in first.logins} >= {"kpu-ri", "pps", "kpps-ketua", "saksi"}
    assert (
        Wilayah.objects.count(),
        Pemilihan.objects.count(),
        TPS.objects.count(),
        User.objects.count(),
        Penugasan.objects.count(),
        Dapil.objects.count(),
        Calon.objects.count(),
    ) == counts
    out = capsys.readouterr().out
    assert "2.964 TPS" in out
    assert "pemilu-jujur-2024" in out
    assert "C.Hasil demo" in out
    assert "3303012001001" in out  # the KPPS demo TPS left for a hand entry
    assert audit_verify().ok is True
    _assert_bimtek_demo(out, first.bimtek_lines)


def _assert_bimtek_demo(out: str, first_lines: list[str]) -> None:
    """Every Purbalingga kecamatan has synthetic venues and trainers, every TPS team of the
    kabupaten is planned within the rules, and one Kemangkon session has been run."""
    rencana = RencanaBimtek.objects.get(kabkota_kode="33.03")
    kecamatan = set(
        Wilayah.objects.filter(kode__startswith="33.03.", tingkat=3).values_list("kode", flat=True)
    )
    venues = TempatBimtek.objects.filter(rencana=rencana)
    assert set(venues.values_list("kecamatan_kode", flat=True)) == kecamatan
    assert not venues.filter(sintetis=False).exists()
    assert (
        set(PelatihBimtek.objects.filter(rencana=rencana).values_list("kecamatan_kode", flat=True))
        == kecamatan
    )
    assert JadwalTPS.objects.filter(rencana=rencana).count() == 2964
    assert set(
        RencanaKecamatan.objects.filter(rencana=rencana).values_list("status", flat=True)
    ) <= {"OPTIMAL", "FEASIBLE"}
    for sesi in SesiBimtek.objects.filter(rencana=rencana).select_related("tempat")[:500]:
        assert sesi.jadwal_set.count() * 7 <= sesi.tempat.kapasitas
    run = SesiBimtek.objects.get(rencana=rencana, ditutup_at__isnull=False)
    assert run.kecamatan_kode == "33.03.01"  # Kemangkon
    hadir = KehadiranBimtek.objects.filter(sesi=run).count()
    assert hadir > 0
    assert NilaiTes.objects.filter(sesi=run).count() == hadir * 4
    # A starter question bank for every module of the curriculum.
    assert set(
        SoalTes.objects.filter(modul__rencana=rencana).values_list("modul__kode", flat=True)
    ) == set(ModulBimtek.objects.filter(rencana=rencana).values_list("kode", flat=True))
    assert any("2964 tim TPS dijadwalkan" in line for line in first_lines)
    assert "sudah ada (2964 TPS terjadwal)" in out  # the second run changes nothing
