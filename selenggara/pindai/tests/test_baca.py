import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from selenggara.pindai.baca import foto_baca
from selenggara.pindai.registrasi import Penolakan

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("berkas", "alasan"),
    [
        ("bukan.jpg", Penolakan.BUKAN_C_HASIL),
        ("buram.jpg", Penolakan.BURAM),
        ("gelap.jpg", Penolakan.GELAP),
        ("terpotong.jpg", Penolakan.TERPOTONG),
        ("kecil.jpg", Penolakan.KECIL),
    ],
)
def test_each_refusal_reason(berkas, alasan):
    bacaan = foto_baca((DATA / berkas).read_bytes())
    assert bacaan.status == "tolak"
    assert bacaan.penolakan is alasan
    assert bacaan.alasan


def test_not_an_image_and_the_wrong_page_or_contest_are_refused():
    assert foto_baca(b"bukan gambar").penolakan is Penolakan.RUSAK
    data = (DATA / "hal2.jpg").read_bytes()
    assert foto_baca(data, nomor=1).penolakan is Penolakan.HALAMAN_SALAH
    assert foto_baca(data, jenis="dpr").penolakan is Penolakan.JENIS_SALAH


def test_a_clean_page_is_read_as_written_and_the_real_blank_scan_is_registered():
    sheet = json.loads((DATA / "lembar.json").read_text())
    bacaan = foto_baca((DATA / "hal2.jpg").read_bytes(), jenis="ppwp", nomor=2)
    assert bacaan.halaman == 2
    assert {a.kunci: a.nilai for a in bacaan.angka if a.otomatis} == {
        k: sheet[k] for k in ("calon_1", "calon_2", "calon_3")
    }
    blank = foto_baca((DATA / "blanko-hal2-scan.jpeg").read_bytes())
    assert blank.halaman == 2
    assert blank.status == "tinjau"
    assert all(a.nilai is None and not a.otomatis for a in blank.angka)


def test_disagreement_and_a_failing_sum_go_to_review_with_the_reason():
    beda = foto_baca((DATA / "beda.jpg").read_bytes())
    by_key = {a.kunci: a for a in beda.angka}
    assert not by_key["calon_1"].otomatis
    assert any("kotak ratusan" in r for r in by_key["calon_1"].alasan)
    jumlah = foto_baca((DATA / "jumlah.jpg").read_bytes())
    assert jumlah.status == "tinjau"
    assert jumlah.identitas_gagal == ("suara_sah + suara_tidak_sah = suara_total",)
    assert not any(a.otomatis for a in jumlah.angka)


def test_stray_mark_in_an_empty_hundreds_box_is_not_read_as_a_digit():
    bacaan = foto_baca((DATA / "coretan.jpg").read_bytes())
    by_key = {a.kunci: a for a in bacaan.angka}
    assert by_key["calon_2"].nilai in (64, None) or not by_key["calon_2"].otomatis


def test_pindai_baca_prints_one_json_object_per_file():
    out = StringIO()
    files = [str(DATA / "hal3.jpg"), str(DATA / "kecil.jpg"), "/tidak/ada.jpg"]
    call_command("pindai", "baca", *files, "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["berkas"] for line in lines] == files
    assert set(lines[0]) == {"berkas", "jenis", "halaman", "status", "alasan", "angka"}
    assert lines[0]["jenis"] == "ppwp"
    assert lines[0]["halaman"] == 3
    assert set(lines[0]["angka"]["suara_sah"]) == {"nilai", "keyakinan", "otomatis"}
    assert [line["status"] for line in lines[1:]] == ["tolak", "tolak"]


def test_pindai_baca_prints_a_table():
    out = StringIO()
    call_command("pindai", "baca", str(DATA / "jumlah.jpg"), stdout=out)
    text = out.getvalue()
    assert "ppwp halaman 3: tinjau" in text
    assert "jumlah tidak cocok" in text
