"""The TPS overview, page photos, versions with their differences, and the witnesses' copy."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, TPS_A2, World
from selenggara.tungsura.models import CHasilFoto, CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_foto_upload, c_hasil_submit
from selenggara.tungsura.tests.views.conftest import image_bytes, sheet

pytestmark = pytest.mark.django_db
BASE = f"/tungsura/tps/{TPS_A1}/c-hasil/ppwp/"


def _submit(world: World, angka: dict[str, int], alasan: str = "") -> CHasilVersi:
    return c_hasil_submit(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        angka=angka,
        actor=world.user(Peran.KPPS_KETUA),
        sumber=Sumber.PONSEL_KPPS,
        alasan=alasan,
    ).versi


def _corrected(world: World) -> tuple[CHasilVersi, CHasilVersi]:
    v1 = _submit(world, sheet(world))
    changed = sheet(world)
    changed["calon_1"] -= 5
    changed["calon_2"] += 5
    return v1, _submit(world, changed, alasan="Suara 01 dan 02 tertukar")


# --- Overview ----------------------------------------------------------------------------------


def test_the_overview_lists_the_contests_in_ballot_order_with_their_state(world: World, client_for):
    _submit(world, sheet(world, calon_1=0))  # a flagged sheet, not confirmed

    response = client_for(Peran.KPPS_KETUA).get(f"/tungsura/tps/{TPS_A1}/")

    html = response.content.decode()
    order = [html.index(f'data-jenis="{j}"') for j in ("ppwp", "dpr", "dpd", "dprd_provinsi")]
    assert order == sorted(order)
    assert "perlu konfirmasi" in html
    assert "foto halaman 1, 2, 3 belum ada" in html
    assert f"{BASE}isi/" in html
    assert f"{BASE}salinan/" in html


def test_a_witness_sees_the_overview_without_entry_links(world: World, client_for):
    html = client_for(Peran.SAKSI).get(f"/tungsura/tps/{TPS_A1}/").content.decode()

    assert "belum dikirim" in html
    assert "/isi/" not in html


def test_a_kpps_does_not_see_another_tps(world: World, client_for):
    assert client_for(Peran.KPPS_ANGGOTA).get(f"/tungsura/tps/{TPS_A2}/").status_code == 404


# --- Photos ------------------------------------------------------------------------------------


def test_a_real_photo_is_stored_listed_and_served_only_in_scope(world: World, client_for):
    client = client_for(Peran.KPPS_ANGGOTA)
    upload = SimpleUploadedFile("IMG_0001.jpg", image_bytes(), content_type="image/jpeg")

    response = client.post(f"{BASE}foto/", {"halaman": 2, "dari": 3, "foto": upload})

    assert response.status_code == 302
    foto = CHasilFoto.objects.get()
    assert (foto.halaman, foto.dari, foto.content_type) == (2, 3, "image/jpeg")
    html = client.get(f"{BASE}foto/").content.decode()
    assert "Halaman 2 dari 3" in html
    assert "Belum ada foto halaman 1, 3." in html
    served = client.get(f"{BASE}foto/{foto.pk}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served.content == image_bytes()
    assert client_for(Peran.SAKSI).get(f"{BASE}foto/{foto.pk}/").status_code == 200
    other = f"/tungsura/tps/{TPS_A2}/c-hasil/ppwp/foto/{foto.pk}/"
    assert client_for(Peran.PPS).get(other).status_code == 404
    assert (
        client_for(Peran.PPS).get(f"/tungsura/tps/{TPS_A1}/c-hasil/dpr/foto/{foto.pk}/").status_code
        == 404
    )


def test_a_fake_jpeg_is_refused_and_nothing_is_stored(world: World, client_for):
    fake = SimpleUploadedFile("hal1.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")

    response = client_for(Peran.KPPS_KETUA).post(
        f"{BASE}foto/", {"halaman": 1, "dari": 3, "foto": fake}
    )

    assert response.status_code == 200
    assert "bukan foto JPEG, PNG atau WebP" in response.content.decode()
    assert not CHasilFoto.objects.exists()


def test_a_photo_without_page_numbers_is_refused(world: World, client_for):
    upload = SimpleUploadedFile("hal.jpg", image_bytes(), content_type="image/jpeg")

    response = client_for(Peran.KPPS_KETUA).post(f"{BASE}foto/", {"dari": 3, "foto": upload})

    assert response.status_code == 200
    assert not CHasilFoto.objects.exists()


def test_a_page_outside_the_count_is_refused_by_the_service(world: World, client_for):
    upload = SimpleUploadedFile("hal.jpg", image_bytes(), content_type="image/jpeg")

    response = client_for(Peran.KPPS_KETUA).post(
        f"{BASE}foto/", {"halaman": 4, "dari": 3, "foto": upload}
    )

    assert "Nomor halaman 4 dari 3 tidak mungkin" in response.content.decode()
    assert not CHasilFoto.objects.exists()


def test_a_witness_sees_photos_but_cannot_upload(world: World, client_for):
    client = client_for(Peran.SAKSI)
    c_hasil_foto_upload(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        halaman=1,
        dari=3,
        berkas=SimpleUploadedFile("a.jpg", image_bytes()),
        actor=world.user(Peran.KPPS_KETUA),
    )

    html = client.get(f"{BASE}foto/").content.decode()
    upload = SimpleUploadedFile("hal.jpg", image_bytes(), content_type="image/jpeg")

    assert "Halaman 1 dari 3" in html
    assert 'type="file"' not in html
    assert client.post(f"{BASE}foto/", {"halaman": 2, "dari": 3, "foto": upload}).status_code == 403


# --- Detail and versions ---------------------------------------------------------------------


def test_the_detail_says_when_nothing_was_sent(world: World, client_for):
    response = client_for(Peran.SAKSI).get(BASE)

    assert response.status_code == 200
    assert "belum dikirim" in response.content.decode()
    assert client_for(Peran.SAKSI).get(f"{BASE}versi/1/").status_code == 404


def test_the_detail_shows_the_current_version_and_every_version(world: World, client_for):
    v1, v2 = _corrected(world)

    html = client_for(Peran.PPK).get(BASE).content.decode()

    assert 'data-kunci="calon_1"' in html
    assert f'<data class="nilai" value="{sheet(world)["calon_1"] - 5}"' in html
    assert "Suara 01 dan 02 tertukar" in html
    assert v1.digest[:8] in html
    assert v2.digest in html
    assert "Petugas kpps_ketua" in html  # the author, visible inside the scope
    assert 'id="perubahan"' not in html


def test_a_version_shows_its_difference_from_the_previous_one(world: World, client_for):
    _corrected(world)
    before = sheet(world)

    html = client_for(Peran.SAKSI).get(f"{BASE}versi/2/").content.decode()

    assert "Perubahan dari versi 1 ke versi 2" in html
    assert f"<del>{before['calon_1']}</del> → <ins>{before['calon_1'] - 5}</ins>" in html
    assert f"<del>{before['calon_2']}</del> → <ins>{before['calon_2'] + 5}</ins>" in html
    assert html.count('<li data-kunci="') == 2
    assert "sebelumnya" in html


def test_version_1_says_it_was_corrected(world: World, client_for):
    _corrected(world)

    html = client_for(Peran.SAKSI).get(f"{BASE}versi/1/").content.decode()

    assert "sudah dikoreksi" in html
    assert 'id="perubahan"' not in html


def test_a_flagged_version_lists_its_findings_and_what_is_unconfirmed(world: World, client_for):
    _submit(world, sheet(world, calon_1=0))

    html = client_for(Peran.PPS).get(BASE).content.decode()

    assert "suara_sah_tidak_sesuai" in html
    assert "belum dikonfirmasi dengan kertas" in html
    assert "ditandai, belum dikonfirmasi" in html


# --- The witnesses' copy --------------------------------------------------------------------


def test_the_salinan_shows_the_digest_in_groups_a_qr_code_and_the_canonical_text(
    world: World, client_for
):
    versi = _submit(world, sheet(world))

    response = client_for(Peran.SAKSI).get(f"{BASE}salinan/")

    html = response.content.decode()
    assert response.status_code == 200
    groups = [versi.digest[i : i + 8] for i in range(0, 64, 8)]
    assert "".join(f'<span class="grup">{g}</span> ' for g in groups).strip() in html
    assert "<svg" in html
    assert 'class="segno"' in html
    assert f"http://testserver/verifikasi/{versi.digest}/" in html
    assert versi.teks_kanonik.replace('"', "&quot;") in html
    assert hashlib.sha256(versi.teks_kanonik.encode()).hexdigest() == versi.digest
    assert "sha256sum" in html


def test_a_salinan_before_any_submission_is_not_found(world: World, client_for):
    assert client_for(Peran.SAKSI).get(f"{BASE}salinan/").status_code == 404


def test_the_salinan_of_an_old_version_says_it_was_corrected(world: World, client_for):
    v1, _v2 = _corrected(world)

    html = client_for(Peran.KPPS_KETUA).get(f"{BASE}versi/1/salinan/").content.decode()

    assert v1.digest[:8] in html
    assert "sudah dikoreksi" in html


def test_without_any_election_the_overview_is_not_found(client_for, world: World, monkeypatch):
    client = client_for(Peran.KPU_RI)
    monkeypatch.setattr(
        "selenggara.tungsura.views.pemilihan_from_request", lambda request, **kwargs: None
    )

    assert client.get(f"/tungsura/tps/{TPS_A1}/").status_code == 404


@pytest.mark.parametrize(
    ("nilai", "digit"),
    [(None, [" ", " ", " "]), (7, [" ", " ", "7"]), (1234, ["1", "2", "3", "4"])],
)
def test_a_number_is_shown_in_three_digit_boxes_or_more(nilai, digit):
    from selenggara.tungsura.forms import Kotak

    assert Kotak(kunci="calon_1", label="", nilai=nilai).digit == digit
