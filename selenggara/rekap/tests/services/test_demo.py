"""rekap_demo_run: the PPK plenaries of every kecamatan but the first, run through the services,
the misread held out and corrected with its reason and the objection answered, the counts
still equal to a full recompute, idempotent, and Kemangkon left for a person (then the kab/kota
plenary can be run and adopted)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import Dapil, DapilWilayah
from selenggara.pemilihan.services import ringkasan_refresh
from selenggara.portal.tests.world import World, tps_create
from selenggara.rekap import services
from selenggara.rekap.demo import AUDIT_ACTION, PENGAJU_KEBERATAN, rekap_demo_run
from selenggara.rekap.domain.pleno import StatusPleno
from selenggara.rekap.models import Keberatan, Kehadiran, Pleno
from selenggara.tungsura.demo import c_hasil_demo_load
from selenggara.tungsura.models import CHasil, Sumber
from selenggara.tungsura.tests.world import tungsura_world_build
from selenggara.wilayah.models import Wilayah

KECAMATAN_LAIN = (("33.03.02", "Bukateja"), ("33.03.03", "Kejobong"))
JENIS = ("ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota")


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def world(db) -> World:
    """The tungsura world with two more kecamatan of Purbalingga, a desa and three TPS each,
    every TPS with the demo's C.Hasil."""
    world = tungsura_world_build()
    rng = random.Random(3)
    dapil = Dapil.objects.get(kontestasi__pemilihan=world.pemilihan, kode="dprdkab-3303-1")
    for kode, nama in KECAMATAN_LAIN:
        Wilayah.objects.create(
            versi=world.versi, kode=kode, nama=nama, tingkat=3, induk_kode="33.03"
        )
        desa = Wilayah.objects.create(
            versi=world.versi, kode=f"{kode}.2001", nama=f"Desa {nama}", tingkat=4, induk_kode=kode
        )
        DapilWilayah.objects.create(dapil=dapil, pemilihan=world.pemilihan, wilayah_kode=kode)
        for nomor in (1, 2, 3):
            tps_create(
                world.pemilihan,
                desa,
                nomor,
                laki=rng.randint(120, 150),
                perempuan=rng.randint(120, 150),
            )
    ringkasan_refresh(pemilihan=world.pemilihan)
    c_hasil_demo_load(pemilihan=world.pemilihan)
    return world


def _periksa(world: World) -> None:
    """`selenggara rekap hitung-ulang --periksa` exits 0 (SystemExit otherwise)."""
    call_command("rekap", "hitung-ulang", "--pemilihan", world.pemilihan.kode, "--periksa")


def test_the_plenaries_of_every_kecamatan_but_the_first_are_adopted_and_locked(world):
    ticks = []

    summary = rekap_demo_run(pemilihan=world.pemilihan, progress=lambda *a: ticks.append(a))

    locked = Pleno.objects.filter(status=StatusPleno.DITETAPKAN)
    assert sorted(locked.values_list("wilayah_kode", flat=True)) == sorted(
        [k for k, _ in KECAMATAN_LAIN] * len(JENIS)
    )
    assert all(p.d_hasil and p.d_hasil_sha256 for p in locked)
    assert not Pleno.objects.filter(wilayah_kode="33.03.01").exists()  # left for the ppk
    assert summary.dijalankan is True
    assert (summary.kecamatan_selesai, summary.pleno_ditetapkan) == (2, 10)
    assert (summary.terbuka_kode, summary.terbuka_ditetapkan) == ("33.03.01", 0)
    assert ticks[-1] == ("Rapat pleno PPK demo", 2, 2)
    assert Kehadiran.objects.filter(pleno__in=locked, unsur="bawaslu").count() == 10
    _periksa(world)


def test_the_misread_is_held_out_then_corrected_with_its_reason_citing_the_objection(world):
    summary = rekap_demo_run(pemilihan=world.pemilihan)

    (koreksi,) = summary.koreksi
    assert koreksi.jenis == "ppwp"
    assert koreksi.tps_kode.startswith("330302")
    assert koreksi.terbaca == 800 + koreksi.tertulis % 100
    c_hasil = CHasil.objects.get(tps__kode=koreksi.tps_kode, kontestasi__jenis="ppwp")
    versi = list(c_hasil.versi_set.order_by("nomor"))
    assert [v.sumber for v in versi] == [Sumber.DEMO, Sumber.ENTRI_KERTAS, Sumber.PLENO]
    assert versi[1].suara[koreksi.kunci] == koreksi.terbaca
    assert any(t["tingkat"] == "galat" for t in versi[1].temuan)  # held out
    assert versi[2].suara == versi[0].suara
    assert versi[2].temuan == []
    assert koreksi.versi == 3
    assert "kotak ratusan salah baca" in versi[2].alasan
    assert PENGAJU_KEBERATAN in versi[2].alasan
    (keberatan,) = Keberatan.objects.all()
    assert keberatan.kode == koreksi.tps_kode
    assert keberatan.dijawab_pada is not None
    assert "versi 3" in keberatan.jawaban
    pleno = Pleno.objects.get(wilayah_kode="33.03.02", kontestasi__jenis="ppwp")
    assert pleno.hasil is not None
    tps = pleno.hasil["tps"][koreksi.tps_kode]
    assert tps["suara"][koreksi.kunci] == koreksi.tertulis
    assert tps["versi"] == 3
    lines = "\n".join(summary.lines())
    assert koreksi.tps_kode in lines
    assert "Kemangkon" in lines
    assert "kpu-kabkota" in lines


def test_a_rerun_writes_nothing_and_reports_the_state_now(world):
    first = rekap_demo_run(pemilihan=world.pemilihan)
    audit_rows = AuditLog.objects.count()

    again = rekap_demo_run(pemilihan=world.pemilihan)

    assert AuditLog.objects.count() == audit_rows
    assert AuditLog.objects.filter(action=AUDIT_ACTION).count() == 1
    assert again.dijalankan is False
    assert again.koreksi == first.koreksi
    assert again.pleno_ditetapkan == first.pleno_ditetapkan == 10
    assert "sudah dijalankan" in again.lines()[0]


def test_after_kemangkon_is_walked_the_kabkota_plenary_runs_and_adopts(world):
    rekap_demo_run(pemilihan=world.pemilihan)
    ppk = world.user(Peran.PPK)
    kpu = world.user(Peran.KPU_KABKOTA)
    for jenis in JENIS:
        pleno = services.pleno_get_or_create(
            pemilihan=world.pemilihan, wilayah_kode="33.03.01", jenis=jenis
        )
        services.pleno_buka(pleno=pleno, actor=ppk)
        for butir in pleno.butir_set.all():
            c_hasil = CHasil.objects.filter(tps__kode=butir.kode, kontestasi__jenis=jenis).first()
            if c_hasil is None:  # the KPPS's TPS, left without its PPWP sheet
                continue
            services.butir_konfirmasi(
                pleno=pleno, kode=butir.kode, actor=ppk, alasan="Sesuai kertas C.Hasil."
            )
        if jenis == "ppwp":
            continue  # one TPS without a sheet: this plenary cannot be adopted yet
        services.pleno_tetapkan(pleno=pleno, actor=ppk)
    summary = rekap_demo_run(pemilihan=world.pemilihan)
    assert summary.terbuka_ditetapkan == len(JENIS) - 1
    assert "4 dari 5" in "\n".join(summary.lines())

    kab = services.pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode="33.03", jenis="dpr")
    services.pleno_buka(pleno=kab, actor=kpu)
    for butir in kab.butir_set.all():
        services.butir_konfirmasi(pleno=kab, kode=butir.kode, actor=kpu)
    kab = services.pleno_tetapkan(pleno=kab, actor=kpu)

    assert kab.status == StatusPleno.DITETAPKAN
    assert kab.d_hasil
    kecamatan = Pleno.objects.filter(kontestasi=kab.kontestasi, tingkat=3)
    assert kab.hasil is not None
    assert all(p.hasil is not None for p in kecamatan)
    assert kab.hasil["dapil"]

    def sah(hasil: dict[str, Any]) -> int:
        return int(next(iter(hasil["dapil"].values()))["angka"]["suara_sah"])

    assert sum(sah(p.hasil or {}) for p in kecamatan) == sah(kab.hasil)
    _periksa(world)
