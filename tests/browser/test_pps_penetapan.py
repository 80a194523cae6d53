"""A PPS on a phone appoints the 7 members of a TPS's KPPS, then opens the desa's SK."""

from __future__ import annotations

from pathlib import Path

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pembentukan.tests.penetapan.builders import calon_many
from selenggara.portal.tests.world import DESA_A, PASSWORD, TPS_A1, user_with_peran, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_pps_appoints_a_tps_kpps_on_a_phone(phone, live_server, screenshot_dir: Path):
    from playwright.sync_api import expect

    world = world_build(with_users=False)
    pps = user_with_peran(world, Peran.PPS, username="pps_penetapan")
    calon = calon_many(world.pemilihan, world.wilayah[DESA_A], 9, tps=world.tps[TPS_A1])
    page = phone

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", pps.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")

    # The progress dashboard starts at the PPS's desa and links to each TPS.
    page.goto(f"{live_server.url}/pembentukan/penetapan/progres/")
    expect(page.locator("h1")).to_contain_text("Kedungbenda")
    expect(page.locator(".progres-bar.ditetapkan").first).to_be_visible()
    page.click(f"a[href='/pembentukan/penetapan/tps/{TPS_A1}/']")

    # The proposal: 7 ranked members, 2 reserves; the PPS picks the third as ketua.
    expect(page.locator(".usulan-list li")).to_have_count(7)
    expect(page.locator(".usulan-list")).to_contain_text(calon[0].nama)
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "pps-penetapan-usulan-360.png"), full_page=True)
    page.check(f"input[name=ketua][value='{calon[2].pk}']")
    page.click("button[name=tetapkan]")

    expect(page.locator(".messages")).to_contain_text("ditetapkan")
    expect(page.locator(".anggota-list li")).to_have_count(7)
    expect(page.locator(".anggota-list li").first).to_contain_text(calon[2].nama)
    expect(page.locator(".cadangan-list li")).to_have_count(2)
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "pps-penetapan-anggota-360.png"), full_page=True)
    assert AnggotaKPPS.objects.get(posisi=1).pendaftar_id == calon[2].pk

    # The desa page offers the SK as a real PDF.
    page.goto(f"{live_server.url}/pembentukan/penetapan/desa/{DESA_A}/")
    expect(page.locator(".tps-list")).to_contain_text("7/7")
    response = page.request.get(f"{live_server.url}/pembentukan/penetapan/desa/{DESA_A}/sk.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    assert page.outside_requests == []
