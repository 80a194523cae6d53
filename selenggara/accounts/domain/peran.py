"""Roles, the level of the region tree each is assigned at, and what each may do.

Ad hoc bodies per PKPU 8/2022: PPK (kecamatan, Pasal 5-6), PPS (desa, Pasal 16-17), KPPS (one
TPS, Pasal 28). Pengawas (Bawaslu) and saksi read, they never write.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from selenggara.wilayah.domain.kode import KodeTPS, KodeWilayah, Tingkat


class Peran(StrEnum):
    KPU_RI = "kpu_ri"
    KPU_PROVINSI = "kpu_provinsi"
    KPU_KABKOTA = "kpu_kabkota"
    PPK = "ppk"
    PPS = "pps"
    KPPS_KETUA = "kpps_ketua"
    KPPS_ANGGOTA = "kpps_anggota"
    PENGAWAS = "pengawas"
    SAKSI = "saksi"


class Tempat(StrEnum):
    """Where a role sits when it is not one fixed region level."""

    NASIONAL = "nasional"
    TPS = "tps"
    ANY = "any"


# Where each role is assigned: the nation, one TPS, exactly one region level, or anywhere.
# Pengawas exist at every level (Bawaslu RI down to Pengawas TPS), so any place is allowed.
_TEMPAT_BY_PERAN: dict[Peran, Tingkat | Tempat] = {
    Peran.KPU_RI: Tempat.NASIONAL,
    Peran.KPU_PROVINSI: Tingkat.PROVINSI,
    Peran.KPU_KABKOTA: Tingkat.KABKOTA,
    Peran.PPK: Tingkat.KECAMATAN,
    Peran.PPS: Tingkat.DESA,
    Peran.KPPS_KETUA: Tempat.TPS,
    Peran.KPPS_ANGGOTA: Tempat.TPS,
    Peran.PENGAWAS: Tempat.ANY,
    Peran.SAKSI: Tempat.TPS,
}

_TINGKAT_LABEL = {
    Tingkat.PROVINSI: "provinsi",
    Tingkat.KABKOTA: "kabupaten/kota",
    Tingkat.KECAMATAN: "kecamatan",
    Tingkat.DESA: "desa/kelurahan",
}

_KPU = frozenset({Peran.KPU_RI, Peran.KPU_PROVINSI, Peran.KPU_KABKOTA})

# Who may appoint whom, besides the console ("sistem"). KPU Kab/Kota forms PPK and PPS (PKPU
# 8/2022 Pasal 5 and 16); PPS forms the KPPS on behalf of KPU Kab/Kota (Pasal 28); a KPU tier
# may act for the tiers below it. Nobody appoints a role above or beside their own, and the
# read-only roles appoint nobody. Pengawas and saksi accounts are registered by KPU operators.
_APPOINTERS: dict[Peran, frozenset[Peran]] = {
    Peran.KPU_RI: frozenset(),
    Peran.KPU_PROVINSI: frozenset({Peran.KPU_RI}),
    Peran.KPU_KABKOTA: frozenset({Peran.KPU_RI, Peran.KPU_PROVINSI}),
    Peran.PPK: _KPU,
    Peran.PPS: _KPU,
    Peran.KPPS_KETUA: _KPU | {Peran.PPS},
    Peran.KPPS_ANGGOTA: _KPU | {Peran.PPS},
    Peran.PENGAWAS: _KPU,
    Peran.SAKSI: _KPU,
}

READ_ONLY_PERAN = frozenset({Peran.PENGAWAS, Peran.SAKSI})
# KPU-level accounts configure elections and appoint bodies: a stolen password must not suffice.
TWO_FACTOR_PERAN = _KPU


class InvalidPenugasan(ValueError):
    """A role cannot be assigned at this place in the tree."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lingkup:
    """The part of the election an assignment covers: the nation, a region subtree or one TPS."""

    wilayah: KodeWilayah | None = None  # None with tps None: the whole nation
    tps: KodeTPS | None = None

    @property
    def is_nasional(self) -> bool:
        """Return True for the whole nation."""
        return self.wilayah is None and self.tps is None

    def contains_wilayah(self, kode: KodeWilayah) -> bool:
        """Return True if region ``kode`` lies in this scope (a TPS scope contains no region)."""
        if self.tps is not None:
            return False
        return self.wilayah is None or self.wilayah.contains(kode)

    def contains_tps(self, kode: KodeTPS) -> bool:
        """Return True if TPS ``kode`` lies in this scope."""
        if self.tps is not None:
            return self.tps == kode
        return self.wilayah is None or self.wilayah.contains(kode.desa)

    def contains_lingkup(self, other: Lingkup) -> bool:
        """Return True if every part of ``other`` lies in this scope."""
        if other.tps is not None:
            return self.contains_tps(other.tps)
        if other.wilayah is not None:
            return self.contains_wilayah(other.wilayah)
        return self.is_nasional

    def sees_wilayah(self, kode: KodeWilayah) -> bool:
        """Return True if region ``kode`` may be shown: inside the scope or on the path to it.

        A PPS sees the name of its kecamatan and kabupaten in the breadcrumb, not their
        contents; counts of an ancestor are never shown (see ``contains_wilayah``).
        """
        if self.contains_wilayah(kode):
            return True
        own = self.tps.desa if self.tps is not None else self.wilayah
        return own is not None and kode.contains(own)


def lingkup_for(*, peran: Peran, wilayah: KodeWilayah | None, tps: KodeTPS | None) -> Lingkup:
    """Return the scope of an assignment after checking it fits the role.

    Raises InvalidPenugasan, in Indonesian, when the place does not match the role's level
    (e.g. a PPS assigned to a kecamatan, a KPPS without a TPS, both a region and a TPS).
    """
    tempat = _TEMPAT_BY_PERAN[peran]
    if wilayah is not None and tps is not None:
        raise InvalidPenugasan("Isi kode wilayah atau TPS, tidak keduanya.")
    if tempat is Tempat.ANY:
        return Lingkup(wilayah=wilayah, tps=tps)
    if tempat is Tempat.TPS:
        if tps is None:
            raise InvalidPenugasan(f"Peran {peran_label(peran)} harus ditugaskan pada satu TPS.")
        return Lingkup(tps=tps)
    if tps is not None:
        raise InvalidPenugasan(f"Peran {peran_label(peran)} ditugaskan pada wilayah, bukan TPS.")
    if tempat is Tempat.NASIONAL:
        if wilayah is not None:
            raise InvalidPenugasan("KPU RI mencakup seluruh wilayah; jangan isi kode wilayah.")
        return Lingkup()
    if wilayah is None or wilayah.tingkat != tempat:
        raise InvalidPenugasan(
            f"Peran {peran_label(peran)} harus ditugaskan pada wilayah tingkat "
            f"{_TINGKAT_LABEL[tempat]}."
        )
    return Lingkup(wilayah=wilayah)


def can_write(peran: Peran) -> bool:
    """Return True if the role may change data in its scope (Pengawas and saksi only read)."""
    return peran not in READ_ONLY_PERAN


def requires_two_factor(peran: Peran) -> bool:
    """Return True if an account holding this role must pass TOTP before using the app."""
    return peran in TWO_FACTOR_PERAN


def can_assign(
    *, assigner: Peran, assigner_lingkup: Lingkup, peran: Peran, lingkup: Lingkup
) -> bool:
    """Return True if a holder of ``assigner`` over ``assigner_lingkup`` may appoint ``peran``.

    The role must be one the assigner's role appoints (see ``_APPOINTERS``: never one above or
    beside its own, never by a read-only role) and the new scope must lie wholly inside the
    assigner's.
    """
    if assigner not in _APPOINTERS[peran]:
        return False
    return assigner_lingkup.contains_lingkup(lingkup)


_PERAN_LABEL = {
    Peran.KPU_RI: "KPU RI",
    Peran.KPU_PROVINSI: "KPU Provinsi",
    Peran.KPU_KABKOTA: "KPU Kabupaten/Kota",
    Peran.PPK: "PPK",
    Peran.PPS: "PPS",
    Peran.KPPS_KETUA: "Ketua KPPS",
    Peran.KPPS_ANGGOTA: "Anggota KPPS",
    Peran.PENGAWAS: "Pengawas",
    Peran.SAKSI: "Saksi",
}


def peran_label(peran: Peran) -> str:
    """Return the role's official Indonesian name (``Ketua KPPS``)."""
    return _PERAN_LABEL[peran]
