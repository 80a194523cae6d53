"""Choosing the 7 KPPS members of a TPS, the reserve list, and replacement (PAW).

KPPS has 7 members: 1 ketua who is also a member and 6 anggota (PKPU 8/2022 Pasal 28), with
"memperhatikan keterwakilan perempuan paling sedikit 30%" and members "diutamakan paling
tinggi 55 tahun" (Kep 1669/2023): both are warnings for the PPS, never blocks (domain.md 1.1
and 1.2). PPS sets the 7 top-ranked eligible applicants and the next ones follow as reserves
(domain.md 1.3). Replacement grounds: PKPU 8/2022 Pasal 43 (domain.md 1.5).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from selenggara.core.domain.tanggal import usia_on
from selenggara.core.domain.temuan import Temuan, peringatan
from selenggara.core.errors import DomainError
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.syarat import USIA_DIUTAMAKAN_MAKSIMUM, Pendidikan

ANGGOTA_PER_KPPS = 7  # PKPU 8/2022 Pasal 28: 1 ketua merangkap anggota + 6 anggota
PETUGAS_KETERTIBAN_PER_TPS = 2  # domain.md 1.1 (UU 8/2012 Pasal 152 ayat (4))
KETERWAKILAN_PEREMPUAN_PERSEN = 30


class Peran(StrEnum):
    KETUA = "ketua"
    ANGGOTA = "anggota"


@dataclass(frozen=True, slots=True, kw_only=True)
class Calon:
    """An applicant for one TPS, as the ranking sees them.

    ``skor`` is an optional score the PPS gives (higher is better); ``memenuhi_syarat`` is the
    officer's overall verdict after penelitian administrasi and public responses.
    """

    ref: str
    jenis_kelamin: JenisKelamin
    tanggal_lahir: date
    pendidikan: Pendidikan
    didaftar_pada: datetime
    memenuhi_syarat: bool
    skor: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Penempatan:
    """A ranked applicant: a member (rank 1-7) or a reserve (rank 8 onwards)."""

    ref: str
    peringkat: int
    peran: Peran | None  # None for a reserve


class SebabKekurangan(StrEnum):
    TIDAK_ADA_PENDAFTAR = "tidak_ada_pendaftar"
    PENDAFTAR_KURANG = "pendaftar_kurang"
    MEMENUHI_SYARAT_KURANG = "memenuhi_syarat_kurang"


@dataclass(frozen=True, slots=True, kw_only=True)
class Kekurangan:
    """A TPS that cannot be filled, and why. The PPS may then take an eligible applicant from
    a neighbouring desa and record why (issue 4); that is a decision outside this function."""

    dibutuhkan: int
    tersedia: int
    pendaftar: int
    sebab: SebabKekurangan

    @property
    def kode(self) -> str:
        """The message code: the cause (``pembentukan.messages`` words it)."""
        return self.sebab.value

    @property
    def params(self) -> dict[str, int]:
        return {
            "dibutuhkan": self.dibutuhkan,
            "tersedia": self.tersedia,
            "pendaftar": self.pendaftar,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SusunanKPPS:
    anggota: tuple[Penempatan, ...]
    cadangan: tuple[Penempatan, ...]
    peringatan: tuple[Temuan[str], ...]
    kekurangan: Kekurangan | None

    @property
    def ketua(self) -> Penempatan | None:
        return next((p for p in self.anggota if p.peran is Peran.KETUA), None)


class KetuaNotCandidate(DomainError):
    code = "ketua_not_candidate"
    http_status = 422


class CadanganHabis(DomainError):
    code = "cadangan_habis"
    http_status = 409


class KriteriaPeringkat(StrEnum):
    """A criterion that orders the eligible applicants of a TPS, set per election."""

    PENDIDIKAN = "pendidikan"  # higher education (jenjang) first
    WAKTU_DAFTAR = "waktu_daftar"  # earlier registration first


# ⚠ The ranking criteria are not in our sources (domain.md 1.3): this default is our assumption,
# so each election sets its own (``PengaturanPenetapan``) and the PPS sees which apply.
KRITERIA_BAKU = (KriteriaPeringkat.PENDIDIKAN, KriteriaPeringkat.WAKTU_DAFTAR)


class KriteriaTidakSah(DomainError):
    code = "kriteria_tidak_sah"
    http_status = 422


def kriteria_parse(values: Sequence[str]) -> tuple[KriteriaPeringkat, ...]:
    """Return the criteria named by ``values``, in order; each at most once, at least one.

    Raises KriteriaTidakSah naming the unknown or repeated one.
    """
    parsed: list[KriteriaPeringkat] = []
    for value in values:
        text = value.strip().lower()
        try:
            kriteria = KriteriaPeringkat(text)
        except ValueError:
            raise KriteriaTidakSah(
                f"Kriteria peringkat {value!r} tidak dikenal; pilih dari "
                f"{', '.join(k.value for k in KriteriaPeringkat)}.",
                kriteria=value,
            ) from None
        if kriteria in parsed:
            raise KriteriaTidakSah(f"Kriteria peringkat {text} disebut dua kali.", kriteria=value)
        parsed.append(kriteria)
    if not parsed:
        raise KriteriaTidakSah("Pilih paling sedikit satu kriteria peringkat.")
    return tuple(parsed)


def _rank_key(
    calon: Calon, kriteria: Sequence[KriteriaPeringkat]
) -> tuple[bool, int, tuple[int | datetime, ...], str]:
    by_kriteria: dict[KriteriaPeringkat, int | datetime] = {
        KriteriaPeringkat.PENDIDIKAN: -calon.pendidikan.jenjang,
        KriteriaPeringkat.WAKTU_DAFTAR: calon.didaftar_pada,
    }
    return (
        calon.skor is None,
        -(calon.skor or 0),
        tuple(by_kriteria[k] for k in kriteria),
        calon.ref,
    )


def calon_rank(
    calon: Sequence[Calon], kriteria: Sequence[KriteriaPeringkat] = KRITERIA_BAKU
) -> list[Calon]:
    """Return the eligible applicants, best first.

    Fully deterministic: the score if given (higher first; scored before unscored; the
    service scores the local pool above applicants added from a neighbouring desa), then the
    election's ``kriteria`` in order (default: higher education, then earlier registration),
    then the reference as a last tie-break. Sex and age never rank; they only warn.
    """
    return sorted((c for c in calon if c.memenuhi_syarat), key=lambda c: _rank_key(c, kriteria))


def _kekurangan(pendaftar: int, tersedia: int) -> Kekurangan | None:
    if tersedia >= ANGGOTA_PER_KPPS:
        return None
    if pendaftar == 0:
        sebab = SebabKekurangan.TIDAK_ADA_PENDAFTAR
    elif pendaftar < ANGGOTA_PER_KPPS:
        sebab = SebabKekurangan.PENDAFTAR_KURANG
    else:
        sebab = SebabKekurangan.MEMENUHI_SYARAT_KURANG
    return Kekurangan(
        dibutuhkan=ANGGOTA_PER_KPPS, tersedia=tersedia, pendaftar=pendaftar, sebab=sebab
    )


def _peringatan(anggota: Sequence[Calon], hari_pemungutan: date) -> list[Temuan[str]]:
    temuan: list[Temuan[str]] = []
    perempuan = sum(1 for c in anggota if c.jenis_kelamin is JenisKelamin.P)
    if anggota and perempuan * 100 < KETERWAKILAN_PEREMPUAN_PERSEN * len(anggota):
        temuan.append(
            peringatan(
                "keterwakilan_perempuan_kurang",
                "anggota",
                params={
                    "perempuan": perempuan,
                    "jumlah": len(anggota),
                    "persen": KETERWAKILAN_PEREMPUAN_PERSEN,
                },
            )
        )
    for peringkat, c in enumerate(anggota, start=1):
        usia = usia_on(c.tanggal_lahir, hari_pemungutan)
        if usia > USIA_DIUTAMAKAN_MAKSIMUM:
            temuan.append(
                peringatan(
                    "anggota_usia_lebih_55",
                    f"anggota.{c.ref}",
                    params={
                        "peringkat": peringkat,
                        "usia": usia,
                        "maksimum": USIA_DIUTAMAKAN_MAKSIMUM,
                    },
                )
            )
    return temuan


def kpps_pick(
    *,
    calon: Sequence[Calon],
    hari_pemungutan: date,
    ketua_ref: str | None = None,
    kriteria: Sequence[KriteriaPeringkat] = KRITERIA_BAKU,
) -> SusunanKPPS:
    """Choose a TPS's KPPS: the 7 top-ranked eligible applicants and the rest as reserves.

    The ketua is ``ketua_ref`` if given, else the top-ranked member (⚠ an assumption: who
    chooses the ketua is not in our sources). With fewer than 7 eligible, everyone eligible is
    placed and ``kekurangan`` says why the TPS is short. Raises KetuaNotCandidate when
    ``ketua_ref`` is not among the chosen members.
    """
    ranked = calon_rank(calon, kriteria)
    chosen, reserves = ranked[:ANGGOTA_PER_KPPS], ranked[ANGGOTA_PER_KPPS:]
    ketua = ketua_ref if ketua_ref is not None else (chosen[0].ref if chosen else None)
    if ketua_ref is not None and all(c.ref != ketua_ref for c in chosen):
        raise KetuaNotCandidate(
            "Ketua KPPS harus salah satu dari 7 anggota terpilih.", ketua_ref=ketua_ref
        )
    anggota = tuple(
        Penempatan(ref=c.ref, peringkat=i, peran=Peran.KETUA if c.ref == ketua else Peran.ANGGOTA)
        for i, c in enumerate(chosen, start=1)
    )
    cadangan = tuple(
        Penempatan(ref=c.ref, peringkat=i, peran=None)
        for i, c in enumerate(reserves, start=len(chosen) + 1)
    )
    return SusunanKPPS(
        anggota=anggota,
        cadangan=cadangan,
        peringatan=tuple(_peringatan(chosen, hari_pemungutan)),
        kekurangan=_kekurangan(len(calon), len(ranked)),
    )


class AlasanPAW(StrEnum):
    """Grounds to replace a member (PKPU 8/2022 Pasal 43)."""

    MENINGGAL_DUNIA = "meninggal_dunia"
    BERHALANGAN_TETAP = "berhalangan_tetap"
    MENGUNDURKAN_DIRI = "mengundurkan_diri"
    DIBERHENTIKAN = "diberhentikan"

    @property
    def label(self) -> str:
        return _ALASAN_LABEL[self]


_ALASAN_LABEL: dict[AlasanPAW, str] = {
    AlasanPAW.MENINGGAL_DUNIA: "Meninggal dunia",
    AlasanPAW.BERHALANGAN_TETAP: "Berhalangan tetap",
    AlasanPAW.MENGUNDURKAN_DIRI: "Mengundurkan diri dengan alasan yang dapat diterima",
    AlasanPAW.DIBERHENTIKAN: "Diberhentikan dengan tidak hormat",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Penggantian:
    diganti: Penempatan
    pengganti: Penempatan
    alasan: AlasanPAW


def pengganti_pick(
    *,
    cadangan: Sequence[Penempatan],
    diganti: Penempatan,
    alasan: AlasanPAW,
    tidak_tersedia: Collection[str] = (),
) -> Penggantian:
    """Take the best-ranked reserve still available to replace ``diganti``.

    The replacement inherits the seat: the role (ketua or anggota) and the rank of the member
    replaced. ``tidak_tersedia`` lists reserves already used or no longer available.
    ⚠ The KPPS PAW procedure (who proposes, deadline) is not in our sources (domain.md 1.5);
    the next-ranked reserve is the practice reported for PPK/PPS.
    Raises CadanganHabis when no reserve is left.
    """
    for calon in sorted(cadangan, key=lambda p: p.peringkat):
        if calon.ref not in tidak_tersedia:
            pengganti = Penempatan(ref=calon.ref, peringkat=diganti.peringkat, peran=diganti.peran)
            return Penggantian(diganti=diganti, pengganti=pengganti, alasan=alasan)
    raise CadanganHabis(
        "Tidak ada calon cadangan yang tersedia; PPS perlu mengusulkan pengganti.",
        diganti=diganti.ref,
    )
