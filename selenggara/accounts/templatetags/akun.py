"""Template filters for the account pages."""

from __future__ import annotations

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def menit(value: timedelta | None) -> int:
    """Return a duration in whole minutes, rounded up (a lockout of 30 min reads "30")."""
    if value is None:
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))
