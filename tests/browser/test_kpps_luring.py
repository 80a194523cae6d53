"""The KPPS offline app (issue 14) in a real Chromium on a phone-sized screen, with the network
cut by the browser context: a full PPWP C.Hasil and its three pages entered and photographed
offline survive a reload, a closed tab and a closed browser, then arrive exactly once when the
network is back, through a server error mid-upload; a PPS correction made meanwhile comes back
as a conflict; the flags the phone shows equal the server's; the cache holds one TPS only and
is gone after sign-out."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import zxingcpp
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import PASSWORD, TPS_A1, TPS_A2, user_with_peran
from selenggara.tungsura.domain.pemeriksaan import c_hasil_check
from selenggara.tungsura.domain.salinan import digest_of, teks_kanonik
from selenggara.tungsura.lembar import LembarTPS, lembar_for_tps
from selenggara.tungsura.models import CHasilFoto, CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KPPS = "kpps_kedungbenda_1"
_OPEN: list[BrowserContext] = []


@pytest.fixture(autouse=True)
def _close_contexts():
    """Close every browser context a test opened, also when it fails: an open context keeps
    its keep-alive sockets, and with them the live server's database connections, which would
    stop the test database from being dropped on PostgreSQL."""
    yield
    while _OPEN:
        _OPEN.pop().close()  # a no-op for a context the test closed itself


# The network is cut by the browser context (context.set_offline). With Debian's Chromium 150
# and Playwright 1.65 a document opened while the context is offline still reports
# navigator.onLine true, although every request it makes fails; this script makes such a
# document see what the phone would: offline while the test says so (a cookie, which the
# script can read synchronously before the page's own scripts run).
_PUTUS = "luring_uji_putus"
_ONLINE_SCRIPT = f"""(() => {{
  if (typeof document === "undefined") {{ return; }}
  const real = Object.getOwnPropertyDescriptor(Navigator.prototype, "onLine").get;
  Object.defineProperty(Navigator.prototype, "onLine", {{
    configurable: true,
    get() {{ return real.call(this) && !/(?:^|; ){_PUTUS}=1/.test(document.cookie); }}
  }});
}})();"""


def _set_offline(context, url: str, offline: bool) -> None:
    context.set_offline(offline)
    if offline:
        context.add_cookies([{"name": _PUTUS, "value": "1", "url": url}])
    else:
        context.clear_cookies(name=_PUTUS)


def _launch(browser, user_data: Path, *, offline: bool = False, url: str = ""):
    """A persistent phone browser: what it stores survives closing it (a phone restarting)."""
    context = browser.browser_type.launch_persistent_context(
        str(user_data),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        service_workers="allow",
        offline=offline,
    )
    context.set_default_timeout(15_000)
    context.add_init_script(_ONLINE_SCRIPT)
    if offline:
        _set_offline(context, url, True)
    _OPEN.append(context)
    return context


def _photo(path: Path, halaman: int) -> Path:
    """A phone camera's photo: 3000 x 2250, larger than the reader needs."""
    image = Image.new("RGB", (3000, 2250), (250, 250, 245))
    for x, y in ((0, 0), (2900, 0), (0, 2150), (2900, 2150)):  # the four corner markers
        image.paste((0, 0, 0), (x, y, x + 100, y + 100))
    image.paste((40, 40, 40) if halaman % 2 else (90, 90, 90), (800, 600, 800 + 300 * halaman, 900))
    target = path / f"hal{halaman}.jpg"
    image.save(target, "JPEG", quality=92)
    return target


def _login_and_install(page, url: str, kode: str = TPS_A1, username: str = KPPS) -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}/tungsura/tps/{kode}/luring/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/tungsura/tps/{kode}/luring/$"))
    expect(page.locator("#luring")).to_have_attribute("data-siap", "ya")
    # One visit: the page says when it and its data are kept for offline use.
    expect(page.locator("#siap-luring")).to_be_visible()
    expect(page.locator("#luring")).to_have_attribute("data-luring-siap", "ya")


def _wait_until(page, script: str, timeout: float = 15.0) -> None:
    """Poll an expression that resolves to a boolean (wait_for_function does not await one)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        time.sleep(0.1)


def _qr_text(locator) -> str:
    """What a phone camera reads from the QR code on screen (zxing-cpp on a screenshot)."""
    with Image.open(io.BytesIO(locator.screenshot())) as image:
        (code,) = zxingcpp.read_barcodes(image.convert("L"))
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    return code.text


def _cached_urls(page) -> list[str]:
    urls: list[str] = page.evaluate(
        "caches.keys().then(n => Promise.all(n.map(k => caches.open(k).then(c => c.keys()))))"
        ".then(l => l.flat().map(r => r.url))"
    )
    return urls


# Sections I-V as shown under ``root``: each heading, column headings, and per row its label
# and boxes (key, and the number in a read-only box); the same for _lembar.html and luring.js.
_LAYOUT = """root => Array.from(document.querySelectorAll(root + ' section.bagian')).map(s => [
  s.querySelector('h2').textContent.trim(),
  Array.from(s.querySelectorAll('thead th')).map(t => t.textContent.trim()),
  Array.from(s.querySelectorAll('tbody tr')).map(tr => [
    tr.querySelector('th').textContent.replace(/\\s+/g, ' ').trim(),
    Array.from(tr.querySelectorAll('td.kotak')).map(td => [
      td.dataset.kunci, td.querySelector('data.nilai') ? td.querySelector('data.nilai').value : null
    ])
  ])
])"""


def _layout(page, root: str) -> list[Any]:
    layout: list[Any] = page.evaluate(_LAYOUT, root)
    return layout


def _fill_sheet(page, angka: dict[str, int]) -> None:
    from playwright.sync_api import expect

    page.click("button[data-aksi=isi][data-jenis=ppwp]")
    expect(page.locator("#isi")).to_be_visible()
    assert page.locator("#isi-kolom input.angka").count() == len(angka)
    for key, value in angka.items():
        page.fill(f"#isi-kolom input[name={key}]", str(value))


def _ppwp(world) -> tuple[LembarTPS, dict[str, int]]:
    lembar = lembar_for_tps(tps=world.tps[TPS_A1], jenis="ppwp")
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    return lembar, angka


def _nothing_arrived() -> None:
    assert CHasilVersi.objects.count() == 0
    assert CHasilFoto.objects.count() == 0


def _photograph(page, tmp_path: Path) -> None:
    """Photograph the three pages of the PPWP plano, each downscaled on the phone."""
    from playwright.sync_api import expect

    for halaman in (1, 2, 3):
        page.click("button[data-aksi=foto][data-jenis=ppwp]")
        expect(page.locator("#foto-halaman")).to_have_value(str(halaman))
        expect(page.locator("#foto-dari")).to_have_value("3")
        page.set_input_files("#foto-berkas", str(_photo(tmp_path, halaman)))
        expect(page.locator("#foto-pratinjau figcaption")).to_contain_text("2000 × 1500")
        page.click("#foto-simpan")
        row = page.locator(f"[data-jenis=ppwp] .status-foto [data-halaman='{halaman}']")
        expect(row.locator("[data-status=tersimpan]")).to_be_visible()


def _reopen(browser, context, url: str, user_data: Path):
    """Close the tab and open another; close the browser and open it again, still offline."""
    from playwright.sync_api import expect

    context.pages[0].close()
    page = context.new_page()
    page.goto(f"{url}/tungsura/tps/{TPS_A1}/luring/")
    expect(page.locator("[data-jenis=ppwp] .status-foto [data-status=tersimpan]")).to_have_count(3)
    context.close()
    context = _launch(browser, user_data, offline=True, url=url)
    page = context.new_page()
    page.goto(f"{url}/tungsura/tps/{TPS_A1}/luring/")
    expect(page.locator("[data-jenis=ppwp] .status-foto [data-status=tersimpan]")).to_have_count(3)
    expect(page.locator("[data-jenis=ppwp] .status-lembar [data-status=tersimpan]")).to_be_visible()
    return context, page


def _enter_offline(page, world, lembar, angka: dict[str, int]) -> str:
    """Type the sheet, see the server's flags, confirm them, save; the phone's digest."""
    from playwright.sync_api import expect

    _fill_sheet(page, angka)
    form = _layout(page, "#isi-kolom")
    assert [section[0] for section in form][3] == "IV. Perolehan suara sah"
    assert [key for *_, rows in form for _, boxes in rows for key, _ in boxes] == (
        lembar.susunan.kunci_semua()
    )
    page.click("#periksa")
    expected = c_hasil_check(angka, susunan=lembar.susunan, konteks=lembar.konteks)
    shown = page.locator("#temuan [data-kode]")
    assert shown.evaluate_all("l => l.map(e => e.dataset.kode)") == [t.kode for t in expected]
    expect(page.locator("#temuan [data-kode=suara_sah_tidak_sesuai]")).to_contain_text(
        "Jumlah perolehan suara (bagian IV)"
    )
    page.click("#simpan")
    expect(page.locator("#isi-galat")).to_contain_text("Cocokkan setiap kolom")
    for box in page.locator("#isi-kolom input[name=konfirmasi]").all():
        box.check()
    page.click("#simpan")
    expect(page.locator("#salinan")).to_be_visible()
    teks = teks_kanonik(
        pemilihan=world.pemilihan.kode,
        tps=TPS_A1,
        kontestasi="ppwp",
        dapil=lembar.dapil.kode,
        angka={k: angka[k] for k in lembar.susunan.kunci_semua()},
    )
    digest = digest_of(teks)
    expect(page.locator("#salinan-digest")).to_have_attribute("data-digest", digest)
    return digest


def _arrived_once(digest: str) -> None:
    """One version with the phone's digest, three photos of 2000 px: each stored once."""
    versi = CHasilVersi.objects.get()
    assert versi.digest == digest
    assert (versi.status, versi.sumber) == ("dikonfirmasi", Sumber.API.value)
    fotos = list(CHasilFoto.objects.order_by("halaman"))
    assert [f.halaman for f in fotos] == [1, 2, 3]
    for foto in fotos:
        with foto.berkas.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
            assert (image.format, image.size) == ("JPEG", (2000, 1500))
    assert AuditLog.objects.filter(action="c_hasil.foto").count() == 3
    assert AuditLog.objects.filter(action="c_hasil.submit").count() == 1


def _server_copy_matches(page, url: str, world, *, digest: str, phone_qr: str, phone_copy) -> None:
    """The server's copy of the sent version: the same digest, a QR with the same text, and
    the same sections, rows and numbers as the phone's copy."""
    from playwright.sync_api import expect

    page.goto(f"{url}/tungsura/tps/{TPS_A1}/c-hasil/ppwp/salinan/?pemilihan={world.pemilihan.kode}")
    expect(page.locator("#salinan-kode")).to_contain_text(digest[:8])
    assert _qr_text(page.locator("#salinan-kode .qr svg")) == phone_qr
    assert phone_copy == _layout(page, "main")
    assert [section[0][:3] for section in phone_copy] == ["I. ", "II.", "III", "IV.", "V. "]


def test_a_sheet_and_its_pages_entered_offline_arrive_exactly_once(
    browser, live_server, tmp_path: Path, screenshot_dir: Path
):
    from playwright.sync_api import expect

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username=KPPS)
    lembar, angka = _ppwp(world)
    angka["calon_2"] += 10  # section IV no longer sums to V.A: a flag to confirm
    user_data = tmp_path / "ponsel"
    context = _launch(browser, user_data)
    page = context.new_page()
    _login_and_install(page, live_server.url)

    _set_offline(context, live_server.url, True)
    page.reload()  # from the service worker's cache
    expect(page.locator("#jaringan")).to_have_attribute("data-online", "tidak")
    digest = _enter_offline(page, world, lembar, angka)
    # The witnesses' QR, drawn on the phone offline, names the verification page of its digest.
    phone_qr = _qr_text(page.locator("#salinan-qr svg"))
    assert phone_qr == f"{live_server.url}/verifikasi/{digest}/"
    expect(page.locator("#salinan-url")).to_contain_text(phone_qr)
    page.screenshot(path=str(screenshot_dir / "kpps-luring-salinan-360.png"), full_page=True)

    _photograph(page, tmp_path)
    expect(page.locator("[data-jenis=ppwp] .status-lembar [data-status=tersimpan]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(screenshot_dir / "kpps-luring-antrean-360.png"), full_page=True)
    _nothing_arrived()

    # Close the tab, open another; close the browser (the phone restarts), open it again.
    context, page = _reopen(browser, context, live_server.url, user_data)
    _nothing_arrived()

    # The server stores the sheet and each page but the answers are lost (a 500 on the way
    # back): the phone sends them again, with the same key and the same bytes.
    lost: list[str] = []

    def lose_first_answer(route) -> None:
        response = route.fetch()
        if route.request.url not in lost and route.request.method == "POST":
            lost.append(route.request.url)
            route.fulfill(status=500, body="{}", content_type="application/json")
        else:
            route.fulfill(response=response)

    context.route(re.compile(r"/c-hasil/ppwp$"), lose_first_answer)
    context.route(re.compile(r"/c-hasil/ppwp/unggahan/[^/]+$"), lose_first_answer)
    _set_offline(context, live_server.url, False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    lembar_status = page.locator("[data-jenis=ppwp] .status-lembar [data-status=ditandai]")
    expect(lembar_status).to_be_visible(timeout=30_000)
    expect(page.locator("[data-jenis=ppwp] .status-foto [data-status=terkirim]")).to_have_count(
        3, timeout=30_000
    )
    assert len(lost) == 4  # the sheet and one part of each page (one part each: 256 KiB)

    _arrived_once(digest)

    page.click("button[data-aksi=salinan][data-jenis=ppwp]")
    expect(page.locator("#salinan-server")).to_have_attribute("data-cocok", "ya")
    expect(page.locator("#salinan-server")).to_contain_text("versi 1")
    assert _qr_text(page.locator("#salinan-qr svg")) == phone_qr
    phone_copy = _layout(page, "#salinan-angka")
    _server_copy_matches(
        page, live_server.url, world, digest=digest, phone_qr=phone_qr, phone_copy=phone_copy
    )
    context.close()


def test_one_visit_online_is_enough_to_open_offline(browser, live_server, tmp_path: Path):
    """Sign in, open the offline page once: Chrome finds it installable; cut the network,
    reload: every request the page makes is answered from the phone, and the form opens."""
    from playwright.sync_api import expect

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username=KPPS)
    context = _launch(browser, tmp_path / "ponsel")
    page = context.new_page()
    visits: list[str] = []
    page.on(
        "response",
        lambda r: (
            visits.append(r.url)
            if r.status == 200 and r.url == f"{live_server.url}/tungsura/tps/{TPS_A1}/luring/"
            else None
        ),
    )
    _login_and_install(page, live_server.url)
    assert len(visits) == 1  # the page is shown once (the worker fetches its own copy)
    kept = _cached_urls(page)
    for path in (f"/tps/{TPS_A1}/luring/", "/luring/data.json", "/luring/manifest.webmanifest"):
        assert any(path in url for url in kept), path

    # Chrome finds the app installable: manifest, icons, a worker that answers offline.
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    app = cdp.send("Page.getAppManifest")
    assert app["errors"] == []
    assert app["manifest"]["display"] == "kStandalone"
    assert {i["sizes"] for i in app["manifest"]["icons"]} >= {"192x192", "512x512"}

    _set_offline(context, live_server.url, True)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    served: list[tuple[str, bool]] = []
    page.on("response", lambda r: served.append((r.url, r.from_service_worker)))
    page.reload()
    expect(page.locator("#luring")).to_have_attribute("data-siap", "ya")
    expect(page.locator("#jaringan")).to_have_attribute("data-online", "tidak")
    expect(page.locator("#kontestasi-list > li")).to_have_count(5)
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["start_url"] == f"/tungsura/tps/{TPS_A1}/luring/"
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # portal.css
    page.click("button[data-aksi=isi][data-jenis=ppwp]")
    expect(page.locator("#isi-kolom section.bagian")).to_have_count(5)
    assert failed == []
    assert served
    assert all(from_worker for _url, from_worker in served), served
    context.close()


def _phone(browser):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID", service_workers="allow"
    )
    context.set_default_timeout(15_000)
    context.add_init_script(_ONLINE_SCRIPT)
    _OPEN.append(context)
    return context


def _changed(angka: dict[str, int], **changes: int) -> dict[str, int]:
    return {**angka, **changes}


def test_a_sheet_corrected_meanwhile_is_a_conflict_and_the_flags_equal_the_servers(
    browser, live_server
):
    from playwright.sync_api import expect

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username=KPPS)
    pps = user_with_peran(world, Peran.PPS, username="pps_kedungbenda")
    lembar, angka = _ppwp(world)
    context = _phone(browser)
    page = context.new_page()
    _login_and_install(page, live_server.url)

    # The flags the phone computes equal the server's checks, case by case.
    data = page.evaluate(
        "fetch(document.getElementById('luring').dataset.dataUrl).then(r => r.json())"
    )
    aturan = next(k["aturan"] for k in data["kontestasi"] if k["jenis"] == "ppwp")
    cases = [
        angka,
        _changed(angka, calon_1=angka["calon_1"] + 1),
        _changed(angka, dpt_l=angka["dpt_l"] + 5),
        _changed(angka, pengguna_dpt_l=angka["dpt_l"] + 1),
        _changed(angka, disabilitas_j=900, calon_3=1000),
        _changed(angka, surat_suara_sisa=0, surat_suara_rusak=7),
        _changed(angka, suara_tidak_sah=angka["suara_tidak_sah"] + 2),
        dict.fromkeys(angka, 0),
        dict.fromkeys(angka, 999),
    ]
    for case in cases:
        phone = page.evaluate("([a, n]) => SelenggaraAturan.periksa(a, n)", [aturan, case])
        server = c_hasil_check(case, susunan=lembar.susunan, konteks=lembar.konteks)
        assert phone == [t.as_dict() for t in server]
    assert (
        sum(
            1
            for case in cases
            if c_hasil_check(case, susunan=lembar.susunan, konteks=lembar.konteks)
        )
        == len(cases) - 1
    )

    # The phone's entry form is laid out like the online one (and the paper), contest by contest.
    online = context.new_page()
    for jenis in ("ppwp", "dpr"):
        online.goto(
            f"{live_server.url}/tungsura/tps/{TPS_A1}/c-hasil/{jenis}/isi/"
            f"?pemilihan={world.pemilihan.kode}"
        )
        page.click(f"button[data-aksi=isi][data-jenis={jenis}]")
        assert _layout(page, "#isi-kolom") == _layout(online, "form.lembar-isi")
    blocks = page.locator("#isi-kolom #bagian-IV tr.judul-blok")
    expect(blocks.first).to_contain_text("Partai nomor 1")
    online.close()
    page.click("#isi button[data-tutup]")

    # Offline the KPPS enters the sheet; meanwhile the PPS enters it from the paper.
    _set_offline(context, live_server.url, True)
    _fill_sheet(page, angka)
    page.click("#periksa")
    expect(page.locator("#temuan .ok")).to_be_visible()
    page.click("#simpan")
    expect(page.locator("[data-jenis=ppwp] .status-lembar [data-status=tersimpan]")).to_be_visible()
    pps_angka = _changed(angka, calon_1=angka["calon_1"] - 1, calon_2=angka["calon_2"] + 1)
    c_hasil_submit(
        tps=world.tps[TPS_A1],
        jenis="ppwp",
        angka=pps_angka,
        actor=pps,
        sumber=Sumber.ENTRI_KERTAS,
    )
    _set_offline(context, live_server.url, False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    conflict = page.locator("[data-jenis=ppwp] .status-lembar")
    expect(conflict.locator("[data-status=bentrok]")).to_be_visible()
    expect(conflict).to_contain_text("sudah diubah menjadi versi 1")
    versi = CHasilVersi.objects.get()  # the PPS's version only: nothing overwritten
    assert versi.sumber == Sumber.ENTRI_KERTAS.value
    assert versi.suara["calon_1"] == pps_angka["calon_1"]
    context.close()


def test_the_cache_holds_one_tps_and_sign_out_clears_it(browser, live_server):
    from playwright.sync_api import expect

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.PPS, username="pps_kedungbenda")
    context = _phone(browser)
    page = context.new_page()
    _login_and_install(page, live_server.url, TPS_A1, "pps_kedungbenda")
    assert any(f"/tps/{TPS_A1}/luring/data.json" in url for url in _cached_urls(page))
    _set_offline(context, live_server.url, True)
    _fill_sheet(page, _ppwp(world)[1])
    page.click("#simpan")
    expect(page.locator("[data-jenis=ppwp] .status-lembar [data-status=tersimpan]")).to_be_visible()
    # Leave A1's page before the signal returns: on it, the "online" event would send the
    # queued sheet, and this test needs it still unsent when signing out.
    page.goto("about:blank")
    _set_offline(context, live_server.url, False)

    # The same phone opens another TPS: the first one's pages leave the cache.
    page.goto(f"{live_server.url}/tungsura/tps/{TPS_A2}/luring/")
    expect(page.locator("#luring")).to_have_attribute("data-siap", "ya")
    _wait_until(
        page,
        "caches.keys().then(n => Promise.all(n.map(k => caches.open(k).then(c => c.keys()))))"
        f".then(l => l.flat().some(r => r.url.includes('/tps/{TPS_A2}/luring/data.json')))",
    )
    urls = _cached_urls(page)
    assert not [url for url in urls if f"/tps/{TPS_A1}/" in url]
    assert all("/static/" in url or f"/tps/{TPS_A2}/luring/" in url for url in urls)
    # The queued sheet of A1 is not shown on A2's page.
    expect(page.locator("[data-jenis=ppwp] .status-lembar [data-status=tersimpan]")).to_have_count(
        0
    )

    # Signing out would erase A1's unsent sheet: the phone says so, and the KPPS can cancel.
    page.click("form.logout button[type=submit]")
    warning = page.locator("#peringatan-keluar")
    expect(warning).to_contain_text("Masih ada 1 kiriman")
    expect(warning).to_contain_text("tidak akan pernah terkirim")
    warning.get_by_role("button", name="Batal, tetap masuk").click()
    expect(warning).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/tps/{TPS_A2}/luring/$"))
    assert page.evaluate("SelenggaraAntrean.all().then(l => l.length)") == 1
    assert any(f"/tps/{TPS_A2}/luring/" in url for url in _cached_urls(page))
    # Signing out anyway clears the queue, the caches and the worker.
    page.click("form.logout button[type=submit]")
    warning.get_by_role("button", name="Tetap keluar dan hapus").click()
    expect(page).not_to_have_url(re.compile(r"/luring/"))
    _wait_until(page, "caches.keys().then(n => n.length === 0)")
    names = page.evaluate("indexedDB.databases().then(l => l.map(d => d.name))")
    assert "selenggara-luring" not in names
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    context.close()


def test_a_new_release_replaces_the_old_cache(browser, live_server, monkeypatch):
    from selenggara.tungsura import offline

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username=KPPS)
    context = _phone(browser)
    page = context.new_page()
    _login_and_install(page, live_server.url)
    old = f"selenggara-luring-{offline.luring_versi()}"
    assert page.evaluate("caches.keys()") == [old]

    # The next release: the worker's script changes, the phone picks it up on its next visit.
    monkeypatch.setattr(offline, "luring_versi", lambda: "2-baru")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    _wait_until(page, "caches.keys().then(n => n.join() === 'selenggara-luring-2-baru')")
    # The old cache is gone; the new one holds the shell, and the TPS's pages once visited.
    assert page.evaluate("caches.keys()") == ["selenggara-luring-2-baru"]
    shell = page.evaluate(
        "caches.open('selenggara-luring-2-baru').then(c => c.keys()).then(l => l.map(r => r.url))"
    )
    assert sorted(url.removeprefix(live_server.url) for url in shell) == sorted(
        f"/static/{name}" for name in offline.SHELL
    )
    context.close()


def _record_incident(page, tmp_path: Path) -> str:
    """A witness's objection with a photo, recorded offline; first refused on the phone by
    the checks the server makes. Returns its text."""
    from playwright.sync_api import expect

    page.click("button[data-aksi=kejadian]")
    page.check("#kejadian-jenis input[value=keberatan]")
    page.select_option("#kejadian-kontestasi", "ppwp")
    page.select_option("#kejadian-kategori", "penghitungan")
    page.fill("#kejadian-uraian", "pendek")
    page.select_option("#kejadian-pengaju", "saksi")
    page.click("#kejadian-simpan")
    expect(page.locator("#kejadian-galat")).to_contain_text("Uraian terlalu pendek")
    expect(page.locator("#kejadian-galat")).to_contain_text("Nama pengaju wajib diisi")
    uraian = "Saksi pasangan 02 keberatan: dua surat suara dinyatakan tidak sah."
    page.fill("#kejadian-uraian", uraian)
    page.fill("#kejadian-nama", "Budi (saksi pasangan 02)")
    page.set_input_files("#kejadian-foto", str(_photo(tmp_path, 1)))
    page.click("#kejadian-simpan")
    row = page.locator("#kejadian-list .kejadian-luring")
    expect(row.locator("[data-status=tersimpan]")).to_contain_text("(1 foto)")
    expect(row).to_contain_text("Keberatan · Penghitungan suara")
    return uraian


def test_an_incident_recorded_offline_arrives_once_and_sign_out_then_asks_nothing(
    browser, live_server, tmp_path: Path, screenshot_dir: Path
):
    from playwright.sync_api import expect

    from selenggara.tungsura.models import KejadianKhusus

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username=KPPS)
    context = _phone(browser)
    page = context.new_page()
    _login_and_install(page, live_server.url)
    _set_offline(context, live_server.url, True)
    page.reload()
    expect(page.locator("#kejadian-list")).to_contain_text("Belum ada catatan di ponsel ini.")

    uraian = _record_incident(page, tmp_path)
    row = page.locator("#kejadian-list .kejadian-luring")
    page.screenshot(path=str(screenshot_dir / "kpps-luring-kejadian-360.png"), full_page=True)
    page.reload()
    expect(row.locator("[data-status=tersimpan]")).to_be_visible()
    assert not KejadianKhusus.objects.exists()

    # The server stores it but its answer is lost: the phone sends it again under its key.
    lost: list[str] = []

    def lose_first_answer(route) -> None:
        response = route.fetch()
        if not lost:
            lost.append(route.request.headers["idempotency-key"])
            route.fulfill(status=500, body="{}", content_type="application/json")
        else:
            assert route.request.headers["idempotency-key"] == lost[0]
            route.fulfill(response=response)

    context.route(re.compile(r"/luring/kejadian\?"), lose_first_answer)
    _set_offline(context, live_server.url, False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(row.locator("[data-status=terkirim]")).to_be_visible(timeout=30_000)
    assert len(lost) == 1
    kejadian = KejadianKhusus.objects.get()
    assert str(kejadian.idempotency_key) == lost[0]
    assert (kejadian.jenis, kejadian.pengaju, kejadian.uraian) == ("keberatan", "saksi", uraian)
    (foto,) = kejadian.foto_set.all()
    with foto.berkas.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
        assert (image.format, image.size) == ("JPEG", (2000, 1500))
    assert AuditLog.objects.filter(action="kejadian.catat").count() == 1

    # Everything is on the server: signing out asks nothing and clears the phone.
    page.click("form.logout button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/luring/"))
    expect(page.locator("#peringatan-keluar")).to_have_count(0)
    _wait_until(page, "caches.keys().then(n => n.length === 0)")
    context.close()


def test_each_sent_page_shows_what_the_reader_made_of_it(browser, live_server, screenshot_dir):
    """Photographed offline, sent when the signal is back, then read by pindai: the phone shows
    per page "read" or "needs review", and still does offline."""
    from playwright.sync_api import expect

    from selenggara.pemilihan.models import TPS
    from selenggara.pindai.models import Pembacaan
    from selenggara.pindai.tests.alur.conftest import DATA, SHEET

    world = tungsura_world_build(with_users=False)
    TPS.objects.filter(kode=TPS_A1).update(
        dpt_laki=SHEET["dpt_l"], dpt_perempuan=SHEET["dpt_p"], dpt=SHEET["dpt_j"]
    )
    user_with_peran(world, Peran.KPPS_KETUA, username=KPPS)
    context = _phone(browser)
    page = context.new_page()
    _login_and_install(page, live_server.url)
    _set_offline(context, live_server.url, True)
    page.reload()
    for halaman, name in ((2, "hal2.jpg"), (1, "hal1.jpg")):
        page.click("button[data-aksi=foto][data-jenis=ppwp]")
        page.fill("#foto-halaman", str(halaman))
        page.set_input_files("#foto-berkas", str(DATA / name))
        expect(page.locator("#foto-pratinjau figcaption")).to_contain_text("983 × 1400")
        page.click("#foto-simpan")
    pages = page.locator("[data-jenis=ppwp] .status-foto")
    expect(pages.locator("[data-status=tersimpan]")).to_have_count(2)

    _set_offline(context, live_server.url, False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(pages.locator("[data-halaman='2'] [data-status=terbaca]")).to_be_visible(timeout=60_000)
    expect(pages.locator("[data-halaman='1'] [data-status=perlu_tinjauan]")).to_be_visible(
        timeout=60_000
    )
    expect(pages.locator("[data-halaman='3']")).to_contain_text("belum diisi")
    statuses = dict(Pembacaan.objects.values_list("halaman", "status"))
    assert statuses == {1: "tinjau", 2: "otomatis"}
    page.screenshot(path=str(screenshot_dir / "kpps-luring-dibaca-360.png"), full_page=True)

    # Offline again, the phone still shows the last readings it saw.
    _set_offline(context, live_server.url, True)
    page.reload()
    expect(pages.locator("[data-halaman='2'] [data-status=terbaca]")).to_be_visible()
    expect(pages.locator("[data-halaman='1'] [data-status=perlu_tinjauan]")).to_contain_text(
        "perlu ditinjau"
    )
    context.close()
