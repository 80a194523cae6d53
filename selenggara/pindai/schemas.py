"""Shapes of pindai's JSON API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class AngkaBacaanOut(Schema):
    nilai: int | None
    keyakinan: float
    otomatis: bool


class BacaanFotoOut(Schema):
    """The reading of one page photo, as the phone polls it ("read" / "needs review")."""

    foto: int
    halaman: int
    dari: int
    sha256: str
    status: str  # menunggu | otomatis | tinjau | tolak
    alasan: list[str]
    angka: dict[str, AngkaBacaanOut]
    tinjauan_terbuka: int  # numbers still waiting for a person
    dibaca_pada: dt.datetime | None
    versi: int | None  # the C.Hasil version these numbers went into
    bentrok: str  # why no version could be made (a newer version), else ""


class BacaanListOut(Schema):
    tps: str
    jenis: str
    foto: list[BacaanFotoOut]
