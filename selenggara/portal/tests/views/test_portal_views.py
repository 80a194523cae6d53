import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from selenggara.accounts.domain.peran import Peran
from selenggara.pemilihan.web import SESSION_PEMILIHAN
from selenggara.portal.tests.world import (
    DESA_A,
    DESA_B,
    DPT_LUAR,
    NAMA_LUAR,
    TPS_A1,
    TPS_A2,
    TPS_B1,
    TPS_LUAR,
    World,
    pemilihan_add,
)

pytestmark = pytest.mark.django_db


def _without_tokens(response, kode: str) -> str:
    """Return the body without its CSRF tokens and the requested code (both differ per request)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return body.replace(kode, "KODE")


@pytest.mark.parametrize(
    "url", ["/", "/wilayah/", f"/wilayah/{DESA_A}/", f"/tps/{TPS_A1}/"], ids=str
)
def test_pages_require_login(client: Client, world: World, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


class TestDashboard:
    def test_pps_card_shows_its_desa_counts_and_links_into_the_browser(self, client_as):
        response = client_as(Peran.PPS).get(reverse("portal:dashboard"))

        assert response.status_code == 200
        body = response.content.decode()
        assert "Kedungbenda" in body
        assert "523" in body  # DPT of desa A
        assert reverse("portal:wilayah", args=[DESA_A]) in body

    def test_kpps_card_shows_its_tps(self, client_as):
        body = client_as(Peran.KPPS_KETUA).get("/").content.decode()

        assert "Ketua KPPS" in body
        assert "Balai Desa Kedungbenda" in body
        assert reverse("portal:tps", args=[TPS_A1]) in body

    def test_shell_shows_user_role_language_switch_and_logout(self, client_as):
        body = client_as(Peran.PPS).get("/").content.decode()

        assert '<html lang="id">' in body
        assert 'name="viewport"' in body
        assert "Petugas pps" in body
        assert 'action="/i18n/setlang/"' in body
        assert f'action="{reverse("accounts:logout")}" method="post"' in body
        assert "vendor/htmx.min.js" in body
        assert "http://" not in body.replace('xmlns="http://', "")
        assert "https://" not in body

    def test_election_is_switchable_and_remembered(self, client_as, world: World):
        pemilihan_add(
            world.versi,
            kode="pilkada-2024",
            nama="Pilkada 2024",
            jenis="pilkada",
            hari=dt.date(2024, 11, 27),
        )
        client = client_as(Peran.PPK)

        first = client.get("/")
        switched = client.get("/?pemilihan=pemilu-2024")
        later = client.get(reverse("portal:wilayah", args=["33.03.01"]))

        assert first.context["pemilihan"].kode == "pilkada-2024"
        assert switched.context["pemilihan"].kode == "pemilu-2024"
        assert client.session[SESSION_PEMILIHAN] == "pemilu-2024"
        assert later.context["pemilihan"].kode == "pemilu-2024"

    def test_a_link_to_an_unknown_election_is_not_found(self, client_as, world: World):
        client = client_as(Peran.PPK)

        assert client.get("/?pemilihan=tidak-ada").status_code == 404
        assert client.get("/pembentukan/penetapan/progres/?pemilihan=tidak-ada").status_code == 404

    def test_no_assignment_says_so(self, client: Client, world: World):
        from selenggara.accounts.services import user_create

        user = user_create(
            username="kosong",
            nama="Kosong",
            password="x",
            actor=None,
            enforce_password_policy=False,
        )
        client.force_login(user)

        assert "belum memiliki penugasan" in client.get("/").content.decode()


class TestWilayahBrowser:
    @pytest.mark.parametrize(
        ("peran", "target"),
        [
            (Peran.PPS, reverse("portal:wilayah", args=[DESA_A])),
            (Peran.PPK, reverse("portal:wilayah", args=["33.03.01"])),
            (Peran.KPPS_ANGGOTA, reverse("portal:tps", args=[TPS_A1])),
        ],
    )
    def test_root_redirects_a_regional_actor_to_its_own_node(self, client_as, peran, target):
        response = client_as(peran).get(reverse("portal:wilayah"))

        assert response.status_code == 302
        assert response["Location"] == target

    def test_kpu_ri_starts_at_the_nation(self, client_as):
        response = client_as(Peran.KPU_RI).get(reverse("portal:wilayah"))

        assert response.status_code == 200
        body = response.content.decode()
        assert "Jawa Tengah" in body
        assert NAMA_LUAR[0] in body
        assert "Jumlah" in body

    def test_drill_down_labels_kabupaten_and_kota_from_the_code(self, client_as):
        client = client_as(Peran.KPU_RI)

        provinsi = client.get(reverse("portal:wilayah", args=["33"])).content.decode()
        luar = client.get(reverse("portal:wilayah", args=["35"])).content.decode()

        assert '<span class="jenis">Kabupaten</span>' in provinsi
        assert '<span class="jenis">Kota</span>' in luar

    def test_desa_lists_tps_with_dpt_and_sintetis_badge(self, client_as):
        body = client_as(Peran.PPS).get(reverse("portal:wilayah", args=[DESA_A])).content.decode()

        assert "SD Negeri 1 Kedungbenda" in body
        assert ">140<" in body
        assert ">138<" in body
        assert ">278<" in body
        assert 'class="badge"' in body
        assert ">523<" in body  # totals row

    def test_pps_gets_404_for_the_other_desa_and_its_tps(self, client_as):
        client = client_as(Peran.PPS)

        desa_b = client.get(reverse("portal:wilayah", args=[DESA_B]))
        tps_b = client.get(reverse("portal:tps", args=[TPS_B1]))

        assert desa_b.status_code == 404
        assert tps_b.status_code == 404
        assert "Bokol" not in desa_b.content.decode()
        assert "Balai Desa Bokol" not in tps_b.content.decode()

    def test_pps_sees_no_counts_of_its_kecamatan(self, client_as):
        response = client_as(Peran.PPS).get(reverse("portal:wilayah", args=["33.03.01"]))

        body = response.content.decode()
        assert response.status_code == 200
        assert "Kedungbenda" in body
        assert "Bokol" not in body
        assert "<tfoot>" not in body
        assert ">723<" not in body  # kecamatan DPT total

    def test_kpps_sees_only_its_tps(self, client_as):
        client = client_as(Peran.KPPS_KETUA)

        desa = client.get(reverse("portal:wilayah", args=[DESA_A])).content.decode()
        other = client.get(reverse("portal:tps", args=[TPS_A2]))

        assert TPS_A1 in desa
        assert TPS_A2 not in desa
        assert other.status_code == 404

    def test_pengawas_reads_its_kabupaten(self, client_as):
        client = client_as(Peran.PENGAWAS)

        assert client.get(reverse("portal:wilayah", args=["33.03"])).status_code == 200
        assert client.get(reverse("portal:tps", args=[TPS_B1])).status_code == 200
        assert client.get(reverse("portal:tps", args=[TPS_LUAR])).status_code == 404

    def test_tps_detail_shows_dpt_and_ballots(self, client_as):
        body = client_as(Peran.SAKSI).get(reverse("portal:tps", args=[TPS_A1])).content.decode()

        assert "Balai Desa Kedungbenda" in body
        assert ">245<" in body
        assert "Presiden dan Wakil Presiden" in body
        assert "DPRD Kabupaten/Kota" in body

    def test_not_found_and_forbidden_look_the_same(self, client_as):
        client = client_as(Peran.KPU_KABKOTA)

        unknown = client.get(reverse("portal:tps", args=["3303019999001"]))
        foreign = client.get(reverse("portal:tps", args=[TPS_LUAR]))

        assert unknown.status_code == foreign.status_code == 404
        assert _without_tokens(unknown, "3303019999001") == _without_tokens(foreign, TPS_LUAR)
        assert NAMA_LUAR[4] not in foreign.content.decode()
        assert str(DPT_LUAR[2]) not in foreign.content.decode()

    def test_htmx_boost_request_gets_the_page(self, client_as):
        response = client_as(Peran.PPS).get(
            reverse("portal:wilayah", args=[DESA_A]),
            headers={"HX-Request": "true", "HX-Boosted": "true"},
        )

        assert response.status_code == 200
        assert "Kedungbenda" in response.content.decode()


def test_english_translation_on_the_dashboard(client_as):
    client = client_as(Peran.PPS)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()

    assert response.status_code == 302
    assert '<html lang="en">' in body
    assert "Home" in body
    assert "Log out" in body
    assert "Beranda" not in body
