"""A witness checks a superseded digest on a 390 px phone: the page says it was corrected and
links the current digest, and nothing is wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_390 = {"width": 390, "height": 844}


def test_a_corrected_digest_fits_a_390_px_phone(browser, live_server, screenshot_dir: Path):
    from playwright.sync_api import expect

    world = tungsura_world_build()
    tps = world.tps[TPS_A1]
    lembar = lembar_for_tps(tps=tps, jenis="ppwp")
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    ppk = world.user(Peran.PPK)
    v1 = c_hasil_submit(tps=tps, jenis="ppwp", angka=angka, actor=ppk, sumber=Sumber.API).versi
    koreksi = {**angka, "calon_1": angka["calon_1"] + 1}  # stored as written, flagged
    v2 = c_hasil_submit(
        tps=tps,
        jenis="ppwp",
        angka=koreksi,
        actor=ppk,
        sumber=Sumber.ENTRI_KERTAS,
        alasan="Koreksi dalam rapat pleno PPK: calon_1 di kertas satu suara lebih.",
    ).versi
    context = browser.new_context(viewport=PHONE_390, is_mobile=True, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/verifikasi/{v1.digest}/")

        expect(page.locator(".dikoreksi")).to_contain_text("dikoreksi menjadi versi 2")
        link = page.locator(".dikoreksi a.kode")
        expect(link).to_have_text(v2.digest)
        page.screenshot(path=str(screenshot_dir / "saksi-verifikasi-dikoreksi-390.png"))
        # Against the phone's own width: a mobile viewport widens itself to fit what overflows.
        scroll, right = page.evaluate(
            "[document.documentElement.scrollWidth,"
            " document.querySelector('.dikoreksi a.kode').getBoundingClientRect().right]"
        )
        assert scroll <= PHONE_390["width"], scroll
        assert right <= PHONE_390["width"], right
    finally:
        context.close()
