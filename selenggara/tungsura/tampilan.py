"""How the C.Hasil pages word a status, a source and a contest, for the login pages and the
public verification alike."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selenggara.pemilihan.models import Kontestasi
from selenggara.tungsura.domain.pemeriksaan import Status
from selenggara.tungsura.models import Sumber

STATUS_LABEL = {
    "belum": _("belum dikirim"),
    Status.KONSISTEN.value: _("konsisten"),
    Status.PERLU_KONFIRMASI.value: _("perlu konfirmasi"),
    Status.DIKONFIRMASI.value: _("dikonfirmasi"),
}
# Who made a version, by role only: the public page names no person (CONTRIBUTING.md).
SUMBER_PERAN = {
    Sumber.PONSEL_KPPS.value: _("operator KPPS"),
    Sumber.ENTRI_KERTAS.value: _("operator PPS/PPK (dari kertas)"),
    Sumber.API.value: _("aplikasi KPPS"),
    Sumber.DEMO.value: _("data demo"),
}


def kontestasi_label(jenis: str) -> str:
    return str(Kontestasi.Jenis(jenis).label)


def digest_groups(digest: str) -> list[str]:
    """The digest in groups of 8 characters, to read aloud and compare by eye."""
    return [digest[i : i + 8] for i in range(0, len(digest), 8)]
