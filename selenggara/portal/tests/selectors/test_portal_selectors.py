import datetime as dt

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import TPS
from selenggara.portal import selectors
from selenggara.portal.tests.world import (
    DESA_A,
    DESA_B,
    KEL_LUAR,
    KOTA_LUAR,
    TPS_A1,
    TPS_A2,
    TPS_B1,
    World,
    login,
    pemilihan_add,
    tps_create,
    user_with_peran,
)

pytestmark = pytest.mark.django_db


class TestPemilihanGet:
    def test_get_unknown_raises_not_accessible(self, db):
        with pytest.raises(NotAccessible, match="Pemilihan tidak ditemukan"):
            selectors.pemilihan_get(kode="tidak-ada")


@pytest.mark.parametrize(
    ("kode", "jenis", "label"),
    [
        pytest.param("33.03", "kabupaten", "Kabupaten", id="kabupaten-01-69"),
        pytest.param("35.78", "kota", "Kota", id="kota-71-99"),
        pytest.param("33.03.01.2001", "desa", "Desa", id="desa-2xxx"),
        pytest.param("35.78.01.1001", "kelurahan", "Kelurahan", id="kelurahan-1xxx"),
        pytest.param("91.01.01.3001", "desa_adat", "Desa adat", id="desa-adat-3xxx"),
        pytest.param("33.03.01", None, "Kecamatan", id="kecamatan"),
        pytest.param("33", None, "Provinsi", id="provinsi"),
        pytest.param("", None, "Nasional", id="nation"),
    ],
)
def test_jenis_is_read_off_the_code(kode, jenis, label):
    assert selectors.jenis_wilayah(kode) == jenis
    assert str(selectors.jenis_label(kode)) == label


class TestWilayahPage:
    def test_national_actor_sees_every_provinsi_with_counts(self, world: World):
        page = selectors.wilayah_page_get_for_actor(
            actor=world.users[Peran.KPU_RI], pemilihan=world.pemilihan, kode=None
        )

        assert page.node.is_nasional is True
        assert page.node.jumlah is not None
        assert (page.node.jumlah.desa, page.node.jumlah.tps) == (3, 4)
        assert [c.kode for c in page.children] == ["33", "35"]
        assert all(c.jumlah is not None for c in page.children)
        assert page.breadcrumb == []
        assert page.dpt_max == max(c.jumlah.dpt for c in page.children if c.jumlah)
        assert page.dpt_max > 0

    def test_pps_sees_ancestors_by_name_only(self, world: World):
        page = selectors.wilayah_page_get_for_actor(
            actor=world.users[Peran.PPS], pemilihan=world.pemilihan, kode="33.03.01"
        )

        assert page.node.jumlah is None
        assert [c.kode for c in page.children] == [DESA_A]
        assert page.children[0].jumlah is not None
        assert page.children[0].jumlah.dpt == 245 + 278
        assert page.dpt_max == 245 + 278  # bars scale to what the actor may see, not siblings
        assert [(c.nama, c.is_link) for c in page.breadcrumb] == [
            ("Indonesia", False),
            ("Jawa Tengah", False),
            ("Kabupaten Purbalingga", False),
        ]

    def test_pps_at_nation_sees_only_the_way_to_its_desa(self, world: World):
        page = selectors.wilayah_page_get_for_actor(
            actor=world.users[Peran.PPS], pemilihan=world.pemilihan, kode=None
        )

        assert page.node.jumlah is None
        assert [(c.kode, c.jumlah) for c in page.children] == [("33", None)]

    def test_pps_desa_lists_its_tps_with_totals(self, world: World):
        page = selectors.wilayah_page_get_for_actor(
            actor=world.users[Peran.PPS], pemilihan=world.pemilihan, kode=DESA_A.replace(".", "")
        )

        assert page.is_desa is True
        assert [t.kode for t in page.tps_list] == [TPS_A1, TPS_A2]
        assert page.node.jumlah is not None
        assert page.node.jumlah.tps == 2

    @pytest.mark.parametrize("kode", [DESA_B, KEL_LUAR, KOTA_LUAR, "99", "bukan-kode"])
    def test_pps_cannot_open_other_regions(self, world: World, kode):
        with pytest.raises(NotAccessible):
            selectors.wilayah_page_get_for_actor(
                actor=world.users[Peran.PPS], pemilihan=world.pemilihan, kode=kode
            )

    def test_kpps_sees_only_its_own_tps_in_its_desa(self, world: World):
        page = selectors.wilayah_page_get_for_actor(
            actor=world.users[Peran.KPPS_KETUA], pemilihan=world.pemilihan, kode=DESA_A
        )

        assert [t.kode for t in page.tps_list] == [TPS_A1]
        assert page.node.jumlah is None

    def test_unknown_and_foreign_regions_raise_the_same_error(self, world: World):
        actor = world.users[Peran.KPU_KABKOTA]
        errors = []
        for kode in ["33.03.09", KOTA_LUAR]:
            with pytest.raises(NotAccessible) as info:
                selectors.wilayah_page_get_for_actor(
                    actor=actor, pemilihan=world.pemilihan, kode=kode
                )
            errors.append((info.value.code, info.value.message))

        assert errors[0] == errors[1]

    def test_inactive_actor_sees_nothing(self, world: World):
        actor = world.users[Peran.KPU_RI]
        actor.is_active = False
        actor.save(update_fields=["is_active"])

        page = selectors.wilayah_page_get_for_actor(
            actor=actor, pemilihan=world.pemilihan, kode=None
        )

        assert page.children == []
        assert page.node.jumlah is None


class TestWilayahStart:
    @pytest.mark.parametrize(
        ("peran", "start"),
        [
            (Peran.KPU_RI, None),
            (Peran.KPU_PROVINSI, ("wilayah", "33")),
            (Peran.PPK, ("wilayah", "33.03.01")),
            (Peran.PPS, ("wilayah", DESA_A)),
            (Peran.KPPS_ANGGOTA, ("tps", TPS_A1)),
            (Peran.SAKSI, ("tps", TPS_A1)),
        ],
    )
    def test_actor_starts_at_its_own_node(self, world: World, peran, start):
        actor = world.users[peran]

        assert selectors.wilayah_start_for_actor(actor=actor, pemilihan=world.pemilihan) == start

    def test_several_places_start_at_the_nation(self, world: World):
        from selenggara.accounts.services import penugasan_assign

        actor = world.users[Peran.PPS]
        penugasan_assign(user=actor, peran="pps", wilayah_kode=DESA_B, actor=None)

        assert selectors.wilayah_start_for_actor(actor=actor, pemilihan=world.pemilihan) is None


class TestTPSPage:
    def test_pemilu_ballots_in_a_kabupaten(self, world: World):
        page = selectors.tps_page_get_for_actor(
            actor=world.users[Peran.SAKSI], pemilihan=world.pemilihan, kode=TPS_A1
        )

        assert [j for j, _label in page.kontestasi] == [
            "ppwp",
            "dpr",
            "dpd",
            "dprd_provinsi",
            "dprd_kabkota",
        ]
        assert [c.is_link for c in page.breadcrumb] == [False] * 5

    def test_pilkada_in_a_kota_elects_a_walikota(self, world: World):
        pilkada = pemilihan_add(
            world.versi,
            kode="pilkada-2024",
            nama="Pilkada",
            jenis="pilkada",
            hari=dt.date(2024, 11, 27),
        )
        tps = tps_create(pilkada, world.wilayah[KEL_LUAR], 1)

        page = selectors.tps_page_get_for_actor(
            actor=world.users[Peran.KPU_RI], pemilihan=pilkada, kode=tps.kode
        )

        assert [j for j, _label in page.kontestasi] == ["gubernur", "walikota"]

    @pytest.mark.parametrize("kode", [TPS_A2, TPS_B1, "3303012001099", "123"])
    def test_kpps_cannot_open_other_tps(self, world: World, kode):
        with pytest.raises(NotAccessible):
            selectors.tps_page_get_for_actor(
                actor=world.users[Peran.KPPS_KETUA], pemilihan=world.pemilihan, kode=kode
            )


class TestDashboardCards:
    def test_region_role_card_carries_rollup_counts(self, world: World, django_assert_num_queries):
        actor = world.users[Peran.PPK]

        # assignments, region names, rollup rows, whether any DPT is synthetic, and (the
        # world has one, TPS A2) whether this region holds it
        with django_assert_num_queries(5):
            cards = selectors.dashboard_cards_for_actor(actor=actor, pemilihan=world.pemilihan)

        (card,) = cards
        assert card.peran_label == "PPK"
        assert card.wilayah is not None
        assert card.wilayah.nama == "Kemangkon"
        assert card.wilayah.jumlah is not None
        assert (card.wilayah.jumlah.desa, card.wilayah.jumlah.tps) == (2, 3)

    def test_a_synthetic_dpt_is_marked_on_the_cards_that_count_it(self, world: World):
        kpu_ri = user_with_peran(world, Peran.KPU_RI, username="nasional")
        TPS.objects.update(dpt_sintetis=False)
        assert not any(
            c.dpt_sintetis
            for c in selectors.dashboard_cards_for_actor(actor=kpu_ri, pemilihan=world.pemilihan)
        )
        TPS.objects.filter(kode=TPS_B1).update(dpt_sintetis=True)

        (nasional,) = selectors.dashboard_cards_for_actor(actor=kpu_ri, pemilihan=world.pemilihan)
        (kpps,) = selectors.dashboard_cards_for_actor(
            actor=world.users[Peran.KPPS_KETUA], pemilihan=world.pemilihan
        )

        assert nasional.dpt_sintetis is True
        assert kpps.dpt_sintetis is False  # TPS A1 keeps its official DPT

    def test_the_home_page_marks_a_synthetic_dpt(self, world: World, client):
        TPS.objects.filter(kode=TPS_B1).update(dpt_sintetis=True)
        login(client, user_with_peran(world, Peran.KPU_RI, username="nasional"))

        body = client.get("/").content.decode()

        assert "DPT dibuat untuk demo/uji, bukan angka resmi." in body
        assert ">sintetis</span>" in body

    def test_tps_role_card_shows_its_tps(self, world: World):
        (card,) = selectors.dashboard_cards_for_actor(
            actor=world.users[Peran.KPPS_KETUA], pemilihan=world.pemilihan
        )

        assert card.tps is not None
        assert (card.tps.kode, card.tps.dpt) == (TPS_A1, 245)
        assert card.wilayah is None

    def test_tps_assignment_of_another_election_does_not_show(self, world: World):
        pilkada = pemilihan_add(
            world.versi,
            kode="pilkada-2024",
            nama="Pilkada",
            jenis="pilkada",
            hari=dt.date(2024, 11, 27),
        )

        cards = selectors.dashboard_cards_for_actor(
            actor=world.users[Peran.SAKSI], pemilihan=pilkada
        )

        assert cards == []

    def test_one_card_per_assignment_in_constant_queries(
        self, world: World, django_assert_num_queries
    ):
        from selenggara.accounts.services import penugasan_assign

        actor = user_with_peran(world, Peran.KPU_RI, username="banyak")
        penugasan_assign(user=actor, peran="pengawas", wilayah_kode="35", actor=None)
        penugasan_assign(user=actor, peran="saksi", tps=world.tps[TPS_B1], actor=None)

        with django_assert_num_queries(6):  # + synthetic DPT: anywhere, then per region card
            cards = selectors.dashboard_cards_for_actor(actor=actor, pemilihan=world.pemilihan)

        assert [c.peran for c in cards] == ["kpu_ri", "pengawas", "saksi"]
        assert cards[0].wilayah is not None
        assert cards[0].wilayah.nama == "Indonesia"
