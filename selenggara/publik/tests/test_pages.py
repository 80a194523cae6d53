"""The public pages: drill-down at every level, both figures, flags, TPS detail, photos."""

import re

import pytest
from django.test import Client

from selenggara.portal.tests.world import DESA_A, DESA_B, TPS_A1, TPS_A2, TPS_B1
from selenggara.publik.tests.world import ALASAN_KOREKSI, kecamatan_ditetapkan
from selenggara.tungsura.models import CHasilFoto, KejadianKhususFoto

pytestmark = pytest.mark.django_db


def _get(url, status=200):
    response = Client().get(url)
    assert response.status_code == status, url
    return response


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_lists_every_contest_of_the_election(hw):
    page = _text(_get("/hasil/"))

    assert hw.world.pemilihan.nama in page
    assert f'href="/hasil/{hw.world.pemilihan.kode}/ppwp/"' in page
    assert f'href="/hasil/{hw.world.pemilihan.kode}/dpr/"' in page


@pytest.mark.parametrize(
    ("kode", "child_link"),
    [
        ("", "/ppwp/33/"),
        ("33", "/ppwp/33.03/"),
        ("33.03", "/ppwp/33.03.01/"),
        ("33.03.01", f"/ppwp/{DESA_A}/"),
        (DESA_A, f"/ppwp/tps/{TPS_A1}/"),
    ],
    ids=["nasional", "provinsi", "kabkota", "kecamatan", "desa"],
)
def test_every_level_links_down_to_the_next(hw, kode, child_link):
    p = hw.world.pemilihan.kode
    url = f"/hasil/{p}/ppwp/{kode + '/' if kode else ''}"

    page = _text(_get(url))

    assert f'href="/hasil/{p}{child_link}"' in page
    assert "<svg" in page
    assert "Berat halaman ini" in page


def test_kecamatan_sums_two_consistent_tps_and_holds_the_third_out(hw):
    page = _text(_get(f"/hasil/{hw.world.pemilihan.kode}/ppwp/33.03.01/"))

    assert "<strong>3</strong> dari 3 TPS" in page
    assert "1 TPS ditahan" in page
    assert "2 TPS ikut dijumlahkan" in page
    assert "Belum ditetapkan" in page  # the official recap, not yet adopted
    assert f'href="/hasil/{hw.world.pemilihan.kode}/ppwp/tps/{TPS_A2}/"' in page
    assert "Ditahan dari penjumlahan di semua tingkat" in page  # rekap's reason, in words
    assert "Angka C.Hasil tidak sesuai hitungan formulir" in page
    assert "1 TPS ditahan dari hitungan karena formulirnya" in page  # why the figures differ


def test_held_out_votes_are_not_in_the_total(hw):
    from selenggara.publik import sumber

    p = hw.world.pemilihan
    k = sumber.kontestasi_publik_get(pemilihan=p, jenis="ppwp")
    desa_a = sumber.hasil_wilayah(pemilihan=p, kontestasi=k, kode=DESA_A)
    desa_b = sumber.hasil_wilayah(pemilihan=p, kontestasi=k, kode=DESA_B)
    kec = sumber.hasil_wilayah(pemilihan=p, kontestasi=k, kode="33.03.01")

    assert desa_a.hitung.tps_ditahan == 1
    assert kec.hitung.suara_sah == desa_a.hitung.suara_sah + desa_b.hitung.suara_sah
    assert kec.hitung.peserta == {
        key: desa_a.hitung.peserta.get(key, 0) + desa_b.hitung.peserta.get(key, 0)
        for key in kec.hitung.peserta
    }
    assert (kec.tps_masuk, kec.hitung.tps_masuk, kec.tps_diharapkan) == (3, 2, 3)
    assert [x.nama.split(" - ")[0] for x in kec.peserta] == [
        "Anies Rasyid Baswedan",
        "Prabowo Subianto",
        "Ganjar Pranowo",
    ]


def test_party_contest_shows_party_totals(hw):
    page = _text(_get(f"/hasil/{hw.world.pemilihan.kode}/dpr/33.03/"))

    for singkatan in ("PKB", "GERINDRA", "PDIP"):
        assert singkatan in page


def test_dpd_above_its_dapil_does_not_add_different_candidates(hw):
    page = _text(_get(f"/hasil/{hw.world.pemilihan.kode}/dpd/"))

    assert "Belum ada C.Hasil yang masuk" in page


def test_desa_page_lists_a_tps_without_a_sheet(hw):
    page = _text(_get(f"/hasil/{hw.world.pemilihan.kode}/dpd/{DESA_A}/"))

    assert "belum masuk" in page


def test_tps_page_shows_photos_versions_reasons_and_digests(hw):
    p = hw.world.pemilihan.kode
    page = _text(_get(f"/hasil/{p}/ppwp/tps/{TPS_A1}/"))
    foto_ids = CHasilFoto.objects.filter(c_hasil__tps__kode=TPS_A1).values_list("pk", flat=True)

    for pk in foto_ids:
        assert f'src="/hasil/foto/{pk}/"' in page
    assert "Halaman 2 dari 2" in page
    digest = hw.digest[(TPS_A1, "ppwp")][0]
    assert digest in page
    assert f'href="/verifikasi/{digest}/"' in page

    corrected = _text(_get(f"/hasil/{p}/ppwp/tps/{TPS_B1}/"))
    assert "Versi 2" in corrected
    assert "Versi 1" in corrected
    assert ALASAN_KOREKSI in corrected
    assert "rapat pleno rekapitulasi" in corrected
    for d in hw.digest[(TPS_B1, "ppwp")]:
        assert d in corrected


def test_flagged_tps_page_says_it_is_held_out(hw):
    page = _text(_get(f"/hasil/{hw.world.pemilihan.kode}/ppwp/tps/{TPS_A2}/"))

    assert "ditahan dari hitungan" in page


def test_photo_is_served_with_caching_headers(hw):
    foto = CHasilFoto.objects.filter(c_hasil__tps__kode=TPS_A1).get(halaman=1)

    response = _get(f"/hasil/foto/{foto.pk}/")

    assert response["Content-Type"] == "image/jpeg"
    assert response["ETag"] == f'"{foto.sha256}"'
    assert "immutable" in response["Cache-Control"]
    assert response.content[:2] == b"\xff\xd8"


def test_pages_are_cacheable(hw):
    response = _get(f"/hasil/{hw.world.pemilihan.kode}/ppwp/")

    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_only_c_hasil_photos_have_a_public_route(hw):
    assert not KejadianKhususFoto.objects.exists()
    missing = (CHasilFoto.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    _get(f"/hasil/foto/{missing}/", status=404)


@pytest.mark.parametrize(
    "path",
    [
        "/hasil/tidak-ada/ppwp/",
        "/hasil/{p}/gubernur/",
        "/hasil/{p}/ppwp/99.99/",
        "/hasil/{p}/ppwp/tps/9999999999999/",
        "/hasil/{p}/gubernur/tps/" + TPS_A1 + "/",
    ],
    ids=["election", "contest", "region", "tps", "tps-contest"],
)
def test_unknown_election_contest_region_or_tps_is_not_found(hw, path):
    _get(path.format(p=hw.world.pemilihan.kode), status=404)


def test_pages_render_in_english(hw):
    client = Client()
    client.cookies["django_language"] = "en"

    page = _text(client.get(f"/hasil/{hw.world.pemilihan.kode}/ppwp/33.03.01/"))

    assert "Count from the C.Hasil" in page
    assert "Hitungan dari C.Hasil" not in page


def test_the_official_recap_stands_beside_the_count_with_the_differences_explained(hw):
    p = hw.world.pemilihan.kode
    kecamatan_ditetapkan(hw)

    page = _text(_get(f"/hasil/{p}/ppwp/33.03.01/"))

    assert "Belum ditetapkan" not in page
    assert "ditetapkan" in page  # the plenary's state
    # TPS B1 was corrected after the lock: the count moved, the official figure did not.
    assert f"1 TPS dikoreksi setelah rapat pleno menetapkan rekapitulasi ({TPS_B1})" in page
    assert "Resmi" in page
    assert "Selisih" in page
    national = _text(_get(f"/hasil/{p}/ppwp/"))
    assert "Angka resmi sejauh rapat pleno yang sudah ditetapkan" in national
    tps_page = _text(_get(f"/hasil/{p}/ppwp/tps/{TPS_A2}/"))
    assert "Ditetapkan dalam rapat pleno PPK" in tps_page
    assert "ditahan dari hitungan" not in tps_page  # corrected in the plenary


def test_upper_levels_send_readers_to_the_kecamatan_for_the_flags(hw):
    page = _text(_get(f"/hasil/{hw.world.pemilihan.kode}/ppwp/33.03/"))

    assert "Tanda per TPS dibaca per kecamatan" in page
    assert "1 TPS ditahan" in page
