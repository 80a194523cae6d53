"""The plenaries: open, confirm or correct every TPS, objections, adopt the D.Hasil, reopen,
and the kab/kota plenary over the locked kecamatan."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import InvalidInput, NotAccessible, PermissionDenied
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_A2, TPS_B1, TPS_LUAR, World
from selenggara.rekap.access import pleno_get_for_actor
from selenggara.rekap.models import PembukaanKembali, Pleno
from selenggara.rekap.selectors import rekap_wilayah_get
from selenggara.rekap.services import (
    PlenoBelumSelesai,
    PlenoStatusSalah,
    butir_konfirmasi,
    butir_konfirmasi_desa,
    butir_koreksi,
    keberatan_catat,
    keberatan_jawab,
    kehadiran_catat,
    pleno_buka,
    pleno_buka_kembali,
    pleno_get_or_create,
    pleno_tetapkan,
)
from selenggara.rekap.tests.world import kirim, rekap_world_build, sheet
from selenggara.tungsura.services import VersiBentrok

KEC = "33.03.01"


@pytest.fixture
def world(db) -> World:
    return rekap_world_build()


def _pleno(world: World, wilayah: str = KEC) -> Pleno:
    return pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode=wilayah, jenis="ppwp")


def _teks(pleno: Pleno) -> str:
    pleno.d_hasil.open("rb")
    data = pleno.d_hasil.read()
    pleno.d_hasil.close()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _kecamatan_locked(world: World) -> Pleno:
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        kirim(world, tps)
    ppk = world.user(Peran.PPK)
    pleno = pleno_buka(pleno=_pleno(world), actor=ppk)
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        butir_konfirmasi(pleno=pleno, kode=tps, actor=ppk)
    return pleno_tetapkan(pleno=pleno, actor=ppk)


def test_a_plenary_gets_its_schedule_and_one_item_per_tps(world: World) -> None:
    pleno = _pleno(world)
    assert (pleno.tingkat, pleno.status) == (3, "belum_dibuka")
    assert str(pleno.jadwal_mulai) == "2024-02-15"
    assert [b.kode for b in pleno.butir_set.all()] == [TPS_A1, TPS_A2, TPS_B1]
    assert _pleno(world).pk == pleno.pk
    upper = _pleno(world, "33.03")
    assert [b.kode for b in upper.butir_set.all()] == [KEC]


def test_only_the_ppk_of_the_kecamatan_opens_it(world: World) -> None:
    pleno = _pleno(world)
    with pytest.raises(PermissionDenied):
        pleno_buka(pleno=pleno, actor=world.user(Peran.KPU_KABKOTA))
    with pytest.raises(PermissionDenied):
        pleno_buka(pleno=pleno, actor=world.user(Peran.PENGAWAS))
    pleno = pleno_buka(pleno=pleno, actor=world.user(Peran.PPK))
    assert pleno.status == "dibuka"
    with pytest.raises(PlenoStatusSalah):
        pleno_buka(pleno=pleno, actor=world.user(Peran.PPK))
    assert AuditLog.objects.filter(action="pleno.buka", wilayah_kode=KEC).count() == 1


def test_pleno_get_for_actor_hides_a_foreign_plenary(world: World) -> None:
    pleno = _pleno(world)
    assert pleno_get_for_actor(actor=world.user(Peran.PPS), pleno_id=pleno.pk) == pleno
    assert pleno_get_for_actor(actor=world.user(Peran.KPU_RI), pleno_id=pleno.pk) == pleno
    assert pleno_get_for_actor(actor=world.user(Peran.SAKSI), pleno_id=pleno.pk) == pleno
    foreign = pleno_get_or_create(pemilihan=world.pemilihan, wilayah_kode="35.78.01", jenis="ppwp")
    for pleno_id in (foreign.pk, 999_999):
        with pytest.raises(NotAccessible):
            pleno_get_for_actor(actor=world.user(Peran.PPK), pleno_id=pleno_id)
    world.user(Peran.PPK).is_active = False
    with pytest.raises(NotAccessible):
        pleno_get_for_actor(actor=world.user(Peran.PPK), pleno_id=pleno.pk)


def test_a_missing_sheet_cannot_be_confirmed_and_a_held_out_one_needs_a_reason(
    world: World,
) -> None:
    ppk = world.user(Peran.PPK)
    pleno = pleno_buka(pleno=_pleno(world), actor=ppk)
    with pytest.raises(PlenoBelumSelesai):
        butir_konfirmasi(pleno=pleno, kode=TPS_A1, actor=ppk)
    with pytest.raises(NotAccessible):
        butir_konfirmasi(pleno=pleno, kode=TPS_LUAR, actor=ppk)
    base = sheet(world, TPS_A1)
    kirim(world, TPS_A1, calon_1=base["calon_1"] + 3)  # sum of votes != suara_sah: held out
    assert (
        rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode=KEC)
        .kontestasi[0]
        .hitung.tps_ditahan
        == 1
    )
    with pytest.raises(InvalidInput):
        butir_konfirmasi(pleno=pleno, kode=TPS_A1, actor=ppk)
    butir_konfirmasi(pleno=pleno, kode=TPS_A1, actor=ppk, alasan="Kertas memang tertulis begitu")
    hitung = rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode=KEC).kontestasi[0].hitung
    assert (hitung.tps_masuk, hitung.tps_ditahan) == (1, 0)
    assert hitung.peserta["calon_1"] == base["calon_1"] + 3
    assert AuditLog.objects.filter(action="rekap.pelepasan").count() == 1


def test_a_correction_is_a_new_version_from_the_plenary_and_a_stale_one_is_refused(
    world: World,
) -> None:
    ppk = world.user(Peran.PPK)
    kirim(world, TPS_A1)
    pleno = pleno_buka(pleno=_pleno(world), actor=ppk)
    base = sheet(world, TPS_A1)
    angka = {**base, "calon_1": base["calon_1"] - 2, "calon_2": base["calon_2"] + 2}
    with pytest.raises(InvalidInput):
        butir_koreksi(
            pleno=pleno, tps_kode=TPS_A1, angka=angka, versi_dasar=1, alasan=" ", actor=ppk
        )
    keberatan = keberatan_catat(
        pleno=pleno, kode=TPS_A1, pengaju="Saksi 02", uraian="Salah baca", actor=ppk
    )
    versi = butir_koreksi(
        pleno=pleno,
        tps_kode=TPS_A1,
        angka=angka,
        versi_dasar=1,
        alasan="Dibaca ulang",
        actor=ppk,
        keberatan=keberatan,
    )
    assert (versi.nomor, versi.sumber) == (2, "pleno")
    assert "Saksi 02" in versi.alasan
    assert pleno.butir_set.get(kode=TPS_A1).status == "dikoreksi"
    with pytest.raises(VersiBentrok) as bentrok:
        butir_koreksi(
            pleno=pleno, tps_kode=TPS_A1, angka=base, versi_dasar=1, alasan="Lagi", actor=ppk
        )
    assert bentrok.value.params["versi"] == 2
    assert "versi 2" in bentrok.value.message
    with pytest.raises(NotAccessible):
        butir_koreksi(
            pleno=pleno, tps_kode=TPS_LUAR, angka=base, versi_dasar=1, alasan="x", actor=ppk
        )
    broken = {**angka, "calon_1": angka["calon_1"] + 10}
    again = butir_koreksi(
        pleno=pleno, tps_kode=TPS_A1, angka=broken, versi_dasar=2, alasan="x", actor=ppk
    )
    assert again.nomor == 3
    assert pleno.butir_set.get(kode=TPS_A1).status == "belum"  # still breaks its arithmetic


def test_an_open_objection_keeps_the_plenary_from_being_adopted(world: World) -> None:
    ppk = world.user(Peran.PPK)
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        kirim(world, tps)
    pleno = pleno_buka(pleno=_pleno(world), actor=ppk)
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        butir_konfirmasi(pleno=pleno, kode=tps, actor=ppk)
    pleno.refresh_from_db()
    assert pleno.status == "selesai"
    keberatan = keberatan_catat(
        pleno=pleno, kode="", pengaju="Bawaslu", uraian="Segel", actor=world.user(Peran.PENGAWAS)
    )
    pleno.refresh_from_db()
    assert pleno.status == "dibuka"
    with pytest.raises(PlenoStatusSalah):
        pleno_tetapkan(pleno=pleno, actor=ppk)
    with pytest.raises(PermissionDenied):
        keberatan_jawab(keberatan=keberatan, jawaban="x", actor=world.user(Peran.PENGAWAS))
    with pytest.raises(NotAccessible):
        keberatan_catat(pleno=pleno, kode=TPS_LUAR, pengaju="x", uraian="y", actor=ppk)
    keberatan_jawab(keberatan=keberatan, jawaban="Segel utuh menurut berita acara", actor=ppk)
    with pytest.raises(PlenoStatusSalah):
        keberatan_jawab(keberatan=keberatan, jawaban="lagi", actor=ppk)
    pleno.refresh_from_db()
    assert pleno.status == "selesai"


def test_adopting_locks_the_figures_and_writes_the_d_hasil_with_them(world: World) -> None:
    ppk = world.user(Peran.PPK)
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        kirim(world, tps)
    pleno = pleno_buka(pleno=_pleno(world), actor=ppk)
    kehadiran_catat(pleno=pleno, unsur="saksi", nama="Budi", peserta="02", actor=ppk)
    with pytest.raises(InvalidInput):
        kehadiran_catat(pleno=pleno, unsur="tamu", nama="X", actor=ppk)
    for tps in (TPS_A1, TPS_A2, TPS_B1):
        butir_konfirmasi(pleno=pleno, kode=tps, actor=ppk)
    pleno = pleno_tetapkan(pleno=pleno, actor=ppk)
    assert pleno.status == "ditetapkan"
    total = sum(sheet(world, t)["calon_1"] for t in (TPS_A1, TPS_A2, TPS_B1))
    sah = sum(sheet(world, t)["suara_sah"] for t in (TPS_A1, TPS_A2, TPS_B1))
    text = _teks(pleno)
    assert "D.HASIL KECAMATAN" in text
    assert (
        f"calon_1 Anies Rasyid Baswedan - Abdul Muhaimin Iskandar {total:,}".replace(",", ".")
        in text
    )
    assert f"Jumlah suara sah {sah:,}".replace(",", ".") in text
    assert f"{TPS_B1} (v1)" in text
    assert "Budi (02)" in text
    assert len(pleno.d_hasil_sha256) == 64
    with pytest.raises(PlenoStatusSalah):
        butir_konfirmasi(pleno=pleno, kode=TPS_A1, actor=ppk)
    ppwp = rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode=KEC).kontestasi[0]
    assert ppwp.rekap is not None
    assert ppwp.rekap.peserta["calon_1"] == total
    assert ppwp.rekap_lengkap is True
    assert ppwp.pleno is not None
    assert ppwp.pleno.status == "ditetapkan"


def test_only_the_tier_above_reopens_with_a_reason_and_the_old_result_stays(world: World) -> None:
    pleno = _kecamatan_locked(world)
    with pytest.raises(PermissionDenied):
        pleno_buka_kembali(pleno=pleno, alasan="x", actor=world.user(Peran.PPK))
    kabkota = world.user(Peran.KPU_KABKOTA)
    with pytest.raises(InvalidInput):
        pleno_buka_kembali(pleno=pleno, alasan="", actor=kabkota)
    pleno = pleno_buka_kembali(
        pleno=pleno, alasan="Keberatan saksi 01 di tingkat kabupaten", actor=kabkota
    )
    assert (pleno.status, pleno.putaran) == ("selesai", 2)
    reopening = PembukaanKembali.objects.get(pleno=pleno)
    assert reopening.hasil_sebelum["dapil"]
    ppk = world.user(Peran.PPK)
    base = sheet(world, TPS_A1)
    butir_koreksi(
        pleno=pleno,
        tps_kode=TPS_A1,
        angka={**base, "calon_1": base["calon_1"] - 1, "calon_2": base["calon_2"] + 1},
        versi_dasar=1,
        alasan="Dihitung ulang",
        actor=ppk,
    )
    pleno = pleno_tetapkan(pleno=pleno, actor=ppk)
    assert pleno.putaran == 2
    assert "putaran 2" in _teks(pleno)


def test_the_kabkota_plenary_reads_the_locked_kecamatan(world: World) -> None:
    kabkota = world.user(Peran.KPU_KABKOTA)
    kirim(world, TPS_A1)
    upper = pleno_buka(pleno=_pleno(world, "33.03"), actor=kabkota)
    with pytest.raises(PlenoBelumSelesai):
        butir_konfirmasi(pleno=upper, kode=KEC, actor=kabkota)
    kecamatan = _kecamatan_locked(world)
    butir_konfirmasi(pleno=upper, kode=KEC, actor=kabkota)
    base = sheet(world, TPS_B1)
    butir_koreksi(
        pleno=upper,
        tps_kode=TPS_B1,
        angka={**base, "calon_1": base["calon_1"] - 4, "calon_2": base["calon_2"] + 4},
        versi_dasar=1,
        alasan="Koreksi pleno kabupaten",
        actor=kabkota,
    )
    upper = pleno_tetapkan(pleno=upper, actor=kabkota)
    assert "D.HASIL KABUPATEN/KOTA" in _teks(upper)
    data = rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode="33.03").kontestasi[0]
    assert data.rekap is not None
    assert data.rekap.peserta == data.hitung.peserta
    kec = rekap_wilayah_get(pemilihan=world.pemilihan, wilayah_kode=KEC).kontestasi[0]
    assert [p.kode for p in kec.perbedaan][:1] == ["koreksi_setelah_penetapan"]
    assert kec.perbedaan[0].tps == (TPS_B1,)
    assert {p.kunci for p in kec.perbedaan if p.kode == "kunci"} == {"calon_1", "calon_2"}
    assert kecamatan.status == "ditetapkan"


def test_a_desa_is_confirmed_at_once_leaving_held_out_and_missing_sheets(world: World) -> None:
    kirim(world, TPS_A1)
    angka = sheet(world, TPS_A2)
    kirim(world, TPS_A2, calon_1=angka["calon_1"] + 700)  # breaks its own arithmetic
    ppk = world.user(Peran.PPK)
    pleno = pleno_buka(pleno=_pleno(world), actor=ppk)

    desa_a = butir_konfirmasi_desa(pleno=pleno, desa_kode="33.03.01.2001", actor=ppk)
    desa_b = butir_konfirmasi_desa(pleno=pleno, desa_kode="33.03.01.2002", actor=ppk)

    assert (desa_a.dikonfirmasi, desa_a.tertinggal) == ([TPS_A1], [TPS_A2])
    assert (desa_b.dikonfirmasi, desa_b.tertinggal) == ([], [TPS_B1])
    status = dict(pleno.butir_set.values_list("kode", "status"))
    assert status == {TPS_A1: "dibaca", TPS_A2: "belum", TPS_B1: "belum"}
    row = AuditLog.objects.filter(action="pleno.butir_dibaca_desa").order_by("seq").first()
    assert row is not None
    assert row.after is not None
    assert row.after["butir"] == {TPS_A1: pleno.butir_set.get(kode=TPS_A1).versi_id}
    assert row.after["tertinggal"] == [TPS_A2]
    again = butir_konfirmasi_desa(pleno=pleno, desa_kode="33.03.01.2001", actor=ppk)
    assert (again.dikonfirmasi, again.tertinggal) == ([], [TPS_A2])


@pytest.mark.parametrize("desa", ["33.03.01.9999", "35.78.01.1001", "33.03.01", ""])
def test_a_desa_outside_the_plenary_is_not_found(world: World, desa: str) -> None:
    ppk = world.user(Peran.PPK)
    pleno = pleno_buka(pleno=_pleno(world), actor=ppk)
    with pytest.raises(NotAccessible):
        butir_konfirmasi_desa(pleno=pleno, desa_kode=desa, actor=ppk)


def test_a_desa_is_confirmed_only_in_a_kecamatan_plenary_by_its_body(world: World) -> None:
    pleno = pleno_buka(pleno=_pleno(world), actor=world.user(Peran.PPK))
    with pytest.raises(PermissionDenied):
        butir_konfirmasi_desa(
            pleno=pleno, desa_kode="33.03.01.2001", actor=world.user(Peran.PENGAWAS)
        )
    kpu = world.user(Peran.KPU_KABKOTA)
    upper = pleno_buka(pleno=_pleno(world, "33.03"), actor=kpu)
    with pytest.raises(NotAccessible):
        butir_konfirmasi_desa(pleno=upper, desa_kode="33.03.01.2001", actor=kpu)
