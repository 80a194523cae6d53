"""Access selectors of the appointment half: TPS, regions and members named by a request.

Region-scoped roles only: PPS (its desa), PPK (its kecamatan), KPU tiers and pengawas read
within their scope; KPPS and saksi, scoped to one TPS, see nothing of KPPS formation. Writing
is checked with ``desa_check_writable`` (PPS and KPU Kab/Kota). Unknown and forbidden raise
the same NotAccessible; each condition sits on its own line.
"""

from __future__ import annotations

from django.utils.translation import gettext

from selenggara.accounts.domain.peran import Lingkup
from selenggara.accounts.models import User
from selenggara.accounts.selectors import actor_lingkup_list
from selenggara.core.errors import NotAccessible
from selenggara.pembentukan.models import AnggotaKPPS, Penggantian
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeTPS, KodeWilayah
from selenggara.wilayah.models import Wilayah


def _region_scopes(*, actor: User, pemilihan: Pemilihan) -> list[Lingkup]:
    return [s for s in actor_lingkup_list(actor=actor, pemilihan=pemilihan) if s.tps is None]


def tps_get_for_penetapan(*, actor: User, pemilihan: Pemilihan, kode: str) -> TPS:
    """Return TPS ``kode`` of ``pemilihan`` if a region scope of ``actor`` holds it."""
    not_found = NotAccessible(gettext("TPS tidak ditemukan."), kode=kode)
    try:
        parsed = KodeTPS.parse(kode)
    except InvalidKodeWilayah:
        raise not_found from None
    scopes = _region_scopes(actor=actor, pemilihan=pemilihan)
    if not any(s.contains_tps(parsed) for s in scopes):
        raise not_found
    tps = (
        TPS.objects.select_related("desa", "pemilihan")
        .filter(pemilihan=pemilihan, kode=parsed.value)
        .first()
    )
    if tps is None:
        raise not_found
    return tps


def wilayah_get_for_penetapan(*, actor: User, pemilihan: Pemilihan, kode: str) -> Wilayah:
    """Return region ``kode`` if it lies wholly inside a region scope of ``actor``."""
    not_found = NotAccessible(gettext("Wilayah tidak ditemukan."), kode=kode)
    try:
        parsed = KodeWilayah.parse(kode)
    except InvalidKodeWilayah:
        raise not_found from None
    scopes = _region_scopes(actor=actor, pemilihan=pemilihan)
    if not any(s.contains_wilayah(parsed) for s in scopes):
        raise not_found
    wilayah = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode=parsed.value).first()
    if wilayah is None:
        raise not_found
    return wilayah


def wilayah_start_for_penetapan(*, actor: User, pemilihan: Pemilihan) -> str | None:
    """Return the code of the actor's widest region scope ("" for the nation), or None."""
    scopes = _region_scopes(actor=actor, pemilihan=pemilihan)
    if any(s.is_nasional for s in scopes):
        return ""
    kode_list = sorted(
        (s.wilayah for s in scopes if s.wilayah is not None), key=lambda k: len(k.value)
    )
    return kode_list[0].value if kode_list else None


def anggota_get_for_actor(*, actor: User, pemilihan: Pemilihan, pk: int) -> AnggotaKPPS:
    """Return KPPS member ``pk`` of ``pemilihan`` if a region scope of ``actor`` holds its TPS."""
    not_found = NotAccessible(gettext("Anggota KPPS tidak ditemukan."), pk=pk)
    anggota = (
        AnggotaKPPS.objects.select_related("tps__desa", "tps__pemilihan", "pendaftar")
        .filter(pemilihan=pemilihan, pk=pk)
        .first()
    )
    if anggota is None:
        raise not_found
    scopes = _region_scopes(actor=actor, pemilihan=pemilihan)
    if not any(s.contains_tps(KodeTPS.parse(anggota.tps.kode)) for s in scopes):
        raise not_found
    return anggota


def penggantian_get_for_actor(*, actor: User, pemilihan: Pemilihan, pk: int) -> Penggantian:
    """Return replacement ``pk`` of ``pemilihan`` if a region scope of ``actor`` holds its TPS."""
    not_found = NotAccessible(gettext("Penggantian tidak ditemukan."), pk=pk)
    penggantian = (
        Penggantian.objects.select_related("tps").filter(pemilihan=pemilihan, pk=pk).first()
    )
    if penggantian is None:
        raise not_found
    scopes = _region_scopes(actor=actor, pemilihan=pemilihan)
    if not any(s.contains_tps(KodeTPS.parse(penggantian.tps.kode)) for s in scopes):
        raise not_found
    return penggantian
