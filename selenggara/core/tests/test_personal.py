"""The data keyring: a new key encrypts, old keys decrypt, the digest key stays."""

from __future__ import annotations

import pytest

from selenggara.core.personal import (
    Purpose,
    Undecryptable,
    data_keys,
    decrypt,
    digest_key_check,
    encrypt,
    keyed_digest,
    reencrypt,
    under_current_key,
)
from selenggara.core.storage import sealed, sealed_under_current_key, unsealed

K1, K2, K3 = "kunci-satu-" + "a" * 40, "kunci-dua-" + "b" * 40, "kunci-tiga-" + "c" * 40
NIK = b"3303010508900001"


def _ring(settings, current: str, *old: str) -> None:
    settings.SELENGGARA_DATA_KEY = current
    settings.SELENGGARA_DATA_KEYS_OLD = list(old)


def test_the_current_key_encrypts_and_the_old_keys_still_decrypt(settings):
    _ring(settings, K1)
    token = encrypt(NIK, purpose=Purpose.NIK)
    _ring(settings, K2, K1)

    assert data_keys() == [K2, K1]
    assert decrypt(token, purpose=Purpose.NIK) == NIK
    assert under_current_key(token, purpose=Purpose.NIK) is False
    assert under_current_key(encrypt(NIK, purpose=Purpose.NIK), purpose=Purpose.NIK) is True


def test_reencryption_moves_a_token_to_the_current_key_once(settings):
    _ring(settings, K1)
    token = encrypt(NIK, purpose=Purpose.NIK)
    _ring(settings, K2, K1)

    rotated = reencrypt(token, purpose=Purpose.NIK)

    assert rotated is not None
    assert reencrypt(rotated, purpose=Purpose.NIK) is None  # a rerun skips it
    _ring(settings, K2)
    assert decrypt(rotated, purpose=Purpose.NIK) == NIK
    with pytest.raises(Undecryptable):
        decrypt(token, purpose=Purpose.NIK)
    with pytest.raises(Undecryptable):
        reencrypt(token, purpose=Purpose.NIK)


def test_purposes_have_separate_sub_keys(settings):
    _ring(settings, K1)
    token = encrypt(NIK, purpose=Purpose.NIK)

    with pytest.raises(Undecryptable):
        decrypt(token, purpose=Purpose.DOCUMENT)


def test_empty_entries_of_the_old_keys_are_ignored(settings):
    _ring(settings, K1, "", K2)

    assert data_keys() == [K1, K2]


@pytest.mark.parametrize(
    ("digest_key", "expect_same"),
    [
        pytest.param(K1, True, id="pinned-to-the-first-key"),
        pytest.param("", False, id="unpinned-follows-the-data-key"),
    ],
)
def test_the_digest_survives_a_new_data_key_only_when_pinned(settings, digest_key, expect_same):
    settings.SELENGGARA_DIGEST_KEY = ""
    _ring(settings, K1)
    before = keyed_digest("3303010508900001")
    settings.SELENGGARA_DIGEST_KEY = digest_key
    _ring(settings, K3, K2, K1)

    assert (keyed_digest("3303010508900001") == before) is expect_same


@pytest.mark.parametrize(
    ("old", "digest_key", "ids"),
    [
        pytest.param([], "", [], id="no-rotation"),
        pytest.param([K1], K1, [], id="rotation-with-pinned-digest"),
        pytest.param([K1], "", ["selenggara.E003"], id="rotation-without-pinned-digest"),
        pytest.param([""], "", [], id="empty-old-key-is-none"),
    ],
)
def test_retired_keys_without_a_pinned_digest_key_are_refused(settings, old, digest_key, ids):
    settings.SELENGGARA_DATA_KEYS_OLD = old
    settings.SELENGGARA_DIGEST_KEY = digest_key

    assert [e.id for e in digest_key_check()] == ids


def test_sealed_files_carry_a_header_and_plain_files_open_as_they_are(settings):
    _ring(settings, K1)
    pdf = b"%PDF-1.4\n%%EOF\n"
    stored = sealed(pdf)

    assert pdf not in stored
    assert unsealed(stored) == pdf
    assert unsealed(pdf) == pdf
    assert sealed_under_current_key(stored) is True
    assert sealed_under_current_key(pdf) is False
    _ring(settings, K2, K1)
    assert sealed_under_current_key(stored) is False
    assert unsealed(stored) == pdf
