import gzip
from datetime import date

import pytest
from django.db.models import Max, Sum

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import TPS, RingkasanWilayah
from selenggara.pemilihan.services import pemilihan_create, tps_load_distribusi_2024
from selenggara.wilayah.services import DEFAULT_FILE, wilayah_import

pytestmark = pytest.mark.django_db


def _purbalingga_csv(tmp_path, *, rename=None, drop=None):
    """The real 2025 rows of Jawa Tengah > Purbalingga, optionally with one desa altered."""
    with gzip.open(DEFAULT_FILE, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.startswith(("kode,", "33,", "33.03,", "33.03."))]
    if drop:
        lines = [line for line in lines if not line.startswith(f"{drop},")]
    if rename:
        old, new = rename
        lines = [line.replace(f"{old},", f"{new},", 1) for line in lines]
    path = tmp_path / "purbalingga.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _pemilihan(path, kode="pemilu-2024", jenis="pemilu"):
    versi = wilayah_import(path=path, versi_kode=f"v-{kode}", keputusan="uji", actor=None).versi
    return pemilihan_create(
        kode=kode,
        nama=kode,
        jenis=jenis,
        hari_pemungutan=date(2024, 2, 14),
        versi_wilayah=versi,
        actor=None,
    )


def test_purbalingga_gets_its_2964_tps_with_marked_synthetic_dpt(tmp_path):
    pemilihan = _pemilihan(_purbalingga_csv(tmp_path))
    result = tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix="33.03")
    assert (result.jumlah_tps, result.jumlah_desa, result.desa_skipped) == (2964, 239, 0)
    tps_qs = TPS.objects.filter(pemilihan=pemilihan)
    assert tps_qs.count() == 2964
    assert tps_qs.filter(dpt_sintetis=False).count() == 0
    assert tps_qs.aggregate(m=Max("dpt"))["m"] <= 300
    assert tps_qs.aggregate(s=Sum("dpt"))["s"] == result.jumlah_dpt
    assert 230 * 2964 < result.jumlah_dpt < 270 * 2964
    national = RingkasanWilayah.objects.get(pemilihan=pemilihan, kode="")
    assert (national.jumlah_tps, national.jumlah_desa) == (2964, 239)
    assert RingkasanWilayah.objects.get(pemilihan=pemilihan, kode="33.03").jumlah_tps == 2964
    assert RingkasanWilayah.objects.filter(pemilihan=pemilihan, tingkat=3).count() == 18
    audit = AuditLog.objects.get(action="tps.load_distribusi_2024")
    assert audit.after == {**(audit.after or {}), "tps": 2964, "dpt_sintetis": True}
    assert audit.wilayah_kode == "33.03"


def test_same_seed_gives_same_dpt_and_cap_is_the_elections(tmp_path):
    path = _purbalingga_csv(tmp_path)
    a = tps_load_distribusi_2024(pemilihan=_pemilihan(path, "a"), actor=None, prefix="33.03.01")
    b = tps_load_distribusi_2024(pemilihan=_pemilihan(path, "b"), actor=None, prefix="33.03.01")
    assert a.jumlah_dpt == b.jumlah_dpt
    pilkada = _pemilihan(path, "c", jenis="pilkada")
    tps_load_distribusi_2024(pemilihan=pilkada, actor=None, prefix="33.03.01")
    assert TPS.objects.filter(pemilihan=pilkada).aggregate(m=Max("dpt"))["m"] <= 600


def test_desa_missing_from_the_region_list_is_reported_not_fatal(tmp_path):
    pemilihan = _pemilihan(_purbalingga_csv(tmp_path, drop="33.03.01.2001"))
    result = tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix="33.03.01")
    assert result.desa_skipped == 1
    assert result.tps_skipped > 0
    assert result.desa_skipped_examples[0].startswith("33.03.01.2001 ")
    after = AuditLog.objects.get(action="tps.load_distribusi_2024").after
    assert after == {**(after or {}), "desa_skipped": 1}


def test_recoded_desa_is_matched_by_name_in_the_same_kabkota(tmp_path):
    pemilihan = _pemilihan(_purbalingga_csv(tmp_path, rename=("33.03.01.2001", "33.03.02.2099")))
    result = tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix="33.03")
    assert (result.desa_rematched, result.desa_skipped, result.jumlah_tps) == (1, 0, 2964)
    assert TPS.objects.filter(pemilihan=pemilihan, kode__startswith="3303022099").exists()


def test_second_load_into_the_same_region_is_refused(tmp_path):
    pemilihan = _pemilihan(_purbalingga_csv(tmp_path))
    tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix="33.03.01")
    with pytest.raises(InvalidInput, match=r"sudah memiliki TPS di wilayah 33\.03\.01"):
        tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix="33.03.01")
    with pytest.raises(InvalidInput, match="Kode wilayah tidak sah"):
        tps_load_distribusi_2024(pemilihan=pemilihan, actor=None, prefix="33.3")
