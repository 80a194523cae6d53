"""The KPPS's page of photos read, its confirmation, and the review queue of the PPS."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.pindai.tests.alur.conftest import SHEET, Upload, photo
from selenggara.portal.tests.world import TPS_A1, World, login
from selenggara.tungsura.models import CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit

PAGE = f"/pindai/tps/{TPS_A1}/c-hasil/ppwp/"


def _client(world: World, peran: Peran) -> Client:
    return login(Client(), world.user(peran))


def test_the_kpps_uploads_a_page_and_sees_the_numbers_read_beside_it(
    world: World, django_capture_on_commit_callbacks
):
    client = _client(world, Peran.KPPS_KETUA)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PAGE,
            {"halaman": "2", "dari": "3", "foto": SimpleUploadedFile("h.jpg", photo("hal2.jpg"))},
        )
    assert response.status_code == 302

    page = client.get(PAGE).content.decode()

    assert 'data-status="otomatis"' in page or 'data-status="tinjau"' in page
    assert ">120<" in page  # calon_1, read beside the photo
    assert f"/tungsura/tps/{TPS_A1}/c-hasil/ppwp/foto/" in page  # the photo itself


def test_a_refused_photo_says_why_and_offers_the_page_again(world: World, upload: Upload):
    upload("buram.jpg", 2)

    page = _client(world, Peran.KPPS_KETUA).get(PAGE).content.decode()

    assert "terlalu buram" in page
    assert "Foto ulang halaman ini." in page
    assert 'name="halaman" value="1"' in page  # nothing read yet: page 1 is proposed


def test_an_upload_that_is_not_an_image_is_refused_on_the_page(world: World):
    client = _client(world, Peran.KPPS_KETUA)

    response = client.post(
        PAGE, {"halaman": "2", "dari": "3", "foto": SimpleUploadedFile("h.jpg", b"teks")}
    )

    assert response.status_code == 422
    assert not Pembacaan.objects.exists()


def test_the_kpps_confirms_a_page_in_one_action_and_the_version_is_made(
    world: World, upload: Upload
):
    upload("hal2.jpg", 2)
    upload("hal3.jpg", 3)
    upload("hal1.jpg", 1)
    pembacaan = Pembacaan.objects.get(halaman=1)
    assert pembacaan.status == Pembacaan.Status.TINJAU
    # Numbers the reader could not read at all cannot be confirmed: give them the paper's.
    for item in pembacaan.tinjauan_set.all():
        pembacaan.angka[item.kunci]["nilai"] = SHEET[item.kunci]
    pembacaan.save(update_fields=["angka"])

    response = _client(world, Peran.KPPS_KETUA).post(
        f"{PAGE}bacaan/{pembacaan.pk}/konfirmasi/", {"versi_dasar": "0"}, follow=True
    )

    assert "C.Hasil versi 1 tercatat" in response.content.decode()
    versi = CHasilVersi.objects.get()
    assert versi.sumber == Sumber.PINDAI
    assert versi.pengguna_total_j == SHEET["pengguna_total_j"]
    assert set(pembacaan.tinjauan_set.values_list("cara", flat=True)) == {"konfirmasi_kpps"}
    assert AuditLog.objects.filter(action="pindai.konfirmasi").count() == 1


def test_a_version_typed_meanwhile_is_shown_as_a_conflict(world: World, upload: Upload):
    upload("hal2.jpg", 2)
    upload("hal3.jpg", 3)
    upload("hal1.jpg", 1)
    pembacaan = Pembacaan.objects.get(halaman=1)
    for item in pembacaan.tinjauan_set.all():
        pembacaan.angka[item.kunci]["nilai"] = SHEET[item.kunci]
    pembacaan.save(update_fields=["angka"])
    typed = {**SHEET, "suara_tidak_sah": 7, "suara_sah": 221, "calon_3": 37}
    c_hasil_submit(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        angka=typed,
        actor=world.user(Peran.KPPS_ANGGOTA),
        sumber=Sumber.PONSEL_KPPS,
    )

    response = _client(world, Peran.KPPS_KETUA).post(
        f"{PAGE}bacaan/{pembacaan.pk}/konfirmasi/", {"versi_dasar": "0"}, follow=True
    )

    page = response.content.decode()
    assert "sudah diubah menjadi versi 1" in page
    assert CHasilVersi.objects.count() == 1


def test_a_pps_picks_a_candidate_and_types_a_number_and_each_decision_is_audited(
    world: World, upload: Upload
):
    upload("beda.jpg", 2)
    item = TinjauanAngka.objects.get()
    client = _client(world, Peran.PPS)

    queue = client.get("/pindai/tinjau/").content.decode()
    assert f"/pindai/tinjau/{item.pk}/" in queue
    page = client.get(f"/pindai/tinjau/{item.pk}/").content.decode()
    assert "digit dan bulatan tidak cocok" in page
    assert f"/pindai/tinjau/{item.pk}/potongan.png" in page
    crop = client.get(f"/pindai/tinjau/{item.pk}/potongan.png")
    assert crop["Content-Type"] == "image/png"
    assert crop.content.startswith(b"\x89PNG")

    refused = client.post(f"/pindai/tinjau/{item.pk}/", {"ketik": "1200"})
    assert refused.status_code == 422
    response = client.post(f"/pindai/tinjau/{item.pk}/", {"ketik": "120", "alasan": "kertas"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.selesai, item.nilai, item.cara) == (True, 120, "ketik")
    entry = AuditLog.objects.get(action="pindai.tinjau")
    assert entry.reason == "kertas"
    assert entry.after == {"kunci": "calon_1", "nilai": 120, "cara": "ketik"}
    again = client.post(f"/pindai/tinjau/{item.pk}/", {"pilih": "310"})
    assert again.status_code == 422
    assert "sudah diputuskan" in again.content.decode()


def test_picking_a_candidate_records_how(world: World, upload: Upload):
    upload("beda.jpg", 2)
    item = TinjauanAngka.objects.get()
    kandidat = [k[0] for k in item.pembacaan.angka["calon_1"]["kandidat"] if k[0] is not None]

    _client(world, Peran.PPK).post(f"/pindai/tinjau/{item.pk}/", {"pilih": str(kandidat[0])})

    item.refresh_from_db()
    assert (item.nilai, item.cara) == (kandidat[0], "pilih")


@pytest.mark.parametrize("peran", [Peran.KPPS_KETUA, Peran.PENGAWAS, Peran.SAKSI])
def test_roles_that_do_not_review_see_no_queue_and_no_item(world: World, upload: Upload, peran):
    upload("beda.jpg", 2)
    item = TinjauanAngka.objects.get()
    client = _client(world, peran)

    assert f"/pindai/tinjau/{item.pk}/" not in client.get("/pindai/tinjau/").content.decode()
    assert client.get(f"/pindai/tinjau/{item.pk}/").status_code == 404
    assert client.get(f"/pindai/tinjau/{item.pk}/potongan.png").status_code == 404
    assert client.post(f"/pindai/tinjau/{item.pk}/", {"ketik": "1"}).status_code == 404
