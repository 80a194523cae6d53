"""An applicant registers on a phone with documents; the PPS screens them and records MS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.pembentukan.domain.syarat import JenisDokumen, Syarat
from selenggara.pembentukan.models import Pendaftar
from selenggara.pembentukan.tests.helpers import JPEG, PDF, jadwal_open
from selenggara.portal.tests.world import DESA_A, PASSWORD, user_with_peran, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NIK = "3303015203900001"
# htmx has swapped, settled and processed the new content (its hx- attributes work).
SETTLED = (
    "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
)


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _documents(tmp_path: Path) -> dict[str, Path]:
    files = {}
    for jenis in JenisDokumen:
        foto = jenis is JenisDokumen.PAS_FOTO
        path = tmp_path / f"{jenis.value}.{'jpg' if foto else 'pdf'}"
        path.write_bytes(JPEG if foto else PDF)
        files[f"dokumen_{jenis.value}"] = path
    return files


def _register_on_phone(page, url: str, tmp_path: Path, screenshot_dir: Path) -> None:
    """Fill the public registration form as an applicant on a phone and submit it."""
    from playwright.sync_api import expect

    page.goto(f"{url}/daftar-kpps/")
    page.wait_for_function("() => typeof htmx === 'object'")
    # The applicant picks the desa level by level (htmx swaps the page part).
    levels = (("provinsi", "33"), ("kabkota", "33.03"), ("kecamatan", "33.03.01"), ("desa", DESA_A))
    for (param, kode), after in zip(
        levels, ["#id_kabkota", "#id_kecamatan", "#id_desa", "input[name=nik]"], strict=True
    ):
        page.select_option(f"#id_{param}", kode)
        expect(page.locator(after)).to_be_visible()  # the swapped page part has the next level
        page.wait_for_function(SETTLED)
    expect(page.locator("input[name=nik]")).to_be_visible()

    page.fill("input[name=nama]", "Siti Aminah")
    page.fill("input[name=nik]", NIK)
    page.fill("input[name=tanggal_lahir]", "1990-03-12")
    page.check("input[name=jenis_kelamin][value=P]")
    page.fill("textarea[name=alamat]", "Jl. Raya Kedungbenda 2")
    page.select_option("select[name=pendidikan]", "sma")
    page.select_option("select[name=tps_preferensi]", label="TPS 001")
    page.fill("input[name=telepon]", "081234567890")
    for box in page.locator(".checks input[type=checkbox]").all():
        box.check()
    for name, path in _documents(tmp_path).items():
        page.set_input_files(f"input[name={name}]", str(path))
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "daftar-kpps-360.png"), full_page=True)
    page.click("form[enctype] button[type=submit]")


def test_applicant_registers_and_pps_records_ms(phone, live_server, tmp_path, screenshot_dir):
    from playwright.sync_api import expect

    world = world_build(with_users=False)
    jadwal_open(world.pemilihan)
    pps = user_with_peran(world, Peran.PPS, username="pps_kedungbenda")
    page = phone

    _register_on_phone(page, live_server.url, tmp_path, screenshot_dir)

    # The status page: number, masked NIK, never the whole NIK.
    expect(page).to_have_url(re.compile(r"/daftar-kpps/status/KPPS-3303012001-0001/"))
    expect(page.locator(".nomor")).to_have_text("KPPS-3303012001-0001")
    expect(page.locator("main")).to_contain_text("3303********0001")
    expect(page.locator("main")).not_to_contain_text(NIK)
    assert _fits_the_screen(page)
    pendaftar = Pendaftar.objects.get()
    assert pendaftar.dokumen_set.count() == len(JenisDokumen)

    # The PPS logs in, opens the applicant, runs the checks and records MS everywhere.
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", pps.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/pembentukan/desa/{DESA_A}/")
    page.click("text=KPPS-3303012001-0001")
    expect(page.locator("h1")).to_have_text("Siti Aminah")
    expect(page.locator(".dokumen-list li")).to_have_count(len(JenisDokumen))
    page.click("text=Jalankan penelitian otomatis")
    expect(page.locator(".otomatis-ok")).to_have_count(len(Syarat))
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )
    for radio in page.locator(".penilaian input[type=radio][value=ms]").all():
        radio.check()
    expect(page.locator(".penilaian input[type=radio][value=ms]:checked")).to_have_count(
        len(Syarat)
    )
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "pps-penilaian-360.png"), full_page=True)
    page.click("text=Simpan penilaian")

    expect(page.locator(".subtitle .status")).to_have_text("Memenuhi syarat")
    pendaftar.refresh_from_db()
    assert pendaftar.status == Pendaftar.Status.MEMENUHI_SYARAT
    assert pendaftar.penilaian_set.filter(hasil="ms").count() == len(Syarat)
    assert page.outside_requests == []
