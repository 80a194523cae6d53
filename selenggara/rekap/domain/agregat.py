"""The recap arithmetic: what one C.Hasil adds to every region above its TPS.

A region's count (hitung) for one contest and dapil is the sum, over the TPS below it, of the
current version of each C.Hasil, except the sheets held out. A sheet is held out when it
breaks its own form's arithmetic or the TPS cap (a ``galat`` finding of tungsura's checks,
domain.md 3.4 rules 1-13) until a person releases it with a reason, or until a correction
makes it consistent. A held-out sheet is counted as held out at every level above it, never
in a sum, so one misread TPS cannot move a total (the 2024 Sirekap failure, domain.md 4.3).

Regions are the dotted Kemendagri codes; the nation is "". A TPS code is 13 digits
(desa10 + nomor3), so its ancestors are fixed-width prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NASIONAL = ""
# (digits of the undotted prefix, dotted width) per level: provinsi, kab/kota, kecamatan, desa.
_PREFIX = ((2, 2), (4, 5), (6, 8), (10, 13))

KOLOM: tuple[str, ...] = (
    "suara_sah",
    "suara_tidak_sah",
    "suara_total",
    "pengguna_total",
    "dpt",
)


def wilayah_path(tps_kode: str) -> tuple[str, ...]:
    """Return every region above a TPS, nation first: ("", "33", "33.03", "33.03.01", ...)."""
    digits = tps_kode
    dotted = f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"
    return (NASIONAL, *(dotted[:width] for _n, width in _PREFIX))


def tingkat_of(wilayah_kode: str) -> int:
    """Return the level of a region code: 0 nation, 1 provinsi ... 4 desa."""
    return 0 if wilayah_kode == NASIONAL else wilayah_kode.count(".") + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Lembar:
    """The current version of one C.Hasil, as far as the recap needs it."""

    tps_kode: str
    jenis: str
    dapil: str
    angka: Mapping[str, int]  # the KOLOM figures
    suara: Mapping[str, int]  # section IV
    galat: bool  # a finding of severity galat (arithmetic or cap)
    dilepas: bool = False  # released by a person with a reason

    @property
    def ditahan(self) -> bool:
        return self.galat and not self.dilepas


@dataclass(frozen=True, slots=True, kw_only=True)
class Jumlah:
    """What a set of sheets adds up to: TPS counted and held out, the figures, section IV."""

    tps_masuk: int = 0
    tps_ditahan: int = 0
    angka: Mapping[str, int] = field(default_factory=dict)
    suara: Mapping[str, int] = field(default_factory=dict)

    def plus(self, other: Jumlah, *, sign: int = 1) -> Jumlah:
        """Return this sum plus (``sign`` 1) or minus (``sign`` -1) ``other``."""
        return Jumlah(
            tps_masuk=self.tps_masuk + sign * other.tps_masuk,
            tps_ditahan=self.tps_ditahan + sign * other.tps_ditahan,
            angka=_add(self.angka, other.angka, sign),
            suara=_add(self.suara, other.suara, sign),
        )

    @property
    def kosong(self) -> bool:
        """True when every figure is zero (a delta that changes nothing)."""
        values = (self.tps_masuk, self.tps_ditahan, *self.angka.values(), *self.suara.values())
        return not any(values)


def jumlah_total(items: Iterable[Jumlah]) -> Jumlah:
    """The sum of ``items``: ``Jumlah().plus(a).plus(b)...`` in one pass (a region with many
    dapil rows adds hundreds; each ``plus`` copies and sorts both mappings)."""
    masuk = ditahan = 0
    angka: dict[str, int] = {}
    suara: dict[str, int] = {}
    for j in items:
        masuk += j.tps_masuk
        ditahan += j.tps_ditahan
        for key, value in j.angka.items():
            angka[key] = angka.get(key, 0) + value
        for key, value in j.suara.items():
            suara[key] = suara.get(key, 0) + value
    return Jumlah(
        tps_masuk=masuk,
        tps_ditahan=ditahan,
        angka={key: angka[key] for key in sorted(angka) if angka[key]},
        suara={key: suara[key] for key in sorted(suara) if suara[key]},
    )


def _add(a: Mapping[str, int], b: Mapping[str, int], sign: int) -> dict[str, int]:
    out = dict(a)
    for key, value in b.items():
        out[key] = out.get(key, 0) + sign * value
    # Zeros are dropped, so an incremental sum and a full recompute compare exactly.
    return {key: out[key] for key in sorted(out) if out[key]}


def kontribusi(lembar: Lembar | None) -> Jumlah:
    """Return what one sheet adds to each region above its TPS (nothing when there is none).

    A held-out sheet adds one held-out TPS and no number.
    """
    if lembar is None:
        return Jumlah()
    if lembar.ditahan:
        return Jumlah(tps_ditahan=1)
    return Jumlah(
        tps_masuk=1,
        angka={key: lembar.angka.get(key, 0) for key in KOLOM},
        suara=dict(lembar.suara),
    )


def delta(sebelum: Lembar | None, sesudah: Lembar | None) -> Jumlah:
    """Return the change one new version (or a release) makes to every region above it."""
    return kontribusi(sesudah).plus(kontribusi(sebelum), sign=-1)


Kunci = tuple[str, str, str]  # (wilayah_kode, jenis, dapil)


def rekap_hitung(lembar_list: Iterable[Lembar]) -> dict[Kunci, Jumlah]:
    """Return the count of every region x contest x dapil that has a sheet below it."""
    out: dict[Kunci, Jumlah] = {}
    for lembar in lembar_list:
        part = kontribusi(lembar)
        for wilayah in wilayah_path(lembar.tps_kode):
            key = (wilayah, lembar.jenis, lembar.dapil)
            out[key] = out.get(key, Jumlah()).plus(part)
    return out


def rollup(desa_jumlah: Mapping[Kunci, Jumlah]) -> dict[Kunci, Jumlah]:
    """Return desa-level sums together with every ancestor's sum of them."""
    out: dict[Kunci, Jumlah] = {}
    for (desa, jenis, dapil), jumlah in desa_jumlah.items():
        segs = desa.split(".")
        for wilayah in (NASIONAL, *(".".join(segs[:i]) for i in range(1, len(segs) + 1))):
            key = (wilayah, jenis, dapil)
            out[key] = out.get(key, Jumlah()).plus(jumlah)
    return out


# Contests whose candidates are the same everywhere: their keys sum across dapil. The party
# contests sum their party totals across dapil (parties are national, candidates per dapil);
# DPD candidates are per provinsi, so they do not sum across dapil at all.
_SAMA_DI_SEMUA_DAPIL = frozenset({"ppwp", "gubernur", "bupati", "walikota"})
_BERPARTAI = frozenset({"dpr", "dprd_provinsi", "dprd_kabkota"})


def kunci_gabungan(jenis: str, kunci: str) -> bool:
    """True when section IV key ``kunci`` of contest ``jenis`` means the same in every dapil,
    so it sums across dapil (peserta_gabungan's rule for a region of several dapil)."""
    if jenis in _SAMA_DI_SEMUA_DAPIL:
        return True
    return jenis in _BERPARTAI and kunci.endswith("_jumlah")


def gabungan(jenis: str, jumlah: Jumlah) -> Jumlah:
    """Return what one dapil's sum adds to its region's total over every dapil: the figures,
    and the section IV keys that sum across dapil (kept per contest at the nation, whose
    dapil rows are many: one row to read instead of one per dapil)."""
    return Jumlah(
        tps_masuk=jumlah.tps_masuk,
        tps_ditahan=jumlah.tps_ditahan,
        angka=dict(jumlah.angka),
        suara={k: v for k, v in jumlah.suara.items() if kunci_gabungan(jenis, k)},
    )


JENIS_SAMA_DI_SEMUA_DAPIL = _SAMA_DI_SEMUA_DAPIL
JENIS_BERPARTAI = _BERPARTAI


def peserta_gabungan(jenis: str, suara_by_dapil: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Return the votes per participant of a region over all its dapil.

    PPWP and Pilkada: every key; DPR and DPRD: each party's total (``partai_N_jumlah``); DPD
    and any contest with a single dapil: the dapil's own keys; DPD over several dapil: none
    (its candidates differ per provinsi, so show them per dapil).
    """
    if len(suara_by_dapil) == 1:
        return dict(next(iter(suara_by_dapil.values())))
    if jenis in _SAMA_DI_SEMUA_DAPIL:
        keys: Iterable[str] | None = None
    elif jenis in _BERPARTAI:
        keys = {k for suara in suara_by_dapil.values() for k in suara if k.endswith("_jumlah")}
    else:
        return {}
    total = Jumlah()
    for suara in suara_by_dapil.values():
        chosen = suara if keys is None else {k: v for k, v in suara.items() if k in keys}
        total = total.plus(Jumlah(suara=chosen))
    return dict(total.suara)


def jumlah_as_dict(jumlah: Jumlah) -> dict[str, object]:
    """Return a sum as plain JSON (how a plenary stores what it adopted)."""
    return {
        "tps_masuk": jumlah.tps_masuk,
        "tps_ditahan": jumlah.tps_ditahan,
        "angka": {key: jumlah.angka.get(key, 0) for key in KOLOM},
        "suara": dict(jumlah.suara),
    }


def jumlah_from_dict(data: Mapping[str, object]) -> Jumlah:
    """Return the sum ``jumlah_as_dict`` wrote."""
    angka = data.get("angka")
    suara = data.get("suara")
    angka = angka if isinstance(angka, Mapping) else {}
    suara = suara if isinstance(suara, Mapping) else {}
    return Jumlah(
        tps_masuk=int(str(data.get("tps_masuk", 0))),
        tps_ditahan=int(str(data.get("tps_ditahan", 0))),
        angka={str(k): int(v) for k, v in angka.items() if int(v)},
        suara={str(k): int(v) for k, v in suara.items() if int(v)},
    )
