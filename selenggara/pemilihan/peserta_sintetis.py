"""Made-up legislative and DPD candidates for the shipped Pemilu 2024 demo data.

The dapil, their seats and the parties are real (``data/peserta-2024/README.md``); the names
are not. This module wrote the committed ``calon-*.csv`` files and rewrites them identically
(``calon_sintetis_write``), so anyone can check where they came from. Every row is marked
``sintetis=1``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

PESERTA_2024_DIR = Path(__file__).resolve().parent / "data" / "peserta-2024"
SEED = 20240214
# The 18 national parties on every ballot outside Aceh.
PARTAI_NASIONAL = (*range(1, 18), 24)
# Demo candidates: the DPR dapil holding Purbalingga, its DPRD Provinsi and DPRD Kabupaten dapil.
DPR_DAPIL = ("jateng-7",)
DPD_CALON = 12
CALON_COLUMNS = (
    "kontestasi",
    "kode_dapil",
    "partai",
    "nomor_urut",
    "nama",
    "nama_wakil",
    "jenis_kelamin",
    "sintetis",
)

_LAKI = [
    "Agus",
    "Setiawan",
    "Budi",
    "Santoso",
    "Joko",
    "Prasetyo",
    "Slamet",
    "Riyadi",
    "Eko",
    "Wahyudi",
    "Heru",
    "Susanto",
    "Bambang",
    "Hartono",
    "Teguh",
    "Purnomo",
    "Sigit",
    "Nugroho",
    "Dwi",
    "Cahyono",
    "Rudi",
    "Hartanto",
    "Andi",
    "Kurniawan",
    "Fajar",
    "Ahmad",
    "Fauzi",
    "Muhammad",
    "Ridwan",
    "Yusuf",
    "Hidayat",
    "Imam",
    "Syafii",
    "Arif",
    "Rahman",
    "Wahyu",
    "Saputro",
    "Ilham",
    "Maulana",
    "Hendra",
    "Gunawan",
    "Sutrisno",
    "Haryanto",
    "Tri",
    "Wibowo",
    "Bayu",
    "Aji",
    "Galih",
    "Pamungkas",
]
_PEREMPUAN = [
    "Sri",
    "Wahyuni",
    "Siti",
    "Aminah",
    "Dewi",
    "Lestari",
    "Endang",
    "Rahayu",
    "Nur",
    "Hidayah",
    "Tri",
    "Astuti",
    "Rina",
    "Kartika",
    "Wulan",
    "Sari",
    "Ayu",
    "Puspita",
    "Fitri",
    "Handayani",
    "Lina",
    "Marlina",
    "Ratna",
    "Sari",
    "Yuni",
    "Kusumawati",
    "Indah",
    "Permatasari",
    "Dian",
    "Anggraini",
    "Retno",
    "Palupi",
    "Ani",
    "Suryani",
    "Eni",
    "Purwanti",
    "Nining",
    "Susilowati",
    "Tutik",
    "Rahmawati",
    "Sulastri",
    "Nurul",
    "Aini",
    "Anis",
    "Safitri",
    "Desi",
    "Ratnasari",
]
_BELAKANG = [
    "Santoso",
    "Wibowo",
    "Saputra",
    "Pratama",
    "Nugroho",
    "Setiawan",
    "Kusuma",
    "Hidayat",
    "Purnomo",
    "Wijaya",
    "Hartono",
    "Susanto",
    "Sasmita",
    "Hadiwijaya",
    "Prasetyo",
    "Utomo",
    "Suharto",
    "Sulistyo",
    "Kurniawan",
    "Firmansyah",
    "Haryono",
    "Sutanto",
    "Mulyono",
    "Suprapto",
    "Widodo",
    "Darmawan",
    "Supriyadi",
    "Ramadhan",
    "Suryadi",
    "Nugraha",
]


def _nama(rng: random.Random, jenis_kelamin: str) -> str:
    depan = _PEREMPUAN if jenis_kelamin == "P" else _LAKI
    return f"{rng.choice(depan)} {rng.choice(depan)} {rng.choice(_BELAKANG)}"


def _jenis_kelamin_list(rng: random.Random, n: int) -> list[str]:
    """At least one woman in every three consecutive numbers (UU 7/2017 Pasal 246 ayat 2)."""
    result: list[str] = []
    for start in range(0, n, 3):
        block = min(3, n - start)
        perempuan = rng.randrange(block)
        result.extend("P" if i == perempuan or rng.random() < 0.2 else "L" for i in range(block))
    return result


def _dapil_kursi(name: str) -> dict[str, int]:
    with (PESERTA_2024_DIR / name).open(encoding="utf-8") as handle:
        return {row["kode_dapil"]: int(row["kursi"]) for row in csv.DictReader(handle)}


def _partai_rows(
    rng: random.Random, kontestasi: str, dapil: dict[str, int]
) -> Iterator[tuple[object, ...]]:
    for kode, kursi in dapil.items():
        for partai in PARTAI_NASIONAL:
            n = rng.randint((kursi + 1) // 2, kursi)
            for nomor, jk in enumerate(_jenis_kelamin_list(rng, n), start=1):
                yield (kontestasi, kode, partai, nomor, _nama(rng, jk), "", jk, 1)


def calon_sintetis_rows(seed: int = SEED) -> dict[str, list[tuple[object, ...]]]:
    """Return the rows of each synthetic candidate file, by file name, deterministic for seed."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    dpr = {k: v for k, v in _dapil_kursi("dapil-dpr.csv").items() if k in DPR_DAPIL}
    dpd_list = _jenis_kelamin_list(rng, DPD_CALON)
    return {
        "calon-dpd.csv": [
            ("dpd", "jawa-tengah", "", nomor, _nama(rng, jk), "", jk, 1)
            for nomor, jk in enumerate(dpd_list, start=1)
        ],
        "calon-dpr.csv": list(_partai_rows(rng, "dpr", dpr)),
        "calon-dprd-provinsi.csv": list(
            _partai_rows(rng, "dprd_provinsi", _dapil_kursi("dapil-dprd-provinsi.csv"))
        ),
        "calon-dprd-kabkota.csv": list(
            _partai_rows(rng, "dprd_kabkota", _dapil_kursi("dapil-dprd-kabkota.csv"))
        ),
    }


def calon_sintetis_write(*, out_dir: Path = PESERTA_2024_DIR, seed: int = SEED) -> list[Path]:
    """Write the synthetic candidate files into ``out_dir`` and return their paths."""
    paths: list[Path] = []
    for name, rows in calon_sintetis_rows(seed).items():
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(CALON_COLUMNS)
            writer.writerows(rows)
        paths.append(path)
    return paths
