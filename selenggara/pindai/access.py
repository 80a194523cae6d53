"""Access selectors of pindai: the only way a request turns a reading or a review item into an object.

A reading belongs to a photo of one TPS's C.Hasil: whoever may see the TPS (through
``accounts.access.tps_get_for_actor``) may see its readings. The review queue is for the
operators of the regions above the TPS (PPS, PPK and the KPU tiers, house style B6): a KPPS
confirms its own pages on its own page, a pengawas or saksi reads but never decides. Unknown
and forbidden raise the same NotAccessible (404), so probing ids reveals nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from selenggara.accounts.domain.peran import Lingkup, Peran
from selenggara.accounts.models import User
from selenggara.accounts.selectors import penugasan_list_active
from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.wilayah.domain.kode import KodeTPS

PERAN_PENINJAU = frozenset(
    {Peran.PPS, Peran.PPK, Peran.KPU_KABKOTA, Peran.KPU_PROVINSI, Peran.KPU_RI}
)


def _tinjauan_not_found(pk: int) -> NotAccessible:
    return NotAccessible(gettext("Angka yang ditinjau tidak ditemukan."), id=pk)


def lingkup_peninjau_list(*, actor: User, pemilihan: Pemilihan) -> list[Lingkup]:
    """Return the scopes in which ``actor`` holds a reviewing role (empty if inactive)."""
    if not actor.is_active:
        return []
    return [
        p.lingkup
        for p in penugasan_list_active(user=actor, pemilihan=pemilihan)
        if Peran(p.peran) in PERAN_PENINJAU
    ]


def pembacaan_get_for_tps(*, tps: TPS, pk: int) -> Pembacaan:
    """Return reading ``pk`` of a photo of ``tps`` (already resolved by its access selector)."""
    pembacaan = (
        Pembacaan.objects.select_related("foto__c_hasil")
        .filter(pk=pk, foto__c_hasil__tps=tps)
        .first()
    )
    if pembacaan is None:
        raise NotAccessible(gettext("Pembacaan foto tidak ditemukan."), id=pk)
    return pembacaan


def tinjauan_get_for_actor(*, actor: User, pemilihan: Pemilihan, pk: int) -> TinjauanAngka:
    """Return review item ``pk`` of ``pemilihan`` if a reviewing scope of ``actor`` holds its TPS."""
    item = (
        TinjauanAngka.objects.select_related("pembacaan__foto__c_hasil__tps")
        .filter(pk=pk, pembacaan__foto__c_hasil__tps__pemilihan=pemilihan)
        .first()
    )
    if item is None:
        raise _tinjauan_not_found(pk)
    kode = KodeTPS.parse(item.tps_kode)
    lingkup_list = lingkup_peninjau_list(actor=actor, pemilihan=pemilihan)
    if not any(lingkup.contains_tps(kode) for lingkup in lingkup_list):
        raise _tinjauan_not_found(pk)
    return item


def tinjauan_list_for_actor(
    *, actor: User, pemilihan: Pemilihan, selesai: bool = False
) -> QuerySet[TinjauanAngka]:
    """Return the review items of ``pemilihan`` in the reviewing scopes of ``actor``."""
    qs = TinjauanAngka.objects.filter(
        pembacaan__foto__c_hasil__tps__pemilihan=pemilihan, selesai=selesai
    ).select_related("pembacaan")
    lingkup_list = lingkup_peninjau_list(actor=actor, pemilihan=pemilihan)
    if not lingkup_list:
        return qs.none()
    if any(lingkup.is_nasional for lingkup in lingkup_list):
        return qs
    # A reviewing role sits at a region (never a TPS); TPS codes are the undotted region code
    # followed by the TPS number, so a region's TPS share its code as a prefix.
    prefix_list = [
        lk.wilayah.value.replace(".", "") for lk in lingkup_list if lk.wilayah is not None
    ]
    scope = Q()
    for prefix in prefix_list:
        scope |= Q(tps_kode__startswith=prefix)
    return qs.filter(scope)
