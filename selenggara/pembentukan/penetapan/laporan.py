"""Documents of the appointment half: the SK and inauguration roster per desa (PDF, A4) and the
honorarium budget (XLSX).

Personal data beyond name, seat and TPS never goes into these files: the NIK appears masked
(``3303********0002``) at most, as it may be posted or passed around.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from selenggara.core.domain.tanggal import tanggal_id
from selenggara.pembentukan.domain.honorarium import SANTUNAN_SUMBER, Anggaran, Jabatan
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pembentukan.penetapan.selectors import DesaRoster, RekapHonorarium, TPSRoster

RUPIAH = '"Rp"#,##0'
_TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "kop": ParagraphStyle("kop", parent=base["Title"], fontSize=13, spaceAfter=2),
        "judul": ParagraphStyle(
            "judul", parent=base["Heading2"], alignment=TA_CENTER, fontSize=11, spaceAfter=4
        ),
        "tps": ParagraphStyle("tps", parent=base["Heading4"], spaceBefore=6, spaceAfter=3),
        "teks": ParagraphStyle("teks", parent=base["BodyText"], fontSize=9, leading=12),
    }


def _kop(roster: DesaRoster, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    kabkota = roster.kabkota.nama.upper() if roster.kabkota else ""
    kecamatan = roster.kecamatan.nama if roster.kecamatan else ""
    return [
        Paragraph(f"KOMISI PEMILIHAN UMUM {escape(kabkota)}", styles["kop"]),
        Paragraph(
            f"Panitia Pemungutan Suara {escape(roster.desa.nama)}, Kecamatan {escape(kecamatan)}",
            styles["judul"],
        ),
        Spacer(1, 4 * mm),
    ]


def _jabatan(anggota: AnggotaKPPS) -> str:
    if anggota.peran == AnggotaKPPS.PeranChoices.KETUA:
        return "Ketua merangkap anggota"
    return "Anggota"


def _tps_table(tps: TPSRoster, *, hadir_column: bool) -> Table:
    header = ["No.", "Nama", "Jabatan", "NIK"]
    header += ["Hadir", "Tanda tangan"] if hadir_column else []
    rows: list[list[str]] = [header]
    for anggota in tps.anggota_list:
        row = [
            str(anggota.posisi),
            anggota.pendaftar.nama,
            _jabatan(anggota),
            anggota.pendaftar.nik_masked,
        ]
        if hadir_column:
            hadir = tps.hadir_by_anggota.get(anggota.pk)
            row += ["" if hadir is None else ("Ya" if hadir else "Tidak"), ""]
        rows.append(row)
    widths = [10 * mm, 62 * mm, 40 * mm, 34 * mm]
    if hadir_column:
        widths = [10 * mm, 55 * mm, 36 * mm, 32 * mm, 14 * mm, 28 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_TABLE_STYLE)
    return table


def _tps_blocks(
    roster: DesaRoster, styles: dict[str, ParagraphStyle], *, hadir_column: bool
) -> list[Flowable]:
    blocks: list[Flowable] = []
    for tps in roster.tps_list:
        title = Paragraph(f"TPS {tps.tps.nomor:03d} ({tps.tps.kode})", styles["tps"])
        if not tps.anggota_list:
            blocks.append(KeepTogether([title, Paragraph("Belum ditetapkan.", styles["teks"])]))
            continue
        blocks.append(KeepTogether([title, _tps_table(tps, hadir_column=hadir_column)]))
        if tps.ketertiban_list and not hadir_column:
            names = ", ".join(escape(p.nama) for p in tps.ketertiban_list)
            blocks.append(Paragraph(f"Petugas Ketertiban TPS: {names}", styles["teks"]))
    return blocks


def _build(flowables: list[Flowable], title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Selenggara",
        lang="id",
    )
    doc.build(flowables)
    return buffer.getvalue()


def sk_pdf(roster: DesaRoster) -> bytes:
    """Return the SK appointing the KPPS of every TPS of the desa, as an A4 PDF."""
    styles = _styles()
    sk = roster.sk
    nomor = sk.nomor if sk else "........"
    tanggal = tanggal_id(sk.tanggal) if sk else "........"
    flowables = _kop(roster, styles)
    flowables += [
        Paragraph("KEPUTUSAN PANITIA PEMUNGUTAN SUARA", styles["judul"]),
        Paragraph(f"NOMOR {escape(nomor)}", styles["judul"]),
        Paragraph(
            "TENTANG PENETAPAN ANGGOTA KELOMPOK PENYELENGGARA PEMUNGUTAN SUARA "
            f"{escape(roster.pemilihan.nama.upper())}",
            styles["judul"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            "Berdasarkan Peraturan KPU Nomor 8 Tahun 2022 Pasal 18 ayat (3) dan Pasal 28, "
            f"Panitia Pemungutan Suara {escape(roster.desa.nama)} atas nama Komisi Pemilihan Umum "
            "Kabupaten/Kota menetapkan anggota KPPS pada setiap TPS sebagai berikut.",
            styles["teks"],
        ),
    ]
    flowables += _tps_blocks(roster, styles, hadir_column=False)
    flowables += [
        Spacer(1, 8 * mm),
        Paragraph(f"Ditetapkan di {escape(roster.desa.nama)}, tanggal {tanggal}.", styles["teks"]),
        Paragraph("Ketua Panitia Pemungutan Suara", styles["teks"]),
    ]
    return _build(flowables, f"SK KPPS {roster.desa.nama}")


def roster_pdf(roster: DesaRoster) -> bytes:
    """Return the inauguration roster (daftar hadir pelantikan) of the desa, as an A4 PDF."""
    styles = _styles()
    pelantikan = roster.pelantikan
    if pelantikan is not None:
        waktu = timezone.localtime(pelantikan.waktu)
        when = f"{tanggal_id(waktu.date())} pukul {waktu:%H.%M}, {escape(pelantikan.tempat)}"
    else:
        when = "........"
    flowables = _kop(roster, styles)
    flowables += [
        Paragraph("DAFTAR HADIR PELANTIKAN ANGGOTA KPPS", styles["judul"]),
        Paragraph(escape(roster.pemilihan.nama), styles["judul"]),
        Paragraph(f"Waktu dan tempat: {when}", styles["teks"]),
    ]
    flowables += _tps_blocks(roster, styles, hadir_column=True)
    return _build(flowables, f"Daftar hadir pelantikan KPPS {roster.desa.nama}")


# --- XLSX ---------------------------------------------------------------------------------

_HEADER = [
    "Kecamatan",
    "Desa/Kelurahan",
    "Kode desa",
    "TPS",
    "Ketua KPPS",
    "Anggota KPPS",
    "Petugas Ketertiban TPS",
    "Honorarium Ketua KPPS",
    "Honorarium Anggota KPPS",
    "Honorarium Petugas Ketertiban",
    "Jumlah",
]
_BOLD = Font(bold=True)
_SUBTOTAL_FILL = PatternFill("solid", fgColor="EEEEEE")


def _amounts(counts: dict[Jabatan, int] | None, budget: Anggaran) -> list[int]:
    subtotal = {b.jabatan: b.subtotal for b in budget.baris}
    orang = {b.jabatan: b.jumlah_orang for b in budget.baris}
    return [
        orang.get(Jabatan.KETUA_KPPS, 0),
        orang.get(Jabatan.ANGGOTA_KPPS, 0),
        orang.get(Jabatan.PETUGAS_KETERTIBAN, 0),
        subtotal.get(Jabatan.KETUA_KPPS, 0),
        subtotal.get(Jabatan.ANGGOTA_KPPS, 0),
        subtotal.get(Jabatan.PETUGAS_KETERTIBAN, 0),
        budget.total,
    ]


def honorarium_xlsx(rekap: RekapHonorarium) -> bytes:
    """Return the honorarium budget as XLSX: one table, a subtotal per kecamatan, the total.

    Numbers are numbers (counts as integers, amounts in rupiah format), so the sheet sums.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "Honorarium"
    tarif = rekap.tarif
    sheet.append([f"Anggaran honorarium KPPS dan Petugas Ketertiban TPS: {rekap.wilayah.nama}"])
    sheet.append(
        [
            f"{rekap.pemilihan.nama}; tarif {tarif.nama if tarif else '-'} per orang per bulan; "
            f"{rekap.bulan} bulan"
        ]
    )
    sheet.append([])
    sheet.append(_HEADER)
    for cell in sheet[4]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _honorarium_rows(sheet, rekap)
    for row in sheet.iter_rows(min_row=5, min_col=8, max_col=11):
        for cell in row:
            cell.number_format = RUPIAH
    for index, width in enumerate((22, 24, 12, 6, 10, 10, 12, 20, 20, 20, 22), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"
    if tarif is not None and rekap.kebutuhan is not None:
        _tarif_sheet(workbook, rekap)
    _santunan_sheet(workbook, rekap)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _honorarium_rows(sheet: Worksheet, rekap: RekapHonorarium) -> None:
    for kelompok in rekap.kelompok:
        for baris in kelompok.baris:
            sheet.append(
                [
                    baris.kecamatan,
                    baris.desa,
                    baris.desa_kode,
                    baris.tps,
                    *_amounts(None, baris.anggaran),
                ]
            )
        sheet.append(
            [
                f"Jumlah Kecamatan {kelompok.kecamatan}",
                "",
                kelompok.kecamatan_kode,
                kelompok.tps,
                *_amounts(None, kelompok.subtotal),
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = _BOLD, _SUBTOTAL_FILL
    if rekap.total is not None:
        sheet.append(["Jumlah seluruhnya", "", "", rekap.tps, *_amounts(None, rekap.total)])
        for cell in sheet[sheet.max_row]:
            cell.font = _BOLD


def _tarif_sheet(workbook: Workbook, rekap: RekapHonorarium) -> None:
    assert rekap.tarif is not None  # noqa: S101
    assert rekap.kebutuhan is not None  # noqa: S101
    sheet = workbook.create_sheet("Tarif dan kebutuhan")
    sheet.append(["Jabatan", "Tarif per orang per bulan", "Kebutuhan orang", "Kebutuhan anggaran"])
    for cell in sheet[1]:
        cell.font = _BOLD
    for baris in rekap.kebutuhan.baris:
        sheet.append([baris.jabatan.label, baris.tarif, baris.jumlah_orang, baris.subtotal])
    sheet.append(["Jumlah (seluruh TPS terisi penuh)", None, None, rekap.kebutuhan.total])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=4):
        for cell in row:
            if cell.column != 3:
                cell.number_format = RUPIAH
    sheet.append([])
    sheet.append(["Sumber tarif: Surat Menteri Keuangan S-647/MK.02/2022."])
    for index, width in enumerate((34, 24, 16, 22), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _santunan_sheet(workbook: Workbook, rekap: RekapHonorarium) -> None:
    """Santunan per case: not a budget line, paid per case to any ad hoc member covered."""
    sheet = workbook.create_sheet("Santunan")
    sheet.append([f"Santunan kecelakaan kerja dan kematian badan ad hoc: {rekap.wilayah.nama}"])
    sheet.append([f"Sumber: {SANTUNAN_SUMBER}."])
    sheet.append(
        [
            "Berlaku bagi setiap anggota KPPS dan Petugas Ketertiban TPS yang dihitung; dibayar "
            "per kejadian, bukan bagian dari jumlah honorarium."
        ]
    )
    sheet.append([])
    sheet.append(["Jenis santunan", "Besaran per orang per kejadian"])
    for cell in sheet[5]:
        cell.font = _BOLD
    for baris in rekap.santunan:
        sheet.append([baris.jenis.label, baris.besaran])
        sheet.cell(row=sheet.max_row, column=2).number_format = RUPIAH
    sheet.append([])
    sheet.append(
        ["Jumlah orang yang dicakup (KPPS dan Petugas Ketertiban TPS)", rekap.orang_santunan]
    )
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    sheet.column_dimensions["A"].width = 56
    sheet.column_dimensions["B"].width = 30
