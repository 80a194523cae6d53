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


def _cpu_of(stat: str) -> tuple[str, int, float]:
    """(command, process group, user+system CPU seconds) from a /proc/<pid>/stat line."""
    # The command is in parentheses and may hold spaces; the fields after it are fixed.
    command = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return command, int(fields[2]), (int(fields[11]) + int(fields[12])) / ticks


def cpu_seconds_by_group(pgid: int) -> dict[str, float]:
    """CPU seconds used so far by the processes of group ``pgid`` and by PostgreSQL's.

    Returns ``{"server": ..., "postgres": ...}`` (Linux /proc; empty elsewhere). A process
    that exits between two readings takes its seconds with it, so read around a steady run.
    """
    result = {"server": 0.0, "postgres": 0.0}
    proc = Path("/proc")
    if not proc.is_dir():
        return {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command, group, seconds = _cpu_of((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
        if group == pgid:
            result["server"] += seconds
        elif command == "postgres":
            result["postgres"] += seconds
    return result
