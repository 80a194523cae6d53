"""Personal data at rest: the NIK encrypted, a keyed digest to find duplicates, access tokens.

Keys derive from ``settings.SELENGGARA_DATA_KEY`` (docs/adr/0009-personal-data.md): one
sub-key encrypts (Fernet: AES-128-CBC + HMAC-SHA256), another keys the HMAC-SHA256 digest that
is indexed so a NIK can be found across the election without decrypting every row. The digest
is keyed, so a leaked table cannot be reversed by hashing every possible NIK (10^16 is not
much against a plain hash; without the key it is nothing).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

_ENCRYPTION_CONTEXT = b"selenggara/pembentukan/nik-encryption/v1"
_DIGEST_CONTEXT = b"selenggara/pembentukan/nik-digest/v1"
TOKEN_BYTES = 18  # 24 URL-safe characters


@lru_cache(maxsize=4)
def _keys(data_key: str) -> tuple[Fernet, bytes]:
    master = data_key.encode()
    encryption = hmac.new(master, _ENCRYPTION_CONTEXT, hashlib.sha256).digest()
    digest = hmac.new(master, _DIGEST_CONTEXT, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(encryption)), digest


def _current() -> tuple[Fernet, bytes]:
    return _keys(str(settings.SELENGGARA_DATA_KEY))


def nik_encrypt(nik: str) -> str:
    """Return the NIK encrypted (a Fernet token, ASCII)."""
    return _current()[0].encrypt(nik.encode()).decode("ascii")


def nik_decrypt(token: str) -> str:
    """Return the NIK from ``nik_encrypt``'s token; raises ValueError under another key."""
    try:
        return _current()[0].decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ValueError("NIK cannot be decrypted with the current SELENGGARA_DATA_KEY") from exc


def nik_digest(nik: str) -> str:
    """Return the keyed digest (64 hex) that finds the same NIK across the election."""
    return hmac.new(_current()[1], nik.strip().encode(), hashlib.sha256).hexdigest()


def token_new() -> str:
    """Return a new secret token for an applicant's status page."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """Return the stored form of a status token (the token itself is never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


@register(deploy=True)
def data_key_check(**_kwargs: object) -> list[CheckMessage]:
    """Warn when production runs with the insecure, derived data key."""
    if str(settings.SELENGGARA_DATA_KEY).startswith(settings.SELENGGARA_DATA_KEY_INSECURE_PREFIX):
        return [
            Warning(
                "SELENGGARA_DATA_KEY is not set: NIKs are encrypted with an insecure key.",
                hint="Set SELENGGARA_DATA_KEY to a long random secret (docs/adr/0009).",
                id="selenggara.W001",
            )
        ]
    return []
