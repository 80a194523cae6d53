"""A KPPS ketua enters the full PPWP C.Hasil of TPS A1 on a phone, sees a flagged field,
confirms it against the paper and sends; later a witness, not logged in, checks the digest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import PASSWORD, TPS_A1, user_with_peran
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilVersi
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _enter_on_phone(page, url: str, angka: dict[str, int], screenshot_dir: Path) -> str:
    """Log in as the KPPS ketua, type the sheet, confirm the flagged fields, send; the digest."""
    from playwright.sync_api import expect

    page.goto(f"{url}/tungsura/tps/{TPS_A1}/c-hasil/ppwp/isi/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.fill("input[name=username]", "kpps_kedungbenda_1")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/tungsura/tps/{TPS_A1}/c-hasil/ppwp/isi/$"))
    expect(page.locator(".kepala-lembar")).to_contain_text("Kedungbenda")
    expect(page.locator("#bagian-IV")).to_contain_text("Prabowo Subianto")
    assert page.locator("input.angka").count() == len(angka)
    assert page.get_attribute("input[name=dpt_l]", "inputmode") == "numeric"

    for key, value in angka.items():
        page.fill(f"input[name={key}]", str(value))
    # The live sum beside V.A shows the section IV total disagreeing with what was typed.
    expect(page.locator("#kotak-suara_sah")).to_have_class(re.compile(r"\bselisih\b"))
    assert _fits_the_screen(page)

    page.click("button[value=periksa]")
    finding = page.locator("#temuan [data-kode=suara_sah_tidak_sesuai]")
    expect(finding).to_contain_text("Jumlah perolehan suara (bagian IV)")
    expect(finding).to_contain_text("Galat")
    flagged = page.locator("#kotak-calon_2.ditandai")
    expect(flagged).to_be_visible()
    expect(page.locator("input[name=calon_2]")).to_have_value(str(angka["calon_2"]))
    page.screenshot(path=str(screenshot_dir / "kpps-c-hasil-periksa-360.png"), full_page=True)

    # Sending before ticking is refused; then tick every flagged field and send.
    page.click("button[value=kirim]")
    expect(page.locator(".galat-form")).to_contain_text("Cocokkan setiap kolom yang ditandai")
    boxes = page.locator("input[name=konfirmasi]")
    assert boxes.count() == 4
    for box in boxes.all():
        box.check()
    expect(page.locator("#kotak-calon_2")).to_have_class(re.compile(r"\bdikonfirmasi\b"))
    page.click("button[value=kirim]")

    expect(page).to_have_url(re.compile(rf"/tungsura/tps/{TPS_A1}/c-hasil/ppwp/versi/1/salinan/$"))
    expect(page.locator("h1")).to_have_text("C.HASIL SALINAN")
    expect(page.locator(".qr svg")).to_be_visible()
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "kpps-c-hasil-salinan-360.png"), full_page=True)
    return " ".join(page.locator(".digest .grup").all_inner_texts())


def test_kpps_enters_confirms_and_a_witness_verifies_the_digest(
    phone, browser, live_server, screenshot_dir: Path
):
    from playwright.sync_api import expect

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username="kpps_kedungbenda_1")
    lembar = lembar_for_tps(tps=world.tps[TPS_A1], jenis="ppwp")
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    angka["calon_2"] += 10  # one deliberate inconsistency: section IV no longer sums to V.A

    digest_read = _enter_on_phone(phone, live_server.url, angka, screenshot_dir)

    versi = CHasilVersi.objects.get()
    assert digest_read.replace(" ", "") == versi.digest
    assert (versi.status, versi.sumber) == ("dikonfirmasi", "ponsel_kpps")
    assert versi.suara_sah == angka["suara_sah"]  # stored as written
    assert phone.outside_requests == []

    # A witness, not logged in, on another phone, types the digest read aloud.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(10_000)
    witness = context.new_page()
    witness.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    witness.goto(f"{live_server.url}/verifikasi/")
    witness.fill("input[name=digest]", digest_read.upper())
    witness.click("main button[type=submit]")

    expect(witness).to_have_url(f"{live_server.url}/verifikasi/{versi.digest}/")
    expect(witness.locator(".terkini")).to_contain_text("ini versi terkini")
    facts = witness.locator(".hasil-verifikasi .facts")
    expect(facts).to_contain_text("TPS 001")
    expect(facts).to_contain_text("Kedungbenda")
    expect(facts).to_contain_text("Presiden dan Wakil Presiden")
    cell = witness.locator("#kotak-calon_2 data.nilai")
    expect(cell).to_have_attribute("value", str(angka["calon_2"]))
    expect(witness.locator("main")).not_to_contain_text("kpps_kedungbenda_1")
    assert _fits_the_screen(witness)
    witness.screenshot(path=str(screenshot_dir / "saksi-verifikasi-360.png"), full_page=True)
    context.close()
