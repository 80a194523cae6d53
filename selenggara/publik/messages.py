"""The wording of the public pages: flags, sources and statuses in plain words."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from selenggara.rekap.domain.pleno import StatusPleno
from selenggara.rekap.domain.tanda import KodeTanda
from selenggara.rekap.selectors import Perbedaan
from selenggara.tungsura.domain.pemeriksaan import Status
from selenggara.tungsura.messages import temuan_message
from selenggara.tungsura.models import Sumber

# The flag's short badge; its reason in full is rekap's (rekap/messages.py).
TANDA_SINGKAT: dict[str, Promise] = {
    KodeTanda.BELUM_MASUK.value: _("belum masuk"),
    KodeTanda.ARITMETIKA.value: _("angka tidak cocok"),
    KodeTanda.DITAHAN.value: _("ditahan"),
    KodeTanda.DIKOREKSI.value: _("dikoreksi"),
    KodeTanda.KEBERATAN.value: _("keberatan"),
    KodeTanda.PARTISIPASI_LEBIH.value: _("melebihi DPT"),
    KodeTanda.MELEBIHI_BATAS.value: _("melebihi batas TPS"),
    KodeTanda.MENYIMPANG.value: _("menyimpang"),
    KodeTanda.ANGKA_KEMBAR.value: _("angka kembar"),
    KodeTanda.FOTO_KEMBAR.value: _("foto kembar"),
}

PLENO_LABEL: dict[str, Promise] = {
    StatusPleno.BELUM_DIBUKA.value: _("pleno belum dibuka"),
    StatusPleno.DIBUKA.value: _("pleno berlangsung"),
    StatusPleno.SELESAI.value: _("pleno selesai, belum ditetapkan"),
    StatusPleno.DITETAPKAN.value: _("ditetapkan"),
}


def perbedaan_kalimat(perbedaan: Perbedaan) -> str:
    """Return why the count and the official recap differ, in one plain sentence."""
    n = perbedaan.jumlah
    if perbedaan.kode == "belum_ditetapkan":
        return ngettext(
            "%(n)s rapat pleno kecamatan di wilayah ini belum menetapkan rekapitulasinya; angka "
            "resmi baru mencakup kecamatan yang sudah ditetapkan.",
            "%(n)s rapat pleno kecamatan di wilayah ini belum menetapkan rekapitulasinya; angka "
            "resmi baru mencakup kecamatan yang sudah ditetapkan.",
            n,
        ) % {"n": n}
    if perbedaan.kode == "tps_ditahan":
        return ngettext(
            "%(n)s TPS ditahan dari hitungan karena formulirnya tidak cocok dengan hitungannya "
            "sendiri atau melebihi batas TPS; angkanya tidak dijumlahkan sampai dikoreksi atau "
            "dikonfirmasi dengan alasan.",
            "%(n)s TPS ditahan dari hitungan karena formulirnya tidak cocok dengan hitungannya "
            "sendiri atau melebihi batas TPS; angkanya tidak dijumlahkan sampai dikoreksi atau "
            "dikonfirmasi dengan alasan.",
            n,
        ) % {"n": n}
    if perbedaan.kode == "koreksi_setelah_penetapan":
        return ngettext(
            "%(n)s TPS dikoreksi setelah rapat pleno menetapkan rekapitulasi (%(tps)s): hitungan "
            "memakai versi terbaru, angka resmi tetap yang ditetapkan pleno.",
            "%(n)s TPS dikoreksi setelah rapat pleno menetapkan rekapitulasi (%(tps)s): hitungan "
            "memakai versi terbaru, angka resmi tetap yang ditetapkan pleno.",
            n,
        ) % {"n": n, "tps": ", ".join(perbedaan.tps)}
    return gettext("%(kunci)s: hitungan %(hitung)s, rekapitulasi resmi %(rekap)s.") % {
        "kunci": perbedaan.kunci,
        "hitung": perbedaan.hitung,
        "rekap": perbedaan.rekap,
    }


# Who made a version, by role only: the public side names no person.
SUMBER_LABEL: dict[str, Promise] = {
    Sumber.PONSEL_KPPS.value: _("operator KPPS"),
    Sumber.ENTRI_KERTAS.value: _("operator PPS/PPK (dari kertas)"),
    Sumber.API.value: _("aplikasi KPPS"),
    Sumber.DEMO.value: _("data demo"),
    Sumber.PLENO.value: _("rapat pleno rekapitulasi"),
    Sumber.PINDAI.value: _("dibaca dari foto"),
}

STATUS_LABEL: dict[str, Promise] = {
    Status.KONSISTEN.value: _("konsisten"),
    Status.PERLU_KONFIRMASI.value: _("perlu konfirmasi (ditahan)"),
    Status.DIKONFIRMASI.value: _("dikonfirmasi sesuai kertas"),
}


def temuan_kalimat(temuan: Mapping[str, object]) -> str:
    """Return the plain sentence of one stored finding."""
    return temuan_message(temuan)
