"""Reads for the intake of KPPS formation: the region pickers of the public form, the TPS of a
desa, the applicant's status link, and the desk's counts.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from selenggara.core.errors import NotAccessible
from selenggara.pembentukan.models import (
    Pendaftar,
)
from selenggara.pembentukan.personal import token_digest
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.models import Wilayah


def wilayah_children_public(*, pemilihan: Pemilihan, induk_kode: str) -> list[Wilayah]:
    """Return the child regions of ``induk_kode`` ("" for the provinsi): public names only."""
    return list(
        Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, induk_kode=induk_kode)
        .only("kode", "nama")
        .order_by("kode")
    )


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
