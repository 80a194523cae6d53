"""The wording of the domain's findings and shortages, in the reader's language.

The pure cores (``domain/``) return findings (``core.domain.temuan.Temuan``) and shortages as
a stable ``kode`` with ``params`` and no text; this module is the one place that turns a code
into text, through gettext, so the English interface translates what the domain cannot (it
imports no Django) and no second wording can drift from it. Every code the domain emits has a
template here (a test checks it). A stored finding whose params do not fit its template falls
back to the Indonesian text stored with it before findings were data (``pesan``), else to its
code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from selenggara.core.domain.temuan import Temuan
from selenggara.pembentukan.domain.honorarium import JenisSantunan
from selenggara.pembentukan.domain.penetapan import Kekurangan, KriteriaPeringkat
from selenggara.pembentukan.domain.syarat import JenisDokumen, Pendidikan

# code (or ``code.varian`` where the domain has variants) -> template with %(param)s.
TEMPLATES: dict[str, Promise] = {
    # NIK (domain/nik.py)
    "nik_format.kosong": _("NIK wajib diisi dengan 16 angka."),
    "nik_format.bukan_angka": _(
        "NIK hanya boleh berisi angka (16 angka), tanpa huruf atau tanda baca."
    ),
    "nik_format.panjang": _("NIK harus terdiri dari 16 angka; yang diisi %(panjang)s angka."),
    "nik_wilayah_tidak_sah": _(
        "Kode wilayah pada NIK (6 angka pertama, %(kode)s) bukan kode kecamatan yang mungkin."
    ),
    "nik_tanggal_tidak_mungkin": _(
        "Tanggal lahir pada NIK (angka ke-7 sampai ke-12, %(kode)s) tidak mungkin."
    ),
    "nik_nomor_urut_tidak_sah": _(
        "Nomor urut pada NIK (4 angka terakhir) dimulai dari 0001, bukan 0000."
    ),
    "nik_wilayah_tidak_dikenal": _(
        "Kode wilayah pada NIK (%(kode)s) tidak ada dalam daftar kecamatan; periksa NIK pada e-KTP."
    ),
    "nik_tanggal_lahir_beda": _(
        "Tanggal lahir %(tanggal)s berbeda dengan tanggal pada NIK (%(tanggal_nik)s); periksa "
        "e-KTP."
    ),
    "nik_jenis_kelamin_beda": _(
        "Jenis kelamin %(jenis_kelamin)s berbeda dengan NIK, yang menunjukkan "
        "%(jenis_kelamin_nik)s; periksa e-KTP."
    ),
    # Requirements (domain/syarat.py)
    "usia_kurang": _(
        "Usia pada hari pemungutan suara (%(hari)s) %(usia)s tahun; paling rendah %(minimum)s "
        "tahun."
    ),
    "usia_lebih_55": _(
        "Usia pada hari pemungutan suara (%(hari)s) %(usia)s tahun; anggota KPPS diutamakan "
        "paling tinggi %(maksimum)s tahun."
    ),
    "domisili_luar_desa": _(
        "Domisili (desa/kelurahan %(domisili)s) di luar wilayah kerja PPS desa/kelurahan %(desa)s."
    ),
    "pendidikan_kurang": _("Pendidikan terakhir %(pendidikan)s; paling rendah SMA atau sederajat."),
    "dokumen_kurang": _("Dokumen %(dokumen)s belum diserahkan."),
    "nik_terdaftar_ganda": _(
        "NIK ini juga terdaftar %(jumlah)s kali lagi pada pemilihan ini (TPS, desa/kelurahan "
        "atau badan ad hoc lain); satu orang hanya boleh mendaftar satu kali."
    ),
    "anggota_partai": _(
        "NIK terdaftar sebagai anggota partai politik. Jika sudah keluar paling singkat 5 "
        "tahun, serahkan surat keterangan dari pengurus partai politik."
    ),
    "pernyataan_perkawinan_kosong": _(
        "Pendaftar belum menyatakan tidak berada dalam ikatan perkawinan dengan sesama "
        "penyelenggara Pemilu."
    ),
    # Appointment (domain/penetapan.py)
    "keterwakilan_perempuan_kurang": _(
        "Anggota perempuan %(perempuan)s dari %(jumlah)s orang; keterwakilan perempuan paling "
        "sedikit %(persen)s%% diperhatikan."
    ),
    "anggota_usia_lebih_55": _(
        "Anggota peringkat %(peringkat)s berusia %(usia)s tahun pada hari pemungutan suara; "
        "diutamakan paling tinggi %(maksimum)s tahun."
    ),
    "tidak_ada_pendaftar": _("Tidak ada pendaftar untuk TPS ini."),
    "pendaftar_kurang": _("Hanya %(pendaftar)s pendaftar; dibutuhkan %(dibutuhkan)s anggota KPPS."),
    "memenuhi_syarat_kurang": _(
        "Hanya %(tersedia)s dari %(pendaftar)s pendaftar memenuhi syarat; dibutuhkan "
        "%(dibutuhkan)s anggota KPPS."
    ),
}

# What officers see beside a finding (``params_petugas``); never shown to the applicant.
TEMPLATES_PETUGAS: dict[str, Promise] = {
    "nik_terdaftar_ganda": _("Pendaftaran lain: %(pendaftaran_lain)s"),
    "anggota_partai": _("Partai politik dalam data keanggotaan: %(partai)s"),
}

_DATE_PARAMS = frozenset({"hari", "tanggal", "tanggal_nik"})
_JENIS_KELAMIN = {"L": _("laki-laki"), "P": _("perempuan")}


def _param(key: str, value: Any) -> Any:
    """A parameter as the reader should see it: dates and choices in their language."""
    if key in _DATE_PARAMS:
        return formats.date_format(date.fromisoformat(str(value)), "j F Y")
    if key in {"jenis_kelamin", "jenis_kelamin_nik"}:
        return _JENIS_KELAMIN.get(str(value), value)
    if key == "pendidikan":
        return Pendidikan(value).label
    if key == "dokumen":
        return JenisDokumen(value).label
    return value


def message_text(
    code: str,
    params: Mapping[str, Any],
    fallback: str,
    templates: Mapping[str, Promise] = TEMPLATES,
) -> str:
    """Return the message ``code`` with ``params`` in the active language, else ``fallback``."""
    varian = params.get("varian")
    template = templates.get(f"{code}.{varian}" if varian else code)
    if template is None:
        return fallback
    try:
        return str(template) % {k: _param(k, v) for k, v in params.items()}
    except (KeyError, ValueError, TypeError):
        return fallback


def temuan_text(temuan: Temuan[str] | Kekurangan | Mapping[str, Any]) -> str:
    """Word a finding, a shortage, or a finding stored as JSON (``HasilPenelitian.temuan``)."""
    if isinstance(temuan, Mapping):
        kode = str(temuan.get("kode", ""))
        return message_text(kode, temuan.get("params") or {}, str(temuan.get("pesan") or kode))
    return message_text(temuan.kode, temuan.params, temuan.kode)


def temuan_petugas_text(temuan: Temuan[str] | Mapping[str, Any]) -> str:
    """Word the officers' note of a finding (``params_petugas``), or "" when it has none.

    A finding stored before findings were data keeps its note as text (``catatan``).
    """
    if isinstance(temuan, Mapping):
        kode, params = str(temuan.get("kode", "")), temuan.get("params_petugas") or {}
    else:
        kode, params = temuan.kode, temuan.params_petugas
    if not params:
        return ""
    return message_text(kode, params, str(params.get("catatan", "")), TEMPLATES_PETUGAS)


KRITERIA_PERINGKAT: dict[KriteriaPeringkat, Promise] = {
    KriteriaPeringkat.PENDIDIKAN: _("pendidikan lebih tinggi"),
    KriteriaPeringkat.WAKTU_DAFTAR: _("pendaftaran lebih awal"),
}


def kriteria_text(kriteria: Sequence[KriteriaPeringkat]) -> str:
    """The ranking criteria as a phrase: "pendidikan lebih tinggi, lalu pendaftaran ..."."""
    return str(_(", lalu ")).join(str(KRITERIA_PERINGKAT[k]) for k in kriteria)


JENIS_SANTUNAN: dict[JenisSantunan, Promise] = {
    JenisSantunan.MENINGGAL_DUNIA: _("Meninggal dunia"),
    JenisSantunan.CACAT_PERMANEN: _("Cacat permanen"),
    JenisSantunan.LUKA_BERAT: _("Luka berat / sakit berat"),
    JenisSantunan.LUKA_SEDANG: _("Luka sedang / sakit sedang"),
    JenisSantunan.BANTUAN_PEMAKAMAN: _("Bantuan biaya pemakaman"),
}


def santunan_label(jenis: JenisSantunan) -> str:
    """The santunan case in the reader's language (the domain's label is Indonesian)."""
    return str(JENIS_SANTUNAN[jenis])
