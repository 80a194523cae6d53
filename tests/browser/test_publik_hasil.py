"""The public on a phone: from the national page down to a flagged TPS and its page photos."""

from __future__ import annotations

from pathlib import Path

import pytest

from selenggara.portal.tests.world import TPS_A1, TPS_A2
from selenggara.publik.tests.world import hasil_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_public_drills_down_to_a_flagged_tps_and_its_photos(
    phone, live_server, screenshot_dir: Path
):
    from playwright.sync_api import expect

    hw = hasil_world_build()
    p = hw.world.pemilihan.kode
    page = phone

    page.goto(f"{live_server.url}/hasil/")
    page.click("text=Presiden dan Wakil Presiden")
    expect(page).to_have_url(f"{live_server.url}/hasil/{p}/ppwp/")
    expect(page.locator("h1")).to_contain_text("Indonesia")
    expect(page.locator("#h-peserta + div svg")).to_be_visible()
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "publik-nasional.png"), full_page=True)

    for nama in ("Jawa Tengah", "Kabupaten Purbalingga", "Kemangkon", "Kedungbenda"):
        page.locator("#h-anak ~ div table a", has_text=nama).first.click()
        expect(page.locator("h1")).to_contain_text(nama)
        assert _fits_the_screen(page), nama
    expect(page.locator("text=1 TPS ditahan").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "publik-desa.png"), full_page=True)

    # The flag names the held-out TPS with its reason and links to it.
    flag = page.locator(".tanda.ditahan", has_text=TPS_A2)
    expect(flag).to_contain_text("Ditahan dari penjumlahan")
    flag.locator("a").click()
    expect(page).to_have_url(f"{live_server.url}/hasil/{p}/ppwp/tps/{TPS_A2}/")
    expect(page.locator("h2", has_text="ditahan dari hitungan")).to_be_visible()
    assert _fits_the_screen(page)

    # Back up to the desa and into the TPS with photos: both pages load as images.
    page.click("text=Kembali ke desa")
    page.locator("#h-anak ~ div table a", has_text="TPS 001").click()
    expect(page).to_have_url(f"{live_server.url}/hasil/{p}/ppwp/tps/{TPS_A1}/")
    images = page.locator("figure.foto img")
    expect(images).to_have_count(2)
    for i in range(2):
        images.nth(i).scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=images.nth(i).element_handle()
        )
    expect(page.locator("text=Digest saksi").first).to_be_visible()
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "publik-tps.png"), full_page=True)
    assert page.outside_requests == []
