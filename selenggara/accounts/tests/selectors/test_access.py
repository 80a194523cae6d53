import pytest

from selenggara.accounts.access import (
    tps_check_writable,
    tps_get_for_actor,
    tps_get_for_actor_in,
    tps_list_for_actor,
    wilayah_children_for_actor,
    wilayah_get_for_actor,
)
from selenggara.accounts.models import Penugasan
from selenggara.accounts.selectors import penugasan_preload
from selenggara.core.errors import NotAccessible, PermissionDenied
from selenggara.wilayah.models import VersiWilayah, Wilayah

pytestmark = pytest.mark.django_db

TPS_1 = "3303012001001"
TPS_2 = "3303012001002"
TPS_SENON = "3303012002001"
TPS_BUKATEJA = "3303022001001"
TPS_BANJAR = "3304012001001"


def _error(call, **kwargs) -> tuple[type, str, str]:
    with pytest.raises(NotAccessible) as info:
        call(**kwargs)
    return type(info.value), info.value.code, info.value.message


def _deactivate_penugasan(user) -> None:
    Penugasan.objects.filter(user=user).update(is_active=False)


def _deactivate_user(user) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


class TestWilayahGetForActor:
    def test_kabkota_gets_its_own_kecamatan(self, world, make_user):
        actor = make_user("kpu_kabkota", wilayah_kode="33.03")

        got = wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.03.01")

        assert got == world.wilayah["33.03.01"]

    def test_undotted_code_is_accepted(self, world, make_user):
        actor = make_user("kpu_kabkota", wilayah_kode="33.03")

        got = wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="3303012001")

        assert got == world.wilayah["33.03.01.2001"]

    def test_malformed_code_is_not_found(self, world, make_user):
        actor = make_user("kpu_ri")

        with pytest.raises(NotAccessible, match="Wilayah tidak ditemukan"):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.3")

    def test_unknown_code_in_scope_is_not_found(self, world, make_user):
        actor = make_user("kpu_ri")

        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.03.09")

    def test_code_of_another_region_version_is_not_found(self, world, make_user):
        actor = make_user("kpu_ri")
        other = VersiWilayah.objects.create(kode="lama", keputusan="lama")
        Wilayah.objects.create(versi=other, kode="65", nama="KALIMANTAN UTARA", tingkat=1)

        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="65")

    def test_outside_scope_is_not_found(self, world, make_user):
        actor = make_user("kpu_kabkota", wilayah_kode="33.03")

        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.04.01")

    def test_unknown_and_foreign_give_the_same_error(self, world, make_user):
        actor = make_user("kpu_kabkota", wilayah_kode="33.03")
        kwargs = {"actor": actor, "pemilihan": world.pemilu}

        unknown = _error(wilayah_get_for_actor, kode="33.03.09", **kwargs)
        foreign = _error(wilayah_get_for_actor, kode="33.04", **kwargs)

        assert unknown == foreign

    def test_inactive_user_sees_nothing(self, world, make_user):
        actor = make_user("kpu_ri")
        _deactivate_user(actor)

        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33")

    def test_inactive_assignment_gives_nothing(self, world, make_user):
        actor = make_user("kpu_ri")
        _deactivate_penugasan(actor)

        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33")

    def test_user_without_roles_sees_nothing(self, world, make_user):
        actor = make_user()

        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33")

    @pytest.mark.parametrize(
        ("peran", "wilayah_kode", "seen"),
        [
            pytest.param("kpu_ri", "", ("33.04.01.2001", None), id="national"),
            pytest.param("kpu_provinsi", "33", ("33.04.01", None), id="provinsi"),
            pytest.param("kpu_kabkota", "33.03", ("33.03.02.2001", "33.04"), id="kabkota"),
            pytest.param("ppk", "33.03.01", ("33.03.01.2002", "33.03.02"), id="kecamatan"),
            pytest.param(
                "pps", "33.03.01.2001", ("33.03", "33.03.01.2002"), id="desa-sees-breadcrumb"
            ),
            pytest.param("pengawas", "", ("33.04", None), id="pengawas-national"),
            pytest.param(
                "pengawas", "33.03.02", ("33.03.02.2001", "33.03.01"), id="pengawas-kecamatan"
            ),
        ],
    )
    def test_region_roles(self, world, make_user, peran, wilayah_kode, seen):
        actor = make_user(peran, wilayah_kode=wilayah_kode)
        visible, hidden = seen

        assert (
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode=visible).kode == visible
        )
        if hidden:
            with pytest.raises(NotAccessible):
                wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode=hidden)

    @pytest.mark.parametrize("peran", ["kpps_ketua", "kpps_anggota", "saksi", "pengawas"])
    def test_tps_roles_see_the_path_to_their_tps_only(self, world, make_user, peran):
        actor = make_user(peran, tps=world.tps[TPS_1])

        desa = wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.03.01.2001")
        kab = wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.03")
        assert (desa.kode, kab.kode) == ("33.03.01.2001", "33.03")
        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.03.01.2002")

    def test_tps_role_of_another_election_sees_nothing(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps_pilkada[TPS_1])

        with pytest.raises(NotAccessible):
            wilayah_get_for_actor(actor=actor, pemilihan=world.pemilu, kode="33.03.01.2001")


class TestWilayahChildrenForActor:
    def _kode_list(self, **kwargs) -> list[str]:
        return [w.kode for w in wilayah_children_for_actor(**kwargs)]

    def test_national_sees_every_provinsi(self, world, make_user):
        actor = make_user("kpu_ri")

        assert self._kode_list(actor=actor, pemilihan=world.pemilu, parent=None) == ["33"]

    def test_kabkota_sees_only_its_kabkota_under_the_provinsi(self, world, make_user):
        actor = make_user("kpu_kabkota", wilayah_kode="33.03")

        kids = self._kode_list(actor=actor, pemilihan=world.pemilu, parent=world.wilayah["33"])

        assert kids == ["33.03"]

    def test_pps_sees_only_its_desa_under_its_kecamatan(self, world, make_user):
        actor = make_user("pps", wilayah_kode="33.03.01.2002")

        kids = self._kode_list(
            actor=actor, pemilihan=world.pemilu, parent=world.wilayah["33.03.01"]
        )

        assert kids == ["33.03.01.2002"]

    def test_ppk_sees_every_desa_of_its_kecamatan(self, world, make_user):
        actor = make_user("ppk", wilayah_kode="33.03.01")

        kids = self._kode_list(
            actor=actor, pemilihan=world.pemilu, parent=world.wilayah["33.03.01"]
        )

        assert kids == ["33.03.01.2001", "33.03.01.2002"]

    def test_inactive_user_sees_no_children(self, world, make_user):
        actor = make_user("kpu_ri")
        _deactivate_user(actor)

        assert self._kode_list(actor=actor, pemilihan=world.pemilu, parent=None) == []


class TestTPSGetForActor:
    """Both ways in: with the election loaded (views) and by its code (the API)."""

    @pytest.fixture(params=["pemilihan", "pemilihan_kode"])
    def tps_get(self, request):
        if request.param == "pemilihan":
            return tps_get_for_actor

        def by_kode(*, actor, pemilihan, kode):
            return tps_get_for_actor_in(actor=actor, pemilihan_kode=pemilihan.kode, kode=kode)

        return by_kode

    def test_kpps_gets_its_tps(self, tps_get, world, make_user):
        actor = make_user("kpps_anggota", tps=world.tps[TPS_1])

        assert tps_get(actor=actor, pemilihan=world.pemilu, kode=TPS_1) == world.tps[TPS_1]

    def test_dotted_code_is_accepted(self, tps_get, world, make_user):
        actor = make_user("kpu_ri")

        got = tps_get(actor=actor, pemilihan=world.pemilu, kode="33.03.01.2001.001")

        assert got == world.tps[TPS_1]

    def test_malformed_code_is_not_found(self, tps_get, world, make_user):
        actor = make_user("kpu_ri")

        with pytest.raises(NotAccessible, match="TPS tidak ditemukan"):
            tps_get(actor=actor, pemilihan=world.pemilu, kode="330301200100")

    def test_unknown_code_in_scope_is_not_found(self, tps_get, world, make_user):
        actor = make_user("kpu_ri")

        with pytest.raises(NotAccessible):
            tps_get(actor=actor, pemilihan=world.pemilu, kode="3303012001009")

    def test_outside_scope_is_not_found(self, tps_get, world, make_user):
        actor = make_user("kpu_kabkota", wilayah_kode="33.03")

        with pytest.raises(NotAccessible):
            tps_get(actor=actor, pemilihan=world.pemilu, kode=TPS_BANJAR)

    def test_unknown_and_foreign_give_the_same_error(self, tps_get, world, make_user):
        actor = make_user("kpu_kabkota", wilayah_kode="33.03")
        kwargs = {"actor": actor, "pemilihan": world.pemilu}

        unknown = _error(tps_get, kode="3303012001009", **kwargs)
        foreign = _error(tps_get, kode=TPS_BANJAR, **kwargs)

        assert unknown == foreign

    def test_inactive_user_is_refused(self, tps_get, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
        _deactivate_user(actor)

        with pytest.raises(NotAccessible):
            tps_get(actor=actor, pemilihan=world.pemilu, kode=TPS_1)

    def test_inactive_assignment_is_refused(self, tps_get, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
        _deactivate_penugasan(actor)

        with pytest.raises(NotAccessible):
            tps_get(actor=actor, pemilihan=world.pemilu, kode=TPS_1)

    @pytest.mark.parametrize(
        ("role", "seen"),
        [
            pytest.param(("kpu_ri", ""), (TPS_BANJAR, None), id="national"),
            pytest.param(("kpu_provinsi", "33"), (TPS_BANJAR, None), id="provinsi"),
            pytest.param(("kpu_kabkota", "33.03"), (TPS_BUKATEJA, TPS_BANJAR), id="kabkota"),
            pytest.param(("ppk", "33.03.01"), (TPS_SENON, TPS_BUKATEJA), id="kecamatan"),
            pytest.param(("pps", "33.03.01.2001"), (TPS_2, TPS_SENON), id="desa"),
            pytest.param(("pengawas", "33.03.02"), (TPS_BUKATEJA, TPS_1), id="pengawas-kecamatan"),
        ],
    )
    def test_region_roles(self, tps_get, world, make_user, role, seen):
        peran, wilayah_kode = role
        actor = make_user(peran, wilayah_kode=wilayah_kode)
        inside, outside = seen

        assert tps_get(actor=actor, pemilihan=world.pemilu, kode=inside).kode == inside
        if outside:
            with pytest.raises(NotAccessible):
                tps_get(actor=actor, pemilihan=world.pemilu, kode=outside)

    @pytest.mark.parametrize("peran", ["kpps_ketua", "kpps_anggota", "saksi", "pengawas"])
    def test_tps_roles_get_only_their_tps(self, tps_get, world, make_user, peran):
        actor = make_user(peran, tps=world.tps[TPS_1])

        assert tps_get(actor=actor, pemilihan=world.pemilu, kode=TPS_1).kode == TPS_1
        with pytest.raises(NotAccessible):
            tps_get(actor=actor, pemilihan=world.pemilu, kode=TPS_2)

    def test_tps_role_of_another_election_gets_nothing(self, tps_get, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps_pilkada[TPS_1])

        with pytest.raises(NotAccessible):
            tps_get(actor=actor, pemilihan=world.pemilu, kode=TPS_1)
        got = tps_get(actor=actor, pemilihan=world.pilkada, kode=TPS_1)
        assert got == world.tps_pilkada[TPS_1]

    def test_an_unknown_election_is_named(self, world, make_user):
        actor = make_user("kpu_ri")

        with pytest.raises(NotAccessible, match="Pemilihan tidak ditemukan"):
            tps_get_for_actor_in(actor=actor, pemilihan_kode="pemilu-lain", kode=TPS_1)

    def test_by_kode_reads_the_election_and_the_tps_only(
        self, world, make_user, django_assert_num_queries
    ):
        actor = make_user("kpu_ri")
        penugasan_preload(user=actor)  # as the API's authentication does, apart from the TPS
        with django_assert_num_queries(2):
            tps = tps_get_for_actor_in(actor=actor, pemilihan_kode="pemilu-uji", kode=TPS_1)
            assert (tps.pemilihan.kode, tps.kode) == ("pemilu-uji", TPS_1)
        assert tps.desa.kode == "33.03.01.2001"  # read when asked


class TestTPSListForActor:
    def _kode_list(self, world, actor, desa="33.03.01.2001", pemilihan=None) -> list[str]:
        return list(
            tps_list_for_actor(
                actor=actor, pemilihan=pemilihan or world.pemilu, desa=world.wilayah[desa]
            ).values_list("kode", flat=True)
        )

    def test_region_role_lists_every_tps_of_the_desa(self, world, make_user):
        actor = make_user("pps", wilayah_kode="33.03.01.2001")

        assert self._kode_list(world, actor) == [TPS_1, TPS_2]

    def test_kpps_lists_only_its_own_tps(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps[TPS_2])

        assert self._kode_list(world, actor) == [TPS_2]

    def test_desa_outside_scope_lists_nothing(self, world, make_user):
        actor = make_user("pps", wilayah_kode="33.03.01.2001")

        assert self._kode_list(world, actor, desa="33.03.01.2002") == []

    def test_kpps_lists_nothing_in_another_desa(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps[TPS_1])

        assert self._kode_list(world, actor, desa="33.03.01.2002") == []

    def test_inactive_user_lists_nothing(self, world, make_user):
        actor = make_user("pps", wilayah_kode="33.03.01.2001")
        _deactivate_user(actor)

        assert self._kode_list(world, actor) == []

    def test_kpps_of_another_election_lists_nothing(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps_pilkada[TPS_1])

        assert self._kode_list(world, actor) == []
        assert self._kode_list(world, actor, pemilihan=world.pilkada) == [TPS_1]


class TestTPSCheckWritable:
    @pytest.mark.parametrize(
        ("peran", "wilayah_kode"),
        [
            pytest.param("kpu_kabkota", "33.03", id="kabkota"),
            pytest.param("ppk", "33.03.01", id="ppk"),
            pytest.param("pps", "33.03.01.2001", id="pps"),
        ],
    )
    def test_writing_region_roles_may_write(self, world, make_user, peran, wilayah_kode):
        actor = make_user(peran, wilayah_kode=wilayah_kode)

        tps_check_writable(actor=actor, tps=world.tps[TPS_1])  # does not raise

    @pytest.mark.parametrize("peran", ["kpps_ketua", "kpps_anggota"])
    def test_kpps_may_write_its_tps(self, world, make_user, peran):
        actor = make_user(peran, tps=world.tps[TPS_1])

        tps_check_writable(actor=actor, tps=world.tps[TPS_1])  # does not raise

    @pytest.mark.parametrize("peran", ["saksi", "pengawas"])
    def test_read_only_roles_may_not_write(self, world, make_user, peran):
        actor = make_user(peran, tps=world.tps[TPS_1])

        with pytest.raises(PermissionDenied, match="tidak dapat mengubah"):
            tps_check_writable(actor=actor, tps=world.tps[TPS_1])

    def test_writing_role_elsewhere_does_not_lift_a_read_only_one(self, world, make_user):
        actor = make_user("pengawas", wilayah_kode="33.03")
        from selenggara.accounts.services import penugasan_assign

        penugasan_assign(user=actor, peran="pps", wilayah_kode="33.03.01.2002", actor=None)

        with pytest.raises(PermissionDenied):
            tps_check_writable(actor=actor, tps=world.tps[TPS_1])

    def test_kpps_may_not_write_the_next_tps(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps[TPS_1])

        with pytest.raises(PermissionDenied):
            tps_check_writable(actor=actor, tps=world.tps[TPS_2])

    def test_inactive_user_may_not_write(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
        _deactivate_user(actor)

        with pytest.raises(PermissionDenied):
            tps_check_writable(actor=actor, tps=world.tps[TPS_1])

    def test_inactive_assignment_may_not_write(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps[TPS_1])
        _deactivate_penugasan(actor)

        with pytest.raises(PermissionDenied):
            tps_check_writable(actor=actor, tps=world.tps[TPS_1])

    def test_kpps_of_another_election_may_not_write(self, world, make_user):
        actor = make_user("kpps_ketua", tps=world.tps_pilkada[TPS_1])

        with pytest.raises(PermissionDenied):
            tps_check_writable(actor=actor, tps=world.tps[TPS_1])
