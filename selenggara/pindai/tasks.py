"""Background tasks of pindai (ADR 0004): thin wrappers over the services."""

from __future__ import annotations

from django_tasks import task

from selenggara.pindai import services


@task(queue_name="pindai")
def foto_baca_task(*, pembacaan_id: int) -> str:
    """Read one uploaded photo (``services.pembacaan_baca``); return the reading's status."""
    return services.pembacaan_baca(pembacaan_id=pembacaan_id).status
