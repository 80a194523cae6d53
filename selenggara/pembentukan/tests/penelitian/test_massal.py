"""The set-based screening of stored applicants agrees with the per-applicant checks."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.syarat import JenisDokumen, Pendidikan
from selenggara.pembentukan.models import (
    DaftarAnggotaPartai,
    DokumenPendaftar,
    HasilPenelitian,
    Pendaftar,
    PenelitianMassal,
)
from selenggara.pembentukan.penelitian import massal, services
from selenggara.pembentukan.penelitian.massal import penelitian_run_bulk
from selenggara.pembentukan.penelitian.services import penelitian_run
from selenggara.pembentukan.personal import nik_decrypt, nik_digest
from selenggara.pembentukan.tests.domain.builders import nik_of
from selenggara.pembentukan.tests.helpers import jadwal_open, pendaftar_make
from selenggara.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db

ON = date(2024, 1, 10)


@pytest.fixture
def world(wilayah_tree: Any) -> dict[str, Any]:
    """The tree plus a second kab/kota (33.04 > 33.04.01 > 33.04.01.2001), schedule open."""
    jadwal_open(wilayah_tree.pemilihan)
    versi = wilayah_tree.versi
    for kode, nama, tingkat, induk in (
        ("33.04", "Kabupaten Banjarnegara", 2, "33"),
        ("33.04.01", "Susukan", 3, "33.04"),
        ("33.04.01.2001", "Gumelem Wetan", 4, "33.04.01"),
    ):
        Wilayah.objects.create(versi=versi, kode=kode, nama=nama, tingkat=tingkat, induk_kode=induk)
    return {
        "pemilihan": wilayah_tree.pemilihan,
        "kedungbenda": wilayah_tree.desa_list[0],
        "bokol": wilayah_tree.desa_list[1],
        "gumelem": Wilayah.objects.get(versi=versi, kode="33.04.01.2001"),
        "tps": wilayah_tree.tps_list[0],
    }


def _applicants(world: dict[str, Any]) -> dict[str, Pendaftar]:
    """One applicant per kind of finding, in two kab/kota; every one registered by a PPS."""
    p, kb, bk, gm = world["pemilihan"], world["kedungbenda"], world["bokol"], world["gumelem"]
    lahir = date(1990, 8, 5)
    made: dict[str, Pendaftar] = {}

    def make(name: str, desa: Wilayah, serial: int, **data: Any) -> None:
        data.setdefault("nik", nik_of(lahir=data.get("lahir", lahir), serial=serial))
        data.setdefault("domisili", desa.kode)
        made[name] = pendaftar_make(p, desa, nama=f"Calon {name}", **data)

    make("bersih", kb, 1, tps=world["tps"])
    make("muda", kb, 2, lahir=date(2008, 3, 1))
    make("tua", kb, 3, lahir=date(1960, 1, 1))
    make("luar_desa", kb, 4, domisili=bk.kode)
    make("smp", bk, 5, pendidikan=Pendidikan.SMP)
    make("tanpa_pernyataan", bk, 6, pernyataan=False)
    make("tanpa_dokumen", bk, 7, with_dokumen=False)
    make("partai", gm, 8)
    # The same NIK in Kedungbenda (with a TPS) and in Banjarnegara: two batches.
    make("ganda_a", kb, 9, tps=world["tps"])
    make("ganda_b", gm, 9)
    # NIKs that disagree with the e-KTP facts, or come from an unknown kecamatan.
    make("tanggal_beda", kb, 10, nik=nik_of(lahir=date(1990, 8, 6), serial=10))
    make("jk_beda", gm, 11, jenis_kelamin=JenisKelamin.P)
    make("kecamatan_asing", bk, 12, nik=nik_of(kecamatan="330399", lahir=lahir, serial=12))
    make("banyak", gm, 13, lahir=date(1950, 2, 14), pendidikan=Pendidikan.SD, pernyataan=False)
    # Stored before the NIK facts existed: the screening must read its NIK.
    make("lama", kb, 14, nik=nik_of(lahir=date(1990, 8, 7), serial=14))
    Pendaftar.objects.filter(pk=made["lama"].pk).update(
        nik_kecamatan_digest="", nik_identitas_sesuai=None
    )
    DokumenPendaftar.objects.filter(pendaftar=made["smp"], jenis=JenisDokumen.IJAZAH.value).delete()
    for partai in ("Partai Zeta", "Partai Alfa"):
        DaftarAnggotaPartai.objects.create(
            pemilihan=p,
            nik_digest=made["partai"].nik_digest,
            partai=partai,
            sumber="uji",
            imported_at=timezone.now(),
        )
    return made


def _hasil(pendaftar: Pendaftar) -> dict[str, Any]:
    row = HasilPenelitian.objects.filter(pendaftar=pendaftar).order_by("-run_at", "-pk").first()
    assert row is not None
    return {
        "temuan": row.temuan,
        "memenuhi_syarat": row.memenuhi_syarat,
        "jumlah_error": row.jumlah_error,
        "jumlah_warning": row.jumlah_warning,
    }


def test_bulk_findings_equal_the_per_applicant_checks_for_every_code(world):
    made = _applicants(world)

    result = penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode=None, actor=None, on=ON)

    assert (result.jumlah, result.batch, result.dilanjutkan) == (len(made), 2, False)
    bulk = {name: _hasil(p) for name, p in made.items()}
    codes = {t["kode"] for h in bulk.values() for t in h["temuan"]}
    assert codes == {
        "usia_kurang",
        "usia_lebih_55",
        "anggota_partai",
        "domisili_luar_desa",
        "pendidikan_kurang",
        "nik_terdaftar_ganda",
        "pernyataan_perkawinan_kosong",
        "dokumen_kurang",
        "nik_tanggal_lahir_beda",
        "nik_jenis_kelamin_beda",
        "nik_wilayah_tidak_dikenal",
    }
    for name, pendaftar in made.items():
        penelitian_run(pendaftar=pendaftar, actor=None, on=ON)
        assert bulk[name] == _hasil(pendaftar), name
    assert bulk["bersih"]["temuan"] == []
    assert result.lolos == sum(1 for h in bulk.values() if h["memenuhi_syarat"])
    partai = next(t for t in bulk["partai"]["temuan"] if t["kode"] == "anggota_partai")
    assert partai["params_petugas"] == {"partai": "Partai Alfa"}
    ganda = next(t for t in bulk["ganda_b"]["temuan"] if t["kode"] == "nik_terdaftar_ganda")
    assert ganda["params"] == {"jumlah": 1}
    assert ganda["params_petugas"]["pendaftaran_lain"] == (
        f"KPPS TPS {world['tps'].kode} ({made['ganda_a'].nomor_pendaftaran})"
    )
    assert Pendaftar.objects.filter(status=Pendaftar.Status.DITELITI).count() == len(made)
    assert not Pendaftar.objects.filter(diteliti_at__isnull=True).exists()


def test_only_nik_that_disagree_or_predate_the_facts_are_decrypted(world, monkeypatch):
    made = _applicants(world)
    decrypted: list[str] = []
    real = nik_decrypt

    def counting(token: str) -> str:
        decrypted.append(token)
        return real(token)

    monkeypatch.setattr(services, "nik_decrypt", counting)

    penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode=None, actor=None, on=ON)

    read = {
        made[name].nik_encrypted for name in ("tanggal_beda", "jk_beda", "kecamatan_asing", "lama")
    }
    assert sorted(decrypted) == sorted(read)


def test_an_interrupted_run_resumes_with_the_batches_it_has_not_written(world, monkeypatch):
    made = _applicants(world)
    real = massal._batch_run

    def fail_in_banjarnegara(pemilihan, prefix, shared):
        if prefix == "3304":
            raise RuntimeError("listrik padam")
        return real(pemilihan, prefix, shared)

    monkeypatch.setattr(massal, "_batch_run", fail_in_banjarnegara)
    with pytest.raises(RuntimeError):
        penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode="33", actor=None, on=ON)

    run = PenelitianMassal.objects.get()
    assert (run.batch_selesai, run.selesai_at, run.batch_total) == (["3303"], None, 2)
    in_3303 = sum(1 for p in made.values() if p.desa_kode.startswith("3303"))
    assert HasilPenelitian.objects.count() == run.jumlah == in_3303
    monkeypatch.setattr(massal, "_batch_run", real)

    result = penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode="33", actor=None)

    assert (result.jumlah, result.batch, result.dilanjutkan) == (len(made), 2, True)
    assert HasilPenelitian.objects.count() == len(made)
    assert set(HasilPenelitian.objects.values_list("run_at", flat=True)) == {run.mulai_at}
    batches = AuditLog.objects.filter(action="pendaftar.penelitian_massal").order_by("seq")
    assert [(a.wilayah_kode, (a.after or {})["jumlah"]) for a in batches] == [
        ("33.03", in_3303),
        ("33.04", len(made) - in_3303),
    ]
    total = AuditLog.objects.get(action="pendaftar.penelitian_bulk")
    assert total.after == {
        "jumlah": len(made),
        "lolos": result.lolos,
        "dengan_error": result.dengan_error,
        "batch": 2,
    }
    # Finished: the next run is a new one and writes a new set of findings.
    again = penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode="33", actor=None)
    assert (again.dilanjutkan, PenelitianMassal.objects.count()) == (False, 2)
    assert HasilPenelitian.objects.count() == 2 * len(made)


def test_a_region_below_a_kabkota_is_one_batch_and_other_regions_are_left(world):
    made = _applicants(world)

    result = penelitian_run_bulk(
        pemilihan=world["pemilihan"], wilayah_kode="3303012002", actor=None, on=ON
    )

    in_bokol = {p.pk for p in made.values() if p.desa_kode == "3303012002"}
    assert (result.jumlah, result.batch) == (len(in_bokol), 1)
    assert set(HasilPenelitian.objects.values_list("pendaftar_id", flat=True)) == in_bokol
    assert PenelitianMassal.objects.get().wilayah_kode == "33.03.01.2002"


def test_an_empty_region_and_a_bad_code(world):
    empty = penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode="34", actor=None)
    assert (empty.jumlah, empty.batch) == (0, 0)
    one = penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode="33.04.01", actor=None)
    assert (one.jumlah, one.batch) == (0, 1)
    with pytest.raises(InvalidInput) as caught:
        penelitian_run_bulk(pemilihan=world["pemilihan"], wilayah_kode="99.x", actor=None)
    assert caught.value.errors[0].field == "wilayah"


def test_command_screens_the_nation_and_says_when_it_resumed(world):
    made = _applicants(world)
    out = io.StringIO()

    call_command("pembentukan", "penelitian", "--pemilihan", "pemilu-2024", stdout=out)

    assert f"{len(made)} pendaftar diteliti" in out.getvalue()
    assert "2 kab/kota" in out.getvalue()
    assert HasilPenelitian.objects.count() == len(made)
    assert nik_digest(nik_of(serial=1)) == made["bersih"].nik_digest
