"""Reading an account's active assignments, once per API request when preloaded."""

import pytest

from selenggara.accounts.models import Penugasan, User
from selenggara.accounts.selectors import penugasan_list_active, penugasan_preload

pytestmark = pytest.mark.django_db

TPS_1 = "3303012001001"


def test_without_preload_every_call_reads_the_database(world, make_user, django_assert_num_queries):
    actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
    with django_assert_num_queries(2):
        penugasan_list_active(user=actor)
        penugasan_list_active(user=actor, pemilihan=world.pemilu)


def test_a_preloaded_account_is_read_once(world, make_user, django_assert_num_queries):
    actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
    with django_assert_num_queries(2):  # the assignments, then their TPS
        penugasan_preload(user=actor)
        everything = penugasan_list_active(user=actor)
        in_pemilu = penugasan_list_active(user=actor, pemilihan=world.pemilu)
        in_pilkada = penugasan_list_active(user=actor, pemilihan=world.pilkada)
    assert [p.peran for p in everything] == ["kpps_ketua"]
    assert [p.tps for p in in_pemilu] == [world.tps[TPS_1]]
    assert in_pilkada == []


def test_a_preload_belongs_to_the_object_of_one_request(world, make_user):
    actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
    penugasan_preload(user=actor)
    Penugasan.objects.filter(user=actor).update(is_active=False)
    # The next request loads the account afresh and sees the change.
    assert penugasan_list_active(user=User.objects.get(pk=actor.pk)) == []
    # Callers may not change the preloaded list through the answer.
    penugasan_list_active(user=actor).clear()
    assert len(penugasan_list_active(user=actor)) == 1


def test_the_preload_reads_what_the_orm_reads(world, make_user, django_assert_num_queries):
    actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
    for peran, wilayah, tps in [
        ("pps", "33.03.01.2001", None),
        ("saksi", "", world.tps_pilkada[TPS_1]),
        ("ppk", "33.03.01", None),
    ]:
        Penugasan.objects.create(user=actor, peran=peran, wilayah_kode=wilayah, tps=tps)
    Penugasan.objects.create(user=actor, peran="pengawas", wilayah_kode="33", is_active=False)
    orm = Penugasan.objects.filter(user=actor, is_active=True).select_related("tps")
    expected = [
        (p.pk, p.peran, p.wilayah_kode, p.tps.kode if p.tps else None, p.lingkup)
        for p in orm.order_by("pk")
    ]

    penugasan_preload(user=actor)
    with django_assert_num_queries(0):
        got = [
            (p.pk, p.peran, p.wilayah_kode, p.tps.kode if p.tps else None, p.lingkup)
            for p in penugasan_list_active(user=actor)
        ]

    assert got == expected
    assert len(got) == 4


def test_a_region_role_is_preloaded_in_one_query(world, make_user, django_assert_num_queries):
    actor = make_user("ppk", wilayah_kode="33.03.01")
    with django_assert_num_queries(1):
        penugasan_preload(user=actor)
    assert [p.peran for p in penugasan_list_active(user=actor)] == ["ppk"]
