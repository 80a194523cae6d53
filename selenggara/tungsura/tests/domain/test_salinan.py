import hashlib
import json

import pytest

from selenggara.tungsura.domain.salinan import FORMAT, digest_normalise, digest_of, teks_kanonik

ANGKA = {"calon_1": 152, "calon_2": 32, "calon_3": 19, "suara_sah": 203}
WHERE = {
    "pemilihan": "pemilu-2024",
    "tps": "35.10.11.2006.026",
    "kontestasi": "ppwp",
    "dapil": "RI",
}


def digest(**changes):
    fields = {**WHERE, "angka": ANGKA, **changes}
    return digest_of(teks_kanonik(**fields))


def test_canonical_text_is_compact_sorted_ascii_json_on_one_line():
    teks = teks_kanonik(**WHERE, angka={"suara_sah": 203, "calon_1": 152})

    assert teks == (
        '{"angka":{"calon_1":152,"suara_sah":203},"dapil":"RI",'
        f'"format":"{FORMAT}","kontestasi":"ppwp","pemilihan":"pemilu-2024",'
        '"tps":"35.10.11.2006.026"}'
    )
    assert teks.isascii() is True
    assert "\n" not in teks


def test_witness_recomputes_the_digest_with_plain_sha256():
    teks = teks_kanonik(**WHERE, angka=ANGKA)

    assert digest_of(teks) == hashlib.sha256(teks.encode()).hexdigest()
    assert json.loads(teks)["angka"] == ANGKA


def test_non_ascii_names_are_escaped_so_the_text_stays_ascii():
    teks = teks_kanonik(**{**WHERE, "dapil": "Jawa Timur – I"}, angka=ANGKA)

    assert teks.isascii() is True
    assert json.loads(teks)["dapil"] == "Jawa Timur – I"
    assert digest_of(teks) == hashlib.sha256(teks.encode("utf-8")).hexdigest()


def test_digest_is_stable_across_key_order():
    assert digest(angka=dict(reversed(ANGKA.items()))) == digest()


def test_digest_is_64_lowercase_hex():
    assert digest_normalise(digest()) == digest()


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"angka": {**ANGKA, "calon_1": 652}}, id="a-number"),
        pytest.param({"angka": {**ANGKA, "suara_sah": 204}}, id="another-number"),
        pytest.param({"angka": {**ANGKA, "calon_4": 0}}, id="an-extra-row"),
        pytest.param({"tps": "35.10.11.2006.027"}, id="tps"),
        pytest.param({"kontestasi": "dpd"}, id="contest"),
        pytest.param({"dapil": "JATIM"}, id="dapil"),
        pytest.param({"pemilihan": "pilkada-2024"}, id="election"),
    ],
)
def test_digest_differs_when_anything_differs(changes):
    assert digest(**changes) != digest()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("a" * 64, "a" * 64, id="canonical"),
        pytest.param("AB" * 32, "ab" * 32, id="uppercase"),
        pytest.param(" " + "0f" * 32 + "\n", "0f" * 32, id="surrounding-whitespace"),
        pytest.param("-".join(["abcd"] * 16), "abcd" * 16, id="dash-groups"),
        pytest.param(" ".join(["01234567"] * 8), "01234567" * 8, id="space-groups"),
        pytest.param(":".join(["ff"] * 32), "ff" * 32, id="colon-pairs"),
        pytest.param("a" * 63, None, id="too-short"),
        pytest.param("a" * 65, None, id="too-long"),
        pytest.param("g" + "a" * 63, None, id="not-hex"),
        pytest.param("", None, id="empty"),
        pytest.param("a" * 63 + "\n" + "a", "a" * 64, id="newline-inside-is-whitespace"),
    ],
)
def test_digest_normalise(raw, expected):
    assert digest_normalise(raw) == expected
