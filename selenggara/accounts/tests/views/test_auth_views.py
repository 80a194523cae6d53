from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts.models import ApiToken
from selenggara.accounts.services import api_token_create
from selenggara.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
TWO_FACTOR = reverse("accounts:two_factor")
TOKENS = reverse("accounts:api_tokens")
DASHBOARD = reverse("portal:dashboard")


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings):
    # A wrong code would otherwise hold the next attempt back for a second.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _login(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password, **extra})


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


class TestLogin:
    def test_page_is_indonesian(self, client):
        response = client.get(LOGIN)

        assert response.status_code == 200
        assert "Masuk ke Selenggara" in response.text
        assert "Kata sandi" in response.text

    def test_non_kpu_user_goes_straight_to_the_dashboard(self, client, world, make_user):
        user = make_user("pps", wilayah_kode="33.03.01.2001")

        response = _login(client, user)

        assert response.status_code == 302
        assert response.url == DASHBOARD
        assert client.get(TOKENS).status_code == 200

    def test_next_is_kept(self, client, world, make_user):
        user = make_user("ppk", wilayah_kode="33.03.01")

        response = _login(client, user, next=TOKENS)

        assert response.url == TOKENS

    def test_wrong_password_is_refused_in_indonesian(self, client, make_user):
        user = make_user()

        response = _login(client, user, password="salah")

        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah" in response.text
        assert "_auth_user_id" not in client.session

    def test_fifth_failure_locks_the_account_even_against_the_right_password(
        self, client, make_user
    ):
        user = make_user()
        for _ in range(4):
            assert _login(client, user, password="salah").status_code == 200

        locked = _login(client, user, password="salah")
        after = _login(client, user)

        assert locked.status_code == 429
        assert after.status_code == 429
        assert "Akun dikunci sementara" in after.text
        assert "salah 5 kali" in after.text
        assert "Coba lagi setelah 30 menit" in after.text
        assert "_auth_user_id" not in client.session

    def test_one_address_trying_many_accounts_is_stopped_and_told_so(
        self, client, make_user, settings
    ):
        settings.SELENGGARA_LOCKOUT_ADDRESS_FAILURES = 6
        users = [make_user() for _ in range(4)]
        # Two failures per account: no account reaches its own limit of five.
        answers = [
            _login(client, user, password="salah").status_code
            for user in users[:3]
            for _ in range(2)
        ]

        stopped = _login(client, users[3], password=PASSWORD)

        assert answers == [200] * 5 + [429]
        assert stopped.status_code == 429
        assert "Percobaan masuk dari alamat ini dihentikan sementara" in stopped.text
        assert "untuk beberapa akun" in stopped.text
        assert "_auth_user_id" not in client.session

    def test_a_good_login_to_ones_own_account_does_not_clear_the_address_count(
        self, client, make_user, settings
    ):
        settings.SELENGGARA_LOCKOUT_ADDRESS_FAILURES = 4
        own, first, second = make_user(), make_user(), make_user()
        _login(client, first, password="salah")
        _login(client, first, password="salah")
        _login(client, second, password="salah")
        assert _login(client, own).status_code == 302
        client.post(reverse("accounts:logout"))

        assert _login(client, second, password="salah").status_code == 429

    def test_another_address_is_still_served_when_one_is_stopped(self, client, make_user, settings):
        settings.SELENGGARA_LOCKOUT_ADDRESS_FAILURES = 2
        first, second = make_user(), make_user()
        _login(client, first, password="salah")
        _login(client, second, password="salah")

        assert _login(client, second).status_code == 429
        other = client.post(
            LOGIN,
            {"username": second.username, "password": PASSWORD},
            REMOTE_ADDR="10.9.8.7",
        )
        assert other.status_code == 302

    def test_logout_needs_post(self, client, make_user):
        _login(client, make_user())

        assert client.get(reverse("accounts:logout")).status_code == 405
        response = client.post(reverse("accounts:logout"))

        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


class TestTwoFactor:
    def test_kpu_user_is_sent_to_two_factor_and_held_there(self, client, world, make_user):
        user = make_user("kpu_kabkota", wilayah_kode="33.03")

        response = _login(client, user)

        assert response.url.startswith(TWO_FACTOR)
        for path in (DASHBOARD, TOKENS, "/wilayah/"):
            held = client.get(path)
            assert (held.status_code, held.url) == (302, TWO_FACTOR), path

    def test_static_files_and_logout_stay_reachable(self, client, world, make_user):
        _login(client, make_user("kpu_ri"))

        assert client.get("/static/accounts/accounts.css").status_code != 302
        assert client.post(reverse("accounts:logout")).url == LOGIN

    def test_api_with_an_unverified_session_is_forbidden(self, client, world, make_user):
        _login(client, make_user("kpu_ri"))

        response = client.get("/api/v1/anything")

        assert response.status_code == 403
        assert response.json()["code"] == "two_factor_required"

    def test_setup_shows_qr_and_secret_then_a_right_code_verifies(self, client, world, make_user):
        user = make_user("kpu_provinsi", wilayah_kode="33")
        _login(client, user)

        page = client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        response = client.post(TWO_FACTOR, {"kode": _code(device), "next": TOKENS})

        assert page.status_code == 200
        assert "<svg" in page.text
        assert 'data-testid="totp-secret"' in page.text
        assert (response.status_code, response.url) == (302, TOKENS)
        device.refresh_from_db()
        assert device.confirmed is True
        assert client.get(TOKENS).status_code == 200

    def test_setup_with_a_wrong_code_does_not_confirm(self, client, world, make_user):
        user = make_user("kpu_ri")
        _login(client, user)
        client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=user)

        response = client.post(TWO_FACTOR, {"kode": _wrong(_code(device))})

        assert response.status_code == 422
        assert "Kode salah" in response.text
        device.refresh_from_db()
        assert device.confirmed is False
        assert client.get(DASHBOARD).status_code == 302

    def test_malformed_code_is_refused(self, client, world, make_user):
        _login(client, make_user("kpu_ri"))

        response = client.post(TWO_FACTOR, {"kode": "12ab"})

        assert response.status_code == 422
        assert "Masukkan 6 angka" in response.text

    def test_confirmed_device_asks_only_for_the_code(self, client, world, make_user):
        user = make_user("kpu_kabkota", wilayah_kode="33.03")
        _login(client, user)
        client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=user)
        client.post(TWO_FACTOR, {"kode": _code(device)})
        client.post(reverse("accounts:logout"))

        _login(client, user)
        page = client.get(TWO_FACTOR)
        wrong = client.post(TWO_FACTOR, {"kode": _wrong(_code(device, drift=1))})
        right = client.post(TWO_FACTOR, {"kode": _code(device, drift=1)})

        assert "<svg" not in page.text
        assert "masukkan kode 6 angka" in page.text
        assert wrong.status_code == 422
        assert (right.status_code, right.url) == (302, DASHBOARD)
        assert client.get(TOKENS).status_code == 200

    def test_a_right_code_while_throttled_is_told_to_wait_not_that_it_is_wrong(
        self, client, world, make_user, settings
    ):
        settings.OTP_TOTP_THROTTLE_FACTOR = 60
        user = make_user("kpu_kabkota", wilayah_kode="33.03")
        _login(client, user)
        client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=user)
        client.post(TWO_FACTOR, {"kode": _code(device)})
        client.post(reverse("accounts:logout"))
        _login(client, user)

        wrong = client.post(TWO_FACTOR, {"kode": _wrong(_code(device))})
        right = client.post(TWO_FACTOR, {"kode": _code(device)})

        assert "Kode salah" in wrong.text
        assert right.status_code == 422
        assert "Terlalu banyak kode salah berturut-turut" in right.text
        assert "tunggu 60 detik" in right.text
        assert "Kode salah atau sudah kedaluwarsa" not in right.text

    def test_unsafe_next_falls_back_to_the_dashboard(self, client, world, make_user):
        user = make_user("kpu_ri")
        _login(client, user)
        client.get(TWO_FACTOR)
        device = TOTPDevice.objects.get(user=user)

        response = client.post(
            TWO_FACTOR, {"kode": _code(device), "next": "https://jahat.example/"}
        )

        assert response.url == DASHBOARD

    def test_user_without_a_two_factor_role_is_not_asked(self, client, world, make_user):
        _login(client, make_user("kpps_ketua", tps=world.tps["3303012001001"]))

        response = client.get(TWO_FACTOR)

        assert (response.status_code, response.url) == (302, DASHBOARD)
        assert not TOTPDevice.objects.exists()

    def test_verified_user_is_sent_on(self, client, world, make_user):
        user = make_user("kpu_ri")
        _login(client, user)
        client.get(TWO_FACTOR)
        client.post(TWO_FACTOR, {"kode": _code(TOTPDevice.objects.get(user=user))})

        response = client.get(TWO_FACTOR)

        assert (response.status_code, response.url) == (302, DASHBOARD)

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(TWO_FACTOR)

        assert response.url.startswith(LOGIN)


class TestApiTokenPages:
    def test_create_shows_the_token_once(self, client, world, make_user):
        user = make_user("pps", wilayah_kode="33.03.01.2001")
        client.force_login(user)

        created = client.post(TOKENS, {"nama": "Skrip rekap"})
        listed = client.get(TOKENS)

        token = ApiToken.objects.get(user=user)
        plaintext = created.context["plaintext"]
        assert plaintext in created.text
        assert "hanya ditampilkan sekali" in created.text
        assert created["Cache-Control"].startswith("max-age=0")
        assert plaintext not in listed.text
        assert token.prefix in listed.text

    def test_list_shows_last_use_expiry_and_status(self, client, make_user):
        user = make_user()
        live, _ = api_token_create(user=user, nama="hidup", actor=user, berlaku_hari=7)
        old, _ = api_token_create(user=user, nama="lewat", actor=user)
        ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
        client.force_login(user)

        page = client.get(TOKENS)

        assert "Berlaku sampai" in page.text
        assert "Kedaluwarsa" in page.text
        assert "belum pernah" in page.text
        assert reverse("accounts:api_token_revoke", args=[live.pk]) in page.text
        assert reverse("accounts:api_token_revoke", args=[old.pk]) not in page.text

    def test_validity_is_chosen_on_the_page(self, client, make_user):
        client.force_login(make_user())

        client.post(TOKENS, {"nama": "seminggu", "berlaku_hari": "7"})
        refused = client.post(TOKENS, {"nama": "lama", "berlaku_hari": "1000"})

        token = ApiToken.objects.get()
        assert token.expires_at is not None
        assert (token.expires_at - token.created_at).days in (6, 7)
        assert refused.status_code == 422

    def test_kpu_session_that_passed_two_factor_may_create_a_token(self, client, world, make_user):
        user = make_user("kpu_kabkota", wilayah_kode="33.03")
        _login(client, user)
        client.get(TWO_FACTOR)
        client.post(TWO_FACTOR, {"kode": _code(TOTPDevice.objects.get(user=user))})

        response = client.post(TOKENS, {"nama": "rekap"})

        assert response.status_code == 200
        assert ApiToken.objects.filter(user=user).count() == 1

    def test_empty_name_is_refused(self, client, make_user):
        client.force_login(make_user())

        response = client.post(TOKENS, {"nama": ""})

        assert response.status_code == 422
        assert not ApiToken.objects.exists()

    def test_revoke_own_token(self, client, make_user):
        user = make_user()
        token, _ = api_token_create(user=user, nama="lama", actor=user)
        client.force_login(user)

        response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]), follow=True)

        token.refresh_from_db()
        assert token.revoked_at is not None
        assert "dicabut" in response.text

    def test_someone_elses_token_is_not_found(self, client, make_user):
        owner = make_user()
        token, _ = api_token_create(user=owner, nama="milik orang", actor=owner)
        client.force_login(make_user())

        response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
        missing = client.post(reverse("accounts:api_token_revoke", args=[token.pk + 99]))

        assert response.status_code == missing.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None
