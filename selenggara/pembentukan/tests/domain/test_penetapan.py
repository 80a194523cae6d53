from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.penetapan import (
    ANGGOTA_PER_KPPS,
    KRITERIA_BAKU,
    AlasanPAW,
    CadanganHabis,
    Calon,
    KetuaNotCandidate,
    KriteriaPeringkat,
    KriteriaTidakSah,
    Penempatan,
    Peran,
    SebabKekurangan,
    calon_rank,
    kpps_pick,
    kriteria_parse,
    pengganti_pick,
)
from selenggara.pembentukan.domain.syarat import Pendidikan

HARI = date(2024, 2, 14)
L, P = JenisKelamin.L, JenisKelamin.P


def calon(
    ref, *, jk=P, lahir=date(1990, 1, 1), pendidikan=Pendidikan.SMA, jam=0, ok=True, skor=None
):
    return Calon(
        ref=ref,
        jenis_kelamin=jk,
        tanggal_lahir=lahir,
        pendidikan=pendidikan,
        didaftar_pada=datetime(2023, 12, 11, 8 + jam % 10, jam // 10, tzinfo=UTC),
        memenuhi_syarat=ok,
        skor=skor,
    )


@pytest.mark.parametrize(
    ("pool", "order"),
    [
        pytest.param([calon("a", jam=2), calon("b", jam=1)], ["b", "a"], id="earlier-registration"),
        pytest.param(
            [calon("a", jam=1), calon("b", jam=2, pendidikan=Pendidikan.S1)],
            ["b", "a"],
            id="education-first",
        ),
        pytest.param(
            [calon("a", pendidikan=Pendidikan.S2), calon("b", skor=1)],
            ["b", "a"],
            id="scored-before-unscored",
        ),
        pytest.param([calon("a", skor=70), calon("b", skor=90)], ["b", "a"], id="higher-score"),
        pytest.param([calon("b"), calon("a")], ["a", "b"], id="ref-tie-break"),
        pytest.param([calon("a", ok=False), calon("b")], ["b"], id="ineligible-dropped"),
        pytest.param(
            [
                calon("a", pendidikan=Pendidikan.D4, jam=1),
                calon("b", pendidikan=Pendidikan.S1, jam=2),
            ],
            ["a", "b"],
            id="d4-equals-s1",
        ),
    ],
)
def test_calon_rank(pool, order):
    assert [c.ref for c in calon_rank(pool)] == order


PENDIDIKAN, WAKTU = KriteriaPeringkat.PENDIDIKAN, KriteriaPeringkat.WAKTU_DAFTAR
# a: SMA, registered first; b: S1, registered later; c: S1, registered last.
POOL = [
    calon("a", jam=1),
    calon("b", jam=2, pendidikan=Pendidikan.S1),
    calon("c", jam=3, pendidikan=Pendidikan.S1),
]


@pytest.mark.parametrize(
    ("kriteria", "order"),
    [
        pytest.param(KRITERIA_BAKU, ["b", "c", "a"], id="default-education-then-time"),
        pytest.param((WAKTU,), ["a", "b", "c"], id="first-come-first-served"),
        pytest.param((WAKTU, PENDIDIKAN), ["a", "b", "c"], id="time-then-education"),
        pytest.param((PENDIDIKAN,), ["b", "c", "a"], id="education-then-ref"),
    ],
)
def test_the_elections_criteria_order_the_ranking(kriteria, order):
    assert [c.ref for c in calon_rank(POOL, kriteria)] == order
    picked = kpps_pick(calon=POOL, hari_pemungutan=HARI, kriteria=kriteria)
    assert [p.ref for p in picked.anggota] == order


def test_the_score_still_ranks_before_the_criteria():
    pool = [calon("a", jam=1, skor=0), calon("b", jam=2, skor=1)]
    assert [c.ref for c in calon_rank(pool, (WAKTU,))] == ["b", "a"]


def test_the_documented_default():
    assert KRITERIA_BAKU == (PENDIDIKAN, WAKTU)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(["pendidikan", "waktu_daftar"], (PENDIDIKAN, WAKTU), id="default"),
        pytest.param([" Waktu_Daftar "], (WAKTU,), id="trimmed-any-case"),
    ],
)
def test_kriteria_parse(values, expected):
    assert kriteria_parse(values) == expected


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        pytest.param(["usia"], "'usia' tidak dikenal", id="unknown"),
        pytest.param(["pendidikan", "PENDIDIKAN"], "dua kali", id="repeated"),
        pytest.param([], "paling sedikit satu", id="none"),
    ],
)
def test_kriteria_parse_refuses(values, fragment):
    with pytest.raises(KriteriaTidakSah) as info:
        kriteria_parse(values)
    assert fragment in info.value.message


def test_kpps_pick_takes_seven_and_ranks_the_rest_as_reserves():
    pool = [calon(f"c{i:02d}", jk=P if i % 2 else L, jam=i) for i in range(10)]
    susunan = kpps_pick(calon=pool, hari_pemungutan=HARI)
    assert [p.ref for p in susunan.anggota] == [f"c{i:02d}" for i in range(7)]
    assert [p.peringkat for p in susunan.anggota] == list(range(1, 8))
    assert susunan.ketua == Penempatan(ref="c00", peringkat=1, peran=Peran.KETUA)
    assert [p.peran for p in susunan.anggota].count(Peran.KETUA) == 1
    assert [(p.ref, p.peringkat, p.peran) for p in susunan.cadangan] == [
        ("c07", 8, None),
        ("c08", 9, None),
        ("c09", 10, None),
    ]
    assert susunan.kekurangan is None
    assert susunan.peringatan == ()


def test_kpps_pick_honours_the_chosen_ketua():
    pool = [calon(f"c{i}", jam=i) for i in range(7)]
    susunan = kpps_pick(calon=pool, hari_pemungutan=HARI, ketua_ref="c4")
    assert susunan.ketua is not None
    assert susunan.ketua.ref == "c4"
    assert susunan.anggota[0].peran is Peran.ANGGOTA


def test_kpps_pick_refuses_a_ketua_outside_the_seven():
    pool = [calon(f"c{i}", jam=i) for i in range(9)]
    with pytest.raises(KetuaNotCandidate) as info:
        kpps_pick(calon=pool, hari_pemungutan=HARI, ketua_ref="c8")
    assert "Ketua KPPS" in info.value.message


@pytest.mark.parametrize(
    ("perempuan", "warned"),
    [
        pytest.param(0, True, id="no-women"),
        pytest.param(2, True, id="2-of-7-is-28pct"),
        pytest.param(3, False, id="3-of-7-is-43pct"),
        pytest.param(7, False, id="all-women"),
    ],
)
def test_fewer_than_30_percent_women_is_a_warning(perempuan, warned):
    pool = [calon(f"c{i}", jk=P if i < perempuan else L, jam=i) for i in range(7)]
    susunan = kpps_pick(calon=pool, hari_pemungutan=HARI)
    codes = [t.kode for t in susunan.peringatan]
    assert ("keterwakilan_perempuan_kurang" in codes) is warned
    assert len(susunan.anggota) == 7


@pytest.mark.parametrize(
    ("lahir", "warned"),
    [
        pytest.param(date(1968, 2, 15), False, id="55"),
        pytest.param(date(1968, 2, 14), True, id="56-on-polling-day"),
    ],
)
def test_members_above_55_are_warnings(lahir, warned):
    pool = [calon(f"c{i}", jam=i) for i in range(7)]
    pool[3] = replace(pool[3], tanggal_lahir=lahir)
    susunan = kpps_pick(calon=pool, hari_pemungutan=HARI)
    usia = [t for t in susunan.peringatan if t.kode == "anggota_usia_lebih_55"]
    assert bool(usia) is warned
    if warned:
        assert usia[0].kunci == ("anggota.c3",)
        assert usia[0].params == {"peringkat": 4, "usia": 56, "maksimum": 55}


@pytest.mark.parametrize(
    ("daftar", "memenuhi", "sebab"),
    [
        pytest.param(0, 0, SebabKekurangan.TIDAK_ADA_PENDAFTAR, id="nobody"),
        pytest.param(5, 5, SebabKekurangan.PENDAFTAR_KURANG, id="five-applied"),
        pytest.param(5, 3, SebabKekurangan.PENDAFTAR_KURANG, id="five-applied-three-ok"),
        pytest.param(9, 6, SebabKekurangan.MEMENUHI_SYARAT_KURANG, id="six-of-nine-ok"),
        pytest.param(9, 7, None, id="seven-of-nine-ok"),
    ],
)
def test_shortage_names_its_cause(daftar, memenuhi, sebab):
    pool = [calon(f"c{i}", jam=i, ok=i < memenuhi) for i in range(daftar)]
    susunan = kpps_pick(calon=pool, hari_pemungutan=HARI)
    assert len(susunan.anggota) == min(memenuhi, ANGGOTA_PER_KPPS)
    if sebab is None:
        assert susunan.kekurangan is None
    else:
        assert susunan.kekurangan is not None
        assert susunan.kekurangan.sebab is sebab
        assert susunan.kekurangan.tersedia == memenuhi
        assert susunan.kekurangan.pendaftar == daftar
        assert susunan.kekurangan.kode == sebab.value
        assert susunan.kekurangan.params == {
            "dibutuhkan": ANGGOTA_PER_KPPS,
            "tersedia": memenuhi,
            "pendaftar": daftar,
        }
    assert (susunan.ketua is None) is (memenuhi == 0)


RESERVES = (
    Penempatan(ref="r9", peringkat=9, peran=None),
    Penempatan(ref="r8", peringkat=8, peran=None),
)
KETUA = Penempatan(ref="k", peringkat=1, peran=Peran.KETUA)


@pytest.mark.parametrize(
    ("tidak_tersedia", "expected"),
    [
        pytest.param((), "r8", id="best-ranked-reserve"),
        pytest.param(("r8",), "r9", id="skips-used"),
    ],
)
def test_pengganti_pick_inherits_the_seat(tidak_tersedia, expected):
    hasil = pengganti_pick(
        cadangan=RESERVES,
        diganti=KETUA,
        alasan=AlasanPAW.MENINGGAL_DUNIA,
        tidak_tersedia=tidak_tersedia,
    )
    assert hasil.pengganti == Penempatan(ref=expected, peringkat=1, peran=Peran.KETUA)
    assert hasil.diganti == KETUA
    assert hasil.alasan is AlasanPAW.MENINGGAL_DUNIA


def test_pengganti_pick_refuses_when_reserves_run_out():
    with pytest.raises(CadanganHabis) as info:
        pengganti_pick(
            cadangan=RESERVES,
            diganti=KETUA,
            alasan=AlasanPAW.DIBERHENTIKAN,
            tidak_tersedia={"r8", "r9"},
        )
    assert "cadangan" in info.value.message


@pytest.mark.parametrize("alasan", list(AlasanPAW))
def test_paw_grounds_have_labels(alasan):
    assert alasan.label


@given(
    pool=st.lists(
        st.builds(
            calon,
            st.uuids().map(str),
            jk=st.sampled_from(JenisKelamin),
            lahir=st.dates(date(1940, 1, 1), date(2007, 1, 1)),
            pendidikan=st.sampled_from(Pendidikan),
            jam=st.integers(0, 99),
            ok=st.booleans(),
            skor=st.none() | st.integers(0, 100),
        ),
        max_size=20,
        unique_by=lambda c: c.ref,
    )
)
def test_pick_invariants(pool):
    susunan = kpps_pick(calon=pool, hari_pemungutan=HARI)
    eligible = [c for c in pool if c.memenuhi_syarat]
    placed = [p.ref for p in (*susunan.anggota, *susunan.cadangan)]
    assert sorted(placed) == sorted(c.ref for c in eligible)
    assert len(susunan.anggota) == min(len(eligible), ANGGOTA_PER_KPPS)
    assert (susunan.kekurangan is None) is (len(eligible) >= ANGGOTA_PER_KPPS)
    assert [p.peringkat for p in (*susunan.anggota, *susunan.cadangan)] == list(
        range(1, len(placed) + 1)
    )
    # Deterministic whatever the input order.
    assert kpps_pick(calon=list(reversed(pool)), hari_pemungutan=HARI) == susunan
