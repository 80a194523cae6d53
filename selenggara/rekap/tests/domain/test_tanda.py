from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from selenggara.rekap.domain.tanda import (
    KodeTanda,
    Tanda,
    TPSLembar,
    skor_z,
    tanda_hitung,
    tanda_kembar,
    tanda_list,
    tanda_menyimpang,
    tanda_tps,
)


def item(kode: str = "3303012001001", **kwargs: object) -> TPSLembar:
    base: dict[str, object] = {
        "tps_kode": kode,
        "dpt": 200,
        "batas_atas": 306,
        "ada_lembar": True,
        "pengguna_total": 150,
        "suara_sah": 145,
        "suara_total": 150,
        "suara": {"calon_1": 100, "calon_2": 45},
        "nomor_versi": 1,
    }
    base.update(kwargs)
    return TPSLembar(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "kodes"),
    [
        pytest.param({}, [], id="clean"),
        pytest.param({"ada_lembar": False}, [KodeTanda.BELUM_MASUK], id="missing"),
        pytest.param(
            {"galat": ("suara_sah_tidak_sesuai",), "ditahan": True},
            [KodeTanda.ARITMETIKA, KodeTanda.DITAHAN],
            id="arithmetic-held-out",
        ),
        pytest.param({"nomor_versi": 2}, [KodeTanda.DIKOREKSI], id="corrected"),
        pytest.param({"keberatan": 1}, [KodeTanda.KEBERATAN], id="objected"),
        pytest.param({"pengguna_total": 201}, [KodeTanda.PARTISIPASI_LEBIH], id="turnout"),
        pytest.param(
            {"suara_total": 307, "pengguna_total": 150}, [KodeTanda.MELEBIHI_BATAS], id="cap"
        ),
    ],
)
def test_tanda_tps(kwargs: dict[str, Any], kodes: list[KodeTanda]) -> None:
    assert [t.kode for t in tanda_tps(item(**kwargs))] == kodes


def test_skor_z_is_none_without_spread() -> None:
    assert skor_z(Fraction(1), [Fraction(1), Fraction(1), Fraction(1)]) is None
    assert (
        skor_z(Fraction(3), [Fraction(1), Fraction(2), Fraction(3)])
        == Fraction(6745, 10000) * 1 / 1
    )


def _desa(calon_1_list: list[int]) -> list[TPSLembar]:
    return [
        item(
            f"330301200100{i}",
            suara={"calon_1": c, "calon_2": 100 - c},
            suara_sah=100,
            suara_total=101,
            pengguna_total=101 + i,
        )
        for i, c in enumerate(calon_1_list, start=1)
    ]


def test_tanda_menyimpang_flags_the_tps_far_from_its_desa() -> None:
    flagged = tanda_menyimpang(_desa([50, 52, 48, 51, 49, 97]))
    assert {t.tps_kode for t in flagged} == {"3303012001006"}
    assert flagged[0].params["median"] == 50.5


def test_tanda_menyimpang_needs_four_sheets_and_ignores_held_out() -> None:
    assert tanda_menyimpang(_desa([50, 52, 97])) == []
    few = [*_desa([50, 52, 48]), item("3303012001009", ditahan=True, suara={"calon_1": 1})]
    assert tanda_menyimpang(few) == []


def test_tanda_menyimpang_with_no_spread_flags_nothing() -> None:
    assert tanda_menyimpang(_desa([50, 50, 50, 50, 90])) == []


def test_tanda_kembar_identical_numbers_and_photos() -> None:
    a = item("3303012001001", foto_sha256=("x",))
    b = item("3303012001002", foto_sha256=("x",))
    c = item("3303012001003", pengguna_total=149, suara_total=149)
    empty = item("3303012001004", suara_total=0, suara={}, pengguna_total=0)
    empty2 = item("3303012001005", suara_total=0, suara={}, pengguna_total=0)
    found = tanda_kembar([a, b, c, empty, empty2])
    assert {(t.kode, t.tps_kode) for t in found} == {
        (KodeTanda.ANGKA_KEMBAR, a.tps_kode),
        (KodeTanda.ANGKA_KEMBAR, b.tps_kode),
        (KodeTanda.FOTO_KEMBAR, a.tps_kode),
        (KodeTanda.FOTO_KEMBAR, b.tps_kode),
    }
    assert found[0].params["tps_lain"] == [b.tps_kode]


def test_tanda_list_and_hitung_roll_up_per_tps() -> None:
    desa = _desa([50, 52, 48, 51, 49, 97])
    other = item("3303012002001", ada_lembar=False)
    tanda = tanda_list([*desa, other])
    counts = tanda_hitung(tanda)
    assert counts == {"belum_masuk": 1, "menyimpang": 1}
    assert tanda_hitung([Tanda(kode=KodeTanda.DIKOREKSI, tps_kode="x")] * 2) == {"dikoreksi": 1}


@pytest.mark.parametrize("hanya", ["", "3303012001", "3303012002", "3303012003", "3303012001006"])
def test_tanda_list_of_one_desa_is_the_whole_sets_flags_of_its_tps(hanya: str) -> None:
    # Desa 2001 with an outlier, desa 2002 with a sheet twin to one of desa 2001's (the twin
    # is only seen across desa), and a TPS of desa 2003 without a sheet.
    desa = _desa([50, 52, 48, 51, 49, 97])
    first = desa[0]
    twin = item(
        "3303012002001",
        suara=dict(first.suara),
        suara_sah=first.suara_sah,
        suara_total=first.suara_total,
        pengguna_total=first.pengguna_total,
    )
    items = [*desa, item("3303012002002", suara_total=0, suara={}), twin,
             item("3303012003001", ada_lembar=False)]  # fmt: skip
    whole = tanda_list(items)
    assert tanda_list(items, hanya=hanya) == [t for t in whole if t.tps_kode.startswith(hanya)]
    assert {t.kode for t in whole} >= {KodeTanda.MENYIMPANG, KodeTanda.ANGKA_KEMBAR}
