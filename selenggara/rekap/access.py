"""Who may see and do what in the recap plenaries (role x tier x action, scoped by region).

A plenary is seen by anyone whose scope contains its region, or lies inside it (a PPS sees its
kecamatan's plenary), as the portal's drill-down does. Acting on it needs the role the tier
rule names (domain/pleno.py: ``peran_boleh``) held over the plenary's region; reopening is done
by the tier above, whose scope contains the region too. Unknown and invisible look the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext

from selenggara.accounts.domain.peran import Lingkup
from selenggara.accounts.selectors import penugasan_list_active
from selenggara.core.errors import DomainError, NotAccessible, PermissionDenied
from selenggara.rekap.domain.pleno import Aksi, TingkatPleno, peran_boleh
from selenggara.rekap.models import Pleno
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

if TYPE_CHECKING:
    from selenggara.accounts.models import User
    from selenggara.pemilihan.models import Pemilihan


def _contains(lingkup: Lingkup, wilayah_kode: str) -> bool:
    if lingkup.tps is not None:
        return False
    if not wilayah_kode:
        return lingkup.is_nasional
    return lingkup.contains_wilayah(KodeWilayah(wilayah_kode))


def _sees(lingkup: Lingkup, wilayah_kode: str) -> bool:
    if _contains(lingkup, wilayah_kode):
        return True
    own = lingkup.tps.desa if lingkup.tps is not None else lingkup.wilayah
    return own is not None and (not wilayah_kode or KodeWilayah(wilayah_kode).contains(own))


def pleno_get_for_actor(*, actor: User, pleno_id: int) -> Pleno:
    """Return plenary ``pleno_id`` if ``actor`` may see it; NotAccessible otherwise."""
    not_found = NotAccessible(gettext("Rapat pleno tidak ditemukan."), pleno=pleno_id)
    pleno = Pleno.objects.select_related("kontestasi", "pemilihan").filter(pk=pleno_id).first()
    if pleno is None:
        raise not_found
    if not actor.is_active:
        raise not_found
    penugasan_list = penugasan_list_active(user=actor, pemilihan=pleno.pemilihan)
    if not any(_sees(p.lingkup, pleno.wilayah_kode) for p in penugasan_list):
        raise not_found
    return pleno


def pleno_boleh(*, actor: User, pleno: Pleno, aksi: Aksi) -> bool:
    """Return True if ``actor`` holds a role that may do ``aksi`` over the plenary's region."""
    if not actor.is_active:
        return False
    tingkat = TingkatPleno(pleno.tingkat)
    for penugasan in penugasan_list_active(user=actor, pemilihan=pleno.pemilihan):
        if not peran_boleh(peran=penugasan.peran, tingkat=tingkat, aksi=aksi):
            continue
        if _contains(penugasan.lingkup, pleno.wilayah_kode):
            return True
    return False


def pleno_check_boleh(*, actor: User, pleno: Pleno, aksi: Aksi) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``aksi`` on ``pleno``."""
    if not pleno_boleh(actor=actor, pleno=pleno, aksi=aksi):
        raise PermissionDenied(
            gettext("Peran Anda tidak dapat melakukan tindakan ini pada rapat pleno ini."),
            pleno=pleno.pk,
            aksi=aksi.value,
        )


NASIONAL_SLUG = "nasional"


def wilayah_kode_for_actor(*, actor: User, pemilihan: Pemilihan, kode: str) -> str:
    """Return the dotted code of region ``kode`` ("nasional": "") if the actor's scope holds it.

    The recap figures of a region are shown only to a scope containing it (a PPS sees its
    desa's, not its kecamatan's). Unknown, malformed and foreign codes give the same 404.
    """
    wilayah_kode = "" if kode == NASIONAL_SLUG else kode
    not_found = NotAccessible(gettext("Wilayah tidak ditemukan."), kode=kode)
    if wilayah_kode:
        try:
            KodeWilayah.parse(wilayah_kode)
        except DomainError as exc:
            raise not_found from exc
        known = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode=wilayah_kode)
        if not known.exists():
            raise not_found
    if not actor.is_active:
        raise not_found
    penugasan_list = penugasan_list_active(user=actor, pemilihan=pemilihan)
    if not any(_contains(p.lingkup, wilayah_kode) for p in penugasan_list):
        raise not_found
    return wilayah_kode
