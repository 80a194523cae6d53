"""Logistics pages: region table and totals, the PDF, the sealed boxes of a TPS."""

from __future__ import annotations

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import DESA_A, TPS_A1, World, login
from selenggara.tungsura.models import KotakSuara

KOTAK_URL = f"/tungsura/logistik/tps/{TPS_A1}/kotak/"


def _client(world: World, peran: Peran) -> Client:
    return login(Client(), world.user(peran))


def _post(client: Client, **changes):
    data = {
        "jenis": "ppwp",
        "nomor_segel": "PPWP-001",
        "kondisi_segel": "utuh",
        "surat_suara_diterima": "250",
        "diterima_pada": "2024-02-13T16:30",
        "catatan": "",
    }
    data.update(changes)
    return client.post(KOTAK_URL, data, follow=True)


def test_the_kecamatan_page_lists_tps_with_totals(world: World):
    response = _client(world, Peran.PPK).get("/tungsura/logistik/33.03.01/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Kedungbenda · TPS 001" in body
    assert "Bokol · TPS 001" in body
    assert ">738<" in body  # ballots per contest in the kecamatan
    assert "distribusi.pdf" in body


def test_the_kabkota_page_is_a_summary_without_pdf(world: World):
    response = _client(world, Peran.KPU_KABKOTA).get("/tungsura/logistik/33.03/")

    body = response.content.decode()
    assert "Kemangkon" in body
    assert ">723<" in body
    assert "distribusi.pdf" not in body


def test_the_pdf_is_served_for_a_desa_and_refused_above_the_kecamatan(world: World):
    client = _client(world, Peran.KPU_KABKOTA)

    response = client.get(f"/tungsura/logistik/{DESA_A}/distribusi.pdf")
    above = client.get("/tungsura/logistik/33.03/distribusi.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert above.status_code == 404


def test_kpps_records_its_box_and_sees_a_short_count_flagged(world: World):
    response = _post(_client(world, Peran.KPPS_ANGGOTA), surat_suara_diterima="240")

    assert response.redirect_chain[-1] == (KOTAK_URL, 302)
    body = response.content.decode()
    assert "Kotak suara Presiden dan Wakil Presiden dicatat." in body
    assert "diterima 240, alokasi 250" in body
    assert "berbeda dari alokasi" in body
    assert KotakSuara.objects.get().surat_suara_diterima == 240


def test_a_broken_seal_is_flagged_on_the_page(world: World):
    response = _post(_client(world, Peran.KPPS_KETUA), kondisi_segel="rusak")

    body = response.content.decode()
    assert "Segel kotak suara Presiden dan Wakil Presiden rusak." in body
    assert "Segel rusak atau terbuka" in body


def test_a_malformed_form_is_422_and_stores_nothing(world: World):
    response = _post(_client(world, Peran.KPPS_KETUA), surat_suara_diterima="banyak")

    assert response.status_code == 422
    assert not KotakSuara.objects.exists()


def test_a_refusal_of_the_service_is_shown(world: World):
    response = _post(_client(world, Peran.KPPS_KETUA), jenis="gubernur")

    assert response.status_code == 422
    assert "tidak memberikan suara untuk kontestasi itu" in response.content.decode()


@pytest.mark.parametrize("peran", [Peran.SAKSI, Peran.PENGAWAS])
def test_read_only_roles_see_the_boxes_without_forms_and_cannot_post(world: World, peran):
    _post(_client(world, Peran.KPPS_KETUA))
    client = _client(world, peran)

    page = client.get(KOTAK_URL)
    refused = _post(client, nomor_segel="LAIN")

    assert page.status_code == 200
    assert "PPWP-001" in page.content.decode()
    assert "Catat ulang" not in page.content.decode()
    assert refused.status_code == 403
    assert KotakSuara.objects.get().nomor_segel == "PPWP-001"


@pytest.mark.parametrize(
    ("peran", "target"),
    [
        (Peran.PPK, "/tungsura/logistik/33.03.01/"),
        (Peran.PPS, f"/tungsura/logistik/{DESA_A}/"),
        (Peran.KPPS_KETUA, KOTAK_URL),
    ],
)
def test_the_start_sends_each_role_to_its_place(world: World, peran, target):
    response = _client(world, peran).get("/tungsura/logistik/")

    assert response.status_code == 302
    assert response["Location"] == target


def test_the_start_lists_provinces_for_kpu_ri(world: World):
    response = _client(world, Peran.KPU_RI).get("/tungsura/logistik/")

    assert response.status_code == 200
    assert "/tungsura/logistik/33/" in response.content.decode()


def test_an_account_without_assignment_gets_an_empty_start_page(world: World):
    from selenggara.accounts.services import user_create

    user = user_create(
        username="tanpa_tugas",
        nama="Tanpa",
        password="x",
        actor=None,
        enforce_password_policy=False,
    )

    response = login(Client(), user).get("/tungsura/logistik/")

    assert response.status_code == 200
    assert "Tidak ada wilayah atau TPS" in response.content.decode()


def test_without_any_election_the_region_page_is_404(world: World, monkeypatch):
    monkeypatch.setattr(
        "selenggara.tungsura.logistik.views.pemilihan_from_request", lambda request: None
    )

    response = _client(world, Peran.PPK).get("/tungsura/logistik/33.03.01/")

    assert response.status_code == 404


@pytest.mark.parametrize("peran", [Peran.KPPS_KETUA, Peran.SAKSI])
def test_tps_roles_see_no_region_counts_not_even_of_their_desa(world: World, peran):
    client = _client(world, peran)

    assert client.get(f"/tungsura/logistik/{DESA_A}/").status_code == 404
    assert client.get(f"/tungsura/kejadian/wilayah/{DESA_A}/").status_code == 404
