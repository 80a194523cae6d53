"""The rule table the phone evaluates finds exactly what the server's checks find."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selenggara.tungsura.domain.aturan import Aturan, Jenis, aturan_check, aturan_list
from selenggara.tungsura.domain.lembar import BarisPartai, SusunanSuara
from selenggara.tungsura.domain.pemeriksaan import Kode, KonteksTPS, c_hasil_check
from selenggara.tungsura.tests.domain.test_pemeriksaan import (
    PPWP,
    PPWP_KONTEKS,
    PPWP_LEMBAR,
)

DPR = SusunanSuara(partai=(BarisPartai(1, (1, 2)), BarisPartai(2, ()), BarisPartai(3, (1,))))
KONTEKS = KonteksTPS(dpt_l=140, dpt_p=138, batas_pemilih=300, cadangan=6, cadangan_batas=6)


def _changed(**changes: int) -> dict[str, int]:
    return {**PPWP_LEMBAR, **changes}


@pytest.mark.parametrize(
    ("angka", "codes"),
    [
        (PPWP_LEMBAR, []),
        (_changed(calon_2=33), [Kode.SUARA_SAH_TIDAK_SESUAI]),
        (
            _changed(dpt_l=126),
            [Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH, Kode.DPT_TIDAK_SAMA_DAFTAR],
        ),
        (
            _changed(calon_1=1152),
            [Kode.ANGKA_MELEBIHI_KOTAK, Kode.SUARA_SAH_TIDAK_SESUAI, Kode.MELEBIHI_BATAS_TPS],
        ),
        (
            _changed(disabilitas_j=999),
            [
                Kode.LAKI_PEREMPUAN_TIDAK_SAMA_JUMLAH,
                Kode.DISABILITAS_MELEBIHI_PENGGUNA,
                Kode.MELEBIHI_BATAS_TPS,
            ],
        ),
        (
            _changed(surat_suara_diterima=254),
            [Kode.SURAT_SUARA_TIDAK_SEIMBANG, Kode.SURAT_SUARA_TIDAK_SAMA_ALOKASI],
        ),
    ],
)
def test_the_table_finds_what_the_checks_find(angka: dict[str, int], codes: list[Kode]):
    found = aturan_check(aturan_list(PPWP, PPWP_KONTEKS), angka)
    assert [t.kode for t in found] == codes
    assert found == c_hasil_check(angka, susunan=PPWP, konteks=PPWP_KONTEKS)


def _sheets(susunan: SusunanSuara) -> st.SearchStrategy[dict[str, int]]:
    keys = susunan.kunci_semua()
    return st.fixed_dictionaries({k: st.integers(min_value=0, max_value=1200) for k in keys})


@settings(max_examples=200, deadline=None)
@given(angka=_sheets(DPR), konteks_dpt=st.integers(min_value=0, max_value=300))
def test_party_layouts_agree_for_any_numbers(angka: dict[str, int], konteks_dpt: int):
    konteks = KonteksTPS(
        dpt_l=konteks_dpt, dpt_p=KONTEKS.dpt_p, batas_pemilih=300, cadangan=5, cadangan_batas=6
    )
    assert aturan_check(aturan_list(DPR, konteks), angka) == c_hasil_check(
        angka, susunan=DPR, konteks=konteks
    )


@settings(max_examples=200, deadline=None)
@given(angka=_sheets(PPWP), base=st.sampled_from([PPWP_LEMBAR, None]))
def test_candidate_layouts_agree_for_any_numbers(angka: dict[str, int], base):
    # Half the cases start from a consistent sheet with one part changed, so the identities
    # are exercised near equality too, not only far from it.
    if base is not None:
        angka = {**base, "calon_3": angka["calon_3"], "dpt_p": angka["dpt_p"]}
    assert aturan_check(aturan_list(PPWP, PPWP_KONTEKS), angka) == c_hasil_check(
        angka, susunan=PPWP, konteks=PPWP_KONTEKS
    )


def test_the_json_form_carries_only_the_fields_of_its_kind():
    table = aturan_list(PPWP, PPWP_KONTEKS)
    by_jenis: dict[Jenis, dict[str, object]] = {}
    for rule in table:
        by_jenis.setdefault(rule.jenis, rule.as_dict())
    assert by_jenis[Jenis.SAMA]["bagian"] == ["dpt_l", "dpt_p"]
    assert "batas" not in by_jenis[Jenis.SAMA]
    assert by_jenis[Jenis.PALING_BANYAK]["tingkat"] == "galat"
    assert set(by_jenis[Jenis.SAMA_DENGAN]) == {
        "jenis",
        "kode",
        "tingkat",
        "kunci",
        "tertulis",
        "diharapkan",
        "tambah_kunci",
    }
    assert by_jenis[Jenis.SAMA_DENGAN] == {
        "jenis": "sama_dengan",
        "kode": "dpt_tidak_sama_daftar",
        "tingkat": "peringatan",
        "kunci": ["dpt_l"],
        "tertulis": "dpt_l",
        "diharapkan": 125,
        "tambah_kunci": None,
    }
    # The ballots received are compared with the DPT's allocation plus the DPTb users.
    alokasi = next(r for r in table if r.kode.value == "surat_suara_tidak_sama_alokasi")
    assert alokasi.as_dict()["tambah_kunci"] == "pengguna_dptb_j"


def test_a_bound_by_a_field_compares_against_that_field():
    rule = Aturan(
        jenis=Jenis.PALING_BANYAK,
        kode=Kode.PENGGUNA_DPT_MELEBIHI_DPT,
        kunci=("a", "b"),
        tertulis="a",
        batas_kunci="b",
    )
    assert aturan_check([rule], {"a": 3, "b": 3}) == []
    [found] = aturan_check([rule], {"a": 4, "b": 3})
    assert (found.diharapkan, found.tertulis) == (3, 4)
