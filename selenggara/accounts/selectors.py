"""Reads about accounts: active assignments and the scopes they give."""

from __future__ import annotations

from selenggara.accounts.domain.peran import Lingkup, Peran, requires_two_factor
from selenggara.accounts.models import Penugasan, User


def penugasan_list_active(*, user: User) -> list[Penugasan]:
    """Return the user's active assignments with their TPS loaded."""
    return list(
        Penugasan.objects.filter(user=user, is_active=True).select_related("tps").order_by("pk")
    )


def user_requires_two_factor(*, user: User) -> bool:
    """Return True if any active role of ``user`` demands TOTP."""
    peran_list = Penugasan.objects.filter(user=user, is_active=True).values_list("peran", flat=True)
    return any(requires_two_factor(Peran(p)) for p in peran_list)


def actor_lingkup_list(*, actor: User) -> list[Lingkup]:
    """Return the scopes of every active assignment of ``actor`` (empty for none)."""
    if not actor.is_active:
        return []
    return [p.lingkup for p in penugasan_list_active(user=actor)]
