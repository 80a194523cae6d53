"""The checks of a Form C.Hasil as data: a rule table the KPPS phone evaluates offline.

The phone must show the same flags as the server before any signal (issue 14), so the rules
are not written twice. ``aturan_list`` turns the checks of ``pemeriksaan.c_hasil_check`` for
one layout and one TPS into a list of rules of three kinds, built from the same pieces
(``identitas_list`` for every equality, the key tuples of ``lembar`` for the bounds);
``aturan_check`` evaluates such a table, and the tests prove that it finds exactly what
``c_hasil_check`` finds, in the same order, for any numbers. The phone's
``tungsura/offline/aturan.js`` evaluates the same JSON (``as_dict``), and a browser test runs a
table of cases through both.

Kinds:
- ``sama``: the sum of ``bagian`` must equal ``jumlah`` (diharapkan = the sum, tertulis =
  ``jumlah``'s number);
- ``paling_banyak``: ``tertulis`` may not exceed the bound, a number of the sheet
  (``batas_kunci``) or a constant (``batas``);
- ``sama_dengan``: ``tertulis`` must equal the constant ``diharapkan`` (a register).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from selenggara.tungsura.domain.lembar import (
    ANGKA_MAKS_KOTAK,
    DISABILITAS,
    DPT,
    PENGGUNA_DPT,
    PENGGUNA_DPTB,
    PENGGUNA_TOTAL,
    SusunanSuara,
)
from selenggara.tungsura.domain.pemeriksaan import (
    TINGKAT,
    Identitas,
    Kode,
    KonteksTPS,
    Temuan,
    identitas_list,
)


class Jenis(StrEnum):
    SAMA = "sama"
    PALING_BANYAK = "paling_banyak"
    SAMA_DENGAN = "sama_dengan"


@dataclass(frozen=True, slots=True, kw_only=True)
class Aturan:
    """One check of the table; which fields are set depends on ``jenis`` (module docstring)."""

    jenis: Jenis
    kode: Kode
    kunci: tuple[str, ...]
    bagian: tuple[str, ...] = ()
    tertulis: str = ""  # the key whose number is compared (sama: the total)
    batas: int | None = None
    batas_kunci: str | None = None
    diharapkan: int | None = None
    # sama_dengan only: a number on the sheet added to ``diharapkan`` (the DPTb users, whose
    # ballots come on top of the DPT's allocation, domain.md 2.3).
    tambah_kunci: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The JSON form the phone evaluates (only the fields of this kind)."""
        data: dict[str, object] = {
            "jenis": self.jenis.value,
            "kode": self.kode.value,
            "tingkat": TINGKAT[self.kode].value,
            "kunci": list(self.kunci),
            "tertulis": self.tertulis,
        }
        if self.jenis is Jenis.SAMA:
            data["bagian"] = list(self.bagian)
        elif self.jenis is Jenis.PALING_BANYAK:
            data["batas"] = self.batas
            data["batas_kunci"] = self.batas_kunci
        else:
            data["diharapkan"] = self.diharapkan
            data["tambah_kunci"] = self.tambah_kunci
        return data


def _sama(item: Identitas) -> Aturan:
    return Aturan(
        jenis=Jenis.SAMA, kode=item.kode, kunci=item.kunci, bagian=item.bagian, tertulis=item.jumlah
    )


def _batas(
    kode: Kode,
    kunci: tuple[str, ...],
    *,
    tertulis: str,
    batas: int | None = None,
    batas_kunci: str | None = None,
) -> Aturan:
    return Aturan(
        jenis=Jenis.PALING_BANYAK,
        kode=kode,
        kunci=kunci,
        tertulis=tertulis,
        batas=batas,
        batas_kunci=batas_kunci,
    )


# The equalities of sections I and III (rules 6, 7), checked before rule 10; the rest after.
_PEMILIH = frozenset({Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH, Kode.PENGGUNA_TOTAL_TIDAK_SESUAI})


def aturan_list(susunan: SusunanSuara, konteks: KonteksTPS) -> list[Aturan]:
    """Return the table of every check of ``c_hasil_check`` for this layout and TPS, in its order."""
    keys = susunan.kunci_semua()
    identities = identitas_list(susunan)
    pemilih = [item for item in identities if item.kode in _PEMILIH]
    suara = [item for item in identities if item.kode not in _PEMILIH]
    rules: list[Aturan] = []
    # Rule 12: three digit boxes per number.
    rules += [
        _batas(Kode.ANGKA_MELEBIHI_KOTAK, (k,), tertulis=k, batas=ANGKA_MAKS_KOTAK) for k in keys
    ]
    rules += [_sama(item) for item in pemilih]
    # Rule 10: users from the DPT cannot exceed the DPT written on the form.
    rules += [
        _batas(
            Kode.PENGGUNA_DPT_MELEBIHI_DPT,
            (PENGGUNA_DPT[i], DPT[i]),
            tertulis=PENGGUNA_DPT[i],
            batas_kunci=DPT[i],
        )
        for i in range(3)
    ]
    rules += [_sama(item) for item in suara]
    # Rule 11: voters with disabilities are among the users of the vote, for men, women and
    # total alike.
    rules += [
        _batas(
            Kode.DISABILITAS_MELEBIHI_PENGGUNA,
            (DISABILITAS[i], PENGGUNA_TOTAL[i]),
            tertulis=DISABILITAS[i],
            batas_kunci=PENGGUNA_TOTAL[i],
        )
        for i in range(3)
    ]
    # Rule 13: no count of one TPS exceeds its cap plus reserve.
    rules += [
        _batas(Kode.MELEBIHI_BATAS_TPS, (k,), tertulis=k, batas=konteks.batas_atas) for k in keys
    ]
    # Against the registers (rule 4).
    registered = (konteks.dpt_l, konteks.dpt_p, konteks.dpt)
    rules += [
        Aturan(
            jenis=Jenis.SAMA_DENGAN,
            kode=Kode.DPT_TIDAK_SAMA_DAFTAR,
            kunci=(key,),
            tertulis=key,
            diharapkan=value,
        )
        for key, value in zip(DPT, registered, strict=True)
    ]
    rules.append(
        Aturan(
            jenis=Jenis.SAMA_DENGAN,
            kode=Kode.SURAT_SUARA_TIDAK_SAMA_ALOKASI,
            kunci=("surat_suara_diterima",),
            tertulis="surat_suara_diterima",
            diharapkan=konteks.alokasi_surat_suara,
            tambah_kunci=PENGGUNA_DPTB[2],
        )
    )
    return rules


def _finding(aturan: Aturan, angka: Mapping[str, int]) -> Temuan | None:
    tertulis = angka[aturan.tertulis]
    if aturan.jenis is Jenis.SAMA:
        diharapkan = sum(angka[k] for k in aturan.bagian)
        failed = diharapkan != tertulis
    elif aturan.jenis is Jenis.PALING_BANYAK:
        diharapkan = angka[aturan.batas_kunci] if aturan.batas_kunci else int(aturan.batas or 0)
        failed = tertulis > diharapkan
    else:
        diharapkan = int(aturan.diharapkan or 0)
        if aturan.tambah_kunci:
            diharapkan += angka[aturan.tambah_kunci]
        failed = diharapkan != tertulis
    if not failed:
        return None
    return Temuan(kode=aturan.kode, kunci=aturan.kunci, diharapkan=diharapkan, tertulis=tertulis)


def aturan_check(aturan: list[Aturan], angka: Mapping[str, int]) -> list[Temuan]:
    """Evaluate a rule table over a complete sheet: the findings, in the table's order."""
    return [t for rule in aturan if (t := _finding(rule, angka)) is not None]
