"""Reads about elections."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext

from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import Pemilihan


def pemilihan_pick(
    *,
    requested: str | None,
    remembered: str | None,
    prefer: QuerySet[Pemilihan] | None = None,
) -> Pemilihan | None:
    """Return the election a page is about, or None when there is no election at all.

    A ``requested`` code (a link's ``?pemilihan=``) must exist: an unknown one raises
    NotAccessible, so a link never silently shows another election's numbers. A
    ``remembered`` code (the session) that no longer exists is dropped. Without either, the
    newest election by polling day among ``prefer`` (e.g. those with a formation schedule),
    else the newest of all. Elections themselves are not scoped by region.
    """
    if requested:
        pemilihan = Pemilihan.objects.filter(kode=requested).first()
        if pemilihan is None:
            raise NotAccessible(gettext("Pemilihan tidak ditemukan."), kode=requested)
        return pemilihan
    if remembered:
        pemilihan = Pemilihan.objects.filter(kode=remembered).first()
        if pemilihan is not None:
            return pemilihan
    newest = ("-hari_pemungutan", "kode")
    preferred = prefer.order_by(*newest).first() if prefer is not None else None
    return preferred or Pemilihan.objects.order_by(*newest).first()
