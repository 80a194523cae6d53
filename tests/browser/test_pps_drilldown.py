"""A PPS on a phone: log in, open the region browser, reach a TPS of its desa, switch language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import DESA_A, PASSWORD, TPS_A2, user_with_peran, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_pps_drills_down_to_its_tps_on_a_phone(phone, live_server, screenshot_dir: Path):
    from playwright.sync_api import expect

    world = world_build(with_users=False)
    pps = user_with_peran(world, Peran.PPS, username="pps_kedungbenda")
    page = phone

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", pps.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")

    # The dashboard: one card for the PPS assignment, with the desa's counts.
    expect(page).to_have_url(f"{live_server.url}/")
    card = page.locator("section.card", has_text="PPS")
    expect(card).to_contain_text("Kedungbenda")
    expect(card).to_contain_text("523")
    page.wait_for_function("() => typeof htmx === 'object'")  # the vendored script loaded

    # The region browser starts at the PPS's own desa (hx-boost navigation).
    page.click("nav.mainnav >> text=Wilayah")
    expect(page).to_have_url(re.compile(rf"/wilayah/{re.escape(DESA_A)}/$"))
    expect(page.locator("h1")).to_have_text("Kedungbenda")
    expect(page.locator(".breadcrumb")).to_contain_text("Kemangkon")
    expect(page.locator(".breadcrumb a")).to_have_count(0)  # ancestors by name only
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    expect(page.locator(".badge")).to_have_text("sintetis")
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "pps-desa-360.png"), full_page=True)

    # Down to TPS 002 and its DPT.
    page.click(f"a[href='/tps/{TPS_A2}/'] >> nth=0")
    expect(page).to_have_url(re.compile(rf"/tps/{TPS_A2}/$"))
    expect(page.locator("h1")).to_contain_text("TPS 002")
    expect(page.locator(".dpt-total")).to_have_text("278")
    expect(page.locator(".kontestasi li")).to_have_count(5)
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "pps-tps-360.png"), full_page=True)

    # Switch to English and back.
    page.click("form.lang button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".stats")).to_contain_text("Voters, female")
    expect(page.locator("form.logout button")).to_have_text("Log out")
    page.click("form.lang button[value=id]")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("form.logout button")).to_have_text("Keluar")

    # A boosted link to something out of scope shows the shared 404 page, not a dead click.
    page.wait_for_function("() => typeof htmx === 'object'")
    page.evaluate(
        "() => { const a = document.createElement('a'); a.href = '/tps/3303012002001/';"
        " a.id = 'luar'; a.textContent = 'luar'; document.querySelector('main').append(a);"
        " htmx.process(a); }"
    )
    page.click("#luar")
    expect(page.locator("main h1")).to_have_text("Tidak ditemukan")
    expect(page.locator("main")).not_to_contain_text("Bokol")

    assert page.outside_requests == []
