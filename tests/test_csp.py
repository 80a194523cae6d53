"""Every HTML page carries the Content-Security-Policy; no template needs inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from selenggara.accounts.services import user_create

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR) / "selenggara"
PUBLIC = ["/akun/masuk/", "/daftar-kpps/", "/daftar-kpps/status/", "/verifikasi/", "/nowhere/"]
SIGNED_IN = ["/", "/akun/token/", "/wilayah/", "/pembentukan/", "/api/docs"]


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _assert_policy(response) -> None:
    directives = _directives(response["Content-Security-Policy"])
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_carry_the_policy(path):
    _assert_policy(Client().get(path))


@pytest.mark.parametrize("path", SIGNED_IN)
def test_signed_in_pages_carry_the_policy(path):
    client = Client()
    client.force_login(user_create(username="u", nama="U", password="x" * 12, actor=None))

    response = client.get(path)

    assert response.status_code in (200, 302, 404)
    _assert_policy(response)


_INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
        "inline <script>",
    ),
    (re.compile(r"<style\b"), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE), "inline event handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: link"),
]


def test_no_template_needs_unsafe_inline_script_or_style_elements():
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in ROOT.rglob("templates/**/*.html")
        for pattern, what in _INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert found == []
