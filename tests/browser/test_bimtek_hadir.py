"""A PPK on a phone plans its kecamatan's Bimtek, then checks trainees in by ticking and by
scanning the QR of the printed attendance sheet."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.bimtek.models import JadwalTPS, KehadiranBimtek, PelatihBimtek, TempatBimtek
from selenggara.bimtek.services import rencana_create
from selenggara.bimtek.tests.conftest import MULAI, SELESAI, anggota_make, user_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KAB, KEC = "33.03", "33.03.01"
PASSWORD = "Rahasia-Uji-2029!"


def _fits_the_screen(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _qr_urls(pdf: bytes) -> list[str]:
    """What a phone's camera reads off the printed sheet: every QR on its rendered pages."""
    import pypdfium2 as pdfium
    import zxingcpp

    urls = []
    for page in pdfium.PdfDocument(io.BytesIO(pdf)):
        image = page.render(scale=3).to_pil()
        urls += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.QRCode]
    return urls


def _login(page, live_server, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")


def _login_kpu(page, live_server, user) -> None:
    """A KPU account signs in with its password, then sets up and enters its TOTP code."""
    from django.urls import reverse
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:two_factor"))))
    device = TOTPDevice.objects.get(user=user)
    page.fill("input[name=kode]", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
    page.click("main button[type=submit]")
    expect(page).not_to_have_url(re.compile(re.escape(reverse("accounts:two_factor"))))


def test_ppk_plans_its_kecamatan_and_checks_trainees_in_on_a_phone(
    phone, live_server, wilayah_tree, screenshot_dir: Path
):
    from playwright.sync_api import expect

    kpu_kab = user_make("kpu_kab_bimtek", Peran.KPU_KABKOTA, KAB)
    ppk = user_make("ppk_bimtek", Peran.PPK, KEC)
    rencana = rencana_create(
        pemilihan=wilayah_tree.pemilihan,
        kabkota=wilayah_tree.kabkota,
        tanggal_mulai=MULAI,
        tanggal_selesai=SELESAI,
        actor=kpu_kab,
    )
    TempatBimtek.objects.create(
        rencana=rencana,
        kecamatan_kode=KEC,
        desa_kode="33.03.01.2001",
        nama="Aula Kecamatan",
        kapasitas=14,
    )
    for i in range(2):
        PelatihBimtek.objects.create(
            rencana=rencana, kecamatan_kode=KEC, nama=f"PPK {i}", jenis=PelatihBimtek.Jenis.PPK
        )
    tps = wilayah_tree.tps_list[0]
    anggota = anggota_make(tps)
    page = phone
    page.set_default_timeout(60_000)  # planning runs the solver inside the request
    _login(page, live_server, ppk.username)

    # Plan the kecamatan: three TPS teams of seven in a 14-seat hall make two waves.
    page.goto(f"{live_server.url}/bimtek/rencana/{KAB}/{KEC}/")
    page.click("#rencanakan")
    expect(page.locator("#gelombang tbody tr")).to_have_count(2)
    expect(page.locator("#gelombang")).to_contain_text("Aula Kecamatan")
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "bimtek-gelombang-360.png"), full_page=True)
    sesi = JadwalTPS.objects.get(rencana=rencana, tps=tps).sesi

    # Tick the ketua in on the session page.
    page.goto(f"{live_server.url}/bimtek/sesi/{sesi.pk}/")
    expect(page.locator("#jumlah-hadir")).to_contain_text("0 dari")
    page.locator(f"li#a{anggota[0].pk} button[type=submit]").click()
    expect(page.locator("#jumlah-hadir")).to_contain_text("1 dari")
    expect(page.locator(f"li#a{anggota[0].pk}")).to_contain_text("hadir")

    # Scan the second member's QR off the printed attendance sheet; the camera opens its URL.
    pdf = page.request.get(f"{live_server.url}/bimtek/sesi/{sesi.pk}/daftar-hadir.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    urls = _qr_urls(pdf.body())
    assert len(urls) == 7
    page.goto(urls[1].replace("http://testserver", live_server.url))
    expect(page.locator("main")).to_contain_text(anggota[1].pendaftar.nama)
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "bimtek-hadir-qr-360.png"), full_page=True)
    with page.expect_navigation():  # the check-in is recorded before the page moves on
        page.click("#konfirmasi-hadir")
    page.goto(f"{live_server.url}/bimtek/sesi/{sesi.pk}/")
    expect(page.locator("#jumlah-hadir")).to_contain_text("2 dari")
    assert set(KehadiranBimtek.objects.filter(sesi=sesi).values_list("anggota_id", flat=True)) == {
        anggota[0].pk,
        anggota[1].pk,
    }


def test_kpu_uploads_trainers_on_a_phone_and_sees_each_bad_row(
    phone, live_server, wilayah_tree, tmp_path, screenshot_dir: Path
):
    from playwright.sync_api import expect

    kpu_kab = user_make("kpu_kab_impor", Peran.KPU_KABKOTA, KAB)
    rencana_create(
        pemilihan=wilayah_tree.pemilihan,
        kabkota=wilayah_tree.kabkota,
        tanggal_mulai=MULAI,
        tanggal_selesai=SELESAI,
        actor=kpu_kab,
    )
    bad = tmp_path / "pelatih.csv"
    bad.write_text(
        "kecamatan_kode,nama,jenis,tanggal\n33.03.01,Iptu Sari,polisi,2024-01-27\n"
        "33.03.01,Budi,tentara,\n33.03.01,Ani,pps,2024-03-01\n",
        encoding="utf-8",
    )
    good = tmp_path / "pelatih-baik.csv"
    good.write_text(
        "kecamatan_kode,nama,jenis,tanggal,sesi\n33.03.01,Iptu Sari,polisi,2024-01-27,1\n",
        encoding="utf-8",
    )
    page = phone
    _login_kpu(page, live_server, kpu_kab)
    page.goto(f"{live_server.url}/bimtek/rencana/{KAB}/")
    page.click("#ke-impor")

    page.locator("#impor-pelatih input[type=file]").set_input_files(str(bad))
    page.locator("#impor-pelatih button[type=submit]").click()
    errors = page.locator("#impor-pelatih table.row-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("jenis")
    expect(errors.nth(1)).to_contain_text("tanggal")
    assert _fits_the_screen(page)
    page.screenshot(path=str(screenshot_dir / "bimtek-impor-salah-360.png"), full_page=True)
    assert not PelatihBimtek.objects.filter(nama="Iptu Sari").exists()

    page.locator("#impor-pelatih input[type=file]").set_input_files(str(good))
    page.locator("#impor-pelatih button[type=submit]").click()
    expect(page.locator("#daftar-pelatih")).to_contain_text("Iptu Sari")
    expect(page.locator("#daftar-pelatih")).to_contain_text("Kepolisian")
    assert PelatihBimtek.objects.get(nama="Iptu Sari").slot_tersedia == [0]
