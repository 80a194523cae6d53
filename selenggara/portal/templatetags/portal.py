"""Template helpers for the site shell."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from selenggara.accounts.models import User
from selenggara.accounts.selectors import penugasan_list_active

register = template.Library()


@register.simple_tag(takes_context=True)
def peran_summary(context: template.Context) -> str:
    """Return the signed-in user's active roles, e.g. "PPS, Saksi" (one query per request)."""
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not isinstance(user, User) or not user.is_authenticated:
        return ""
    cached: str | None = getattr(request, "_portal_peran_summary", None)
    if cached is None:
        labels = dict.fromkeys(str(p.get_peran_display()) for p in penugasan_list_active(user=user))
        cached = ", ".join(labels)
        request._portal_peran_summary = cached  # type: ignore[attr-defined]
    return cached
