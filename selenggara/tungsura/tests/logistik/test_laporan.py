"""The distribution list is a real A4 landscape PDF with the allocation and the box receipt."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from selenggara.accounts.domain.peran import Peran
from selenggara.core.tests.pdf import pdf_page_sizes, pdf_text
from selenggara.portal.tests.world import DESA_A, TPS_A1, World
from selenggara.tungsura.logistik.laporan import _tanggal, distribusi_pdf
from selenggara.tungsura.logistik.selectors import logistik_get_for_wilayah
from selenggara.tungsura.logistik.services import kotak_suara_record
from selenggara.tungsura.tests.logistik.conftest import dki_add


def _pdf(world: World, kode: str) -> bytes:
    logistik = logistik_get_for_wilayah(pemilihan=world.pemilihan, wilayah=world.wilayah[kode])
    return distribusi_pdf(logistik)


def test_the_pdf_starts_like_a_pdf(world: World):
    assert _pdf(world, DESA_A).startswith(b"%PDF-")


def test_a_desa_list_has_header_rows_totals_and_blank_receipt_columns(world: World):
    content = _pdf(world, DESA_A)
    text = pdf_text(content)

    assert set(pdf_page_sizes(content)) == {(841.89, 595.28)}  # A4 landscape
    assert "DAFTAR DISTRIBUSI SURAT SUARA" in text
    assert "Pemilu 2024" in text
    assert "Kedungbenda (33.03.01.2001)" in text
    assert "cadangan 2% dari DPT" in text
    assert "TPS 001" in text
    assert "TPS 002" in text
    assert "Presiden dan Wakil Presiden" in text
    assert "DPRD Kabupaten/Kota" in text
    assert "1.250" in text  # TPS A1: 250 ballots x 5 contests
    assert "Jumlah seluruhnya" in text
    assert "2.670" in text
    assert "Tanda tangan PPS" in text
    assert "Tanda tangan KPPS" in text
    assert "utuh / rusak" in text  # nothing recorded yet: written by hand


def test_recorded_boxes_are_printed(world: World):
    kotak_suara_record(
        tps=world.tps[TPS_A1],
        jenis="dpd",
        nomor_segel="DPD-7788",
        kondisi_segel="rusak",
        surat_suara_diterima=248,
        diterima_pada=dt.datetime(2024, 2, 13, 15, 5, tzinfo=ZoneInfo("Asia/Jakarta")),
        actor=world.user(Peran.KPPS_KETUA),
    )

    text = pdf_text(_pdf(world, DESA_A))

    assert "DPD-7788" in text
    assert "Segel rusak" in text
    assert "13-02-2024 15.05" in text


def test_a_kecamatan_list_has_a_subtotal_per_desa(world: World):
    text = pdf_text(_pdf(world, "33.03.01"))

    assert "Kecamatan Kemangkon" in text
    assert "Jumlah Kedungbenda" in text
    assert "Jumlah Bokol" in text
    assert "3.690" in text  # 738 x 5


def test_a_dki_list_has_4_contest_columns(world: World):
    kecamatan = dki_add(world)
    logistik = logistik_get_for_wilayah(pemilihan=world.pemilihan, wilayah=kecamatan)

    text = pdf_text(distribusi_pdf(logistik))

    assert "DPRD Provinsi" in text
    assert "DPRD Kabupaten/Kota" not in text


def test_an_election_of_one_contest_prints_one_receipt_row_per_tps(world: World):
    world.pemilihan.kontestasi_set.exclude(jenis="ppwp").delete()

    text = pdf_text(_pdf(world, DESA_A))

    assert "Presiden dan Wakil Presiden" in text
    assert "DPR" not in text.replace("DPRD", "")


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_print_date_is_written_in_indonesian_like_the_page(language):
    with translation.override(language):
        assert _tanggal(dt.date(2024, 2, 14)) == "14 Februari 2024"
