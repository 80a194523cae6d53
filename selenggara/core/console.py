"""Helpers shared by every console command: progress bars, the acting user, row errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, OutputWrapper
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from selenggara.core.bulk import Progress as ProgressCallback
from selenggara.core.errors import InvalidInput

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

ERRORS_SHOWN_MAX = 500
PHASE_LABELS = {"periksa": "Memeriksa", "simpan": "Menyimpan", "ringkasan": "Meringkas"}


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[ProgressCallback | None]:
    """Yield a progress callback drawing a bar on standard error, or None when not enabled.

    Commands enable it when their standard error is a terminal; elsewhere (CI, cron, pipes)
    jobs stay quiet and print only their summary.
    """
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(PHASE_LABELS.get(phase, phase), total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


def actor_get(username: str | None) -> AbstractBaseUser | None:
    """Return the user named on the command line, or None (recorded as "sistem")."""
    if not username:
        return None
    user_model = get_user_model()
    try:
        return user_model.objects.get(**{user_model.USERNAME_FIELD: username})
    except user_model.DoesNotExist as exc:
        raise CommandError(f"Pengguna {username!r} tidak ada.") from exc


def invalid_input_report(exc: InvalidInput, stderr: OutputWrapper) -> CommandError:
    """Print every row error of ``exc`` and return the CommandError to raise (exit code 1)."""
    for error in exc.errors[:ERRORS_SHOWN_MAX]:
        if str(error) != exc.message:
            stderr.write(f"SALAH: {error}")
    hidden = len(exc.errors) - ERRORS_SHOWN_MAX
    if hidden > 0:
        stderr.write(f"... dan {hidden} kesalahan lainnya.")
    return CommandError(exc.message)
