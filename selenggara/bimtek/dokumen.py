"""Bimtek documents: the waves of a kecamatan (PDF, XLSX), and per session the invitation list
and the attendance sheet with one QR per trainee (PDF, A4).

Only name, seat and TPS of a member are printed, never the NIK. The QR holds the check-in URL
(signed: it names the session and member and cannot be forged); a trainer's phone opens it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

import segno
from django.core import signing
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from selenggara.bimtek.models import SesiBimtek
from selenggara.bimtek.selectors import Gelombang, Peserta

_SALT = "bimtek.hadir"
_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
)


def hadir_token(*, sesi_id: int, anggota_id: int) -> str:
    """The signed code a trainee's QR carries."""
    return signing.dumps({"s": sesi_id, "a": anggota_id}, salt=_SALT, compress=True)


def hadir_token_read(token: str) -> tuple[int, int] | None:
    """(session, member) of a QR code, or None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("s"), int)
        or not isinstance(data.get("a"), int)
    ):
        return None
    return data["s"], data["a"]


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "judul": ParagraphStyle("judul", parent=base["Title"], fontSize=13),
        "teks": ParagraphStyle("teks", parent=base["BodyText"], fontSize=9, leading=11),
    }


def _tanggal(value: dt.date) -> str:
    return date_format(value, "l, j F Y")


def gelombang_pdf(
    *, judul: str, gelombang_list: Sequence[Gelombang], jam: Sequence[Sequence[str]]
) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, title=judul
    )
    st = _styles()
    rows: list[list[object]] = [
        [
            _("Gelombang"),
            _("Tanggal"),
            _("Jam"),
            _("Tempat"),
            _("Desa/kelurahan"),
            _("TPS"),
            _("Peserta"),
        ]
    ]
    for g in gelombang_list:
        for s in g.sesi_list:
            waktu = jam[g.slot] if g.slot < len(jam) else ["", ""]
            rows.append(
                [
                    str(g.nomor),
                    _tanggal(g.tanggal),
                    f"{waktu[0]}-{waktu[1]}",
                    Paragraph(escape(s.sesi.tempat.nama), st["teks"]),
                    Paragraph(escape(", ".join(s.desa_list)), st["teks"]),
                    str(len(s.tps_kode_list)),
                    str(s.peserta),
                ]
            )
    table = Table(
        rows,
        colWidths=[22 * mm, 45 * mm, 24 * mm, 60 * mm, 80 * mm, 14 * mm, 18 * mm],
        repeatRows=1,
    )
    table.setStyle(_STYLE)
    doc.build([Paragraph(escape(judul), st["judul"]), Spacer(1, 4 * mm), table])
    return buf.getvalue()


def gelombang_xlsx(
    *, judul: str, gelombang_list: Sequence[Gelombang], jam: Sequence[Sequence[str]]
) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 (a new workbook always has its sheet)
    ws.title = _("Gelombang")
    ws.append([judul])
    ws["A1"].font = Font(bold=True)
    header = [
        _("Gelombang"),
        _("Tanggal"),
        _("Jam"),
        _("Tempat"),
        _("Kapasitas"),
        _("Desa/kelurahan"),
        _("TPS"),
        _("Peserta"),
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for g in gelombang_list:
        for s in g.sesi_list:
            waktu = jam[g.slot] if g.slot < len(jam) else ["", ""]
            ws.append(
                [
                    g.nomor,
                    g.tanggal,
                    f"{waktu[0]}-{waktu[1]}",
                    s.sesi.tempat.nama,
                    s.sesi.tempat.kapasitas,
                    ", ".join(s.desa_list),
                    " ".join(s.tps_kode_list),
                    s.peserta,
                ]
            )
    for letter, width in zip("ABCDEFGH", (11, 12, 13, 36, 10, 50, 60, 9), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _qr_image(url: str) -> Image:
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=3, border=1)
    png.seek(0)
    return Image(png, width=20 * mm, height=20 * mm)


def _nama(p: Peserta) -> str:
    if p.anggota is None:
        return _("(kursi %(n)s belum terisi)") % {"n": p.posisi}
    return p.anggota.pendaftar.nama


def sesi_pdf(
    *,
    sesi: SesiBimtek,
    peserta_list: Sequence[Peserta],
    daftar_hadir: bool,
    hadir_url: Callable[[str], str],
) -> bytes:
    """The invitation list, or (``daftar_hadir``) the attendance sheet with a QR and a
    signature box per trainee."""
    buf = io.BytesIO()
    judul = _("Daftar hadir bimtek KPPS") if daftar_hadir else _("Undangan bimtek KPPS")
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, title=judul)
    st = _styles()
    waktu = _("%(tempat)s, %(tanggal)s, sesi %(slot)s") % {
        "tempat": sesi.tempat.nama,
        "tanggal": _tanggal(sesi.tanggal),
        "slot": sesi.slot + 1,
    }
    header: list[object] = [_("No"), _("TPS"), _("Posisi"), _("Nama")]
    header += [_("QR hadir"), _("Tanda tangan")] if daftar_hadir else [_("Keterangan")]
    rows: list[list[object]] = [header]
    for i, p in enumerate(peserta_list, start=1):
        row: list[object] = [
            str(i),
            p.tps_kode,
            str(p.posisi),
            Paragraph(escape(_nama(p)), st["teks"]),
        ]
        if daftar_hadir:
            qr = (
                _qr_image(hadir_url(hadir_token(sesi_id=sesi.pk, anggota_id=p.anggota.pk)))
                if p.anggota is not None
                else ""
            )
            row += [qr, ""]
        else:
            row += [_("susulan") if p.susulan else ""]
        rows.append(row)
    widths = [10 * mm, 30 * mm, 14 * mm, 60 * mm]
    widths += [26 * mm, 40 * mm] if daftar_hadir else [40 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_STYLE)
    story = [
        Paragraph(escape(judul), st["judul"]),
        Paragraph(escape(waktu), st["teks"]),
        Paragraph(escape(sesi.tempat.alamat), st["teks"]),
        Spacer(1, 4 * mm),
        table,
    ]
    doc.build(story)
    return buf.getvalue()
