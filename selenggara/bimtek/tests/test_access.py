"""One test per condition of bimtek/access.py."""

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.services import user_create
from selenggara.bimtek import access
from selenggara.bimtek.models import JadwalTPS, SesiBimtek
from selenggara.bimtek.services import rencana_plan
from selenggara.bimtek.tests.conftest import user_make
from selenggara.core.errors import NotAccessible, PermissionDenied

pytestmark = pytest.mark.django_db

KAB = "33.03"
KEC = "33.03.01"


@pytest.fixture
def planned(rencana, kpu_kab, wilayah_tree):
    rencana_plan(rencana=rencana, wilayah_kode=KAB, actor=kpu_kab, waktu_maks=5)
    sesi_a1 = JadwalTPS.objects.get(rencana=rencana, tps=wilayah_tree.tps_list[0]).sesi
    return rencana, sesi_a1


def _other_session(sesi):
    return SesiBimtek.objects.exclude(pk=sesi.pk).get()


def test_rencana_visible_to_every_role_on_the_path(planned, wilayah_tree):
    rencana, _s = planned
    kpps = user_make("k1", Peran.KPPS_KETUA, tps=wilayah_tree.tps_list[0])

    assert (
        access.rencana_get_for_actor(actor=kpps, pemilihan=rencana.pemilihan, kabkota_kode=KAB)
        == rencana
    )
    assert access.rencana_list_for_actor(actor=kpps, pemilihan=rencana.pemilihan) == [rencana]


@pytest.mark.parametrize("kode", ["bukan-kode", "33.04"])
def test_rencana_malformed_or_without_plan_is_not_accessible(planned, kpu_kab, kode):
    rencana, _s = planned
    provinsi = user_make("prov", Peran.KPU_PROVINSI, "33")
    with pytest.raises(NotAccessible):
        access.rencana_get_for_actor(actor=provinsi, pemilihan=rencana.pemilihan, kabkota_kode=kode)


def test_rencana_outside_every_scope_is_not_accessible(planned):
    rencana, _s = planned
    nobody = user_create(
        username="tanpa_peran",
        nama="x",
        password="Rahasia-Uji-2029!",
        actor=None,
        enforce_password_policy=False,
    )
    with pytest.raises(NotAccessible):
        access.rencana_get_for_actor(actor=nobody, pemilihan=rencana.pemilihan, kabkota_kode=KAB)


def test_inactive_actor_sees_no_plan(planned, kpu_kab):
    rencana, _s = planned
    kpu_kab.is_active = False

    with pytest.raises(NotAccessible):
        access.rencana_get_for_actor(actor=kpu_kab, pemilihan=rencana.pemilihan, kabkota_kode=KAB)
    assert access.rencana_list_for_actor(actor=kpu_kab, pemilihan=rencana.pemilihan) == []


def test_kpu_kabkota_plans_the_whole_kabupaten(planned, kpu_kab):
    rencana, _s = planned

    access.rencana_check_plannable(actor=kpu_kab, rencana=rencana, wilayah_kode=KAB)
    access.rencana_check_plannable(actor=kpu_kab, rencana=rencana, wilayah_kode=KEC)


def test_ppk_plans_only_its_kecamatan(planned):
    rencana, _s = planned
    ppk = user_make("ppk1", Peran.PPK, KEC)

    access.rencana_check_plannable(actor=ppk, rencana=rencana, wilayah_kode=KEC)
    with pytest.raises(PermissionDenied):
        access.rencana_check_plannable(actor=ppk, rencana=rencana, wilayah_kode=KAB)


@pytest.mark.parametrize(
    ("peran", "wilayah"), [(Peran.PPS, "33.03.01.2001"), (Peran.PENGAWAS, "33.03")]
)
def test_pps_and_pengawas_never_plan(planned, peran, wilayah):
    rencana, _s = planned
    actor = user_make("x", peran, wilayah)

    with pytest.raises(PermissionDenied):
        access.rencana_check_plannable(actor=actor, rencana=rencana, wilayah_kode=KEC)


def test_malformed_region_or_inactive_planner_is_refused(planned, kpu_kab):
    rencana, _s = planned
    with pytest.raises(PermissionDenied):
        access.rencana_check_plannable(actor=kpu_kab, rencana=rencana, wilayah_kode="x")
    kpu_kab.is_active = False
    with pytest.raises(PermissionDenied):
        access.rencana_check_plannable(actor=kpu_kab, rencana=rencana, wilayah_kode=KAB)


def test_kecamatan_page_needs_a_scope_holding_the_kecamatan(planned, kpu_kab):
    rencana, _s = planned
    pps = user_make("pps1", Peran.PPS, "33.03.01.2001")

    access.rencana_check_visible(actor=kpu_kab, rencana=rencana, wilayah_kode=KEC)
    with pytest.raises(NotAccessible):
        access.rencana_check_visible(actor=pps, rencana=rencana, wilayah_kode=KEC)


def test_inactive_actor_has_no_visible_region(planned, kpu_kab):
    rencana, _s = planned
    kpu_kab.is_active = False

    assert access.wilayah_visible(actor=kpu_kab, rencana=rencana, kode=KEC) is False


def test_session_visible_by_kecamatan_scope(planned):
    _r, sesi = planned
    ppk = user_make("ppk2", Peran.PPK, KEC)

    assert access.sesi_get_for_actor(actor=ppk, sesi_id=sesi.pk) == sesi


def test_session_visible_to_the_kpps_of_a_tps_it_trains_only(planned, wilayah_tree):
    _r, sesi = planned
    kpps = user_make("k2", Peran.KPPS_ANGGOTA, tps=wilayah_tree.tps_list[0])

    assert access.sesi_get_for_actor(actor=kpps, sesi_id=sesi.pk) == sesi
    assert access.tps_kode_visible(actor=kpps, sesi=sesi) == {wilayah_tree.tps_list[0].kode}
    other = _other_session(sesi)
    if wilayah_tree.tps_list[0].kode not in set(
        other.jadwal_set.values_list("tps__kode", flat=True)
    ):
        with pytest.raises(NotAccessible):
            access.sesi_get_for_actor(actor=kpps, sesi_id=other.pk)


def test_unknown_session_or_inactive_actor_is_not_accessible(planned, kpu_kab):
    _r, sesi = planned
    with pytest.raises(NotAccessible):
        access.sesi_get_for_actor(actor=kpu_kab, sesi_id=999999)
    kpu_kab.is_active = False
    with pytest.raises(NotAccessible):
        access.sesi_get_for_actor(actor=kpu_kab, sesi_id=sesi.pk)


def test_session_run_by_planner_and_by_the_pps_of_its_desa(planned, kpu_kab):
    _r, sesi = planned
    pps = user_make("pps2", Peran.PPS, "33.03.01.2001")

    access.sesi_check_runnable(actor=kpu_kab, sesi=sesi)
    access.sesi_check_runnable(actor=pps, sesi=sesi)


def test_session_not_run_by_kpps_or_pengawas(planned, wilayah_tree):
    _r, sesi = planned
    kpps = user_make("k3", Peran.KPPS_KETUA, tps=wilayah_tree.tps_list[0])
    pengawas = user_make("p3", Peran.PENGAWAS, "33.03")

    for actor in (kpps, pengawas):
        with pytest.raises(PermissionDenied):
            access.sesi_check_runnable(actor=actor, sesi=sesi)


def test_own_sessions_list_for_pps_and_kpps_only(planned, wilayah_tree, kpu_kab):
    rencana, sesi = planned
    kpps = user_make("k4", Peran.KPPS_KETUA, tps=wilayah_tree.tps_list[0])
    pps = user_make("pps4", Peran.PPS, "33.03.01.2001")

    assert access.sesi_list_for_actor(actor=kpps, pemilihan=rencana.pemilihan) == [sesi]
    assert sesi in access.sesi_list_for_actor(actor=pps, pemilihan=rencana.pemilihan)
    assert access.sesi_list_for_actor(actor=kpu_kab, pemilihan=rencana.pemilihan) == []


@pytest.mark.parametrize(
    ("peran", "wilayah"),
    [
        (Peran.KPU_PROVINSI, "33"),
        (Peran.KPU_KABKOTA, KAB),
        (Peran.PPK, KEC),
        (Peran.PPS, "33.03.01.2001"),
    ],
)
def test_question_bank_read_by_who_trains_in_the_kabupaten(planned, peran, wilayah):
    rencana, _s = planned
    access.soal_check_readable(actor=user_make(f"s_{peran.value}", peran, wilayah), rencana=rencana)


def test_question_bank_not_read_by_trainees_or_pengawas(planned, wilayah_tree):
    rencana, _s = planned
    for actor in (
        user_make("s_kpps", Peran.KPPS_KETUA, tps=wilayah_tree.tps_list[0]),
        user_make("s_pengawas", Peran.PENGAWAS, KEC),
    ):
        with pytest.raises(PermissionDenied):
            access.soal_check_readable(actor=actor, rencana=rencana)


def test_question_bank_not_read_by_a_trainer_of_another_kabupaten(planned):
    rencana, _s = planned
    pps = user_make("s_pps", Peran.PPS, "33.03.01.2001")
    rencana.kabkota_kode = "35.78"  # in memory: the plan of a kab/kota outside the PPS's scope

    with pytest.raises(PermissionDenied):
        access.soal_check_readable(actor=pps, rencana=rencana)


def test_question_bank_not_read_by_an_inactive_trainer(planned, kpu_kab):
    rencana, _s = planned
    kpu_kab.is_active = False

    with pytest.raises(PermissionDenied):
        access.soal_check_readable(actor=kpu_kab, rencana=rencana)
