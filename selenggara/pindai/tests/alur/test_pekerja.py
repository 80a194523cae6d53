"""The production path: the task is a row in the database until ``pindai pekerja`` runs it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from selenggara.pindai.models import Pembacaan
from selenggara.pindai.tests.alur.conftest import Upload

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "pindai"]}
}


@pytest.mark.django_db(transaction=True)
def test_an_upload_waits_in_the_database_until_the_worker_reads_it(upload: Upload):
    with override_settings(TASKS=DB_TASKS):
        upload("hal3.jpg", 3)
        pembacaan = Pembacaan.objects.get()
        assert pembacaan.status == Pembacaan.Status.MENUNGGU
        assert DBTaskResult.objects.filter(task_path__endswith="foto_baca_task").count() == 1

        call_command("pindai", "pekerja", "--habis", stdout=StringIO())

    pembacaan.refresh_from_db()
    assert pembacaan.status == Pembacaan.Status.OTOMATIS
    assert pembacaan.versi_pembaca.startswith("pindai-")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_reading_left_waiting_is_queued_again(upload: Upload):
    with override_settings(TASKS=DB_TASKS):
        upload("hal3.jpg", 3)
        DBTaskResult.objects.all().delete()  # the process died between commit and enqueue
        out = StringIO()
        call_command("pindai", "antre", stdout=out)
        assert "1 foto" in out.getvalue()
        call_command("pindai", "pekerja", "--habis", "--max-tugas", "5", stdout=StringIO())

    assert Pembacaan.objects.get().status == Pembacaan.Status.OTOMATIS
