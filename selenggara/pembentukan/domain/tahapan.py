"""Stages of forming KPPS and Petugas Ketertiban TPS, and the 2024 schedules.

Stages per Keputusan KPU 1669/2023 (Pemilu 2024) and the KPU Kab/Kota schedules for Pilkada
2024 (domain.md 1.3-1.4). KPPS has no written test or interview. Every action of a stage is
refused outside its window, with a message naming the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from selenggara.core.domain.tanggal import rentang_id, tanggal_id
from selenggara.core.errors import DomainError


class JenisBadan(StrEnum):
    KPPS = "kpps"
    PETUGAS_KETERTIBAN = "petugas_ketertiban"


class Tahapan(StrEnum):
    PENGUMUMAN = "pengumuman"
    PENDAFTARAN = "pendaftaran"
    PENELITIAN_ADMINISTRASI = "penelitian_administrasi"
    PENGUMUMAN_HASIL_PENELITIAN = "pengumuman_hasil_penelitian"
    TANGGAPAN_MASYARAKAT = "tanggapan_masyarakat"
    PENGUMUMAN_HASIL_SELEKSI = "pengumuman_hasil_seleksi"
    PENETAPAN = "penetapan"
    PELANTIKAN = "pelantikan"
    MASA_KERJA = "masa_kerja"

    @property
    def label(self) -> str:
        return _LABEL[self]


_LABEL: dict[Tahapan, str] = {
    Tahapan.PENGUMUMAN: "Pengumuman pendaftaran",
    Tahapan.PENDAFTARAN: "Pendaftaran",
    Tahapan.PENELITIAN_ADMINISTRASI: "Penelitian administrasi",
    Tahapan.PENGUMUMAN_HASIL_PENELITIAN: "Pengumuman hasil penelitian administrasi",
    Tahapan.TANGGAPAN_MASYARAKAT: "Tanggapan dan masukan masyarakat",
    Tahapan.PENGUMUMAN_HASIL_SELEKSI: "Pengumuman hasil seleksi",
    Tahapan.PENETAPAN: "Penetapan",
    Tahapan.PELANTIKAN: "Pelantikan",
    Tahapan.MASA_KERJA: "Masa kerja",
}
# How the refusal reads: "Pendaftaran dibuka 11–20 Desember 2023".
_KATA_KERJA: dict[Tahapan, str] = {
    Tahapan.PENDAFTARAN: "dibuka",
    Tahapan.PENETAPAN: "dijadwalkan",
    Tahapan.PELANTIKAN: "dijadwalkan",
}


class TahapanClosed(DomainError):
    """An action was attempted outside its stage's window."""

    code = "tahapan_closed"
    http_status = 409


class JadwalInvalid(DomainError):
    """A window ends before it starts."""

    code = "jadwal_invalid"
    http_status = 422


@dataclass(frozen=True, slots=True, kw_only=True)
class Jendela:
    """One stage's window, both ends inclusive."""

    tahapan: Tahapan
    mulai: date
    selesai: date

    def __post_init__(self) -> None:
        if self.selesai < self.mulai:
            raise JadwalInvalid(
                f"{self.tahapan.label}: tanggal selesai {tanggal_id(self.selesai)} sebelum "
                f"tanggal mulai {tanggal_id(self.mulai)}.",
                tahapan=self.tahapan.value,
            )

    def contains(self, on: date) -> bool:
        return self.mulai <= on <= self.selesai

    @property
    def label(self) -> str:
        """``Pendaftaran dibuka 11–20 Desember 2023``."""
        kata = _KATA_KERJA.get(self.tahapan, "berlangsung")
        return f"{self.tahapan.label} {kata} {rentang_id(self.mulai, self.selesai)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class JadwalPembentukan:
    """The formation schedule of one body in one election; stages in order."""

    kode: str
    nama: str
    badan: JenisBadan
    jendela_list: tuple[Jendela, ...]

    def jendela(self, tahapan: Tahapan) -> Jendela | None:
        """Return the window of ``tahapan``, or None when this schedule has no such stage."""
        return next((j for j in self.jendela_list if j.tahapan is tahapan), None)

    def tahapan_aktif(self, on: date) -> list[Tahapan]:
        """Return the stages open on ``on`` (stages overlap, e.g. registration and research)."""
        return [j.tahapan for j in self.jendela_list if j.contains(on)]


def tahapan_check(jadwal: JadwalPembentukan, tahapan: Tahapan, on: date) -> None:
    """Refuse an action of ``tahapan`` on ``on`` unless its window is open.

    Raises TahapanClosed with an Indonesian message naming the window, e.g. "Pendaftaran
    dibuka 11–20 Desember 2023; tanggal 21 Desember 2023 di luar jadwal.".
    """
    jendela = jadwal.jendela(tahapan)
    if jendela is None:
        raise TahapanClosed(
            f"{tahapan.label} tidak ada dalam jadwal {jadwal.nama}.",
            tahapan=tahapan.value,
            jadwal=jadwal.kode,
        )
    if not jendela.contains(on):
        raise TahapanClosed(
            f"{jendela.label}; tanggal {tanggal_id(on)} di luar jadwal.",
            tahapan=tahapan.value,
            jadwal=jadwal.kode,
            mulai=jendela.mulai.isoformat(),
            selesai=jendela.selesai.isoformat(),
        )


def _jadwal(
    kode: str, nama: str, badan: JenisBadan, windows: tuple[tuple[Tahapan, date, date], ...]
) -> JadwalPembentukan:
    return JadwalPembentukan(
        kode=kode,
        nama=nama,
        badan=badan,
        jendela_list=tuple(Jendela(tahapan=t, mulai=m, selesai=s) for t, m, s in windows),
    )


_T = Tahapan
JADWAL_TEMPLATES: dict[str, JadwalPembentukan] = {
    # Keputusan KPU 1669/2023 (domain.md 1.4). ⚠ Kep 476/2022 ended the term on 23 February;
    # 25 February is the amended date most sources give.
    "pemilu-2024/kpps": _jadwal(
        "pemilu-2024/kpps",
        "Pembentukan KPPS Pemilu 2024",
        JenisBadan.KPPS,
        (
            (_T.PENGUMUMAN, date(2023, 12, 11), date(2023, 12, 15)),
            (_T.PENDAFTARAN, date(2023, 12, 11), date(2023, 12, 20)),
            (_T.PENELITIAN_ADMINISTRASI, date(2023, 12, 11), date(2023, 12, 22)),
            (_T.PENGUMUMAN_HASIL_PENELITIAN, date(2023, 12, 23), date(2023, 12, 25)),
            (_T.TANGGAPAN_MASYARAKAT, date(2023, 12, 23), date(2023, 12, 28)),
            (_T.PENGUMUMAN_HASIL_SELEKSI, date(2023, 12, 29), date(2023, 12, 30)),
            (_T.PENETAPAN, date(2024, 1, 24), date(2024, 1, 24)),
            (_T.PELANTIKAN, date(2024, 1, 25), date(2024, 1, 25)),
            (_T.MASA_KERJA, date(2024, 1, 25), date(2024, 2, 25)),
        ),
    ),
    # Petugas Ketertiban TPS: 2 per TPS, set by PPS with local government help, no open
    # recruitment; same term as KPPS (domain.md 1.1). ⚠ Their penetapan and pelantikan dates
    # are assumed equal to KPPS's; no source gives them.
    "pemilu-2024/petugas-ketertiban": _jadwal(
        "pemilu-2024/petugas-ketertiban",
        "Pembentukan Petugas Ketertiban TPS Pemilu 2024",
        JenisBadan.PETUGAS_KETERTIBAN,
        (
            (_T.PENETAPAN, date(2024, 1, 24), date(2024, 1, 24)),
            (_T.PELANTIKAN, date(2024, 1, 25), date(2024, 1, 25)),
            (_T.MASA_KERJA, date(2024, 1, 25), date(2024, 2, 25)),
        ),
    ),
    # KPU Kota Batu and KPU Trenggalek schedules for Pilkada serentak 2024 (domain.md 1.4).
    "pilkada-2024/kpps": _jadwal(
        "pilkada-2024/kpps",
        "Pembentukan KPPS Pilkada 2024",
        JenisBadan.KPPS,
        (
            (_T.PENGUMUMAN, date(2024, 9, 17), date(2024, 9, 21)),
            (_T.PENDAFTARAN, date(2024, 9, 17), date(2024, 9, 28)),
            (_T.PENELITIAN_ADMINISTRASI, date(2024, 9, 18), date(2024, 9, 29)),
            (_T.PENGUMUMAN_HASIL_PENELITIAN, date(2024, 9, 30), date(2024, 10, 2)),
            (_T.TANGGAPAN_MASYARAKAT, date(2024, 9, 30), date(2024, 10, 5)),
            (_T.PENGUMUMAN_HASIL_SELEKSI, date(2024, 10, 5), date(2024, 10, 7)),
            (_T.PENETAPAN, date(2024, 11, 7), date(2024, 11, 7)),
            (_T.PELANTIKAN, date(2024, 11, 7), date(2024, 11, 7)),
            (_T.MASA_KERJA, date(2024, 11, 7), date(2024, 12, 8)),
        ),
    ),
    # ⚠ Assumed equal to the KPPS dates, as for Pemilu 2024.
    "pilkada-2024/petugas-ketertiban": _jadwal(
        "pilkada-2024/petugas-ketertiban",
        "Pembentukan Petugas Ketertiban TPS Pilkada 2024",
        JenisBadan.PETUGAS_KETERTIBAN,
        (
            (_T.PENETAPAN, date(2024, 11, 7), date(2024, 11, 7)),
            (_T.PELANTIKAN, date(2024, 11, 7), date(2024, 11, 7)),
            (_T.MASA_KERJA, date(2024, 11, 7), date(2024, 12, 8)),
        ),
    ),
}
