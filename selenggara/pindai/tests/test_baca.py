import json
from io import StringIO
from pathlib import Path

import cv2
import numpy as np
import pytest
from django.core.management import CommandError, call_command

from selenggara.pindai.baca import foto_baca, lembar_baca, potongan_jpeg
from selenggara.pindai.domain.dekode import Alasan, Sebab
from selenggara.pindai.messages import PESAN_TOLAK
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
        ("salinan1.jpg", Penolakan.BUKAN_C_HASIL),  # the salinan's page 1 has no numbers
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
    assert Alasan(Sebab.DIGIT_BULATAN_BEDA, "ratusan") in by_key["calon_1"].alasan
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
    # Reasons are worded for people in the active language (Indonesian by default).
    assert lines[1]["alasan"] == [str(PESAN_TOLAK[Penolakan.KECIL])]
    assert lines[1]["alasan"][0].startswith("Foto terlalu kecil")
    assert lines[2]["alasan"] == ["Berkas /tidak/ada.jpg tidak dapat dibaca."]


def test_pindai_baca_prints_a_table():
    out = StringIO()
    call_command("pindai", "baca", str(DATA / "jumlah.jpg"), stdout=out)
    text = out.getvalue()
    assert "ppwp halaman 3: tinjau" in text
    assert "jumlah tidak cocok" in text


def _sheet():
    return json.loads((DATA / "lembar.json").read_text())


@pytest.mark.parametrize(
    ("berkas", "status", "kunci", "alasan"),
    [
        # A clean page of each kind; the salinan's page 2, registered by its frame, has no
        # bubbles: a number the model is unsure of there may go to review, none is wrong.
        ("hal2.jpg", {"otomatis"}, None, None),
        ("hal3.jpg", {"otomatis"}, None, None),
        ("salinan2.jpg", {"otomatis", "tinjau"}, None, None),
        # The real blank scan: registered, nothing written.
        ("blanko-hal2-scan.jpeg", {"tinjau"}, "calon_1", Alasan(Sebab.TIDAK_TERBACA)),
        # The bubbles say 7 in the hundreds box where 1 is written.
        ("beda.jpg", {"tinjau"}, "calon_1", Alasan(Sebab.DIGIT_BULATAN_BEDA, "ratusan")),
        # V.C written as 238 where V.A + V.B = 228.
        (
            "jumlah.jpg",
            {"tinjau"},
            "suara_total",
            Alasan(Sebab.JUMLAH_GAGAL, "suara_sah + suara_tidak_sah = suara_total"),
        ),
    ],
)
def test_decoding_table(berkas, status, kunci, alasan):
    bacaan = foto_baca((DATA / berkas).read_bytes())
    assert bacaan.status in status
    sheet = _sheet()
    accepted = {a.kunci: a.nilai for a in bacaan.angka if a.otomatis}
    assert all(sheet[k] == v for k, v in accepted.items())  # nothing accepted is wrong
    if kunci is not None:
        angka = bacaan.angka_get(kunci)
        assert angka is not None
        assert not angka.otomatis
        assert alasan in angka.alasan


def test_the_salinan_page_2_is_read_as_written():
    bacaan = foto_baca((DATA / "salinan2.jpg").read_bytes(), jenis="ppwp")
    assert (bacaan.jenis, bacaan.varian, bacaan.halaman) == ("ppwp", "salinan", 2)
    sheet = _sheet()
    assert {a.kunci: a.nilai for a in bacaan.angka} == {
        k: sheet[k]
        for k in ("calon_1", "calon_2", "calon_3", "suara_sah", "suara_tidak_sah", "suara_total")
    }
    assert foto_baca((DATA / "salinan2.jpg").read_bytes(), jenis="dpr").status == "tolak"


def test_a_sheet_is_decoded_together_and_refused_pages_stay_refused():
    pages = [foto_baca((DATA / f).read_bytes()) for f in ("hal1.jpg", "hal2.jpg", "hal3.jpg")]
    refused = foto_baca((DATA / "kecil.jpg").read_bytes())
    decoded = lembar_baca([*pages, refused])
    assert [b.halaman for b in decoded[:3]] == [1, 2, 3]
    assert decoded[3] is refused
    sheet = _sheet()
    accepted = {a.kunci: a.nilai for b in decoded for a in b.angka if a.otomatis}
    assert accepted
    assert all(sheet[k] == v for k, v in accepted.items())
    # Page 2's candidates now have page 3's valid votes as a second witness.
    assert decoded[1].identitas_gagal == ()
    assert lembar_baca([refused]) == (refused,)
    with pytest.raises(ValueError, match="each page once"):
        lembar_baca([pages[1], pages[1]])


def test_the_jumlah_sheet_names_its_failing_identity_on_its_page():
    page3 = foto_baca((DATA / "jumlah.jpg").read_bytes())
    (decoded,) = lembar_baca([page3])
    assert decoded.identitas_gagal == ("suara_sah + suara_tidak_sah = suara_total",)
    assert decoded.status == "tinjau"


def test_a_reviewer_gets_the_rectangle_and_the_crop_of_every_number():
    data = (DATA / "hal2.jpg").read_bytes()
    bacaan = foto_baca(data)
    letak = bacaan.letak_get("calon_1")
    assert letak is not None
    x, y, w, h = letak.bingkai
    assert letak.bulatan is not None
    for box in (*letak.kotak, *(b for col in letak.bulatan for b in col)):
        assert x <= box[0]
        assert box[0] + box[2] <= x + w
        assert y <= box[1]
        assert box[1] + box[3] <= y + h
    crop = potongan_jpeg(data, bacaan, "calon_1")
    assert crop is not None
    assert crop[:2] == b"\xff\xd8"
    image = cv2.imdecode(np.frombuffer(crop, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    assert abs(image.shape[1] - w) <= 2
    assert abs(image.shape[0] - h) <= 2
    assert potongan_jpeg(data, bacaan, "suara_sah") is None
    refused = foto_baca((DATA / "kecil.jpg").read_bytes())
    assert potongan_jpeg(data, refused, "calon_1") is None
    # A photo that no longer registers as the page it was read as gives no crop.
    assert potongan_jpeg((DATA / "hal3.jpg").read_bytes(), bacaan, "calon_1") is None
    # Every number of the page carries its candidates, best first, with their confidence.
    angka = bacaan.angka_get("calon_1")
    assert angka is not None
    assert angka.kandidat[0].nilai == angka.nilai
    assert [c.keyakinan for c in angka.kandidat] == sorted(
        (c.keyakinan for c in angka.kandidat), reverse=True
    )
    assert bacaan.angka_get("tidak_ada") is None


def test_pindai_baca_lembar_reads_the_files_as_one_sheet():
    out = StringIO()
    files = [str(DATA / f) for f in ("hal2.jpg", "hal3.jpg")]
    call_command("pindai", "baca", *files, "--json", "--lembar", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["halaman"] for line in lines] == [2, 3]
    with pytest.raises(CommandError, match="satu lembar"):
        call_command("pindai", "baca", files[0], files[0], "--lembar", stdout=StringIO())
