"""rekap_wilayah_banyak: rekap_wilayah_get of many regions at once, in a fixed number of reads."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import User
from selenggara.accounts.services import penugasan_assign, user_create
from selenggara.portal.tests.world import (
    DESA_A,
    DESA_B,
    KEC_LUAR,
    KEL_LUAR,
    KOTA_LUAR,
    PASSWORD,
    PROV_LUAR,
    TPS_A1,
    TPS_A2,
    TPS_B1,
    TPS_LUAR,
    World,
)
from selenggara.rekap.selectors import (
    baris_anak_dari,
    rekap_anak_list,
    rekap_wilayah_banyak,
    rekap_wilayah_get,
)
from selenggara.rekap.services import (
    butir_konfirmasi,
    butir_koreksi,
    pleno_buka,
    pleno_get_or_create,
    pleno_tetapkan,
)
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet

KEC = "33.03.01"
SEMUA = ["", "33", "33.03", KEC, DESA_A, DESA_B, PROV_LUAR, KOTA_LUAR, KEC_LUAR, KEL_LUAR]


def _ppk(world: World, kecamatan: str) -> User:
    user = user_create(
        username=f"ppk_{kecamatan}",
        nama="PPK",
        password=PASSWORD,
        actor=None,
        enforce_password_policy=False,
    )
    penugasan_assign(user=user, peran=Peran.PPK, wilayah_kode=kecamatan, tps=None, actor=None)
    return user


def _tetapkan(world: World, wilayah: str, jenis: str, *, koreksi: str | None = None) -> None:
    """Lock the kecamatan plenary of ``wilayah`` for ``jenis``, correcting TPS ``koreksi``."""
    actor = world.user(Peran.PPK) if wilayah == KEC else _ppk(world, wilayah)
    pleno = pleno_buka(
        pleno=pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode=wilayah, jenis=jenis),
        actor=actor,
    )
    for butir in pleno.butir_set.order_by("kode"):
        if butir.kode == koreksi:
            butir_koreksi(
                pleno=pleno,
                tps_kode=butir.kode,
                angka=sheet(world, butir.kode, jenis),
                versi_dasar=1,
                alasan="Dibetulkan sesuai kertas dalam pleno",
                actor=actor,
            )
        else:
            butir_konfirmasi(pleno=pleno, kode=butir.kode, actor=actor, alasan="Sesuai kertas")
    pleno_tetapkan(pleno=pleno, actor=actor)


@pytest.fixture
def world(db) -> World:
    """PPWP everywhere, Kemangkon locked with TPS A2 corrected in the plenary (it was held
    out) and TPS B1 corrected after the lock; DPD in both provinsi (two dapil, so the
    nation reads its total row) with the foreign kecamatan locked; DPR with a held-out TPS
    and an open, unlocked plenary; the kab/kota PPWP plenary locked above the kecamatan."""
    world = rekap_world_build()
    for tps in (TPS_A1, TPS_B1, TPS_LUAR):
        kirim(world, tps)
    kirim(world, TPS_A2, calon_1=sheet(world, TPS_A2)["calon_1"] + 500)  # held out
    _tetapkan(world, KEC, "ppwp", koreksi=TPS_A2)
    base = sheet(world, TPS_B1)
    kirim(
        world,
        TPS_B1,
        alasan="Koreksi setelah pleno",
        calon_1=base["calon_1"] - 3,
        calon_2=base["calon_2"] + 3,
    )
    for tps in (TPS_A1, TPS_B1, TPS_LUAR):
        kirim(world, tps, "dpd")
    _tetapkan(world, KEC_LUAR, "dpd")
    kirim(world, TPS_A1, "dpr")
    kirim(world, TPS_A2, "dpr", partai_1_jumlah=sheet(world, TPS_A2, "dpr")["partai_1_jumlah"] + 9)
    pleno_buka(
        pleno=pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode=KEC, jenis="dpr"),
        actor=world.user(Peran.PPK),
    )
    kabkota = world.user(Peran.KPU_KABKOTA)
    upper = pleno_buka(
        pleno=pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode="33.03", jenis="ppwp"),
        actor=kabkota,
    )
    butir_konfirmasi(pleno=upper, kode=KEC, actor=kabkota)
    pleno_tetapkan(pleno=upper, actor=kabkota)
    return world


def test_the_dataset_has_what_the_comparison_needs(world: World) -> None:
    nasional = {
        k.jenis: k for k in rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode="").kontestasi
    }
    kec = {
        k.jenis: k
        for k in rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode=KEC).kontestasi
    }

    assert nasional["dpd"].hitung.per_dapil == {}  # the nation's total over two dapil
    assert nasional["ppwp"].rekap is not None
    assert [p.kode for p in kec["ppwp"].perbedaan][:1] == ["koreksi_setelah_penetapan"]
    assert kec["dpr"].hitung.tps_ditahan == 1
    assert [p.kode for p in kec["dpr"].perbedaan][:1] == ["belum_ditetapkan"]


@pytest.mark.parametrize(
    "kode_list",
    [
        pytest.param(SEMUA, id="every-region"),
        pytest.param(["33.03", KEC, DESA_A, DESA_B], id="one-kabkota-subtree"),
        pytest.param([DESA_B, KEL_LUAR, "", KEC], id="scattered-out-of-order"),
        pytest.param([DESA_A], id="one-desa"),
        pytest.param([KEC_LUAR, KEC_LUAR], id="repeated"),
    ],
)
def test_each_region_equals_rekap_wilayah_get(world: World, kode_list: list[str]) -> None:
    banyak = rekap_wilayah_banyak(pemilihan=world.pemilihan, wilayah_kode_list=kode_list)

    assert [rw.wilayah_kode for rw in banyak] == kode_list
    for rw in banyak:
        assert rw == rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode=rw.wilayah_kode)


def test_the_number_of_reads_does_not_grow_with_the_regions(world: World) -> None:
    with CaptureQueriesContext(connection) as dua:
        rekap_wilayah_banyak(pemilihan=world.pemilihan, wilayah_kode_list=["", DESA_A])
    with CaptureQueriesContext(connection) as semua:
        rekap_wilayah_banyak(pemilihan=world.pemilihan, wilayah_kode_list=SEMUA)
    with CaptureQueriesContext(connection) as satu_satu:
        for kode in SEMUA:
            rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode=kode)

    # More regions never mean more reads (the dapil codes come with the counts; a query for
    # them remains only for dapil seen in the plenaries alone).
    assert len(semua) <= len(dua) <= 8
    assert len(satu_satu) > 3 * len(semua)


def test_no_region_reads_nothing(world: World) -> None:
    assert rekap_wilayah_banyak(pemilihan=world.pemilihan, wilayah_kode_list=[]) == []


@pytest.mark.parametrize("induk", ["33", "33.03", KEC, PROV_LUAR, KEC_LUAR])
@pytest.mark.parametrize("jenis", ["ppwp", "dpd", "dpr"])
def test_a_parents_rows_come_from_its_childrens_figures(
    world: World, induk: str, jenis: str
) -> None:
    rows = rekap_anak_list(pemilihan=world.pemilihan, wilayah_kode=induk, jenis=jenis)
    anak = rekap_wilayah_banyak(pemilihan=world.pemilihan, wilayah_kode_list=[r.kode for r in rows])

    assert rows
    assert [baris_anak_dari(rw, jenis=jenis) for rw in anak] == rows
