"""What the benchmarks print about the machine they ran on."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_description() -> str:
    """Return the CPU model and core count, e.g. ``AMD EPYC 7B13 x 2``."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()} x {os.cpu_count()}"
    except OSError:
        pass  # no /proc (not Linux): fall back to what platform knows
    return f"{platform.processor() or platform.machine()} x {os.cpu_count()}"
