"""Electoral districts (dapil): which regions each contest's dapil are built from, and whether a
set of dapil partitions the region they divide.

Region codes are dotted Kemendagri prefixes: "" is the nation, "33" a provinsi, "33.03" a
kab/kota, "33.03.01" a kecamatan, "33.03.01.2001" a desa. A desa belongs to a dapil when one of
the dapil's regions contains it, compared segment by segment (so "33.0" never matches "33.03").

The levels follow UU 7/2017: the DPR dapil is a provinsi, a kab/kota, a union of kab/kota or a
part of a kab/kota (Pasal 187); the DPRD provinsi dapil a kab/kota, a union of kab/kota or a part
of one (Pasal 189); the DPRD kab/kota dapil a kecamatan, a union of kecamatan or a part of one
(Pasal 192). Each provinsi is one DPD dapil (Pasal 196). PPWP is elected by the whole nation, a
gubernur by the provinsi and a bupati or walikota by the kab/kota (UU 10/2016).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from selenggara.pemilihan.domain.pemilihan import (
    KONTESTASI_BY_JENIS,
    JenisKontestasi,
    JenisPemilihan,
    kontestasi_at,
)
from selenggara.wilayah.domain.kode import KodeWilayah


class Lingkup(IntEnum):
    """The level of a region prefix: the nation (""), then the four levels of the tree."""

    NASIONAL = 0
    PROVINSI = 1
    KABKOTA = 2
    KECAMATAN = 3
    DESA = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class DapilRule:
    """Which levels a contest's dapil may divide (``induk``) and be built from (``wilayah``)."""

    induk: frozenset[Lingkup]
    wilayah: frozenset[Lingkup]
    kursi_min: int
    kursi_max: int


def _rule(
    induk: Sequence[Lingkup], wilayah: Sequence[Lingkup], kursi: tuple[int, int]
) -> DapilRule:
    return DapilRule(
        induk=frozenset(induk), wilayah=frozenset(wilayah), kursi_min=kursi[0], kursi_max=kursi[1]
    )


_N, _P, _K, _C, _D = Lingkup

# Seats per dapil: DPR 3-10 (UU 7/2017 Pasal 187 ayat 2), DPRD 3-12 (Pasal 189 ayat 2, Pasal 192
# ayat 2), DPD 4 per provinsi (Pasal 196); one pair is elected in PPWP and Pilkada.
# A DPR or DPRD provinsi dapil may be imported for one kab/kota (induk at the kab/kota level)
# when only part of a provinsi is known; the partition is then checked within that kab/kota.
DAPIL_RULES: dict[JenisKontestasi, DapilRule] = {
    JenisKontestasi.PPWP: _rule((_N,), (_N,), (1, 1)),
    JenisKontestasi.DPD: _rule((_N, _P), (_P,), (4, 4)),
    JenisKontestasi.DPR: _rule((_N, _P, _K), (_P, _K, _C), (3, 10)),
    JenisKontestasi.DPRD_PROVINSI: _rule((_P, _K), (_K, _C), (3, 12)),
    JenisKontestasi.DPRD_KABKOTA: _rule((_K,), (_C, _D), (3, 12)),
    JenisKontestasi.GUBERNUR: _rule((_P,), (_P,), (1, 1)),
    JenisKontestasi.BUPATI: _rule((_K,), (_K,), (1, 1)),
    JenisKontestasi.WALIKOTA: _rule((_K,), (_K,), (1, 1)),
}

# Contests whose ballot lists parties with numbered candidates (UU 7/2017 Pasal 168 ayat 2)
# and contests whose ballot lists pairs (a candidate and a running mate).
KONTESTASI_BERPARTAI = frozenset(
    {JenisKontestasi.DPR, JenisKontestasi.DPRD_PROVINSI, JenisKontestasi.DPRD_KABKOTA}
)
KONTESTASI_BERPASANGAN = frozenset(
    {
        JenisKontestasi.PPWP,
        JenisKontestasi.GUBERNUR,
        JenisKontestasi.BUPATI,
        JenisKontestasi.WALIKOTA,
    }
)
# Aceh's local parties stand only for the DPRA and DPRK (UU 11/2006 Pasal 80).
KONTESTASI_PARTAI_LOKAL = frozenset({JenisKontestasi.DPRD_PROVINSI, JenisKontestasi.DPRD_KABKOTA})


class DapilWilayahProblem(StrEnum):
    """Why a region cannot belong to a dapil of a contest (codes; services word the message)."""

    INDUK_LEVEL = "induk_level"
    WILAYAH_LEVEL = "wilayah_level"
    OUTSIDE_INDUK = "outside_induk"
    NOT_HELD = "not_held"


def lingkup_of(kode: str) -> Lingkup:
    """Return the level of a dotted prefix ("" is the nation)."""
    return Lingkup(len(kode.split("."))) if kode else Lingkup.NASIONAL


def prefix_contains(prefix: str, kode: str) -> bool:
    """Return True if region ``kode`` is ``prefix`` or lies inside it, segment by segment."""
    if not prefix:
        return True
    if not kode:
        return False
    return KodeWilayah(prefix).contains(KodeWilayah(kode))


def prefixes_of(kode: str) -> list[str]:
    """Return every region containing ``kode``: the nation first, then down to ``kode`` itself."""
    if not kode:
        return [""]
    segments = kode.split(".")
    return ["", *(".".join(segments[:i]) for i in range(1, len(segments) + 1))]


def _jenis_pemilihan(kontestasi: JenisKontestasi) -> JenisPemilihan:
    if kontestasi in KONTESTASI_BY_JENIS[JenisPemilihan.PEMILU]:
        return JenisPemilihan.PEMILU
    return JenisPemilihan.PILKADA


def dapil_wilayah_problem(
    *, kontestasi: JenisKontestasi, induk: str, wilayah: str
) -> DapilWilayahProblem | None:
    """Return why ``wilayah`` may not be a region of a ``kontestasi`` dapil dividing ``induk``.

    None when it may. Beyond the levels of DAPIL_RULES, the region must lie inside the induk
    and the contest must be held there (no DPRD Kab/Kota or bupati in DKI Jakarta, no
    gubernur in DI Yogyakarta, a bupati only in a kabupaten and a walikota only in a kota).
    """
    rule = DAPIL_RULES[kontestasi]
    if lingkup_of(induk) not in rule.induk:
        return DapilWilayahProblem.INDUK_LEVEL
    if lingkup_of(wilayah) not in rule.wilayah:
        return DapilWilayahProblem.WILAYAH_LEVEL
    if not prefix_contains(induk, wilayah):
        return DapilWilayahProblem.OUTSIDE_INDUK
    if wilayah and not _held_in(kontestasi, KodeWilayah(wilayah)):
        return DapilWilayahProblem.NOT_HELD
    return None


def _held_in(kontestasi: JenisKontestasi, wilayah: KodeWilayah) -> bool:
    # kontestasi_at reads only the provinsi and the kind of kab/kota, so a region above the
    # desa answers for every desa inside it.
    held = kontestasi_at(
        jenis=_jenis_pemilihan(kontestasi), held=frozenset({kontestasi}), desa=wilayah
    )
    return bool(held)


def kursi_in_range(*, kontestasi: JenisKontestasi, kursi: int) -> bool:
    """Return True if a dapil of ``kontestasi`` may have ``kursi`` seats."""
    rule = DAPIL_RULES[kontestasi]
    return rule.kursi_min <= kursi <= rule.kursi_max


# --- coverage ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageGap:
    """A region whose desa are in no dapil (``dapil_list`` empty) or in several (named)."""

    wilayah: str
    dapil_list: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """Where a set of dapil fails to partition its induk region."""

    uncovered: list[CoverageGap]
    doubled: list[CoverageGap]

    @property
    def is_partition(self) -> bool:
        return not self.uncovered and not self.doubled


_MIXED: tuple[str, ...] = ("\x00mixed",)


def coverage_check(
    *, induk: str, desa_list: Sequence[str], wilayah_by_dapil: Mapping[str, Sequence[str]]
) -> Coverage:
    """Return the regions under ``induk`` that its dapil leave uncovered or cover twice.

    ``desa_list`` holds every desa code under the induk (the region list of the election);
    ``wilayah_by_dapil`` maps each dapil code to its region prefixes. Each gap is reported at
    the coarsest region all of whose desa share it: a whole kecamatan rather than its 20 desa,
    and the induk itself when nothing covers it. Desa outside the induk are ignored.
    """
    dapil_by_prefix: dict[str, list[str]] = {}
    for dapil, wilayah_list in wilayah_by_dapil.items():
        for wilayah in wilayah_list:
            dapil_by_prefix.setdefault(wilayah, []).append(dapil)
    key_by_region: dict[str, tuple[str, ...]] = {}
    depth = len(prefixes_of(induk))
    for desa in desa_list:
        if not prefix_contains(induk, desa):
            continue
        chain = prefixes_of(desa)
        key = tuple(sorted({d for prefix in chain for d in dapil_by_prefix.get(prefix, ())}))
        for region in chain[depth - 1 :]:
            seen = key_by_region.setdefault(region, key)
            if seen != key:
                key_by_region[region] = _MIXED
    return _gaps(key_by_region, induk)


def _gaps(key_by_region: Mapping[str, tuple[str, ...]], induk: str) -> Coverage:
    uncovered: list[CoverageGap] = []
    doubled: list[CoverageGap] = []
    for region, key in sorted(key_by_region.items()):
        if key == _MIXED or len(key) == 1:
            continue
        if region != induk and key_by_region.get(prefixes_of(region)[-2]) == key:
            continue  # reported at the parent
        gap = CoverageGap(wilayah=region, dapil_list=key)
        (doubled if key else uncovered).append(gap)
    return Coverage(uncovered=uncovered, doubled=doubled)
