"""What the benchmarks share: the machine they ran on, and a throw-away PostgreSQL database."""

from __future__ import annotations

import os
import platform
import threading
import time
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


def postgres_drop(url: str, name: str, *, wait: float = 120.0) -> None:
    """Drop the bench's database. ``WITH (FORCE)`` ends the sessions the role may end, but not
    an autovacuum worker still in a freshly loaded database ("must be a member of the role
    whose process is being terminated"): then try again until it has gone, for ``wait`` s."""
    import psycopg

    deadline = time.monotonic() + wait
    while True:
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.errors.InsufficientPrivilege:
            if time.monotonic() > deadline:
                raise
            time.sleep(2.0)
        else:
            return


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


def _postgres_cpu(entry: Path) -> tuple[str, float] | None:
    """(command line, user+system CPU seconds) of a PostgreSQL process, None for others."""
    try:
        command, _group, seconds = _cpu_of((entry / "stat").read_text())
        if command != "postgres":
            return None
        cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (OSError, ValueError, IndexError):
        return None  # the process ended while we looked
    return cmdline, seconds


class SessionCpu:
    """CPU seconds of one PostgreSQL backend and of its parallel workers, read from /proc.

    Parallel workers are processes of their own that end with their query, so a thread reads
    them every ``interval`` seconds and keeps each one's last reading: at most ``interval`` of
    a worker's time is missed. The backend itself is read once more at the end. Other
    clients' backends are not counted (unlike ``cpu_seconds_by_group``'s "postgres").
    """

    def __init__(self, backend_pid: int, *, interval: float = 0.1) -> None:
        self.backend_pid = backend_pid
        self.interval = interval
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        worker = f"parallel worker for PID {self.backend_pid}"
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            read = _postgres_cpu(entry)
            if read is not None and (pid == self.backend_pid or worker in read[0]):
                self._last[pid] = read[1]

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> SessionCpu:
        self._sample()
        self._start = dict(self._last)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def backend(self) -> float:
        return self._last.get(self.backend_pid, 0.0) - self._start.get(self.backend_pid, 0.0)

    @property
    def workers(self) -> float:
        return sum(s for pid, s in self._last.items() if pid != self.backend_pid)
