"""What the benchmarks share: the machine they ran on, and a throw-away PostgreSQL database."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def cpu_description() -> str:
    """Return the CPU model and core count, e.g. ``AMD EPYC 7B13 x 2``."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()} x {os.cpu_count()}"
    except OSError:
        pass  # no /proc (not Linux): fall back to what platform knows
    return f"{platform.processor() or platform.machine()} x {os.cpu_count()}"


def postgres_fresh(url: str, *, suffix: str) -> tuple[str, str]:
    """Create an empty database beside the one in ``url``; return its URL and name."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'selenggara'}_{suffix}_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def postgres_drop(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
