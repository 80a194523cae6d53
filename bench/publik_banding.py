"""Compare two publications byte for byte: every file, and the files each log entry names.

    .venv/bin/python bench/publik_banding.py DIR_A DIR_B

Used to check that a change to ``publik terbitkan`` writes the same publication as before:
publish the same database (two copies of it, so both runs see the same audit chain) with the
old and the new code into two directories, then compare them. The log entries differ only in
their time, their audit checkpoint and their signature; what they name (every file and its
SHA-256, what changed) must be the same. Exits non-zero naming every difference.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LOG_DIR = "log"
ENTRI_BEBAS = {"diterbitkan_pada", "audit", "tanda_tangan", "sebelumnya"}


def berkas_of(root: Path) -> dict[str, bytes]:
    return {
        f.relative_to(root).as_posix(): f.read_bytes()
        for f in sorted(root.rglob("*"))
        if f.is_file() and not f.relative_to(root).as_posix().startswith(f"{LOG_DIR}/")
    }


def entri_of(root: Path) -> list[dict[str, object]]:
    out = []
    for f in sorted((root / LOG_DIR).glob("*.json")):
        data = json.loads(f.read_bytes())
        out.append({k: v for k, v in data.items() if k not in ENTRI_BEBAS})
    return out


def banding(a: Path, b: Path) -> list[str]:
    """Return every difference between publications ``a`` and ``b`` (empty: identical)."""
    fa, fb = berkas_of(a), berkas_of(b)
    out = [f"hanya di {a}: {p}" for p in sorted(set(fa) - set(fb))]
    out += [f"hanya di {b}: {p}" for p in sorted(set(fb) - set(fa))]
    out += [f"berbeda: {p}" for p in sorted(set(fa) & set(fb)) if fa[p] != fb[p]]
    ea, eb = entri_of(a), entri_of(b)
    if len(ea) != len(eb):
        out.append(f"jumlah entri log: {len(ea)} != {len(eb)}")
    for i, (x, y) in enumerate(zip(ea, eb, strict=False), start=1):
        for key in sorted(set(x) | set(y)):
            if x.get(key) != y.get(key):
                out.append(f"entri log {i}: {key} berbeda")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    a, b = Path(argv[0]), Path(argv[1])
    diff = banding(a, b)
    for line in diff:
        print(line)
    n = len(berkas_of(a))
    print(f"{n} berkas dibandingkan: {'SAMA' if not diff else f'{len(diff)} perbedaan'}")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
