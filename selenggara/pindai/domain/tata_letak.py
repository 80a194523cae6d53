"""A form's layout as data: where each marker, code, digit box and bubble is on each page.

A layout file (``pindai/layouts/*.json``) is extracted from the official PDF by
``pindai.tools.layout``; adding a form means adding a file, not code. Coordinates are in the
file's unit (PDF points) from the page's top-left corner.

A page is registered by its printed code and corner markers (the plano forms), or, when it
has neither (the A4 salinan), by the four corners of its printed frame (``bingkai``) and
recognised by its likeness to the blank page. ``skala`` is the registered page's resolution
in px per unit, chosen so the digit boxes come out at the size the digit model reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Kotak = tuple[float, float, float, float]  # x, y, width, height


@dataclass(frozen=True, slots=True, kw_only=True)
class Angka:
    """One number of the form: its key, its digit boxes (hundreds first), its bubble columns."""

    kunci: str
    kotak: tuple[Kotak, ...]
    bulatan: tuple[tuple[Kotak, ...], ...] | None  # per box, bubbles 0..9 top to bottom


@dataclass(frozen=True, slots=True, kw_only=True)
class Halaman:
    nomor: int
    ukuran: tuple[float, float]
    penanda: tuple[tuple[float, float], ...]  # top-left, top-right, bottom-left, bottom-right
    kode_keluarga: str | None
    kode_id: int | None
    kode_kotak: Kotak | None
    kode_sudut: tuple[tuple[float, float], ...]  # the code's corners in the detector's order
    angka: tuple[Angka, ...]
    bingkai: tuple[tuple[float, float], ...] = ()  # the frame's corners, in penanda's order
    skala: float | None = None

    def kunci(self) -> list[str]:
        return [a.kunci for a in self.angka]


@dataclass(frozen=True, slots=True, kw_only=True)
class TataLetak:
    formulir: str
    jenis: str
    varian: str
    sumber: str  # the official PDF beside the layout file
    halaman: tuple[Halaman, ...]

    def halaman_nomor(self, nomor: int) -> Halaman | None:
        return next((h for h in self.halaman if h.nomor == nomor), None)


def _kotak(raw: Sequence[float]) -> Kotak:
    x, y, w, h = (float(v) for v in raw)
    return (x, y, w, h)


def tata_letak_from_dict(data: Mapping[str, Any]) -> TataLetak:
    """Build a layout from a parsed layout file; raises ValueError naming what is malformed."""
    try:
        halaman = []
        for page in data["halaman"]:
            angka = tuple(
                Angka(
                    kunci=str(a["kunci"]),
                    kotak=tuple(_kotak(k) for k in a["kotak"]),
                    bulatan=None
                    if a.get("bulatan") is None
                    else tuple(tuple(_kotak(b) for b in col) for col in a["bulatan"]),
                )
                for a in page["angka"]
            )
            kode = page.get("kode")
            penanda = tuple((float(x), float(y)) for x, y in page.get("penanda") or ())
            if penanda and len(penanda) != 4:
                raise ValueError(f"page {page['nomor']} has {len(penanda)} corner markers, not 4")
            bingkai = tuple((float(x), float(y)) for x, y in page.get("bingkai") or ())
            if bingkai and len(bingkai) != 4:
                raise ValueError(f"page {page['nomor']} has a frame of {len(bingkai)} corners")
            skala = page.get("skala")
            halaman.append(
                Halaman(
                    nomor=int(page["nomor"]),
                    ukuran=(float(page["ukuran"][0]), float(page["ukuran"][1])),
                    penanda=penanda,
                    kode_keluarga=None if kode is None else str(kode["keluarga"]),
                    kode_id=None if kode is None else int(kode["id"]),
                    kode_kotak=None if kode is None else _kotak(kode["kotak"]),
                    kode_sudut=()
                    if kode is None
                    else tuple((float(x), float(y)) for x, y in kode["sudut"]),
                    angka=angka,
                    bingkai=bingkai,
                    skala=None if skala is None else float(skala),
                )
            )
        return TataLetak(
            formulir=str(data["formulir"]),
            jenis=str(data["jenis"]),
            varian=str(data["varian"]),
            sumber=str(data["sumber"]),
            halaman=tuple(halaman),
        )
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        raise ValueError(f"malformed layout: {exc!r}") from exc
