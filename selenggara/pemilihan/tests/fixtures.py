"""A tiny, explicit region tree with one election, built through the real services.

provinsi 33 Jawa Tengah > kab 33.03 Purbalingga > kec 33.03.01 Kemangkon > desa 33.03.01.2001
Kedungbenda (TPS 001, 002) and 33.03.01.2002 Bokol (TPS 001); Pemilu 2024 rules (cap 300).
Shared by every app's tests through the ``wilayah_tree`` fixture in the root conftest.py.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.pemilihan.services import pemilihan_create, tps_import
from selenggara.wilayah.models import VersiWilayah, Wilayah
from selenggara.wilayah.services import wilayah_import

WILAYAH_CSV = """kode,nama
33,Jawa Tengah
33.03,Kabupaten Purbalingga
33.03.01,Kemangkon
33.03.01.2001,Kedungbenda
33.03.01.2002,Bokol
"""

TPS_CSV = """kode_desa,nomor,alamat,dpt_laki,dpt_perempuan,dpt
33.03.01.2001,1,Balai Desa Kedungbenda,120,125,245
33.03.01.2001,2,SD Negeri 1 Kedungbenda,140,138,278
33.03.01.2002,1,Balai Desa Bokol,101,99,200
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class WilayahTree:
    versi: VersiWilayah
    provinsi: Wilayah
    kabkota: Wilayah
    kecamatan: Wilayah
    desa_list: list[Wilayah]
    pemilihan: Pemilihan
    tps_list: list[TPS]


def wilayah_tree_build(*, actor: Any = None) -> WilayahTree:
    """Import the tree, create "Pemilu 2024" (kode ``pemilu-2024``) and its three TPS."""
    with tempfile.TemporaryDirectory() as tmp:
        wilayah_path = Path(tmp) / "wilayah.csv"
        wilayah_path.write_text(WILAYAH_CSV, encoding="utf-8")
        versi = wilayah_import(
            path=wilayah_path, versi_kode="uji", keputusan="Kepmendagri uji", actor=actor
        ).versi
        pemilihan = pemilihan_create(
            kode="pemilu-2024",
            nama="Pemilu 2024",
            jenis="pemilu",
            hari_pemungutan=date(2024, 2, 14),
            versi_wilayah=versi,
            actor=actor,
        )
        tps_path = Path(tmp) / "tps.csv"
        tps_path.write_text(TPS_CSV, encoding="utf-8")
        tps_import(pemilihan=pemilihan, path=tps_path, actor=actor)
    wilayah = {w.kode: w for w in Wilayah.objects.filter(versi=versi)}
    return WilayahTree(
        versi=versi,
        provinsi=wilayah["33"],
        kabkota=wilayah["33.03"],
        kecamatan=wilayah["33.03.01"],
        desa_list=[wilayah["33.03.01.2001"], wilayah["33.03.01.2002"]],
        pemilihan=pemilihan,
        tps_list=list(TPS.objects.filter(pemilihan=pemilihan).order_by("kode")),
    )
