"""A PPK runs a kecamatan plenary in the browser, on a phone (360 x 740) and on a desktop: open
it, record attendance and a witness's objection, correct a held-out TPS citing the objection
(with its reason), answer the objection, confirm the desa's TPS, adopt and lock the D.Hasil,
download it and read its numbers with pypdf."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import PASSWORD, TPS_A1, TPS_A2, TPS_B1, user_with_peran
from selenggara.rekap.models import Pleno
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet
from selenggara.tungsura.models import CHasil
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
MISREAD = 700  # the hundreds box of one pair's votes read as 8 instead of 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(params=["phone", "desktop"])
def layar(request, browser, live_server) -> Iterator[object]:
    """A page at phone or desktop size that refuses every request not aimed at the server."""
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone, locale="id-ID"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.outside_requests = []
    page.layar = request.param

    def guard(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _masuk_dan_buka(page, live_server, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")
    # Menu Rekapitulasi: the kecamatan's figures; its PPWP plenary is not open yet.
    page.click("nav.mainnav >> text=Rekapitulasi")
    expect(page).to_have_url(re.compile(r"/rekap/wilayah/33\.03\.01/$"))
    page.click("a:has-text('belum dibuka')")
    expect(page).to_have_url(re.compile(r"/rekap/wilayah/33\.03\.01/pleno/ppwp/$"))
    page.click("button:has-text('Buka rapat pleno')")
    expect(page).to_have_url(re.compile(r"/rekap/pleno/\d+/$"))
    expect(page.locator(".pleno-status")).to_have_attribute("data-status", "dibuka")
    expect(page.locator(f"#butir-{TPS_A2}")).to_have_class(re.compile("flagged"))


def _hadir_dan_keberatan(page) -> None:
    from playwright.sync_api import expect

    hadir = page.locator("form:has(button[value=hadir])")
    hadir.locator("select[name=unsur]").select_option("saksi")
    hadir.locator("input[name=nama]").fill("Budi Santoso")
    hadir.locator("input[name=peserta]").fill("Paslon 01")
    hadir.locator("button[value=hadir]").click()
    expect(page.locator("body")).to_contain_text("Budi Santoso")
    objection = page.locator("form:has(button[value=keberatan])")
    objection.locator("input[name=kode]").fill(TPS_A2)
    objection.locator("input[name=pengaju]").fill("Saksi 01")
    objection.locator("textarea[name=uraian]").fill("Suara paslon 01 di salinan kami lebih kecil.")
    objection.locator("button[value=keberatan]").click()
    expect(page.locator("ul.keberatan")).to_contain_text("Saksi 01")


def _koreksi(page, calon_1: int) -> None:
    """Confirm desa Kedungbenda at once (TPS 002, held out, stays), then correct TPS 002."""
    from playwright.sync_api import expect

    page.click("#desa-33\\.03\\.01\\.2001 button[value=konfirmasi_desa]")
    expect(page.locator(f"#butir-{TPS_A1}")).to_have_attribute("data-status", "dibaca")
    expect(page.locator(f"#butir-{TPS_A2}")).to_have_attribute("data-status", "belum")
    expect(page.locator("body")).to_contain_text(TPS_A2)
    page.click(f"#butir-{TPS_A2} a.koreksi")
    expect(page).to_have_url(re.compile(rf"/koreksi/{TPS_A2}/$"))
    page.fill("input[name=calon_1]", str(calon_1))
    page.fill("[name=alasan]", "Dibacakan dari C.Hasil kertas: kotak ratusan salah baca.")
    page.select_option("select[name=keberatan]", index=1)
    page.click("button:has-text('Simpan koreksi')")
    expect(page).to_have_url(re.compile(r"/rekap/pleno/\d+/$"))
    expect(page.locator(f"#butir-{TPS_A2}")).to_have_attribute("data-status", "dikoreksi")


def _jawab_dan_tetapkan(page) -> None:
    from playwright.sync_api import expect

    answer = page.locator("ul.keberatan form")
    answer.locator("textarea[name=jawaban]").fill("Diterima: dikoreksi menjadi versi 2.")
    answer.locator("button[value=jawab]").click()
    expect(page.locator("ul.keberatan")).to_contain_text("Jawaban:")
    page.click("#desa-33\\.03\\.01\\.2002 button[value=konfirmasi_desa]")
    expect(page.locator(".pleno-status")).to_have_attribute("data-status", "selesai")
    page.click("button:has-text('Tetapkan dan kunci D.Hasil')")
    expect(page.locator(".pleno-status")).to_have_attribute("data-status", "ditetapkan")
    expect(page.locator("button[value=konfirmasi_desa]")).to_have_count(0)  # locked


def test_a_ppk_plenary_from_opening_to_the_locked_d_hasil(layar, live_server, screenshot_dir: Path):
    world = rekap_world_build()
    ppk = user_with_peran(world, Peran.PPK, username="ppk_kemangkon")
    paper = {tps: sheet(world, tps) for tps in (TPS_A1, TPS_A2, TPS_B1)}
    kirim(world, TPS_A1)
    kirim(world, TPS_B1)
    kirim(world, TPS_A2, calon_1=paper[TPS_A2]["calon_1"] + MISREAD)  # held out
    page = layar

    _masuk_dan_buka(page, live_server, ppk.username)
    _hadir_dan_keberatan(page)
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / f"rekap-pleno-{page.layar}.png"), full_page=True)
    _koreksi(page, paper[TPS_A2]["calon_1"])
    c_hasil = CHasil.objects.get(tps__kode=TPS_A2, kontestasi__jenis="ppwp")
    assert c_hasil.versi_set.count() == 2
    assert c_hasil.versi_set.get(nomor=2).sumber == "pleno"
    assert "Saksi 01" in c_hasil.versi_set.get(nomor=2).alasan
    _jawab_dan_tetapkan(page)
    assert _fits_the_screen(page)
    page.screenshot(
        path=str(screenshot_dir / f"rekap-pleno-ditetapkan-{page.layar}.png"), full_page=True
    )

    # The D.Hasil: its numbers are the paper's, TPS 002 as corrected.
    with page.expect_download() as download:
        page.click("a.d-hasil")
    text = _pdf_text(Path(download.value.path()))
    sah = sum(paper[tps]["suara_sah"] for tps in paper)
    calon_1 = sum(paper[tps]["calon_1"] for tps in paper)
    assert "D.HASIL KECAMATAN" in text
    assert f"Jumlah suara sah {_n(sah)}" in text
    assert _n(calon_1) in text
    assert f"{TPS_A2} (v2)" in text
    assert "Budi Santoso" in text
    pleno = Pleno.objects.get(wilayah_kode="33.03.01", kontestasi__jenis="ppwp")
    assert pleno.status == "ditetapkan"
    assert pleno.d_hasil_sha256
    assert page.outside_requests == []
