"""Shapes of the C.Hasil JSON API: request bodies (strict) and answers.

Request bodies are plain pydantic models validated by ``api.py`` itself (not by ninja), so that
access is decided before the body is read (an out-of-scope TPS is a 404 whatever is sent) and
every malformed body answers in the API's one error shape, in Indonesian.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from selenggara.tungsura.domain.lembar import ANGKA_MAKS_INPUT
from selenggara.tungsura.foto import UKURAN_MAKS

# Generous bounds: the largest real sheet (DPRD, 18 parties of 12 candidates) has about 270
# numbers; anything far beyond is not a sheet and is refused before it is looked at key by key.
ANGKA_MAKS_KUNCI = 1000
ALASAN_MAKS = 2000
# A C.Hasil has at most this many pages (the photo API refuses more, and a page beyond ``dari``).
HALAMAN_MAKS = 99


def foto_form_schema() -> dict[str, Any]:
    """The multipart form of a page photo, ``1 <= halaman <= dari <= 99`` stated exactly.

    JSON Schema cannot compare two fields, so each possible ``dari`` is one branch bounding
    ``halaman``; a client or fuzzer that follows the schema never sends a page beyond its count.
    """
    halaman = {"type": "integer", "minimum": 1, "maximum": HALAMAN_MAKS}
    return {
        "type": "object",
        "required": ["halaman", "dari", "berkas"],
        "properties": {
            "halaman": {**halaman, "description": "Nomor halaman, paling besar ``dari``."},
            "dari": {**halaman, "description": "Jumlah halaman, seperti tercetak."},
            "berkas": {"type": "string", "format": "binary"},
        },
        "oneOf": [
            {"properties": {"dari": {"const": n}, "halaman": {"maximum": n}}}
            for n in range(1, HALAMAN_MAKS + 1)
        ],
    }


class KirimIn(BaseModel):
    """POST .../c-hasil/{jenis}: what the paper says, the flagged fields re-checked, why."""

    model_config = ConfigDict(extra="forbid")

    # The values are checked key by key by the sheet's own rules (``isian_check``: every
    # field of the layout, a whole number 0..ANGKA_MAKS_INPUT), which name each wrong field;
    # the schema states the same bounds so that clients and fuzzers can rely on it.
    angka: dict[StrictStr, Any] = Field(
        min_length=1,
        max_length=ANGKA_MAKS_KUNCI,
        description=(
            "Setiap kolom formulir (lihat .../formulir) dengan bilangan bulat 0.."
            f"{ANGKA_MAKS_INPUT}; kolom yang kurang atau tidak dikenal ditolak (422)."
        ),
        json_schema_extra={
            "additionalProperties": {"type": "integer", "minimum": 0, "maximum": ANGKA_MAKS_INPUT}
        },
    )
    konfirmasi: list[StrictStr] = Field(
        default_factory=list,
        max_length=ANGKA_MAKS_KUNCI,
        description=(
            "Kolom bertanda yang sudah dicocokkan lagi dengan kertas; kolom yang tidak "
            "bertanda diabaikan."
        ),
    )
    alasan: StrictStr = Field(
        default="", max_length=ALASAN_MAKS, description="Wajib untuk koreksi (kiriman kedua)."
    )
    versi_dasar: StrictInt | None = Field(
        default=None,
        ge=0,
        le=32767,
        description=(
            "Nomor versi terkini yang dilihat pengirim (0: belum ada). Bila versi lain sudah "
            "menggantikannya, kiriman ditolak dengan 409 `versi_bentrok` dan tidak disimpan."
        ),
    )


class KonfirmasiIn(BaseModel):
    """POST .../c-hasil/{jenis}/konfirmasi: flagged fields of version ``versi`` re-checked."""

    model_config = ConfigDict(extra="forbid")

    versi: StrictInt = Field(ge=1, le=32767, description="Versi terkini; versi lama ditolak (409).")
    kunci: list[StrictStr] = Field(
        min_length=1,
        max_length=ANGKA_MAKS_KUNCI,
        description=(
            "Hanya kolom yang ditandai pada versi itu (``belum_dikonfirmasi``); kolom lain "
            "ditolak satu per satu (422), tidak ada yang disimpan."
        ),
    )


class DapilOut(Schema):
    kode: str
    nama: str


class TemuanOut(Schema):
    kode: str
    tingkat: str  # galat | peringatan
    kunci: list[str]
    diharapkan: int
    tertulis: int
    pesan: str


class HalamanOut(Schema):
    jumlah: int | None
    kurang: list[int]
    tidak_konsisten: bool


class KontestasiCHasilOut(Schema):
    jenis: str
    nama: str
    dapil: DapilOut | None
    # belum_dikirim | konsisten | perlu_konfirmasi | dikonfirmasi
    status: str
    versi: int | None
    digest: str | None
    jumlah_galat: int
    jumlah_peringatan: int
    belum_dikonfirmasi: list[str]
    halaman: HalamanOut


class CHasilTPSOut(Schema):
    pemilihan: str
    tps: str
    kontestasi: list[KontestasiCHasilOut]


class KolomOut(Schema):
    kunci: str
    label: str
    bagian: str  # I, II, III, IV or V as printed on the form
    partai: int | None
    calon: int | None
    jumlah_partai: bool
    nama: str | None  # the pair, candidate or party printed on the form (section IV)


class DaftarOut(Schema):
    dpt_l: int
    dpt_p: int
    dpt: int
    cadangan: int
    alokasi_surat_suara: int
    batas_pemilih: int


class FormulirOut(Schema):
    pemilihan: str
    tps: str
    jenis: str
    nama: str
    dapil: DapilOut
    berpartai: bool
    halaman_diketahui: int | None
    daftar: DaftarOut  # what the registers say (DPT, ballots allocated)
    kolom: list[KolomOut]


class VersiKirimOut(Schema):
    versi: int
    status: str
    digest: str
    ulangan: bool
    sumber: str
    dibuat_pada: dt.datetime
    temuan: list[TemuanOut]
    konfirmasi: list[str]
    belum_dikonfirmasi: list[str]


class VersiRiwayatOut(Schema):
    versi: int
    dibuat_pada: dt.datetime
    dibuat_oleh: str | None
    sumber: str
    alasan: str
    status: str
    digest: str
    terkini: bool


class FotoOut(Schema):
    id: int
    halaman: int
    dari: int
    content_type: str
    ukuran: int
    sha256: str
    diunggah_pada: dt.datetime
    ulangan: bool = False  # the same bytes of this page were stored already: nothing added


class UnggahanIn(BaseModel):
    """POST .../c-hasil/{jenis}/unggahan: the page photo about to be sent in parts."""

    model_config = ConfigDict(extra="forbid")

    halaman: StrictInt = Field(ge=1, le=HALAMAN_MAKS, description="Nomor halaman (<= dari).")
    dari: StrictInt = Field(ge=1, le=HALAMAN_MAKS, description="Jumlah halaman, seperti tercetak.")
    ukuran: StrictInt = Field(
        ge=1, le=UKURAN_MAKS, description="Ukuran foto dalam bait (paling besar 10 MB)."
    )
    sha256: StrictStr = Field(
        pattern=r"^[0-9a-fA-F]{64}$", description="SHA-256 seluruh foto, dihitung di ponsel."
    )


class UnggahanOut(Schema):
    id: str | None  # null only for a photo stored whole before any part was sent
    halaman: int
    dari: int
    ukuran: int
    sha256: str
    offset: int  # the bytes the server holds: send the next part from here
    selesai: bool
    foto: FotoOut | None = None


class OffsetSalahOut(Schema):
    code: str
    detail: str
    errors: list[str] = []
    offset: int  # the bytes the server holds: resend from here


class KolomGalatOut(Schema):
    kunci: str
    pesan: str


class GalatOut(Schema):
    code: str
    detail: str
    errors: list[str] = []
    kolom: list[KolomGalatOut] = []
