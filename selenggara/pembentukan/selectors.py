"""Reads shared by the stages of KPPS formation: the day, the schedule and its windows, and
the public lookup of a desa.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from selenggara.core.errors import NotAccessible
from selenggara.pembentukan.domain.tahapan import (
    JadwalPembentukan,
    Jendela,
    JenisBadan,
    Tahapan,
    TahapanClosed,
    tahapan_check,
)
from selenggara.pembentukan.models import (
    JadwalTahapan,
)
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah
from selenggara.wilayah.models import Wilayah


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


def tahapan_require(
    *,
    pemilihan: Pemilihan,
    tahapan: Tahapan,
    on: date | None = None,
    badan: JenisBadan = JenisBadan.KPPS,
) -> None:
    """Refuse unless ``tahapan`` is open on ``on`` (today); TahapanClosed names the window."""
    jadwal = jadwal_get(pemilihan=pemilihan, badan=badan)
    if jadwal is None:
        raise TahapanClosed(
            _("Jadwal pembentukan %(pemilihan)s belum ditetapkan.") % {"pemilihan": pemilihan.nama},
            tahapan=tahapan.value,
        )
    tahapan_check(jadwal, tahapan, on or today())
