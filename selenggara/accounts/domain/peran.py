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


# Where each role is assigned. None: the nation. "tps": one TPS. A Tingkat: exactly that level.
# Pengawas exist at every level (Bawaslu RI down to Pengawas TPS), so any level is allowed.
_TINGKAT_BY_PERAN: dict[Peran, Tingkat | str | None] = {
    Peran.KPU_RI: None,
    Peran.KPU_PROVINSI: Tingkat.PROVINSI,
    Peran.KPU_KABKOTA: Tingkat.KABKOTA,
    Peran.PPK: Tingkat.KECAMATAN,
    Peran.PPS: Tingkat.DESA,
    Peran.KPPS_KETUA: "tps",
    Peran.KPPS_ANGGOTA: "tps",
    Peran.PENGAWAS: "any",
    Peran.SAKSI: "tps",
}

READ_ONLY_PERAN = frozenset({Peran.PENGAWAS, Peran.SAKSI})
# KPU-level accounts configure elections and appoint bodies: a stolen password must not suffice.
TWO_FACTOR_PERAN = frozenset({Peran.KPU_RI, Peran.KPU_PROVINSI, Peran.KPU_KABKOTA})


class InvalidPenugasan(ValueError):
    """A role cannot be assigned at this place in the tree."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Lingkup:
    """The part of the election an assignment covers: the nation, a region subtree or one TPS."""

    wilayah: KodeWilayah | None = None  # None with tps None: the whole nation
    tps: KodeTPS | None = None

    @property
    def is_nasional(self) -> bool:
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
    (e.g. a PPS assigned to a kecamatan, a KPPS without a TPS).
    """
    expected = _TINGKAT_BY_PERAN[peran]
    if expected == "tps":
        if tps is None:
            raise InvalidPenugasan(f"Peran {peran.value} harus ditugaskan pada satu TPS.")
        return Lingkup(tps=tps)
    if tps is not None:
        raise InvalidPenugasan(f"Peran {peran.value} ditugaskan pada wilayah, bukan TPS.")
    if expected is None:
        if wilayah is not None:
            raise InvalidPenugasan("KPU RI mencakup seluruh wilayah; jangan isi kode wilayah.")
        return Lingkup()
    if expected == "any":
        return Lingkup(wilayah=wilayah)
    if wilayah is None or wilayah.tingkat != expected:
        raise InvalidPenugasan(
            f"Peran {peran.value} harus ditugaskan pada wilayah tingkat {Tingkat(expected).name.lower()}."
        )
    return Lingkup(wilayah=wilayah)


def can_write(peran: Peran) -> bool:
    """Return True if the role may change data in its scope (Pengawas and saksi only read)."""
    return peran not in READ_ONLY_PERAN


def requires_two_factor(peran: Peran) -> bool:
    """Return True if an account holding this role must pass TOTP before using the app."""
    return peran in TWO_FACTOR_PERAN
