"""Entry laid out like the paper: Periksa stores nothing, flagged fields must be ticked before
Kirim, resends are idempotent, corrections need a reason and become the next version."""

from __future__ import annotations

import uuid

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import TPS_A1, TPS_A2, World
from selenggara.tungsura.models import CHasilVersi
from selenggara.tungsura.selectors import versi_angka
from selenggara.tungsura.tests.views.conftest import body, isi_url, sheet

pytestmark = pytest.mark.django_db


def _versi_list():
    return list(CHasilVersi.objects.order_by("nomor"))


def test_the_form_is_laid_out_like_the_paper(world: World, client_for):
    response = client_for(Peran.KPPS_KETUA).get(isi_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Kedungbenda", "Kemangkon", "Nomor TPS", "001", "Laki-laki (L)", "DPTb"):
        assert text in html
    for bagian in ("I", "II", "III", "IV", "V"):
        assert f'id="bagian-{bagian}"' in html
    assert "Prabowo Subianto" in html
    assert "Gibran Rakabuming Raka" in html
    assert html.count('inputmode="numeric"') == 25 + 3
    assert 'name="idempotency_key" value="' in html
    assert 'data-jumlah-dari="pengguna_dpt_l pengguna_dptb_l pengguna_dpk_l"' in html


def test_a_party_contest_has_a_block_per_party(world: World, client_for):
    html = client_for(Peran.PPS).get(isi_url("dpr")).content.decode()

    assert "Partai nomor 2 GERINDRA" in html
    assert "Calon dpr GERINDRA 3" in html
    assert 'name="partai_2"' in html
    assert 'name="partai_2_calon_3"' in html
    assert 'name="partai_2_jumlah"' in html


@pytest.mark.parametrize("peran", [Peran.SAKSI, Peran.PENGAWAS])
def test_read_only_roles_cannot_open_or_send_the_form(world: World, client_for, peran):
    client = client_for(peran)

    assert client.get(isi_url()).status_code == 403
    assert client.post(isi_url(), body(sheet(world))).status_code == 403
    assert _versi_list() == []


def test_another_tps_is_not_found(world: World, client_for):
    assert client_for(Peran.KPPS_KETUA).get(isi_url(tps=TPS_A2)).status_code == 404
    assert client_for(Peran.PPS).get(isi_url("bukan-kontestasi")).status_code == 404


def test_periksa_of_a_consistent_sheet_stores_nothing(world: World, client_for):
    response = client_for(Peran.KPPS_KETUA).post(isi_url(), body(sheet(world), aksi="periksa"))

    assert response.status_code == 200
    assert "Tidak ada temuan" in response.content.decode()
    assert _versi_list() == []


def test_periksa_shows_each_finding_and_a_checkbox_beside_each_flagged_field(
    world: World, client_for
):
    angka = sheet(world)
    angka["calon_2"] += 10

    response = client_for(Peran.KPPS_KETUA).post(isi_url(), body(angka, aksi="periksa"))

    html = response.content.decode()
    assert _versi_list() == []
    assert 'data-kode="suara_sah_tidak_sesuai"' in html
    assert "Galat" in html
    assert "V.A Jumlah suara sah" in html
    for key in ("calon_1", "calon_2", "calon_3", "suara_sah"):
        assert f'name="konfirmasi" value="{key}"' in html
    assert 'class="kotak ditandai" id="kotak-calon_2"' in html
    assert f'value="{angka["calon_2"]}"' in html  # the typed number stays as typed


def test_kirim_is_refused_until_every_flagged_field_is_ticked(world: World, client_for):
    angka = sheet(world)
    angka["calon_2"] += 10

    response = client_for(Peran.KPPS_KETUA).post(
        isi_url(), body(angka, konfirmasi=["calon_1", "calon_2", "calon_3"])
    )

    assert response.status_code == 200
    assert "Cocokkan setiap kolom yang ditandai" in response.content.decode()
    assert _versi_list() == []


def test_kirim_with_every_flag_ticked_stores_the_sheet_as_written(world: World, client_for):
    angka = sheet(world)
    angka["calon_2"] += 10
    flagged = ["calon_1", "calon_2", "calon_3", "suara_sah"]

    response = client_for(Peran.KPPS_KETUA).post(isi_url(), body(angka, konfirmasi=flagged))

    (versi,) = _versi_list()
    assert response.status_code == 302
    assert response["Location"] == f"/tungsura/tps/{TPS_A1}/c-hasil/ppwp/versi/1/salinan/"
    assert versi_angka(versi) == angka
    assert (versi.status, versi.sumber, versi.konfirmasi) == (
        "dikonfirmasi",
        "ponsel_kpps",
        flagged,
    )


def test_a_pps_entering_from_paper_is_recorded_as_such(world: World, client_for):
    client_for(Peran.PPS).post(isi_url(), body(sheet(world)))

    (versi,) = _versi_list()
    assert (versi.sumber, versi.status) == ("entri_kertas", "konsisten")


def test_a_resend_of_the_same_page_creates_no_second_version(world: World, client_for):
    client = client_for(Peran.KPPS_ANGGOTA)
    data = body(sheet(world), key=uuid.uuid4())

    first = client.post(isi_url(), data)
    second = client.post(isi_url(), data)

    assert len(_versi_list()) == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_a_reused_page_with_other_numbers_gets_a_fresh_key(world: World, client_for):
    client = client_for(Peran.KPPS_KETUA)
    key = uuid.uuid4()
    client.post(isi_url(), body(sheet(world), key=key))

    changed = sheet(world)
    changed["calon_1"] -= 1
    changed["calon_2"] += 1
    response = client.post(isi_url(), body(changed, key=key, alasan="Salah ketik"))

    html = response.content.decode()
    assert len(_versi_list()) == 1
    assert "sudah pernah dikirim dengan angka lain" in html
    assert str(key) not in html


def test_after_a_submission_the_page_is_the_correction_form(world: World, client_for):
    client = client_for(Peran.KPPS_KETUA)
    client.post(isi_url(), body(sheet(world)))

    html = client.get(isi_url()).content.decode()

    assert "Koreksi C.Hasil" in html
    assert 'name="alasan"' in html
    assert f'value="{sheet(world)["calon_1"]}"' in html  # prefilled with version 1


def test_a_correction_without_reason_is_refused_and_with_one_is_version_2(world: World, client_for):
    client = client_for(Peran.PPK)
    client.post(isi_url(), body(sheet(world)))
    changed = sheet(world)
    changed["calon_1"] -= 3
    changed["calon_3"] += 3

    refused = client.post(isi_url(), body(changed))
    stored = client.post(isi_url(), body(changed, alasan="Baris 1 dan 3 tertukar saat disalin"))

    assert refused.status_code == 200
    assert "tuliskan alasannya" in refused.content.decode()
    v1, v2 = _versi_list()
    assert stored["Location"].endswith("/versi/2/salinan/")
    assert (v2.nomor, v2.alasan) == (2, "Baris 1 dan 3 tertukar saat disalin")
    assert versi_angka(v1) == sheet(world)


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "wajib diisi"), ("dua", "harus berupa bilangan bulat"), ("-1", "tidak boleh negatif")],
)
def test_a_box_that_is_not_a_number_is_named_and_nothing_is_stored(
    world: World, client_for, value, message
):
    data = body(sheet(world))
    data["calon_2"] = value

    response = client_for(Peran.KPPS_KETUA).post(isi_url(), data)

    html = response.content.decode()
    assert message in html
    assert 'class="kotak galat" id="kotak-calon_2"' in html
    assert _versi_list() == []


def test_a_correction_on_a_page_opened_before_another_one_is_refused(world: World, client_for):
    """Two operators open the correction form at version 1; the second to send is told that
    version 2 won, and a deliberate second send (now based on version 2) goes through."""
    client = client_for(Peran.PPK)
    client.post(isi_url(), body(sheet(world)))

    def moved(n: int) -> dict[str, int]:  # still consistent: n votes moved between pairs
        angka = sheet(world)
        angka["calon_1"] -= n
        angka["calon_2"] += n
        return angka

    first = {**body(moved(1), alasan="Operator A"), "versi_dasar": "1"}
    second = {**body(moved(2), alasan="Operator B"), "versi_dasar": "1"}
    assert client.post(isi_url(), first).status_code == 302

    refused = client.post(isi_url(), second)

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "sudah diubah menjadi versi 2" in html
    assert 'name="versi_dasar" value="2"' in html
    assert [v.nomor for v in _versi_list()] == [1, 2]
    again = {**second, "versi_dasar": "2", "idempotency_key": str(uuid.uuid4())}
    assert client.post(isi_url(), again).status_code == 302
    assert [v.nomor for v in _versi_list()] == [1, 2, 3]
