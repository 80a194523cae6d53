import pytest
from django.core.management import call_command

from selenggara.accounts.models import Penugasan, User
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
