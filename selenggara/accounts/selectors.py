"""Reads about accounts: active assignments, the scopes they give, tokens and TOTP devices."""

from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts.domain.peran import Lingkup, Peran, requires_two_factor
from selenggara.accounts.models import ApiToken, Penugasan, User
from selenggara.core.raw import placeholders, select
from selenggara.pemilihan.models import TPS, Pemilihan

# Where ``penugasan_preload`` keeps an account's assignments for the rest of one request.
_PRELOADED = "_penugasan_aktif_permintaan"


def _penugasan_active_query(user: User) -> list[Penugasan]:
    return list(
        Penugasan.objects.filter(user=user, is_active=True).select_related("tps").order_by("pk")
    )


def _penugasan_active_raw(user: User) -> list[Penugasan]:
    """As ``_penugasan_active_query`` in two hand-written reads (core/raw.py), for the API's
    preload: cheaper in CPU, but a query more for TPS roles, so pages keep the one-join read."""
    rows = select(Penugasan, "user_id = %s AND is_active = %s", [user.pk, True], order="id")
    tps_ids = [p.tps_id for p in rows if p.tps_id is not None]
    if tps_ids:
        tps_by_id = {
            tps.pk: tps for tps in select(TPS, f"id IN ({placeholders(len(tps_ids))})", tps_ids)
        }
        for penugasan in rows:
            if penugasan.tps_id is not None:
                penugasan.tps = tps_by_id[penugasan.tps_id]
    return rows


def penugasan_preload(*, user: User) -> None:
    """Read ``user``'s active assignments once for the rest of this request.

    For a ``user`` loaded by this request only (the API's token authentication does): the
    access checks of one submission then share one query instead of running three. A service
    that changes assignments must not run on a preloaded account in the same request.
    """
    setattr(user, _PRELOADED, _penugasan_active_raw(user))


def penugasan_list_active(*, user: User, pemilihan: Pemilihan | None = None) -> list[Penugasan]:
    """Return the user's active assignments with their TPS loaded.

    With ``pemilihan``, a TPS assignment counts only for that election: a KPPS of Pemilu 2024
    holds nothing at the TPS of the same code in Pilkada 2024.
    """
    preloaded: list[Penugasan] | None = getattr(user, _PRELOADED, None)
    rows = preloaded if preloaded is not None else _penugasan_active_query(user)
    if pemilihan is not None:
        return [p for p in rows if p.tps is None or p.tps.pemilihan_id == pemilihan.pk]
    return list(rows)


def user_requires_two_factor(*, user: User) -> bool:
    """Return True if any active role of ``user`` demands TOTP."""
    peran_list = Penugasan.objects.filter(user=user, is_active=True).values_list("peran", flat=True)
    return any(requires_two_factor(Peran(p)) for p in peran_list)


def actor_lingkup_list(*, actor: User, pemilihan: Pemilihan | None = None) -> list[Lingkup]:
    """Return the scopes of every active assignment of ``actor`` (empty for an inactive actor)."""
    if not actor.is_active:
        return []
    return [p.lingkup for p in penugasan_list_active(user=actor, pemilihan=pemilihan)]


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """Return the user's API tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def totp_device_get_confirmed(*, user: User) -> TOTPDevice | None:
    """Return the user's confirmed TOTP device, or None before two-factor setup."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device
