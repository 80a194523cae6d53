"""The D.Hasil of a plenary (Model D.HASIL KECAMATAN/KABKO/PROVINSI/NASIONAL): A4 PDF.

Per contest and dapil: the adopted votes per participant (in the order of the form), valid,
invalid and total votes, TPS counted and held out; then the annex: one row per child region
(per desa at the kecamatan) and, at the kecamatan, one row per TPS with its version. Names of
the form per Kep KPU 219/2024 are uncertain (domain.md 3.5); the heading says what it is.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from selenggara.core.domain.tanggal import tanggal_id
from selenggara.pemilihan.models import Dapil
from selenggara.rekap.domain.agregat import Jumlah, jumlah_from_dict
from selenggara.rekap.domain.pleno import TingkatPleno
from selenggara.rekap.models import Kehadiran, Pleno
from selenggara.tungsura.lembar import susunan_for_dapil
from selenggara.wilayah.models import Wilayah

_GRID = [
    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7),
    ("FONT", (0, 1), (-1, -1), "Helvetica", 7),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ("TOPPADDING", (0, 0), (-1, -1), 1),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
]
_TINGKAT = {
    TingkatPleno.KECAMATAN: "KECAMATAN",
    TingkatPleno.KABKOTA: "KABUPATEN/KOTA",
    TingkatPleno.PROVINSI: "PROVINSI",
    TingkatPleno.NASIONAL: "NASIONAL",
}


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "kop": ParagraphStyle("kop", parent=base["Title"], fontSize=12, spaceAfter=2),
        "bagian": ParagraphStyle("bagian", parent=base["Heading4"], spaceBefore=6, spaceAfter=3),
        "teks": ParagraphStyle("teks", parent=base["BodyText"], fontSize=8, leading=10),
    }


def _kunci_utama(kunci: Sequence[str]) -> list[str]:
    """The participant columns of an annex: pairs or candidates, or each party's total."""
    jumlah = [k for k in kunci if k.endswith("_jumlah")]
    return jumlah or list(kunci)


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(_GRID))
    return table


def _ringkas(label: str, jumlah: Jumlah, kunci: Sequence[str]) -> list[str]:
    angka = jumlah.angka
    return [
        label,
        *(_n(jumlah.suara.get(k, 0)) for k in kunci),
        _n(angka.get("suara_sah", 0)),
        _n(angka.get("suara_tidak_sah", 0)),
        str(jumlah.tps_masuk),
        str(jumlah.tps_ditahan),
    ]


def _dapil_part(
    pleno: Pleno,
    dapil: Dapil,
    hasil: Mapping[str, object],
    nama_wilayah: Mapping[str, str],
    styles: dict[str, ParagraphStyle],
) -> list[Flowable]:
    susunan, nama = susunan_for_dapil(dapil)
    kunci = susunan.kunci_suara()
    nama.update(
        {
            f"partai_{p.nomor}_jumlah": f"Jumlah {nama.get(f'partai_{p.nomor}', p.nomor)}"
            for p in susunan.partai
        }
    )
    total = jumlah_from_dict(hasil["dapil"][str(dapil.pk)])  # type: ignore[index]
    out: list[Flowable] = [
        Paragraph(f"Dapil {escape(dapil.nama)} ({escape(dapil.kode)})", styles["bagian"])
    ]
    rows = [["Peserta", "Suara"]]
    rows += [[f"{k} {nama.get(k, '')}"[:80], _n(total.suara.get(k, 0))] for k in kunci]
    angka = total.angka
    rows += [
        ["Jumlah suara sah", _n(angka.get("suara_sah", 0))],
        ["Jumlah suara tidak sah", _n(angka.get("suara_tidak_sah", 0))],
        ["Jumlah suara sah dan tidak sah", _n(angka.get("suara_total", 0))],
        ["TPS dihitung / ditahan", f"{total.tps_masuk} / {total.tps_ditahan}"],
    ]
    out.append(_table(rows, [130 * mm, 40 * mm]))
    utama = _kunci_utama(kunci)
    header = [
        "Wilayah",
        *(k.replace("_jumlah", "") for k in utama),
        "Sah",
        "Tdk sah",
        "TPS",
        "Ditahan",
    ]
    anak = hasil.get("anak", {})
    assert isinstance(anak, Mapping)  # noqa: S101 - written by _hasil_now
    annex = [header] + [
        _ringkas(
            f"{kode} {nama_wilayah.get(kode, '')}"[:40],
            jumlah_from_dict(by_dapil[str(dapil.pk)]),
            utama,
        )
        for kode, by_dapil in sorted(anak.items())
        if str(dapil.pk) in by_dapil
    ]
    out += [Paragraph("Lampiran: per wilayah di bawahnya", styles["bagian"]), _table(annex)]
    tps = hasil.get("tps")
    if isinstance(tps, Mapping) and pleno.tingkat == TingkatPleno.KECAMATAN:
        per_tps = [["TPS (versi)", *header[1:]]] + [
            _ringkas(f"{kode} (v{data['versi']})", jumlah_from_dict(data), utama)
            for kode, data in sorted(tps.items())
        ]
        out += [Paragraph("Lampiran: per TPS", styles["bagian"]), _table(per_tps)]
    return out


def d_hasil_pdf(*, pleno: Pleno) -> bytes:
    """Return the D.Hasil PDF of a plenary being adopted (``pleno.hasil`` set)."""
    styles = _styles()
    hasil = pleno.hasil or {}
    anak = hasil.get("anak", {})
    wilayah = Wilayah.objects.filter(
        versi_id=pleno.pemilihan.versi_wilayah_id,
        kode__in=[pleno.wilayah_kode, *(anak if isinstance(anak, Mapping) else {})],
    )
    nama_wilayah = dict(wilayah.values_list("kode", "nama"))
    nama = nama_wilayah.get(pleno.wilayah_kode, "Indonesia")
    tingkat = TingkatPleno(pleno.tingkat)
    story: list[Flowable] = [
        Paragraph(f"D.HASIL {_TINGKAT[tingkat]}", styles["kop"]),
        Paragraph(
            f"{escape(pleno.pemilihan.nama)} - {escape(pleno.kontestasi.get_jenis_display())}<br/>"
            f"{escape(nama)} ({escape(pleno.wilayah_kode or 'nasional')}); putaran {pleno.putaran}; "
            f"ditetapkan {tanggal_id(timezone.localdate(pleno.ditetapkan_pada))}",
            styles["teks"],
        ),
        Spacer(1, 2 * mm),
    ]
    dapil_list = Dapil.objects.filter(pk__in=[int(k) for k in hasil.get("dapil", {})]).order_by(
        "kode"
    )
    for dapil in dapil_list:
        story += _dapil_part(pleno, dapil, hasil, nama_wilayah, styles)
    hadir = [
        f"{h.get_unsur_display()}: {h.nama}{' (' + h.peserta + ')' if h.peserta else ''}"
        for h in Kehadiran.objects.filter(pleno=pleno)
    ]
    story.append(Paragraph("Kehadiran: " + escape("; ".join(hadir) or "-"), styles["teks"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="D.Hasil",
    ).build(story)
    return buffer.getvalue()
