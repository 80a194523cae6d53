"""Reading the cells of a participants' file: one value or one problem per cell."""

from __future__ import annotations

import pytest

from selenggara.pemilihan.domain.baris import (
    NAMA_MAX_LENGTH,
    Masalah,
    MasalahSel,
    bilangan,
    jenis_kelamin,
    kode_wilayah,
    nama,
    teks,
    ya_tidak,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("  PDI  ", "PDI", id="trimmed"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="empty-cell"),
        pytest.param(7, "", id="not-text"),
    ],
)
def test_teks(raw, expected):
    assert teks(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("7", 7, id="number"),
        pytest.param(" 99 ", 99, id="upper-bound-trimmed"),
        pytest.param("1", 1, id="lower-bound"),
        pytest.param("", MasalahSel(masalah=Masalah.KOSONG), id="empty"),
        pytest.param("7a", MasalahSel(masalah=Masalah.BUKAN_BULAT, teks="7a"), id="letters"),
        pytest.param("-3", MasalahSel(masalah=Masalah.BUKAN_BULAT, teks="-3"), id="negative"),
        pytest.param("٣", MasalahSel(masalah=Masalah.BUKAN_BULAT, teks="٣"), id="arabic-digit"),
        pytest.param(
            "0",
            MasalahSel(masalah=Masalah.DI_LUAR_RENTANG, teks="0", rendah=1, tinggi=99),
            id="below",
        ),
        pytest.param(
            "100",
            MasalahSel(masalah=Masalah.DI_LUAR_RENTANG, teks="100", rendah=1, tinggi=99),
            id="above",
        ),
    ],
)
def test_bilangan(raw, expected):
    assert bilangan(raw, rendah=1, tinggi=99) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(" Partai Contoh ", "Partai Contoh", id="name"),
        pytest.param("x" * NAMA_MAX_LENGTH, "x" * NAMA_MAX_LENGTH, id="longest"),
        pytest.param("", MasalahSel(masalah=Masalah.KOSONG), id="empty"),
        pytest.param(
            "x" * (NAMA_MAX_LENGTH + 1),
            MasalahSel(
                masalah=Masalah.TERLALU_PANJANG,
                teks="x" * (NAMA_MAX_LENGTH + 1),
                batas=NAMA_MAX_LENGTH,
            ),
            id="too-long",
        ),
    ],
)
def test_nama(raw, expected):
    assert nama(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *(pytest.param(v, True, id=f"ya-{v}") for v in ("1", "ya", "Y", "TRUE", "benar")),
        *(pytest.param(v, False, id=f"tidak-{v}") for v in ("", "0", "Tidak", "t", "salah")),
        pytest.param(None, False, id="empty-cell"),
        pytest.param("mungkin", MasalahSel(masalah=Masalah.BUKAN_PILIHAN, teks="mungkin"), id="?"),
    ],
)
def test_ya_tidak(raw, expected):
    assert ya_tidak(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("l", "L", id="lower-l"),
        pytest.param(" P ", "P", id="p"),
        pytest.param("", "", id="not-stated"),
        pytest.param("x", MasalahSel(masalah=Masalah.BUKAN_PILIHAN, teks="X"), id="other"),
    ],
)
def test_jenis_kelamin(raw, expected):
    assert jenis_kelamin(raw) == expected


DIKENAL = {"33": "Jawa Tengah", "33.03": "Purbalingga"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("33.03", "33.03", id="dotted"),
        pytest.param("3303", "33.03", id="undotted"),
        pytest.param("", "", id="nation"),
        pytest.param("34", MasalahSel(masalah=Masalah.KODE_TIDAK_ADA, teks="34"), id="unknown"),
    ],
)
def test_kode_wilayah(raw, expected):
    assert kode_wilayah(raw, DIKENAL) == expected


def test_kode_wilayah_keeps_the_parsers_reason():
    problem = kode_wilayah("33.x", DIKENAL)

    assert isinstance(problem, MasalahSel)
    assert problem.masalah is Masalah.KODE_TIDAK_SAH
    assert problem.teks == "33.x"
    assert problem.pesan
