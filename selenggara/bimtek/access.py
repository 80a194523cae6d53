"""Access to Bimtek plans and sessions (house style B6: unknown and forbidden look the same).

- KPU (RI, provinsi, kab/kota) plans the whole kab/kota in its scope; a PPK plans only its
  kecamatan; nobody else plans.
- PPS and KPPS read their own sessions: a PPS the sessions of TPS in its desa, a KPPS the
  session of its TPS. Pengawas read what their scope holds.
- A session is run (check-in, scores, checklist) by those who plan it and by the PPS of a desa
  it trains.
- The question bank (with its answer keys) is read by those who train: KPU, PPK and PPS of
  the plan's kab/kota; it is written, like the venues and trainers, by who plans the whole
  kab/kota.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext

from selenggara.accounts.domain.peran import Lingkup, Peran
from selenggara.accounts.models import User
from selenggara.accounts.selectors import penugasan_list_active
from selenggara.bimtek.models import JadwalTPS, RencanaBimtek, SesiBimtek
from selenggara.core.errors import NotAccessible, PermissionDenied
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeTPS, KodeWilayah, Tingkat

PLANNERS = frozenset({Peran.KPU_RI, Peran.KPU_PROVINSI, Peran.KPU_KABKOTA, Peran.PPK})
RUNNERS = PLANNERS | {Peran.PPS}


def _rencana_not_found(kode: str) -> NotAccessible:
    return NotAccessible(gettext("Rencana bimtek tidak ditemukan."), kode=kode)


def _sesi_not_found(sesi_id: object) -> NotAccessible:
    return NotAccessible(gettext("Sesi bimtek tidak ditemukan."), kode=str(sesi_id))


def rencana_get_for_actor(*, actor: User, pemilihan: Pemilihan, kabkota_kode: str) -> RencanaBimtek:
    """The plan of ``kabkota_kode`` if one of the actor's scopes lies in or above the kab/kota."""
    try:
        kode = KodeWilayah.parse(kabkota_kode)
    except InvalidKodeWilayah as exc:
        raise _rencana_not_found(kabkota_kode) from exc
    penugasan_list = (
        penugasan_list_active(user=actor, pemilihan=pemilihan) if actor.is_active else []
    )
    if not any(p.lingkup.sees_wilayah(kode) for p in penugasan_list):
        raise _rencana_not_found(kabkota_kode)
    rencana = RencanaBimtek.objects.filter(pemilihan=pemilihan, kabkota_kode=kode.value).first()
    if rencana is None:
        raise _rencana_not_found(kabkota_kode)
    return rencana


def rencana_check_plannable(*, actor: User, rencana: RencanaBimtek, wilayah_kode: str) -> None:
    """Raise PermissionDenied unless a KPU or PPK scope of the actor holds ``wilayah_kode``
    (the kab/kota or one of its kecamatan)."""
    try:
        kode = KodeWilayah.parse(wilayah_kode)
    except InvalidKodeWilayah:
        kode = None
    if kode is not None and actor.is_active:
        for p in penugasan_list_active(user=actor, pemilihan=rencana.pemilihan):
            if Peran(p.peran) in PLANNERS and p.lingkup.contains_wilayah(kode):
                return
    raise PermissionDenied(
        gettext("Peran Anda tidak dapat menyusun rencana bimtek wilayah ini."), kode=wilayah_kode
    )


def soal_check_readable(*, actor: User, rencana: RencanaBimtek) -> None:
    """Raise PermissionDenied unless the actor trains under this plan: a KPU, PPK or PPS scope
    in or above its kab/kota. The question bank holds the answer keys, so trainees (KPPS)
    and everyone else do not read it."""
    kode = KodeWilayah(rencana.kabkota_kode)
    if actor.is_active:
        for p in penugasan_list_active(user=actor, pemilihan=rencana.pemilihan):
            if Peran(p.peran) in RUNNERS and p.lingkup.sees_wilayah(kode):
                return
    raise PermissionDenied(
        gettext("Peran Anda tidak dapat membaca bank soal bimtek."), kode=rencana.kabkota_kode
    )


def _sesi_tps_kode_list(sesi: SesiBimtek) -> list[KodeTPS]:
    kode_list = JadwalTPS.objects.filter(sesi=sesi).values_list("tps__kode", flat=True)
    return [KodeTPS.parse(k) for k in kode_list]


def sesi_get_for_actor(*, actor: User, sesi_id: int) -> SesiBimtek:
    """The session if the actor's scope holds its kecamatan or one of the TPS it trains."""
    sesi = (
        SesiBimtek.objects.select_related("rencana__pemilihan", "tempat").filter(pk=sesi_id).first()
    )
    if sesi is None or not actor.is_active:
        raise _sesi_not_found(sesi_id)
    kecamatan = KodeWilayah(sesi.kecamatan_kode)
    lingkup_list = [
        p.lingkup for p in penugasan_list_active(user=actor, pemilihan=sesi.rencana.pemilihan)
    ]
    if any(lingkup.contains_wilayah(kecamatan) for lingkup in lingkup_list):
        return sesi
    tps_list = _sesi_tps_kode_list(sesi)
    if any(lingkup.contains_tps(tps) for lingkup in lingkup_list for tps in tps_list):
        return sesi
    raise _sesi_not_found(sesi_id)


def sesi_check_runnable(*, actor: User, sesi: SesiBimtek) -> None:
    """Raise PermissionDenied unless the actor plans this session's kecamatan or is the PPS of
    a desa whose TPS it trains (KPPS, pengawas and saksi only read)."""
    kecamatan = KodeWilayah(sesi.kecamatan_kode)
    tps_list = _sesi_tps_kode_list(sesi)
    for p in penugasan_list_active(user=actor, pemilihan=sesi.rencana.pemilihan):
        peran = Peran(p.peran)
        if peran in PLANNERS and p.lingkup.contains_wilayah(kecamatan):
            return
        if peran in RUNNERS and any(p.lingkup.contains_tps(t) for t in tps_list):
            return
    raise PermissionDenied(
        gettext("Peran Anda tidak dapat mencatat sesi bimtek ini."), kode=str(sesi.pk)
    )


def _lingkup_list(actor: User, pemilihan: Pemilihan) -> list[Lingkup]:
    if not actor.is_active:
        return []
    return [p.lingkup for p in penugasan_list_active(user=actor, pemilihan=pemilihan)]


def wilayah_visible(*, actor: User, rencana: RencanaBimtek, kode: str) -> bool:
    """True if a scope of the actor holds region ``kode`` (its counts may be shown)."""
    parsed = KodeWilayah(kode)
    return any(
        lingkup.contains_wilayah(parsed) for lingkup in _lingkup_list(actor, rencana.pemilihan)
    )


def rencana_check_visible(*, actor: User, rencana: RencanaBimtek, wilayah_kode: str) -> None:
    """Raise NotAccessible unless a scope of the actor holds ``wilayah_kode`` (a kecamatan's
    page: KPU, PPK, pengawas of it; a PPS or KPPS reads its sessions instead)."""
    if not wilayah_visible(actor=actor, rencana=rencana, kode=wilayah_kode):
        raise _rencana_not_found(wilayah_kode)


def ringkasan_check_visible(*, actor: User, pemilihan: Pemilihan, wilayah_kode: str | None) -> None:
    """Raise NotAccessible unless a scope of the actor holds the roll-up's region: a provinsi,
    or the nation (``wilayah_kode`` None) for a national scope."""
    parsed = None if wilayah_kode is None else KodeWilayah(wilayah_kode)
    for lingkup in _lingkup_list(actor, pemilihan):
        if lingkup.is_nasional if parsed is None else lingkup.contains_wilayah(parsed):
            return
    raise _rencana_not_found(wilayah_kode or "")


def ringkasan_wilayah_for_actor(*, actor: User, pemilihan: Pemilihan) -> str | None:
    """The widest roll-up the actor may read: ``""`` for the nation, a provinsi code, or None
    when every scope lies in a kab/kota (whose plan page is its dashboard)."""
    provinsi = None
    for lingkup in _lingkup_list(actor, pemilihan):
        if lingkup.is_nasional:
            return ""
        if lingkup.wilayah is not None and lingkup.wilayah.tingkat is Tingkat.PROVINSI:
            provinsi = provinsi or lingkup.wilayah.value
    return provinsi


def rencana_list_for_actor(*, actor: User, pemilihan: Pemilihan) -> list[RencanaBimtek]:
    """The plans of the election whose kab/kota the actor sees."""
    lingkup_list = _lingkup_list(actor, pemilihan)
    return [
        r
        for r in RencanaBimtek.objects.filter(pemilihan=pemilihan).order_by("kabkota_kode")
        if any(lingkup.sees_wilayah(KodeWilayah(r.kabkota_kode)) for lingkup in lingkup_list)
    ]


def sesi_list_for_actor(*, actor: User, pemilihan: Pemilihan) -> list[SesiBimtek]:
    """The sessions of a PPS's desa or a KPPS's TPS (the roles that read their own sessions)."""
    prefixes = []
    for lingkup in _lingkup_list(actor, pemilihan):
        if lingkup.tps is not None:
            prefixes.append(lingkup.tps.value)
        elif lingkup.wilayah is not None and lingkup.wilayah.tingkat is Tingkat.DESA:
            prefixes.append(lingkup.wilayah.digits)
    if not prefixes:
        return []
    query = Q()
    for prefix in prefixes:
        query |= Q(tps__kode__startswith=prefix)
    sesi_ids = JadwalTPS.objects.filter(query, rencana__pemilihan=pemilihan).values("sesi_id")
    return list(
        SesiBimtek.objects.filter(pk__in=sesi_ids)
        .select_related("tempat")
        .order_by("tanggal", "slot")
    )


def tps_kode_visible(*, actor: User, sesi: SesiBimtek) -> set[str]:
    """The codes of the session's TPS that lie in a scope of the actor."""
    lingkup_list = _lingkup_list(actor, sesi.rencana.pemilihan)
    return {
        t.value
        for t in _sesi_tps_kode_list(sesi)
        if any(lingkup.contains_tps(t) for lingkup in lingkup_list)
    }
