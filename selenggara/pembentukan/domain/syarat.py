"""The automatic checks of penelitian administrasi for KPPS applicants.

Requirements: PKPU 8/2022 Pasal 35 ayat (1) huruf a-i, with the supporting documents and the
KPPS age wording of Keputusan KPU 476/2022 as amended by Keputusan KPU 1669/2023 (Bab II.A.1),
and the declarations of the 2024 surat pernyataan (domain.md 1.2). Each check is a pure
function returning findings; ``penelitian_otomatis`` runs them all in a stable order. The PPS
operator still records MS/TMS per requirement (``Syarat``); findings never override them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from selenggara.core.domain.tanggal import usia_on
from selenggara.core.domain.temuan import Temuan, Tingkat, galat, peringatan
from selenggara.pembentukan.domain.nik import (
    FIELD_NIK,
    FIELD_TANGGAL_LAHIR,
    JenisKelamin,
    nik_check,
)
from selenggara.wilayah.domain.kode import KodeWilayah

# Pasal 35 ayat (1) huruf b; Kep 1669/2023: KPPS ">= 17 and diutamakan paling tinggi 55",
# counted on polling day (domain.md 1.2). Shared with the bulk screening.
USIA_MINIMUM = 17
USIA_DIUTAMAKAN_MAKSIMUM = 55
# Pasal 35 ayat (1) huruf h: at least SMA or equivalent (jenjang 3 below).
JENJANG_MINIMUM = 3

FIELD_DOMISILI = "domisili_desa"
FIELD_PENDIDIKAN = "pendidikan"
FIELD_PERKAWINAN = "pernyataan_tidak_terikat_perkawinan"


class Syarat(StrEnum):
    """A requirement on which the PPS operator records MS / TMS.

    a-i follow PKPU 8/2022 Pasal 35 ayat (1); the last four are the identity on the e-KTP,
    the complete document set (Kep 1669/2023), one registration per election, and the
    declaration of not being married to another organiser (surat pernyataan 2024).
    """

    WNI = "a_wni"
    USIA = "b_usia"
    SETIA_PANCASILA = "c_setia_pancasila"
    INTEGRITAS = "d_integritas"
    BUKAN_ANGGOTA_PARTAI = "e_bukan_anggota_partai"
    DOMISILI = "f_domisili"
    SEHAT = "g_sehat"
    PENDIDIKAN = "h_pendidikan"
    TIDAK_DIPIDANA = "i_tidak_dipidana"
    IDENTITAS = "identitas"
    DOKUMEN = "dokumen"
    TIDAK_TERDAFTAR_GANDA = "tidak_terdaftar_ganda"
    TIDAK_TERIKAT_PERKAWINAN = "tidak_terikat_perkawinan"

    @property
    def label(self) -> str:
        return _SYARAT_LABEL[self]


_SYARAT_LABEL: dict[Syarat, str] = {
    Syarat.WNI: "Warga Negara Indonesia",
    Syarat.USIA: "Berusia paling rendah 17 tahun (diutamakan paling tinggi 55 tahun)",
    Syarat.SETIA_PANCASILA: "Setia kepada Pancasila, UUD 1945, NKRI, Bhinneka Tunggal Ika",
    Syarat.INTEGRITAS: "Mempunyai integritas, pribadi yang kuat, jujur, dan adil",
    Syarat.BUKAN_ANGGOTA_PARTAI: "Tidak menjadi anggota partai politik",
    Syarat.DOMISILI: "Berdomisili di wilayah kerja KPPS",
    Syarat.SEHAT: "Mampu secara jasmani dan rohani serta bebas penyalahgunaan narkotika",
    Syarat.PENDIDIKAN: "Berpendidikan paling rendah SMA atau sederajat",
    Syarat.TIDAK_DIPIDANA: "Tidak pernah dipidana penjara 5 tahun atau lebih",
    Syarat.IDENTITAS: "NIK dan identitas sesuai e-KTP",
    Syarat.DOKUMEN: "Dokumen persyaratan lengkap",
    Syarat.TIDAK_TERDAFTAR_GANDA: "Tidak terdaftar lebih dari satu kali",
    Syarat.TIDAK_TERIKAT_PERKAWINAN: "Tidak terikat perkawinan dengan sesama penyelenggara",
}


class Pendidikan(StrEnum):
    """Last education, ordered by ``jenjang``."""

    SD = "sd"
    SMP = "smp"
    SMA = "sma"
    SMK = "smk"
    MA = "ma"
    PAKET_C = "paket_c"
    D1 = "d1"
    D2 = "d2"
    D3 = "d3"
    D4 = "d4"
    S1 = "s1"
    S2 = "s2"
    S3 = "s3"

    @property
    def jenjang(self) -> int:
        """Level for comparison: SMA, SMK, MA and Paket C are equivalent (3).

        D4 and S1 share a level: both are KKNI level 6 (Perpres 8/2012).
        """
        return _JENJANG[self]

    @property
    def label(self) -> str:
        return _PENDIDIKAN_LABEL.get(self, self.name)


_JENJANG: dict[Pendidikan, int] = {
    Pendidikan.SD: 1,
    Pendidikan.SMP: 2,
    Pendidikan.SMA: 3,
    Pendidikan.SMK: 3,
    Pendidikan.MA: 3,
    Pendidikan.PAKET_C: 3,
    Pendidikan.D1: 4,
    Pendidikan.D2: 5,
    Pendidikan.D3: 6,
    Pendidikan.D4: 7,
    Pendidikan.S1: 7,
    Pendidikan.S2: 8,
    Pendidikan.S3: 9,
}
_PENDIDIKAN_LABEL: dict[Pendidikan, str] = {
    Pendidikan.SD: "SD/MI/sederajat",
    Pendidikan.SMP: "SMP/MTs/sederajat",
    Pendidikan.PAKET_C: "Paket C",
}


class JenisDokumen(StrEnum):
    """Documents to hand in (Kep 1669/2023; surat keterangan sehat new in 2024, domain.md 1.6)."""

    SURAT_PENDAFTARAN = "surat_pendaftaran"
    DAFTAR_RIWAYAT_HIDUP = "daftar_riwayat_hidup"
    KTP_ELEKTRONIK = "ktp_elektronik"
    IJAZAH = "ijazah"
    PAS_FOTO = "pas_foto"
    SURAT_PERNYATAAN = "surat_pernyataan"
    SURAT_KETERANGAN_SEHAT = "surat_keterangan_sehat"

    @property
    def label(self) -> str:
        return _DOKUMEN_LABEL[self]


_DOKUMEN_LABEL: dict[JenisDokumen, str] = {
    JenisDokumen.SURAT_PENDAFTARAN: "surat pendaftaran",
    JenisDokumen.DAFTAR_RIWAYAT_HIDUP: "daftar riwayat hidup",
    JenisDokumen.KTP_ELEKTRONIK: "fotokopi e-KTP",
    JenisDokumen.IJAZAH: "fotokopi ijazah SMA/sederajat atau ijazah terakhir",
    JenisDokumen.PAS_FOTO: "pas foto",
    JenisDokumen.SURAT_PERNYATAAN: "surat pernyataan",
    JenisDokumen.SURAT_KETERANGAN_SEHAT: "surat keterangan sehat",
}

# Which requirement each finding code speaks to, so the officer sees it beside that MS/TMS.
SYARAT_BY_CODE: dict[str, Syarat] = {
    "nik_format": Syarat.IDENTITAS,
    "nik_wilayah_tidak_sah": Syarat.IDENTITAS,
    "nik_tanggal_tidak_mungkin": Syarat.IDENTITAS,
    "nik_nomor_urut_tidak_sah": Syarat.IDENTITAS,
    "nik_wilayah_tidak_dikenal": Syarat.IDENTITAS,
    "nik_tanggal_lahir_beda": Syarat.IDENTITAS,
    "nik_jenis_kelamin_beda": Syarat.IDENTITAS,
    "usia_kurang": Syarat.USIA,
    "usia_lebih_55": Syarat.USIA,
    "anggota_partai": Syarat.BUKAN_ANGGOTA_PARTAI,
    "domisili_luar_desa": Syarat.DOMISILI,
    "pendidikan_kurang": Syarat.PENDIDIKAN,
    "nik_terdaftar_ganda": Syarat.TIDAK_TERDAFTAR_GANDA,
    "pernyataan_perkawinan_kosong": Syarat.TIDAK_TERIKAT_PERKAWINAN,
    "dokumen_kurang": Syarat.DOKUMEN,
}


def usia_check(*, tanggal_lahir: date, hari_pemungutan: date) -> list[Temuan[str]]:
    """Check the age on polling day: GALAT below 17, PERINGATAN above 55 (Pasal 35 huruf b)."""
    usia = usia_on(tanggal_lahir, hari_pemungutan)
    hari = hari_pemungutan.isoformat()
    if usia < USIA_MINIMUM:
        return [
            galat(
                "usia_kurang",
                FIELD_TANGGAL_LAHIR,
                params={"hari": hari, "usia": usia, "minimum": USIA_MINIMUM},
            )
        ]
    if usia > USIA_DIUTAMAKAN_MAKSIMUM:
        return [
            peringatan(
                "usia_lebih_55",
                FIELD_TANGGAL_LAHIR,
                params={"hari": hari, "usia": usia, "maksimum": USIA_DIUTAMAKAN_MAKSIMUM},
            )
        ]
    return []


def domisili_check(*, domisili_desa: KodeWilayah, desa: KodeWilayah) -> list[Temuan[str]]:
    """Check the applicant lives in the PPS's desa/kelurahan (Pasal 35 huruf f).

    ``domisili_desa`` comes from the e-KTP address or the DPT, never from the NIK prefix
    (domain.md 7.2).
    """
    if domisili_desa == desa:
        return []
    return [
        galat(
            "domisili_luar_desa",
            FIELD_DOMISILI,
            params={"domisili": str(domisili_desa), "desa": str(desa)},
        )
    ]


def pendidikan_check(*, pendidikan: Pendidikan) -> list[Temuan[str]]:
    """Check the education is at least SMA or equivalent (Pasal 35 huruf h)."""
    if pendidikan.jenjang >= JENJANG_MINIMUM:
        return []
    return [galat("pendidikan_kurang", FIELD_PENDIDIKAN, params={"pendidikan": pendidikan.value})]


def dokumen_check(*, dokumen: frozenset[JenisDokumen]) -> list[Temuan[str]]:
    """Report each missing document, in the order of Kep 1669/2023."""
    return [
        galat("dokumen_kurang", f"dokumen.{jenis.value}", params={"dokumen": jenis.value})
        for jenis in JenisDokumen
        if jenis not in dokumen
    ]


def ganda_check(*, pendaftaran_lain: Sequence[str]) -> list[Temuan[str]]:
    """Check the NIK is registered once in the election, across every TPS, desa and body.

    ``pendaftaran_lain`` describes the other registrations with the same NIK (e.g.
    ``"KPPS TPS 3303012001004"``, ``"PPS 3303012002"``); they are for the officer only.
    """
    if not pendaftaran_lain:
        return []
    return [
        galat(
            "nik_terdaftar_ganda",
            FIELD_NIK,
            params={"jumlah": len(pendaftaran_lain)},
            params_petugas={"pendaftaran_lain": "; ".join(pendaftaran_lain)},
        )
    ]


def partai_check(*, partai: str | None) -> list[Temuan[str]]:
    """Check the NIK is not in the party-membership list (Pasal 35 huruf e).

    ``partai`` is the party the list names for this NIK, or None. The list itself is never
    shown to applicants: the party is for the officer only (``params_petugas``).
    """
    if partai is None:
        return []
    return [galat("anggota_partai", FIELD_NIK, params_petugas={"partai": partai})]


def perkawinan_check(*, menyatakan_tidak_terikat_perkawinan: bool) -> list[Temuan[str]]:
    """Check the declaration of not being married to another organiser (surat pernyataan 2024).

    The ban covers KPU and Bawaslu bodies alike (domain.md 1.2); only the declaration is
    checked here.
    """
    if menyatakan_tidak_terikat_perkawinan:
        return []
    return [galat("pernyataan_perkawinan_kosong", FIELD_PERKAWINAN)]


@dataclass(frozen=True, slots=True, kw_only=True)
class DataPendaftar:
    """What an applicant declared and handed in."""

    nik: str
    tanggal_lahir: date
    jenis_kelamin: JenisKelamin
    domisili_desa: KodeWilayah
    pendidikan: Pendidikan
    dokumen: frozenset[JenisDokumen]
    menyatakan_tidak_terikat_perkawinan: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class KonteksPenelitian:
    """What the checks need besides the application.

    ``desa``: the PPS's desa/kelurahan. ``tanggal_penelitian``: the day of the check (used to
    resolve the NIK's century). ``pendaftaran_lain``: other registrations with the same NIK in
    the election. ``partai``: the party the membership list names for the NIK, or None.
    ``kecamatan_exists``: tells whether a 6-digit kecamatan code exists (None skips it).
    """

    desa: KodeWilayah
    hari_pemungutan: date
    tanggal_penelitian: date
    pendaftaran_lain: tuple[str, ...] = ()
    partai: str | None = None
    kecamatan_exists: Callable[[str], bool] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilPenelitian:
    """All findings of one application, in a stable order."""

    temuan: tuple[Temuan[str], ...]

    @property
    def memenuhi_syarat(self) -> bool:
        """True when no finding is GALAT (warnings leave the decision to the officer)."""
        return not any(t.is_galat for t in self.temuan)

    @property
    def errors(self) -> tuple[Temuan[str], ...]:
        return tuple(t for t in self.temuan if t.tingkat is Tingkat.GALAT)

    @property
    def warnings(self) -> tuple[Temuan[str], ...]:
        return tuple(t for t in self.temuan if t.tingkat is Tingkat.PERINGATAN)

    def temuan_for(self, syarat: Syarat) -> tuple[Temuan[str], ...]:
        """Return the findings that speak to ``syarat``."""
        return tuple(t for t in self.temuan if SYARAT_BY_CODE[t.kode] is syarat)


def penelitian_otomatis(data: DataPendaftar, konteks: KonteksPenelitian) -> HasilPenelitian:
    """Run every automatic check: NIK, age, party, domicile, education, duplicates,
    the marriage declaration, then the documents."""
    temuan = [
        *nik_check(
            nik_raw=data.nik,
            tanggal_lahir=data.tanggal_lahir,
            jenis_kelamin=data.jenis_kelamin,
            kecamatan_exists=konteks.kecamatan_exists,
            on=konteks.tanggal_penelitian,
        ),
        *usia_check(tanggal_lahir=data.tanggal_lahir, hari_pemungutan=konteks.hari_pemungutan),
        *partai_check(partai=konteks.partai),
        *domisili_check(domisili_desa=data.domisili_desa, desa=konteks.desa),
        *pendidikan_check(pendidikan=data.pendidikan),
        *ganda_check(pendaftaran_lain=konteks.pendaftaran_lain),
        *perkawinan_check(
            menyatakan_tidak_terikat_perkawinan=data.menyatakan_tidak_terikat_perkawinan
        ),
        *dokumen_check(dokumen=data.dokumen),
    ]
    return HasilPenelitian(temuan=tuple(temuan))
