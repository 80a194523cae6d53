"""The data keyring: what encrypts personal data at rest, and what keys its search digests.

``SELENGGARA_DATA_KEY`` encrypts; the retired keys in ``SELENGGARA_DATA_KEYS_OLD`` (newest
first) still decrypt, so a new key can be put in place before `selenggara kunci rotasi` has
re-encrypted every stored NIK and document under it; afterwards the old keys are dropped and
what they encrypted is unreadable. Each purpose has its own sub-key, derived from the data key
with HMAC-SHA256 and a fixed context string; Fernet (AES-128-CBC + HMAC-SHA256) encrypts.

The search digests (HMAC-SHA256 of a NIK, indexed) are keyed by ``SELENGGARA_DIGEST_KEY``,
which does not rotate with the data key: the party-membership list stores digests only, so
they could not be recomputed. Empty means the current data key's digest sub-key (as before
rotation existed); an operator sets it to the first data key before the first rotation, and
``digest_key_check`` refuses to run with retired keys but no pinned digest key, because every
lookup would then miss (docs/adr/0013-data-key-rotation.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from enum import StrEnum
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, register


class Purpose(StrEnum):
    """What a sub-key is for; the value is the context its derivation is bound to."""

    NIK = "selenggara/pembentukan/nik-encryption/v1"
    DOCUMENT = "selenggara/core/document-encryption/v1"


_DIGEST_CONTEXT = b"selenggara/pembentukan/nik-digest/v1"


class Undecryptable(ValueError):
    """No key of the keyring opens this ciphertext."""


@lru_cache(maxsize=32)
def _fernet(data_key: str, purpose: Purpose) -> Fernet:
    sub_key = hmac.new(data_key.encode(), purpose.value.encode(), hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(sub_key))


@lru_cache(maxsize=8)
def _digest_sub_key(data_key: str) -> bytes:
    return hmac.new(data_key.encode(), _DIGEST_CONTEXT, hashlib.sha256).digest()


def data_keys() -> list[str]:
    """Return the keyring: the current data key first, then the retired ones."""
    old = [str(key) for key in settings.SELENGGARA_DATA_KEYS_OLD if str(key)]
    return [str(settings.SELENGGARA_DATA_KEY), *old]


def _current(purpose: Purpose) -> Fernet:
    return _fernet(str(settings.SELENGGARA_DATA_KEY), purpose)


def _ring(purpose: Purpose) -> MultiFernet:
    return MultiFernet([_fernet(key, purpose) for key in data_keys()])


def encrypt(data: bytes, *, purpose: Purpose) -> bytes:
    """Return ``data`` encrypted under the current data key (a Fernet token, ASCII bytes)."""
    return _current(purpose).encrypt(data)


def decrypt(token: bytes, *, purpose: Purpose) -> bytes:
    """Return the plaintext of ``token`` under any key of the keyring.

    Raises Undecryptable when none opens it (a key dropped too early, or a forged token).
    """
    try:
        return _ring(purpose).decrypt(token)
    except InvalidToken as exc:
        raise Undecryptable("cannot be decrypted with any of SELENGGARA_DATA_KEYS") from exc


def under_current_key(token: bytes, *, purpose: Purpose) -> bool:
    """Return whether the current data key opens ``token`` (then it needs no rotation)."""
    try:
        _current(purpose).decrypt(token)
    except InvalidToken:
        return False
    return True


def reencrypt(token: bytes, *, purpose: Purpose) -> bytes | None:
    """Return ``token`` re-encrypted under the current key, or None if it already is.

    None makes a rerun of an interrupted rotation skip what it already did, so nothing is
    encrypted twice. Raises Undecryptable when no key of the keyring opens the token.
    """
    if under_current_key(token, purpose=purpose):
        return None
    try:
        return _ring(purpose).rotate(token)
    except InvalidToken as exc:
        raise Undecryptable("cannot be decrypted with any of SELENGGARA_DATA_KEYS") from exc


def digest_key() -> bytes:
    """Return the key of the search digests: pinned, or else the current data key's."""
    pinned = str(settings.SELENGGARA_DIGEST_KEY)
    return _digest_sub_key(pinned or str(settings.SELENGGARA_DATA_KEY))


def keyed_digest(value: str) -> str:
    """Return the HMAC-SHA256 (64 hex) of ``value`` under the digest key."""
    return hmac.new(digest_key(), value.encode(), hashlib.sha256).hexdigest()


def digest_pinned() -> bool:
    """Return whether the digest key is pinned, so a rotation leaves every digest as it is."""
    return bool(str(settings.SELENGGARA_DIGEST_KEY))


@register()
def digest_key_check(**_kwargs: object) -> list[CheckMessage]:
    """Refuse retired data keys without a pinned digest key: every NIK lookup would miss."""
    if not [key for key in settings.SELENGGARA_DATA_KEYS_OLD if str(key)] or digest_pinned():
        return []
    return [
        Error(
            "SELENGGARA_DATA_KEYS_OLD disetel tetapi SELENGGARA_DIGEST_KEY kosong: digest NIK "
            "akan dihitung dengan kunci baru dan tidak ada pencarian yang cocok lagi.",
            hint="Setel SELENGGARA_DIGEST_KEY ke kunci data pertama (yang membuat digest "
            "tersimpan) sebelum mengganti SELENGGARA_DATA_KEY (docs/adr/0013).",
            id="selenggara.E003",
        )
    ]
