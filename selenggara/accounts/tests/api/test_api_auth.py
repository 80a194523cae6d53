from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from selenggara.accounts.api_auth import VerifiedSessionAuth, api_auth
from selenggara.accounts.models import ApiToken
from selenggara.accounts.services import (
    api_token_create,
    api_token_revoke,
    totp_device_install,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("selenggara.accounts.tests.api.urls")]

WHOAMI = "/api/uji/whoami"
KEY = "3132333435363738393031323334353637383930"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def user_and_token(make_user):
    user = make_user()
    token, plaintext = api_token_create(user=user, nama="uji", actor=user)
    return user, token, plaintext


def test_api_auth_offers_token_and_session():
    assert [type(a).__name__ for a in api_auth] == ["TokenAuth", "VerifiedSessionAuth"]


class TestTokenAuth:
    def test_valid_token_authenticates_and_records_use(self, client, user_and_token):
        user, token, plaintext = user_and_token

        response = client.get(WHOAMI, headers=_bearer(plaintext))

        assert response.status_code == 200
        assert response.json() == {"username": user.username}
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_expired_token_is_refused(self, client, user_and_token):
        _, token, plaintext = user_and_token
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )

        assert client.get(WHOAMI, headers=_bearer(plaintext)).status_code == 401

    def test_token_from_before_expiry_existed_still_works(self, client, user_and_token):
        _, token, plaintext = user_and_token
        ApiToken.objects.filter(pk=token.pk).update(expires_at=None)

        assert client.get(WHOAMI, headers=_bearer(plaintext)).status_code == 200

    def test_use_is_recorded_at_most_once_a_minute(self, client, user_and_token):
        _, token, plaintext = user_and_token
        client.get(WHOAMI, headers=_bearer(plaintext))
        first = ApiToken.objects.get(pk=token.pk).last_used_at

        client.get(WHOAMI, headers=_bearer(plaintext))

        assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    def test_stale_use_time_is_refreshed(self, client, user_and_token):
        _, token, plaintext = user_and_token
        old = timezone.now() - timedelta(minutes=5)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)

        client.get(WHOAMI, headers=_bearer(plaintext))

        last_used_at = ApiToken.objects.get(pk=token.pk).last_used_at
        assert last_used_at is not None
        assert last_used_at > old

    def test_revoked_token_is_refused(self, client, user_and_token):
        user, token, plaintext = user_and_token
        api_token_revoke(token=token, actor=user)

        assert client.get(WHOAMI, headers=_bearer(plaintext)).status_code == 401

    @pytest.mark.parametrize(
        "header",
        [
            pytest.param("Bearer sgr_bukan-token-yang-ada", id="unknown-token"),
            pytest.param("Bearer tanpa-awalan", id="no-prefix"),
            pytest.param("Token sgr_x", id="wrong-scheme"),
        ],
    )
    def test_wrong_token_is_refused(self, client, user_and_token, header):
        assert client.get(WHOAMI, headers={"Authorization": header}).status_code == 401

    def test_no_credentials_is_refused(self, client):
        assert client.get(WHOAMI).status_code == 401

    def test_token_of_an_inactive_user_is_refused(self, client, user_and_token):
        user, _, plaintext = user_and_token
        user.is_active = False
        user.save(update_fields=["is_active"])

        assert client.get(WHOAMI, headers=_bearer(plaintext)).status_code == 401

    def test_token_of_a_kpu_user_needs_no_session_totp(self, client, world, make_user):
        user = make_user("kpu_ri")
        _, plaintext = api_token_create(user=user, nama="uji", actor=None)

        assert client.get(WHOAMI, headers=_bearer(plaintext)).status_code == 200


class TestSessionAuth:
    def test_logged_in_session_authenticates(self, client, make_user):
        user = make_user()
        client.force_login(user)

        assert client.get(WHOAMI).json() == {"username": user.username}

    def test_session_post_needs_csrf(self, make_user):
        from django.test import Client

        csrf_client = Client(enforce_csrf_checks=True)
        csrf_client.force_login(make_user())

        assert csrf_client.post("/api/uji/echo").status_code == 403

    def test_unverified_kpu_session_is_refused(self, client, world, make_user):
        client.force_login(make_user("kpu_kabkota", wilayah_kode="33.03"))

        assert client.get(WHOAMI).status_code == 403

    def test_verified_kpu_session_authenticates(self, client, world, make_user):
        user = make_user("kpu_kabkota", wilayah_kode="33.03")
        device = totp_device_install(user=user, key_hex=KEY, actor=None, reason="uji")
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

        assert client.get(WHOAMI).status_code == 200


class TestVerifiedSessionAuthAlone:
    """Behind the middleware already; checked again in case the API is mounted elsewhere."""

    def _request(self, user, verified: bool):
        request = RequestFactory().get("/")
        user.is_verified = lambda: verified
        request.user = user
        return request

    def test_unverified_kpu_user_is_refused(self, world, make_user):
        user = make_user("kpu_ri")

        assert VerifiedSessionAuth().authenticate(self._request(user, False), None) is None

    def test_unverified_non_kpu_user_is_accepted(self, world, make_user):
        user = make_user("pps", wilayah_kode="33.03.01.2001")

        assert VerifiedSessionAuth().authenticate(self._request(user, False), None) == user

    def test_anonymous_is_refused(self):
        from django.contrib.auth.models import AnonymousUser

        request = RequestFactory().get("/")
        request.user = AnonymousUser()

        assert VerifiedSessionAuth().authenticate(request, None) is None
