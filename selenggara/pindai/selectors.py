"""Reads of pindai: the readings of a C.Hasil's photos, newest first per page."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from selenggara.pindai.models import Pembacaan
from selenggara.tungsura.models import CHasil


def pembacaan_list(*, c_hasil: CHasil, halaman: int | None = None) -> QuerySet[Pembacaan]:
    """Return the readings of ``c_hasil``'s photos by page, the newest photo first, each with
    ``terbuka``: how many of its numbers still wait in the review queue."""
    qs = Pembacaan.objects.filter(foto__c_hasil=c_hasil).select_related("foto", "versi")
    if halaman is not None:
        qs = qs.filter(halaman=halaman)
    return qs.annotate(
        terbuka=Count("tinjauan_set", filter=Q(tinjauan_set__selesai=False))
    ).order_by("halaman", "-dibuat_pada", "-pk")
