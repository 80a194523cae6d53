"""Reads for KPPS formation: schedules, public pages, and the officer's view of an applicant."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from selenggara.core.errors import NotAccessible
from selenggara.pembentukan.domain.syarat import Syarat
from selenggara.pembentukan.domain.tahapan import JadwalPembentukan, Jendela, JenisBadan, Tahapan
from selenggara.pembentukan.models import (
    AnggotaKPPS,
    CadanganKPPS,
    HasilPenelitian,
    JadwalTahapan,
    Pendaftar,
    PenilaianSyarat,
    TanggapanMasyarakat,
)
from selenggara.pembentukan.personal import token_digest
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah
from selenggara.wilayah.models import Wilayah

DIUMUMKAN = (Pendaftar.Status.MEMENUHI_SYARAT, Pendaftar.Status.TIDAK_MEMENUHI_SYARAT)


def today() -> date:
    """Return today's date in the project's time zone (the day windows are checked on)."""
    return timezone.localdate()


def jadwal_get(
    *, pemilihan: Pemilihan, badan: JenisBadan = JenisBadan.KPPS
) -> JadwalPembentukan | None:
    """Return the formation schedule of ``badan`` in ``pemilihan``, or None before it is set."""
    rows = list(JadwalTahapan.objects.filter(pemilihan=pemilihan, badan=badan.value))
    if not rows:
        return None
    return JadwalPembentukan(
        kode=rows[0].template_kode or f"{pemilihan.kode}/{badan.value}",
        nama=f"Pembentukan {badan.name} {pemilihan.nama}",
        badan=badan,
        jendela_list=tuple(
            Jendela(tahapan=Tahapan(r.tahapan), mulai=r.mulai, selesai=r.selesai) for r in rows
        ),
    )


def pemilihan_with_jadwal() -> QuerySet[Pemilihan]:
    """Return the elections that have a formation schedule (the public pages' default)."""
    return Pemilihan.objects.filter(pk__in=JadwalTahapan.objects.values("pemilihan_id"))


def wilayah_children_public(*, pemilihan: Pemilihan, induk_kode: str) -> list[Wilayah]:
    """Return the child regions of ``induk_kode`` ("" for the provinsi): public names only."""
    return list(
        Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, induk_kode=induk_kode)
        .only("kode", "nama")
        .order_by("kode")
    )


def desa_get_public(*, pemilihan: Pemilihan, kode: str) -> Wilayah:
    """Return desa ``kode`` of the election's regions; NotAccessible when there is none."""
    try:
        parsed = KodeWilayah.parse(kode)
    except InvalidKodeWilayah as exc:
        raise NotAccessible(gettext("Desa/kelurahan tidak ditemukan."), kode=kode) from exc
    desa = Wilayah.objects.filter(
        versi_id=pemilihan.versi_wilayah_id, kode=parsed.value, tingkat=4
    ).first()
    if desa is None:
        raise NotAccessible(gettext("Desa/kelurahan tidak ditemukan."), kode=kode)
    return desa


def tps_list_of_desa(*, pemilihan: Pemilihan, desa: Wilayah) -> QuerySet[TPS]:
    return TPS.objects.filter(pemilihan=pemilihan, desa=desa).order_by("nomor")


def pendaftar_get_by_token(*, nomor: str, token: str) -> Pendaftar:
    """Return the applicant whose status link is (``nomor``, ``token``); both must match."""
    pendaftar = (
        Pendaftar.objects.select_related("pemilihan", "desa", "tps_preferensi")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if pendaftar is None:
        raise NotAccessible(gettext("Pendaftaran tidak ditemukan."))
    if not hmac.compare_digest(pendaftar.nomor_pendaftaran, nomor):
        raise NotAccessible(gettext("Pendaftaran tidak ditemukan."))
    return pendaftar


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
        if any(t["severity"] == "error" for t in self.temuan):
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


def status_counts(*, pendaftar_qs: QuerySet[Pendaftar]) -> dict[str, int]:
    """Return how many applicants are in each status (and ``total``)."""
    counts = pendaftar_qs.aggregate(
        total=Count("pk"),
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in Pendaftar.Status},
    )
    return {k: int(v or 0) for k, v in counts.items()}


def desa_counts(*, pendaftar_qs: QuerySet[Pendaftar], pemilihan: Pemilihan) -> list[dict[str, Any]]:
    """Return per desa of ``pendaftar_qs``: code, name and how many applicants per status."""
    rows = (
        pendaftar_qs.order_by()
        .values("desa_id")
        .annotate(
            total=Count("pk"),
            **{s.value: Count("pk", filter=Q(status=s.value)) for s in Pendaftar.Status},
        )
    )
    by_id = {r["desa_id"]: r for r in rows}
    desa_list = Wilayah.objects.filter(pk__in=by_id).order_by("kode")
    return [{"desa": desa, **by_id[desa.pk]} for desa in desa_list]


def tanggapan_open_list(*, pendaftar_qs: QuerySet[Pendaftar]) -> QuerySet[TanggapanMasyarakat]:
    """Return the public responses about ``pendaftar_qs`` that the PPS has not yet clarified."""
    return (
        TanggapanMasyarakat.objects.filter(pendaftar__in=pendaftar_qs, hasil="")
        .select_related("pendaftar")
        .order_by("created_at", "pk")
    )
