"""The flags a process keeps per region are served only while nothing under the region that
they are computed from has changed: a table of every such change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone, translation

from selenggara.accounts.domain.peran import Peran
from selenggara.pemilihan.models import TPS
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, World
from selenggara.rekap import selectors
from selenggara.rekap.models import Keberatan, PelepasanTPS
from selenggara.rekap.selectors import tanda_cache_clear, tanda_list_for_wilayah
from selenggara.rekap.services import pleno_get_or_create
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet
from selenggara.tungsura.models import CHasil, CHasilFoto

KEC = "33.03.01"


@pytest.fixture
def world(db) -> World:
    world = rekap_world_build()
    kirim(world, TPS_A1)
    kirim(world, TPS_A2, calon_1=sheet(world, TPS_A2)["calon_1"] + 500)  # held out
    return world


def _flags(world: World) -> list[tuple[str, str, str]]:
    return sorted(
        (t.tps_kode, t.kode, t.alasan)
        for t in tanda_list_for_wilayah(pemilihan=world.pemilihan, wilayah_kode=KEC, jenis="ppwp")
    )


def _fresh(world: World) -> list[tuple[str, str, str]]:
    tanda_cache_clear()
    return _flags(world)


def _correct(world: World) -> None:
    kirim(
        world, TPS_A1, alasan="Salah tulis", calon_1=sheet(world, TPS_A1)["calon_1"] - 1, calon_2=1
    )


def _submit(world: World) -> None:
    kirim(world, TPS_B1)


def _release(world: World) -> None:
    versi = CHasil.objects.get(tps__kode=TPS_A2, kontestasi__jenis="ppwp").versi_terkini
    assert versi is not None
    PelepasanTPS.objects.create(
        versi=versi, alasan="Sesuai kertas", oleh=world.user(Peran.KPU_RI), pada=timezone.now()
    )


def _photo(world: World) -> None:
    """The same photo sent for two TPS: a twin-photo flag."""
    for kode in (TPS_A1, TPS_A2):
        CHasilFoto.objects.create(
            c_hasil=CHasil.objects.get(tps__kode=kode, kontestasi__jenis="ppwp"),
            halaman=1,
            dari=3,
            berkas="uji/foto.jpg",
            content_type="image/jpeg",
            ukuran=1,
            sha256="0" * 64,
            diunggah_pada=timezone.now(),
        )


def _objection(world: World) -> None:
    pleno = pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode=KEC, jenis="ppwp")
    Keberatan.objects.create(
        pleno=pleno,
        kode=TPS_A1,
        pengaju="Saksi 01",
        uraian="Angka berbeda",
        dicatat_oleh=world.user(Peran.KPU_RI),
        dicatat_pada=timezone.now(),
    )


def _dpt(world: World) -> None:
    TPS.objects.filter(pemilihan=world.pemilihan, kode=TPS_A1).update(
        dpt_laki=5, dpt_perempuan=5, dpt=10
    )


def _reserve_rule(world: World) -> None:
    world.pemilihan.batas_pemilih_per_tps = 5
    world.pemilihan.save(update_fields=["batas_pemilih_per_tps"])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_correct, id="a-correction"),
        pytest.param(_submit, id="a-first-sheet"),
        pytest.param(_release, id="a-release"),
        pytest.param(_photo, id="a-photo"),
        pytest.param(_objection, id="an-objection"),
        pytest.param(_dpt, id="a-tps-register"),
        pytest.param(_reserve_rule, id="the-election-cap"),
    ],
)
def test_a_change_under_the_region_is_seen_at_once(
    world: World, change: Callable[[World], None]
) -> None:
    before = _flags(world)

    change(world)
    after = _flags(world)

    assert after == _fresh(world)
    assert after != before


def test_unchanged_flags_are_not_computed_again(world: World, monkeypatch) -> None:
    calls: list[str] = []
    real = selectors.tps_lembar_list

    def counted(**kwargs):
        calls.append(kwargs["wilayah_kode"])
        return real(**kwargs)

    monkeypatch.setattr(selectors, "tps_lembar_list", counted)
    first = _flags(world)
    second = _flags(world)

    assert first == second
    assert calls == [KEC]


def test_each_language_keeps_its_own_reasons(world: World) -> None:
    indonesian = _flags(world)
    with translation.override("en"):
        english = _flags(world)

    assert indonesian != english
    assert _flags(world) == indonesian
