"""On a phone: a KPPS photographs the pages of the PPWP C.Hasil (file input), sees the numbers
read beside each photo and confirms a page; a PPS resolves what the reader could not prove, and
the sheet becomes a C.Hasil version read from the photos."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.pemilihan.models import TPS
from selenggara.pindai.tests.alur.conftest import DATA, SHEET
from selenggara.portal.tests.world import PASSWORD, TPS_A1, user_with_peran
from selenggara.tungsura.models import CHasilVersi, Sumber
from selenggara.tungsura.tests.world import tungsura_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAGE = f"/pindai/tps/{TPS_A1}/c-hasil/ppwp/"


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def _login(page, url: str, next_path: str, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}{next_path}")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def _photograph(page, halaman: int, name: str) -> None:
    page.fill("input[name=halaman]", str(halaman))
    page.fill("input[name=dari]", "3")
    page.set_input_files("input[type=file]", str(DATA / name))
    page.click("form.foto-form button[type=submit]")


def _pps_resolves(browser, url: str, screenshot_dir: Path) -> None:
    """Log in as the PPS and decide every number of the queue as the paper says."""
    from playwright.sync_api import expect

    pps_context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="id-ID"
    )
    pps = pps_context.new_page()
    _login(pps, url, "/pindai/tinjau/", "pps_kedungbenda")
    with pps.expect_navigation():
        pps.locator("table.tinjau-list a.button").first.click()
    first = True
    while pps.locator("section.tinjau").count():
        kunci = pps.locator("section.tinjau").get_attribute("data-kunci")
        expect(pps.locator("img.potongan")).to_be_visible()
        if first:
            pps.wait_for_function(
                "() => { const i = document.querySelector('img.potongan');"
                " return i.complete && i.naturalWidth > 0; }"
            )
            assert _fits_the_screen(pps)
            pps.screenshot(path=str(screenshot_dir / "pindai-pps-tinjau-360.png"), full_page=True)
            first = False
        right = pps.locator(f"button.kandidat-pilih[value='{SHEET[kunci]}']")
        with pps.expect_navigation():
            if right.count():
                right.click()
            else:
                pps.fill("input[name=ketik]", str(SHEET[kunci]))
                pps.click("form.ketik-form button[type=submit]")
        expect(pps.locator(".messages")).to_contain_text("tercatat")
    expect(pps.locator(".kosong")).to_contain_text("Tidak ada angka yang menunggu")
    pps_context.close()


def test_kpps_photographs_confirms_and_pps_resolves_the_review(
    phone, browser, live_server, screenshot_dir: Path
):
    from playwright.sync_api import expect

    world = tungsura_world_build(with_users=False)
    TPS.objects.filter(kode=TPS_A1).update(
        dpt_laki=SHEET["dpt_l"], dpt_perempuan=SHEET["dpt_p"], dpt=SHEET["dpt_j"]
    )
    world.tps[TPS_A1].refresh_from_db()
    user_with_peran(world, Peran.KPPS_KETUA, username="kpps_kedungbenda_1")
    user_with_peran(world, Peran.PPS, username="pps_kedungbenda")

    page = phone
    _login(page, live_server.url, PAGE, "kpps_kedungbenda_1")
    _photograph(page, 2, "hal2.jpg")
    expect(page.locator(".messages")).to_contain_text("sedang dibaca")
    halaman_2 = page.locator("section.bacaan").first
    expect(halaman_2).to_contain_text("Halaman 2 dari 3")
    expect(halaman_2.locator("tr[data-kunci=calon_1] td.nilai")).to_have_text("120")
    expect(halaman_2.locator("tr[data-kunci=calon_2] td.nilai")).to_have_text("64")
    expect(halaman_2.locator("img")).to_be_visible()
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "pindai-kpps-dibaca-360.png"), full_page=True)

    halaman_2.locator("form.konfirmasi button").click()
    expect(page.locator(".messages")).to_contain_text("menunggu halaman lainnya")
    expect(page.locator("section.bacaan").first).to_contain_text("Dikonfirmasi sesuai kertas")

    _photograph(page, 3, "hal3.jpg")
    _photograph(page, 1, "hal1.jpg")
    halaman_1 = page.locator("section.bacaan", has_text="Halaman 1 dari 3")
    expect(halaman_1).to_have_attribute("data-status", "tinjau")
    expect(halaman_1.locator("tr.ragu").first).to_contain_text("perlu ditinjau")

    # The PPS of the desa resolves every number the reader could not prove.
    _pps_resolves(browser, live_server.url, screenshot_dir)

    page.reload()
    expect(page.locator("section.bacaan").first).to_contain_text("Masuk C.Hasil versi 1")
    versi = CHasilVersi.objects.get()
    assert versi.sumber == Sumber.PINDAI
    assert versi.suara == {k: SHEET[k] for k in ("calon_1", "calon_2", "calon_3")}
    assert versi.pengguna_total_j == SHEET["pengguna_total_j"]
    assert page.outside_requests == []
