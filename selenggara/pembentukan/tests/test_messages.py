"""The domain's findings and shortages worded through gettext, the one place they are worded:
Indonesian as the regulations say it, English from the catalogue, the officers' notes apart,
and the fallbacks for what the interface cannot word."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from selenggara.core.domain.temuan import Temuan
from selenggara.pembentukan.domain.honorarium import JenisSantunan
from selenggara.pembentukan.domain.nik import JenisKelamin, nik_check
from selenggara.pembentukan.domain.penetapan import Calon, kpps_pick
from selenggara.pembentukan.domain.syarat import (
    JenisDokumen,
    Pendidikan,
    dokumen_check,
    domisili_check,
    ganda_check,
    partai_check,
    pendidikan_check,
    perkawinan_check,
    usia_check,
)
from selenggara.pembentukan.messages import (
    TEMPLATES,
    TEMPLATES_PETUGAS,
    message_text,
    santunan_label,
    temuan_petugas_text,
    temuan_text,
)
from selenggara.wilayah.domain.kode import KodeWilayah

HARI = date(2024, 2, 14)


def _calon(ref: str, *, lahir: date = date(1990, 1, 1), pendaftar_ok: bool = True) -> Calon:
    return Calon(
        ref=ref,
        jenis_kelamin=JenisKelamin.L,
        tanggal_lahir=lahir,
        pendidikan=Pendidikan.SMA,
        didaftar_pada=datetime(2023, 12, 11, 8, tzinfo=UTC),
        memenuhi_syarat=pendaftar_ok,
    )


def _nik(raw: str, **kwargs: object) -> list[Temuan[str]]:
    defaults: dict[str, object] = {
        "tanggal_lahir": None,
        "jenis_kelamin": None,
        "kecamatan_exists": None,
        "on": HARI,
    }
    return nik_check(nik_raw=raw, **{**defaults, **kwargs})  # type: ignore[arg-type]


def _every_result() -> list[Temuan[str]]:
    """One finding of every code the domain produces, with its params."""
    men = [_calon(f"c{i}") for i in range(6)] + [_calon("tua", lahir=date(1960, 1, 1))]
    susunan = kpps_pick(calon=men, hari_pemungutan=HARI)
    return [
        *_nik(""),
        *_nik("33030105AB900001"),
        *_nik("3303010508900"),
        *_nik("0003010508900001"),
        *_nik("3303013208900001"),
        *_nik("3303010508900000"),
        *_nik("3303010508900001", kecamatan_exists=lambda _kode: False),
        *_nik("3303010508900001", tanggal_lahir=date(1990, 8, 6)),
        *_nik("3303010508900001", jenis_kelamin=JenisKelamin.P),
        *usia_check(tanggal_lahir=date(2010, 1, 1), hari_pemungutan=HARI),
        *usia_check(tanggal_lahir=date(1960, 1, 1), hari_pemungutan=HARI),
        *domisili_check(
            domisili_desa=KodeWilayah("33.03.01.2002"), desa=KodeWilayah("33.03.01.2001")
        ),
        *pendidikan_check(pendidikan=Pendidikan.SMP),
        *dokumen_check(dokumen=frozenset(JenisDokumen) - {JenisDokumen.IJAZAH}),
        *ganda_check(pendaftaran_lain=["KPPS TPS 3303012001004", "PPS 3303012002"]),
        *partai_check(partai="Partai Contoh"),
        *perkawinan_check(menyatakan_tidak_terikat_perkawinan=False),
        *susunan.peringatan,
    ]


def test_every_code_the_domain_produces_has_a_template():
    results = _every_result()
    codes = {f"{t.kode}.{t.params['varian']}" if "varian" in t.params else t.kode for t in results}

    assert codes == set(TEMPLATES) - {
        "tidak_ada_pendaftar",
        "pendaftar_kurang",
        "memenuhi_syarat_kurang",
    }


# The Indonesian wording of each finding of ``_every_result()``, in order.
INDONESIA = [
    "NIK wajib diisi dengan 16 angka.",
    "NIK hanya boleh berisi angka (16 angka), tanpa huruf atau tanda baca.",
    "NIK harus terdiri dari 16 angka; yang diisi 13 angka.",
    "Kode wilayah pada NIK (6 angka pertama, 000301) bukan kode kecamatan yang mungkin.",
    "Tanggal lahir pada NIK (angka ke-7 sampai ke-12, 320890) tidak mungkin.",
    "Nomor urut pada NIK (4 angka terakhir) dimulai dari 0001, bukan 0000.",
    "Kode wilayah pada NIK (330301) tidak ada dalam daftar kecamatan; periksa NIK pada e-KTP.",
    "Tanggal lahir 6 Agustus 1990 berbeda dengan tanggal pada NIK (5 Agustus 1990); periksa e-KTP.",
    "Jenis kelamin perempuan berbeda dengan NIK, yang menunjukkan laki-laki; periksa e-KTP.",
    "Usia pada hari pemungutan suara (14 Februari 2024) 14 tahun; paling rendah 17 tahun.",
    "Usia pada hari pemungutan suara (14 Februari 2024) 64 tahun; anggota KPPS diutamakan "
    "paling tinggi 55 tahun.",
    "Domisili (desa/kelurahan 33.03.01.2002) di luar wilayah kerja PPS desa/kelurahan "
    "33.03.01.2001.",
    "Pendidikan terakhir SMP/MTs/sederajat; paling rendah SMA atau sederajat.",
    "Dokumen fotokopi ijazah SMA/sederajat atau ijazah terakhir belum diserahkan.",
    "NIK ini juga terdaftar 2 kali lagi pada pemilihan ini (TPS, desa/kelurahan atau badan ad "
    "hoc lain); satu orang hanya boleh mendaftar satu kali.",
    "NIK terdaftar sebagai anggota partai politik. Jika sudah keluar paling singkat 5 tahun, "
    "serahkan surat keterangan dari pengurus partai politik.",
    "Pendaftar belum menyatakan tidak berada dalam ikatan perkawinan dengan sesama "
    "penyelenggara Pemilu.",
    "Anggota perempuan 0 dari 7 orang; keterwakilan perempuan paling sedikit 30% diperhatikan.",
    "Anggota peringkat 7 berusia 64 tahun pada hari pemungutan suara; diutamakan paling tinggi "
    "55 tahun.",
]


def test_indonesian_wording():
    with translation.override("id"):
        assert [temuan_text(t) for t in _every_result()] == INDONESIA


@pytest.mark.parametrize(
    ("temuan", "indonesia"),
    list(zip(_every_result(), INDONESIA, strict=True)),
    ids=lambda t: getattr(t, "kode", ""),
)
def test_english_wording_is_translated(temuan, indonesia):
    with translation.override("en"):
        text = temuan_text(temuan)

    assert text != indonesia
    assert "%(" not in text


def test_the_party_and_the_other_registrations_are_for_officers_only():
    (partai,) = partai_check(partai="Partai Contoh")
    (ganda,) = ganda_check(pendaftaran_lain=["KPPS TPS 3303012001004", "PPS 3303012002"])
    (usia,) = usia_check(tanggal_lahir=date(2010, 1, 1), hari_pemungutan=HARI)

    with translation.override("id"):
        assert "Partai Contoh" not in temuan_text(partai)
        assert temuan_petugas_text(partai) == "Partai politik dalam data keanggotaan: Partai Contoh"
        assert "3303012002" not in temuan_text(ganda)
        assert temuan_petugas_text(ganda) == (
            "Pendaftaran lain: KPPS TPS 3303012001004; PPS 3303012002"
        )
        assert temuan_petugas_text(usia) == ""
        assert temuan_petugas_text(partai.as_dict()) == temuan_petugas_text(partai)
    with translation.override("en"):
        assert temuan_petugas_text(partai).endswith(": Partai Contoh")
        assert not temuan_petugas_text(partai).startswith("Partai politik")
    assert set(TEMPLATES_PETUGAS) == {t.kode for t in _every_result() if t.params_petugas}


def test_a_note_stored_as_text_before_findings_were_data_is_shown_as_it_was():
    assert (
        temuan_petugas_text({"kode": "anggota_partai", "params_petugas": {"catatan": "X"}}) == "X"
    )


def test_parameters_are_worded_in_the_readers_language():
    (beda,) = _nik("3303010508900001", tanggal_lahir=date(1990, 8, 6))
    (kelamin,) = _nik("3303010508900001", jenis_kelamin=JenisKelamin.P)

    with translation.override("en"):
        assert "August 6, 1990" in temuan_text(beda) or "6 August 1990" in temuan_text(beda)
        assert "female" in temuan_text(kelamin)
        assert "male" in temuan_text(kelamin)


@pytest.mark.parametrize(
    ("pool", "fragment_en"),
    [
        pytest.param([], "No applicants", id="none"),
        pytest.param([_calon("a"), _calon("b")], "Only 2 applicants", id="few"),
        pytest.param(
            [_calon(f"c{i}", pendaftar_ok=i < 3) for i in range(8)],
            "Only 3 of 8 applicants",
            id="few-eligible",
        ),
    ],
)
def test_shortages_are_translated(pool, fragment_en):
    kekurangan = kpps_pick(calon=pool, hari_pemungutan=HARI).kekurangan
    assert kekurangan is not None

    with translation.override("id"):
        assert temuan_text(kekurangan).startswith(("Tidak ada pendaftar", "Hanya "))
    with translation.override("en"):
        assert fragment_en in temuan_text(kekurangan)


def test_stored_finding_is_worded_and_old_rows_fall_back():
    (temuan,) = pendidikan_check(pendidikan=Pendidikan.SMP)
    stored = {**temuan.as_dict(), "syarat": "h_pendidikan"}
    before_params = {"kode": temuan.kode, "params": {}, "pesan": "Teks lama."}

    with translation.override("en"):
        assert "SMA" in temuan_text(stored)
        assert "Pendidikan terakhir" not in temuan_text(stored)
        assert temuan_text(before_params) == "Teks lama."
    assert temuan_text({"kode": "tanpa_teks", "params": {"x": 1}}) == "tanpa_teks"


def test_unknown_code_falls_back():
    assert message_text("kode_baru", {}, "kode_baru") == "kode_baru"


def test_template_filter_words_a_stored_finding():
    (temuan,) = perkawinan_check(menyatakan_tidak_terikat_perkawinan=False)
    template = Template("{% load pembentukan_pesan %}{{ t|pesan }}|{{ t|pesan_petugas }}")

    with translation.override("en"):
        text = template.render(Context({"t": temuan.as_dict()}))

    assert "marri" in text
    assert text.endswith("|")


def test_santunan_cases_are_worded_in_the_readers_language():
    with translation.override("id"):
        assert [santunan_label(j) for j in JenisSantunan] == [j.label for j in JenisSantunan]
    with translation.override("en"):
        assert santunan_label(JenisSantunan.MENINGGAL_DUNIA) == "Death"
