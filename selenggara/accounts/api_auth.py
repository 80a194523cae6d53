"""Authentication for the JSON API: bearer tokens for machines, the session for the browser.

``api_auth`` is what the NinjaAPI uses: ``NinjaAPI(auth=api_auth)``. Either method sets
``request.user`` to the account, so the access selectors work the same for both.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth

from selenggara.accounts.models import ApiToken, User
from selenggara.accounts.selectors import penugasan_preload, user_requires_two_factor
from selenggara.accounts.services import TOKEN_PREFIX, api_token_touch, token_digest
from selenggara.core.raw import select


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sgr_...``: a live (unrevoked, unexpired) token of an active account."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        # Hand-written reads (core/raw.py): every API request starts here.
        now = timezone.now()
        found = select(
            ApiToken,
            "digest = %s AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > %s)",
            [token_digest(token), connection.ops.adapt_datetimefield_value(now)],
        )
        if not found:
            return None
        api_token = found[0]
        users = select(User, "id = %s AND is_active = %s", [api_token.user_id, True])
        if not users:
            return None
        api_token.user = users[0]
        api_token_touch(token=api_token, now=now)
        # The account was read for this request alone: its access checks may share one read.
        penugasan_preload(user=api_token.user)
        request.user = api_token.user
        return api_token.user


class VerifiedSessionAuth(SessionAuth):
    """The logged-in session, provided a two-factor role has passed TOTP in it.

    CSRF is checked (inherited), since a browser sends the cookie on its own.
    """

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated or not isinstance(user, User):
            return None
        if not user.is_verified() and user_requires_two_factor(user=user):  # type: ignore[attr-defined]
            return None
        return user


api_auth: list[HttpBearer | APIKeyCookie] = [TokenAuth(), VerifiedSessionAuth()]
