"""The demo's photographed sheet: read through the real path, one page refused, one to review."""

from __future__ import annotations

from selenggara.accounts.domain.peran import Peran
from selenggara.pindai.demo import KPPS_USERNAME, PPS_USERNAME, pindai_demo_ensure
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.pindai.tests.alur.conftest import SHEET
from selenggara.portal.tests.world import TPS_A2, World
from selenggara.tungsura.models import Sumber
from selenggara.tungsura.services import c_hasil_submit


def test_the_demo_reads_the_kpps_sheet_once_and_leaves_a_number_for_the_pps(world: World):
    for peran, username in ((Peran.KPPS_KETUA, KPPS_USERNAME), (Peran.PPS, PPS_USERNAME)):
        user = world.user(peran)
        user.username = username
        user.save(update_fields=["username"])
    # TPS A1 is the demo KPPS's and has no PPWP sheet; its neighbour A2 has one.
    c_hasil_submit(
        tps=world.tps[TPS_A2],
        jenis="ppwp",
        angka={**SHEET, "dpt_l": 100, "dpt_p": 100, "dpt_j": 200},
        actor=world.user(Peran.PPS),
        sumber=Sumber.ENTRI_KERTAS,
    )

    lines = pindai_demo_ensure(pemilihan=world.pemilihan, log=lambda _line: None)
    again = pindai_demo_ensure(pemilihan=world.pemilihan, log=lambda _line: None)

    assert Pembacaan.objects.count() == 4
    assert Pembacaan.objects.filter(status=Pembacaan.Status.TOLAK).count() == 1
    assert not Pembacaan.objects.filter(status=Pembacaan.Status.MENUNGGU).exists()
    assert TinjauanAngka.objects.filter(pembacaan__halaman=2, selesai=False).exists()
    assert "4 foto TPS 3303012001002" in lines[0]
    assert again == lines


def test_without_the_demo_kpps_nothing_is_photographed(world: World):
    assert pindai_demo_ensure(pemilihan=world.pemilihan, log=lambda _line: None) == []
    assert not Pembacaan.objects.exists()
