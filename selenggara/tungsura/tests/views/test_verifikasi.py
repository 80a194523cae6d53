"""The public verification of a witness's digest: current or corrected, and no personal data."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.models import CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.tungsura.tests.views.conftest import sheet

pytestmark = pytest.mark.django_db


def _submit(world: World, angka: dict[str, int], alasan: str = "") -> CHasilVersi:
    return c_hasil_submit(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        angka=angka,
        actor=world.user(Peran.KPPS_KETUA),
        sumber=Sumber.PONSEL_KPPS,
        alasan=alasan,
    ).versi


def _personal(world: World) -> list[str]:
    user = world.user(Peran.KPPS_KETUA)
    return [user.username, user.nama]


def test_the_search_form_is_public(world: World):
    response = Client().get("/verifikasi/")

    assert response.status_code == 200
    assert 'name="digest"' in response.content.decode()


def test_a_typed_digest_in_groups_and_capitals_leads_to_its_page(world: World):
    versi = _submit(world, sheet(world))
    typed = " ".join(versi.digest[i : i + 8].upper() for i in range(0, 64, 8))

    response = Client().get("/verifikasi/", {"digest": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/verifikasi/{versi.digest}/"


@pytest.mark.parametrize("typed", ["", "abc", "g" * 64])
def test_something_that_is_not_a_digest_is_said_so(world: World, typed):
    response = Client().get("/verifikasi/", {"digest": typed})

    assert response.status_code == 400
    assert response.content.decode().count('class="pesan-galat"') == 1


def test_a_digest_in_another_spelling_redirects_to_the_canonical_page(world: World):
    versi = _submit(world, sheet(world))

    response = Client().get(f"/verifikasi/{versi.digest.upper()}/")

    assert response.status_code == 302
    assert response["Location"] == f"/verifikasi/{versi.digest}/"


def test_the_current_digest_shows_the_tps_the_numbers_and_that_it_is_current(world: World):
    angka = sheet(world)
    versi = _submit(world, angka)

    response = Client().get(f"/verifikasi/{versi.digest}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "ini versi terkini" in html
    for text in ("Pemilu 2024", "Kedungbenda", "Kemangkon", "TPS 001", TPS_A1, "Nasional"):
        assert text in html
    assert "Presiden dan Wakil Presiden" in html
    assert "Anies Rasyid Baswedan" in html  # candidate names are public
    assert f'<data class="nilai" value="{angka["calon_1"]}"' in html
    assert "operator KPPS" in html
    assert "1 dari 1" in html
    assert not [text for text in _personal(world) if text in html]


def test_a_superseded_digest_says_it_was_corrected_and_shows_the_current_one(world: World):
    v1 = _submit(world, sheet(world))
    changed = sheet(world)
    changed["calon_1"] -= 2
    changed["calon_3"] += 2
    v2 = _submit(world, changed, alasan="Salah salin baris 3")

    html = Client().get(f"/verifikasi/{v1.digest}/").content.decode()

    assert "Angka ini telah dikoreksi menjadi versi 2 pada" in html
    assert "Salah salin baris 3" in html
    assert f"/verifikasi/{v2.digest}/" in html
    assert "ini versi terkini" not in html
    assert "1 dari 2" in html
    assert not [text for text in _personal(world) if text in html]
    assert "ini versi terkini" in Client().get(f"/verifikasi/{v2.digest}/").content.decode()


def test_an_unknown_digest_is_a_clear_404(world: World):
    _submit(world, sheet(world))

    response = Client().get(f"/verifikasi/{'0' * 64}/")

    assert response.status_code == 404
    assert "Digest tidak ditemukan" in response.content.decode()
    assert Client().get("/verifikasi/bukan-digest/").status_code == 404


def test_the_canonical_text_hashes_to_the_digest(world: World):
    versi = _submit(world, sheet(world))

    response = Client().get(f"/verifikasi/{versi.digest}/teks.txt")

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == versi.digest
    assert Client().get(f"/verifikasi/{'0' * 64}/teks.txt").status_code == 404


def test_the_public_page_creates_no_session(world: World):
    versi = _submit(world, sheet(world))
    client = Client()

    client.get(f"/verifikasi/{versi.digest}/")

    assert "sessionid" not in client.cookies
