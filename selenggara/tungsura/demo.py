"""Demo C.Hasil: every TPS of a region (Purbalingga's 2,964 by default) x every contest it votes
in, with realistic numbers consistent with each TPS's DPT, and a handful of named faults.

The sheets come from ``domain.sintetis`` (the "paper" of each TPS); a few are then spoilt the
way 2024 went wrong (domain.md 4.3) so the checks can be shown catching them, and one is
corrected by the PPK so the versions page and a superseded digest can be seen. Every version
(about 14,800 sheets and 1.5 million numbers) is written through ``services.c_hasil_store``,
the write path of ``c_hasil_submit``: the same checks, digest, audit row and event as a sheet
entered by a KPPS, in one transaction for the whole load. The layout of each dapil is read once
and reused for all its TPS. One more audit row records the load, its seed and its faults; what
the demo prints about them is read back from the stored versions, on a rerun too.

Which transpositions the checks can see (documented, and shown by one planted fault each):
- two rows of one sum (two pairs, two candidates of one party, two parties' totals) swap
  unnoticed: every identity still holds. Only the photo or the witnesses' digest shows it;
- two rows of different sums are caught: a candidate of one party read in the next party's
  column breaks both party totals (``jumlah_partai_tidak_sesuai``); the DPT row and the
  users-from-DPT row swapped breaks rule 7 and rule 10 and the DPT register.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext
from PIL import Image, ImageDraw

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import Penugasan, User
from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress, statistics_refresh
from selenggara.core.errors import InvalidInput, RowError
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import TPS, Dapil, Pemilihan
from selenggara.pemilihan.selectors_peserta import dapil_for_desa_kode, dapil_index_get
from selenggara.tungsura.domain.lembar import (
    DPT,
    PENGGUNA_DPT,
    PENGGUNA_DPTB,
    PENGGUNA_TOTAL,
    SusunanSuara,
    kunci_calon,
    kunci_partai_calon,
)
from selenggara.tungsura.domain.pemeriksaan import KonteksTPS, Temuan
from selenggara.tungsura.domain.sintetis import (
    baris_tertukar,
    lembar_sintetis,
    pengguna_sintetis,
    salah_baca_ratusan,
)
from selenggara.tungsura.lembar import (
    LembarTPS,
    konteks_for_tps,
    lembar_for_tps,
    susunan_for_dapil,
)
from selenggara.tungsura.models import CHasil, CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_foto_store, c_hasil_store
from selenggara.wilayah.domain.kode import KodeTPS, KodeWilayah

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

DEMO_SEED = 20240214
AUDIT_ACTION = "c_hasil.demo_load"
PROGRESS_PHASE = "C.Hasil demo"
# TPS generated and written together: bounds memory (each sheet keeps ~500 numbers).
BATCH_TPS = 250

# PPWP weights: Jawa Tengah's official 2024 result (KPU Jawa Tengah plenary, 9 Mar 2024:
# Anies-Muhaimin 2,866,373, Prabowo-Gibran 12,096,454, Ganjar-Mahfud 7,827,335 of 22,790,162
# valid votes). ASSUMPTION: Purbalingga's own result was not found; the province stands in.
BOBOT_PPWP_JATENG_2024: dict[int, int] = {1: 1258, 2: 5308, 3: 3435}
# Party weights (hundredths of a percent), by ballot number: DPRD Provinsi Jawa Tengah 2024 as
# Sirekap showed it at 69.6 % of TPS (19 Feb 2024). ASSUMPTION: used for DPR, DPRD Provinsi and
# DPRD Kab/Kota alike; the final figures differ by a point or two.
BOBOT_PARTAI_JATENG_2024: dict[int, int] = {
    1: 1486,  # PKB
    2: 1253,  # Gerindra
    3: 2545,  # PDI Perjuangan
    4: 1111,  # Golkar
    5: 418,  # NasDem
    6: 77,  # Partai Buruh
    7: 119,  # Gelora
    8: 773,  # PKS
    9: 46,  # PKN
    10: 98,  # Hanura
    11: 56,  # Garuda
    12: 448,  # PAN
    13: 38,  # PBB
    14: 590,  # Demokrat
    15: 230,  # PSI
    16: 118,  # Perindo
    17: 531,  # PPP
    24: 64,  # Ummat
}
BERPARTAI = frozenset({"dpr", "dprd_provinsi", "dprd_kabkota"})

# Where a DPTb voter (moved in with form A) comes from decides which ballots they get (UU 7/2017
# Pasal 348, domain.md 3.4 rule 14): from the same kab/kota every ballot of the TPS, from
# another kab/kota of the province only PPWP and DPD (assuming another DPR/DPRD dapil), from
# another province only PPWP. Weights in percent.
ASAL_DPTB: tuple[tuple[frozenset[str] | None, int], ...] = (
    (None, 50),  # None: every contest of the TPS
    (frozenset({"ppwp", "dpd"}), 30),
    (frozenset({"ppwp"}), 20),
)

_WIB = ZoneInfo("Asia/Jakarta")


class JenisKesalahan:
    """The kinds of planted fault (codes stored in the audit row)."""

    SALAH_BACA_RATUSAN = "salah_baca_ratusan"
    BARIS_TERTUKAR_PARTAI = "baris_tertukar_partai"
    BARIS_TERTUKAR_DPT = "baris_tertukar_dpt"
    BARIS_TERTUKAR_TAK_TERLIHAT = "baris_tertukar_tak_terlihat"
    HALAMAN_HILANG = "halaman_hilang"
    KOREKSI = "koreksi"


@dataclass(frozen=True, slots=True, kw_only=True)
class KesalahanDemo:
    """One planted fault: where to look, which numbers, and what the checks say."""

    jenis: str
    tps_kode: str
    tps_label: str  # "TPS 002 Kedungbenda"
    kontestasi: str
    kunci: tuple[str, ...]  # the fields spoilt
    tertulis: tuple[int, ...]  # what the paper says, per field
    terbaca: tuple[int, ...]  # what was entered, per field
    temuan: tuple[str, ...]  # check codes of the version showing the fault, each once
    status: str  # of the current version
    versi: int = 1  # versions the demo wrote for this sheet
    versi_terkini: int = 1  # the current version's number, as stored now

    def as_dict(self) -> dict[str, object]:
        return {
            "jenis": self.jenis,
            "tps": self.tps_kode,
            "tps_label": self.tps_label,
            "kontestasi": self.kontestasi,
            "kunci": list(self.kunci),
            "tertulis": list(self.tertulis),
            "terbaca": list(self.terbaca),
            "temuan": list(self.temuan),
            "status": self.status,
            "versi": self.versi,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KesalahanDemo:
        return cls(
            jenis=str(data["jenis"]),
            tps_kode=str(data["tps"]),
            tps_label=str(data["tps_label"]),
            kontestasi=str(data["kontestasi"]),
            kunci=tuple(str(k) for k in data["kunci"]),
            tertulis=tuple(int(v) for v in data["tertulis"]),
            terbaca=tuple(int(v) for v in data["terbaca"]),
            temuan=tuple(str(k) for k in data["temuan"]),
            status=str(data["status"]),
            versi=int(data.get("versi", 2 if data["jenis"] == JenisKesalahan.KOREKSI else 1)),
        )

    @property
    def uraian(self) -> str:
        """One line for the demo output: what went wrong and what the checks flagged."""
        angka = ", ".join(
            f"{k} {a} -> {b}"
            for k, a, b in zip(self.kunci, self.tertulis, self.terbaca, strict=True)
        )
        what = {
            JenisKesalahan.SALAH_BACA_RATUSAN: gettext(
                "angka 1 terbaca 8 di kotak ratusan (%(angka)s)"
            ),
            JenisKesalahan.BARIS_TERTUKAR_PARTAI: gettext(
                "baris tertukar antar-kolom partai (%(angka)s)"
            ),
            JenisKesalahan.BARIS_TERTUKAR_DPT: gettext(
                "baris DPT dan pengguna hak pilih DPT tertukar di kertas, dikonfirmasi (%(angka)s)"
            ),
            JenisKesalahan.BARIS_TERTUKAR_TAK_TERLIHAT: gettext(
                "dua paslon tertukar (%(angka)s): TIDAK terdeteksi pemeriksaan aritmetika, "
                "hanya foto atau digest saksi yang menunjukkannya"
            ),
            JenisKesalahan.HALAMAN_HILANG: gettext(
                "foto halaman 1 dan 3 dari 3 ada, halaman 2 tidak"
            ),
            JenisKesalahan.KOREKSI: gettext(
                "kotak ratusan kosong terbaca 8 (%(angka)s), dikoreksi PPK menjadi versi 2"
            ),
        }[self.jenis] % {"angka": angka}
        ditandai = ", ".join(self.temuan) if self.temuan else gettext("tidak ada temuan")
        line = gettext("%(tps)s (%(kode)s) %(k)s: %(what)s; temuan: %(t)s; status: %(s)s.") % {
            "tps": self.tps_label,
            "kode": self.tps_kode,
            "k": self.kontestasi.upper(),
            "what": what,
            "t": ditandai,
            "s": self.status,
        }
        if self.versi_terkini != self.versi:
            line += " " + gettext(
                "Sudah diubah sejak dimuat: kini versi %(n)s (demo menulis %(d)s)."
            ) % {"n": self.versi_terkini, "d": self.versi}
        return line


@dataclass(frozen=True, slots=True, kw_only=True)
class CHasilDemoSummary:
    wilayah_kode: str
    seed: int
    jumlah_tps: int
    jumlah_c_hasil: int
    jumlah_versi: int
    jumlah_angka_suara: int  # section IV numbers stored, over every version
    kesalahan: tuple[KesalahanDemo, ...]
    # The demo KPPS's TPS: no PPWP C.Hasil, so a demo user can enter one by hand.
    tps_tanpa_ppwp: str
    tps_tanpa_ppwp_label: str
    dimuat: bool  # False: loaded before, nothing written this time
    detik: float = 0.0
    # The version of the PPWP C.Hasil someone entered by hand there since (0: none yet).
    ppwp_diisi_versi: int = 0

    def lines(self) -> list[str]:
        """The demo output: counts, where each fault is, and the TPS left for a hand entry."""
        head = (
            gettext(
                "C.Hasil demo: %(c)s lembar (%(v)s versi) di %(t)s TPS, seed %(s)s, %(d)s detik."
            )
            if self.dimuat
            else gettext(
                "C.Hasil demo sudah dimuat sebelumnya: %(c)s lembar (%(v)s versi) di %(t)s TPS, "
                "seed %(s)s."
            )
        ) % {
            "c": _ribuan(self.jumlah_c_hasil),
            "v": _ribuan(self.jumlah_versi),
            "t": _ribuan(self.jumlah_tps),
            "s": self.seed,
            "d": self.detik,
        }
        result = [head, gettext("Kesalahan yang sengaja disisipkan (untuk dilihat):")]
        result += [f"  - {k.uraian}" for k in self.kesalahan]
        tps = {"tps": self.tps_tanpa_ppwp_label, "kode": self.tps_tanpa_ppwp}
        if self.ppwp_diisi_versi:
            result.append(
                gettext(
                    "%(tps)s (%(kode)s) dibiarkan tanpa C.Hasil PPWP oleh demo; kini sudah "
                    "diisi (versi %(n)s)."
                )
                % {**tps, "n": self.ppwp_diisi_versi}
            )
        else:
            result.append(
                gettext(
                    "%(tps)s (%(kode)s) sengaja belum memiliki C.Hasil PPWP: masuk sebagai "
                    "kpps-ketua untuk mengisinya sendiri."
                )
                % tps
            )
        return result


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- Per TPS: the paper of each contest ---------------------------------------------------------


def pengguna_per_kontestasi(
    *, pengguna: Mapping[str, int], jenis_list: Sequence[str], rng: random.Random
) -> dict[str, dict[str, int]]:
    """Return sections I and III per contest: the same voters, except DPTb voters from another
    kab/kota or province, who get only some ballots (``ASAL_DPTB``, domain.md 3.4 rule 14)."""
    asal_list = [a for a, _ in ASAL_DPTB]
    weights = [w for _, w in ASAL_DPTB]
    laki = rng.choices(asal_list, weights=weights, k=pengguna[PENGGUNA_DPTB[0]])
    perempuan = rng.choices(asal_list, weights=weights, k=pengguna[PENGGUNA_DPTB[1]])
    result: dict[str, dict[str, int]] = {}
    for jenis in jenis_list:
        dptb_l = sum(1 for a in laki if a is None or jenis in a)
        dptb_p = sum(1 for a in perempuan if a is None or jenis in a)
        angka = dict(pengguna)
        kurang_l = angka[PENGGUNA_DPTB[0]] - dptb_l
        kurang_p = angka[PENGGUNA_DPTB[1]] - dptb_p
        angka[PENGGUNA_DPTB[0]], angka[PENGGUNA_DPTB[1]] = dptb_l, dptb_p
        angka[PENGGUNA_DPTB[2]] = dptb_l + dptb_p
        angka[PENGGUNA_TOTAL[0]] -= kurang_l
        angka[PENGGUNA_TOTAL[1]] -= kurang_p
        angka[PENGGUNA_TOTAL[2]] -= kurang_l + kurang_p
        # A voter with a disability among those who did not get this ballot: keep at most the users.
        angka["disabilitas_l"] = min(angka["disabilitas_l"], angka[PENGGUNA_TOTAL[0]])
        angka["disabilitas_p"] = min(angka["disabilitas_p"], angka[PENGGUNA_TOTAL[1]])
        angka["disabilitas_j"] = angka["disabilitas_l"] + angka["disabilitas_p"]
        result[jenis] = angka
    return result


@dataclass(slots=True)
class _Kontes:
    """One contest's dapil as the loader needs it, resolved once per dapil."""

    dapil: Dapil
    jenis: str
    susunan: SusunanSuara
    kunci: list[str]  # section IV keys, paper order
    bobot: dict[int, int]
    nama_peserta: Mapping[str, str]


@dataclass(slots=True)
class _Versi:
    """One version to submit: the numbers entered, by whom, when, and why."""

    kontes: _Kontes
    angka: dict[str, int]
    dibuat_pada: datetime
    dibuat_oleh_id: int | None = None  # None: the KPPS, standing in as the system
    alasan: str = ""
    konfirmasi: bool = False  # the submitter confirms every flagged field as on the paper


@dataclass(slots=True)
class _TPSDemo:
    tps: TPS
    label: str
    konteks: KonteksTPS
    versi_list: list[_Versi] = field(default_factory=list)


@dataclass(slots=True)
class _Rencana:
    """Which faults are still to be planted, and who stands in for the KPPS, PPS and PPK."""

    tps_kpps_id: int
    kecamatan_kpps: str
    sisa: list[str]
    ppk_by_kecamatan: dict[str, int]
    pps_by_desa: dict[str, int]
    kesalahan: list[KesalahanDemo] = field(default_factory=list)
    foto_untuk: list[tuple[int, str]] = field(default_factory=list)  # (tps id, label)


def _waktu(pemilihan: Pemilihan, rng: random.Random, *, hari: int = 0) -> datetime:
    """A moment in the evening of voting day (WIB), or ``hari`` days later."""
    day = pemilihan.hari_pemungutan + timedelta(days=hari)
    start = datetime(day.year, day.month, day.day, 14, 0, tzinfo=_WIB)
    return start + timedelta(minutes=rng.randrange(0, 9 * 60))


def _codes(temuan: Iterable[Temuan]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.kode.value for t in temuan))


def _tukar_partai(angka: Mapping[str, int], susunan: SusunanSuara) -> tuple[str, str] | None:
    """Two same-row candidates of adjacent party columns with different votes, PDI-P's first."""
    pairs = list(zip(susunan.partai, susunan.partai[1:], strict=False))
    pairs.sort(key=lambda p: p[0].nomor != 3)  # PDI Perjuangan (3) next to Golkar (4) first
    for a, b in pairs:
        if a.calon and b.calon:
            ka, kb = (
                kunci_partai_calon(a.nomor, a.calon[0]),
                kunci_partai_calon(b.nomor, b.calon[0]),
            )
            if angka[ka] != angka[kb]:
                return ka, kb
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Tempat:
    """Where a fault is planted: one TPS's sheet of one contest."""

    pemilihan: Pemilihan
    demo: _TPSDemo
    kontes: _Kontes
    rng: random.Random
    rencana: _Rencana

    def versi(self, angka: dict[str, int], *, hari: int = 0) -> _Versi:
        return _Versi(
            kontes=self.kontes,
            angka=angka,
            dibuat_pada=_waktu(self.pemilihan, self.rng, hari=hari),
        )


_Tanam = tuple[tuple[str, ...], list[_Versi]] | None


def _salah_baca_ratusan(t: _Tempat, angka: dict[str, int]) -> _Tanam:
    """Pair 02's 152 entered as 852: the leading 1 read as 8 (domain.md 4.3)."""
    key = kunci_calon(2)
    if key not in angka or not 100 <= angka[key] <= 199:
        return None
    return (key,), [t.versi(salah_baca_ratusan(angka, key, dibaca=8))]


def _tertukar_partai(t: _Tempat, angka: dict[str, int]) -> _Tanam:
    """A candidate's votes read from the next party's column, and the other way round."""
    pair = _tukar_partai(angka, t.kontes.susunan)
    if pair is None:
        return None
    return pair, [t.versi(baris_tertukar(angka, *pair))]


def _tertukar_dpt(t: _Tempat, angka: dict[str, int]) -> _Tanam:
    """The KPPS wrote the users in the DPT row and the DPT in the users row; the PPS entered
    the paper and confirmed that is what it says: flagged and confirmed, for the plenary."""
    if angka[DPT[2]] == angka[PENGGUNA_DPT[2]]:
        return None
    spoilt = dict(angka)
    for a, b in zip(DPT, PENGGUNA_DPT, strict=True):
        spoilt = baris_tertukar(spoilt, a, b)
    versi = t.versi(spoilt)
    versi.konfirmasi = True
    versi.dibuat_oleh_id = t.rencana.pps_by_desa.get(_desa_kode(t.demo.tps))
    return (*DPT, *PENGGUNA_DPT), [versi]


def _tertukar_tak_terlihat(t: _Tempat, angka: dict[str, int]) -> _Tanam:
    """Pairs 01 and 03 swapped: both rows sit in one sum, so no check can see it."""
    a, b = kunci_calon(1), kunci_calon(3)
    if a not in angka or b not in angka or angka[a] == angka[b]:
        return None
    return (a, b), [t.versi(baris_tertukar(angka, a, b))]


def _halaman_hilang(t: _Tempat, angka: dict[str, int]) -> _Tanam:
    """A consistent sheet whose page 2 was never photographed (the photos come after)."""
    t.rencana.foto_untuk.append((t.demo.tps.pk, t.demo.label))
    return (), [t.versi(angka)]


def _koreksi(t: _Tempat, angka: dict[str, int]) -> _Tanam:
    """A DPD candidate's 11 entered as 811 (TPS 017 Sobo, 2024), corrected by the PPK."""
    small = [k for k in t.kontes.kunci if 0 < angka[k] < 100]
    if not small:
        return None
    key = small[0]
    salah = t.versi(salah_baca_ratusan(angka, key, dibaca=8))
    benar = t.versi(angka, hari=3)
    benar.alasan = gettext(
        "Koreksi dalam rapat pleno PPK: %(kunci)s di kertas tertulis %(a)s, saat entri "
        "kotak ratusan yang kosong terbaca 8 (%(b)s)."
    ) % {"kunci": key, "a": angka[key], "b": salah.angka[key]}
    benar.dibuat_oleh_id = t.rencana.ppk_by_kecamatan.get(_kecamatan_kode(t.demo.tps))
    return (key,), [salah, benar]


# Each fault: the contest it is planted in, and how (None when it does not fit that sheet).
FAULTS: dict[str, tuple[str, Callable[[_Tempat, dict[str, int]], _Tanam]]] = {
    JenisKesalahan.SALAH_BACA_RATUSAN: ("ppwp", _salah_baca_ratusan),
    JenisKesalahan.BARIS_TERTUKAR_PARTAI: ("dpr", _tertukar_partai),
    JenisKesalahan.BARIS_TERTUKAR_DPT: ("dprd_kabkota", _tertukar_dpt),
    JenisKesalahan.BARIS_TERTUKAR_TAK_TERLIHAT: ("ppwp", _tertukar_tak_terlihat),
    JenisKesalahan.HALAMAN_HILANG: ("ppwp", _halaman_hilang),
    JenisKesalahan.KOREKSI: ("dpd", _koreksi),
}


def _plant(jenis_kesalahan: str, t: _Tempat, angka: dict[str, int]) -> list[_Versi] | None:
    """Return the versions of a sheet showing this fault, or None if it does not fit here."""
    planted = FAULTS[jenis_kesalahan][1](t, angka)
    if planted is None:
        return None
    kunci, versi_list = planted
    shown = versi_list[0]
    # What the checks say and the status come from the stored versions (_kesalahan_terkini).
    t.rencana.kesalahan.append(
        KesalahanDemo(
            jenis=jenis_kesalahan,
            tps_kode=t.demo.tps.kode,
            tps_label=t.demo.label,
            kontestasi=t.kontes.jenis,
            kunci=kunci,
            tertulis=tuple(angka[k] for k in kunci),
            terbaca=tuple(shown.angka[k] for k in kunci),
            temuan=(),
            status="",
            versi=len(versi_list),
        )
    )
    return versi_list


def _desa_kode(tps: TPS) -> str:
    return KodeTPS.parse(tps.kode).desa.value


def _kecamatan_kode(tps: TPS) -> str:
    return _desa_kode(tps).rsplit(".", 1)[0]


def _tps_sheets(
    *,
    pemilihan: Pemilihan,
    demo: _TPSDemo,
    kontes_list: Sequence[_Kontes],
    seed: int,
    rencana: _Rencana,
) -> None:
    """Fill ``demo.versi_list``: one consistent sheet per contest, or a planted fault."""
    tps = demo.tps
    rng = random.Random(f"{seed}:{tps.kode}")  # noqa: S311 (synthetic data, not security)
    pengguna = pengguna_sintetis(rng=rng, konteks=demo.konteks)
    per_jenis = pengguna_per_kontestasi(
        pengguna=pengguna, jenis_list=[k.jenis for k in kontes_list], rng=rng
    )
    in_zone = tps.pk != rencana.tps_kpps_id and _kecamatan_kode(tps) == rencana.kecamatan_kpps
    planted = False
    for kontes in kontes_list:
        if tps.pk == rencana.tps_kpps_id and kontes.jenis == "ppwp":
            continue  # left for a demo user to enter by hand
        angka = lembar_sintetis(
            rng=rng,
            susunan=kontes.susunan,
            konteks=demo.konteks,
            pengguna=per_jenis[kontes.jenis],
            bobot=kontes.bobot,
        )
        if in_zone and not planted and rencana.sisa:
            wanted = rencana.sisa[0]
            if FAULTS[wanted][0] == kontes.jenis:
                tempat = _Tempat(
                    pemilihan=pemilihan, demo=demo, kontes=kontes, rng=rng, rencana=rencana
                )
                versi_list = _plant(wanted, tempat, angka)
                if versi_list is not None:
                    rencana.sisa.pop(0)
                    planted = True
                    demo.versi_list += versi_list
                    continue
        demo.versi_list.append(
            _Versi(kontes=kontes, angka=angka, dibuat_pada=_waktu(pemilihan, rng))
        )


# --- Writing -----------------------------------------------------------------------------------


def _batch_write(batch: Sequence[_TPSDemo], users: Mapping[int, User]) -> tuple[int, int, int]:
    """Submit every version of ``batch`` through the service, in order; return how many
    headers, versions and section IV numbers were written."""
    counts = [0, 0, 0]
    for demo in batch:
        for v in demo.versi_list:
            lembar = LembarTPS(
                tps=demo.tps,
                kontestasi=v.kontes.dapil.kontestasi,
                dapil=v.kontes.dapil,
                susunan=v.kontes.susunan,
                konteks=demo.konteks,
                nama_peserta=v.kontes.nama_peserta,
            )
            hasil = c_hasil_store(
                lembar=lembar,
                angka=v.angka,
                actor=users.get(v.dibuat_oleh_id) if v.dibuat_oleh_id is not None else None,
                sumber=Sumber.DEMO,
                # Confirming every field confirms each flagged one; the others are ignored.
                konfirmasi=v.kontes.susunan.kunci_semua() if v.konfirmasi else (),
                alasan=v.alasan,
                dibuat_pada=v.dibuat_pada,
            )
            counts[0] += hasil.versi.nomor == 1
            counts[1] += 1
            counts[2] += len(hasil.versi.suara)
    return counts[0], counts[1], counts[2]


def _halaman_jpeg(*, label: str, jenis: str, halaman: int, dari: int) -> bytes:
    """A small JPEG standing in for the photo of one page of the paper form."""
    image = Image.new("RGB", (480, 680), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 463, 663), outline=(40, 40, 40), width=3)
    draw.text((40, 40), f"C.HASIL-{jenis.upper()}", fill=(0, 0, 0), font_size=28)
    draw.text((40, 90), label, fill=(0, 0, 0), font_size=20)
    draw.text((40, 600), f"Halaman {halaman} dari {dari}", fill=(0, 0, 0), font_size=24)
    for y in range(150, 580, 36):
        draw.line((40, y, 440, y), fill=(160, 160, 160), width=1)
    draw.text((40, 300), "DATA DEMO", fill=(200, 40, 40), font_size=48)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def _foto_store(*, pemilihan: Pemilihan, lembar: LembarTPS, label: str, actor: Actor) -> None:
    """Photos of pages 1 and 3 of 3 of a PPWP C.Hasil; page 2 is missing on purpose.

    Written through ``c_hasil_foto_store``, the service every photo goes through.
    """
    uploader = actor if isinstance(actor, User) else None
    rng = random.Random(f"foto:{lembar.tps.pk}")  # noqa: S311 (synthetic data, not security)
    for halaman in (1, 3):
        data = _halaman_jpeg(label=label, jenis="ppwp", halaman=halaman, dari=3)
        c_hasil_foto_store(
            lembar=lembar,
            halaman=halaman,
            dari=3,
            berkas=SimpleUploadedFile(f"hal{halaman}.jpg", data, content_type="image/jpeg"),
            actor=uploader,
            diunggah_pada=_waktu(pemilihan, rng),
        )


# --- The loader ----------------------------------------------------------------------------------


def _kpps_tps(pemilihan: Pemilihan, tps_list: Sequence[TPS]) -> TPS:
    """The TPS of the demo KPPS ketua (first in code order), else the first TPS of the region,
    which is where ``accounts.demo`` puts the KPPS accounts."""
    ids = {t.pk for t in tps_list}
    held = set(
        Penugasan.objects.filter(
            peran=Peran.KPPS_KETUA, is_active=True, tps__pemilihan=pemilihan
        ).values_list("tps_id", flat=True)
    )
    return next((t for t in tps_list if t.pk in held and t.pk in ids), tps_list[0])


def _users_by_wilayah(peran: Peran) -> dict[str, int]:
    found: dict[str, int] = {}
    for kode, user_id in (
        Penugasan.objects.filter(peran=peran, is_active=True)
        .order_by("user_id")
        .values_list("wilayah_kode", "user_id")
    ):
        found.setdefault(kode, user_id)
    return found


def _kontes_for(dapil: Dapil, *, seed: int) -> _Kontes:
    jenis = dapil.kontestasi.jenis
    susunan, nama = susunan_for_dapil(dapil)
    kunci = susunan.kunci_suara()
    if jenis == "ppwp":
        bobot = dict(BOBOT_PPWP_JATENG_2024)
    elif jenis in BERPARTAI:
        bobot = dict(BOBOT_PARTAI_JATENG_2024)
    else:
        # DPD and any other candidate contest: a few candidates draw most of the votes.
        rng = random.Random(f"{seed}:{dapil.kode}")  # noqa: S311 (synthetic data)
        bobot = {n: rng.choice((1, 2, 3, 5, 8, 13, 21)) for n in susunan.calon}
    return _Kontes(
        dapil=dapil, jenis=jenis, susunan=susunan, kunci=kunci, bobot=bobot, nama_peserta=nama
    )


def _previous(pemilihan: Pemilihan, wilayah_kode: str) -> AuditLog | None:
    return (
        AuditLog.objects.filter(
            action=AUDIT_ACTION,
            target_type="pemilihan.pemilihan",
            target_id=str(pemilihan.pk),
            wilayah_kode=wilayah_kode,
        )
        .order_by("-seq")
        .first()
    )


def _kesalahan_terkini(
    pemilihan: Pemilihan, kesalahan: Iterable[KesalahanDemo]
) -> tuple[KesalahanDemo, ...]:
    """Return each planted fault as the database holds it now: the check codes of the version
    that shows it (the first), and the status and number of the current version."""
    result = []
    for k in kesalahan:
        c_hasil = (
            CHasil.objects.select_related("versi_terkini")
            .filter(tps__pemilihan=pemilihan, tps__kode=k.tps_kode, kontestasi__jenis=k.kontestasi)
            .first()
        )
        terkini = c_hasil.versi_terkini if c_hasil is not None else None
        if c_hasil is None or terkini is None:
            continue  # removed since (a restore, a reset): nothing to point at
        pertama = c_hasil.versi_set.get(nomor=1)
        result.append(
            replace(
                k,
                temuan=_codes(pertama.temuan_domain()),
                status=terkini.status,
                versi_terkini=terkini.nomor,
            )
        )
    return tuple(result)


def _ppwp_diisi_versi(pemilihan: Pemilihan, tps_kode: str) -> int:
    nomor = (
        CHasil.objects.filter(
            tps__pemilihan=pemilihan, tps__kode=tps_kode, kontestasi__jenis="ppwp"
        )
        .values_list("versi_terkini__nomor", flat=True)
        .first()
    )
    return nomor or 0


def _summary_from(audit: AuditLog, *, pemilihan: Pemilihan, wilayah_kode: str) -> CHasilDemoSummary:
    after: dict[str, Any] = dict(audit.after or {})
    tps_kode = str(after["tps_tanpa_ppwp"])
    return CHasilDemoSummary(
        wilayah_kode=wilayah_kode,
        seed=int(after["seed"]),
        jumlah_tps=int(after["tps"]),
        jumlah_c_hasil=int(after["c_hasil"]),
        jumlah_versi=int(after["versi"]),
        jumlah_angka_suara=int(after["angka_suara"]),
        kesalahan=_kesalahan_terkini(
            pemilihan, (KesalahanDemo.from_dict(k) for k in after["kesalahan"])
        ),
        tps_tanpa_ppwp=tps_kode,
        tps_tanpa_ppwp_label=str(after["tps_tanpa_ppwp_label"]),
        dimuat=False,
        ppwp_diisi_versi=_ppwp_diisi_versi(pemilihan, tps_kode),
    )


def _label(tps: TPS) -> str:
    return f"TPS {tps.nomor:03d} {tps.desa.nama}"


def c_hasil_demo_load(
    *,
    pemilihan: Pemilihan,
    wilayah_kode: str = "33.03",
    seed: int = DEMO_SEED,
    actor: Actor = None,
    progress: Progress | None = None,
) -> CHasilDemoSummary:
    """Fill every TPS under ``wilayah_kode`` with a demo C.Hasil per contest; plant the faults.

    Idempotent: when this region was loaded before (its audit row exists), nothing is written
    and the earlier summary is returned (``dimuat`` False). A TPS and contest that already
    have a C.Hasil (entered by hand) are left alone. The demo KPPS's TPS gets no PPWP C.Hasil.
    Needs the dapil, parties and candidates (``pemilihan.peserta_demo.peserta_demo_load``).
    Raises InvalidKodeWilayah for a malformed code, InvalidInput for a region without TPS.
    """
    started = time.perf_counter()
    kode = KodeWilayah.parse(wilayah_kode)
    if (audit := _previous(pemilihan, kode.value)) is not None:
        return _summary_from(audit, pemilihan=pemilihan, wilayah_kode=kode.value)
    tps_list = list(
        TPS.objects.filter(pemilihan=pemilihan, kode__startswith=kode.digits)
        .select_related("desa")
        .only("pk", "kode", "nomor", "dpt_laki", "dpt_perempuan", "dpt", "desa__nama")
        .order_by("kode")
    )
    if not tps_list:
        message = gettext("Pemilihan %(p)s belum memiliki TPS di wilayah %(w)s.") % {
            "p": pemilihan.kode,
            "w": kode.value,
        }
        raise InvalidInput(
            message, errors=[RowError(row=None, field="wilayah_kode", message=message)]
        )
    with transaction.atomic():
        summary = _load(
            pemilihan=pemilihan,
            wilayah_kode=kode.value,
            tps_list=tps_list,
            seed=seed,
            actor=actor,
            progress=progress,
        )
        statistics_refresh(TPS, CHasil, CHasilVersi, AuditLog)
    return replace(summary, detik=round(time.perf_counter() - started, 1))


def _load(
    *,
    pemilihan: Pemilihan,
    wilayah_kode: str,
    tps_list: list[TPS],
    seed: int,
    actor: Actor,
    progress: Progress | None,
) -> CHasilDemoSummary:
    index = dapil_index_get(pemilihan=pemilihan)
    kontes_by_dapil: dict[int, _Kontes] = {}
    kontes_by_desa: dict[str, list[_Kontes]] = {}
    taken = set(
        CHasil.objects.filter(
            tps__pemilihan=pemilihan, tps__kode__startswith=wilayah_kode.replace(".", "")
        ).values_list("tps_id", "kontestasi__jenis")
    )
    kpps = _kpps_tps(pemilihan, tps_list)
    rencana = _Rencana(
        tps_kpps_id=kpps.pk,
        kecamatan_kpps=_kecamatan_kode(kpps),
        sisa=list(FAULTS),
        ppk_by_kecamatan=_users_by_wilayah(Peran.PPK),
        pps_by_desa=_users_by_wilayah(Peran.PPS),
    )
    users = User.objects.in_bulk(
        {*rencana.ppk_by_kecamatan.values(), *rencana.pps_by_desa.values()}
    )
    counts = [0, 0, 0]
    for start in range(0, len(tps_list), BATCH_TPS):
        batch = []
        for tps in tps_list[start : start + BATCH_TPS]:
            tps.pemilihan = pemilihan
            desa_kode = _desa_kode(tps)
            if desa_kode not in kontes_by_desa:
                dapil_map = dapil_for_desa_kode(index=index, desa_kode=desa_kode)
                for dapil in dapil_map.values():
                    if dapil.pk not in kontes_by_dapil:
                        kontes_by_dapil[dapil.pk] = _kontes_for(dapil, seed=seed)
                kontes_by_desa[desa_kode] = [
                    kontes_by_dapil[d.pk]
                    for d in dapil_map.values()
                    if kontes_by_dapil[d.pk].kunci  # a dapil without candidates has no sheet
                ]
            kontes_list = [k for k in kontes_by_desa[desa_kode] if (tps.pk, k.jenis) not in taken]
            demo = _TPSDemo(tps=tps, label=_label(tps), konteks=konteks_for_tps(tps))
            _tps_sheets(
                pemilihan=pemilihan,
                demo=demo,
                kontes_list=kontes_list,
                seed=seed,
                rencana=rencana,
            )
            batch.append(demo)
        for i, n in enumerate(_batch_write(batch, users)):
            counts[i] += n
        if progress is not None:
            progress(PROGRESS_PHASE, min(start + BATCH_TPS, len(tps_list)), len(tps_list))
    tps_by_id = {t.pk: t for t in tps_list}
    for tps_id, label in rencana.foto_untuk:
        lembar = lembar_for_tps(tps=tps_by_id[tps_id], jenis="ppwp")
        _foto_store(pemilihan=pemilihan, lembar=lembar, label=label, actor=actor)
    summary = CHasilDemoSummary(
        wilayah_kode=wilayah_kode,
        seed=seed,
        jumlah_tps=len(tps_list),
        jumlah_c_hasil=counts[0],
        jumlah_versi=counts[1],
        jumlah_angka_suara=counts[2],
        kesalahan=_kesalahan_terkini(pemilihan, rencana.kesalahan),
        tps_tanpa_ppwp=kpps.kode,
        tps_tanpa_ppwp_label=_label(kpps),
        dimuat=True,
    )
    audit_record(
        actor=actor,
        action=AUDIT_ACTION,
        target=pemilihan,
        wilayah_kode=wilayah_kode,
        after={
            "seed": seed,
            "tps": summary.jumlah_tps,
            "c_hasil": summary.jumlah_c_hasil,
            "versi": summary.jumlah_versi,
            "angka_suara": summary.jumlah_angka_suara,
            "sumber": Sumber.DEMO.value,
            "tps_tanpa_ppwp": summary.tps_tanpa_ppwp,
            "tps_tanpa_ppwp_label": summary.tps_tanpa_ppwp_label,
            "kesalahan": [k.as_dict() for k in summary.kesalahan],
        },
    )
    return summary
