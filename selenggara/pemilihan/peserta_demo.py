"""Load the shipped Pemilu 2024 participants (real parties, pairs and dapil around Purbalingga;
synthetic legislative and DPD candidates) into an election, through the ordinary imports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from selenggara.core.errors import InvalidInput, RowError
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan
from selenggara.pemilihan.models import Calon, Dapil, Partai, Pemilihan
from selenggara.pemilihan.peserta_sintetis import PESERTA_2024_DIR
from selenggara.pemilihan.services_peserta import calon_import, dapil_import, partai_import

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

PARTAI_FILE = "partai.csv"
# (contest, its dapil file, its candidate file), in ballot order.
PESERTA_2024_FILES: tuple[tuple[JenisKontestasi, str, str], ...] = (
    (JenisKontestasi.PPWP, "dapil-ppwp.csv", "ppwp.csv"),
    (JenisKontestasi.DPR, "dapil-dpr.csv", "calon-dpr.csv"),
    (JenisKontestasi.DPD, "dapil-dpd.csv", "calon-dpd.csv"),
    (JenisKontestasi.DPRD_PROVINSI, "dapil-dprd-provinsi.csv", "calon-dprd-provinsi.csv"),
    (JenisKontestasi.DPRD_KABKOTA, "dapil-dprd-kabkota.csv", "calon-dprd-kabkota.csv"),
)


@dataclass(slots=True, kw_only=True)
class PesertaDemoSummary:
    """What a load wrote; a second load writes nothing and lists what it found in place."""

    jumlah_partai: int = 0
    jumlah_dapil: int = 0
    jumlah_calon: int = 0
    sudah_ada: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.jumlah_partai or self.jumlah_dapil or self.jumlah_calon)


@transaction.atomic
def peserta_demo_load(
    *, pemilihan: Pemilihan, actor: Actor, data_dir: Path = PESERTA_2024_DIR
) -> PesertaDemoSummary:
    """Load the shipped Pemilu 2024 parties, dapil and candidates into a Pemilu election.

    Idempotent: parties load only if the election has none, a contest's dapil only if it has
    none, its candidates only if its dapil have none; a second run changes nothing. Contests
    the election does not hold are skipped. The region version must hold Jawa Tengah (the DPR
    file partitions all of it). Raises InvalidInput for an election that is not a Pemilu, or
    when a shipped file does not fit the election's regions.
    """
    if pemilihan.jenis != JenisPemilihan.PEMILU:
        message = _("Peserta Pemilu 2024 hanya dapat dimuat ke pemilihan berjenis Pemilu.")
        raise InvalidInput(message, errors=[RowError(row=None, field=None, message=message)])
    summary = PesertaDemoSummary()
    if Partai.objects.filter(pemilihan=pemilihan).exists():
        summary.sudah_ada.append(_("partai"))
    else:
        path = data_dir / PARTAI_FILE
        summary.jumlah_partai = partai_import(
            pemilihan=pemilihan, path=path, actor=actor
        ).jumlah_partai
    held = set(pemilihan.kontestasi_set.values_list("jenis", flat=True))
    for jenis, dapil_file, calon_file in PESERTA_2024_FILES:
        if jenis.value not in held:
            continue
        dapil_qs = Dapil.objects.filter(kontestasi__pemilihan=pemilihan, kontestasi__jenis=jenis)
        if dapil_qs.exists():
            summary.sudah_ada.append(_("dapil %(k)s") % {"k": jenis.value})
        else:
            result = dapil_import(pemilihan=pemilihan, path=data_dir / dapil_file, actor=actor)
            summary.jumlah_dapil += result.jumlah_dapil
        if Calon.objects.filter(dapil__in=dapil_qs).exists():
            summary.sudah_ada.append(_("calon %(k)s") % {"k": jenis.value})
        else:
            result = calon_import(pemilihan=pemilihan, path=data_dir / calon_file, actor=actor)
            summary.jumlah_calon += result.jumlah_calon
    return summary
