import pytest

from selenggara.accounts.domain.peran import (
    InvalidPenugasan,
    Lingkup,
    Peran,
    can_assign,
    can_write,
    lingkup_for,
    peran_label,
    requires_two_factor,
)
from selenggara.wilayah.domain.kode import KodeTPS, KodeWilayah

PROV = KodeWilayah("33")
KAB = KodeWilayah("33.03")
KEC = KodeWilayah("33.03.01")
DESA = KodeWilayah("33.03.01.2001")
DESA_LAIN = KodeWilayah("33.03.01.2002")
KAB_LAIN = KodeWilayah("33.04")
TPS = KodeTPS.of(DESA, 1)
TPS_2 = KodeTPS.of(DESA, 2)
TPS_LAIN = KodeTPS.of(DESA_LAIN, 1)

NASIONAL = Lingkup()


@pytest.mark.parametrize(
    ("peran", "wilayah", "tps", "expected"),
    [
        pytest.param(Peran.KPU_RI, None, None, Lingkup(), id="kpu-ri-nation"),
        pytest.param(Peran.KPU_PROVINSI, PROV, None, Lingkup(wilayah=PROV), id="kpu-provinsi"),
        pytest.param(Peran.KPU_KABKOTA, KAB, None, Lingkup(wilayah=KAB), id="kpu-kabkota"),
        pytest.param(Peran.PPK, KEC, None, Lingkup(wilayah=KEC), id="ppk-kecamatan"),
        pytest.param(Peran.PPS, DESA, None, Lingkup(wilayah=DESA), id="pps-desa"),
        pytest.param(Peran.KPPS_KETUA, None, TPS, Lingkup(tps=TPS), id="kpps-ketua-tps"),
        pytest.param(Peran.KPPS_ANGGOTA, None, TPS, Lingkup(tps=TPS), id="kpps-anggota-tps"),
        pytest.param(Peran.SAKSI, None, TPS, Lingkup(tps=TPS), id="saksi-tps"),
        pytest.param(Peran.PENGAWAS, None, None, Lingkup(), id="pengawas-nation"),
        pytest.param(Peran.PENGAWAS, PROV, None, Lingkup(wilayah=PROV), id="pengawas-provinsi"),
        pytest.param(Peran.PENGAWAS, KAB, None, Lingkup(wilayah=KAB), id="pengawas-kabkota"),
        pytest.param(Peran.PENGAWAS, KEC, None, Lingkup(wilayah=KEC), id="pengawas-kecamatan"),
        pytest.param(Peran.PENGAWAS, DESA, None, Lingkup(wilayah=DESA), id="pengawas-desa"),
        pytest.param(Peran.PENGAWAS, None, TPS, Lingkup(tps=TPS), id="pengawas-tps"),
    ],
)
def test_lingkup_for_accepts_the_role_level(peran, wilayah, tps, expected):
    assert lingkup_for(peran=peran, wilayah=wilayah, tps=tps) == expected


@pytest.mark.parametrize(
    ("peran", "wilayah", "tps", "message"),
    [
        pytest.param(
            Peran.KPU_RI, PROV, None, "KPU RI mencakup seluruh wilayah", id="kpu-ri-region"
        ),
        pytest.param(
            Peran.KPU_RI, None, TPS, "ditugaskan pada wilayah, bukan TPS", id="kpu-ri-tps"
        ),
        pytest.param(Peran.KPU_PROVINSI, None, None, "tingkat provinsi", id="provinsi-none"),
        pytest.param(Peran.KPU_PROVINSI, KAB, None, "tingkat provinsi", id="provinsi-at-kab"),
        pytest.param(Peran.KPU_KABKOTA, PROV, None, "tingkat kabupaten/kota", id="kab-at-prov"),
        pytest.param(Peran.PPK, DESA, None, "tingkat kecamatan", id="ppk-at-desa"),
        pytest.param(Peran.PPS, KEC, None, "tingkat desa/kelurahan", id="pps-at-kecamatan"),
        pytest.param(Peran.PPS, None, TPS, "PPS ditugaskan pada wilayah", id="pps-at-tps"),
        pytest.param(
            Peran.KPPS_KETUA, DESA, None, "harus ditugaskan pada satu TPS", id="ketua-desa"
        ),
        pytest.param(Peran.KPPS_ANGGOTA, None, None, "Anggota KPPS harus", id="anggota-none"),
        pytest.param(Peran.SAKSI, KAB, None, "Saksi harus ditugaskan", id="saksi-region"),
        pytest.param(Peran.KPPS_KETUA, DESA, TPS, "tidak keduanya", id="both-region-and-tps"),
        pytest.param(Peran.PENGAWAS, DESA, TPS, "tidak keduanya", id="pengawas-both"),
    ],
)
def test_lingkup_for_refuses_the_wrong_level_in_indonesian(peran, wilayah, tps, message):
    with pytest.raises(InvalidPenugasan, match=message):
        lingkup_for(peran=peran, wilayah=wilayah, tps=tps)


@pytest.mark.parametrize(
    ("lingkup", "kode", "expected"),
    [
        pytest.param(NASIONAL, DESA, True, id="nation-holds-desa"),
        pytest.param(Lingkup(wilayah=KAB), KAB, True, id="region-holds-itself"),
        pytest.param(Lingkup(wilayah=KAB), DESA, True, id="region-holds-descendant"),
        pytest.param(Lingkup(wilayah=KAB), PROV, False, id="region-not-ancestor"),
        pytest.param(Lingkup(wilayah=KAB), KAB_LAIN, False, id="region-not-sibling"),
        pytest.param(Lingkup(tps=TPS), DESA, False, id="tps-holds-no-region"),
    ],
)
def test_contains_wilayah(lingkup, kode, expected):
    assert lingkup.contains_wilayah(kode) is expected


@pytest.mark.parametrize(
    ("lingkup", "kode", "expected"),
    [
        pytest.param(NASIONAL, TPS, True, id="nation"),
        pytest.param(Lingkup(wilayah=KEC), TPS, True, id="kecamatan-holds-its-tps"),
        pytest.param(Lingkup(wilayah=DESA), TPS_LAIN, False, id="desa-not-neighbour-tps"),
        pytest.param(Lingkup(tps=TPS), TPS, True, id="tps-holds-itself"),
        pytest.param(Lingkup(tps=TPS), TPS_2, False, id="tps-not-next-tps"),
    ],
)
def test_contains_tps(lingkup, kode, expected):
    assert lingkup.contains_tps(kode) is expected


@pytest.mark.parametrize(
    ("lingkup", "other", "expected"),
    [
        pytest.param(NASIONAL, NASIONAL, True, id="nation-in-nation"),
        pytest.param(Lingkup(wilayah=PROV), NASIONAL, False, id="nation-not-in-provinsi"),
        pytest.param(Lingkup(wilayah=KAB), Lingkup(wilayah=KEC), True, id="kec-in-kab"),
        pytest.param(Lingkup(wilayah=KAB), Lingkup(wilayah=KAB_LAIN), False, id="kab-not-in-kab"),
        pytest.param(Lingkup(wilayah=DESA), Lingkup(tps=TPS), True, id="tps-in-desa"),
        pytest.param(Lingkup(wilayah=DESA), Lingkup(tps=TPS_LAIN), False, id="tps-not-in-desa"),
        pytest.param(Lingkup(tps=TPS), Lingkup(tps=TPS), True, id="tps-in-same-tps"),
        pytest.param(Lingkup(tps=TPS), Lingkup(wilayah=DESA), False, id="desa-not-in-tps"),
    ],
)
def test_contains_lingkup(lingkup, other, expected):
    assert lingkup.contains_lingkup(other) is expected


@pytest.mark.parametrize(
    ("lingkup", "kode", "expected"),
    [
        pytest.param(NASIONAL, PROV, True, id="nation-sees-all"),
        pytest.param(Lingkup(wilayah=DESA), KEC, True, id="desa-sees-ancestor-name"),
        pytest.param(Lingkup(wilayah=DESA), DESA, True, id="desa-sees-itself"),
        pytest.param(Lingkup(wilayah=DESA), DESA_LAIN, False, id="desa-not-sibling"),
        pytest.param(Lingkup(wilayah=KAB), KAB_LAIN, False, id="kab-not-sibling-kab"),
        pytest.param(Lingkup(tps=TPS), DESA, True, id="tps-sees-its-desa"),
        pytest.param(Lingkup(tps=TPS), PROV, True, id="tps-sees-its-provinsi"),
        pytest.param(Lingkup(tps=TPS), DESA_LAIN, False, id="tps-not-other-desa"),
    ],
)
def test_sees_wilayah(lingkup, kode, expected):
    assert lingkup.sees_wilayah(kode) is expected


@pytest.mark.parametrize(
    ("lingkup", "expected"),
    [
        pytest.param(NASIONAL, True, id="nation"),
        pytest.param(Lingkup(wilayah=PROV), False, id="provinsi"),
        pytest.param(Lingkup(tps=TPS), False, id="tps"),
    ],
)
def test_is_nasional(lingkup, expected):
    assert lingkup.is_nasional is expected


@pytest.mark.parametrize(
    ("peran", "writes", "two_factor"),
    [
        pytest.param(Peran.KPU_RI, True, True, id="kpu-ri"),
        pytest.param(Peran.KPU_PROVINSI, True, True, id="kpu-provinsi"),
        pytest.param(Peran.KPU_KABKOTA, True, True, id="kpu-kabkota"),
        pytest.param(Peran.PPK, True, False, id="ppk"),
        pytest.param(Peran.PPS, True, False, id="pps"),
        pytest.param(Peran.KPPS_KETUA, True, False, id="kpps-ketua"),
        pytest.param(Peran.KPPS_ANGGOTA, True, False, id="kpps-anggota"),
        pytest.param(Peran.PENGAWAS, False, False, id="pengawas"),
        pytest.param(Peran.SAKSI, False, False, id="saksi"),
    ],
)
def test_can_write_and_requires_two_factor(peran, writes, two_factor):
    assert can_write(peran) is writes
    assert requires_two_factor(peran) is two_factor


@pytest.mark.parametrize(
    ("assigner", "assigner_lingkup", "peran", "lingkup", "expected"),
    [
        pytest.param(
            Peran.KPU_RI,
            NASIONAL,
            Peran.KPU_PROVINSI,
            Lingkup(wilayah=PROV),
            True,
            id="ri-appoints-provinsi",
        ),
        pytest.param(
            Peran.KPU_RI, NASIONAL, Peran.PPS, Lingkup(wilayah=DESA), True, id="ri-anywhere"
        ),
        pytest.param(Peran.KPU_RI, NASIONAL, Peran.KPU_RI, NASIONAL, False, id="ri-not-beside"),
        pytest.param(
            Peran.KPU_PROVINSI,
            Lingkup(wilayah=PROV),
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            True,
            id="provinsi-appoints-kab",
        ),
        pytest.param(
            Peran.KPU_PROVINSI,
            Lingkup(wilayah=PROV),
            Peran.KPU_PROVINSI,
            Lingkup(wilayah=PROV),
            False,
            id="provinsi-not-beside",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.PPK,
            Lingkup(wilayah=KEC),
            True,
            id="kab-appoints-ppk",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.PPS,
            Lingkup(wilayah=DESA),
            True,
            id="kab-appoints-pps",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.KPPS_KETUA,
            Lingkup(tps=TPS),
            True,
            id="kab-appoints-kpps",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.PENGAWAS,
            Lingkup(wilayah=KAB),
            True,
            id="kab-registers-pengawas",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.SAKSI,
            Lingkup(tps=TPS),
            True,
            id="kab-registers-saksi",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.PPK,
            Lingkup(wilayah=KodeWilayah("33.04.01")),
            False,
            id="kab-outside-own-kab",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.KPU_PROVINSI,
            Lingkup(wilayah=PROV),
            False,
            id="kab-not-above",
        ),
        pytest.param(
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            Peran.KPU_KABKOTA,
            Lingkup(wilayah=KAB),
            False,
            id="kab-not-beside",
        ),
        pytest.param(
            Peran.PPK,
            Lingkup(wilayah=KEC),
            Peran.PPS,
            Lingkup(wilayah=DESA),
            False,
            id="ppk-does-not-form-pps",
        ),
        pytest.param(
            Peran.PPS,
            Lingkup(wilayah=DESA),
            Peran.KPPS_ANGGOTA,
            Lingkup(tps=TPS),
            True,
            id="pps-forms-kpps",
        ),
        pytest.param(
            Peran.PPS,
            Lingkup(wilayah=DESA),
            Peran.KPPS_KETUA,
            Lingkup(tps=TPS_LAIN),
            False,
            id="pps-not-other-desa",
        ),
        pytest.param(
            Peran.KPPS_KETUA,
            Lingkup(tps=TPS),
            Peran.KPPS_ANGGOTA,
            Lingkup(tps=TPS),
            False,
            id="ketua-not-beside",
        ),
        pytest.param(
            Peran.PENGAWAS,
            NASIONAL,
            Peran.SAKSI,
            Lingkup(tps=TPS),
            False,
            id="read-only-never-assigns",
        ),
        pytest.param(
            Peran.SAKSI,
            Lingkup(tps=TPS),
            Peran.SAKSI,
            Lingkup(tps=TPS),
            False,
            id="saksi-never-assigns",
        ),
    ],
)
def test_can_assign(assigner, assigner_lingkup, peran, lingkup, expected):
    result = can_assign(
        assigner=assigner, assigner_lingkup=assigner_lingkup, peran=peran, lingkup=lingkup
    )

    assert result is expected


def test_every_role_has_a_label():
    assert {peran_label(p) for p in Peran} >= {"KPU RI", "Ketua KPPS", "Saksi"}
    assert len({peran_label(p) for p in Peran}) == len(Peran)
