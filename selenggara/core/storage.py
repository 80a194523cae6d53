"""Private file storage: documents and photos that only scoped views may serve."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private: never served statically, and no URL to give out."""

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / "private")

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a scoped view.")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage
