import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from selenggara.core.deployment import (
    demo_allowed,
    production_mode,
    production_secrets_check,
    refuse_unsafe_start,
)

ROOT = Path(__file__).resolve().parents[3]
LOCAL = ["127.0.0.1", "localhost", "[::1]", "testserver"]
DEFAULT_DATA_KEY = "insecure-local-only-data-key:whatever"
GOOD_KEY = "a-production-secret-" + "x" * 50


@pytest.mark.parametrize(
    ("https", "debug", "hosts", "expected"),
    [
        pytest.param(False, False, LOCAL, False, id="loopback-no-debug"),
        pytest.param(False, True, ["pemilu.example.id"], False, id="debug-real-host"),
        pytest.param(False, False, ["pemilu.example.id"], True, id="real-host-no-debug"),
        pytest.param(False, False, ["*"], True, id="any-host-no-debug"),
        pytest.param(True, True, LOCAL, True, id="https"),
    ],
)
def test_production_mode(settings, https, debug, hosts, expected):
    settings.HTTPS, settings.DEBUG, settings.ALLOWED_HOSTS = https, debug, hosts

    assert production_mode() is expected
    assert demo_allowed(throwaway_database=False) is (not expected)
    assert demo_allowed(throwaway_database=True) is True


def _production(settings, *, secret, data_keys):
    settings.HTTPS = True
    settings.SECRET_KEY = secret
    settings.SELENGGARA_DATA_KEYS = data_keys


@pytest.mark.parametrize(
    ("secret", "data_keys", "ids"),
    [
        pytest.param("default", [GOOD_KEY], ["selenggara.E001"], id="default-secret"),
        pytest.param(GOOD_KEY, [DEFAULT_DATA_KEY], ["selenggara.E002"], id="derived-data-key"),
        pytest.param(GOOD_KEY, [GOOD_KEY, DEFAULT_DATA_KEY], ["selenggara.E002"], id="old-key"),
        pytest.param(
            "default", [DEFAULT_DATA_KEY], ["selenggara.E001", "selenggara.E002"], id="both"
        ),
        pytest.param(GOOD_KEY, [GOOD_KEY + "d"], [], id="set"),
    ],
)
def test_production_refuses_default_secrets(settings, secret, data_keys, ids):
    secret = settings.SECRET_KEY_INSECURE_DEFAULT if secret == "default" else secret
    _production(settings, secret=secret, data_keys=data_keys)

    assert [e.id for e in production_secrets_check()] == ids


def test_development_accepts_default_secrets(settings):
    settings.SECRET_KEY = settings.SECRET_KEY_INSECURE_DEFAULT
    settings.SELENGGARA_DATA_KEYS = [DEFAULT_DATA_KEY]

    assert production_secrets_check() == []
    refuse_unsafe_start()


def test_start_refusal_says_what_to_set(settings):
    _production(settings, secret=settings.SECRET_KEY_INSECURE_DEFAULT, data_keys=[DEFAULT_DATA_KEY])

    with pytest.raises(ImproperlyConfigured, match="Setel DJANGO_SECRET_KEY") as caught:
        refuse_unsafe_start()
    assert "Setel SELENGGARA_DATA_KEY" in str(caught.value)


def test_wsgi_server_does_not_start_in_production_with_the_default_key(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_ALLOWED_HOSTS": "pemilu.example.id",
        "DJANGO_HTTPS": "true",
        "SELENGGARA_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Setel DJANGO_SECRET_KEY" in result.stderr
