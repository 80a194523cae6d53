import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.wilayah.domain.kode import (
    InvalidKodeWilayah,
    JenisDesa,
    JenisKabKota,
    KodeTPS,
    KodeWilayah,
    Tingkat,
)


@pytest.mark.parametrize(
    ("raw", "dotted", "tingkat"),
    [
        pytest.param("33", "33", Tingkat.PROVINSI, id="provinsi"),
        pytest.param("33.03", "33.03", Tingkat.KABKOTA, id="kabupaten-dotted"),
        pytest.param("3303", "33.03", Tingkat.KABKOTA, id="kabupaten-undotted"),
        pytest.param("33.03.01", "33.03.01", Tingkat.KECAMATAN, id="kecamatan-dotted"),
        pytest.param("330301", "33.03.01", Tingkat.KECAMATAN, id="kecamatan-undotted"),
        pytest.param("33.03.01.2001", "33.03.01.2001", Tingkat.DESA, id="desa-dotted"),
        pytest.param("3303012001", "33.03.01.2001", Tingkat.DESA, id="desa-undotted"),
        pytest.param("  31.71.01.1001 ", "31.71.01.1001", Tingkat.DESA, id="spaces-trimmed"),
    ],
)
def test_parse_accepts_dotted_and_undotted(raw, dotted, tingkat):
    kode = KodeWilayah.parse(raw)
    assert kode.value == dotted
    assert kode.tingkat is tingkat
    assert kode.digits == dotted.replace(".", "")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("", "Gunakan 2, 4, 6 atau 10 angka", id="empty"),
        pytest.param("3", "Gunakan 2, 4, 6 atau 10 angka", id="one-digit"),
        pytest.param("33.3", "Gunakan 2, 4, 6 atau 10 angka", id="short-segment"),
        pytest.param("33030", "Gunakan 2, 4, 6 atau 10 angka", id="five-digits"),
        pytest.param("33.03.01.200", "Gunakan 2, 4, 6 atau 10 angka", id="desa-3-digits"),
        pytest.param("33-03", "Gunakan 2, 4, 6 atau 10 angka", id="dash"),
        pytest.param("ab", "Gunakan 2, 4, 6 atau 10 angka", id="letters"),
        pytest.param("00", "provinsi 00", id="provinsi-00"),
        pytest.param("33.00", "kabupaten/kota 00", id="kabkota-00"),
        pytest.param("33.70", "kabupaten/kota 70", id="kabkota-70"),
        pytest.param("33.03.00", "kecamatan 00", id="kecamatan-00"),
        pytest.param("33.03.01.4001", "desa/kelurahan 4001", id="desa-starts-4"),
        pytest.param("33.03.01.2000", "desa/kelurahan 2000", id="desa-000"),
        pytest.param(None, "Gunakan 2, 4, 6 atau 10 angka", id="none"),
    ],
)
def test_parse_rejects_impossible_codes_in_indonesian(raw, fragment):
    with pytest.raises(InvalidKodeWilayah) as info:
        KodeWilayah.parse(raw)
    assert "Kode wilayah tidak sah" in info.value.message
    assert fragment in info.value.message
    assert info.value.code == "invalid_kode_wilayah"


@pytest.mark.parametrize(
    ("raw", "parent", "ancestors"),
    [
        pytest.param("33", None, (), id="provinsi"),
        pytest.param("33.03", "33", ("33",), id="kabkota"),
        pytest.param("33.03.01", "33.03", ("33", "33.03"), id="kecamatan"),
        pytest.param("33.03.01.2001", "33.03.01", ("33", "33.03", "33.03.01"), id="desa"),
    ],
)
def test_parent_and_ancestors(raw, parent, ancestors):
    kode = KodeWilayah.parse(raw)
    assert (kode.parent.value if kode.parent else None) == parent
    assert tuple(a.value for a in kode.ancestors) == ancestors


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        pytest.param("33", "33.03.01.2001", True, id="provinsi-contains-desa"),
        pytest.param("33.03", "33.03", True, id="contains-itself"),
        pytest.param("33.03", "33.30.01", False, id="not-by-string-prefix"),
        pytest.param("33.03.01.2001", "33.03", False, id="desa-does-not-contain-kabkota"),
        pytest.param("34", "33.03", False, id="other-provinsi"),
    ],
)
def test_contains(outer, inner, expected):
    assert KodeWilayah.parse(outer).contains(KodeWilayah.parse(inner)) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("33", None, id="provinsi-has-none"),
        pytest.param("33.01", JenisKabKota.KABUPATEN, id="01-kabupaten"),
        pytest.param("33.69", JenisKabKota.KABUPATEN, id="69-kabupaten"),
        pytest.param("33.71", JenisKabKota.KOTA, id="71-kota"),
        pytest.param("33.99.01", JenisKabKota.KOTA, id="99-kota-kecamatan"),
    ],
)
def test_jenis_kabkota(raw, expected):
    assert KodeWilayah.parse(raw).jenis_kabkota is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("33.03.01", None, id="kecamatan-has-none"),
        pytest.param("33.71.01.1001", JenisDesa.KELURAHAN, id="1xxx-kelurahan"),
        pytest.param("33.03.01.2001", JenisDesa.DESA, id="2xxx-desa"),
        pytest.param("51.03.01.3001", JenisDesa.DESA_ADAT, id="3xxx-desa-adat"),
    ],
)
def test_jenis_desa(raw, expected):
    assert KodeWilayah.parse(raw).jenis_desa is expected


@pytest.mark.parametrize(
    ("raw", "desa", "nomor", "khusus"),
    [
        pytest.param("3303012001001", "33.03.01.2001", 1, False, id="undotted"),
        pytest.param("33.03.01.2001.012", "33.03.01.2001", 12, False, id="dotted"),
        pytest.param("3303012001900", "33.03.01.2001", 900, False, id="900-regular"),
        pytest.param("3303012001901", "33.03.01.2001", 901, True, id="901-khusus"),
    ],
)
def test_kode_tps_parse(raw, desa, nomor, khusus):
    kode = KodeTPS.parse(raw)
    assert kode.desa.value == desa
    assert kode.nomor == nomor
    assert kode.is_khusus is khusus
    assert kode.value == raw.replace(".", "")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        pytest.param("330301200100", "13 angka", id="12-digits"),
        pytest.param("3303012001000", "1-999", id="nomor-000"),
        pytest.param("3303012000001", "desa/kelurahan 2000", id="bad-desa"),
        pytest.param("abc", "13 angka", id="letters"),
    ],
)
def test_kode_tps_parse_rejects(raw, fragment):
    with pytest.raises(InvalidKodeWilayah) as info:
        KodeTPS.parse(raw)
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("desa", "nomor", "fragment"),
    [
        pytest.param("33.03.01", 1, "desa/kelurahan", id="not-a-desa"),
        pytest.param("33.03.01.2001", 0, "1-999", id="zero"),
        pytest.param("33.03.01.2001", 1000, "1-999", id="thousand"),
    ],
)
def test_kode_tps_of_rejects(desa, nomor, fragment):
    with pytest.raises(InvalidKodeWilayah) as info:
        KodeTPS.of(KodeWilayah.parse(desa), nomor)
    assert fragment in info.value.message


def test_kode_tps_of_builds_kpu_code():
    assert KodeTPS.of(KodeWilayah.parse("33.03.01.2001"), 7).value == "3303012001007"


_segment = st.integers(min_value=1, max_value=99).map(lambda n: f"{n:02d}")
_kabkota = st.one_of(st.integers(1, 69), st.integers(71, 99)).map(lambda n: f"{n:02d}")
_desa = st.tuples(st.sampled_from("123"), st.integers(1, 999)).map(lambda t: f"{t[0]}{t[1]:03d}")
_kode = st.tuples(_segment, _kabkota, _segment, _desa, st.integers(1, 4)).map(
    lambda t: ".".join(t[:4][: t[4]])
)


@given(_kode)
def test_parse_round_trips_dotted_and_undotted(dotted):
    kode = KodeWilayah.parse(dotted)
    assert kode.value == dotted
    assert KodeWilayah.parse(kode.digits) == kode
    assert all(a.contains(kode) for a in kode.ancestors)
    assert kode.parent is None or kode.parent.tingkat == kode.tingkat - 1


@given(_kode.filter(lambda k: k.count(".") == 3), st.integers(1, 999))
def test_kode_tps_round_trips(desa, nomor):
    kode = KodeTPS.of(KodeWilayah.parse(desa), nomor)
    assert KodeTPS.parse(kode.value) == kode
    assert kode.value.startswith(kode.desa.digits)
