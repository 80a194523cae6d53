"""Server-side SVG bars for the Bimtek dashboards (no script, no inline styles: CSP-safe)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from selenggara.bimtek.selectors import GainModul, Rekap

_W = 320  # bar area width in the SVG's own units; the SVG scales to the screen
_LABEL = 110
_ROW = 22
_COLOURS = (("terlatih", "#15803d"), ("absen", "#b91c1c"), ("belum", "#9ca3af"))


def rekap_svg(rekap: Sequence[Rekap]) -> SafeString:
    """One stacked bar per region: seats trained, absent, not yet (share of the seats)."""
    if not rekap:
        return mark_safe("")
    height = _ROW * len(rekap) + 24
    parts = [
        f'<svg class="bimtek-chart" viewBox="0 0 {_LABEL + _W + 50} {height}" role="img" '
        f'aria-label="{escape(_("Kursi terlatih, absen, dan belum per wilayah"))}">'
    ]
    for i, r in enumerate(rekap):
        y = i * _ROW
        parts.append(f'<text x="0" y="{y + 14}" font-size="11">{escape(r.nama[:18])}</text>')
        x = float(_LABEL)
        for attr, colour in _COLOURS:
            value = getattr(r, attr)
            w = _W * value / r.kursi if r.kursi else 0
            if w:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="14" fill="{colour}">'
                    f"<title>{escape(attr)}: {value}</title></rect>"
                )
            x += w
        parts.append(
            f'<text x="{_LABEL + _W + 4}" y="{y + 14}" font-size="11">{r.persen(r.terlatih)}%</text>'
        )
    legend_y = _ROW * len(rekap) + 16
    labels = {"terlatih": _("terlatih"), "absen": _("absen"), "belum": _("belum")}
    for j, (attr, colour) in enumerate(_COLOURS):
        lx = _LABEL + j * 90
        parts.append(f'<rect x="{lx}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{lx + 14}" y="{legend_y}" font-size="11">{escape(labels[attr])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def gain_svg(gain: Sequence[GainModul]) -> SafeString:
    """Per module two bars: the average pre-test and post-test score (0-100)."""
    if not gain:
        return mark_safe("")
    height = _ROW * len(gain) * 2 + 8
    parts = [
        f'<svg class="bimtek-chart" viewBox="0 0 {_LABEL + _W + 60} {height}" role="img" '
        f'aria-label="{escape(_("Rata-rata nilai pre-test dan post-test per modul"))}">'
    ]
    for i, g in enumerate(gain):
        y = i * _ROW * 2
        parts.append(f'<text x="0" y="{y + 14}" font-size="11">{escape(g.modul.nama[:18])}</text>')
        for k, (value, colour) in enumerate(((g.pre, "#9ca3af"), (g.post, "#1d4ed8"))):
            w = _W * value / 100
            yy = y + 3 + k * 16
            parts.append(
                f'<rect x="{_LABEL}" y="{yy}" width="{w:.1f}" height="13" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{_LABEL + w + 4:.1f}" y="{yy + 11}" font-size="10">{value}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
