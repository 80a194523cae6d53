from datetime import date

import pytest

from selenggara.pemilihan.models import TPS, Dapil
from selenggara.pemilihan.selectors_peserta import (
    DapilIndex,
    calon_list,
    dapil_for_desa_kode,
    dapil_for_tps,
    dapil_index_get,
    partai_list,
)
from selenggara.pemilihan.services import pemilihan_create, tps_import
from selenggara.pemilihan.services_peserta import calon_import, dapil_import, partai_import
from selenggara.wilayah.services import wilayah_import

pytestmark = pytest.mark.django_db

WILAYAH_CSV = """kode,nama
31,DKI Jakarta
31.71,Kota Jakarta Pusat
31.71.01,Gambir
31.71.01.1001,Gambir
33,Jawa Tengah
33.03,Kabupaten Purbalingga
33.03.01,Kemangkon
33.03.01.2001,Kedungbenda
33.03.02,Bukateja
33.03.02.2001,Kutawis
"""
DAPIL_CSV = """kontestasi,kode_dapil,nama_dapil,induk,kursi,wilayah_kode
ppwp,nasional,Nasional,,1,
dpr,jateng-7,Jawa Tengah VII,33,7,33
dpr,dki-2,DKI Jakarta II,31,7,31
dprd_kabkota,pbg-1,Purbalingga 1,33.03,3,33.03.01
dprd_kabkota,pbg-2,Purbalingga 2,33.03,3,33.03.02.2001
"""
TPS_CSV = """kode_desa,nomor,dpt_laki,dpt_perempuan
33.03.01.2001,1,100,100
33.03.02.2001,1,100,100
31.71.01.1001,1,100,100
"""


@pytest.fixture
def election(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(WILAYAH_CSV, encoding="utf-8")
    versi = wilayah_import(path=path, versi_kode="uji-sel", keputusan="uji", actor=None).versi
    pemilihan = pemilihan_create(
        kode="pemilu-sel",
        nama="Pemilu",
        jenis="pemilu",
        hari_pemungutan=date(2024, 2, 14),
        versi_wilayah=versi,
        actor=None,
    )
    for name, text, service in (
        ("d.csv", DAPIL_CSV, dapil_import),
        ("t.csv", TPS_CSV, tps_import),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        service(pemilihan=pemilihan, path=tmp_path / name, actor=None)
    return pemilihan


def _kode(result):
    return {k: d.kode for k, d in result.items()}


def test_dapil_for_tps_in_one_query(election, django_assert_num_queries):
    tps = TPS.objects.get(pemilihan=election, kode="3303012001001")
    with django_assert_num_queries(1):
        result = dapil_for_tps(tps=tps)
    assert _kode(result) == {"ppwp": "nasional", "dpr": "jateng-7", "dprd_kabkota": "pbg-1"}
    assert list(result) == ["ppwp", "dpr", "dprd_kabkota"]


def test_dapil_for_tps_by_desa_region_and_dki_has_no_dprd_kabkota(election):
    tps = TPS.objects.get(pemilihan=election, kode="3303022001001")
    assert _kode(dapil_for_tps(tps=tps))["dprd_kabkota"] == "pbg-2"
    dki = TPS.objects.get(pemilihan=election, kode="3171011001001")
    assert _kode(dapil_for_tps(tps=dki)) == {"ppwp": "nasional", "dpr": "dki-2"}


def test_dapil_for_tps_without_dapil_is_empty(wilayah_tree):
    assert dapil_for_tps(tps=wilayah_tree.tps_list[0]) == {}


def test_bulk_index_loads_once_then_resolves_in_memory(election, django_assert_num_queries):
    with django_assert_num_queries(1):
        index = dapil_index_get(pemilihan=election)
    with django_assert_num_queries(0):
        result = dapil_for_desa_kode(index=index, desa_kode="33.03.02.2001")
        unknown = dapil_for_desa_kode(index=index, desa_kode="35.01.01.2001")
    assert _kode(result) == {"ppwp": "nasional", "dpr": "jateng-7", "dprd_kabkota": "pbg-2"}
    assert _kode(unknown) == {"ppwp": "nasional"}
    for tps in TPS.objects.filter(pemilihan=election):
        assert _kode(dapil_for_tps(tps=tps)) == _kode(
            dapil_for_desa_kode(index=index, desa_kode=tps.desa.kode)
        )


def test_most_specific_region_wins_should_two_match(election):
    loaded = dapil_index_get(pemilihan=election)
    by_prefix = dict(loaded.dapil_by_prefix)
    by_prefix["33.03"] = [by_prefix["33.03.02.2001"][0]]  # a broader, conflicting dapil
    index = DapilIndex(jenis=loaded.jenis, dapil_by_prefix=by_prefix)
    assert _kode(dapil_for_desa_kode(index=index, desa_kode="33.03.01.2001"))["dprd_kabkota"] == (
        "pbg-1"
    )


def test_calon_and_partai_lists_in_ballot_order(election, tmp_path, django_assert_num_queries):
    (tmp_path / "p.csv").write_text("nomor,nama,singkatan\n2,Dua,P2\n1,Satu,P1\n", encoding="utf-8")
    partai_import(pemilihan=election, path=tmp_path / "p.csv", actor=None)
    (tmp_path / "c.csv").write_text(
        "kontestasi,kode_dapil,partai,nomor_urut,nama\n"
        "dpr,jateng-7,2,1,D\ndpr,jateng-7,1,2,B\ndpr,jateng-7,1,1,A\n",
        encoding="utf-8",
    )
    calon_import(pemilihan=election, path=tmp_path / "c.csv", actor=None)
    assert [p.nomor for p in partai_list(pemilihan=election)] == [1, 2]
    dapil = Dapil.objects.get(kode="jateng-7")
    with django_assert_num_queries(1):
        rows = [
            (c.partai and c.partai.nomor, c.nomor_urut, c.nama) for c in calon_list(dapil=dapil)
        ]
    assert rows == [(1, 1, "A"), (1, 2, "B"), (2, 1, "D")]
