"""Access selectors for applicants: the only way a request turns an id into a Pendaftar.

Applicants are scoped by their desa: the PPS of the desa, the PPK of its kecamatan, the KPU of
its region and pengawas of the region read; PPS and KPU Kab/Kota write. KPPS and saksi, whose
scope is one TPS, see no applicant. Unknown and forbidden raise the same NotAccessible
(house style B6); each condition sits on its own line.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from selenggara.accounts.domain.peran import Lingkup, Peran
from selenggara.accounts.models import User
from selenggara.accounts.selectors import actor_lingkup_list, penugasan_list_active
from selenggara.core.errors import NotAccessible, PermissionDenied
from selenggara.pembentukan.models import Pendaftar, TanggapanMasyarakat
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

# PPS forms the KPPS on behalf of KPU Kab/Kota (PKPU 8/2022 Pasal 18 and 28).
PERAN_WRITING = frozenset({Peran.PPS, Peran.KPU_KABKOTA})


def _pendaftar_not_found(pk: object) -> NotAccessible:
    return NotAccessible(gettext("Pendaftar tidak ditemukan."), pk=pk)


def _desa_not_found(kode: str) -> NotAccessible:
    return NotAccessible(gettext("Desa/kelurahan tidak ditemukan."), kode=kode)


def _contains(lingkup_list: list[Lingkup], kode: KodeWilayah) -> bool:
    return any(lingkup.contains_wilayah(kode) for lingkup in lingkup_list)


def pendaftar_get_for_actor(*, actor: User, pk: int) -> Pendaftar:
    """Return applicant ``pk`` if its desa lies in a region scope of ``actor``."""
    pendaftar = (
        Pendaftar.objects.select_related("pemilihan", "desa", "tps_preferensi")
        .filter(pk=pk)
        .first()
    )
    if pendaftar is None:
        raise _pendaftar_not_found(pk)
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pendaftar.pemilihan)
    if not _contains(lingkup_list, KodeWilayah(pendaftar.desa.kode)):
        raise _pendaftar_not_found(pk)
    return pendaftar


def pendaftar_check_writable(*, actor: User, pendaftar: Pendaftar) -> None:
    """Raise PermissionDenied unless a writing role of ``actor`` (PPS, KPU Kab/Kota) holds the
    applicant's desa. Call after ``pendaftar_get_for_actor``."""
    desa_check_writable(actor=actor, pemilihan=pendaftar.pemilihan, desa=pendaftar.desa)


def desa_get_for_actor(*, actor: User, pemilihan: Pemilihan, kode: str) -> Wilayah:
    """Return desa ``kode`` of the election's regions if it lies in a region scope of ``actor``."""
    try:
        parsed = KodeWilayah.parse(kode)
    except InvalidKodeWilayah as exc:
        raise _desa_not_found(kode) from exc
    if parsed.tingkat is not Tingkat.DESA:
        raise _desa_not_found(kode)
    if not _contains(actor_lingkup_list(actor=actor, pemilihan=pemilihan), parsed):
        raise _desa_not_found(kode)
    desa = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode=parsed.value).first()
    if desa is None:
        raise _desa_not_found(kode)
    return desa


def desa_check_writable(*, actor: User, pemilihan: Pemilihan, desa: Wilayah) -> None:
    """Raise PermissionDenied unless a writing role of ``actor`` holds ``desa``."""
    kode = KodeWilayah(desa.kode)
    for penugasan in penugasan_list_active(user=actor, pemilihan=pemilihan):
        if Peran(penugasan.peran) not in PERAN_WRITING:
            continue
        if penugasan.lingkup.contains_wilayah(kode):
            return
    raise PermissionDenied(
        gettext("Peran Anda tidak dapat mengubah data pendaftar desa/kelurahan ini."),
        kode=desa.kode,
    )


def pendaftar_list_for_actor(
    *, actor: User, pemilihan: Pemilihan, wilayah: Wilayah | None = None
) -> QuerySet[Pendaftar]:
    """Return the applicants of ``pemilihan`` in the actor's region scopes (within ``wilayah``).

    Empty for KPPS and saksi (a TPS scope holds no applicant) and for an inactive actor.
    """
    qs = Pendaftar.objects.filter(pemilihan=pemilihan).select_related("tps_preferensi")
    if wilayah is not None:
        qs = qs.filter(desa_kode__startswith=KodeWilayah(wilayah.kode).digits)
    scope = Q(pk__in=[])
    for lingkup in actor_lingkup_list(actor=actor, pemilihan=pemilihan):
        if lingkup.tps is not None:
            continue
        if lingkup.wilayah is None:
            return qs.order_by("desa_kode", "nomor_pendaftaran")
        scope |= Q(desa_kode__startswith=lingkup.wilayah.digits)
    return qs.filter(scope).order_by("desa_kode", "nomor_pendaftaran")


def tanggapan_get_for_actor(*, actor: User, pk: int) -> TanggapanMasyarakat:
    """Return public response ``pk`` if its applicant is visible to ``actor``."""
    tanggapan = TanggapanMasyarakat.objects.filter(pk=pk).first()
    if tanggapan is None:
        raise NotAccessible(gettext("Tanggapan tidak ditemukan."), pk=pk)
    try:
        tanggapan.pendaftar = pendaftar_get_for_actor(actor=actor, pk=tanggapan.pendaftar_id)
    except NotAccessible:
        raise NotAccessible(gettext("Tanggapan tidak ditemukan."), pk=pk) from None
    return tanggapan
