"""The witnesses' digest: a SHA-256 over a canonical text of one C.Hasil's numbers.

A witness photographs or scans the QR code on the salinan page at the TPS; later anyone can
look the digest up, or recompute it from the canonical text with ``sha256sum``, and see
whether what is published is what the witness saw. The text names the election, the TPS, the
contest and the dapil, so equal numbers at two TPS never share a digest, and it holds the
numbers only (no names, no personal data).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping

FORMAT = "selenggara.c_hasil.v1"
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def teks_kanonik(
    *,
    pemilihan: str,
    tps: str,
    kontestasi: str,
    dapil: str,
    angka: Mapping[str, int],
) -> str:
    """Return the canonical text: compact JSON, keys sorted, ASCII only, one line."""
    document = {
        "format": FORMAT,
        "pemilihan": pemilihan,
        "tps": tps,
        "kontestasi": kontestasi,
        "dapil": dapil,
        "angka": {key: int(value) for key, value in angka.items()},
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def digest_of(teks: str) -> str:
    return hashlib.sha256(teks.encode("ascii")).hexdigest()


def digest_normalise(raw: str) -> str | None:
    """Return a typed or scanned digest in canonical form (lowercase hex), or None if not one.

    Spaces and dashes a person may type between groups are ignored.
    """
    cleaned = re.sub(r"[\s\-:]", "", raw).lower()
    return cleaned if _DIGEST.match(cleaned) else None
