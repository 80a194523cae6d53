"""Turning a stored plan into the optimizer's instance, and back: dates <-> day indices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP

from django.utils.translation import gettext as _

from selenggara.bimtek.domain.jadwal import Aturan, Instance, Pelatih, Sesi, Tempat, Tim, Waktu
from selenggara.bimtek.models import (
    JadwalTPS,
    JarakBimtek,
    PelatihBimtek,
    RencanaBimtek,
    RencanaKecamatan,
    TempatBimtek,
)
from selenggara.core.errors import InvalidInput
from selenggara.pembentukan.models import AnggotaKPPS, Penggantian
from selenggara.pemilihan.models import TPS


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanWindow:
    """The plan's training days (the window minus excluded days), in order."""

    tanggal_list: Sequence[dt.date]
    mulai: dt.date
    selesai: dt.date


def window_of(rencana: RencanaBimtek) -> PlanWindow:
    excluded = set(rencana.hari_dikecualikan)
    days = []
    day = rencana.tanggal_mulai
    while day <= rencana.tanggal_selesai:
        if day.isoformat() not in excluded:
            days.append(day)
        day += dt.timedelta(days=1)
    return PlanWindow(
        tanggal_list=days, mulai=rencana.tanggal_mulai, selesai=rencana.tanggal_selesai
    )


def dotted(undotted: str) -> str:
    """``3303012001`` -> ``33.03.01.2001`` (kecamatan and desa codes)."""
    parts = [undotted[:2], undotted[2:4], undotted[4:6]]
    if len(undotted) > 6:  # a desa code; a kecamatan code has 6 digits
        parts.append(undotted[6:10])
    return ".".join(parts)


def kecamatan_kode_list(*, rencana: RencanaBimtek, wilayah_kode: str) -> list[str]:
    """The kecamatan of the plan that ``wilayah_kode`` (the kab/kota or one kecamatan) names."""
    all_codes = list(
        RencanaKecamatan.objects.filter(rencana=rencana)
        .order_by("kecamatan_kode")
        .values_list("kecamatan_kode", flat=True)
    )
    if wilayah_kode == rencana.kabkota_kode:
        return all_codes
    if wilayah_kode in all_codes:
        return [wilayah_kode]
    raise InvalidInput(
        _("Wilayah %(kode)s bukan kab/kota rencana ini atau salah satu kecamatannya.")
        % {"kode": wilayah_kode}
    )


def _waktu(
    tanggal: Sequence[str], slots: Sequence[int], window: PlanWindow, slot_per_hari: int
) -> frozenset[Waktu]:
    days = [i for i, d in enumerate(window.tanggal_list) if not tanggal or d.isoformat() in tanggal]
    slot_list = [s for s in range(slot_per_hari) if not slots or s in slots]
    return frozenset(Waktu(hari=h, slot=s) for h in days for s in slot_list)


def _tps_with_new_members(rencana: RencanaBimtek, tps_kode_list: Sequence[str]) -> set[str]:
    """TPS with an active member who has never been a KPPS member in an earlier election held
    in this system (the same person is found by the NIK's keyed digest, never the NIK).
    Where no earlier election is recorded, every appointed member is new."""
    members = AnggotaKPPS.objects.filter(
        pemilihan_id=rencana.pemilihan_id,
        tps__kode__in=tps_kode_list,
        status=AnggotaKPPS.Status.AKTIF,
    )
    served = set(
        AnggotaKPPS.objects.exclude(pemilihan_id=rencana.pemilihan_id)
        .filter(pendaftar__nik_digest__in=members.values("pendaftar__nik_digest"))
        .values_list("pendaftar__nik_digest", flat=True)
    )
    return {
        kode
        for kode, digest in members.values_list("tps__kode", "pendaftar__nik_digest")
        if digest not in served
    }


def instance_build(
    *, rencana: RencanaBimtek, window: PlanWindow, kecamatan_list: Sequence[str]
) -> Instance:
    """The teams (seven seats per TPS), venues, trainers and rules of these kecamatan."""
    prefixes = tuple(k.replace(".", "") for k in kecamatan_list)
    tps_kode_list = [
        kode
        for kode in TPS.objects.filter(
            pemilihan_id=rencana.pemilihan_id, kode__startswith=prefixes[0][:4]
        )
        .order_by("kode")
        .values_list("kode", flat=True)
        if kode.startswith(prefixes)
    ]
    paw = set(
        Penggantian.objects.filter(
            pemilihan_id=rencana.pemilihan_id, tps__kode__in=tps_kode_list
        ).values_list("tps__kode", flat=True)
    )
    prioritas = paw | _tps_with_new_members(rencana, tps_kode_list)
    jauh = set(rencana.desa_jauh)
    tim_list = [
        Tim(
            kode=kode,
            desa_kode=dotted(kode[:10]),
            kecamatan_kode=dotted(kode[:6]),
            prioritas=kode in prioritas,
            jauh=dotted(kode[:10]) in jauh,
        )
        for kode in tps_kode_list
    ]
    n = rencana.slot_per_hari
    tempat_list = [
        Tempat(
            kode=str(t.pk),
            kecamatan_kode=t.kecamatan_kode,
            desa_kode=t.desa_kode,
            kapasitas=t.kapasitas,
            waktu=_waktu(t.tanggal_tersedia, t.slot_tersedia, window, n),
        )
        for t in TempatBimtek.objects.filter(rencana=rencana, kecamatan_kode__in=kecamatan_list)
    ]
    pelatih_list = [
        Pelatih(
            kode=str(p.pk),
            kecamatan_kode=p.kecamatan_kode,
            waktu=_waktu(p.tanggal_tersedia, p.slot_tersedia, window, n),
        )
        for p in PelatihBimtek.objects.filter(rencana=rencana, kecamatan_kode__in=kecamatan_list)
    ]
    # Imported km per desa-venue pair, whole km (half up), in place of the travel levels.
    jarak = {
        (desa_kode, str(tempat_id)): int(km.to_integral_value(rounding=ROUND_HALF_UP))
        for desa_kode, tempat_id, km in JarakBimtek.objects.filter(
            tempat__rencana=rencana, tempat__kecamatan_kode__in=kecamatan_list
        ).values_list("desa_kode", "tempat_id", "km")
    }
    transport = set(rencana.hari_transportasi)
    aturan = Aturan(
        jumlah_hari=len(window.tanggal_list),
        slot_per_hari=n,
        rasio_pelatih=rencana.rasio_pelatih,
        boleh_tetangga=rencana.boleh_tetangga,
        tetangga={k: frozenset(v) for k, v in rencana.tetangga.items()},
        hari_transportasi=frozenset(
            i for i, d in enumerate(window.tanggal_list) if d.isoformat() in transport
        ),
        jarak=jarak,
    )
    return Instance(
        tim_list=tim_list, tempat_list=tempat_list, pelatih_list=pelatih_list, aturan=aturan
    )


def jadwal_current(
    *, rencana: RencanaBimtek, window: PlanWindow, kecamatan_list: Sequence[str]
) -> dict[str, Sesi]:
    """The stored schedule of these kecamatan as TPS code -> session (regular sessions only)."""
    index = {d: i for i, d in enumerate(window.tanggal_list)}
    rows = JadwalTPS.objects.filter(
        rencana=rencana, sesi__kecamatan_kode__in=kecamatan_list, sesi__susulan=False
    ).values_list("tps__kode", "sesi__tempat_id", "sesi__tanggal", "sesi__slot")
    return {
        kode: Sesi(tempat_kode=str(tempat_id), waktu=Waktu(hari=index.get(tanggal, -1), slot=slot))
        for kode, tempat_id, tanggal, slot in rows
    }
