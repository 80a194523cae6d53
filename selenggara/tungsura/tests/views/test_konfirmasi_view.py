"""Confirming, on the web, flagged fields a mobile app left unconfirmed."""

from __future__ import annotations

import pytest
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, World, login
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build

URL = f"/tungsura/tps/{TPS_A1}/c-hasil/ppwp/"


@pytest.fixture
def world(db) -> World:
    world = tungsura_world_build()
    tps = world.tps[TPS_A1]
    lembar = lembar_for_tps(tps=tps, jenis="ppwp")
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    angka["suara_tidak_sah"] += 1  # V.A + V.B != V.C: three fields flagged
    c_hasil_submit(
        tps=tps, jenis="ppwp", angka=angka, actor=world.user(Peran.KPPS_KETUA), sumber=Sumber.API
    )
    return world


def test_the_detail_page_offers_each_unconfirmed_field(world: World):
    client = login(Client(), world.user(Peran.PPS))

    body = client.get(URL).content.decode()

    assert 'id="konfirmasi"' in body
    assert body.count('name="konfirmasi"') == 3


def test_a_read_only_role_gets_no_form_and_a_403(world: World):
    client = login(Client(), world.user(Peran.SAKSI))

    assert 'id="konfirmasi"' not in client.get(URL).content.decode()
    assert (
        client.post(URL + "konfirmasi/", {"versi": 1, "konfirmasi": ["suara_sah"]}).status_code
        == 403
    )


def test_confirming_every_field_marks_the_version_confirmed_and_audits_it(world: World):
    client = login(Client(), world.user(Peran.PPS))

    response = client.post(
        URL + "konfirmasi/",
        {"versi": 1, "konfirmasi": ["suara_sah", "suara_tidak_sah", "suara_total"]},
    )

    assert response.status_code == 302
    versi = CHasilVersi.objects.get()
    assert versi.status == "dikonfirmasi"
    assert versi.dikonfirmasi_oleh == world.user(Peran.PPS)
    assert AuditLog.objects.filter(action="c_hasil.konfirmasi").count() == 1


def test_nothing_ticked_changes_nothing(world: World):
    client = login(Client(), world.user(Peran.PPS))

    response = client.post(URL + "konfirmasi/", {"versi": 1}, follow=True)

    assert "Centang kolom" in response.content.decode()
    assert CHasilVersi.objects.get().status == "perlu_konfirmasi"


def test_a_field_that_is_not_flagged_is_refused_by_name(world: World):
    client = login(Client(), world.user(Peran.PPS))

    response = client.post(URL + "konfirmasi/", {"versi": 1, "konfirmasi": ["dpt_l"]})

    assert response.status_code == 422
    assert CHasilVersi.objects.get().status == "perlu_konfirmasi"
