"""What the pages of every stage of KPPS formation share: the actor, the election of the page,
service errors shown on a form, and the desa the actor may write in.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from selenggara.accounts.models import User
from selenggara.core.errors import DomainError, InvalidInput, NotAccessible
from selenggara.pembentukan import access
from selenggara.pembentukan import selectors as shared_selectors
from selenggara.pembentukan.models import Pendaftar
from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.wilayah.models import Wilayah


def actor_of(request: HttpRequest) -> User:
    return cast("User", request.user)


def pemilihan_of(request: HttpRequest) -> Pemilihan:
    """The election of the page; by default the newest with a formation schedule."""
    pemilihan = pemilihan_from_request(
        request, prefer=shared_selectors.pemilihan_with_jadwal(), remember=False
    )
    if pemilihan is None:
        raise NotAccessible(_("Belum ada pembentukan KPPS yang dibuka."))
    return pemilihan


def form_errors(
    form: forms.Form, exc: InvalidInput, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's InvalidInput on the form, on the field it names where there is one."""
    field_map = field_map or {}
    for error in exc.errors or []:
        name = field_map.get(error.field or "", error.field or "")
        form.add_error(name if name in form.fields else None, error.message)
    if not exc.errors:
        form.add_error(None, exc.message)


def desa_writable(request: HttpRequest, kode: str) -> tuple[Pemilihan, Wilayah]:
    """Return the election and desa ``kode`` if the actor sees it and may write there."""
    pemilihan = pemilihan_of(request)
    desa = access.desa_get_for_actor(actor=actor_of(request), pemilihan=pemilihan, kode=kode)
    access.desa_check_writable(actor=actor_of(request), pemilihan=pemilihan, desa=desa)
    return pemilihan, desa


def can_write(actor: User, pemilihan: Pemilihan, desa: Wilayah) -> bool:
    try:
        access.desa_check_writable(actor=actor, pemilihan=pemilihan, desa=desa)
    except DomainError:
        return False
    return True


def status_url(pendaftar: Pendaftar, token: str) -> str:
    return reverse("pembentukan:status", args=[pendaftar.nomor_pendaftaran, token])
