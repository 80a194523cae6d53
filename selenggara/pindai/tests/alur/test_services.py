"""pindai's services: what is read, what waits, what becomes a version, what is refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import InvalidInput, PermissionDenied
from selenggara.core.models import AuditLog
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.pindai.services import (
    lembar_kirim,
    pembacaan_baca,
    pembacaan_konfirmasi,
    tinjauan_putuskan,
    versi_pembaca,
)
from selenggara.pindai.tests.alur.conftest import SHEET, Upload, photo
from selenggara.portal.tests.world import TPS_A1, World
from selenggara.tungsura.models import CHasilVersi
from selenggara.tungsura.services import c_hasil_foto_kirim


def test_a_photo_of_a_contest_without_a_layout_gets_no_reading(
    world: World, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        c_hasil_foto_kirim(
            tps=world.tps[TPS_A1],
            jenis="dpr",
            halaman=1,
            dari=2,
            berkas=SimpleUploadedFile("h.jpg", photo("hal2.jpg")),
            actor=world.user(Peran.KPPS_KETUA),
        )

    assert not Pembacaan.objects.exists()


def test_the_same_photo_again_is_not_read_twice(world: World, upload: Upload):
    first = upload("hal2.jpg", 2)
    again = upload("hal2.jpg", 2)

    assert first.pk == again.pk
    assert Pembacaan.objects.count() == 1


def test_a_reading_is_done_once_and_audited_with_the_readers_version(world: World, upload: Upload):
    upload("hal2.jpg", 2)
    pembacaan = Pembacaan.objects.get()

    assert pembacaan_baca(pembacaan_id=pembacaan.pk).dibaca_pada == pembacaan.dibaca_pada
    entry = AuditLog.objects.get(action="pindai.baca")
    assert entry.after is not None
    assert entry.after["versi_pembaca"] == versi_pembaca()
    assert entry.wilayah_kode == "33.03.01.2001"


def test_a_page_in_review_lists_each_uncertain_number_once(world: World, upload: Upload):
    upload("beda.jpg", 2)
    pembacaan = Pembacaan.objects.get()

    assert pembacaan.status == Pembacaan.Status.TINJAU
    assert [t.kunci for t in pembacaan.tinjauan_set.all()] == ["calon_1"]
    assert pembacaan.terdaftar  # the registered page, for the crops
    # Stored as causes, not as text in whoever's language read it.
    assert {"sebab": "digit_bulatan_beda", "rincian": "ratusan", "kunci": "calon_1"} in (
        pembacaan.alasan
    )
    assert {"sebab": "digit_bulatan_beda", "rincian": "ratusan", "kunci": ""} in [
        {**a, "kunci": ""} for a in pembacaan.angka["calon_1"]["alasan"]
    ]


def test_a_refused_photo_creates_no_review_items(world: World, upload: Upload):
    upload("buram.jpg", 2)

    assert Pembacaan.objects.get().penolakan == "buram"
    assert not TinjauanAngka.objects.exists()


def test_a_page_still_waiting_cannot_be_confirmed(world: World, upload: Upload):
    upload("hal2.jpg", 2)
    Pembacaan.objects.update(status=Pembacaan.Status.MENUNGGU)

    with pytest.raises(InvalidInput):
        pembacaan_konfirmasi(pembacaan=Pembacaan.objects.get(), actor=world.user(Peran.KPPS_KETUA))


def test_a_number_not_read_at_all_cannot_be_confirmed_and_is_named(world: World, upload: Upload):
    upload("beda.jpg", 2)
    pembacaan = Pembacaan.objects.get()
    pembacaan.angka["calon_1"]["nilai"] = None
    pembacaan.save(update_fields=["angka"])

    with pytest.raises(InvalidInput) as exc:
        pembacaan_konfirmasi(pembacaan=pembacaan, actor=world.user(Peran.KPPS_KETUA))

    assert [e.field for e in exc.value.errors] == ["calon_1"]
    assert TinjauanAngka.objects.get().selesai is False


def test_a_read_only_role_cannot_confirm(world: World, upload: Upload):
    upload("beda.jpg", 2)

    with pytest.raises(PermissionDenied):
        pembacaan_konfirmasi(pembacaan=Pembacaan.objects.get(), actor=world.user(Peran.SAKSI))


@pytest.mark.parametrize("nilai", ["", "abc", "-1", "1000", None])
def test_a_typed_number_must_fit_the_three_boxes(world: World, upload: Upload, nilai):
    upload("beda.jpg", 2)

    with pytest.raises(InvalidInput):
        tinjauan_putuskan(
            tinjauan=TinjauanAngka.objects.get(),
            nilai=nilai,
            cara=TinjauanAngka.Cara.KETIK,
            actor=world.user(Peran.PPS),
        )

    assert not AuditLog.objects.filter(action="pindai.tinjau").exists()


def test_resolving_the_last_item_makes_the_version_once_every_page_is_decided(
    world: World, upload: Upload
):
    upload("beda.jpg", 2)
    upload("hal3.jpg", 3)
    item = TinjauanAngka.objects.get()
    pps = world.user(Peran.PPS)
    tinjauan_putuskan(tinjauan=item, nilai=120, cara=TinjauanAngka.Cara.PILIH, actor=pps)
    assert not CHasilVersi.objects.exists()  # page 1 is missing

    upload("hal1.jpg", 1)
    for open_item in TinjauanAngka.objects.filter(selesai=False):
        tinjauan_putuskan(
            tinjauan=open_item,
            nilai=SHEET[open_item.kunci],
            cara=TinjauanAngka.Cara.KETIK,
            actor=pps,
        )

    versi = CHasilVersi.objects.get()
    assert versi.suara["calon_1"] == 120
    assert versi.dibuat_oleh == pps
    assert set(Pembacaan.objects.values_list("versi", flat=True)) == {versi.pk}


def test_without_an_actor_no_version_is_made(world: World, upload: Upload):
    foto = upload("hal3.jpg", 3)

    assert lembar_kirim(c_hasil_id=foto.c_hasil_id, actor=None) is None
