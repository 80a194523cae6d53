"""Incident pages: list, mobile form with camera photos, detail, scoped photos, region summary."""

from __future__ import annotations

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, TPS_A2, World, login
from selenggara.tungsura.kejadian.services import kejadian_record
from selenggara.tungsura.models import KejadianKhusus
from selenggara.tungsura.tests.kejadian.conftest import bukan_foto, foto

BASE = f"/tungsura/kejadian/tps/{TPS_A1}/"


def _client(world: World, peran: Peran) -> Client:
    return login(Client(), world.user(peran))


def _data(**changes):
    data = {
        "jenis": "keberatan",
        "kontestasi": "ppwp",
        "kategori": "penghitungan",
        "uraian": "Saksi 02 keberatan: satu surat suara dicoblos dua kali dinyatakan sah.",
        "pengaju": "saksi",
        "nama_pengaju": "Budi Santoso",
    }
    data.update(changes)
    return data


def _add(world: World, tps: str = TPS_A1, fotos: int = 1) -> KejadianKhusus:
    return kejadian_record(
        tps=world.tps[tps],
        jenis="kejadian_khusus",
        kontestasi=None,
        kategori="bencana",
        uraian="Hujan deras, TPS dipindah ke balai desa.",
        pengaju="kpps",
        foto_list=[foto() for _ in range(fotos)],
        actor=world.user(Peran.PPS),
    )


def test_the_form_asks_for_camera_photos_and_lists_the_tps_contests(world: World):
    response = _client(world, Peran.KPPS_KETUA).get(BASE + "tambah/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'capture="environment"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "DPRD Kabupaten/Kota" in body
    assert "Seluruh TPS" in body


def test_kpps_records_an_objection_of_a_witness_with_a_photo(world: World):
    data = _data(foto=[foto(), foto(color="green")])

    response = _client(world, Peran.KPPS_KETUA).post(BASE + "tambah/", data, follow=True)

    kejadian = KejadianKhusus.objects.get()
    assert response.redirect_chain[-1] == (f"{BASE}{kejadian.pk}/", 302)
    body = response.content.decode()
    assert "Catatan kejadian disimpan." in body
    assert "Keberatan · Penghitungan suara" in body
    assert "Saksi peserta pemilu (Budi Santoso)" in body
    assert "Presiden dan Wakil Presiden" in body
    assert body.count(f"{BASE}{kejadian.pk}/foto/") == 4  # two photos: link and image each


def test_a_bad_photo_is_refused_with_its_reason_and_nothing_is_stored(world: World):
    data = _data(foto=[foto(), bukan_foto()])

    response = _client(world, Peran.KPPS_KETUA).post(BASE + "tambah/", data)

    assert response.status_code == 422
    assert "Foto 2: Berkas ini bukan foto" in response.content.decode()
    assert not KejadianKhusus.objects.exists()


def test_the_service_names_a_field_the_form_lets_through(world: World):
    response = _client(world, Peran.KPPS_KETUA).post(
        BASE + "tambah/", _data(nama_pengaju="", uraian="terlalu")
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "Uraian terlalu pendek" in body
    assert "Nama pengaju wajib" in body


def test_a_malformed_form_is_422(world: World):
    response = _client(world, Peran.KPPS_KETUA).post(BASE + "tambah/", _data(kategori="x"))

    assert response.status_code == 422
    assert not KejadianKhusus.objects.exists()


@pytest.mark.parametrize("peran", [Peran.SAKSI, Peran.PENGAWAS])
def test_read_only_roles_see_the_list_but_not_the_form(world: World, peran):
    kejadian = _add(world)
    client = _client(world, peran)

    listing = client.get(BASE)
    form = client.get(BASE + "tambah/")
    post = client.post(BASE + "tambah/", _data())

    assert listing.status_code == 200
    assert f"{BASE}{kejadian.pk}/" in listing.content.decode()
    assert "tambah/" not in listing.content.decode()
    assert (form.status_code, post.status_code) == (403, 403)
    assert KejadianKhusus.objects.count() == 1


def test_a_photo_is_served_privately_through_its_tps(world: World):
    kejadian = _add(world)
    foto_obj = kejadian.foto_set.get()

    response = _client(world, Peran.SAKSI).get(f"{BASE}{kejadian.pk}/foto/{foto_obj.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"\xff\xd8")


def test_a_record_of_another_tps_under_this_tps_code_is_404(world: World):
    other = _add(world, TPS_A2)
    client = _client(world, Peran.PPS)  # sees both TPS, but not one under the other's code

    detail = client.get(f"{BASE}{other.pk}/")
    photo = client.get(f"{BASE}{other.pk}/foto/{other.foto_set.get().pk}/")

    assert (detail.status_code, photo.status_code) == (404, 404)


def test_the_region_page_counts_per_category(world: World):
    _add(world)
    _add(world, TPS_A2, fotos=0)

    response = _client(world, Peran.PENGAWAS).get("/tungsura/kejadian/wilayah/33.03.01/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="jumlah-kejadian">2<' in body
    assert '<tr data-kategori="bencana"><td>Cuaca, bencana, listrik</td><td class="num">2<' in body
