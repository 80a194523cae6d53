import re

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.services import api_token_create
from selenggara.portal.tests.world import (
    DESA_A,
    DESA_B,
    DPT_LUAR,
    KEL_LUAR,
    NAMA_LUAR,
    TPS_A1,
    TPS_B1,
    TPS_LUAR,
    World,
)

pytestmark = pytest.mark.django_db

P = "/api/pemilihan/pemilu-2024"


def _bearer(world: World, peran: Peran) -> dict[str, str]:
    _token, raw = api_token_create(user=world.users[peran], nama="uji", actor=None)
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/pemilihan",
        f"{P}/wilayah",
        f"{P}/wilayah/33",
        f"{P}/wilayah/{DESA_A}/tps",
        f"{P}/tps/{TPS_A1}",
    ],
)
def test_every_endpoint_needs_authentication(client: Client, world: World, url):
    response = client.get(url)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_wrong_token_is_401(client: Client, world: World):
    response = client.get("/api/pemilihan", headers={"Authorization": "Bearer sgr_palsu"})

    assert response.status_code == 401


def test_token_auth_lists_elections(client: Client, world: World):
    response = client.get("/api/pemilihan", headers=_bearer(world, Peran.PPS))

    assert response.status_code == 200
    assert response.json() == [
        {
            "kode": "pemilu-2024",
            "nama": "Pemilu 2024",
            "jenis": "pemilu",
            "hari_pemungutan": "2024-02-14",
            "batas_pemilih_per_tps": 300,
        }
    ]


def test_nation_for_kpu_ri_has_counts_of_every_provinsi(client: Client, world: World):
    body = client.get(f"{P}/wilayah", headers=_bearer(world, Peran.KPU_RI)).json()

    assert body["wilayah"]["kode"] == ""
    assert body["wilayah"]["jumlah"]["tps"] == 4
    assert [(a["kode"], a["jumlah"]["desa"]) for a in body["anak"]] == [("33", 2), ("35", 1)]


def test_pps_sees_the_way_down_without_counts(client: Client, world: World):
    headers = _bearer(world, Peran.PPS)

    nation = client.get(f"{P}/wilayah", headers=headers).json()
    kecamatan = client.get(f"{P}/wilayah/33.03.01", headers=headers).json()

    assert nation["wilayah"]["jumlah"] is None
    assert [(a["kode"], a["jumlah"]) for a in nation["anak"]] == [("33", None)]
    assert kecamatan["wilayah"]["jumlah"] is None
    assert [a["kode"] for a in kecamatan["anak"]] == [DESA_A]
    assert kecamatan["anak"][0]["jumlah"]["dpt"] == 523
    assert [i["nama"] for i in kecamatan["induk"]] == [
        "Indonesia",
        "Jawa Tengah",
        "Kabupaten Purbalingga",
    ]


def test_tps_list_and_detail_for_pps(client: Client, world: World):
    headers = _bearer(world, Peran.PPS)

    tps_list = client.get(f"{P}/wilayah/{DESA_A}/tps", headers=headers).json()
    detail = client.get(f"{P}/tps/{TPS_A1}", headers=headers).json()

    assert [(t["nomor"], t["dpt"], t["dpt_sintetis"]) for t in tps_list] == [
        (1, 245, False),
        (2, 278, True),
    ]
    assert detail["dpt_laki"] == 120
    assert detail["desa_nama"] == "Kedungbenda"
    assert [k["jenis"] for k in detail["kontestasi"]] == [
        "ppwp",
        "dpr",
        "dpd",
        "dprd_provinsi",
        "dprd_kabkota",
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"{P}/wilayah/{DESA_B}",
        f"{P}/wilayah/{DESA_B}/tps",
        f"{P}/tps/{TPS_B1}",
        f"{P}/wilayah/{KEL_LUAR}/tps",
        f"{P}/tps/{TPS_LUAR}",
        f"{P}/wilayah/33.03.01/tps",  # not a desa
        f"{P}/wilayah/bukan",
        "/api/pemilihan/tidak-ada/wilayah",
    ],
)
def test_out_of_scope_is_404_without_leaks(client: Client, world: World, url):
    response = client.get(url, headers=_bearer(world, Peran.PPS))

    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_accessible"
    assert body["detail"].endswith("tidak ditemukan.")
    text = response.content.decode()
    assert all(nama not in text for nama in (*NAMA_LUAR, "Bokol"))
    assert str(DPT_LUAR[2]) not in text


def test_kpps_tps_list_holds_only_its_tps(client: Client, world: World):
    tps_list = client.get(
        f"{P}/wilayah/{DESA_A}/tps", headers=_bearer(world, Peran.KPPS_ANGGOTA)
    ).json()

    assert [t["kode"] for t in tps_list] == [TPS_A1]


def test_session_auth_works_for_the_browser(client_as):
    response = client_as(Peran.PPS).get(f"{P}/tps/{TPS_A1}")

    assert response.status_code == 200


def test_openapi_schema_lists_the_read_endpoints(client: Client, world: World):
    schema = client.get("/api/openapi.json").json()

    assert schema["info"]["title"] == "Selenggara API"
    assert set(schema["paths"]) >= {
        "/api/pemilihan",
        "/api/pemilihan/{kode}/wilayah",
        "/api/pemilihan/{kode}/wilayah/{kode_wilayah}",
        "/api/pemilihan/{kode}/wilayah/{kode_desa}/tps",
        "/api/pemilihan/{kode}/tps/{kode_tps}",
    }
    detail = schema["paths"]["/api/pemilihan/{kode}/tps/{kode_tps}"]["get"]
    assert set(detail["responses"]) == {"200", "401", "404"}
    assert "TPSDetailOut" in schema["components"]["schemas"]


def test_docs_page_loads_nothing_from_the_internet(client: Client, world: World):
    body = client.get("/api/docs").content.decode()

    assert "swagger-ui-bundle.js" in body
    assert re.findall(r'(?:src|href)="(https?://[^"]*)"', body) == []
