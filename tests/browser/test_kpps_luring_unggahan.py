"""The KPPS offline app sends page photos in parts (issue 14), in a real Chromium on a phone
screen: an upload cut off mid-way resumes at the offset the server holds (after a reload too)
and the photo arrives once with the phone's SHA-256; the page says "sedang dikirim" while the
parts go; a server error makes the queue wait, longer each time, then succeed without a
second copy."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import user_with_peran
from selenggara.tungsura.models import CHasilFoto, CHasilFotoUnggahan, CHasilFotoUnggahanBagian
from selenggara.tungsura.tests.world import tungsura_world_build
from tests.browser.test_kpps_luring import (
    _OPEN,
    KPPS,
    _login_and_install,
    _phone,
    _wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BAGIAN = 256 * 1024
PARTS = re.compile(r"/c-hasil/ppwp/unggahan/[^/]+$")


@pytest.fixture(autouse=True)
def _close_contexts():
    """Close every context a test opened, also when it fails (see test_kpps_luring)."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def _noisy_photo(path: Path) -> Path:
    """A camera photo whose 2000 px JPEG still takes several parts (noise does not compress)."""
    image = Image.effect_noise((3000, 2250), 90).convert("RGB")
    target = path / "hal1.jpg"
    image.save(target, "JPEG", quality=92)
    return target


def _page(browser, live_server):
    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username=KPPS)
    context = _phone(browser)
    page = context.new_page()
    _login_and_install(page, live_server.url)
    return context, page


def _photograph(page, photo: Path) -> None:
    from playwright.sync_api import expect

    page.click("button[data-aksi=foto][data-jenis=ppwp]")
    expect(page.locator("#foto-halaman")).to_have_value("1")
    page.set_input_files("#foto-berkas", str(photo))
    expect(page.locator("#foto-pratinjau figcaption")).to_contain_text("2000 × 1500")
    page.click("#foto-simpan")


def _page_status(page):
    return page.locator("[data-jenis=ppwp] .status-foto [data-halaman='1']")


def _wait_sent(page) -> None:
    """Until the queue holds the photo as sent (the page may already show the reader's verdict
    in place of "terkirim", so the queue is asked)."""
    _wait_until(
        page,
        "SelenggaraAntrean.all().then(l => l.some(i => i.jenis === 'foto' && "
        "i.status === 'terkirim'))",
        timeout=30,
    )


def _wait_for(page, condition, what: str) -> None:
    """Poll a Python condition while the page runs (route handlers run meanwhile)."""
    deadline = time.monotonic() + 15
    while not condition():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)


def _phone_photo(page) -> dict[str, object]:
    items: list[dict[str, object]] = page.evaluate(
        "SelenggaraAntrean.all().then(l => l.filter(i => i.jenis === 'foto')"
        ".map(i => ({sha256: i.sha256, ukuran: i.blob.size, status: i.status})))"
    )
    (item,) = items
    return item


def _arrived_once(page) -> CHasilFoto:
    """One photo of page 1, byte for byte the phone's (its SHA-256), and no part left over."""
    phone = _phone_photo(page)
    assert int(str(phone["ukuran"])) > 2 * BAGIAN  # it did take several parts
    foto = CHasilFoto.objects.get()
    with foto.berkas.open("rb") as handle:
        stored = handle.read()
    assert foto.sha256 == hashlib.sha256(stored).hexdigest() == phone["sha256"]
    assert (foto.halaman, foto.dari, foto.ukuran) == (1, 3, phone["ukuran"])
    assert AuditLog.objects.filter(action="c_hasil.foto").count() == 1
    assert CHasilFotoUnggahan.objects.get().foto_id == foto.pk
    assert not CHasilFotoUnggahanBagian.objects.exists()
    return foto


def test_an_upload_cut_off_mid_way_resumes_after_a_reload_and_arrives_once(
    browser, live_server, tmp_path: Path
):
    from playwright.sync_api import expect

    context, page = _page(browser, live_server)
    offsets: list[int] = []
    opened: list[str] = []
    reloaded: list[bool] = []

    def cut_the_second_part(route) -> None:
        offset = int(route.request.headers["upload-offset"])
        offsets.append(offset)
        if offset == BAGIAN and not reloaded:
            route.abort("connectionreset")  # the signal drops half-way through the photo
        else:
            route.continue_()

    def count_opening(route) -> None:
        opened.append(route.request.url)
        route.continue_()

    context.route(PARTS, cut_the_second_part)
    context.route(re.compile(r"/c-hasil/ppwp/unggahan$"), count_opening)
    _photograph(page, _noisy_photo(tmp_path))
    _wait_for(page, lambda: BAGIAN in offsets, "the second part")
    # The phone is reloaded (or killed): the upload and its offset are kept in IndexedDB.
    reloaded.append(True)
    page.reload()
    expect(page.locator("#luring")).to_have_attribute("data-siap", "ya")
    _wait_sent(page)

    assert offsets[:2] == [0, BAGIAN]
    assert offsets.count(0) == 1  # resumed at the second part, never from zero
    assert offsets == sorted(offsets)
    assert len(opened) == 1  # after the reload the phone knew its upload: not opened again
    _arrived_once(page)
    assert _phone_photo(page)["status"] == "terkirim"
    context.close()


def test_the_page_says_sedang_dikirim_while_the_parts_go(browser, live_server, tmp_path: Path):
    from playwright.sync_api import expect

    context, page = _page(browser, live_server)
    held: list[object] = []

    def hold_the_second_part(route) -> None:
        if int(route.request.headers["upload-offset"]) == BAGIAN and not held:
            held.append(route)  # answered below, once the page has been looked at
        else:
            route.continue_()

    context.route(PARTS, hold_the_second_part)
    _photograph(page, _noisy_photo(tmp_path))
    sending = _page_status(page).locator("[data-status=mengirim]")
    expect(sending).to_be_visible()
    _wait_for(page, lambda: bool(held), "the second part")
    expect(sending).to_have_text("sedang dikirim")  # still, while a part is on its way
    assert not CHasilFoto.objects.exists()
    held[0].continue_()  # type: ignore[attr-defined]
    _wait_sent(page)
    expect(sending).to_have_count(0)
    _arrived_once(page)
    context.close()


def test_after_server_errors_the_queue_waits_longer_each_time_then_sends_one_copy(
    browser, live_server, tmp_path: Path
):
    context, page = _page(browser, live_server)
    attempts: list[tuple[float, int]] = []

    def fail_twice(route) -> None:
        offset = int(route.request.headers["upload-offset"])
        attempts.append((time.monotonic(), offset))
        if len(attempts) == 2:
            # The server stored the second part but its answer is lost in a 500.
            route.fetch()
            route.fulfill(status=500, body="{}", content_type="application/json")
        elif len(attempts) == 3:
            route.fulfill(status=503, body="{}", content_type="application/json")
        else:
            route.continue_()

    context.route(PARTS, fail_twice)
    _photograph(page, _noisy_photo(tmp_path))
    _wait_sent(page)

    times = [at for at, _offset in attempts]
    sent = [offset for _at, offset in attempts]
    # Part 2 stored, answer lost; sent again at the same offset (503), then again: the server
    # answers 409 with its offset, and the phone goes on from there.
    assert sent[:4] == [0, BAGIAN, BAGIAN, BAGIAN]
    assert sent[4] == 2 * BAGIAN
    # Backoff: about 1 s after the first failure, about 2 s after the second (each +-20 %).
    assert 0.7 <= times[2] - times[1] < 5
    assert 1.5 <= times[3] - times[2] < 8
    _arrived_once(page)
    context.close()
