"""The wording of C.Hasil fields and findings, in the reader's language.

The domain (``domain/``) speaks in keys and codes; this module is the one place that turns a
key into the label printed on the paper form and a finding into a sentence that names the
fields, through gettext, so the English interface translates what the domain cannot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from selenggara.tungsura.domain.lembar import kunci_parse
from selenggara.tungsura.domain.pemeriksaan import Kode, Tingkat

# Section I-III and V labels, with the paper's numbering (domain.md 3.2).
LABEL: dict[str, Promise] = {
    "dpt_l": _("I.A DPT laki-laki"),
    "dpt_p": _("I.A DPT perempuan"),
    "dpt_j": _("I.A DPT jumlah"),
    "pengguna_dpt_l": _("I.B.1 Pengguna hak pilih DPT laki-laki"),
    "pengguna_dpt_p": _("I.B.1 Pengguna hak pilih DPT perempuan"),
    "pengguna_dpt_j": _("I.B.1 Pengguna hak pilih DPT jumlah"),
    "pengguna_dptb_l": _("I.B.2 Pengguna hak pilih DPTb laki-laki"),
    "pengguna_dptb_p": _("I.B.2 Pengguna hak pilih DPTb perempuan"),
    "pengguna_dptb_j": _("I.B.2 Pengguna hak pilih DPTb jumlah"),
    "pengguna_dpk_l": _("I.B.3 Pengguna hak pilih DPK laki-laki"),
    "pengguna_dpk_p": _("I.B.3 Pengguna hak pilih DPK perempuan"),
    "pengguna_dpk_j": _("I.B.3 Pengguna hak pilih DPK jumlah"),
    "pengguna_total_l": _("I.B.4 Jumlah pengguna hak pilih laki-laki"),
    "pengguna_total_p": _("I.B.4 Jumlah pengguna hak pilih perempuan"),
    "pengguna_total_j": _("I.B.4 Jumlah pengguna hak pilih"),
    "surat_suara_diterima": _("II.1 Surat suara diterima (termasuk cadangan)"),
    "surat_suara_digunakan": _("II.2 Surat suara digunakan"),
    "surat_suara_rusak": _("II.3 Surat suara dikembalikan (rusak/keliru coblos)"),
    "surat_suara_sisa": _("II.4 Surat suara tidak digunakan (sisa)"),
    "disabilitas_l": _("III Pemilih disabilitas laki-laki"),
    "disabilitas_p": _("III Pemilih disabilitas perempuan"),
    "disabilitas_j": _("III Pemilih disabilitas jumlah"),
    "suara_sah": _("V.A Jumlah suara sah"),
    "suara_tidak_sah": _("V.B Jumlah suara tidak sah"),
    "suara_total": _("V.C Jumlah suara sah dan tidak sah"),
}

TEMPLATE: dict[Kode, Promise] = {
    Kode.ANGKA_MELEBIHI_KOTAK: _(
        "%(fields)s tertulis %(tertulis)s, padahal kotak angka hanya memuat 3 angka (paling "
        "banyak 999)."
    ),
    Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH: _(
        "Laki-laki + perempuan = %(diharapkan)s, tetapi jumlahnya tertulis %(tertulis)s "
        "(%(fields)s)."
    ),
    Kode.PENGGUNA_TOTAL_TIDAK_SESUAI: _(
        "Pengguna hak pilih DPT + DPTb + DPK = %(diharapkan)s, tetapi jumlahnya tertulis "
        "%(tertulis)s (%(fields)s)."
    ),
    Kode.PENGGUNA_DPT_MELEBIHI_DPT: _(
        "Pengguna hak pilih dari DPT (%(tertulis)s) melebihi DPT (%(diharapkan)s) (%(fields)s)."
    ),
    Kode.SUARA_SAH_TIDAK_SESUAI: _(
        "Jumlah perolehan suara (bagian IV) = %(diharapkan)s, tetapi jumlah suara sah tertulis "
        "%(tertulis)s (%(fields)s)."
    ),
    Kode.JUMLAH_PARTAI_TIDAK_SESUAI: _(
        "Suara partai + suara calonnya = %(diharapkan)s, tetapi jumlah partai tertulis "
        "%(tertulis)s (%(fields)s)."
    ),
    Kode.SUARA_TOTAL_TIDAK_SESUAI: _(
        "Suara sah + tidak sah = %(diharapkan)s, tetapi jumlah seluruh suara tertulis "
        "%(tertulis)s (%(fields)s)."
    ),
    Kode.SUARA_TOTAL_TIDAK_SAMA_SURAT_DIGUNAKAN: _(
        "Jumlah seluruh suara (%(tertulis)s) tidak sama dengan surat suara digunakan "
        "(%(diharapkan)s) (%(fields)s)."
    ),
    Kode.PENGGUNA_TIDAK_SAMA_SURAT_DIGUNAKAN: _(
        "Surat suara digunakan (%(tertulis)s) tidak sama dengan jumlah pengguna hak pilih "
        "(%(diharapkan)s) (%(fields)s)."
    ),
    Kode.SURAT_SUARA_TIDAK_SEIMBANG: _(
        "Surat suara digunakan + dikembalikan + sisa = %(diharapkan)s, tetapi surat suara "
        "diterima tertulis %(tertulis)s (%(fields)s)."
    ),
    Kode.DISABILITAS_MELEBIHI_PENGGUNA: _(
        "Pemilih disabilitas (%(tertulis)s) melebihi jumlah pengguna hak pilih "
        "(%(diharapkan)s) (%(fields)s)."
    ),
    Kode.MELEBIHI_BATAS_TPS: _(
        "%(fields)s tertulis %(tertulis)s, lebih dari yang mungkin di satu TPS (batas pemilih "
        "+ cadangan = %(diharapkan)s)."
    ),
    Kode.DPT_TIDAK_SAMA_DAFTAR: _(
        "%(fields)s tertulis %(tertulis)s, sedangkan DPT TPS ini menurut daftar %(diharapkan)s."
    ),
    Kode.SURAT_SUARA_TIDAK_SAMA_ALOKASI: _(
        "Surat suara diterima tertulis %(tertulis)s, sedangkan alokasi TPS ini (DPT + cadangan) "
        "%(diharapkan)s."
    ),
}

TINGKAT_LABEL: dict[Tingkat, Promise] = {
    Tingkat.GALAT: _("Galat"),
    Tingkat.PERINGATAN: _("Peringatan"),
}

ALASAN_ISIAN: dict[str, Promise] = {
    "tidak_dikenal": _("kolom ini tidak ada pada formulir kontestasi dan dapil ini"),
    "tidak_diisi": _("wajib diisi; tulis 0 bila kosong di kertas"),
    "bukan_angka": _("harus berupa bilangan bulat"),
    "negatif": _("tidak boleh negatif"),
    "terlalu_besar": _("terlalu besar (paling banyak 99.999)"),
}


def label(kunci: str, nama_peserta: Mapping[str, str] | None = None) -> str:
    """Return the label of a field as on the paper: section I-III/V, or a section IV row.

    ``nama_peserta`` may map a section IV key to the name printed on the form.
    """
    if kunci in LABEL:
        return str(LABEL[kunci])
    parsed = kunci_parse(kunci)
    if parsed is None:
        return kunci
    nama = f" ({nama_peserta[kunci]})" if nama_peserta and kunci in nama_peserta else ""
    if parsed.partai is None:
        return gettext("IV Suara sah nomor urut %(nomor)s") % {"nomor": parsed.calon} + nama
    if parsed.jumlah:
        return gettext("IV Jumlah suara partai %(partai)s dan calonnya") % {"partai": parsed.partai}
    if parsed.calon is None:
        return gettext("IV Suara partai %(partai)s saja") % {"partai": parsed.partai} + nama
    return (
        gettext("IV Partai %(partai)s, calon nomor %(calon)s")
        % {"partai": parsed.partai, "calon": parsed.calon}
        + nama
    )


def labels(keys: Iterable[str], nama_peserta: Mapping[str, str] | None = None) -> str:
    return ", ".join(label(k, nama_peserta) for k in keys)


def temuan_message(
    temuan: Mapping[str, object], nama_peserta: Mapping[str, str] | None = None
) -> str:
    """Return the sentence for a stored finding (``Temuan.as_dict()``), naming its fields."""
    kode = Kode(str(temuan["kode"]))
    keys = [str(k) for k in temuan["kunci"]]  # type: ignore[attr-defined]
    shown = keys if len(keys) <= 6 else [*keys[:5], "…"]
    fields = labels(k for k in shown if k != "…") + (" …" if len(keys) > 6 else "")
    return str(TEMPLATE[kode]) % {
        "fields": fields,
        "diharapkan": temuan["diharapkan"],
        "tertulis": temuan["tertulis"],
    }


def isian_message(kunci: str, alasan: str) -> str:
    return f"{label(kunci)}: {ALASAN_ISIAN[alasan]}"
