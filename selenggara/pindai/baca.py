"""Reading one photographed page: registration, digit model, bubbles, decoding together."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import onnxruntime as ort

from selenggara.pindai.domain.dekode import (
    Ambang,
    BacaanAngka,
    BacaanKotak,
    HasilAngka,
    Identitas,
    halaman_decode,
)
from selenggara.pindai.domain.tata_letak import Halaman, Kotak, TataLetak
from selenggara.pindai.kotak import kotak_crop, kotak_normalize
from selenggara.pindai.registrasi import Penolakan, Terdaftar, Tolak, even_light, halaman_register
from selenggara.pindai.tata_letak import LAYOUT_DIR, pdf_render
from selenggara.tungsura.domain.lembar import SusunanSuara, kunci_parse
from selenggara.tungsura.domain.pemeriksaan import identitas_list

MODEL = Path(__file__).resolve().parent / "model" / "digit.onnx"


class Status:
    OTOMATIS = "otomatis"
    TINJAU = "tinjau"
    TOLAK = "tolak"


@dataclass(frozen=True, slots=True, kw_only=True)
class Bacaan:
    """The reading of one photo, as ``pindai baca --json`` prints it and a Scan stores it."""

    jenis: str | None
    halaman: int | None
    status: str
    alasan: tuple[str, ...]
    angka: tuple[HasilAngka, ...] = ()
    penolakan: Penolakan | None = None
    identitas_gagal: tuple[str, ...] = field(default=())

    def as_json(self, berkas: str) -> dict[str, object]:
        return {
            "berkas": berkas,
            "jenis": self.jenis,
            "halaman": self.halaman,
            "status": self.status,
            "alasan": list(self.alasan),
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


def digit_probabilities(images: np.ndarray) -> np.ndarray:
    """Class probabilities (n x 11) for n normalised 28 x 28 box images."""
    if not len(images):
        return np.zeros((0, 11), np.float32)
    logits: np.ndarray = _session().run(None, {"gambar": images[:, None].astype(np.float32)})[0]
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


def foto_baca(
    data: bytes, *, jenis: str | None = None, nomor: int | None = None, ambang: Ambang | None = None
) -> Bacaan:
    """Read one photo of a C.Hasil page; ``jenis``/``nomor`` are what it is expected to be."""
    from selenggara.pindai.messages import PESAN_TOLAK

    try:
        terdaftar = halaman_register(data, jenis=jenis, nomor=nomor)
    except Tolak as exc:
        return Bacaan(
            jenis=jenis,
            halaman=nomor,
            status=Status.TOLAK,
            alasan=(str(PESAN_TOLAK[exc.alasan]),),
            penolakan=exc.alasan,
        )
    hasil = halaman_decode(halaman_bacaan(terdaftar), identitas_for(terdaftar.tata_letak), ambang)
    alasan = [*hasil.alasan]
    for a in hasil.angka:
        alasan += [f"{a.kunci}: {r}" for r in a.alasan if not r.startswith("jumlah tidak cocok")]
    return Bacaan(
        jenis=terdaftar.tata_letak.jenis,
        halaman=terdaftar.halaman.nomor,
        status=Status.OTOMATIS if hasil.otomatis else Status.TINJAU,
        alasan=tuple(alasan),
        angka=hasil.angka,
        identitas_gagal=hasil.identitas_gagal,
    )
