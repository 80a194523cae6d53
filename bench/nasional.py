"""The national dataset of the benchmarks: Pemilu 2024's 820,161 TPS x 5 contests of C.Hasil.

    from nasional import nasional_build          # bench/ is on sys.path when a script runs
    info = nasional_build(progress=print_progress)  # in a migrated, empty database

or, to build it once into a kept database that several benchmarks then reuse (``--reuse``):

    DATABASE_URL=postgres://u:p@host:5432/NAME .venv/bin/python bench/nasional.py
    .venv/bin/python bench/nasional.py --sqlite /tmp/nasional.sqlite3

(the PostgreSQL database NAME or the SQLite file must not exist yet; it is created, migrated
and filled, and left in place).

What it writes, in the database Django is configured for (SQLite or PostgreSQL), in one
transaction:

1. the shipped Kepmendagri 2025 regions, "Pemilu 2024" (the ``pemilu-2024`` preset) and the
   2024 TPS distribution with synthetic DPT (``tps_load_distribusi_2024``, 819,892 TPS placed;
   see docs/performance.md, "Region and TPS import"), all from the files the project ships;
2. one dapil per contest and region: PPWP one for the nation, DPD and DPR one per provinsi,
   DPRD Provinsi and DPRD Kab/Kota one per kab/kota (ASSUMPTION: the real 84 DPR and 2,000-odd
   DPRD dapil cut provinces and kab/kota finer; the recap keys its rows per dapil, so only the
   number of rows per region changes, not the work per sheet);
3. a C.Hasil header and its current version per TPS and contest, written with COPY
   (PostgreSQL) or ``executemany`` (SQLite) through ``core.bulk.rows_insert``: sections I-III
   consistent with the TPS's DPT, section IV split among the participants by fixed weights
   (PPWP 3 pairs; DPD 10 candidates; DPR/DPRD 18 parties, each with its party-only votes,
   ``calon_per_partai`` candidates and its total), so every sheet passes its own arithmetic;
4. faults in a realistic share (domain.md 4.3): ``tanpa_lembar`` of the sheets missing (never
   sent), ``ditahan`` held out (the hundreds box misread, 1 as 8: valid votes 700 too high, a
   ``galat`` finding, as in 2024's Sirekap), ``dikoreksi`` with a second version (the first
   misread, the second a PPK correction with its reason);
5. the parties and candidates of every dapil's ballot (``calon_ensure``), matching section IV's
   keys: the recompute reads a contest's keys from them (and every version has its layout's
   fingerprint, ``susunan_sidik``). ``--calon`` adds only these to a dataset built before
   they were part of it.

Every number is drawn from ``seed`` (numpy), so two builds give the same sheets. No recap row
is written: the caller recomputes (``rekap_hitung_ulang``) or does whatever it measures.
Nothing is read from outside the repository and nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

SEED = 20240214
JENIS: tuple[str, ...] = ("ppwp", "dpd", "dpr", "dprd_provinsi", "dprd_kabkota")
PARTAI = 18
DPD_CALON = 10
BATCH_TPS = 20_000
# Shares of sheets (per TPS x contest), ASSUMPTION from 2024: Kawal Pemilu's volunteers found a
# few tenths of a percent of Sirekap's TPS pages misread, and about 1 % of C.Hasil were still
# missing a week after polling day.
TANPA_LEMBAR = 0.005
DITAHAN = 0.003
DIKOREKSI = 0.002
# Weights of the participants (PPWP: Pemilu 2024's national result, per mille).
BOBOT_PPWP = (247, 585, 168)
BOBOT_PARTAI = (
    1062, 1325, 1658, 1529, 966, 64, 74, 842, 32, 72, 51, 719, 32, 746, 281, 129, 388, 21
)  # fmt: skip

Progress = Callable[[str, int, int], None]


def progress_printer(every_s: float = 30.0) -> Progress:
    """A ``progress`` callback for ``nasional_build`` that prints at most every ``every_s``."""
    last = [0.0]

    def progress(phase: str, done: int, total: int) -> None:
        if time.perf_counter() - last[0] > every_s:
            last[0] = time.perf_counter()
            print(f"  {phase}: {done:,} / {total:,}", flush=True)

    return progress


@dataclass(frozen=True, slots=True, kw_only=True)
class Nasional:
    """What ``nasional_build`` wrote."""

    pemilihan_id: int
    pemilihan_kode: str
    tps: int
    c_hasil: int  # headers (TPS x contest with a sheet)
    versi: int  # versions (c_hasil + the corrected ones' second)
    tanpa_lembar: int
    ditahan: int
    dikoreksi: int
    angka_suara: int  # section IV numbers of the current versions
    detik: float

    def as_dict(self) -> dict[str, object]:
        return {
            "pemilihan": self.pemilihan_kode,
            "tps": self.tps,
            "c_hasil": self.c_hasil,
            "versi": self.versi,
            "tanpa_lembar": self.tanpa_lembar,
            "ditahan": self.ditahan,
            "dikoreksi": self.dikoreksi,
            "angka_suara": self.angka_suara,
            "detik": self.detik,
        }


def _kunci(jenis: str, calon_per_partai: int) -> list[str]:
    """Section IV keys of one contest's sheet, in layout order."""
    if jenis == "ppwp":
        return [f"calon_{n}" for n in range(1, len(BOBOT_PPWP) + 1)]
    if jenis == "dpd":
        return [f"calon_{n}" for n in range(1, DPD_CALON + 1)]
    out = []
    for p in range(1, PARTAI + 1):
        out.append(f"partai_{p}")
        out.extend(f"partai_{p}_calon_{c}" for c in range(1, calon_per_partai + 1))
        out.append(f"partai_{p}_jumlah")
    return out


def _bobot(jenis: str, calon_per_partai: int) -> np.ndarray:
    """The share of valid votes of each counted key (party totals are derived)."""
    if jenis == "ppwp":
        w = np.array(BOBOT_PPWP, dtype=float)
    elif jenis == "dpd":
        w = np.array([21, 13, 8, 5, 3, 3, 2, 2, 1, 1], dtype=float)
    else:
        # Per party: its party-only votes, then its candidates (the first draws most).
        per = [1.0] + [2.0 / c for c in range(1, calon_per_partai + 1)]
        w = np.array([b * x for b in BOBOT_PARTAI for x in per], dtype=float)
    shares: np.ndarray = w / w.sum()
    return shares


def _dapil_ensure(pemilihan: Any) -> dict[str, dict[str, int]]:
    """Create the benchmark's dapil; return {jenis: {region prefix digits: dapil id}}."""
    from selenggara.pemilihan.models import Dapil, Kontestasi
    from selenggara.wilayah.domain.kode import Tingkat
    from selenggara.wilayah.models import Wilayah

    wilayah = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id)
    provinsi = list(wilayah.filter(tingkat=Tingkat.PROVINSI).values_list("kode", "nama"))
    kabkota = list(wilayah.filter(tingkat=Tingkat.KABKOTA).values_list("kode", "nama"))
    per_region = {
        "ppwp": [("", "Indonesia")],
        "dpd": provinsi,
        "dpr": provinsi,
        "dprd_provinsi": kabkota,
        "dprd_kabkota": kabkota,
    }
    out: dict[str, dict[str, int]] = {}
    for jenis, regions in per_region.items():
        kontestasi = Kontestasi.objects.get(pemilihan=pemilihan, jenis=jenis)
        Dapil.objects.bulk_create(
            [
                Dapil(
                    kontestasi=kontestasi,
                    kode=f"bench-{jenis}-{kode or 'ri'}".replace(".", "-").replace("_", "-"),
                    nama=f"{jenis.upper()} {nama}",
                    induk_kode=kode,
                )
                for kode, nama in regions
            ],
            ignore_conflicts=True,
        )
        out[jenis] = {
            induk.replace(".", ""): pk
            for induk, pk in Dapil.objects.filter(kontestasi=kontestasi).values_list(
                "induk_kode", "pk"
            )
        }
    return out


def calon_ensure(pemilihan: Any, calon_per_partai: int = 1) -> int:
    """Create the ballots' parties and candidates of every benchmark dapil, matching the keys
    of ``_kunci`` (the recompute reads a contest's keys from them); return candidates created.

    Idempotent: a dapil that has candidates already is left as it is.
    """
    from selenggara.pemilihan.models import Calon, Dapil, Partai

    Partai.objects.bulk_create(
        [
            Partai(pemilihan=pemilihan, nomor=p, nama=f"Partai Bench {p}", singkatan=f"PB{p}")
            for p in range(1, PARTAI + 1)
        ],
        ignore_conflicts=True,
    )
    partai = dict(Partai.objects.filter(pemilihan=pemilihan).values_list("nomor", "pk"))
    rows: list[Any] = []
    dapil = Dapil.objects.filter(kontestasi__pemilihan=pemilihan, calon_set__isnull=True)
    for d, jenis in dapil.values_list("pk", "kontestasi__jenis"):
        if jenis == "ppwp":
            rows += [
                Calon(dapil_id=d, nomor_urut=n, nama=f"Capres {n}", nama_wakil=f"Cawapres {n}")
                for n in range(1, len(BOBOT_PPWP) + 1)
            ]
        elif jenis == "dpd":
            rows += [
                Calon(dapil_id=d, nomor_urut=n, nama=f"Calon DPD {n}")
                for n in range(1, DPD_CALON + 1)
            ]
        else:
            rows += [
                Calon(dapil_id=d, partai_id=partai[p], nomor_urut=c, nama=f"Calon {p}.{c}")
                for p in range(1, PARTAI + 1)
                for c in range(1, calon_per_partai + 1)
            ]
    Calon.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def sidik_ensure(pemilihan: Any, calon_per_partai: int = 1) -> int:
    """Give every version without one its contest's layout fingerprint (what ``_sheets``
    writes); return the versions updated."""
    from django.db import connection

    from selenggara.pemilihan.models import Kontestasi
    from selenggara.tungsura.domain.lembar import sidik_kunci
    from selenggara.tungsura.models import CHasil, CHasilVersi

    updated = 0
    v, c = CHasilVersi._meta.db_table, CHasil._meta.db_table
    for pk, jenis in Kontestasi.objects.filter(pemilihan=pemilihan).values_list("pk", "jenis"):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {v} SET susunan_sidik = %s WHERE susunan_sidik IS NULL AND c_hasil_id "
                f"IN (SELECT id FROM {c} WHERE kontestasi_id = %s)",
                [sidik_kunci(_kunci(jenis, calon_per_partai)), pk],
            )
            updated += cursor.rowcount
    return updated


def _dapil_of(by_prefix: dict[str, int], tps_kode: str) -> int:
    for width in (4, 2, 0):
        found = by_prefix.get(tps_kode[:width])
        if found is not None:
            return found
    raise KeyError(tps_kode)


_VERSI_COLUMNS = (
    "id",
    "c_hasil_id",
    "nomor",
    "sumber",
    "alasan",
    "dibuat_pada",
    "dpt_l",
    "dpt_p",
    "dpt_j",
    "pengguna_dpt_l",
    "pengguna_dpt_p",
    "pengguna_dpt_j",
    "pengguna_dptb_l",
    "pengguna_dptb_p",
    "pengguna_dptb_j",
    "pengguna_dpk_l",
    "pengguna_dpk_p",
    "pengguna_dpk_j",
    "pengguna_total_l",
    "pengguna_total_p",
    "pengguna_total_j",
    "surat_suara_diterima",
    "surat_suara_digunakan",
    "surat_suara_rusak",
    "surat_suara_sisa",
    "disabilitas_l",
    "disabilitas_p",
    "disabilitas_j",
    "suara_sah",
    "suara_tidak_sah",
    "suara_total",
    "suara",
    "temuan",
    "status",
    "konfirmasi",
    "teks_kanonik",
    "digest",
    "susunan_sidik",
)
_C_HASIL_COLUMNS = ("id", "tps_id", "kontestasi_id", "dapil_id", "versi_terkini_id", "created_at")
MISREAD = 700  # a 1 read as 8 in the hundreds box
KOREKSI_ALASAN = "Koreksi rapat pleno PPK: kotak ratusan suara sah tertulis 1, terbaca 8."


def _temuan_misread(sah: int) -> str:
    return json.dumps(
        [
            {
                "kode": "suara_sah_tidak_sesuai",
                "tingkat": "galat",
                "kunci": ["suara_sah"],
                "diharapkan": sah,
                "tertulis": sah + MISREAD,
            }
        ]
    )


@dataclass(slots=True)
class _Counter:
    c_hasil: int = 0
    versi: int = 0
    tanpa: int = 0
    ditahan: int = 0
    dikoreksi: int = 0
    angka: int = 0


def _bagian_i_iii(
    rng: np.random.Generator, dpt_l: np.ndarray, dpt_p: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sections I-III of a batch (one row per TPS, ``_VERSI_COLUMNS`` dpt_l..disabilitas_j),
    the valid and the invalid votes: every identity of the form holds."""
    n = len(dpt_l)
    turnout = rng.uniform(0.72, 0.90, n)
    u_l = np.floor(dpt_l * turnout).astype(np.int64)
    u_p = np.floor(dpt_p * turnout).astype(np.int64)
    b_l, b_p = rng.integers(0, 4, n), rng.integers(0, 4, n)
    k_l, k_p = rng.integers(0, 2, n), rng.integers(0, 2, n)
    t_l, t_p = u_l + b_l + k_l, u_p + b_p + k_p
    total = t_l + t_p
    diterima = dpt_l + dpt_p + np.ceil((dpt_l + dpt_p) * 0.02).astype(np.int64)
    rusak = rng.integers(0, 3, n)
    # A small TPS with several DPTb voters uses more than the 2 % reserve: it got more ballots.
    diterima = np.maximum(diterima, total + rusak)
    dis_l, dis_p = rng.integers(0, 3, n), rng.integers(0, 3, n)
    tidak_sah = np.floor(total * rng.uniform(0.01, 0.05, n)).astype(np.int64)
    columns = (
        dpt_l, dpt_p, dpt_l + dpt_p, u_l, u_p, u_l + u_p, b_l, b_p, b_l + b_p,
        k_l, k_p, k_l + k_p, t_l, t_p, total, diterima, total, rusak, diterima - total - rusak,
        dis_l, dis_p, dis_l + dis_p, total - tidak_sah, tidak_sah, total,
    )  # fmt: skip
    return np.column_stack(columns), total - tidak_sah, tidak_sah


def _suara(votes: list[int], *, jenis: str, keys: Sequence[str], per_party: int) -> dict[str, int]:
    """Section IV of one sheet: each party's total is the sum of its rows."""
    if jenis in ("ppwp", "dpd"):
        return dict(zip(keys, votes, strict=True))
    suara: dict[str, int] = {}
    for p in range(PARTAI):
        part = votes[p * per_party : (p + 1) * per_party]
        base = p * (per_party + 1)
        for j, value in enumerate(part):
            suara[keys[base + j]] = value
        suara[keys[base + per_party]] = sum(part)
    return suara


def _sheets(
    *,
    rng: np.random.Generator,
    tps: np.ndarray,
    kode: Sequence[str],
    jenis: str,
    kontestasi_id: int,
    dapil_by_prefix: dict[str, int],
    calon_per_partai: int,
    ids: list[int],
    counter: _Counter,
    now: datetime,
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Return the header rows and version rows of one contest for a batch of TPS."""
    bagian, sah, _tidak_sah = _bagian_i_iii(rng, tps[:, 1], tps[:, 2])
    votes = rng.multinomial(sah, _bobot(jenis, calon_per_partai))
    roll = rng.random(len(kode))
    from selenggara.tungsura.domain.lembar import sidik_kunci

    keys = _kunci(jenis, calon_per_partai)
    sidik = sidik_kunci(keys)  # the layout calon_ensure gives every dapil of the contest
    headers: list[tuple[object, ...]] = []
    versions: list[tuple[object, ...]] = []
    for i, tps_kode in enumerate(kode):
        if roll[i] < TANPA_LEMBAR:
            counter.tanpa += 1
            continue
        suara = _suara(votes[i].tolist(), jenis=jenis, keys=keys, per_party=1 + calon_per_partai)
        counter.angka += len(suara)
        c_id = ids[0]
        ids[0] += 1
        row = bagian[i].tolist()
        suara_json = json.dumps(suara)
        digest = hashlib.sha256(f"{tps_kode}|{jenis}|{suara_json}".encode()).hexdigest()
        current = c_id * 2
        if roll[i] < TANPA_LEMBAR + DITAHAN + DIKOREKSI:
            # The first version has the hundreds box of the valid votes misread (galat).
            s = row[-3]
            misread = [*row[:-3], s + MISREAD, *row[-2:]]
            versions.append(
                (c_id * 2, c_id, 1, "ponsel_kpps", "", now, *misread, suara_json,
                 _temuan_misread(s), "perlu_konfirmasi", "[]", "", digest, sidik)
            )  # fmt: skip
            if roll[i] >= TANPA_LEMBAR + DITAHAN:
                counter.dikoreksi += 1
                current = c_id * 2 + 1
                versions.append(
                    (current, c_id, 2, "pleno", KOREKSI_ALASAN, now, *row, suara_json, "[]",
                     "konsisten", "[]", "", digest, sidik)
                )  # fmt: skip
            else:
                counter.ditahan += 1
        else:
            versions.append(
                (current, c_id, 1, "ponsel_kpps", "", now, *row, suara_json, "[]", "konsisten",
                 "[]", "", digest, sidik)
            )  # fmt: skip
        headers.append(
            (
                c_id,
                int(tps[i, 0]),
                kontestasi_id,
                _dapil_of(dapil_by_prefix, tps_kode),
                current,
                now,
            )
        )
    counter.c_hasil += len(headers)
    counter.versi += len(versions)
    return headers, versions


def _tps_batches(pemilihan_id: int) -> Iterator[tuple[np.ndarray, list[str]]]:
    from selenggara.pemilihan.models import TPS

    rows = (
        TPS.objects.filter(pemilihan_id=pemilihan_id)
        .order_by("kode")
        .values_list("id", "dpt_laki", "dpt_perempuan", "kode")
    )
    batch: list[tuple[int, int, int, str]] = []
    for row in rows.iterator(chunk_size=BATCH_TPS):
        batch.append(row)
        if len(batch) == BATCH_TPS:
            yield np.array([r[:3] for r in batch], dtype=np.int64), [r[3] for r in batch]
            batch = []
    if batch:
        yield np.array([r[:3] for r in batch], dtype=np.int64), [r[3] for r in batch]


def _world(prefix: str | None, progress: Progress | None) -> Any:
    from selenggara.pemilihan.domain.preset import PRESETS
    from selenggara.pemilihan.models import Pemilihan
    from selenggara.pemilihan.services import pemilihan_create, tps_load_distribusi_2024
    from selenggara.wilayah.services import (
        DEFAULT_FILE,
        DEFAULT_KEPUTUSAN,
        DEFAULT_VERSI_KODE,
        wilayah_import,
    )

    preset = PRESETS["pemilu-2024"]
    existing = Pemilihan.objects.filter(kode=preset.kode).first()
    if existing is not None:
        raise RuntimeError(f"{preset.kode} already exists: build into an empty database")
    imported = wilayah_import(
        path=DEFAULT_FILE, versi_kode=DEFAULT_VERSI_KODE, keputusan=DEFAULT_KEPUTUSAN, actor=None
    )
    pemilihan = pemilihan_create(
        kode=preset.kode,
        nama=preset.nama,
        jenis=preset.jenis,
        hari_pemungutan=preset.hari_pemungutan,
        versi_wilayah=imported.versi,
        batas_pemilih_per_tps=preset.batas_pemilih_per_tps,
        kontestasi=list(preset.kontestasi),
        actor=None,
    )
    tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix=prefix, progress=progress)
    return pemilihan


def nasional_build(
    *,
    seed: int = SEED,
    jenis: Sequence[str] = JENIS,
    calon_per_partai: int = 1,
    prefix: str | None = None,
    progress: Progress | None = None,
) -> Nasional:
    """Build the national dataset (module docstring) in the configured, empty database.

    ``prefix`` (a region code, e.g. "33.03") loads only that region's TPS: for a quick try or a
    test; the benchmarks use the whole country.
    """
    from django.db import transaction

    from selenggara.core.bulk import rows_insert
    from selenggara.pemilihan.models import TPS, Kontestasi
    from selenggara.tungsura.models import CHasil, CHasilVersi

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    counter = _Counter()
    now = datetime(2024, 2, 14, 20, 0, tzinfo=UTC)
    with transaction.atomic():
        pemilihan = _world(prefix, progress)
        dapil = _dapil_ensure(pemilihan)
        calon_ensure(pemilihan, calon_per_partai)
        kontestasi = dict(
            Kontestasi.objects.filter(pemilihan=pemilihan, jenis__in=jenis).values_list(
                "jenis", "pk"
            )
        )
        total_tps = TPS.objects.filter(pemilihan=pemilihan).count()
        ids = [1 + (CHasil.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)]
        done = 0
        for tps, kode in _tps_batches(pemilihan.pk):
            headers: list[tuple[object, ...]] = []
            versions: list[tuple[object, ...]] = []
            for j in jenis:
                h, v = _sheets(
                    rng=rng,
                    tps=tps,
                    kode=kode,
                    jenis=j,
                    kontestasi_id=kontestasi[j],
                    dapil_by_prefix=dapil[j],
                    calon_per_partai=calon_per_partai,
                    ids=ids,
                    counter=counter,
                    now=now,
                )
                headers += h
                versions += v
            rows_insert(
                table=CHasil._meta.db_table,
                columns=_C_HASIL_COLUMNS,
                rows=headers,
                total=len(headers),
            )
            rows_insert(
                table=CHasilVersi._meta.db_table,
                columns=_VERSI_COLUMNS,
                rows=versions,
                total=len(versions),
            )
            done += len(kode)
            if progress is not None:
                progress("C.Hasil nasional", done, total_tps or done)
        _sequences_reset()
    return Nasional(
        pemilihan_id=pemilihan.pk,
        pemilihan_kode=pemilihan.kode,
        tps=done,
        c_hasil=counter.c_hasil,
        versi=counter.versi,
        tanpa_lembar=counter.tanpa,
        ditahan=counter.ditahan,
        dikoreksi=counter.dikoreksi,
        angka_suara=counter.angka,
        detik=round(time.perf_counter() - started, 1),
    )


def _sequences_reset() -> None:
    """Move PostgreSQL's id sequences past the ids written explicitly."""
    from django.core.management.color import no_style
    from django.db import connection

    from selenggara.tungsura.models import CHasil, CHasilVersi

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [CHasil, CHasilVersi]):
            cursor.execute(sql)


def _main() -> int:
    """Build the dataset into a new database that is kept (module docstring)."""
    import argparse
    import os
    import sys
    from pathlib import Path
    from urllib.parse import urlsplit, urlunsplit

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    parser = argparse.ArgumentParser(description="Build the national dataset into a new database.")
    parser.add_argument("--sqlite", help="an SQLite file to create instead of DATABASE_URL")
    parser.add_argument("--prefix", default=None, help="one region only (a quick try)")
    parser.add_argument(
        "--calon",
        action="store_true",
        help="only add the parties, candidates and versions' layout fingerprints to a dataset "
        "built before they were part of it",
    )
    args = parser.parse_args()
    if args.calon:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        import django

        django.setup()
        from selenggara.pemilihan.models import Pemilihan

        pemilihan = Pemilihan.objects.get(kode="pemilu-2024")
        made = calon_ensure(pemilihan)
        print(json.dumps({"calon": made, "versi_bersidik": sidik_ensure(pemilihan)}))
        return 0
    if args.sqlite:
        if Path(args.sqlite).exists():
            parser.error(f"{args.sqlite} exists already")
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.sqlite).resolve()}"
    else:
        import psycopg

        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            parser.error("set DATABASE_URL to a PostgreSQL database to create, or give --sqlite")
        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    info = nasional_build(prefix=args.prefix, progress=progress_printer())
    print(json.dumps(info.as_dict()))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
