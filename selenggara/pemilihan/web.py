"""Which election a web page is about: one rule for every app's views."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.selectors import pemilihan_pick

SESSION_PEMILIHAN = "pemilihan"


def pemilihan_from_request(
    request: HttpRequest,
    *,
    prefer: QuerySet[Pemilihan] | None = None,
    remember: bool = True,
) -> Pemilihan | None:
    """Return the election of ``?pemilihan=``, else the one remembered, else the newest.

    With ``remember`` the choice is kept in the session so the next page shows the same
    election; public pages pass False so anonymous visits create no session rows.
    Raises NotAccessible for an unknown ``?pemilihan=`` (see ``pemilihan_pick``).
    """
    pemilihan = pemilihan_pick(
        requested=request.GET.get("pemilihan"),
        remembered=request.session.get(SESSION_PEMILIHAN),
        prefer=prefer,
    )
    remembered = request.session.get(SESSION_PEMILIHAN)
    if remember and pemilihan is not None and remembered != pemilihan.kode:
        request.session[SESSION_PEMILIHAN] = pemilihan.kode
    return pemilihan
