"""The `selenggara` console command: Django management under the project's name.

`selenggara wilayah import`, `selenggara audit verify`, `selenggara demo`, `selenggara migrate`...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command with the project's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)
