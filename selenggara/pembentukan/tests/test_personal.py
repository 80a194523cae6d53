from __future__ import annotations

import pytest

from selenggara.pembentukan.personal import (
    data_key_check,
    nik_decrypt,
    nik_digest,
    nik_encrypt,
    token_digest,
    token_new,
)

NIK = "3303010508900001"


def test_encryption_round_trips_and_is_randomised():
    first, second = nik_encrypt(NIK), nik_encrypt(NIK)

    assert first != second
    assert NIK not in first
    assert nik_decrypt(first) == nik_decrypt(second) == NIK


def test_digest_is_keyed_and_stable(settings):
    digest = nik_digest(NIK)
    assert digest == nik_digest(f" {NIK} ")

    settings.SELENGGARA_DATA_KEY = "another-key-entirely"

    assert nik_digest(NIK) != digest


def test_a_token_of_another_key_cannot_be_decrypted(settings):
    token = nik_encrypt(NIK)
    settings.SELENGGARA_DATA_KEY = "another-key-entirely"

    with pytest.raises(ValueError, match="cannot be decrypted"):
        nik_decrypt(token)


def test_status_tokens_are_random_and_stored_as_digests():
    token = token_new()

    assert len(token) == 24
    assert token != token_new()
    assert len(token_digest(token)) == 64


def test_deploy_check_warns_about_the_insecure_default(settings):
    assert [w.id for w in data_key_check()] == ["selenggara.W001"]

    settings.SELENGGARA_DATA_KEY = "a-real-secret-from-the-environment"

    assert data_key_check() == []
