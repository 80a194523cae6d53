"""The checks of a Form C.Hasil: every identity of domain.md 3.4, each with a code and severity.

The paper is the legal record (Kep KPU 66/2024; domain.md 4.3 lessons): a sheet that fails a
check is stored exactly as written and flagged, never fixed and never refused. Each finding
names the fields involved so the submitter confirms each of them once more, and so the PPK
knows where to look in the plenary.

Severity:
- ``galat``: the sheet contradicts itself or the physically possible (an identity printed on
  or implied by the form, a number the three digit boxes cannot hold, more than the TPS's
  cap plus reserve);
- ``peringatan``: the sheet disagrees with a register outside it (the TPS's DPT, the ballots
  allocated to it), which can have a legitimate cause worth a note.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from selenggara.core.domain import temuan
from selenggara.tungsura.domain.lembar import (
    ANGKA_MAKS_KOTAK,
    DISABILITAS,
    DPT,
    PENGGUNA_DPK,
    PENGGUNA_DPT,
    PENGGUNA_DPTB,
    PENGGUNA_TOTAL,
    TRIPLES,
    SusunanSuara,
    kunci_partai,
    kunci_partai_calon,
    kunci_partai_jumlah,
)

# The project's severities and flagged fields, named from here too by tungsura's callers.
Tingkat = temuan.Tingkat
kunci_ditandai = temuan.kunci_ditandai


class Kode(StrEnum):
    """Machine-readable check codes (API contract); the web layer words them in Indonesian."""

    ANGKA_MELEBIHI_KOTAK = "angka_melebihi_kotak"
    LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH = "laki_perempuan_tidak_sama_jumlah"
    PENGGUNA_TOTAL_TIDAK_SESUAI = "pengguna_total_tidak_sesuai"
    PENGGUNA_DPT_MELEBIHI_DPT = "pengguna_dpt_melebihi_dpt"
    SUARA_SAH_TIDAK_SESUAI = "suara_sah_tidak_sesuai"
    JUMLAH_PARTAI_TIDAK_SESUAI = "jumlah_partai_tidak_sesuai"
    SUARA_TOTAL_TIDAK_SESUAI = "suara_total_tidak_sesuai"
    SUARA_TOTAL_TIDAK_SAMA_SURAT_DIGUNAKAN = "suara_total_tidak_sama_surat_digunakan"
    PENGGUNA_TIDAK_SAMA_SURAT_DIGUNAKAN = "pengguna_tidak_sama_surat_digunakan"
    SURAT_SUARA_TIDAK_SEIMBANG = "surat_suara_tidak_seimbang"
    DISABILITAS_MELEBIHI_PENGGUNA = "disabilitas_melebihi_pengguna"
    MELEBIHI_BATAS_TPS = "melebihi_batas_tps"
    DPT_TIDAK_SAMA_DAFTAR = "dpt_tidak_sama_daftar"
    SURAT_SUARA_TIDAK_SAMA_ALOKASI = "surat_suara_tidak_sama_alokasi"


TINGKAT: dict[Kode, Tingkat] = {
    Kode.ANGKA_MELEBIHI_KOTAK: Tingkat.GALAT,
    Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH: Tingkat.GALAT,
    Kode.PENGGUNA_TOTAL_TIDAK_SESUAI: Tingkat.GALAT,
    Kode.PENGGUNA_DPT_MELEBIHI_DPT: Tingkat.GALAT,
    Kode.SUARA_SAH_TIDAK_SESUAI: Tingkat.GALAT,
    Kode.JUMLAH_PARTAI_TIDAK_SESUAI: Tingkat.GALAT,
    Kode.SUARA_TOTAL_TIDAK_SESUAI: Tingkat.GALAT,
    Kode.SUARA_TOTAL_TIDAK_SAMA_SURAT_DIGUNAKAN: Tingkat.GALAT,
    Kode.PENGGUNA_TIDAK_SAMA_SURAT_DIGUNAKAN: Tingkat.GALAT,
    Kode.SURAT_SUARA_TIDAK_SEIMBANG: Tingkat.GALAT,
    Kode.DISABILITAS_MELEBIHI_PENGGUNA: Tingkat.GALAT,
    Kode.MELEBIHI_BATAS_TPS: Tingkat.GALAT,
    Kode.DPT_TIDAK_SAMA_DAFTAR: Tingkat.PERINGATAN,
    Kode.SURAT_SUARA_TIDAK_SAMA_ALOKASI: Tingkat.PERINGATAN,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Temuan(temuan.Temuan[Kode]):
    """One failed check: the project's finding (``core.domain.temuan``) with the two sides of
    the identity; its severity follows from its code (``TINGKAT``)."""

    diharapkan: int
    tertulis: int
    tingkat: Tingkat = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tingkat", TINGKAT[self.kode])

    def as_dict(self) -> dict[str, object]:
        """The finding as stored on a C.Hasil version (the API's shape)."""
        return {
            "kode": self.kode.value,
            "tingkat": self.tingkat.value,
            "kunci": list(self.kunci),
            "diharapkan": self.diharapkan,
            "tertulis": self.tertulis,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class KonteksTPS:
    """What the registers say about the TPS, for the checks that compare against them."""

    dpt_l: int
    dpt_p: int
    batas_pemilih: int  # the cap per TPS: 300 Pemilu, 600 Pilkada
    cadangan: int  # reserve ballots of this TPS (2 % of its DPT, rounded per the election)
    cadangan_batas: int  # reserve of a TPS at the cap, the ceiling of any plausible count

    @property
    def dpt(self) -> int:
        return self.dpt_l + self.dpt_p

    @property
    def alokasi_surat_suara(self) -> int:
        """Ballots for the DPT voters: DPT plus the reserve (domain.md 2.3)."""
        return self.dpt + self.cadangan

    def alokasi_dengan_dptb(self, dptb: int) -> int:
        """Ballots of one contest with its ``dptb`` voters: DPT and DPTb plus 2 % of the DPT.

        UU 8/2012 Pasal 151(2) (domain.md 2.3): a DPTb voter brings a ballot of their own, and
        the reserve is computed on the DPT alone. The project keeps no DPTb register per TPS,
        so the DPTb users written on the sheet of that contest stand for it; a DPTb voter from
        another kab/kota or province gets only some ballots (domain.md 3.4 rule 14), which the
        per-contest count already says.
        """
        return self.alokasi_surat_suara + dptb

    @property
    def batas_atas(self) -> int:
        return self.batas_pemilih + self.cadangan_batas


@dataclass(slots=True)
class _Collector:
    temuan: list[Temuan] = field(default_factory=list)

    def equal(self, kode: Kode, kunci: Iterable[str], *, diharapkan: int, tertulis: int) -> None:
        if diharapkan != tertulis:
            self.temuan.append(
                Temuan(kode=kode, kunci=tuple(kunci), diharapkan=diharapkan, tertulis=tertulis)
            )

    def identity(self, item: Identitas, angka: Mapping[str, int]) -> None:
        self.equal(
            item.kode,
            item.kunci,
            diharapkan=sum(angka[k] for k in item.bagian),
            tertulis=angka[item.jumlah],
        )

    def at_most(self, kode: Kode, kunci: Iterable[str], *, batas: int, tertulis: int) -> None:
        if tertulis > batas:
            self.temuan.append(
                Temuan(kode=kode, kunci=tuple(kunci), diharapkan=batas, tertulis=tertulis)
            )

    def each_at_most(
        self, kode: Kode, keys: Iterable[str], angka: Mapping[str, int], *, batas: int
    ) -> None:
        """``at_most`` for every key alone, in order (one pass: a sheet has ~500 keys)."""
        self.temuan.extend(
            Temuan(kode=kode, kunci=(key,), diharapkan=batas, tertulis=angka[key])
            for key in keys
            if angka[key] > batas
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Identitas:
    """An equality printed on or implied by the form: the sum of ``bagian`` is ``jumlah``.

    ``kunci`` lists the same fields in the order a finding names them to the reader.
    """

    kode: Kode
    bagian: tuple[str, ...]
    jumlah: str
    kunci: tuple[str, ...]


def _sama(kode: Kode, bagian: Sequence[str], jumlah: str, kunci: Sequence[str] = ()) -> Identitas:
    return Identitas(
        kode=kode, bagian=tuple(bagian), jumlah=jumlah, kunci=tuple(kunci or (*bagian, jumlah))
    )


@functools.cache
def _identitas_pemilih() -> tuple[Identitas, ...]:
    """Sections I and III: rules 6 and 7 of domain.md 3.4."""
    # Rule 6: every count by sex adds up to its total.
    items = [
        _sama(Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH, (laki, perempuan), jumlah)
        for laki, perempuan, jumlah in TRIPLES
    ]
    # Rule 7: users of the vote = from DPT + DPTb + DPK, for men, women and total alike.
    for i in range(3):
        parts = (PENGGUNA_DPT[i], PENGGUNA_DPTB[i], PENGGUNA_DPK[i])
        items.append(_sama(Kode.PENGGUNA_TOTAL_TIDAK_SESUAI, parts, PENGGUNA_TOTAL[i]))
    return tuple(items)


# Layouts are few (one per dapil, ~2,700 nationally) and checked on every submission.
@functools.lru_cache(maxsize=4096)
def _identitas_suara(susunan: SusunanSuara) -> tuple[Identitas, ...]:
    """Sections II, IV and V: rules 5, 1, 2, 3, 8 and 9 of domain.md 3.4."""
    # Rule 5: per party, party-only votes + its candidates' votes = the party total.
    items = [
        _sama(
            Kode.JUMLAH_PARTAI_TIDAK_SESUAI,
            [kunci_partai(b.nomor)] + [kunci_partai_calon(b.nomor, c) for c in b.calon],
            kunci_partai_jumlah(b.nomor),
        )
        for b in susunan.partai
    ]
    digunakan = "surat_suara_digunakan"
    items += [
        # Rules 1 and 5: the rows of section IV add up to the valid votes (V.A).
        _sama(Kode.SUARA_SAH_TIDAK_SESUAI, susunan.komponen_suara_sah(), "suara_sah"),
        # Rule 2: valid + invalid = total (V.C = V.A + V.B).
        _sama(Kode.SUARA_TOTAL_TIDAK_SESUAI, ("suara_sah", "suara_tidak_sah"), "suara_total"),
        # Rule 3 (Perbawaslu 15/2024 Pasal 23(1)(c)): votes counted = ballots used.
        _sama(
            Kode.SUARA_TOTAL_TIDAK_SAMA_SURAT_DIGUNAKAN,
            (digunakan,),
            "suara_total",
            ("suara_total", digunakan),
        ),
        # Rule 8: each user of the vote received exactly one ballot of this contest.
        _sama(Kode.PENGGUNA_TIDAK_SAMA_SURAT_DIGUNAKAN, ("pengguna_total_j",), digunakan),
        # Rule 9: ballots received = used + returned damaged/mis-marked + unused.
        _sama(
            Kode.SURAT_SUARA_TIDAK_SEIMBANG,
            (digunakan, "surat_suara_rusak", "surat_suara_sisa"),
            "surat_suara_diterima",
            ("surat_suara_diterima", digunakan, "surat_suara_rusak", "surat_suara_sisa"),
        ),
    ]
    return tuple(items)


def identitas_list(susunan: SusunanSuara) -> list[Identitas]:
    """Return every equality a sheet of ``susunan`` must satisfy, in the order they are checked."""
    return [*_identitas_pemilih(), *_identitas_suara(susunan)]


def identitas_kunci(susunan: SusunanSuara) -> dict[str, list[Kode]]:
    """Return, for every key of the sheet in paper order, the code of each equality it is in.

    Each key sits once in each of its equalities, so a key with at least one code cannot be
    changed alone without a ``galat`` finding that names it: no misread number goes unnoticed
    unless another number changes with it (a transposed row within one sum, for instance).
    """
    result: dict[str, list[Kode]] = {key: [] for key in susunan.kunci_semua()}
    for item in identitas_list(susunan):
        for key in item.kunci:
            result[key].append(item.kode)
    return result


def c_hasil_check(
    angka: Mapping[str, int], *, susunan: SusunanSuara, konteks: KonteksTPS
) -> list[Temuan]:
    """Return every check ``angka`` fails, in a stable order: rule by rule, each in paper order.

    ``angka`` must be complete for ``susunan`` (``lembar.isian_check`` returned []).
    An empty list means the sheet is consistent with itself and with the registers.
    """
    c = _Collector()
    keys = susunan.kunci_semua()

    # Rule 12: three digit boxes per number.
    c.each_at_most(Kode.ANGKA_MELEBIHI_KOTAK, keys, angka, batas=ANGKA_MAKS_KOTAK)

    for item in _identitas_pemilih():
        c.identity(item, angka)

    # Rule 10: users from the DPT cannot exceed the DPT written on the form.
    for i in range(3):
        c.at_most(
            Kode.PENGGUNA_DPT_MELEBIHI_DPT,
            [PENGGUNA_DPT[i], DPT[i]],
            batas=angka[DPT[i]],
            tertulis=angka[PENGGUNA_DPT[i]],
        )

    for item in _identitas_suara(susunan):
        c.identity(item, angka)

    # Rule 11: voters with disabilities are among the users of the vote, for men, women and
    # total alike (20 disabled men cannot be among 5 male users, whatever the totals say).
    for i in range(3):
        c.at_most(
            Kode.DISABILITAS_MELEBIHI_PENGGUNA,
            [DISABILITAS[i], PENGGUNA_TOTAL[i]],
            batas=angka[PENGGUNA_TOTAL[i]],
            tertulis=angka[DISABILITAS[i]],
        )

    # Rule 13: no count of one TPS exceeds its cap plus reserve (SIREKAP's 11 read as 826).
    c.each_at_most(Kode.MELEBIHI_BATAS_TPS, keys, angka, batas=konteks.batas_atas)

    # Against the registers: the DPT of the TPS and the ballots allocated to it (rule 4).
    for key, registered in zip(DPT, (konteks.dpt_l, konteks.dpt_p, konteks.dpt), strict=True):
        c.equal(Kode.DPT_TIDAK_SAMA_DAFTAR, [key], diharapkan=registered, tertulis=angka[key])
    c.equal(
        Kode.SURAT_SUARA_TIDAK_SAMA_ALOKASI,
        ["surat_suara_diterima"],
        diharapkan=konteks.alokasi_dengan_dptb(angka[PENGGUNA_DPTB[2]]),
        tertulis=angka["surat_suara_diterima"],
    )
    return c.temuan


# --- Confirmation: the submitter looks at each flagged field once more ------------------------


class Status(StrEnum):
    KONSISTEN = "konsisten"  # no finding
    PERLU_KONFIRMASI = "perlu_konfirmasi"  # findings, some flagged field not yet confirmed
    DIKONFIRMASI = "dikonfirmasi"  # findings, every flagged field confirmed as on the paper


def kunci_belum_dikonfirmasi(temuan: Iterable[Temuan], konfirmasi: Iterable[str]) -> list[str]:
    confirmed = set(konfirmasi)
    return [key for key in kunci_ditandai(temuan) if key not in confirmed]


def status_for(temuan: Iterable[Temuan], konfirmasi: Iterable[str]) -> Status:
    items = list(temuan)
    if not items:
        return Status.KONSISTEN
    if kunci_belum_dikonfirmasi(items, konfirmasi):
        return Status.PERLU_KONFIRMASI
    return Status.DIKONFIRMASI


# --- Photos: every page of the paper, as numbered on it ("Halaman 2 dari 3") -------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class KelengkapanHalaman:
    jumlah: int | None  # pages the paper says it has (None: no photo yet, unknown)
    kurang: tuple[int, ...]  # pages without a photo
    tidak_konsisten: bool  # photos disagree on the number of pages, or a page is outside it


def halaman_check(
    halaman: Iterable[tuple[int, int]], *, jumlah_diketahui: int | None
) -> KelengkapanHalaman:
    """Return which pages lack a photo, from the (page, of pages) printed on each photo's page.

    ``jumlah_diketahui`` is the page count of the official layout when known (PPWP: 3, from
    the blank form in the reference set), used when no photo says it.
    """
    pairs = list(halaman)
    totals = {dari for _, dari in pairs}
    jumlah = max(totals) if totals else jumlah_diketahui
    present = {nomor for nomor, _ in pairs}
    kurang = tuple(n for n in range(1, (jumlah or 0) + 1) if n not in present)
    # "Halaman 4 dari 3" or "Halaman 0" is a misread page number, as suspect as two counts.
    outside = any(not 1 <= nomor <= dari for nomor, dari in pairs)
    return KelengkapanHalaman(
        jumlah=jumlah, kurang=kurang, tidak_konsisten=len(totals) > 1 or outside
    )


# Pages of the official layouts we have seen: the PPWP plano has 3 ("Halaman 1 dari 3",
# reference/forms/C.HASIL-PPWP-2024.pdf). Other forms' page counts depend on their parties
# and candidates and are taken from the photos ("Halaman x dari N").
HALAMAN_DIKETAHUI: dict[str, int] = {"ppwp": 3}
