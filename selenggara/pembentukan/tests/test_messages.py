"""The domain's findings and shortages worded through gettext: Indonesian as the domain says
it, English from the catalogue, and the Indonesian fallback for what the interface cannot word."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

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
from selenggara.pembentukan.domain.temuan import Temuan
from selenggara.pembentukan.messages import TEMPLATES, message_text, santunan_label, temuan_text
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


def _nik(raw: str, **kwargs: object) -> list[Temuan]:
    defaults: dict[str, object] = {
        "tanggal_lahir": None,
        "jenis_kelamin": None,
        "kecamatan_exists": None,
        "on": HARI,
    }
    return nik_check(nik_raw=raw, **{**defaults, **kwargs})  # type: ignore[arg-type]


def _every_result() -> list[Temuan]:
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
    codes = {f"{t.code}.{t.params['varian']}" if "varian" in t.params else t.code for t in results}

    assert codes == set(TEMPLATES) - {
        "tidak_ada_pendaftar",
        "pendaftar_kurang",
        "memenuhi_syarat_kurang",
    }


@pytest.mark.parametrize("temuan", _every_result(), ids=lambda t: t.code)
def test_indonesian_wording_is_the_domain_text(temuan):
    with translation.override("id"):
        text = temuan_text(temuan)

    if temuan.code == "nik_tanggal_tidak_mungkin":
        # The domain names the impossible part; the interface names the digits only.
        assert temuan.message_id.startswith(text.removesuffix("."))
    else:
        assert text == temuan.message_id


@pytest.mark.parametrize("temuan", _every_result(), ids=lambda t: t.code)
def test_english_wording_is_translated(temuan):
    with translation.override("en"):
        text = temuan_text(temuan)

    assert text != temuan.message_id
    assert "%(" not in text


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
        assert temuan_text(kekurangan) == kekurangan.message_id
    with translation.override("en"):
        assert fragment_en in temuan_text(kekurangan)


def test_stored_finding_is_worded_and_old_rows_fall_back():
    (temuan,) = pendidikan_check(pendidikan=Pendidikan.SMP)
    stored = {"code": temuan.code, "message_id": temuan.message_id, "params": dict(temuan.params)}
    before_params = {"code": temuan.code, "message_id": "Teks lama."}

    with translation.override("en"):
        assert "SMA" in temuan_text(stored)
        assert temuan_text(stored) != temuan.message_id
        assert temuan_text(before_params) == "Teks lama."


def test_unknown_code_falls_back_to_the_domain_text():
    assert message_text("kode_baru", {}, "Teks domain.") == "Teks domain."


def test_template_filter_words_a_stored_finding():
    (temuan,) = perkawinan_check(menyatakan_tidak_terikat_perkawinan=False)
    stored = {"code": temuan.code, "message_id": temuan.message_id, "params": {}}
    template = Template("{% load pembentukan_pesan %}{{ t|pesan }}")

    with translation.override("en"):
        text = template.render(Context({"t": stored}))

    assert "marri" in text


def test_santunan_cases_are_worded_in_the_readers_language():
    with translation.override("id"):
        assert [santunan_label(j) for j in JenisSantunan] == [j.label for j in JenisSantunan]
    with translation.override("en"):
        assert santunan_label(JenisSantunan.MENINGGAL_DUNIA) == "Death"
