"""The Indonesian wording of bimtek's rule codes and explanations (domain codes stay English)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from selenggara.bimtek.domain.aturan import Masalah, MasalahAturan
from selenggara.bimtek.domain.jadwal import Pelanggaran, Temuan
from selenggara.bimtek.domain.kelayakan import JenisPerbaikan


def _tanggal(day: dt.date) -> str:
    return date_format(day, "l, j F Y")


def desa_unknown(kode: str) -> str:
    return _("Kode desa %(kode)r tidak ada di kab/kota rencana ini.") % {"kode": kode}


def move_outside_window(tanggal: dt.date) -> str:
    return _("Tanggal %(t)s di luar jendela bimtek atau hari libur.") % {"t": _tanggal(tanggal)}


def susulan_no_room(jumlah: int, sejak: dt.date) -> str:
    return _(
        "Tidak ada tempat dengan %(n)s kursi kosong pada hari tersisa sesudah %(t)s; tambah hari "
        "atau tempat."
    ) % {"n": jumlah, "t": _tanggal(sejak)}


def _hari(temuan: Temuan, tanggal_list: Sequence[dt.date]) -> str:
    if temuan.sesi is None or not 0 <= temuan.sesi.waktu.hari < len(tanggal_list):
        return ""
    return _("%(t)s sesi %(s)s") % {
        "t": _tanggal(tanggal_list[temuan.sesi.waktu.hari]),
        "s": temuan.sesi.waktu.slot + 1,
    }


def temuan(t: Temuan, window: object) -> str:
    """One broken rule as a sentence."""
    tanggal_list: Sequence[dt.date] = getattr(window, "tanggal_list", [])
    where = _hari(t, tanggal_list)
    texts = {
        Pelanggaran.TIDAK_TERJADWAL: _("TPS %(tps)s belum mendapat sesi."),
        Pelanggaran.DI_LUAR_JENDELA: _("Sesi berada di luar jendela bimtek."),
        Pelanggaran.TEMPAT_TIDAK_TERSEDIA: _("Tempat tidak tersedia pada %(where)s."),
        Pelanggaran.KAPASITAS_TERLAMPAUI: _(
            "Kapasitas tempat terlampaui pada %(where)s: perlu %(perlu)s kursi, tersedia %(tersedia)s."
        ),
        Pelanggaran.DI_LUAR_KECAMATAN: _(
            "Tempat berada di luar kecamatan TPS %(tps)s dan rencana tidak mengizinkan kecamatan tetangga."
        ),
        Pelanggaran.TANPA_TRANSPORTASI: _(
            "TPS %(tps)s berada di desa jauh dan %(where)s bukan hari dengan transportasi."
        ),
        Pelanggaran.PELATIH_KURANG: _(
            "Pelatih tidak cukup pada %(where)s: perlu %(perlu)s, tersedia %(tersedia)s."
        ),
    }
    return texts[t.kode] % {
        "tps": t.tim_kode,
        "where": where,
        "perlu": t.perlu,
        "tersedia": t.tersedia,
    }


def perbaikan(jenis: str, jumlah: int, tempat_nama: str) -> str:
    texts = {
        JenisPerbaikan.KAPASITAS: _("tambah kapasitas %(tempat)s sebanyak %(n)s kursi per sesi"),
        JenisPerbaikan.SLOT_KEDUA: ngettext(
            "tambah sesi kedua (siang) pada %(n)s hari",
            "tambah sesi kedua (siang) pada %(n)s hari",
            jumlah,
        ),
        JenisPerbaikan.HARI_TAMBAHAN: ngettext(
            "tambah %(n)s hari bimtek", "tambah %(n)s hari bimtek", jumlah
        ),
        JenisPerbaikan.PELATIH: ngettext("tambah %(n)s pelatih", "tambah %(n)s pelatih", jumlah),
        JenisPerbaikan.TEMPAT_BARU: _(
            "sediakan tempat bimtek di kecamatan ini dengan kapasitas %(n)s kursi per sesi"
        ),
        JenisPerbaikan.HARI_TRANSPORTASI: ngettext(
            "sediakan transportasi untuk desa jauh pada %(n)s hari lagi",
            "sediakan transportasi untuk desa jauh pada %(n)s hari lagi",
            jumlah,
        ),
    }
    return texts[JenisPerbaikan(jenis)] % {"n": jumlah, "tempat": tempat_nama}


def kekurangan(
    item: dict[str, object],
    kecamatan_nama: str,
    tanggal_list: Sequence[dt.date],
    tempat_nama: dict[str, str],
) -> str:
    """One kecamatan's shortfall and its fix, from the JSON the plan stores."""
    per_hari = item["kursi_per_hari"]
    if not isinstance(per_hari, list):
        per_hari = []
    days = ", ".join(
        _("%(t)s: %(n)s") % {"t": date_format(d, "j M"), "n": n}
        for d, n in zip(tanggal_list, per_hari, strict=False)
    )
    base = (
        _(
            "Kecamatan %(k)s kekurangan %(kurang)s kursi untuk TPS desa jauh pada hari dengan transportasi (perlu %(perlu)s, tersedia %(tersedia)s; %(days)s)."
        )
        if item["jauh"]
        else _(
            "Kecamatan %(k)s kekurangan %(kurang)s kursi: perlu %(perlu)s, tersedia %(tersedia)s (%(days)s)."
        )
    ) % {
        "k": kecamatan_nama,
        "kurang": item["kurang"],
        "perlu": item["perlu"],
        "tersedia": item["tersedia"],
        "days": days,
    }
    fix = item.get("perbaikan")
    if isinstance(fix, dict):
        tempat = tempat_nama.get(str(fix["tempat"]), str(fix["tempat"]))
        base += " " + _("Perbaikan terkecil: %(fix)s.") % {
            "fix": perbaikan(str(fix["jenis"]), int(fix["jumlah"]), tempat)
        }
    return base


def aturan_masalah(m: Masalah, *, mulai: dt.date, selesai: dt.date) -> str:
    """A problem of the plan's rules (``domain.aturan``) in Indonesian."""
    texts = {
        MasalahAturan.TANGGAL_DI_LUAR: _("Tanggal %(v)s di luar jendela bimtek %(a)s s.d. %(b)s."),
        MasalahAturan.DESA_ASING: _("Desa %(v)s bukan desa di kab/kota rencana ini."),
        MasalahAturan.TETANGGA_ASING: _("Kecamatan %(v)s bukan bagian rencana ini."),
        MasalahAturan.TETANGGA_DIRI: _(
            "Kecamatan %(v)s tidak bisa bertetangga dengan dirinya sendiri."
        ),
        MasalahAturan.SLOT: _("Sesi per hari harus 1 atau 2, bukan %(v)s."),
        MasalahAturan.JAM: _(
            "Jam sesi %(v)s tidak sah: tulis JJ.MM sampai JJ.MM, mulai sebelum selesai."
        ),
        MasalahAturan.JAM_KURANG: _("Ada %(v)s sesi per hari tetapi jam sesi hanya untuk %(w)s."),
        MasalahAturan.RASIO: _("Peserta per pelatih harus 1 atau lebih, bukan %(v)s."),
    }
    return texts[m.kode] % {
        "v": m.nilai,
        "w": m.lain,
        "a": mulai.isoformat(),
        "b": selesai.isoformat(),
    }


def tanpa_jadwal(status: str, kecamatan_nama: str) -> str:
    """A kecamatan left without a schedule whose seats were not short (the counts allow one)."""
    if status == "INFEASIBLE":
        return _(
            "Kecamatan %(k)s: kursi cukup, tetapi aturan tidak dapat dipenuhi bersama (mis. desa "
            "jauh hanya pada hari transportasi, pelatih per sesi, jarak). Longgarkan satu aturan "
            "lalu rencanakan ulang."
        ) % {"k": kecamatan_nama}
    return _(
        "Kecamatan %(k)s: jadwal belum ditemukan dalam batas waktu perencanaan; rencanakan ulang."
    ) % {"k": kecamatan_nama}
