"""The demo's photographed sheet: read through the real path, one page refused, one to review."""

from __future__ import annotations

from selenggara.accounts.domain.peran import Peran
from selenggara.pindai.demo import KPPS_USERNAME, pindai_demo_ensure
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.pindai.tests.alur.conftest import SHEET
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.models import Sumber
from selenggara.tungsura.services import c_hasil_submit


def test_the_demo_reads_the_kpps_sheet_once_and_leaves_a_number_for_the_pps(world: World):
    kpps = world.user(Peran.KPPS_KETUA)
    kpps.username = KPPS_USERNAME
    kpps.save(update_fields=["username"])
    c_hasil_submit(
        tps=world.tps[TPS_A1], jenis="ppwp", angka=SHEET, actor=kpps, sumber=Sumber.PONSEL_KPPS
    )

    lines = pindai_demo_ensure(pemilihan=world.pemilihan, log=lambda _line: None)
    again = pindai_demo_ensure(pemilihan=world.pemilihan, log=lambda _line: None)

    assert Pembacaan.objects.count() == 4
    assert Pembacaan.objects.filter(status=Pembacaan.Status.TOLAK).count() == 1
    assert not Pembacaan.objects.filter(status=Pembacaan.Status.MENUNGGU).exists()
    assert TinjauanAngka.objects.filter(pembacaan__halaman=2, selesai=False).exists()
    assert "4 foto" in lines[0]
    assert again == lines


def test_without_the_demo_kpps_nothing_is_photographed(world: World):
    assert pindai_demo_ensure(pemilihan=world.pemilihan, log=lambda _line: None) == []
    assert not Pembacaan.objects.exists()
