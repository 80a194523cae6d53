"""Ballots per TPS and contest = DPT + reserve, grouped and totalled per desa and kecamatan,
summed per child region above; the SQL reserve equals the domain's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from selenggara.pemilihan.domain.cadangan import Pembulatan, cadangan_surat_suara
from selenggara.pemilihan.models import TPS
from selenggara.portal.tests.world import DESA_A, TPS_A1, TPS_A2, TPS_B1, World, tps_create
from selenggara.tungsura.logistik.selectors import (
    Aturan,
    Jumlah,
    cadangan_expression,
    jumlah_sum,
    logistik_get_for_tps,
    logistik_get_for_wilayah,
)
from selenggara.tungsura.models import KotakSuara
from selenggara.tungsura.tests.logistik.conftest import dki_add

PEMILU = ["ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota"]


def _kotak(world: World, tps: str, jenis: str, diterima: int, kondisi: str = "utuh") -> None:
    KotakSuara.objects.create(
        tps=world.tps[tps],
        kontestasi=world.pemilihan.kontestasi_set.get(jenis=jenis),
        nomor_segel="S-1",
        kondisi_segel=kondisi,
        surat_suara_diterima=diterima,
        diterima_pada=timezone.now() - dt.timedelta(hours=1),
    )


def test_a_tps_gets_its_dpt_plus_2_percent_rounded_up_for_each_of_its_5_contests(world: World):
    # TPS A1: DPT 245, 2 % = 4.9 -> 5.
    logistik = logistik_get_for_tps(tps=world.tps[TPS_A1])

    assert (logistik.dpt, logistik.cadangan, logistik.surat_suara) == (245, 5, 250)
    assert [k.jenis.value for k in logistik.kotak_list] == PEMILU
    assert logistik.surat_suara_total == 1250
    assert {k.surat_suara for k in logistik.kotak_list} == {250}


def test_the_rate_and_rounding_come_from_the_election(world: World):
    world.pemilihan.cadangan_basis_poin = 250  # Pilkada: 2.5 %
    world.pemilihan.cadangan_pembulatan = Pembulatan.KE_BAWAH
    world.pemilihan.save(update_fields=["cadangan_basis_poin", "cadangan_pembulatan"])
    tps = TPS.objects.select_related("pemilihan", "desa").get(pk=world.tps[TPS_A1].pk)

    logistik = logistik_get_for_tps(tps=tps)

    assert logistik.cadangan == 6  # 6.125 rounded down
    assert Aturan.of(tps.pemilihan).persen == "2,5"
    assert Aturan.of(world.pemilihan).persen == "2,5"


def test_aturan_prints_whole_percentages_without_decimals():
    assert Aturan(basis_poin=200, pembulatan=Pembulatan.KE_ATAS).persen == "2"
    assert Aturan(basis_poin=205, pembulatan=Pembulatan.KE_ATAS).persen == "2,05"


def test_a_desa_lists_its_tps_with_a_subtotal(world: World):
    logistik = logistik_get_for_wilayah(pemilihan=world.pemilihan, wilayah=world.wilayah[DESA_A])

    assert logistik.per_tps
    [kelompok] = logistik.kelompok_list
    assert [r.tps.kode for r in kelompok.tps_list] == [TPS_A1, TPS_A2]
    # A2: DPT 278, 2 % = 5.56 -> 6.
    assert [(r.dpt, r.cadangan, r.surat_suara) for r in kelompok.tps_list] == [
        (245, 5, 250),
        (278, 6, 284),
    ]
    assert kelompok.jumlah == logistik.jumlah
    assert (logistik.jumlah.tps, logistik.jumlah.dpt, logistik.jumlah.cadangan) == (2, 523, 11)
    assert logistik.jumlah.surat_suara_by_jenis == dict.fromkeys(PEMILU, 534)
    assert logistik.jumlah.surat_suara == 534 * 5
    assert [j for j, _label in logistik.kontestasi_label_list] == PEMILU


def test_a_kecamatan_groups_by_desa_and_totals(world: World):
    logistik = logistik_get_for_wilayah(
        pemilihan=world.pemilihan, wilayah=world.wilayah["33.03.01"]
    )

    assert [k.desa.kode for k in logistik.kelompok_list] == [DESA_A, "33.03.01.2002"]
    assert logistik.kelompok_list[1].jumlah.surat_suara_by_jenis["ppwp"] == 204  # 200 + 4
    assert (logistik.jumlah.tps, logistik.jumlah.dpt, logistik.jumlah.cadangan) == (3, 723, 15)
    assert logistik.jumlah.surat_suara_by_jenis == dict.fromkeys(PEMILU, 738)
    assert logistik.jumlah.kotak == 15


def test_a_kecamatan_of_200_tps_takes_a_few_queries(world: World, django_assert_max_num_queries):
    desa = world.wilayah[DESA_A]
    for nomor in range(3, 201):
        tps_create(world.pemilihan, desa, nomor, laki=100 + nomor % 50, perempuan=100)
    _kotak(world, TPS_A1, "ppwp", 250)
    _kotak(world, TPS_B1, "dpd", 200, kondisi="rusak")

    with django_assert_max_num_queries(3):
        logistik = logistik_get_for_wilayah(
            pemilihan=world.pemilihan, wilayah=world.wilayah["33.03.01"]
        )
        assert logistik.jumlah.tps == 201

    assert logistik.jumlah.kotak_dicatat == 2
    assert logistik.jumlah.kotak_ditandai == 1  # the broken seal (and 200 received of 204)


def test_dki_jakarta_tps_get_4_ballots_without_dprd_kabkota(world: World):
    kecamatan = dki_add(world)

    logistik = logistik_get_for_wilayah(pemilihan=world.pemilihan, wilayah=kecamatan)

    assert [j.value for j in logistik.kontestasi] == PEMILU[:4]
    row = logistik.kelompok_list[0].tps_list[0]
    assert [k.jenis.value for k in row.kotak_list] == PEMILU[:4]
    assert (row.surat_suara, row.surat_suara_total) == (255, 4 * 255)
    assert logistik.jumlah.surat_suara_by_jenis == dict.fromkeys(PEMILU[:4], 510)
    assert logistik.jumlah.kotak == 8


def test_a_kabkota_is_summed_per_kecamatan_by_the_database(world: World):
    _kotak(world, TPS_A1, "ppwp", 250)  # as allocated
    _kotak(world, TPS_A2, "ppwp", 280)  # 4 short of 284
    _kotak(world, TPS_B1, "dpr", 204, kondisi="rusak")

    logistik = logistik_get_for_wilayah(pemilihan=world.pemilihan, wilayah=world.wilayah["33.03"])

    assert not logistik.per_tps
    [baris] = logistik.ringkasan_list
    assert (baris.kode, baris.nama) == ("33.03.01", "Kemangkon")
    jumlah = baris.jumlah
    assert (jumlah.tps, jumlah.dpt, jumlah.cadangan, jumlah.kotak) == (3, 723, 15, 15)
    assert jumlah.surat_suara_by_jenis == dict.fromkeys(PEMILU, 738)
    assert (jumlah.kotak_dicatat, jumlah.kotak_ditandai) == (3, 2)
    assert logistik.jumlah == jumlah


def test_a_provinsi_is_summed_per_kabkota_and_dki_keeps_its_4_contests(world: World):
    dki_add(world)

    jateng = logistik_get_for_wilayah(pemilihan=world.pemilihan, wilayah=world.wilayah["33"])
    dki = logistik_get_for_wilayah(
        pemilihan=world.pemilihan, wilayah=world.wilayah.get("31") or _wilayah(world, "31")
    )

    assert [(r.kode, r.jumlah.dpt) for r in jateng.ringkasan_list] == [("33.03", 723)]
    assert [r.kode for r in dki.ringkasan_list] == ["31.71"]
    assert [j.value for j in dki.kontestasi] == PEMILU[:4]
    assert dki.jumlah.surat_suara_by_jenis == dict.fromkeys(PEMILU[:4], 510)


def _wilayah(world: World, kode: str):
    from selenggara.wilayah.models import Wilayah

    return Wilayah.objects.get(versi=world.versi, kode=kode)


def test_a_summary_row_without_a_region_record_shows_its_code(world: World):
    # A TPS whose kecamatan is missing from the region list still counts, under its code.
    from selenggara.wilayah.models import Wilayah

    desa = Wilayah.objects.create(
        versi=world.versi,
        kode="33.03.02.2001",
        nama="Tanpa induk",
        tingkat=4,
        induk_kode="33.03.02",
    )
    tps_create(world.pemilihan, desa, 1, laki=50, perempuan=50)

    logistik = logistik_get_for_wilayah(pemilihan=world.pemilihan, wilayah=world.wilayah["33.03"])

    assert [(r.kode, r.nama, r.jumlah.dpt) for r in logistik.ringkasan_list] == [
        ("33.03.01", "Kemangkon", 723),
        ("33.03.02", "33.03.02", 100),
    ]


@pytest.mark.parametrize("pembulatan", list(Pembulatan))
@pytest.mark.parametrize("basis_poin", [200, 250, 0, 333])
def test_the_sql_reserve_equals_the_domain_function(world: World, pembulatan, basis_poin):
    desa = world.wilayah["33.03.01.2002"]
    for nomor, dpt in enumerate(
        [0, 1, 24, 25, 49, 50, 51, 75, 99, 100, 149, 150, 249, 250, 299, 301, 599, 600, 601],
        start=2,
    ):
        tps_create(world.pemilihan, desa, nomor, laki=dpt, perempuan=0)
    aturan = Aturan(basis_poin=basis_poin, pembulatan=pembulatan)

    rows = TPS.objects.annotate(c=cadangan_expression(aturan)).values_list("dpt", "c")

    assert [c for _dpt, c in rows] == [
        cadangan_surat_suara(dpt=dpt, basis_poin=basis_poin, pembulatan=pembulatan)
        for dpt, _c in rows
    ]


def test_jumlah_adds_up():
    a = Jumlah(tps=1, dpt=10, cadangan=1, surat_suara_by_jenis={"ppwp": 11}, kotak=1)
    b = Jumlah(tps=2, dpt=20, cadangan=2, surat_suara_by_jenis={"ppwp": 22, "dpd": 22}, kotak=2)

    total = jumlah_sum([a, b])

    assert total == Jumlah(
        tps=3, dpt=30, cadangan=3, surat_suara_by_jenis={"ppwp": 33, "dpd": 22}, kotak=3
    )
    assert total.surat_suara == 55
    assert jumlah_sum([]) == Jumlah()
