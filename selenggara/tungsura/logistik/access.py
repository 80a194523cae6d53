"""Access to the region pages of tungsura (logistics, incidents): regions a scope holds.

``wilayah_get_for_actor`` also answers for the regions on the path to a scope (breadcrumbs);
these pages show counts, so they need the region itself inside a region scope of the actor
(``Lingkup.contains_wilayah``). KPPS and saksi, scoped to one TPS, use the TPS pages instead.
"""

from __future__ import annotations

from django.utils.translation import gettext

from selenggara.accounts.access import wilayah_get_for_actor
from selenggara.accounts.models import User
from selenggara.accounts.selectors import actor_lingkup_list
from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah


def wilayah_get_for_laporan(*, actor: User, pemilihan: Pemilihan, kode: str) -> Wilayah:
    """Return region ``kode`` if a scope of ``actor`` contains it wholly, else NotAccessible."""
    wilayah = wilayah_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)
    parsed = KodeWilayah(wilayah.kode)
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    if not any(lingkup.contains_wilayah(parsed) for lingkup in lingkup_list):
        raise NotAccessible(gettext("Wilayah tidak ditemukan."), kode=kode)
    return wilayah
