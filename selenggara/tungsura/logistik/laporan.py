"""The ballot distribution list (daftar distribusi surat suara) of a desa or kecamatan: A4
landscape PDF.

Part A: one row per TPS with DPT, reserve and ballots per contest, subtotals per desa and the
total. Part B: the receipt of the sealed boxes, one row per TPS and contest: seal number,
condition, ballots received and date as recorded, left blank to be written by hand where not
yet recorded, and boxes for the PPS and KPPS signatures.
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from selenggara.tungsura.logistik.selectors import Jumlah, LogistikTPS, LogistikWilayah
from selenggara.tungsura.models import KotakSuara
from selenggara.wilayah.domain.kode import Tingkat

_GRID = [
    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
    ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]
_KOSONG = ""


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "kop": ParagraphStyle("kop", parent=base["Title"], fontSize=13, spaceAfter=2),
        "judul": ParagraphStyle(
            "judul", parent=base["Heading2"], alignment=TA_CENTER, fontSize=11, spaceAfter=3
        ),
        "bagian": ParagraphStyle("bagian", parent=base["Heading4"], spaceBefore=6, spaceAfter=3),
        "teks": ParagraphStyle("teks", parent=base["BodyText"], fontSize=8, leading=10),
        "sel": ParagraphStyle("sel", parent=base["BodyText"], fontSize=8, leading=9),
    }


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _tingkat(logistik: LogistikWilayah) -> str:
    return "Kecamatan" if logistik.wilayah.tingkat == Tingkat.KECAMATAN else "Desa/Kelurahan"


def _tanggal(d: date) -> str:
    """``14 Februari 2024``: Django's Indonesian month names, as the rest of the page is in
    Indonesian whatever language the request chose."""
    with translation.override("id"):
        return date_format(d, "j F Y")


def _kop(logistik: LogistikWilayah, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    aturan = logistik.aturan
    wilayah = logistik.wilayah
    return [
        Paragraph("DAFTAR DISTRIBUSI SURAT SUARA DAN KOTAK SUARA KE TPS", styles["kop"]),
        Paragraph(escape(logistik.pemilihan.nama), styles["judul"]),
        Paragraph(
            f"{_tingkat(logistik)} {escape(wilayah.nama)} ({escape(wilayah.kode)})", styles["judul"]
        ),
        Paragraph(
            f"Surat suara per TPS per kontestasi = DPT + cadangan {aturan.persen}% dari DPT TPS "
            f"(pembulatan: {escape(aturan.pembulatan.value.replace('_', ' '))}). "
            f"Dicetak {_tanggal(timezone.localdate())}.",
            styles["teks"],
        ),
        Spacer(1, 3 * mm),
    ]


def _tps_label(row: LogistikTPS) -> str:
    return f"TPS {row.tps.nomor:03d}"


def _jumlah_cells(jumlah: Jumlah, jenis_list: list[str]) -> list[str]:
    return [
        _n(jumlah.tps),
        _n(jumlah.dpt),
        _n(jumlah.cadangan),
        *(_n(jumlah.surat_suara_by_jenis.get(j, 0)) for j in jenis_list),
        _n(jumlah.surat_suara),
    ]


def _alokasi_table(logistik: LogistikWilayah) -> Table:
    jenis_list = [j for j, _label in logistik.kontestasi_label_list]
    header = ["Desa/Kelurahan", "TPS", "DPT", "Cadangan"]
    header += [label for _j, label in logistik.kontestasi_label_list] + ["Jumlah surat suara"]
    rows: list[list[str]] = [header]
    bold_rows = []
    for kelompok in logistik.kelompok_list:
        for row in kelompok.tps_list:
            by_jenis = {k.jenis.value: _n(k.surat_suara) for k in row.kotak_list}
            rows.append(
                [
                    kelompok.desa.nama,
                    _tps_label(row),
                    _n(row.dpt),
                    _n(row.cadangan),
                    *(by_jenis.get(j, "-") for j in jenis_list),
                    _n(row.surat_suara_total),
                ]
            )
        rows.append([f"Jumlah {kelompok.desa.nama}", *_jumlah_cells(kelompok.jumlah, jenis_list)])
        rows[-1][1] += " TPS"
        bold_rows.append(len(rows) - 1)
    rows.append(["Jumlah seluruhnya", *_jumlah_cells(logistik.jumlah, jenis_list)])
    rows[-1][1] += " TPS"
    bold_rows.append(len(rows) - 1)
    per = (267 - 110) / (len(jenis_list) + 1)
    widths = [50 * mm, 24 * mm, 18 * mm, 18 * mm] + [per * mm] * (len(jenis_list) + 1)
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [*_GRID, ("ALIGN", (2, 1), (-1, -1), "RIGHT")]
    for index in bold_rows:
        style += [
            ("FONT", (0, index), (-1, index), "Helvetica-Bold", 8),
            ("BACKGROUND", (0, index), (-1, index), colors.HexColor("#f4f4f4")),
        ]
    table.setStyle(TableStyle(style))
    return table


def _kotak_cells(kotak: KotakSuara | None) -> list[str]:
    if kotak is None:
        return [_KOSONG, "utuh / rusak", _KOSONG, _KOSONG]
    return [
        kotak.nomor_segel,
        kotak.get_kondisi_segel_display(),
        _n(kotak.surat_suara_diterima),
        timezone.localtime(kotak.diterima_pada).strftime("%d-%m-%Y %H.%M"),
    ]


def _kotak_table(logistik: LogistikWilayah) -> Table:
    header = [
        "TPS",
        "Kontestasi",
        "Alokasi",
        "Nomor segel",
        "Kondisi segel",
        "Diterima",
        "Tanggal/jam",
        "Tanda tangan PPS",
        "Tanda tangan KPPS",
    ]
    rows: list[list[str]] = [header]
    style = list(_GRID)
    for kelompok in logistik.kelompok_list:
        for row in kelompok.tps_list:
            first = len(rows)
            rows.extend(
                [
                    f"{kelompok.desa.nama}\n{_tps_label(row)}",
                    baris.label,
                    _n(baris.surat_suara),
                    *_kotak_cells(baris.kotak),
                    _KOSONG,
                    _KOSONG,
                ]
                for baris in row.kotak_list
            )
            if len(rows) - first > 1:
                style.append(("SPAN", (0, first), (0, len(rows) - 1)))
    widths = [38, 42, 18, 34, 24, 18, 27, 33, 33]
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    style += [
        ("ALIGN", (2, 1), (2, -1), "RIGHT"),
        ("ALIGN", (5, 1), (5, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white]),
    ]
    for index in range(1, len(rows)):
        style.append(("BOTTOMPADDING", (0, index), (-1, index), 7))
    table.setStyle(TableStyle(style))
    return table


def distribusi_pdf(logistik: LogistikWilayah) -> bytes:
    """Return the distribution list of a desa or kecamatan as an A4 landscape PDF."""
    styles = _styles()
    flowables = _kop(logistik, styles)
    flowables += [
        Paragraph("A. Alokasi surat suara per TPS", styles["bagian"]),
        _alokasi_table(logistik),
        Paragraph("B. Penerimaan kotak suara tersegel", styles["bagian"]),
        Paragraph(
            "Diisi saat kotak suara diterima KPPS. Kolom yang sudah tercatat di Selenggara "
            "tercetak; kolom kosong diisi tangan.",
            styles["teks"],
        ),
        Spacer(1, 2 * mm),
        _kotak_table(logistik),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Distribusi surat suara {logistik.wilayah.nama}",
        author="Selenggara",
        lang="id",
    )
    doc.build(flowables)
    return buffer.getvalue()
