"""The roll-up above the kab/kota: the nation by provinsi and a provinsi by kab/kota."""

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.bimtek import access
from selenggara.bimtek.models import JadwalTPS, RencanaBimtek
from selenggara.bimtek.selectors import ringkasan_wilayah
from selenggara.bimtek.services import kehadiran_record, rencana_plan, sesi_close
from selenggara.bimtek.tests.conftest import anggota_make, user_make
from selenggara.core.errors import NotAccessible
from selenggara.portal.tests.world import login

pytestmark = pytest.mark.django_db


def _counts(row):
    r = row.rekap
    return (
        r.kode,
        row.rencana,
        r.tps,
        r.kursi,
        r.terlatih,
        r.absen,
        r.tps_belum_lengkap,
        row.tps_tanpa_rencana,
    )


def test_without_a_plan_every_tps_is_at_risk_and_counted_as_unplanned(wilayah_tree):
    assert [
        _counts(r) for r in ringkasan_wilayah(pemilihan=wilayah_tree.pemilihan, wilayah_kode=None)
    ] == [("33", 0, 3, 21, 0, 0, 3, 3)]


def test_a_plan_rolls_up_its_trained_and_absent_seats_to_provinsi_and_nation(
    rencana, kpu_kab, wilayah_tree
):
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    tps = wilayah_tree.tps_list[0]
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi
    members = anggota_make(tps)
    for anggota in members[:5]:
        kehadiran_record(sesi=sesi, anggota=anggota, cara="centang", actor=kpu_kab)
    others = JadwalTPS.objects.filter(sesi=sesi).count() - 1  # TPS sharing the session
    sesi_close(sesi=sesi, actor=kpu_kab)

    provinsi = ringkasan_wilayah(pemilihan=wilayah_tree.pemilihan, wilayah_kode="33")
    nasional = ringkasan_wilayah(pemilihan=wilayah_tree.pemilihan, wilayah_kode=None)

    absent = 2 + 7 * others
    assert [_counts(r) for r in provinsi] == [("33.03", 1, 3, 21, 5, absent, 1 + others, 0)]
    assert provinsi[0].rencana_kabkota == rencana
    assert [_counts(r) for r in nasional] == [("33", 1, 3, 21, 5, absent, 1 + others, 0)]
    assert nasional[0].rencana_kabkota is None


@pytest.mark.parametrize(
    ("peran", "wilayah", "top"),
    [
        (Peran.KPU_RI, "", ""),
        (Peran.KPU_PROVINSI, "33", "33"),
        (Peran.KPU_KABKOTA, "33.03", None),
        (Peran.PPK, "33.03.01", None),
    ],
)
def test_the_widest_roll_up_of_each_scope(wilayah_tree, peran, wilayah, top):
    actor = user_make(f"r_{peran.value}", peran, wilayah)

    assert access.ringkasan_wilayah_for_actor(actor=actor, pemilihan=wilayah_tree.pemilihan) == top


def test_the_nation_is_read_by_a_national_scope_only(wilayah_tree):
    pemilihan = wilayah_tree.pemilihan
    access.ringkasan_check_visible(
        actor=user_make("r_ri", Peran.KPU_RI, ""), pemilihan=pemilihan, wilayah_kode=None
    )
    prov = user_make("r_prov", Peran.KPU_PROVINSI, "33")
    access.ringkasan_check_visible(actor=prov, pemilihan=pemilihan, wilayah_kode="33")
    with pytest.raises(NotAccessible):
        access.ringkasan_check_visible(actor=prov, pemilihan=pemilihan, wilayah_kode=None)
    kab = user_make("r_kab", Peran.KPU_KABKOTA, "33.03")
    with pytest.raises(NotAccessible):
        access.ringkasan_check_visible(actor=kab, pemilihan=pemilihan, wilayah_kode="33")


def test_the_pages_draw_the_bars_and_link_down(client, rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode="33.03", actor=kpu_kab, waktu_maks=5)
    login(client, user_make("r_ri2", Peran.KPU_RI, ""))

    nasional = client.get("/bimtek/ringkasan/").content.decode()
    provinsi = client.get("/bimtek/ringkasan/33/").content.decode()

    assert "<svg" in nasional
    assert 'href="/bimtek/ringkasan/33/"' in nasional
    assert 'href="/bimtek/rencana/33.03/"' in provinsi
    assert 'id="peringatan"' not in provinsi  # every team has a session before polling day
    assert client.get("/bimtek/ringkasan/33.03/").status_code == 404  # not a provinsi
    assert RencanaBimtek.objects.count() == 1


def test_a_kabupaten_officer_is_sent_to_the_plans(client, rencana, kpu_kab):
    response = login(client, kpu_kab).get("/bimtek/ringkasan/")

    assert response.status_code == 302
    assert response["Location"] == "/bimtek/"
    assert client.get("/bimtek/ringkasan/33/").status_code == 404
