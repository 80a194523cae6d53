"""Access selectors: the only way a request turns a region code or TPS code into an object.

Every function takes the acting user and raises ``NotAccessible`` both when the object does
not exist and when it lies outside every scope of the actor, so probing codes reveals nothing
(house style B6). Each condition sits on its own line and has its own test.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext

from selenggara.accounts.domain.peran import Peran, can_write
from selenggara.accounts.models import User
from selenggara.accounts.selectors import actor_lingkup_list, penugasan_list_active
from selenggara.core.errors import NotAccessible, PermissionDenied
from selenggara.core.raw import select
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeTPS, KodeWilayah
from selenggara.wilayah.models import Wilayah


def _wilayah_not_found(kode: str) -> NotAccessible:
    return NotAccessible(gettext("Wilayah tidak ditemukan."), kode=kode)


def _tps_not_found(kode: str) -> NotAccessible:
    return NotAccessible(gettext("TPS tidak ditemukan."), kode=kode)


def _parse_wilayah(kode: str) -> KodeWilayah:
    try:
        return KodeWilayah.parse(kode)
    except InvalidKodeWilayah as exc:
        raise _wilayah_not_found(kode) from exc


def _parse_tps(kode: str) -> KodeTPS:
    try:
        return KodeTPS.parse(kode)
    except InvalidKodeWilayah as exc:
        raise _tps_not_found(kode) from exc


def wilayah_get_for_actor(*, actor: User, pemilihan: Pemilihan, kode: str) -> Wilayah:
    """Return region ``kode`` of the election's region version if ``actor`` may see it.

    A region is visible when it lies inside one of the actor's scopes or on the path down to
    one (so breadcrumbs work); show its counts only when a scope contains it
    (``Lingkup.contains_wilayah``), as the portal's selectors do.
    """
    parsed = _parse_wilayah(kode)
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    if not any(lingkup.sees_wilayah(parsed) for lingkup in lingkup_list):
        raise _wilayah_not_found(kode)
    wilayah = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode=parsed.value).first()
    if wilayah is None:
        raise _wilayah_not_found(kode)
    return wilayah


def wilayah_children_for_actor(
    *, actor: User, pemilihan: Pemilihan, parent: Wilayah | None
) -> list[Wilayah]:
    """Return the children of ``parent`` (the provinsi when None) that ``actor`` may see."""
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    children = Wilayah.objects.filter(
        versi_id=pemilihan.versi_wilayah_id, induk_kode=parent.kode if parent else ""
    ).order_by("kode")
    return [
        child
        for child in children
        if any(lingkup.sees_wilayah(KodeWilayah(child.kode)) for lingkup in lingkup_list)
    ]


def tps_get_for_actor(*, actor: User, pemilihan: Pemilihan, kode: str) -> TPS:
    """Return TPS ``kode`` (13 digits) of ``pemilihan`` if it lies in a scope of ``actor``."""
    parsed = _parse_tps(kode)
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    if not any(lingkup.contains_tps(parsed) for lingkup in lingkup_list):
        raise _tps_not_found(kode)
    tps = TPS.objects.select_related("desa").filter(pemilihan=pemilihan, kode=parsed.value).first()
    if tps is None:
        raise _tps_not_found(kode)
    return tps


def tps_get_for_actor_in(*, actor: User, pemilihan_kode: str, kode: str) -> TPS:
    """As ``tps_get_for_actor`` for a request naming the election by its code (the API's
    paths): the election and the TPS in two plain reads, then the same scope check."""
    parsed = _parse_tps(kode)
    # Hand-written reads (core/raw.py): every C.Hasil submission comes through here. The desa
    # is not read: its code is in the TPS code, and ``tps.desa`` loads it when asked.
    pemilihan_list = select(Pemilihan, "kode = %s", [pemilihan_kode])
    if not pemilihan_list:
        raise NotAccessible(gettext("Pemilihan tidak ditemukan."), kode=pemilihan_kode)
    pemilihan = pemilihan_list[0]
    found = select(TPS, "pemilihan_id = %s AND kode = %s", [pemilihan.pk, parsed.value])
    if not found:
        raise _tps_not_found(kode)
    tps = found[0]
    tps.pemilihan = pemilihan
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=tps.pemilihan)
    if not any(lingkup.contains_tps(parsed) for lingkup in lingkup_list):
        raise _tps_not_found(kode)
    return tps


def tps_list_for_actor(*, actor: User, pemilihan: Pemilihan, desa: Wilayah) -> QuerySet[TPS]:
    """Return the TPS of ``desa`` that ``actor`` may see, in number order."""
    kode_desa = KodeWilayah(desa.kode)
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    qs = TPS.objects.filter(pemilihan=pemilihan, desa=desa).order_by("nomor")
    if any(lingkup.contains_wilayah(kode_desa) for lingkup in lingkup_list):
        return qs
    own_tps = [lingkup.tps for lingkup in lingkup_list if lingkup.tps is not None]
    return qs.filter(kode__in=[kode.value for kode in own_tps if kode.desa == kode_desa])


def tps_check_writable(*, actor: User, tps: TPS) -> None:
    """Raise PermissionDenied unless ``actor`` holds a writing role whose scope holds ``tps``.

    Call after ``tps_get_for_actor``: a read-only role (pengawas, saksi) can see but never
    write, and a TPS assignment of another election gives nothing here.
    """
    parsed = KodeTPS.parse(tps.kode)
    if actor.is_active:
        for penugasan in penugasan_list_active(user=actor, pemilihan=tps.pemilihan):
            if not can_write(Peran(penugasan.peran)):
                continue
            if penugasan.lingkup.contains_tps(parsed):
                return
    raise PermissionDenied(gettext("Peran Anda tidak dapat mengubah data TPS ini."), kode=tps.kode)
