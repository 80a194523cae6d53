"""Personal data at rest: the NIK encrypted, a keyed digest to find duplicates, access tokens.

The keys are the data keyring of ``selenggara.core.personal`` (docs/adr/0009-personal-data.md,
docs/adr/0013-data-key-rotation.md): the NIK is encrypted under the current data key (Fernet:
AES-128-CBC + HMAC-SHA256) and decrypts under any key of the ring; the HMAC-SHA256 digest that
is indexed, so a NIK can be found across the election without decrypting every row, is keyed
by the digest key, which does not rotate. The digest is keyed, so a leaked table cannot be
reversed by hashing every possible NIK (10^16 is not much against a plain hash; without the
key it is nothing).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

from selenggara.core.personal import Purpose, Undecryptable, decrypt, encrypt, keyed_digest

TOKEN_BYTES = 18  # 24 URL-safe characters


def nik_encrypt(nik: str) -> str:
    """Return the NIK encrypted under the current data key (a Fernet token, ASCII)."""
    return encrypt(nik.encode(), purpose=Purpose.NIK).decode("ascii")


def nik_decrypt(token: str) -> str:
    """Return the NIK from ``nik_encrypt``'s token under any key of the data keyring.

    Raises ValueError when no key of the keyring opens it.
    """
    try:
        return decrypt(token.encode("ascii"), purpose=Purpose.NIK).decode()
    except Undecryptable as exc:
        raise ValueError("NIK cannot be decrypted with any of SELENGGARA_DATA_KEYS") from exc


def nik_digest(nik: str) -> str:
    """Return the keyed digest (64 hex) that finds the same NIK across the election.

    Keyed by the digest key, so it is the same before and after any data-key rotation.
    """
    return keyed_digest(nik.strip())


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
