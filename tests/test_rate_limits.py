"""The rate limits hold on every public form and token page, and a second client is served."""

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse

from selenggara.accounts.services import user_create
from selenggara.core.ratelimit import client_ip, rules_clear

pytestmark = pytest.mark.django_db

NOMOR = "KPPS-3303012001-0001"
TOKEN = "t" * 24
DIGEST = "a" * 64


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.SELENGGARA_BATAS_LAJU = {
        "pembentukan:daftar": [("3/h", "ip", "POST")],
        "pembentukan:status_lookup": [("3/h", "ip", "POST")],
        "pembentukan:status": [("5/h", "ip", "GET"), ("3/h", "target", "GET")],
        "pembentukan:tanggapan_create": [("5/h", "ip", "POST"), ("3/h", "target", "POST")],
        "verifikasi:cari": [("3/m", "ip", "GET")],
        "verifikasi:digest": [("5/m", "ip", "GET"), ("3/m", "target", "GET")],
        "accounts:api_tokens": [("3/h", "user", "POST")],
    }
    rules_clear()
    caches["ratelimit"].clear()
    yield
    rules_clear()


def _flood(client: Client, method: str, url: str, n: int, **extra) -> list[int]:
    send = client.post if method == "POST" else client.get
    return [send(url, **extra).status_code for _ in range(n)]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        pytest.param("POST", reverse("pembentukan:daftar"), id="registration"),
        pytest.param("POST", reverse("pembentukan:status_lookup"), id="status-lookup"),
        pytest.param("GET", reverse("verifikasi:cari") + f"?digest={DIGEST}", id="verification"),
    ],
)
def test_a_flood_from_one_address_is_stopped_and_another_address_is_served(method, url):
    flooder, other = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")

    answers = _flood(flooder, method, url, 4)
    served = _flood(other, method, url, 1)

    assert 429 not in answers[:3]
    assert answers[3] == 429
    assert served[0] != 429


def test_the_429_page_is_clear_indonesian_with_retry_after():
    flooder = Client(REMOTE_ADDR="10.0.0.1")
    _flood(flooder, "POST", reverse("pembentukan:daftar"), 3)

    page = flooder.post(reverse("pembentukan:daftar"))

    assert page.status_code == 429
    assert "Terlalu banyak permintaan dari alamat Anda" in page.text
    assert "Coba lagi dalam 60 menit" in page.text
    assert page["Retry-After"] == "3600"


def test_one_status_token_is_limited_per_target_even_from_many_addresses():
    url = reverse("pembentukan:status", args=[NOMOR, TOKEN])
    other_target = reverse("pembentukan:status", args=[NOMOR, "u" * 24])

    answers = [Client(REMOTE_ADDR=f"10.0.1.{i}").get(url).status_code for i in range(4)]
    elsewhere = Client(REMOTE_ADDR="10.0.1.9").get(other_target).status_code

    assert answers[3] == 429
    assert 429 not in answers[:3]
    assert elsewhere != 429
    page = Client(REMOTE_ADDR="10.0.1.10").get(url)
    assert "Halaman ini terlalu sering dibuka" in page.text


def test_public_responses_are_limited_per_applicant_and_per_address():
    url = reverse("pembentukan:tanggapan_create", args=[NOMOR])
    flooder = Client(REMOTE_ADDR="10.0.2.1")

    answers = _flood(flooder, "POST", url, 4)
    another = Client(REMOTE_ADDR="10.0.2.2").post(
        reverse("pembentukan:tanggapan_create", args=["KPPS-3303012001-0002"])
    )

    assert answers[3] == 429
    assert another.status_code != 429


def test_digest_pages_are_limited_per_digest():
    url = reverse("verifikasi:digest", args=[DIGEST])

    answers = [Client(REMOTE_ADDR=f"10.0.3.{i}").get(url).status_code for i in range(4)]
    other = Client(REMOTE_ADDR="10.0.3.9").get(reverse("verifikasi:digest", args=["b" * 64]))

    assert answers[3] == 429
    assert other.status_code != 429


def test_token_creation_is_limited_per_account():
    flooder, other = Client(), Client()
    for client, username in ((flooder, "mesin1"), (other, "mesin2")):
        client.force_login(
            user_create(username=username, nama="Mesin", password="x" * 12, actor=None)
        )
    url = reverse("accounts:api_tokens")

    answers = [flooder.post(url, {"nama": f"t{i}"}).status_code for i in range(4)]

    assert answers == [200, 200, 200, 429]
    assert other.post(url, {"nama": "x"}).status_code == 200


def test_get_of_a_form_is_not_counted_when_only_post_is_limited():
    client = Client(REMOTE_ADDR="10.0.4.1")

    assert 429 not in _flood(client, "GET", reverse("pembentukan:daftar"), 5)


def test_api_paths_answer_json(settings):
    settings.SELENGGARA_BATAS_LAJU = {"api:openapi-json": [("1/m", "ip", "GET")]}
    rules_clear()
    client = Client(REMOTE_ADDR="10.0.5.1")
    client.get("/api/openapi.json")

    response = client.get("/api/openapi.json")

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"


def test_unknown_key_in_the_setting_is_refused(settings):
    settings.SELENGGARA_BATAS_LAJU = {"pembentukan:daftar": [("3/h", "cookie", "POST")]}
    rules_clear()

    with pytest.raises(ValueError, match="unknown key 'cookie'"):
        Client().post(reverse("pembentukan:daftar"))


@pytest.mark.parametrize(
    ("header", "meta", "expected"),
    [
        pytest.param("", {"HTTP_X_REAL_IP": "1.2.3.4"}, "127.0.0.1", id="header-not-trusted"),
        pytest.param("HTTP_X_REAL_IP", {"HTTP_X_REAL_IP": "1.2.3.4"}, "1.2.3.4", id="real-ip"),
        pytest.param(
            "HTTP_X_FORWARDED_FOR",
            {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"},
            "1.2.3.4",
            id="forwarded-last",
        ),
        pytest.param("HTTP_X_REAL_IP", {}, "127.0.0.1", id="header-missing"),
    ],
)
def test_client_address_honours_only_the_configured_header(settings, header, meta, expected):
    settings.SELENGGARA_CLIENT_IP_HEADER = header
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **meta)

    assert client_ip(request) == expected


def test_every_configured_limit_names_a_route_that_exists():
    """A limit keyed by a URL name that no longer exists would silently stop protecting it
    (routes move when apps are split): each configured name must resolve."""
    from django.urls import URLResolver, get_resolver

    from config.settings import base

    names: set[str] = set()

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{pattern.namespace}:" if pattern.namespace else ""
                walk(pattern, prefix + namespace)
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver(), "")
    # The defaults of base settings (tests switch the limits off, so they are the ones to check).
    configured = set(base.SELENGGARA_BATAS_LAJU)
    assert configured
    assert sorted(configured - names) == []
