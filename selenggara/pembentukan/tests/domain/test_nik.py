from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.core.domain.temuan import Tingkat
from selenggara.pembentukan.domain.nik import (
    NIK,
    InvalidNIK,
    JenisKelamin,
    MasalahNIK,
    mask_nik,
    nik_check,
)
from selenggara.pembentukan.tests.domain.builders import nik_of

ON = date(2023, 12, 15)


def test_parse_reads_the_documented_example():
    # domain.md 7.2: Jatim, Sidoarjo, Sukodono, female born 05-08-1968, serial 0002.
    nik = NIK.parse("3515144508680002")
    assert str(nik.kecamatan) == "35.15.14"
    assert nik.jenis_kelamin is JenisKelamin.P
    assert nik.tanggal_lahir(on=ON) == date(1968, 8, 5)
    assert (nik.hari, nik.bulan, nik.yy, nik.serial) == (5, 8, 68, 2)
    assert str(nik) == "3515144508680002"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(" 3303010101900001 ", "3303010101900001", id="spaces-trimmed"),
        pytest.param(3303010101900001, "3303010101900001", id="integer"),
        pytest.param("3303014101900001", "3303014101900001", id="woman-day-41"),
        pytest.param("3303017101900001", "3303017101900001", id="woman-day-71"),
        pytest.param("3303013101900001", "3303013101900001", id="man-day-31"),
        pytest.param("3303012902000001", "3303012902000001", id="29-feb-yy-00"),
        pytest.param("3303016902840001", "3303016902840001", id="woman-29-feb-84"),
        pytest.param("3303010101909999", "3303010101909999", id="serial-9999"),
        pytest.param("3303013004900001", "3303013004900001", id="30-apr"),
    ],
)
def test_parse_accepts_valid_niks(raw, expected):
    assert NIK.parse(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "masalah", "fragment"),
    [
        pytest.param("", MasalahNIK.FORMAT, "NIK wajib diisi", id="empty"),
        pytest.param(None, MasalahNIK.FORMAT, "NIK wajib diisi", id="none"),
        pytest.param(True, MasalahNIK.FORMAT, "NIK wajib diisi", id="bool"),
        pytest.param("330301010190001", MasalahNIK.FORMAT, "15 angka", id="15-digits"),
        pytest.param("33030101019000011", MasalahNIK.FORMAT, "17 angka", id="17-digits"),
        pytest.param(
            "33030101019O0001", MasalahNIK.FORMAT, "hanya boleh berisi angka", id="letter-o"
        ),
        pytest.param("3303.01.010190.01", MasalahNIK.FORMAT, "hanya boleh", id="dots"),
        pytest.param(
            "３３０３０１０１０１９００００１", MasalahNIK.FORMAT, "hanya boleh", id="fullwidth"
        ),
        pytest.param("0003010101900001", MasalahNIK.WILAYAH, "000301", id="provinsi-00"),
        pytest.param("3370010101900001", MasalahNIK.WILAYAH, "337001", id="kabkota-70"),
        pytest.param("3303000101900001", MasalahNIK.WILAYAH, "330300", id="kecamatan-00"),
        pytest.param("3303010001900001", MasalahNIK.TANGGAL, "hari 00", id="day-00"),
        pytest.param("3303013201900001", MasalahNIK.TANGGAL, "hari 32", id="day-32"),
        pytest.param("3303014001900001", MasalahNIK.TANGGAL, "hari 40", id="day-40"),
        pytest.param("3303017201900001", MasalahNIK.TANGGAL, "hari 72", id="day-72"),
        pytest.param("3303019901900001", MasalahNIK.TANGGAL, "hari 99", id="day-99"),
        pytest.param("3303010100900001", MasalahNIK.TANGGAL, "bulan 00", id="month-00"),
        pytest.param("3303010113900001", MasalahNIK.TANGGAL, "bulan 13", id="month-13"),
        pytest.param("3303013102900001", MasalahNIK.TANGGAL, "tanggal 31 bulan 2", id="31-feb"),
        pytest.param(
            "3303017102900001", MasalahNIK.TANGGAL, "tanggal 31 bulan 2", id="woman-31-feb"
        ),
        pytest.param("3303013104900001", MasalahNIK.TANGGAL, "tanggal 31 bulan 4", id="31-apr"),
        pytest.param(
            "3303012902010001", MasalahNIK.TANGGAL, "tanggal 29 bulan 2", id="29-feb-yy-01"
        ),
        pytest.param("3303010101900000", MasalahNIK.NOMOR_URUT, "0000", id="serial-0000"),
    ],
)
def test_parse_rejects_malformed_niks_naming_the_field(raw, masalah, fragment):
    with pytest.raises(InvalidNIK) as info:
        NIK.parse(raw)
    assert info.value.params["masalah"] is masalah
    assert info.value.params["field"] == "nik"
    assert "NIK" in info.value.message
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("nik", "on", "expected"),
    [
        pytest.param("3303010101050001", date(2023, 12, 15), date(2005, 1, 1), id="yy05-2005"),
        pytest.param(
            "3303011612230001", date(2023, 12, 15), date(1923, 12, 16), id="tomorrow-goes-1900"
        ),
        pytest.param(
            "3303011512230001", date(2023, 12, 16), date(2023, 12, 15), id="yesterday-is-2023"
        ),
        pytest.param(
            "3303011412230001", date(2023, 12, 14), date(2023, 12, 14), id="today-is-not-future"
        ),
        pytest.param("3303010101990001", date(2023, 12, 15), date(1999, 1, 1), id="yy99-1999"),
        pytest.param("3303012902000001", date(2023, 12, 15), date(2000, 2, 29), id="29-feb-2000"),
        pytest.param("3303012902000001", date(2000, 2, 28), None, id="29-feb-00-before-2000"),
        pytest.param("3303010101600001", date(1950, 1, 1), None, id="both-centuries-future"),
    ],
)
def test_tanggal_lahir_takes_the_youngest_date_not_after_the_reference(nik, on, expected):
    parsed = NIK.parse(nik)
    if expected is None:
        with pytest.raises(InvalidNIK) as info:
            parsed.tanggal_lahir(on=on)
        assert info.value.params["masalah"] is MasalahNIK.TANGGAL
    else:
        assert parsed.tanggal_lahir(on=on) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("3515144508680002", "3515********0002", id="nik-16"),
        pytest.param(" 3515144508680002 ", "3515********0002", id="trimmed"),
        pytest.param(NIK.parse("3515144508680002"), "3515********0002", id="nik-object"),
        pytest.param("351514450868", "3515****0868", id="twelve"),
        pytest.param("35151445086", "***********", id="eleven-all-masked"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
    ],
)
def test_mask_nik_shows_only_first_and_last_four(raw, expected):
    assert mask_nik(raw) == expected


def _known(code: str) -> bool:
    return code in {"330301", "351514"}


@pytest.mark.parametrize(
    ("nik", "lahir", "jk", "exists", "codes"),
    [
        pytest.param(
            "3303010508900001", date(1990, 8, 5), JenisKelamin.L, _known, [], id="consistent"
        ),
        pytest.param(
            "3303014508900001", date(1990, 8, 5), JenisKelamin.P, _known, [], id="woman-consistent"
        ),
        pytest.param("3303010508900001", None, None, None, [], id="nothing-stated"),
        pytest.param(
            "12345", date(1990, 8, 5), JenisKelamin.L, _known, ["nik_format"], id="malformed"
        ),
        pytest.param(
            "3303017208900001",
            date(1990, 8, 5),
            JenisKelamin.L,
            _known,
            ["nik_tanggal_tidak_mungkin"],
            id="day-72",
        ),
        pytest.param(
            "9101010508900001",
            date(1990, 8, 5),
            JenisKelamin.L,
            _known,
            ["nik_wilayah_tidak_dikenal"],
            id="unknown-kecamatan",
        ),
        pytest.param(
            "9101010508900001", date(1990, 8, 5), JenisKelamin.L, None, [], id="no-region-list"
        ),
        pytest.param(
            "3303010508900001",
            date(1990, 8, 6),
            JenisKelamin.L,
            _known,
            ["nik_tanggal_lahir_beda"],
            id="day-differs",
        ),
        pytest.param(
            "3303010508900001",
            date(1990, 9, 5),
            JenisKelamin.L,
            _known,
            ["nik_tanggal_lahir_beda"],
            id="month-differs",
        ),
        pytest.param(
            "3303010508900001",
            date(1890, 8, 5),
            JenisKelamin.L,
            _known,
            [],
            id="century-not-compared",
        ),
        pytest.param(
            "3303010508900001",
            date(1991, 8, 5),
            JenisKelamin.L,
            _known,
            ["nik_tanggal_lahir_beda"],
            id="year-differs",
        ),
        pytest.param(
            "3303010508900001",
            date(1990, 8, 5),
            JenisKelamin.P,
            _known,
            ["nik_jenis_kelamin_beda"],
            id="sex-differs",
        ),
        pytest.param(
            "3303014508900001",
            date(1990, 8, 5),
            JenisKelamin.L,
            _known,
            ["nik_jenis_kelamin_beda"],
            id="woman-day-man-stated",
        ),
        pytest.param(
            "9101014608900001",
            date(1991, 8, 5),
            JenisKelamin.L,
            _known,
            ["nik_wilayah_tidak_dikenal", "nik_tanggal_lahir_beda", "nik_jenis_kelamin_beda"],
            id="all-warnings",
        ),
    ],
)
def test_nik_check_reports_each_problem(nik, lahir, jk, exists, codes):
    temuan = nik_check(
        nik_raw=nik, tanggal_lahir=lahir, jenis_kelamin=jk, kecamatan_exists=exists, on=ON
    )
    assert [t.kode for t in temuan] == codes


def test_nik_check_errors_only_for_malformed_and_warns_for_mismatch():
    malformed = nik_check(
        nik_raw="x", tanggal_lahir=None, jenis_kelamin=None, kecamatan_exists=None, on=ON
    )
    assert malformed[0].tingkat is Tingkat.GALAT
    assert malformed[0].kunci == ("nik",)
    beda = nik_check(
        nik_raw="3303010508900001",
        tanggal_lahir=date(1990, 8, 6),
        jenis_kelamin=JenisKelamin.P,
        kecamatan_exists=None,
        on=ON,
    )
    assert [t.tingkat for t in beda] == [Tingkat.PERINGATAN, Tingkat.PERINGATAN]
    assert [t.kunci for t in beda] == [("tanggal_lahir",), ("jenis_kelamin",)]
    assert beda[0].params == {"tanggal": "1990-08-06", "tanggal_nik": "1990-08-05"}
    assert beda[1].params == {"jenis_kelamin": "P", "jenis_kelamin_nik": "L"}


def test_nik_check_reports_a_date_no_century_allows():
    temuan = nik_check(
        nik_raw="3303012902000001",
        tanggal_lahir=None,
        jenis_kelamin=None,
        kecamatan_exists=None,
        on=date(1999, 1, 1),
    )
    assert [t.kode for t in temuan] == ["nik_tanggal_tidak_mungkin"]


def test_jenis_kelamin_labels():
    assert JenisKelamin.L.label == "laki-laki"
    assert JenisKelamin.P.label == "perempuan"


kecamatan_codes = st.builds(
    lambda p, k, c: f"{p:02d}{k:02d}{c:02d}",
    st.integers(11, 99),
    st.integers(1, 99).filter(lambda k: k != 70),
    st.integers(1, 99),
)
birth_dates = st.dates(min_value=date(1924, 1, 1), max_value=date(2023, 12, 15))


@given(
    kecamatan=kecamatan_codes,
    lahir=birth_dates,
    jk=st.sampled_from(JenisKelamin),
    serial=st.integers(1, 9999),
)
def test_a_built_nik_parses_back_to_its_facts(kecamatan, lahir, jk, serial):
    nik = NIK.parse(nik_of(kecamatan=kecamatan, lahir=lahir, jenis_kelamin=jk, serial=serial))
    assert nik.kecamatan.digits == kecamatan
    assert nik.jenis_kelamin is jk
    assert nik.serial == serial
    assert nik.tanggal_sesuai(lahir)
    # Within a century of the reference, the youngest-date rule gives the true date back.
    assert nik.tanggal_lahir(on=ON) == lahir
    assert (
        nik_check(
            nik_raw=nik.value, tanggal_lahir=lahir, jenis_kelamin=jk, kecamatan_exists=None, on=ON
        )
        == []
    )


@given(raw=st.text(alphabet="0123456789", min_size=12, max_size=20))
def test_masking_never_reveals_middle_digits(raw):
    masked = mask_nik(raw)
    assert len(masked) == len(raw)
    assert masked[:4] == raw[:4]
    assert masked[-4:] == raw[-4:]
    assert set(masked[4:-4]) <= {"*"}


@given(raw=st.text(max_size=11))
def test_masking_short_text_reveals_nothing(raw):
    assert set(mask_nik(raw)) <= {"*"}
