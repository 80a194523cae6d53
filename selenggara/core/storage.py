"""Private file storage: documents and photos that only scoped views may serve.

``encrypted_storage`` also encrypts each file at rest under the data keyring
(``selenggara.core.personal``, docs/adr/0013-data-key-rotation.md): applicants' documents
(e-KTP, diploma, health certificate) are personal data. A file written before encryption
existed (no header) still opens as it is, until `selenggara kunci rotasi` encrypts it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

from selenggara.core.personal import Purpose, decrypt, encrypt, under_current_key

# Marks an encrypted file; what follows is one Fernet token. PDF, JPEG and PNG never start so.
ENCRYPTED_HEADER = b"SELENGGARA-FERNET-1\n"


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private: never served statically, and no URL to give out."""

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / "private")

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a scoped view.")


def sealed(plaintext: bytes) -> bytes:
    """Return the stored form of ``plaintext``: the header and its token under the current key."""
    return ENCRYPTED_HEADER + encrypt(plaintext, purpose=Purpose.DOCUMENT)


def unsealed(stored: bytes) -> bytes:
    """Return the plaintext of a stored file (a file without the header is returned as it is).

    Raises ``selenggara.core.personal.Undecryptable`` when no key of the keyring opens it.
    """
    if not stored.startswith(ENCRYPTED_HEADER):
        return stored
    return decrypt(stored[len(ENCRYPTED_HEADER) :], purpose=Purpose.DOCUMENT)


def sealed_under_current_key(stored: bytes) -> bool:
    """Return whether a stored file is already encrypted under the current data key."""
    return stored.startswith(ENCRYPTED_HEADER) and under_current_key(
        stored[len(ENCRYPTED_HEADER) :], purpose=Purpose.DOCUMENT
    )


class EncryptedPrivateStorage(PrivateStorage):
    """Private storage whose files are encrypted at rest (whole file: documents are <= 2 MB)."""

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Encrypted files are written through save(), not opened for writing.")
        plaintext = unsealed(Path(self.path(name)).read_bytes())
        return ContentFile(plaintext, name=name)

    def _save(self, name: str, content: File[Any]) -> str:
        content.seek(0)
        # FileSystemStorage._save is Django's documented override point; the stubs omit it.
        saved = super()._save(name, ContentFile(sealed(content.read()), name=name))  # type: ignore[misc]
        return str(saved)

    def replace(self, name: str, stored: bytes) -> None:
        """Replace the stored bytes of ``name`` atomically (a crash leaves the old or the new)."""
        target = Path(self.path(name))
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".kunci-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(stored)
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).chmod(self.file_permissions_mode or 0o644)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read_stored(self, name: str) -> bytes:
        """Return the bytes as stored on disk (the ciphertext), for the key rotation."""
        return Path(self.path(name)).read_bytes()


_private_storage = PrivateStorage()
_encrypted_storage = EncryptedPrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage


def encrypted_storage() -> EncryptedPrivateStorage:
    return _encrypted_storage
