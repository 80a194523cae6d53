"""Bulk screening on small frames, and its agreement with the pure domain (no database)."""

import random
from collections import Counter
from datetime import date, timedelta

import polars as pl
import pytest

from selenggara.core.domain.tanggal import usia_on
from selenggara.pembentukan.domain.nik import NIK, InvalidNIK, JenisKelamin, nik_check
from selenggara.pembentukan.domain.syarat import (
    domisili_check,
    ganda_check,
    partai_check,
    usia_check,
)
from selenggara.pembentukan.penelitian.screening import (
    RESULT_COLUMNS,
    screening_plan,
    screening_run,
)
from selenggara.pembentukan.tests.domain.builders import nik_of
from selenggara.wilayah.domain.kode import KodeWilayah

HARI = date(2024, 2, 14)
ON = date(2023, 12, 15)  # the research day: resolves NIK centuries in the domain
KECAMATAN = {"330301", "330302", "351514"}


def frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            "nik": pl.String,
            "tanggal_lahir": pl.Date,
            "jenis_kelamin": pl.String,
            "domisili_desa": pl.String,
            "desa": pl.String,
        },
        orient="row",
    )


def row(nik, lahir=date(1990, 8, 5), jk="L", domisili="3303012001", desa="33.03.01.2001"):
    return (nik, lahir, jk, domisili, desa)


PARTY = pl.DataFrame({"nik": ["3303010508900002", "3303010508900002"], "partai": ["B", "A"]})


def screen(rows, party=PARTY):
    return screening_run(frame(rows), party, hari_pemungutan=HARI, kecamatan_codes=KECAMATAN)


@pytest.mark.parametrize(
    ("nik", "masalah"),
    [
        pytest.param("3303010508900001", None, id="valid"),
        pytest.param(" 3303010508900001 ", None, id="trimmed"),
        pytest.param("330301050890001", "nik_format", id="15-digits"),
        pytest.param("33030105089O0001", "nik_format", id="letter"),
        pytest.param(None, "nik_format", id="null"),
        pytest.param("0003010508900001", "nik_wilayah_tidak_sah", id="provinsi-00"),
        pytest.param("3370010508900001", "nik_wilayah_tidak_sah", id="kabkota-70"),
        pytest.param("3303000508900001", "nik_wilayah_tidak_sah", id="kecamatan-00"),
        pytest.param("3303010008900001", "nik_tanggal_tidak_mungkin", id="day-00"),
        pytest.param("3303013208900001", "nik_tanggal_tidak_mungkin", id="day-32"),
        pytest.param("3303017208900001", "nik_tanggal_tidak_mungkin", id="day-72"),
        pytest.param("3303010513900001", "nik_tanggal_tidak_mungkin", id="month-13"),
        pytest.param("3303013102900001", "nik_tanggal_tidak_mungkin", id="31-feb"),
        pytest.param("3303016902010001", "nik_tanggal_tidak_mungkin", id="woman-29-feb-01"),
        pytest.param("3303016902040001", None, id="woman-29-feb-04"),
        pytest.param("3303010508900000", "nik_nomor_urut_tidak_sah", id="serial-0000"),
    ],
)
def test_nik_problems_match_the_domain_codes(nik, masalah):
    result = screen([row(nik)])
    assert result["nik_masalah"].cast(pl.String).to_list() == [masalah]
    assert result["nik_valid"].to_list() == [masalah is None]


def test_result_columns_order_and_pass_through():
    rows = [row(nik_of(serial=i)) for i in (3, 1, 2)]
    df = frame(rows).with_columns(pl.Series("id", [30, 10, 20]))
    result = screening_run(
        df.lazy(), PARTY.lazy(), hari_pemungutan=HARI, kecamatan_codes=["33.03.01"]
    )
    assert result.columns == [*df.columns, *RESULT_COLUMNS]
    assert result["id"].to_list() == [30, 10, 20]
    assert result["nik_wilayah_ada"].to_list() == [True, True, True]


def test_consistency_flags():
    result = screen(
        [
            row("3303014508900001", lahir=date(1990, 8, 5), jk="P"),
            row("3303014508900001", lahir=date(1990, 8, 6), jk="L"),
            row("9101010508900001"),
            row("x"),
        ]
    )
    assert result["nik_tanggal_sesuai"].to_list() == [True, False, True, None]
    assert result["nik_jk_sesuai"].to_list() == [True, False, True, None]
    assert result["nik_wilayah_ada"].to_list() == [True, True, False, None]


@pytest.mark.parametrize(
    ("lahir", "usia", "kurang", "lebih"),
    [
        pytest.param(date(2007, 2, 14), 17, False, False, id="17th-birthday-on-polling-day"),
        pytest.param(date(2007, 2, 15), 16, True, False, id="17-the-day-after"),
        pytest.param(date(1968, 2, 15), 55, False, False, id="55"),
        pytest.param(date(1968, 2, 14), 56, False, True, id="56"),
        pytest.param(date(2004, 2, 29), 19, False, False, id="leap-day-birth"),
    ],
)
def test_age_on_polling_day(lahir, usia, kurang, lebih):
    result = screen([row(nik_of(lahir=lahir), lahir=lahir)])
    assert result.select("usia", "usia_kurang", "usia_lebih_55").row(0) == (usia, kurang, lebih)


def test_duplicates_party_and_domicile():
    dup = nik_of(serial=7)
    member = "3303010508900002"
    result = screen(
        [
            row(dup),
            row(dup, desa="3303012002", domisili="3303012002"),
            row(f" {dup}", domisili="33.03.01.2002"),
            row(member),
            row("bad"),
            row("bad"),
        ]
    )
    assert result["nik_ganda"].to_list() == [2, 2, 2, 0, 0, 0]
    assert result["domisili_sesuai"].to_list() == [True, True, False, True, True, True]
    assert result["anggota_partai"].to_list() == [False, False, False, True, False, False]
    assert result["partai"].to_list() == [None, None, None, "A", None, None]
    assert result["lolos_saringan"].to_list() == [False, False, False, False, False, False]


def test_a_clean_application_passes():
    result = screen([row(nik_of(serial=9))])
    assert result["lolos_saringan"].to_list() == [True]


def test_party_list_may_hold_integers_and_junk():
    party = pl.DataFrame({"nik": [3303010508900009, None], "partai": ["C", "D"]})
    result = screen(
        [row(nik_of(serial=9))], party=party.with_columns(pl.col("nik").cast(pl.UInt64))
    )
    assert result["partai"].to_list() == ["C"]


def test_empty_frame():
    result = screen([])
    assert result.height == 0
    assert result.columns[-len(RESULT_COLUMNS) :] == list(RESULT_COLUMNS)


def test_plan_is_lazy():
    plan = screening_plan(frame([row("x")]), PARTY, hari_pemungutan=HARI, kecamatan_codes=KECAMATAN)
    assert isinstance(plan, pl.LazyFrame)


# --- Agreement with the domain on generated rows -------------------------------------------

EDGE_NIKS = [
    "",
    " ",
    "3303010508900001",
    "33030105089000011",
    "330301050890001",
    "33030105089O0001",
    "3303.10508900001",
    "0003010508900001",
    "3300010508900001",
    "3370010508900001",
    "3303000508900001",
    "3303010008900001",
    "3303013108900001",
    "3303013208900001",
    "3303014008900001",
    "3303014108900001",
    "3303017108900001",
    "3303017208900001",
    "3303019908900001",
    "3303010500900001",
    "3303010513900001",
    "3303012902000001",
    "3303012902010001",
    "3303016902040001",
    "3303013102900001",
    "3303013104900001",
    "3303013004900001",
    "3303010508900000",
    "9101010508900001",
]
DESA = ["3303012001", "3303012002", "3303022001", "3515142003"]


def _generated(n, seed=20240214):
    rng = random.Random(seed)
    rows: list[tuple[str, date, str, str, str]] = []
    for i in range(n):
        lahir = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 30_000))
        if rng.random() < 0.05:
            lahir = date(rng.choice((2004, 1968, 1960)), 2, rng.choice((28, 29)))
        jk = rng.choice("LP")
        kind = rng.random()
        if kind < 0.1:
            nik = rng.choice(EDGE_NIKS)
        elif kind < 0.2:
            nik = "".join(rng.choice("0123456789") for _ in range(16))
        elif kind < 0.25 and rows:
            nik = rng.choice(rows)[0]  # a duplicate of an earlier application
        else:
            kecamatan = rng.choice([*sorted(KECAMATAN), "910101"])
            nik = nik_of(
                kecamatan=kecamatan,
                lahir=lahir,
                jenis_kelamin=JenisKelamin(jk),
                serial=rng.randrange(1, 10_000),
            )
        stated_lahir = (
            lahir if rng.random() < 0.9 else lahir + timedelta(days=rng.choice((1, 366, 36525)))
        )
        stated_jk = jk if rng.random() < 0.9 else ("P" if jk == "L" else "L")
        desa = rng.choice(DESA)
        domisili = desa if rng.random() < 0.85 else rng.choice(DESA)
        rows.append(
            (
                nik,
                stated_lahir,
                stated_jk,
                domisili,
                desa if i % 2 else KodeWilayah.parse(desa).value,
            )
        )
    return rows


def _masalah(nik: str) -> str | None:
    try:
        NIK.parse(nik)
    except InvalidNIK as exc:
        return str(exc.params["masalah"])
    return None


def _key(nik):
    text = nik.strip()
    return text if len(text) == 16 and text.isascii() and text.isdigit() else None


def test_bulk_agrees_with_the_domain_on_generated_rows():
    rows = _generated(4000)
    keys = [_key(r[0]) for r in rows]
    counts = Counter(k for k in keys if k is not None)
    members = sorted({k for k in keys if k is not None})[::25]
    party = pl.DataFrame({"nik": members, "partai": [f"P{i % 3}" for i in range(len(members))]})
    partai_by_nik = dict(zip(party["nik"], party["partai"], strict=True))
    result = screening_run(frame(rows), party, hari_pemungutan=HARI, kecamatan_codes=KECAMATAN)
    assert result.height == len(rows)
    seen_masalah: set[str | None] = set()
    for (nik, lahir, jk, domisili, desa), key, out in zip(
        rows, keys, result.iter_rows(named=True), strict=True
    ):
        masalah = _masalah(nik)
        seen_masalah.add(masalah)
        codes = {
            t.kode
            for t in nik_check(
                nik_raw=nik,
                tanggal_lahir=lahir,
                jenis_kelamin=JenisKelamin(jk),
                kecamatan_exists=KECAMATAN.__contains__,
                on=ON,
            )
        }
        if masalah is None:
            assert out["nik_wilayah_ada"] == ("nik_wilayah_tidak_dikenal" not in codes), nik
            assert out["nik_tanggal_sesuai"] == ("nik_tanggal_lahir_beda" not in codes), nik
            assert out["nik_jk_sesuai"] == ("nik_jenis_kelamin_beda" not in codes), nik
        else:
            assert codes == {masalah}
            assert out["nik_wilayah_ada"] is None
        # After the branch: mypy narrows ``masalah`` through an equality with Any.
        assert out["nik_masalah"] == masalah, nik
        usia = {t.kode for t in usia_check(tanggal_lahir=lahir, hari_pemungutan=HARI)}
        assert out["usia"] == usia_on(lahir, HARI)
        assert out["usia_kurang"] is ("usia_kurang" in usia)
        assert out["usia_lebih_55"] is ("usia_lebih_55" in usia)
        domisili_ok = not domisili_check(
            domisili_desa=KodeWilayah.parse(domisili), desa=KodeWilayah.parse(desa)
        )
        assert out["domisili_sesuai"] is domisili_ok
        lain = counts[key] - 1 if key is not None else 0
        assert out["nik_ganda"] == lain
        assert bool(ganda_check(pendaftaran_lain=["x"] * lain)) is (out["nik_ganda"] > 0)
        partai = partai_by_nik.get(key)
        assert bool(partai_check(partai=partai)) is out["anggota_partai"]
        assert out["partai"] == partai
    # The generator reached every kind of problem.
    assert seen_masalah == {
        None,
        "nik_format",
        "nik_wilayah_tidak_sah",
        "nik_tanggal_tidak_mungkin",
        "nik_nomor_urut_tidak_sah",
    }
    assert (result["nik_ganda"] > 0).any()
    assert result["anggota_partai"].sum() > 0
