"""Verify a publication of results: its signed, hash-chained log and every file it names.

This module is also the standalone verifier: it imports only the standard library and
``cryptography``, and every publication ships a copy of it as ``verifikasi_publikasi.py``, so
an observer who mirrored a publication runs::

    python3 verifikasi_publikasi.py periksa DIR [--sidik-kunci HEX]
    python3 verifikasi_publikasi.py saksi DIR --tps KODE --kontestasi JENIS --digest HEX

``periksa`` checks the whole log and every file against it and names any file or entry that
was changed, removed, reordered or re-signed; ``saksi`` lets a witness check that the numbers
published for their TPS give the SHA-256 digest printed on their salinan (the digest is
recomputed here from the published numbers, as ``tungsura/domain/salinan.py`` makes it).
Both exit 0 when everything holds and 1 otherwise.

A publication directory holds:

- ``log/NNNNNN.json``: the log, one entry per publication, numbered from 1; each entry is
  canonical JSON naming the previous entry's SHA-256, the SHA-256 of every file of the
  publication, what changed and why, and an Ed25519 signature over the rest of the entry;
- ``kunci-publik.pem``: the election's public key (its SHA-256 fingerprint is in every entry);
- ``snapshot/<sha256>.json`` and ``foto/<sha256>.<ext>``: immutable, content-addressed files
  that every later publication keeps; everything else (indexes, open data, pages) is the
  current publication and is checked against the newest entry.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)

FORMAT_ENTRI = "selenggara.publikasi.v1"
FORMAT_C_HASIL = "selenggara.c_hasil.v1"
KUNCI_PUBLIK = "kunci-publik.pem"
LOG_DIR = "log"
# Directories of immutable, content-addressed files: once published, always kept.
ABADI = ("snapshot/", "foto/")
_ENTRI_NAMA = re.compile(r"^(\d{6})\.json$")
_ISI_NAMA = re.compile(r"^[0-9a-f]{64}(\.[a-z0-9]+)?$")


def kanonik(data: object) -> bytes:
    """Return the canonical bytes of a JSON value: keys sorted, no spaces, ASCII only."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sidik_kunci(kunci: Ed25519PublicKey) -> str:
    """Return the fingerprint of a public key: SHA-256 of its 32 raw bytes."""
    return sha256_hex(kunci.public_bytes(Encoding.Raw, PublicFormat.Raw))


def isi_entri(entri: Mapping[str, object]) -> bytes:
    """Return the bytes an entry's signature covers: the entry without its signature."""
    return kanonik({k: v for k, v in entri.items() if k != "tanda_tangan"})


def teks_c_hasil(
    *, pemilihan: str, tps: str, kontestasi: str, dapil: str, angka: Mapping[str, object]
) -> str:
    """Return the witnesses' canonical text of one C.Hasil (see tungsura/domain/salinan.py)."""
    document = {
        "format": FORMAT_C_HASIL,
        "pemilihan": pemilihan,
        "tps": tps,
        "kontestasi": kontestasi,
        "dapil": dapil,
        "angka": {str(k): int(str(v)) for k, v in angka.items()},
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Masalah:
    """One thing found wrong: a code, where (a file or an entry), and a sentence."""

    kode: str
    lokasi: str
    pesan: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Entri:
    """One log entry as read from its file."""

    nama: str
    nomor: int
    hash: str
    data: dict[str, object]


def _baca_entri(path: Path) -> tuple[Entri | None, Masalah | None]:
    nama = f"{LOG_DIR}/{path.name}"
    raw = path.read_bytes()
    try:
        data = json.loads(raw)
    except ValueError:
        return None, Masalah(kode="entri_rusak", lokasi=nama, pesan="entri bukan JSON yang sah")
    if not isinstance(data, dict) or data.get("format") != FORMAT_ENTRI:
        return None, Masalah(kode="entri_rusak", lokasi=nama, pesan="entri bukan entri publikasi")
    nomor = data.get("nomor")
    return Entri(
        nama=nama, nomor=nomor if isinstance(nomor, int) else -1, hash=sha256_hex(raw), data=data
    ), None


def _periksa_tanda_tangan(entri: Entri, kunci: Ed25519PublicKey, sidik: str) -> list[Masalah]:
    if entri.data.get("kunci_publik") != sidik:
        return [
            Masalah(
                kode="kunci_berbeda",
                lokasi=entri.nama,
                pesan="entri ditandatangani dengan kunci lain, bukan kunci publik pemilihan",
            )
        ]
    try:
        kunci.verify(
            base64.b64decode(str(entri.data.get("tanda_tangan", ""))), isi_entri(entri.data)
        )
    except (InvalidSignature, ValueError):
        return [
            Masalah(
                kode="tanda_tangan_tidak_sah",
                lokasi=entri.nama,
                pesan="tanda tangan tidak cocok: isi entri diubah atau ditandatangani ulang",
            )
        ]
    return []


def _periksa_rantai(entri_list: Sequence[Entri]) -> list[Masalah]:
    masalah: list[Masalah] = []
    sebelumnya: Entri | None = None
    for urutan, entri in enumerate(entri_list, start=1):
        if entri.nomor != urutan or entri.nama != f"{LOG_DIR}/{urutan:06d}.json":
            masalah.append(
                Masalah(
                    kode="urutan_salah",
                    lokasi=entri.nama,
                    pesan=f"entri ke-{urutan} bernomor {entri.nomor}: ada entri hilang atau "
                    "tertukar urutannya",
                )
            )
        harapan = sebelumnya.hash if sebelumnya else None
        if entri.data.get("sebelumnya") != harapan:
            masalah.append(
                Masalah(
                    kode="rantai_putus",
                    lokasi=entri.nama,
                    pesan="hash entri sebelumnya tidak cocok: entri sebelumnya diubah, dihapus "
                    "atau urutannya ditukar",
                )
            )
        sebelumnya = entri
    return masalah


def _berkas_map(entri: Entri) -> dict[str, str]:
    berkas = entri.data.get("berkas")
    if not isinstance(berkas, dict):
        return {}
    return {str(k): str(v) for k, v in berkas.items()}


def _periksa_berkas(root: Path, path: str, sha: str) -> Masalah | None:
    file = root / path
    if not file.is_file():
        return Masalah(
            kode="berkas_hilang", lokasi=path, pesan="berkas tercatat di log tetapi hilang"
        )
    if sha256_hex(file.read_bytes()) != sha:
        return Masalah(
            kode="berkas_diubah", lokasi=path, pesan="isi berkas tidak sama dengan hash di log"
        )
    return None


def _periksa_semua_berkas(root: Path, entri_list: Sequence[Entri]) -> list[Masalah]:
    wajib: dict[str, str] = {}
    for entri in entri_list[:-1]:
        wajib.update((p, s) for p, s in _berkas_map(entri).items() if p.startswith(ABADI))
    wajib.update(_berkas_map(entri_list[-1]))
    masalah = [m for p, s in sorted(wajib.items()) if (m := _periksa_berkas(root, p, s))]
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root).as_posix()
        if not file.is_file() or rel.startswith(f"{LOG_DIR}/") or rel == KUNCI_PUBLIK:
            continue
        if rel not in wajib:
            masalah.append(
                Masalah(
                    kode="berkas_tak_tercatat", lokasi=rel, pesan="berkas tidak tercatat di log"
                )
            )
    for path, sha in sorted(wajib.items()):
        name = path.rsplit("/", 1)[-1]
        if path.startswith(ABADI) and _ISI_NAMA.match(name) and not name.startswith(sha):
            masalah.append(
                Masalah(
                    kode="nama_tidak_sesuai_isi",
                    lokasi=path,
                    pesan="nama berkas bukan hash isinya",
                )
            )
    return masalah


def _muat_kunci(root: Path) -> Ed25519PublicKey | None:
    file = root / KUNCI_PUBLIK
    if not file.is_file():
        return None
    try:
        kunci = load_pem_public_key(file.read_bytes())
    except ValueError:
        return None
    return kunci if isinstance(kunci, Ed25519PublicKey) else None


def periksa_publikasi(root: Path, *, sidik_kunci_harapan: str | None = None) -> list[Masalah]:
    """Return every problem of the publication in ``root`` (empty: it verifies).

    ``sidik_kunci_harapan`` is the key fingerprint the observer got elsewhere (the election's
    announcement); without it the published key is trusted, and a log re-signed as a whole
    with another key and another published key would pass.
    """
    kunci = _muat_kunci(root)
    if kunci is None:
        return [
            Masalah(
                kode="kunci_tidak_ada",
                lokasi=KUNCI_PUBLIK,
                pesan="kunci publik tidak ada atau rusak",
            )
        ]
    sidik = sidik_kunci(kunci)
    masalah: list[Masalah] = []
    if sidik_kunci_harapan is not None and sidik != sidik_kunci_harapan.lower():
        masalah.append(
            Masalah(
                kode="kunci_berbeda",
                lokasi=KUNCI_PUBLIK,
                pesan="kunci publik bukan kunci yang diumumkan pemilihan",
            )
        )
    log_dir = root / LOG_DIR
    paths = (
        sorted(p for p in log_dir.glob("*.json") if _ENTRI_NAMA.match(p.name))
        if log_dir.is_dir()
        else []
    )
    entri_list: list[Entri] = []
    for path in paths:
        entri, rusak = _baca_entri(path)
        if rusak is not None:
            masalah.append(rusak)
        if entri is not None:
            entri_list.append(entri)
            masalah.extend(_periksa_tanda_tangan(entri, kunci, sidik))
    if not entri_list:
        return [*masalah, Masalah(kode="log_kosong", lokasi=LOG_DIR, pesan="log publikasi kosong")]
    masalah.extend(_periksa_rantai(entri_list))
    masalah.extend(_periksa_semua_berkas(root, entri_list))
    return masalah


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilSaksi:
    """What a witness's digest matched: a version of the TPS's C.Hasil, or nothing."""

    cocok: bool
    pesan: str


def _tps_terbit(root: Path, *, tps: str, kontestasi: str) -> dict[str, Any] | None:
    indeks_file = root / "indeks" / f"{tps[:10]}.json"
    if not indeks_file.is_file():
        return None
    indeks = json.loads(indeks_file.read_bytes())
    snapshot = indeks.get("kontestasi", {}).get(kontestasi)
    if snapshot is None:
        return None
    data = json.loads((root / snapshot).read_bytes())
    for baris in data.get("tps", []):
        if baris.get("kode") == tps:
            return dict(baris, pemilihan=data.get("pemilihan"), kontestasi=kontestasi)
    return None


def periksa_saksi(root: Path, *, tps: str, kontestasi: str, digest: str) -> HasilSaksi:
    """Check a witness's digest against the numbers published for ``tps`` and ``kontestasi``.

    The digest of every published version is recomputed from its published numbers; a version
    whose published digest differs from its recomputed one is reported as well.
    """
    digest = re.sub(r"[\s\-:]", "", digest).lower()
    baris = _tps_terbit(root, tps=tps, kontestasi=kontestasi)
    if baris is None:
        return HasilSaksi(
            cocok=False, pesan=f"TPS {tps} kontestasi {kontestasi} tidak ada di publikasi ini"
        )
    versi_list: list[dict[str, Any]] = baris.get("versi", [])
    terkini = max((int(v["nomor"]) for v in versi_list), default=0)
    for versi in versi_list:
        teks = teks_c_hasil(
            pemilihan=str(baris["pemilihan"]),
            tps=tps,
            kontestasi=kontestasi,
            dapil=str(baris["dapil"]),
            angka=versi["angka"],
        )
        hitung = sha256_hex(teks.encode("ascii"))
        if hitung != versi.get("digest"):
            return HasilSaksi(
                cocok=False,
                pesan=f"versi {versi['nomor']}: digest yang diterbitkan tidak sama dengan hash "
                "angka yang diterbitkan",
            )
        if hitung == digest:
            if int(versi["nomor"]) == terkini:
                return HasilSaksi(cocok=True, pesan=f"cocok dengan versi {terkini} (versi terkini)")
            return HasilSaksi(
                cocok=True,
                pesan=f"cocok dengan versi {versi['nomor']}, yang telah dikoreksi menjadi versi "
                f"{terkini}; alasan: {versi_list[-1].get('alasan', '')}",
            )
    return HasilSaksi(
        cocok=False,
        pesan="TIDAK COCOK: angka yang diterbitkan untuk TPS ini tidak menghasilkan digest salinan "
        "saksi",
    )


def _keluar(baris: str) -> None:
    sys.stdout.write(baris + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the verifier from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description="Verifikasi publikasi hasil Selenggara.")
    sub = parser.add_subparsers(dest="perintah", required=True)
    periksa = sub.add_parser("periksa", help="periksa log dan setiap berkas")
    periksa.add_argument("dir", type=Path)
    periksa.add_argument("--sidik-kunci", default=None)
    saksi = sub.add_parser("saksi", help="periksa digest salinan saksi satu TPS")
    saksi.add_argument("dir", type=Path)
    saksi.add_argument("--tps", required=True)
    saksi.add_argument("--kontestasi", required=True)
    saksi.add_argument("--digest", required=True)
    args = parser.parse_args(argv)
    if args.perintah == "saksi":
        hasil = periksa_saksi(
            args.dir, tps=args.tps, kontestasi=args.kontestasi, digest=args.digest
        )
        _keluar(hasil.pesan)
        return 0 if hasil.cocok else 1
    masalah = periksa_publikasi(args.dir, sidik_kunci_harapan=args.sidik_kunci)
    for m in masalah:
        _keluar(f"{m.lokasi}: {m.pesan} [{m.kode}]")
    if masalah:
        _keluar(f"GAGAL: {len(masalah)} masalah.")
        return 1
    _keluar("Publikasi terverifikasi: log, tanda tangan dan setiap berkas cocok.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
