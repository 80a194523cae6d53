from dataclasses import replace
from datetime import date

import pytest

from selenggara.core.domain.tanggal import rentang_id, tanggal_id, usia_on
from selenggara.core.domain.temuan import Tingkat
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.syarat import (
    SYARAT_BY_CODE,
    DataPendaftar,
    JenisDokumen,
    KonteksPenelitian,
    Pendidikan,
    Syarat,
    dokumen_check,
    domisili_check,
    ganda_check,
    partai_check,
    pendidikan_check,
    penelitian_otomatis,
    perkawinan_check,
    usia_check,
)
from selenggara.pembentukan.tests.domain.builders import nik_of
from selenggara.wilayah.domain.kode import KodeWilayah

PEMILU = date(2024, 2, 14)
PILKADA = date(2024, 11, 27)
DESA = KodeWilayah.parse("33.03.01.2001")


@pytest.mark.parametrize(
    ("lahir", "on", "usia"),
    [
        pytest.param(date(2007, 2, 14), PEMILU, 17, id="17th-birthday-on-polling-day"),
        pytest.param(date(2007, 2, 15), PEMILU, 16, id="17th-birthday-day-after"),
        pytest.param(date(2004, 2, 29), date(2021, 2, 28), 16, id="leap-born-28-feb-common-year"),
        pytest.param(date(2004, 2, 29), date(2021, 3, 1), 17, id="leap-born-1-mar-common-year"),
        pytest.param(date(2004, 2, 29), date(2024, 2, 29), 20, id="leap-born-leap-day"),
        pytest.param(date(1968, 2, 14), PEMILU, 56, id="56-on-the-day"),
        pytest.param(date(1968, 2, 15), PEMILU, 55, id="55-till-next-day"),
    ],
)
def test_usia_on_counts_whole_years(lahir, on, usia):
    assert usia_on(lahir, on) == usia


@pytest.mark.parametrize(
    ("lahir", "hari", "codes"),
    [
        pytest.param(date(2007, 2, 14), PEMILU, [], id="17-on-polling-day"),
        pytest.param(date(2007, 2, 15), PEMILU, ["usia_kurang"], id="17-the-day-after"),
        pytest.param(date(2007, 2, 28), PEMILU, ["usia_kurang"], id="16"),
        pytest.param(date(2006, 12, 11), PEMILU, [], id="17-in-december-2023"),
        pytest.param(date(2007, 11, 27), PILKADA, [], id="pilkada-17th-birthday"),
        pytest.param(date(2006, 2, 28), PEMILU, [], id="18"),
        pytest.param(date(1968, 2, 15), PEMILU, [], id="55"),
        pytest.param(date(1968, 2, 14), PEMILU, ["usia_lebih_55"], id="56-on-polling-day"),
        pytest.param(date(1950, 1, 1), PEMILU, ["usia_lebih_55"], id="74"),
        pytest.param(
            date(2004, 2, 29), date(2021, 2, 28), ["usia_kurang"], id="leap-born-not-yet-17"
        ),
        pytest.param(date(2004, 2, 29), date(2021, 3, 1), [], id="leap-born-17-on-1-march"),
    ],
)
def test_usia_check_counts_age_on_polling_day(lahir, hari, codes):
    assert [t.kode for t in usia_check(tanggal_lahir=lahir, hari_pemungutan=hari)] == codes


def test_usia_check_severity_and_message():
    (kurang,) = usia_check(tanggal_lahir=date(2007, 2, 15), hari_pemungutan=PEMILU)
    assert kurang.tingkat is Tingkat.GALAT
    assert kurang.kunci == ("tanggal_lahir",)
    assert kurang.params == {"hari": "2024-02-14", "usia": 16, "minimum": 17}
    (lebih,) = usia_check(tanggal_lahir=date(1968, 2, 14), hari_pemungutan=PEMILU)
    assert lebih.tingkat is Tingkat.PERINGATAN
    assert lebih.params == {"hari": "2024-02-14", "usia": 56, "maksimum": 55}


@pytest.mark.parametrize(
    ("domisili", "codes"),
    [
        pytest.param("33.03.01.2001", [], id="same-desa"),
        pytest.param("3303012001", [], id="undotted-parses-equal"),
        pytest.param("33.03.01.2002", ["domisili_luar_desa"], id="neighbour-desa"),
        pytest.param("33.03.02.2001", ["domisili_luar_desa"], id="other-kecamatan"),
    ],
)
def test_domisili_check(domisili, codes):
    temuan = domisili_check(domisili_desa=KodeWilayah.parse(domisili), desa=DESA)
    assert [t.kode for t in temuan] == codes
    for t in temuan:
        assert t.kunci == ("domisili_desa",)
        assert t.params == {"domisili": str(KodeWilayah.parse(domisili)), "desa": "33.03.01.2001"}


@pytest.mark.parametrize(
    ("pendidikan", "memenuhi"),
    [pytest.param(p, p.jenjang >= 3, id=p.value) for p in Pendidikan],
)
def test_pendidikan_check_needs_sma_or_equivalent(pendidikan, memenuhi):
    temuan = pendidikan_check(pendidikan=pendidikan)
    assert (temuan == []) is memenuhi
    if not memenuhi:
        assert temuan[0].kunci == ("pendidikan",)
        assert temuan[0].params == {"pendidikan": pendidikan.value}


def test_pendidikan_is_ordered():
    order = [p.jenjang for p in Pendidikan]
    assert order == sorted(order)
    assert Pendidikan.SMA.jenjang == Pendidikan.SMK.jenjang == Pendidikan.MA.jenjang
    assert Pendidikan.PAKET_C.jenjang == Pendidikan.SMA.jenjang
    assert Pendidikan.SMP.jenjang < Pendidikan.SMA.jenjang < Pendidikan.D1.jenjang
    assert Pendidikan.S1.jenjang < Pendidikan.S2.jenjang < Pendidikan.S3.jenjang
    assert Pendidikan.SD.label == "SD/MI/sederajat"
    assert Pendidikan.S1.label == "S1"


@pytest.mark.parametrize(
    ("dokumen", "missing"),
    [
        pytest.param(frozenset(JenisDokumen), [], id="complete"),
        pytest.param(frozenset(), list(JenisDokumen), id="none"),
        pytest.param(
            frozenset(JenisDokumen) - {JenisDokumen.SURAT_KETERANGAN_SEHAT},
            [JenisDokumen.SURAT_KETERANGAN_SEHAT],
            id="no-health-certificate",
        ),
        pytest.param(
            frozenset(JenisDokumen) - {JenisDokumen.IJAZAH, JenisDokumen.KTP_ELEKTRONIK},
            [JenisDokumen.KTP_ELEKTRONIK, JenisDokumen.IJAZAH],
            id="two-in-regulation-order",
        ),
    ],
)
def test_dokumen_check_names_each_missing_document(dokumen, missing):
    temuan = dokumen_check(dokumen=dokumen)
    assert [t.kunci for t in temuan] == [(f"dokumen.{j.value}",) for j in missing]
    assert [t.params for t in temuan] == [{"dokumen": j.value} for j in missing]


@pytest.mark.parametrize(
    ("lain", "codes"),
    [
        pytest.param((), [], id="once"),
        pytest.param(("KPPS TPS 3303012002001",), ["nik_terdaftar_ganda"], id="other-desa"),
        pytest.param(
            ("KPPS TPS 3303012001002", "PPS 3303012001"), ["nik_terdaftar_ganda"], id="two"
        ),
    ],
)
def test_ganda_check(lain, codes):
    temuan = ganda_check(pendaftaran_lain=lain)
    assert [t.kode for t in temuan] == codes
    if lain:
        assert temuan[0].params == {"jumlah": len(lain)}
        assert temuan[0].params_petugas == {"pendaftaran_lain": "; ".join(lain)}


def test_partai_check_never_names_the_party_in_public_text():
    assert partai_check(partai=None) == []
    (t,) = partai_check(partai="Partai Contoh Raya")
    assert t.kode == "anggota_partai"
    assert t.tingkat is Tingkat.GALAT
    assert t.params == {}
    assert t.params_petugas == {"partai": "Partai Contoh Raya"}


@pytest.mark.parametrize(
    ("menyatakan", "codes"),
    [
        pytest.param(True, [], id="declared"),
        pytest.param(False, ["pernyataan_perkawinan_kosong"], id="not-declared"),
    ],
)
def test_perkawinan_check(menyatakan, codes):
    assert [
        t.kode for t in perkawinan_check(menyatakan_tidak_terikat_perkawinan=menyatakan)
    ] == codes


LAHIR = date(1990, 8, 5)
DATA = DataPendaftar(
    nik=nik_of(kecamatan="330301", lahir=LAHIR, jenis_kelamin=JenisKelamin.P),
    tanggal_lahir=LAHIR,
    jenis_kelamin=JenisKelamin.P,
    domisili_desa=DESA,
    pendidikan=Pendidikan.SMA,
    dokumen=frozenset(JenisDokumen),
    menyatakan_tidak_terikat_perkawinan=True,
)
KONTEKS = KonteksPenelitian(
    desa=DESA,
    hari_pemungutan=PEMILU,
    tanggal_penelitian=date(2023, 12, 15),
    kecamatan_exists=lambda kode: kode == "330301",
)


def test_penelitian_otomatis_passes_a_complete_application():
    hasil = penelitian_otomatis(DATA, KONTEKS)
    assert hasil.temuan == ()
    assert hasil.memenuhi_syarat is True


def test_penelitian_otomatis_reports_everything_in_a_stable_order():
    data = replace(
        DATA,
        nik=nik_of(kecamatan="910101", lahir=date(2008, 1, 1)),
        domisili_desa=KodeWilayah.parse("33.03.01.2002"),
        pendidikan=Pendidikan.SMP,
        dokumen=frozenset({JenisDokumen.KTP_ELEKTRONIK}),
        menyatakan_tidak_terikat_perkawinan=False,
        tanggal_lahir=date(2008, 1, 1),
    )
    konteks = replace(KONTEKS, pendaftaran_lain=("PPS 3303012002",), partai="Partai X")
    hasil = penelitian_otomatis(data, konteks)
    assert [t.kode for t in hasil.temuan] == [
        "nik_wilayah_tidak_dikenal",
        "nik_jenis_kelamin_beda",
        "usia_kurang",
        "anggota_partai",
        "domisili_luar_desa",
        "pendidikan_kurang",
        "nik_terdaftar_ganda",
        "pernyataan_perkawinan_kosong",
        *["dokumen_kurang"] * 6,
    ]
    assert hasil.memenuhi_syarat is False
    assert [t.kode for t in hasil.warnings] == [
        "nik_wilayah_tidak_dikenal",
        "nik_jenis_kelamin_beda",
    ]
    assert len(hasil.errors) == len(hasil.temuan) - 2
    assert [t.kode for t in hasil.temuan_for(Syarat.USIA)] == ["usia_kurang"]
    assert hasil.temuan_for(Syarat.SEHAT) == ()


def test_warnings_alone_leave_the_applicant_eligible():
    data = replace(
        DATA,
        tanggal_lahir=date(1960, 8, 5),
        nik=nik_of(lahir=date(1960, 8, 5), jenis_kelamin=JenisKelamin.P),
    )
    hasil = penelitian_otomatis(data, KONTEKS)
    assert [t.kode for t in hasil.temuan] == ["usia_lebih_55"]
    assert hasil.memenuhi_syarat is True


def test_every_finding_code_maps_to_a_requirement_with_a_label():
    assert set(SYARAT_BY_CODE.values()) <= set(Syarat)
    assert all(s.label for s in Syarat)
    assert Syarat.BUKAN_ANGGOTA_PARTAI.value.startswith("e_")


@pytest.mark.parametrize(
    ("mulai", "selesai", "text"),
    [
        pytest.param(
            date(2023, 12, 11), date(2023, 12, 20), "11–20 Desember 2023", id="same-month"
        ),
        pytest.param(
            date(2024, 9, 30), date(2024, 10, 2), "30 September – 2 Oktober 2024", id="two-months"
        ),
        pytest.param(
            date(2023, 12, 30),
            date(2024, 1, 2),
            "30 Desember 2023 – 2 Januari 2024",
            id="two-years",
        ),
        pytest.param(date(2024, 1, 24), date(2024, 1, 24), "24 Januari 2024", id="one-day"),
    ],
)
def test_rentang_id(mulai, selesai, text):
    assert rentang_id(mulai, selesai) == text


def test_tanggal_id():
    assert tanggal_id(date(2024, 2, 14)) == "14 Februari 2024"
