"""Reads for the screening of KPPS applicants: the public announcements, the officer's view of
the findings beside the verdicts, and the open public responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from selenggara.core.domain.temuan import Tingkat
from selenggara.core.errors import NotAccessible
from selenggara.pembentukan.domain.syarat import Syarat
from selenggara.pembentukan.domain.tahapan import Tahapan
from selenggara.pembentukan.models import (
    AnggotaKPPS,
    CadanganKPPS,
    HasilPenelitian,
    Pendaftar,
    PenilaianSyarat,
    TanggapanMasyarakat,
)
from selenggara.pembentukan.selectors import jadwal_get, today, tps_list_of_desa
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.models import Wilayah

DIUMUMKAN = (Pendaftar.Status.MEMENUHI_SYARAT, Pendaftar.Status.TIDAK_MEMENUHI_SYARAT)


def _tahapan_started(*, pemilihan: Pemilihan, tahapan: Tahapan, on: date | None) -> bool:
    jadwal = jadwal_get(pemilihan=pemilihan)
    jendela = jadwal.jendela(tahapan) if jadwal else None
    return jendela is not None and (on or today()) >= jendela.mulai


def pengumuman_is_open(*, pemilihan: Pemilihan, on: date | None = None) -> bool:
    """Return True once the announcement of research results has started."""
    return _tahapan_started(pemilihan=pemilihan, tahapan=Tahapan.PENGUMUMAN_HASIL_PENELITIAN, on=on)


def hasil_seleksi_is_open(*, pemilihan: Pemilihan, on: date | None = None) -> bool:
    """Return True once the announcement of selection results has started."""
    return _tahapan_started(pemilihan=pemilihan, tahapan=Tahapan.PENGUMUMAN_HASIL_SELEKSI, on=on)


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilSeleksiTPS:
    """One TPS on the public announcement of selection results: names and seats only."""

    tps_nomor: int
    anggota: list[dict[str, Any]]
    cadangan: list[dict[str, Any]]


def hasil_seleksi_list(*, pemilihan: Pemilihan, desa: Wilayah) -> list[HasilSeleksiTPS]:
    """Return per TPS of ``desa`` the active members (seat, role, name) and the unused reserves
    (rank, name), in three queries.

    Never NIK, birth date, address or documents: the rows are built from names and seats only.
    """
    tps_rows = list(tps_list_of_desa(pemilihan=pemilihan, desa=desa).values("pk", "nomor"))
    tps_ids = [t["pk"] for t in tps_rows]
    peran_labels = dict(AnggotaKPPS.PeranChoices.choices)
    anggota_by_tps: dict[int, list[dict[str, Any]]] = {pk: [] for pk in tps_ids}
    for r in (
        AnggotaKPPS.objects.filter(
            pemilihan=pemilihan, tps_id__in=tps_ids, status=AnggotaKPPS.Status.AKTIF
        )
        .order_by("posisi")
        .values("tps_id", "posisi", "peran", "pendaftar__nama")
    ):
        anggota_by_tps[r["tps_id"]].append(
            {
                "posisi": r["posisi"],
                "peran": r["peran"],
                "peran_label": peran_labels[r["peran"]],
                "nama": r["pendaftar__nama"],
            }
        )
    cadangan_by_tps: dict[int, list[dict[str, Any]]] = {pk: [] for pk in tps_ids}
    for c in (
        CadanganKPPS.objects.filter(
            pemilihan=pemilihan, tps_id__in=tps_ids, dipakai_at__isnull=True
        )
        .order_by("peringkat")
        .values("tps_id", "peringkat", "pendaftar__nama")
    ):
        cadangan_by_tps[c["tps_id"]].append(
            {"peringkat": c["peringkat"], "nama": c["pendaftar__nama"]}
        )
    return [
        HasilSeleksiTPS(
            tps_nomor=t["nomor"], anggota=anggota_by_tps[t["pk"]], cadangan=cadangan_by_tps[t["pk"]]
        )
        for t in tps_rows
    ]


def pengumuman_list(*, pemilihan: Pemilihan, desa: Wilayah) -> list[dict[str, Any]]:
    """Return the announced applicants of ``desa``: number, name, TPS choice and result only.

    Never NIK, birth date, address or documents: the rows are built from those four fields.
    """
    rows = (
        Pendaftar.objects.filter(pemilihan=pemilihan, desa=desa, status__in=DIUMUMKAN)
        .order_by("nomor_pendaftaran")
        .values("nomor_pendaftaran", "nama", "status", "tps_preferensi__nomor")
    )
    labels = dict(Pendaftar.Status.choices)
    return [
        {
            "nomor": r["nomor_pendaftaran"],
            "nama": r["nama"],
            "tps_nomor": r["tps_preferensi__nomor"],
            "status": r["status"],
            "status_label": labels[r["status"]],
        }
        for r in rows
    ]


def pendaftar_get_announced(*, pemilihan: Pemilihan, nomor: str) -> Pendaftar:
    """Return an announced applicant by number (for the public response form)."""
    pendaftar = (
        Pendaftar.objects.select_related("desa")
        .filter(pemilihan=pemilihan, nomor_pendaftaran=nomor, status__in=DIUMUMKAN)
        .first()
    )
    if pendaftar is None or not pengumuman_is_open(pemilihan=pemilihan):
        raise NotAccessible(gettext("Pendaftar tidak ditemukan."), nomor=nomor)
    return pendaftar


def hasil_penelitian_latest(*, pendaftar: Pendaftar) -> HasilPenelitian | None:
    return pendaftar.hasil_penelitian_set.order_by("-run_at", "-pk").first()


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisSyarat:
    """One requirement on the officer's page: the automatic findings beside the verdict."""

    syarat: Syarat
    label: str
    temuan: list[dict[str, Any]]
    penilaian: PenilaianSyarat | None

    @property
    def otomatis(self) -> str:
        """``error``, ``warning`` or ``ok`` (no finding) for the automatic column."""
        if any(t["tingkat"] == Tingkat.GALAT for t in self.temuan):
            return "error"
        return "warning" if self.temuan else "ok"


def syarat_rows(*, pendaftar: Pendaftar, hasil: HasilPenelitian | None) -> list[BarisSyarat]:
    """Return one row per requirement, in the order of PKPU 8/2022 Pasal 35."""
    penilaian_by_syarat = {p.syarat: p for p in pendaftar.penilaian_set.all()}
    temuan = hasil.temuan if hasil is not None else []
    return [
        BarisSyarat(
            syarat=syarat,
            label=syarat.label,
            temuan=[t for t in temuan if t.get("syarat") == syarat.value],
            penilaian=penilaian_by_syarat.get(syarat.value),
        )
        for syarat in Syarat
    ]


def tanggapan_open_list(*, pendaftar_qs: QuerySet[Pendaftar]) -> QuerySet[TanggapanMasyarakat]:
    """Return the public responses about ``pendaftar_qs`` that the PPS has not yet clarified."""
    return (
        TanggapanMasyarakat.objects.filter(pendaftar__in=pendaftar_qs, hasil="")
        .select_related("pendaftar")
        .order_by("created_at", "pk")
    )
