"""Background tasks of bimtek (ADR 0004): thin wrappers over the services."""

from __future__ import annotations

from django_tasks import task

from selenggara.bimtek import services


@task()
def rencana_plan_task(*, rencana_id: int, wilayah_kode: str, actor_id: int) -> str:
    """Plan a kab/kota (``services.rencana_plan_run``); return the plan's status."""
    return services.rencana_plan_run(
        rencana_id=rencana_id, wilayah_kode=wilayah_kode, actor_id=actor_id
    )
