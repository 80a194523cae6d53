"""Reading one photographed page: registration, digit model, bubbles, decoding together."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from selenggara.pindai.domain.dekode import (
    Alasan,
    Ambang,
    BacaanAngka,
    BacaanKotak,
    HasilAngka,
    HasilHalaman,
    Identitas,
    Sebab,
    halaman_decode,
    lembar_decode,
)
from selenggara.pindai.domain.tata_letak import Halaman, Kotak, TataLetak
from selenggara.pindai.kotak import kotak_crop, kotak_normalize
from selenggara.pindai.registrasi import Penolakan, Terdaftar, Tolak, even_light, halaman_register
from selenggara.pindai.tata_letak import LAYOUT_DIR, pdf_render, tata_letak_get
from selenggara.tungsura.domain.lembar import SusunanSuara, kunci_parse
from selenggara.tungsura.domain.pemeriksaan import identitas_list

MODEL = Path(__file__).resolve().parent / "model" / "digit.onnx"


class Status:
    OTOMATIS = "otomatis"
    TINJAU = "tinjau"
    TOLAK = "tolak"


TOLAK = "tolak"  # Catatan.sebab of a refused photo; its rincian is the Penolakan
BERKAS_HILANG = "berkas_hilang"  # a file the command line names cannot be read; rincian: path


@dataclass(frozen=True, slots=True)
class Catatan:
    """One reason on a page as it is stored and shown: a decoder's ``Alasan`` with the number
    it is about (``kunci``; "" for the page), or a refusal (``sebab`` TOLAK, ``rincian`` the
    ``Penolakan``). Stored as its JSON and worded only when shown (``messages.alasan_teks``),
    so a reading stored once reads in Indonesian or English."""

    sebab: str
    rincian: str = ""
    kunci: str = ""

    @classmethod
    def of(cls, alasan: Alasan, kunci: str = "") -> Catatan:
        return cls(str(alasan.sebab), alasan.rincian, kunci)

    def as_json(self) -> dict[str, str]:
        return {"sebab": self.sebab, "rincian": self.rincian, "kunci": self.kunci}


@dataclass(frozen=True, slots=True, kw_only=True)
class LetakAngka:
    """Where one number is on the registered page, in its pixels (``skala`` px per pt):
    its digit boxes, its bubble columns (per box, 0..9), and the rectangle around them all
    that a reviewer's crop is cut to (``potongan_jpeg``)."""

    kunci: str
    kotak: tuple[Kotak, ...]
    bulatan: tuple[tuple[Kotak, ...], ...] | None
    bingkai: Kotak


@dataclass(frozen=True, slots=True, kw_only=True)
class Bacaan:
    """The reading of one photo, as ``pindai baca --json`` prints it and a Scan stores it.

    Besides the decoded numbers (each with its candidates, confidence and reasons) it keeps
    what a reviewer and the sheet decoder need: the model's and the bubbles' raw readings
    (``bacaan``, so ``lembar_baca`` can decode the sheet's pages together), the failing
    identities, and where each number is on the registered page (``letak``).
    """

    jenis: str | None
    halaman: int | None
    status: str
    alasan: tuple[Catatan, ...]
    angka: tuple[HasilAngka, ...] = ()
    penolakan: Penolakan | None = None
    identitas_gagal: tuple[str, ...] = field(default=())
    varian: str | None = None
    bacaan: tuple[BacaanAngka, ...] = ()
    letak: tuple[LetakAngka, ...] = ()
    skala: float | None = None

    def angka_get(self, kunci: str) -> HasilAngka | None:
        return next((a for a in self.angka if a.kunci == kunci), None)

    def letak_get(self, kunci: str) -> LetakAngka | None:
        return next((a for a in self.letak if a.kunci == kunci), None)

    def as_json(self, berkas: str) -> dict[str, object]:
        """The line ``selenggara pindai baca --json`` prints, its reasons worded in the active
        language."""
        from selenggara.pindai.messages import alasan_teks

        return {
            "berkas": berkas,
            "jenis": self.jenis,
            "halaman": self.halaman,
            "status": self.status,
            "alasan": [alasan_teks(c) for c in self.alasan],
            "angka": {
                a.kunci: {"nilai": a.nilai, "keyakinan": a.keyakinan, "otomatis": a.otomatis}
                for a in self.angka
            },
        }


@cache
def _session() -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(MODEL), options, providers=["CPUExecutionProvider"])


@cache
def suhu() -> float:
    """The model's temperature: its logits are divided by it so that its probabilities are
    calibrated on photographs (``tools/kalibrasi.py`` fits it and stores it in digit.json;
    1.0 when absent). A model trained to be sure is sure too often when it is wrong, and the
    decoder only proposes a candidate the model gives at least ``PROB_USULAN``."""
    figures = json.loads(MODEL.with_suffix(".json").read_text())
    return float(figures.get("suhu", 1.0))


def digit_logits(images: np.ndarray) -> np.ndarray:
    """The model's raw class scores (n x 11) for n normalised 28 x 28 box images."""
    if not len(images):
        return np.zeros((0, 11), np.float32)
    logits: np.ndarray = _session().run(None, {"gambar": images[:, None].astype(np.float32)})[0]
    return logits


def digit_probabilities(images: np.ndarray) -> np.ndarray:
    """Class probabilities (n x 11) for n normalised 28 x 28 box images, calibrated."""
    logits = digit_logits(images) / suhu()
    logits = logits - logits.max(axis=1, keepdims=True)
    exp: np.ndarray = np.exp(logits)
    probs: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return probs


def _disc_darkness(page: np.ndarray, box: Kotak, skala: float) -> float:
    """Mean darkness (0..1) of the inner disc of a bubble (inside its printed ring)."""
    x, y, w, h = (v * skala for v in box)
    cx, cy, r = x + w / 2, y + h / 2, 0.38 * min(w, h)
    x0, y0 = int(cx - r), int(cy - r)
    patch = page[y0 : int(cy + r) + 1, x0 : int(cx + r) + 1].astype(np.float32)
    yy, xx = np.mgrid[0 : patch.shape[0], 0 : patch.shape[1]]
    mask = (xx + x0 + 0.5 - cx) ** 2 + (yy + y0 + 0.5 - cy) ** 2 <= r * r
    if not mask.any():  # pragma: no cover - a bubble is never smaller than a pixel
        return 0.0
    return float(np.mean(255.0 - patch[mask])) / 255.0


@cache
def _blank(sumber: str, nomor: int, skala: float) -> np.ndarray:
    """The blank page as the reader sees a registered photo: rendered, light evened."""
    return even_light(pdf_render(LAYOUT_DIR / sumber, nomor, skala))


def bubble_scores(
    page: np.ndarray, blank: np.ndarray, column: tuple[Kotak, ...], skala: float
) -> tuple[float, ...]:
    """Fill score per bubble: how much darker than on the empty form, 0 (empty) .. 1 (black)."""
    scores = []
    for box in column:
        empty = _disc_darkness(blank, box, skala)
        seen = _disc_darkness(page, box, skala)
        scores.append(round(max(0.0, (seen - empty) / max(1e-6, 1.0 - empty)), 4))
    return tuple(scores)


def identitas_for(tata_letak: TataLetak) -> list[Identitas]:
    """The form's identities (tungsura's checks, domain.md 3.4) over this layout's keys."""
    calon = sorted(
        parsed.calon
        for h in tata_letak.halaman
        for a in h.angka
        if (parsed := kunci_parse(a.kunci)) is not None and parsed.calon is not None
    )
    return [
        Identitas(bagian=i.bagian, jumlah=i.jumlah, nama=f"{' + '.join(i.bagian)} = {i.jumlah}")
        for i in identitas_list(SusunanSuara(calon=tuple(calon)))
    ]


def halaman_bacaan(terdaftar: Terdaftar) -> list[BacaanAngka]:
    """What the model and the bubbles say for every number of a registered page."""
    halaman: Halaman = terdaftar.halaman
    crops = [
        kotak_normalize(kotak_crop(terdaftar.gambar, box, terdaftar.skala))[0]
        for angka in halaman.angka
        for box in angka.kotak
    ]
    probs = digit_probabilities(np.stack(crops)) if crops else np.zeros((0, 11))
    blank = None
    if any(a.bulatan for a in halaman.angka):
        blank = _blank(terdaftar.tata_letak.sumber, halaman.nomor, terdaftar.skala)
    result = []
    i = 0
    for angka in halaman.angka:
        kotak = []
        for j, _box in enumerate(angka.kotak):
            bulatan = None
            if angka.bulatan is not None and blank is not None:
                bulatan = bubble_scores(terdaftar.gambar, blank, angka.bulatan[j], terdaftar.skala)
            kotak.append(
                BacaanKotak(probabilitas=tuple(float(p) for p in probs[i]), bulatan=bulatan)
            )
            i += 1
        result.append(BacaanAngka(kunci=angka.kunci, kotak=tuple(kotak)))
    return result


BINGKAI_TEPI = 4.0  # pt of page kept around a number's boxes and bubbles in its crop


def letak_for(halaman: Halaman, skala: float) -> tuple[LetakAngka, ...]:
    """Every number's boxes and bubbles in the registered page's pixels."""

    def px(box: Kotak) -> Kotak:
        return (box[0] * skala, box[1] * skala, box[2] * skala, box[3] * skala)

    result = []
    for angka in halaman.angka:
        boxes = [*angka.kotak, *(b for col in angka.bulatan or () for b in col)]
        x0 = min(b[0] for b in boxes) - BINGKAI_TEPI
        y0 = min(b[1] for b in boxes) - BINGKAI_TEPI
        x1 = max(b[0] + b[2] for b in boxes) + BINGKAI_TEPI
        y1 = max(b[1] + b[3] for b in boxes) + BINGKAI_TEPI
        result.append(
            LetakAngka(
                kunci=angka.kunci,
                kotak=tuple(px(b) for b in angka.kotak),
                bulatan=None
                if angka.bulatan is None
                else tuple(tuple(px(b) for b in col) for col in angka.bulatan),
                bingkai=px((x0, y0, x1 - x0, y1 - y0)),
            )
        )
    return tuple(result)


def _alasan(hasil: HasilHalaman) -> tuple[Catatan, ...]:
    """The page's reasons: its failing sums once, then each number's other reasons."""
    alasan = [Catatan.of(a) for a in hasil.alasan]
    for a in hasil.angka:
        alasan += [Catatan.of(r, a.kunci) for r in a.alasan if r.sebab is not Sebab.JUMLAH_GAGAL]
    return tuple(alasan)


def foto_baca(
    data: bytes, *, jenis: str | None = None, nomor: int | None = None, ambang: Ambang | None = None
) -> Bacaan:
    """Read one photo of a C.Hasil page; ``jenis``/``nomor`` are what it is expected to be."""
    try:
        terdaftar = halaman_register(data, jenis=jenis, nomor=nomor)
    except Tolak as exc:
        return Bacaan(
            jenis=jenis,
            halaman=nomor,
            status=Status.TOLAK,
            alasan=(Catatan(TOLAK, exc.alasan.value),),
            penolakan=exc.alasan,
        )
    bacaan = halaman_bacaan(terdaftar)
    hasil = halaman_decode(bacaan, identitas_for(terdaftar.tata_letak), ambang)
    return Bacaan(
        jenis=terdaftar.tata_letak.jenis,
        varian=terdaftar.tata_letak.varian,
        halaman=terdaftar.halaman.nomor,
        status=Status.OTOMATIS if hasil.otomatis else Status.TINJAU,
        alasan=_alasan(hasil),
        angka=hasil.angka,
        identitas_gagal=hasil.identitas_gagal,
        bacaan=tuple(bacaan),
        letak=letak_for(terdaftar.halaman, terdaftar.skala),
        skala=terdaftar.skala,
    )


def lembar_baca(halaman: Sequence[Bacaan], ambang: Ambang | None = None) -> tuple[Bacaan, ...]:
    """Decode the read pages of one sheet together (``dekode.lembar_decode``): an identity
    across pages (the candidates' votes on page 2 and the valid votes on page 3) now vouches
    for or speaks against the numbers it ties. Refused pages are returned unchanged; the
    pages must be of one form, each page at most once (ValueError otherwise)."""
    read = [b for b in halaman if b.status != Status.TOLAK]
    if not read:
        return tuple(halaman)
    forms = {(b.jenis, b.varian) for b in read}
    nomor = [b.halaman for b in read]
    if len(forms) != 1 or len(set(nomor)) != len(nomor):
        raise ValueError("a sheet is the pages of one form, each page once")
    jenis, varian = forms.pop()
    tata_letak = tata_letak_get(str(jenis), str(varian))
    if tata_letak is None:
        raise ValueError(f"no layout for {jenis} {varian}")
    decoded = iter(lembar_decode([b.bacaan for b in read], identitas_for(tata_letak), ambang))
    result = []
    for b in halaman:
        if b.status == Status.TOLAK:
            result.append(b)
            continue
        hasil = next(decoded)
        result.append(
            replace(
                b,
                status=Status.OTOMATIS if hasil.otomatis else Status.TINJAU,
                alasan=_alasan(hasil),
                angka=hasil.angka,
                identitas_gagal=hasil.identitas_gagal,
            )
        )
    return tuple(result)


def potongan_jpeg(data: bytes, bacaan: Bacaan, kunci: str, kualitas: int = 85) -> bytes | None:
    """The crop of one number's boxes and bubbles from the registered photo, as JPEG, for a
    reviewer; None when the photo was refused or the page has no such number."""
    letak = bacaan.letak_get(kunci)
    if letak is None or bacaan.status == Status.TOLAK:
        return None
    try:
        terdaftar = halaman_register(data, jenis=bacaan.jenis, nomor=bacaan.halaman)
    except Tolak:
        return None
    x, y, w, h = letak.bingkai
    height, width = terdaftar.gambar.shape
    x0, y0 = max(0, int(x)), max(0, int(y))
    x1, y1 = min(width, int(x + w + 1)), min(height, int(y + h + 1))
    ok, encoded = cv2.imencode(
        ".jpg", terdaftar.gambar[y0:y1, x0:x1], [cv2.IMWRITE_JPEG_QUALITY, kualitas]
    )
    if not ok:  # pragma: no cover - OpenCV encodes any non-empty uint8 image
        return None
    return bytes(encoded)
