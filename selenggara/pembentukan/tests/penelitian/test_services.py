from __future__ import annotations

from pathlib import Path

import pytest

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pembentukan.domain.syarat import JenisDokumen, Pendidikan, Syarat
from selenggara.pembentukan.domain.tahapan import Tahapan, TahapanClosed
from selenggara.pembentukan.models import (
    DaftarAnggotaPartai,
    HasilPenelitian,
    Pendaftar,
    PenilaianSyarat,
    TanggapanMasyarakat,
)
from selenggara.pembentukan.pendaftaran.impor import daftar_partai_import
from selenggara.pembentukan.penelitian.massal import penelitian_run_bulk
from selenggara.pembentukan.penelitian.services import (
    penelitian_run,
    penilaian_record,
    status_from_penilaian,
    tanggapan_resolve,
    tanggapan_submit,
)
from selenggara.pembentukan.tests.helpers import NIK_BUDI, audit_after, jadwal_open, pendaftar_make

pytestmark = pytest.mark.django_db

ALL_MS = dict.fromkeys(Syarat, ("ms", ""))


@pytest.fixture
def desa(wilayah_tree):
    jadwal_open(wilayah_tree.pemilihan)
    return wilayah_tree.desa_list[0]


def _codes(hasil: HasilPenelitian) -> list[str]:
    return [t["kode"] for t in hasil.temuan]


def test_clean_applicant_has_no_findings_and_becomes_diteliti(pemilihan, desa):
    pendaftar = pendaftar_make(pemilihan, desa)

    hasil = penelitian_run(pendaftar=pendaftar, actor=None)

    assert hasil.temuan == []
    assert hasil.memenuhi_syarat is True
    pendaftar.refresh_from_db()
    assert pendaftar.status == Pendaftar.Status.DITELITI
    assert pendaftar.diteliti_at is not None
    assert audit_after("pendaftar.penelitian")["temuan"] == []


def test_findings_name_their_requirement(pemilihan, desa):
    pendaftar = pendaftar_make(
        pemilihan, desa, with_dokumen=False, pendidikan=Pendidikan.SMP, domisili="33.03.01.2002"
    )

    hasil = penelitian_run(pendaftar=pendaftar, actor=None)

    assert "pendidikan_kurang" in _codes(hasil)
    assert "domisili_luar_desa" in _codes(hasil)
    assert _codes(hasil).count("dokumen_kurang") == len(JenisDokumen)
    assert {t["syarat"] for t in hasil.temuan} == {
        Syarat.PENDIDIKAN.value,
        Syarat.DOMISILI.value,
        Syarat.DOKUMEN.value,
    }
    assert hasil.memenuhi_syarat is False


def test_duplicate_nik_is_found_across_desa_of_the_election(pemilihan, desa, wilayah_tree):
    first = pendaftar_make(pemilihan, desa)
    other = pendaftar_make(pemilihan, wilayah_tree.desa_list[1], domisili="33.03.01.2002")

    hasil = penelitian_run(pendaftar=first, actor=None)

    dup = next(t for t in hasil.temuan if t["kode"] == "nik_terdaftar_ganda")
    assert other.nomor_pendaftaran in dup["params_petugas"]["pendaftaran_lain"]
    assert NIK_BUDI not in str(hasil.temuan)


def test_party_member_is_found_by_digest_and_the_party_stays_officer_only(
    pemilihan, desa, tmp_path: Path
):
    path = tmp_path / "sipol.csv"
    path.write_text(f"nik,partai\n{NIK_BUDI},Partai Contoh\n3303010101900009,Partai Lain\n")
    result = daftar_partai_import(pemilihan=pemilihan, path=path, actor=None)
    assert (result.jumlah, result.jumlah_partai) == (2, 2)
    assert NIK_BUDI not in str(list(DaftarAnggotaPartai.objects.values()))
    pendaftar = pendaftar_make(pemilihan, desa)

    hasil = penelitian_run(pendaftar=pendaftar, actor=None)

    partai = next(t for t in hasil.temuan if t["kode"] == "anggota_partai")
    assert "Partai Contoh" not in str(partai["params"])
    assert partai["params_petugas"]["partai"].startswith("Partai Contoh")
    assert "Partai Contoh" not in str(audit_after("pendaftar.penelitian"))


def test_party_import_is_all_or_nothing(pemilihan, tmp_path: Path):
    path = tmp_path / "sipol.csv"
    path.write_text(f"nik,partai\n{NIK_BUDI},Partai Contoh\n123,Partai X\n3303010101900009,\n")

    with pytest.raises(InvalidInput) as caught:
        daftar_partai_import(pemilihan=pemilihan, path=path, actor=None)

    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "nik"), (4, "partai")]
    assert DaftarAnggotaPartai.objects.count() == 0


def test_bulk_run_checks_a_region_with_one_audit_row(pemilihan, desa, wilayah_tree):
    pendaftar_make(pemilihan, desa)
    pendaftar_make(pemilihan, desa, nik="3303010508900002", pendidikan=Pendidikan.SD)
    pendaftar_make(
        pemilihan, wilayah_tree.desa_list[1], nik="3303010508900003", domisili="33.03.01.2002"
    )
    progress_calls = []

    result = penelitian_run_bulk(
        pemilihan=pemilihan,
        wilayah_kode="33.03.01.2001",
        actor=None,
        progress=lambda *a: progress_calls.append(a),
    )

    assert (result.jumlah, result.lolos, result.dengan_error) == (2, 1, 1)
    assert HasilPenelitian.objects.count() == 2
    assert Pendaftar.objects.filter(status=Pendaftar.Status.DITELITI).count() == 2
    assert AuditLog.objects.filter(action="pendaftar.penelitian_bulk").count() == 1
    assert progress_calls[-1] == ("penelitian", 1, 1)


def test_bulk_run_of_the_whole_election_and_a_bad_code(pemilihan, desa):
    pendaftar_make(pemilihan, desa)

    assert penelitian_run_bulk(pemilihan=pemilihan, wilayah_kode=None, actor=None).jumlah == 1
    with pytest.raises(InvalidInput):
        penelitian_run_bulk(pemilihan=pemilihan, wilayah_kode="99.x", actor=None)


@pytest.mark.parametrize(
    ("verdicts", "status"),
    [
        pytest.param({}, "diteliti", id="none"),
        pytest.param({"a_wni": "ms"}, "diteliti", id="partial-ms"),
        pytest.param({"a_wni": "tms"}, "diteliti", id="partial-tms"),
        pytest.param({s.value: "ms" for s in Syarat}, "memenuhi_syarat", id="all-ms"),
        pytest.param(
            {**{s.value: "ms" for s in Syarat}, "h_pendidikan": "tms"},
            "tidak_memenuhi_syarat",
            id="one-tms",
        ),
    ],
)
def test_status_from_penilaian(verdicts, status):
    assert status_from_penilaian(verdicts) == status


def test_penilaian_records_each_requirement_then_the_status(pemilihan, desa, world_pps):
    pendaftar = pendaftar_make(pemilihan, desa)
    penelitian_run(pendaftar=pendaftar, actor=None)

    penilaian_record(pendaftar=pendaftar, penilaian={Syarat.WNI: ("ms", "")}, actor=world_pps)
    pendaftar.refresh_from_db()
    assert pendaftar.status == Pendaftar.Status.DITELITI

    penilaian_record(pendaftar=pendaftar, penilaian=ALL_MS, actor=world_pps)
    pendaftar.refresh_from_db()
    assert pendaftar.status == Pendaftar.Status.MEMENUHI_SYARAT
    assert PenilaianSyarat.objects.filter(pendaftar=pendaftar).count() == len(Syarat)
    audit = AuditLog.objects.filter(action="pendaftar.penilaian").last()
    assert audit is not None
    assert audit.after is not None
    assert audit.after["status"] == "memenuhi_syarat"
    assert audit.actor == world_pps


def test_penilaian_unchanged_writes_no_audit(pemilihan, desa, world_pps):
    pendaftar = pendaftar_make(pemilihan, desa)
    penilaian_record(pendaftar=pendaftar, penilaian=ALL_MS, actor=world_pps)
    count = AuditLog.objects.count()

    penilaian_record(pendaftar=pendaftar, penilaian=ALL_MS, actor=world_pps)

    assert AuditLog.objects.count() == count


def test_officer_tms_is_kept_even_when_automatic_checks_pass(pemilihan, desa, world_pps):
    pendaftar = pendaftar_make(pemilihan, desa)
    assert penelitian_run(pendaftar=pendaftar, actor=None).memenuhi_syarat is True

    penilaian_record(
        pendaftar=pendaftar,
        penilaian={**ALL_MS, Syarat.SEHAT: ("tms", "Surat sehat tidak sah")},
        actor=world_pps,
    )

    pendaftar.refresh_from_db()
    assert pendaftar.status == Pendaftar.Status.TIDAK_MEMENUHI_SYARAT


def test_penilaian_refuses_tms_without_note_and_unknown_verdicts(pemilihan, desa, world_pps):
    pendaftar = pendaftar_make(pemilihan, desa)

    with pytest.raises(InvalidInput) as caught:
        penilaian_record(
            pendaftar=pendaftar,
            penilaian={Syarat.WNI: ("tms", " "), Syarat.USIA: ("mungkin", "")},
            actor=world_pps,
        )

    assert [e.field for e in caught.value.errors] == ["a_wni", "b_usia"]
    assert PenilaianSyarat.objects.count() == 0


def test_penilaian_outside_research_window_is_refused(pemilihan, desa, world_pps):
    pendaftar = pendaftar_make(pemilihan, desa)
    jadwal_open(pemilihan, closed=frozenset({Tahapan.PENELITIAN_ADMINISTRASI}))

    with pytest.raises(TahapanClosed, match="Penelitian administrasi"):
        penilaian_record(pendaftar=pendaftar, penilaian=ALL_MS, actor=world_pps)


def test_tanggapan_submit_and_resolve(pemilihan, desa, world_pps):
    pendaftar = pendaftar_make(pemilihan, desa)

    tanggapan = tanggapan_submit(
        pendaftar=pendaftar,
        isi="Ybs anggota partai.",
        pengirim_nama="Warga",
        pengirim_kontak="0812",
    )
    tanggapan_resolve(
        tanggapan=tanggapan,
        klarifikasi="Sudah dicek, bukan.",
        hasil="tidak_terbukti",
        actor=world_pps,
    )

    tanggapan.refresh_from_db()
    assert (tanggapan.hasil, tanggapan.handled_by) == ("tidak_terbukti", world_pps)
    actions = list(
        AuditLog.objects.filter(action__startswith="tanggapan.").values_list("action", flat=True)
    )
    assert actions == ["tanggapan.submit", "tanggapan.resolve"]
    assert "anggota partai" not in str(audit_after("tanggapan.submit"))


def test_tanggapan_refusals(pemilihan, desa, world_pps):
    pendaftar = pendaftar_make(pemilihan, desa)
    with pytest.raises(InvalidInput):
        tanggapan_submit(pendaftar=pendaftar, isi=" ", pengirim_nama="", pengirim_kontak="x")
    tanggapan = tanggapan_submit(
        pendaftar=pendaftar, isi="isi", pengirim_nama="n", pengirim_kontak="k"
    )
    with pytest.raises(InvalidInput, match="Pilih hasil"):
        tanggapan_resolve(tanggapan=tanggapan, klarifikasi="x", hasil="entah", actor=world_pps)
    with pytest.raises(InvalidInput, match="Klarifikasi"):
        tanggapan_resolve(tanggapan=tanggapan, klarifikasi=" ", hasil="terbukti", actor=world_pps)
    jadwal_open(pemilihan, closed=frozenset({Tahapan.TANGGAPAN_MASYARAKAT}))
    with pytest.raises(TahapanClosed):
        tanggapan_submit(pendaftar=pendaftar, isi="isi", pengirim_nama="n", pengirim_kontak="k")
    assert TanggapanMasyarakat.objects.count() == 1
