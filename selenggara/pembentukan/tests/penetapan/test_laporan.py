"""The SK and inauguration roster PDFs and the honorarium XLSX, read back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from selenggara.core.tests.pdf import pdf_page_sizes, pdf_text
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pembentukan.penetapan.laporan import (
    RUPIAH,
    honorarium_xlsx,
    roster_pdf,
    sk_pdf,
)
from selenggara.pembentukan.penetapan.selectors import desa_roster_get, honorarium_rekap
from selenggara.pembentukan.penetapan.services import (
    DataPetugas,
    ketertiban_set,
    kpps_tetapkan,
    pelantikan_record,
    sk_kpps_set,
)
from selenggara.pembentukan.personal import nik_decrypt
from selenggara.pembentukan.tests.penetapan.builders import calon_many, nik_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def kedungbenda(wilayah_tree, pps, pps_bokol):
    pemilihan = wilayah_tree.pemilihan
    desa_a, desa_b = wilayah_tree.desa_list
    tps_a1, _tps_a2, tps_b1 = wilayah_tree.tps_list
    calon = calon_many(pemilihan, desa_a, 8, tps=tps_a1)
    calon_many(pemilihan, desa_b, 7, tps=tps_b1)
    kpps_tetapkan(tps=tps_a1, actor=pps)
    kpps_tetapkan(tps=tps_b1, actor=pps_bokol)
    ketertiban_set(
        tps=tps_a1,
        petugas=[
            DataPetugas(nama="Slamet Linmas", nik=nik_for(901), jenis_kelamin=JenisKelamin.L),
            DataPetugas(nama="Warsini Linmas", nik=nik_for(902), jenis_kelamin=JenisKelamin.P),
        ],
        actor=pps,
    )
    return wilayah_tree, calon


def test_sk_lists_every_tps_of_the_desa(kedungbenda, pps):
    tree, calon = kedungbenda
    desa = tree.desa_list[0]
    sk_kpps_set(
        pemilihan=tree.pemilihan,
        desa=desa,
        nomor="7/PPS/2024",
        tanggal=date(2024, 1, 24),
        actor=pps,
    )

    content = sk_pdf(desa_roster_get(pemilihan=tree.pemilihan, desa=desa))

    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert "KOMISI PEMILIHAN UMUM KABUPATEN PURBALINGGA" in text
    assert "NOMOR 7/PPS/2024" in text
    assert "TPS 001 (3303012001001)" in text
    assert "TPS 002 (3303012001002)" in text
    assert "Belum ditetapkan." in text  # TPS 002
    for p in calon[:7]:
        assert p.nama in text
        assert p.nik_masked in text
        assert nik_decrypt(p.nik_encrypted) not in text
    assert calon[7].nama not in text  # a reserve is not in the SK
    assert "Ketua merangkap anggota" in text
    assert "Petugas Ketertiban TPS: Slamet Linmas, Warsini Linmas" in text
    assert "Calon Bokol" not in text  # no other desa's members


def test_sk_is_a4(kedungbenda):
    tree, _calon = kedungbenda
    content = sk_pdf(desa_roster_get(pemilihan=tree.pemilihan, desa=tree.desa_list[0]))

    assert set(pdf_page_sizes(content)) == {(595.28, 841.89)}


def test_roster_shows_attendance(kedungbenda, pps):
    tree, calon = kedungbenda
    desa = tree.desa_list[0]
    anggota = list(AnggotaKPPS.objects.filter(tps=tree.tps_list[0]).order_by("posisi"))
    pelantikan_record(
        pemilihan=tree.pemilihan,
        desa=desa,
        waktu=timezone.now(),
        tempat="Balai Desa Kedungbenda",
        hadir_ids=[a.pk for a in anggota[:6]],
        actor=pps,
    )

    text = pdf_text(roster_pdf(desa_roster_get(pemilihan=tree.pemilihan, desa=desa)))

    assert "DAFTAR HADIR PELANTIKAN ANGGOTA KPPS" in text
    assert "Balai Desa Kedungbenda" in text
    assert text.count("\nYa\n") == 6
    assert text.count("\nTidak\n") == 1
    assert calon[0].nama in text


def test_roster_before_inauguration(kedungbenda):
    tree, _calon = kedungbenda
    text = pdf_text(roster_pdf(desa_roster_get(pemilihan=tree.pemilihan, desa=tree.desa_list[0])))

    assert "Waktu dan tempat: ........" in text


def test_honorarium_xlsx_reads_back_and_sums(kedungbenda):
    tree, _calon = kedungbenda
    rekap = honorarium_rekap(pemilihan=tree.pemilihan, wilayah=tree.kabkota, bulan=1)

    workbook = load_workbook(io.BytesIO(honorarium_xlsx(rekap)))

    sheet = workbook["Honorarium"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    desa_rows = [r for r in rows if r[1]]
    assert [r[1] for r in desa_rows] == ["Kedungbenda", "Bokol"]
    kedungbenda_row = next(r for r in desa_rows if r[1] == "Kedungbenda")
    assert kedungbenda_row[3:] == (2, 1, 6, 2, 1_200_000, 6_600_000, 1_400_000, 9_200_000)
    subtotal = next(r for r in rows if str(r[0]).startswith("Jumlah Kecamatan"))
    total = rows[-1]
    assert total[0] == "Jumlah seluruhnya"
    assert subtotal[10] == sum(r[10] for r in desa_rows) == total[10] == 9_200_000 + 7_800_000
    assert total[3] == 3
    assert sheet.cell(row=5, column=11).number_format == RUPIAH
    assert isinstance(sheet.cell(row=5, column=11).value, int)
    tarif = workbook["Tarif dan kebutuhan"]
    assert tarif.cell(row=2, column=2).value == 1_200_000
    assert tarif.cell(row=5, column=4).value == 3 * 9_200_000


def test_honorarium_xlsx_without_rates(kedungbenda):
    tree, _calon = kedungbenda
    tree.pemilihan.kode = "pemilu-uji"
    rekap = honorarium_rekap(pemilihan=tree.pemilihan, wilayah=tree.kabkota)

    workbook = load_workbook(io.BytesIO(honorarium_xlsx(rekap)))

    assert workbook.sheetnames == ["Honorarium", "Santunan"]
    assert workbook["Santunan"].cell(row=6, column=2).value == 36_000_000


def test_honorarium_xlsx_carries_the_santunan_of_everyone_counted(kedungbenda):
    tree, _calon = kedungbenda
    rekap = honorarium_rekap(pemilihan=tree.pemilihan, wilayah=tree.kabkota)

    workbook = load_workbook(io.BytesIO(honorarium_xlsx(rekap)))

    sheet = workbook["Santunan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert "59" in str(rows[1][0])
    assert "S-647/MK.02/2022" in str(rows[1][0])
    assert "Petugas Ketertiban" in str(rows[2][0])
    assert rows[4] == ("Jenis santunan", "Besaran per orang per kejadian")
    table = rows[5:10]
    assert table == [
        ("Meninggal dunia", 36_000_000),
        ("Cacat permanen", 30_800_000),
        ("Luka berat / sakit berat", 16_500_000),
        ("Luka sedang / sakit sedang", 8_250_000),
        ("Bantuan biaya pemakaman", 10_000_000),
    ]
    assert all(sheet.cell(row=r, column=2).number_format == RUPIAH for r in range(6, 11))
    covered = rows[-1]
    # Two KPPS of 7 members each and the 2 Petugas Ketertiban of TPS A1.
    assert covered[0].startswith("Jumlah orang yang dicakup")
    assert covered[1] == 16
