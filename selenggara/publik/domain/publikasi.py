"""Write side of a publication: content-addressed names, signed log entries, what changed.

The read side (canonical JSON, hashes, verification) is ``verifikasi.py``, which is also the
standalone verifier every publication ships; both sides share its canonical form.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from selenggara.publik.domain.verifikasi import (
    ABADI,
    FORMAT_ENTRI,
    isi_entri,
    kanonik,
    sha256_hex,
    sidik_kunci,
)


def nama_isi(data: bytes, *, folder: str, ext: str) -> str:
    """Return the content-addressed path of ``data``: ``folder/<sha256>.<ext>``."""
    return f"{folder}/{sha256_hex(data)}.{ext}"


def perubahan_antara(
    lama: Mapping[str, str], baru: Mapping[str, str], *, awalan: str = "indeks/"
) -> dict[str, list[str]]:
    """Return which files under ``awalan`` were added, changed or removed between publications.

    Indexes point at the current snapshot of one region, so the changed indexes name exactly
    the regions whose published figures changed.
    """
    lama_f = {p: s for p, s in lama.items() if p.startswith(awalan)}
    baru_f = {p: s for p, s in baru.items() if p.startswith(awalan)}
    return {
        "ditambah": sorted(p for p in baru_f if p not in lama_f),
        "diubah": sorted(p for p in baru_f if p in lama_f and lama_f[p] != baru_f[p]),
        "dihapus": sorted(p for p in lama_f if p not in baru_f),
    }


def entri_buat(
    *,
    nomor: int,
    pemilihan: str,
    diterbitkan_pada: str,
    sebelumnya: str | None,
    berkas: Mapping[str, str],
    perubahan: Mapping[str, Sequence[str]],
    alasan: str,
    kunci: Ed25519PrivateKey,
    audit: Mapping[str, object] | None = None,
) -> bytes:
    """Return the canonical bytes of a signed log entry.

    ``sebelumnya`` is the SHA-256 of the previous entry's bytes (None for the first), so the
    entries form a chain: changing, removing or reordering one breaks every link after it.
    ``audit`` is the audit chain's head as checkpointed for this publication (``seq``,
    ``head_hash``, ``at``; ADR 0012): signed with the rest, it anchors the internal audit
    trail in the public log, so the trail up to that row cannot later be rewritten unseen.
    """
    entri: dict[str, object] = {
        "format": FORMAT_ENTRI,
        "nomor": nomor,
        "pemilihan": pemilihan,
        "diterbitkan_pada": diterbitkan_pada,
        "sebelumnya": sebelumnya,
        "kunci_publik": sidik_kunci(kunci.public_key()),
        "berkas": dict(sorted(berkas.items())),
        "perubahan": {k: list(v) for k, v in perubahan.items()},
        "alasan": alasan,
    }
    if audit is not None:
        entri["audit"] = dict(audit)
    entri["tanda_tangan"] = base64.b64encode(kunci.sign(isi_entri(entri))).decode("ascii")
    return kanonik(entri)


def berkas_abadi(berkas: Mapping[str, str]) -> dict[str, str]:
    """Return the immutable (content-addressed) files of a manifest, which later ones keep."""
    return {p: s for p, s in berkas.items() if p.startswith(ABADI)}
