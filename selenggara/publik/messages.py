"""The wording of the public pages: flags, sources and statuses in plain words."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from selenggara.publik.domain.hasil import JenisTanda
from selenggara.tungsura.domain.pemeriksaan import Status
from selenggara.tungsura.messages import temuan_message
from selenggara.tungsura.models import Sumber

TANDA_LABEL: dict[JenisTanda, Promise] = {
    JenisTanda.DITAHAN: _(
        "Ditahan dari hitungan: angka di formulir tidak cocok satu sama lain atau melebihi batas "
        "TPS, dan belum dikonfirmasi atau dikoreksi."
    ),
    JenisTanda.TEMUAN: _(
        "Ada temuan pemeriksaan, tetapi KPPS telah mengonfirmasi bahwa angka ini memang yang "
        "tertulis di kertas; ikut dihitung."
    ),
    JenisTanda.DIKOREKSI: _("Angka ini hasil koreksi; versi sebelumnya tetap dapat dilihat."),
    JenisTanda.BELUM_MASUK: _("C.Hasil TPS ini belum masuk."),
}

TANDA_SINGKAT: dict[JenisTanda, Promise] = {
    JenisTanda.DITAHAN: _("ditahan"),
    JenisTanda.TEMUAN: _("temuan dikonfirmasi"),
    JenisTanda.DIKOREKSI: _("dikoreksi"),
    JenisTanda.BELUM_MASUK: _("belum masuk"),
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
