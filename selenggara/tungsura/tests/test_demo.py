"""c_hasil_demo_load: one consistent version per TPS x contest, the planted faults flagged as
documented, digests that recompute, idempotent, every version written and audited by the
service, and what a rerun prints read from the database."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from selenggara.accounts.domain.peran import Peran
from selenggara.core.audit import audit_verify
from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import TPS
from selenggara.portal.tests.world import DESA_A, DESA_B, TPS_A1, TPS_B1, World, tps_create
from selenggara.tungsura import demo
from selenggara.tungsura.demo import (
    AUDIT_ACTION,
    BOBOT_PPWP_JATENG_2024,
    JenisKesalahan,
    c_hasil_demo_load,
    pengguna_per_kontestasi,
)
from selenggara.tungsura.domain import pemeriksaan
from selenggara.tungsura.domain.lembar import BarisPartai, SusunanSuara
from selenggara.tungsura.domain.salinan import digest_of, teks_kanonik
from selenggara.tungsura.domain.sintetis import pengguna_sintetis
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasil, CHasilFoto, CHasilVersi, Sumber
from selenggara.tungsura.selectors import (
    kontestasi_list_for_tps,
    versi_angka,
    versi_list_by_digest,
)
from selenggara.tungsura.services import c_hasil_konfirmasi, c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build

JENIS = ("ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota")
EXPECTED = {
    JenisKesalahan.SALAH_BACA_RATUSAN: (
        "ppwp",
        {"suara_sah_tidak_sesuai", "melebihi_batas_tps"},
        "perlu_konfirmasi",
    ),
    JenisKesalahan.BARIS_TERTUKAR_PARTAI: (
        "dpr",
        {"jumlah_partai_tidak_sesuai"},
        "perlu_konfirmasi",
    ),
    JenisKesalahan.BARIS_TERTUKAR_DPT: (
        "dprd_kabkota",
        {"pengguna_total_tidak_sesuai", "pengguna_dpt_melebihi_dpt", "dpt_tidak_sama_daftar"},
        "dikonfirmasi",
    ),
    JenisKesalahan.BARIS_TERTUKAR_TAK_TERLIHAT: ("ppwp", set(), "konsisten"),
    JenisKesalahan.HALAMAN_HILANG: ("ppwp", set(), "konsisten"),
    JenisKesalahan.KOREKSI: ("dpd", {"suara_sah_tidak_sesuai", "melebihi_batas_tps"}, "konsisten"),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def world(db) -> World:
    """The tungsura world with ten more TPS in Kecamatan Kemangkon, at realistic DPT."""
    world = tungsura_world_build()
    rng = random.Random(7)
    for nomor in range(3, 11):
        tps_create(
            world.pemilihan,
            world.wilayah[DESA_A],
            nomor,
            laki=rng.randint(120, 150),
            perempuan=rng.randint(120, 150),
        )
    for nomor in (2, 3):
        tps_create(world.pemilihan, world.wilayah[DESA_B], nomor, laki=140, perempuan=145)
    return world


def _current(tps_kode: str, jenis: str) -> CHasilVersi:
    c_hasil = CHasil.objects.select_related("versi_terkini").get(
        tps__kode=tps_kode, kontestasi__jenis=jenis
    )
    assert c_hasil.versi_terkini is not None
    return c_hasil.versi_terkini


def test_every_tps_and_contest_gets_one_version_except_the_kpps_tps_ppwp(world):
    ticks = []

    summary = c_hasil_demo_load(
        pemilihan=world.pemilihan, progress=lambda *args: ticks.append(args)
    )

    tps_33 = TPS.objects.filter(pemilihan=world.pemilihan, kode__startswith="3303")
    assert summary.dimuat is True
    assert summary.jumlah_tps == tps_33.count() == 13
    assert summary.jumlah_c_hasil == CHasil.objects.count() == 13 * 5 - 1
    assert summary.jumlah_versi == CHasilVersi.objects.count() == 13 * 5  # one correction
    assert summary.jumlah_angka_suara == sum(
        len(s) for s in CHasilVersi.objects.values_list("suara", flat=True)
    )
    assert summary.tps_tanpa_ppwp == TPS_A1
    assert not CHasil.objects.filter(tps__kode=TPS_A1, kontestasi__jenis="ppwp").exists()
    assert not CHasil.objects.exclude(tps__kode__startswith="3303").exists()  # foreign TPS
    assert set(CHasilVersi.objects.values_list("sumber", flat=True)) == {Sumber.DEMO.value}
    assert ticks[-1] == ("C.Hasil demo", 13, 13)
    for c_hasil in CHasil.objects.select_related("versi_terkini"):
        assert c_hasil.versi_terkini == c_hasil.versi_set.order_by("-nomor").first()


def test_sheets_without_a_fault_pass_every_check_and_digests_recompute(world):
    summary = c_hasil_demo_load(pemilihan=world.pemilihan)

    faulty = {(k.tps_kode, k.kontestasi) for k in summary.kesalahan}
    versi_list = CHasilVersi.objects.select_related(
        "c_hasil__tps__pemilihan", "c_hasil__tps__desa", "c_hasil__kontestasi", "c_hasil__dapil"
    )
    for versi in versi_list:
        c_hasil = versi.c_hasil
        angka = versi_angka(versi)
        teks = teks_kanonik(
            pemilihan=c_hasil.tps.pemilihan.kode,
            tps=c_hasil.tps.kode,
            kontestasi=c_hasil.kontestasi.jenis,
            dapil=c_hasil.dapil.kode,
            angka=angka,
        )
        assert (versi.teks_kanonik, versi.digest) == (teks, digest_of(teks))
        lembar = lembar_for_tps(tps=c_hasil.tps, jenis=c_hasil.kontestasi.jenis)
        assert set(angka) == set(lembar.susunan.kunci_semua())
        assert set(versi.suara) == set(lembar.susunan.kunci_suara())
        temuan = pemeriksaan.c_hasil_check(angka, susunan=lembar.susunan, konteks=lembar.konteks)
        assert versi.temuan == [t.as_dict() for t in temuan]
        if (c_hasil.tps.kode, c_hasil.kontestasi.jenis) not in faulty:
            assert (versi.status, temuan) == ("konsisten", [])


def test_each_planted_fault_is_flagged_by_the_expected_codes(world):
    summary = c_hasil_demo_load(pemilihan=world.pemilihan)

    by_jenis = {k.jenis: k for k in summary.kesalahan}
    assert set(by_jenis) == set(EXPECTED)
    assert len({k.tps_kode for k in summary.kesalahan}) == len(EXPECTED)  # one per TPS
    for jenis, (kontestasi, codes, status) in EXPECTED.items():
        fault = by_jenis[jenis]
        assert (fault.kontestasi, set(fault.temuan), fault.status) == (kontestasi, codes, status)
        assert fault.tps_kode != TPS_A1
        assert _current(fault.tps_kode, kontestasi).status == status

    misread = by_jenis[JenisKesalahan.SALAH_BACA_RATUSAN]
    assert misread.kunci == ("calon_2",)
    assert 100 <= misread.tertulis[0] <= 199
    assert misread.terbaca[0] == misread.tertulis[0] + 700  # 1xx read as 8xx
    assert _current(misread.tps_kode, "ppwp").suara["calon_2"] == misread.terbaca[0]

    swapped = by_jenis[JenisKesalahan.BARIS_TERTUKAR_PARTAI]
    assert swapped.terbaca == swapped.tertulis[::-1]
    assert swapped.kunci[0].split("_")[1] != swapped.kunci[1].split("_")[1]  # two parties

    unseen = by_jenis[JenisKesalahan.BARIS_TERTUKAR_TAK_TERLIHAT]
    assert unseen.kunci == ("calon_1", "calon_3")
    assert unseen.terbaca == unseen.tertulis[::-1]

    dpt = by_jenis[JenisKesalahan.BARIS_TERTUKAR_DPT]
    confirmed = _current(dpt.tps_kode, "dprd_kabkota")
    assert confirmed.dikonfirmasi_oleh == world.user(Peran.PPS)
    assert set(confirmed.konfirmasi) == set(
        pemeriksaan.kunci_ditandai(
            pemeriksaan.Temuan(
                kode=pemeriksaan.Kode(t["kode"]),
                kunci=tuple(t["kunci"]),
                diharapkan=t["diharapkan"],
                tertulis=t["tertulis"],
            )
            for t in confirmed.temuan
        )
    )
    perlu = CHasilVersi.objects.filter(status="perlu_konfirmasi")
    assert perlu.count() == 3  # the misread, the party swap, and the corrected version 1


def test_the_missing_page_and_the_correction_can_be_seen(world, media):
    summary = c_hasil_demo_load(pemilihan=world.pemilihan)
    by_jenis = {k.jenis: k for k in summary.kesalahan}

    page = by_jenis[JenisKesalahan.HALAMAN_HILANG]
    tps = TPS.objects.get(pemilihan=world.pemilihan, kode=page.tps_kode)
    ppwp = next(r for r in kontestasi_list_for_tps(tps=tps) if r.jenis == "ppwp")
    assert (ppwp.halaman.jumlah, ppwp.halaman.kurang) == (3, (2,))
    fotos = list(CHasilFoto.objects.filter(c_hasil=ppwp.c_hasil).order_by("halaman"))
    assert [(f.halaman, f.dari, f.content_type) for f in fotos] == [
        (1, 3, "image/jpeg"),
        (3, 3, "image/jpeg"),
    ]
    assert all(
        (media / "private" / f.berkas.name).read_bytes()[:3] == b"\xff\xd8\xff" for f in fotos
    )
    # Written through the photo service: its checks, its audit row, the evening's time.
    audited = AuditLog.objects.filter(action="c_hasil.foto").order_by("seq")
    assert [(a.target_id, (a.after or {})["halaman"]) for a in audited] == [
        (str(f.pk), f.halaman) for f in fotos
    ]
    assert all(f.diunggah_pada.date() == world.pemilihan.hari_pemungutan for f in fotos)

    koreksi = by_jenis[JenisKesalahan.KOREKSI]
    c_hasil = CHasil.objects.get(tps__kode=koreksi.tps_kode, kontestasi__jenis="dpd")
    v1, v2 = c_hasil.versi_set.order_by("nomor")
    assert c_hasil.versi_terkini == v2
    assert (v1.status, v1.alasan) == ("perlu_konfirmasi", "")
    assert (v2.status, v2.dibuat_oleh) == ("konsisten", world.user(Peran.PPK))
    assert koreksi.kunci[0] in v2.alasan
    assert "rapat pleno PPK" in v2.alasan
    assert v2.dibuat_pada > v1.dibuat_pada
    # The witness who photographed version 1's digest finds it, superseded.
    assert versi_list_by_digest(digest=v1.digest) == [v1]
    assert v1.digest != v2.digest


def test_a_second_run_changes_nothing_and_one_audit_row_records_the_load(world):
    first = c_hasil_demo_load(pemilihan=world.pemilihan, seed=5)
    counts = (CHasil.objects.count(), CHasilVersi.objects.count())
    fotos = CHasilFoto.objects.count()

    second = c_hasil_demo_load(pemilihan=world.pemilihan, seed=5)

    assert second.dimuat is False
    assert second.kesalahan == first.kesalahan
    assert (second.jumlah_c_hasil, second.tps_tanpa_ppwp) == (first.jumlah_c_hasil, TPS_A1)
    assert (CHasil.objects.count(), CHasilVersi.objects.count()) == counts
    assert CHasilFoto.objects.count() == fotos == 2
    audit = AuditLog.objects.get(action=AUDIT_ACTION)
    after = audit.after
    assert after is not None
    assert audit.wilayah_kode == "33.03"
    assert after["seed"] == 5
    assert after["c_hasil"] == first.jumlah_c_hasil
    assert [k["jenis"] for k in after["kesalahan"]] == [k.jenis for k in first.kesalahan]
    assert audit_verify().ok is True
    assert "sudah dimuat sebelumnya" in second.lines()[0]


def test_every_version_goes_through_the_service_with_its_audit_row(world):
    summary = c_hasil_demo_load(pemilihan=world.pemilihan)

    submits = AuditLog.objects.filter(action="c_hasil.submit")
    koreksi = AuditLog.objects.filter(action="c_hasil.koreksi")
    assert submits.count() == summary.jumlah_c_hasil
    assert koreksi.count() == summary.jumlah_versi - summary.jumlah_c_hasil == 1
    assert set(submits.values_list("target_id", flat=True)) | set(
        koreksi.values_list("target_id", flat=True)
    ) == {str(pk) for pk in CHasilVersi.objects.values_list("pk", flat=True)}
    # The correction is audited as the PPK's, with its reason and the version it replaced.
    row = koreksi.get()
    assert row.actor_id == world.user(Peran.PPK).pk
    assert row.before == {
        "versi": 1,
        "digest": CHasilVersi.objects.get(pk=int(row.target_id))
        .c_hasil.versi_set.get(nomor=1)
        .digest,
    }
    assert "rapat pleno PPK" in row.reason
    # The sheets are voting-day evening entries, audited now.
    assert not CHasilVersi.objects.filter(dibuat_pada__gte=row.at).exists()
    assert audit_verify().ok is True


def test_a_rerun_prints_what_the_database_holds_now(world):
    first = c_hasil_demo_load(pemilihan=world.pemilihan)
    misread = next(k for k in first.kesalahan if k.jenis == JenisKesalahan.SALAH_BACA_RATUSAN)
    assert misread.status == "perlu_konfirmasi"
    # Since the load, someone confirms the misread against the paper, and the demo KPPS
    # enters the PPWP sheet the demo left for them.
    tps = TPS.objects.get(pemilihan=world.pemilihan, kode=misread.tps_kode)
    ppk = world.user(Peran.PPK)
    versi = _current(misread.tps_kode, "ppwp")
    c_hasil_konfirmasi(versi=versi, kunci=versi.kunci_ditandai, actor=ppk)
    koreksi = lembar_for_tps(tps=tps, jenis="ppwp")
    angka = lembar_konsisten(koreksi.susunan, koreksi.konteks)
    c_hasil_submit(
        tps=tps, jenis="ppwp", angka=angka, actor=ppk, sumber=Sumber.ENTRI_KERTAS, alasan="cek"
    )
    kpps = world.tps[TPS_A1]
    lembar = lembar_for_tps(tps=kpps, jenis="ppwp")
    c_hasil_submit(
        tps=kpps,
        jenis="ppwp",
        angka=lembar_konsisten(lembar.susunan, lembar.konteks),
        actor=world.user(Peran.KPPS_KETUA),
        sumber=Sumber.PONSEL_KPPS,
    )

    second = c_hasil_demo_load(pemilihan=world.pemilihan)

    again = next(k for k in second.kesalahan if k.jenis == JenisKesalahan.SALAH_BACA_RATUSAN)
    assert (again.status, again.versi_terkini, again.versi) == ("konsisten", 2, 1)
    assert set(again.temuan) == set(misread.temuan)  # what version 1 showed, still stored
    lines = second.lines()
    assert any("kini versi 2" in line and misread.tps_kode in line for line in lines)
    assert "sengaja belum memiliki" not in lines[-1]
    assert "sudah diisi (versi 1)" in lines[-1]
    unchanged = [k for k in second.kesalahan if k.jenis != JenisKesalahan.SALAH_BACA_RATUSAN]
    assert unchanged == [k for k in first.kesalahan if k.jenis != misread.jenis]


def test_a_sheet_entered_by_hand_is_left_alone(world):
    lembar = lembar_for_tps(tps=world.tps[TPS_B1], jenis="dpr")
    hand = c_hasil_submit(
        tps=world.tps[TPS_B1],
        jenis="dpr",
        angka=lembar_konsisten(lembar.susunan, lembar.konteks),
        actor=world.user(Peran.PPK),
        sumber=Sumber.ENTRI_KERTAS,
    ).versi

    summary = c_hasil_demo_load(pemilihan=world.pemilihan)

    c_hasil = CHasil.objects.get(tps__kode=TPS_B1, kontestasi__jenis="dpr")
    assert list(c_hasil.versi_set.all()) == [hand]
    assert c_hasil.versi_terkini == hand
    assert summary.jumlah_c_hasil == 13 * 5 - 2


def test_a_region_without_tps_is_refused(world):
    with pytest.raises(InvalidInput):
        c_hasil_demo_load(pemilihan=world.pemilihan, wilayah_kode="33.04")


def test_dptb_voters_from_elsewhere_get_fewer_ballots():
    konteks = pemeriksaan.KonteksTPS(
        dpt_l=140, dpt_p=140, batas_pemilih=300, cadangan=6, cadangan_batas=6
    )
    seen_fewer = False
    for seed in range(40):
        rng = random.Random(seed)
        pengguna = pengguna_sintetis(rng=rng, konteks=konteks)
        per_jenis = pengguna_per_kontestasi(pengguna=pengguna, jenis_list=JENIS, rng=rng)
        totals = {j: a["pengguna_total_j"] for j, a in per_jenis.items()}
        assert per_jenis["ppwp"] == pengguna  # every DPTb voter gets the PPWP ballot
        assert totals["ppwp"] >= totals["dpd"] >= totals["dpr"] == totals["dprd_kabkota"]
        for angka in per_jenis.values():
            assert angka["pengguna_dpt_j"] == pengguna["pengguna_dpt_j"]
            assert angka["pengguna_total_j"] == (
                angka["pengguna_dpt_j"] + angka["pengguna_dptb_j"] + angka["pengguna_dpk_j"]
            )
            assert angka["disabilitas_j"] <= angka["pengguna_total_j"]
        seen_fewer |= totals["dpr"] < totals["ppwp"]
    assert seen_fewer


def test_ppwp_shares_resemble_jawa_tengah(world):
    c_hasil_demo_load(pemilihan=world.pemilihan)

    sheets = CHasilVersi.objects.filter(
        c_hasil__kontestasi__jenis="ppwp", status="konsisten"
    ).values_list("suara", flat=True)
    total: dict[str, int] = {}
    for suara in sheets:
        for kunci, angka in suara.items():
            total[kunci] = total.get(kunci, 0) + angka
    assert total["calon_2"] > total["calon_3"] > total["calon_1"]
    share = 10_000 * total["calon_2"] // sum(total.values())
    assert abs(share - BOBOT_PPWP_JATENG_2024[2]) < 800


def test_command_prints_the_faults_and_refuses_an_unknown_election(world, capsys):
    call_command("tungsura", "demo", "--pemilihan", world.pemilihan.kode)
    out = capsys.readouterr().out
    assert "C.Hasil demo:" in out
    assert TPS_A1 in out
    assert "kpps-ketua" in out
    assert "TIDAK terdeteksi" in out

    with pytest.raises(CommandError):
        call_command("tungsura", "demo", "--pemilihan", "tidak-ada")
    with pytest.raises(CommandError):
        call_command("tungsura", "demo", "--pemilihan", world.pemilihan.kode, "--wilayah", "99")


def test_a_fault_that_does_not_fit_a_sheet_waits_for_the_next_tps():
    susunan = SusunanSuara(
        partai=(BarisPartai(1, (1,)), BarisPartai(2, (1,)), BarisPartai(3, ()), BarisPartai(4, ()))
    )
    t: Any = SimpleNamespace(kontes=SimpleNamespace(susunan=susunan, kunci=["calon_1"]))

    assert demo._salah_baca_ratusan(t, {"calon_2": 95}) is None  # no 1 in the hundreds box
    assert demo._tertukar_partai(t, {"partai_1_calon_1": 5, "partai_2_calon_1": 5}) is None
    assert demo._tertukar_dpt(t, {"dpt_j": 200, "pengguna_dpt_j": 200}) is None
    assert demo._tertukar_tak_terlihat(t, {"calon_1": 30, "calon_3": 30}) is None
    assert demo._koreksi(t, {"calon_1": 120}) is None
