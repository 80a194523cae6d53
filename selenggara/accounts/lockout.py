"""Login lockout: per account and address (as before), and per address across accounts.

django-axes counts failures per ``AXES_LOCKOUT_PARAMETERS`` combination and compares the
largest with one limit. Counting per username and address alone lets one address try a
password against every account; counting per address with the same small limit would lock a
whole polling-night office behind one NAT address after five typos. This handler keeps the
account limit (``AXES_FAILURE_LIMIT``) and adds a larger one per address across accounts
(``SELENGGARA_LOCKOUT_ADDRESS_FAILURES``), and marks which one tripped so the page can say so.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest

# AXES_LOCKOUT_PARAMETERS, in this order (settings): per account and address, per address.
LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]


def _failures(attempts: QuerySet[Any]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Lock an account on one address after a few failures, an address after many."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_account, per_address = (
            _failures(attempts) for attempts in self.get_user_attempts(request, credentials)
        )
        limit = int(get_failure_limit(request, credentials))
        if per_account < limit and per_address >= settings.SELENGGARA_LOCKOUT_ADDRESS_FAILURES:
            # Read by the lockout page (accounts/locked_out.html) through the request.
            request.selenggara_lockout_address = True  # type: ignore[attr-defined]
            return limit
        return per_account

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """On a successful login, forget this account's failures from this address only.

        axes would reset every matching combination, the address-wide one too: one good login
        to the attacker's own account would then clear the count of every account tried.
        """
        per_account = self.filter_user_attempts(request, credentials)[0]
        deleted, _ = per_account.delete()
        return int(deleted)
