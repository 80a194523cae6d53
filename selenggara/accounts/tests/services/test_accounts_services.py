import hashlib
from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts.models import ApiToken, Penugasan, User
from selenggara.accounts.services import (
    api_token_create,
    api_token_revoke,
    api_token_touch,
    penugasan_assign,
    penugasan_revoke,
    totp_device_confirm,
    totp_device_get_or_create_pending,
    totp_device_install,
    user_create,
)
from selenggara.accounts.tests.conftest import PASSWORD
from selenggara.core.errors import InvalidInput, PermissionDenied
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db

TPS_1 = "3303012001001"


def _last_audit(action: str) -> AuditLog:
    row = AuditLog.objects.filter(action=action).order_by("-seq").first()
    assert row is not None
    return row


def _no_secret_in_audit(*secrets: str) -> None:
    dumped = " ".join(
        str(v) for row in AuditLog.objects.all() for v in (row.before, row.after, row.reason)
    )
    for secret in secrets:
        assert secret not in dumped


class TestUserCreate:
    def test_creates_an_active_user_with_a_hashed_password_and_an_audit_row(self):
        user = user_create(
            username="siti",
            nama="Siti Aminah",
            password=PASSWORD,
            email="siti@contoh.id",
            actor=None,
        )

        stored = User.objects.get(username="siti")
        assert stored.check_password(PASSWORD) is True
        assert stored.nama == "Siti Aminah"
        row = _last_audit("user.create")
        assert row.target_id == str(user.pk)
        assert row.actor_label == "sistem"
        assert row.after == {
            "username": "siti",
            "nama": "Siti Aminah",
            "email": "siti@contoh.id",
            "telepon": "",
            "is_active": True,
        }
        _no_secret_in_audit(PASSWORD, stored.password)

    def test_taken_username_is_refused_case_insensitively(self, make_user):
        make_user(username="budi")

        with pytest.raises(InvalidInput, match="sudah dipakai"):
            user_create(username="Budi", nama="Budi", password=PASSWORD, actor=None)

    def test_weak_password_is_refused_with_each_reason(self):
        with pytest.raises(InvalidInput) as info:
            user_create(username="andi", nama="Andi", password="123", actor=None)

        assert {e.field for e in info.value.errors} == {"password"}
        assert len(info.value.errors) >= 2
        assert not User.objects.filter(username="andi").exists()

    def test_malformed_username_and_email_are_refused(self):
        with pytest.raises(InvalidInput) as info:
            user_create(
                username="a b", nama="A", password=PASSWORD, email="bukan-email", actor=None
            )

        assert {e.field for e in info.value.errors} == {"username", "email"}

    def test_demo_accounts_may_skip_the_password_policy(self):
        user = user_create(
            username="demo", nama="Demo", password="demo", actor=None, enforce_password_policy=False
        )

        assert user.check_password("demo") is True


class TestPenugasanAssign:
    def test_console_assigns_a_region_role_with_an_audit_row(self, world, make_user):
        user = make_user()

        penugasan = penugasan_assign(user=user, peran="pps", wilayah_kode="3303012001", actor=None)

        assert penugasan.wilayah_kode == "33.03.01.2001"
        assert penugasan.is_active is True
        row = _last_audit("penugasan.assign")
        assert row.wilayah_kode == "33.03.01.2001"
        assert row.after == {
            "user": user.username,
            "peran": "pps",
            "wilayah_kode": "33.03.01.2001",
            "tps": None,
            "pemilihan": None,
            "is_active": True,
        }

    def test_tps_role_stores_the_desa_for_prefix_queries(self, world, make_user):
        user = make_user()

        penugasan = penugasan_assign(
            user=user, peran="kpps_anggota", tps=world.tps[TPS_1], actor=None
        )

        assert penugasan.wilayah_kode == "33.03.01.2001"
        after = _last_audit("penugasan.assign").after
        assert after is not None
        assert after["pemilihan"] == "pemilu-uji"

    def test_kabkota_appoints_ppk_inside_its_kabkota(self, world, make_user):
        kab = make_user("kpu_kabkota", wilayah_kode="33.03")
        user = make_user()

        penugasan_assign(user=user, peran="ppk", wilayah_kode="33.03.02", actor=kab)

        assert _last_audit("penugasan.assign").actor_id == kab.pk

    def test_kabkota_may_not_appoint_outside_its_kabkota(self, world, make_user):
        kab = make_user("kpu_kabkota", wilayah_kode="33.03")
        user = make_user()

        with pytest.raises(PermissionDenied, match="tidak berwenang menugaskan atau mencabut PPK"):
            penugasan_assign(user=user, peran="ppk", wilayah_kode="33.04.01", actor=kab)
        assert not Penugasan.objects.filter(user=user).exists()

    def test_kabkota_may_not_appoint_beside_itself(self, world, make_user):
        kab = make_user("kpu_kabkota", wilayah_kode="33.03")

        with pytest.raises(PermissionDenied):
            penugasan_assign(user=make_user(), peran="kpu_kabkota", wilayah_kode="33.03", actor=kab)

    def test_pengawas_never_appoints(self, world, make_user):
        pengawas = make_user("pengawas")

        with pytest.raises(PermissionDenied):
            penugasan_assign(user=make_user(), peran="saksi", tps=world.tps[TPS_1], actor=pengawas)

    def test_inactive_actor_may_not_appoint(self, world, make_user):
        ri = make_user("kpu_ri")
        ri.is_active = False
        ri.save(update_fields=["is_active"])

        with pytest.raises(PermissionDenied):
            penugasan_assign(user=make_user(), peran="kpu_provinsi", wilayah_kode="33", actor=ri)

    @pytest.mark.parametrize(
        ("peran", "wilayah_kode", "message"),
        [
            pytest.param("camat", "33.03", "Peran camat tidak dikenal", id="unknown-role"),
            pytest.param("pps", "33.03.01", "tingkat desa/kelurahan", id="wrong-level"),
            pytest.param("pps", "33.03.01.0001", "Kode wilayah tidak sah", id="malformed-code"),
            pytest.param(
                "pps", "33.03.01.2999", "tidak ada dalam daftar wilayah", id="unknown-region"
            ),
            pytest.param(
                "kpps_ketua", "33.03.01.2001", "harus ditugaskan pada satu TPS", id="kpps-needs-tps"
            ),
        ],
    )
    def test_invalid_place_is_refused_in_indonesian(
        self, world, make_user, peran, wilayah_kode, message
    ):
        with pytest.raises(InvalidInput, match=message) as info:
            penugasan_assign(user=make_user(), peran=peran, wilayah_kode=wilayah_kode, actor=None)

        assert info.value.errors

    def test_inactive_user_is_not_assigned(self, world, make_user):
        user = make_user()
        user.is_active = False
        user.save(update_fields=["is_active"])

        with pytest.raises(InvalidInput, match="tidak aktif"):
            penugasan_assign(user=user, peran="kpu_ri", actor=None)

    def test_same_role_twice_is_refused(self, world, make_user):
        user = make_user("ppk", wilayah_kode="33.03.01")

        with pytest.raises(InvalidInput, match="sudah memegang"):
            penugasan_assign(user=user, peran="ppk", wilayah_kode="33.03.01", actor=None)

    def test_second_ketua_for_one_tps_is_refused(self, world, make_user):
        make_user("kpps_ketua", tps=world.tps[TPS_1])

        with pytest.raises(InvalidInput, match="sudah mempunyai Ketua KPPS"):
            penugasan_assign(user=make_user(), peran="kpps_ketua", tps=world.tps[TPS_1], actor=None)

    def test_ketua_of_the_same_code_in_another_election_is_allowed(self, world, make_user):
        first = make_user("kpps_ketua", tps=world.tps[TPS_1])
        user = make_user()

        penugasan = penugasan_assign(
            user=user, peran="kpps_ketua", tps=world.tps_pilkada[TPS_1], actor=None
        )

        stored = user.penugasan.get()
        assert stored == penugasan
        assert (stored.peran, stored.tps, stored.is_active) == (
            "kpps_ketua",
            world.tps_pilkada[TPS_1],
            True,
        )
        # Both ketua hold their TPS: same code, two elections.
        assert first.penugasan.get().tps == world.tps[TPS_1]
        assert _last_audit("penugasan.assign").target_id == str(stored.pk)


class TestPenugasanRevoke:
    def test_revoke_keeps_the_row_inactive_and_audits(self, world, make_user):
        kab = make_user("kpu_kabkota", wilayah_kode="33.03")
        user = make_user("pps", wilayah_kode="33.03.01.2001")
        penugasan = user.penugasan.get()

        penugasan_revoke(penugasan=penugasan, actor=kab, reason="mengundurkan diri")

        penugasan.refresh_from_db()
        assert penugasan.is_active is False
        assert penugasan.revoked_at is not None
        row = _last_audit("penugasan.revoke")
        assert (row.before, row.after, row.reason) == (
            {"is_active": True},
            {"is_active": False},
            "mengundurkan diri",
        )
        assert row.wilayah_kode == "33.03.01.2001"

    def test_revoking_twice_is_refused(self, world, make_user):
        penugasan = make_user("kpu_ri").penugasan.get()
        penugasan_revoke(penugasan=penugasan, actor=None)

        with pytest.raises(InvalidInput, match="sudah dicabut"):
            penugasan_revoke(penugasan=penugasan, actor=None)

    def test_actor_outside_scope_may_not_revoke(self, world, make_user):
        kab = make_user("kpu_kabkota", wilayah_kode="33.04")
        penugasan = make_user("pps", wilayah_kode="33.03.01.2001").penugasan.get()

        with pytest.raises(PermissionDenied):
            penugasan_revoke(penugasan=penugasan, actor=kab)
        penugasan.refresh_from_db()
        assert penugasan.is_active is True


class TestApiToken:
    def test_create_returns_the_plaintext_once_and_stores_only_its_digest(self, make_user):
        user = make_user()

        token, plaintext = api_token_create(user=user, nama="Skrip rekap", actor=user)

        assert plaintext.startswith("sgr_")
        assert len(plaintext) > 40
        stored = ApiToken.objects.get(pk=token.pk)
        assert stored.digest == hashlib.sha256(plaintext.encode()).hexdigest()
        assert stored.prefix == plaintext[:8]
        row = _last_audit("api_token.create")
        assert stored.expires_at is not None
        assert row.after == {
            "user": user.username,
            "nama": "Skrip rekap",
            "prefix": plaintext[:8],
            "expires_at": stored.expires_at.astimezone(UTC).isoformat(),
        }
        assert (stored.expires_at - stored.created_at).days in (89, 90)
        _no_secret_in_audit(plaintext, stored.digest)

    @pytest.mark.parametrize("hari", [0, -1, 366])
    def test_validity_is_bounded(self, make_user, hari):
        user = make_user()

        with pytest.raises(InvalidInput, match="1 sampai 365 hari"):
            api_token_create(user=user, nama="x", actor=user, berlaku_hari=hari)

    def test_chosen_validity_sets_the_expiry(self, make_user):
        user = make_user()
        before = timezone.now()

        token, _ = api_token_create(user=user, nama="x", actor=user, berlaku_hari=7)

        assert token.expires_at is not None
        assert before + timedelta(days=7) <= token.expires_at <= timezone.now() + timedelta(days=7)

    def test_kpu_level_token_needs_a_two_factor_session(self, world, make_user):
        user = make_user("kpu_kabkota", wilayah_kode="33.03")

        with pytest.raises(PermissionDenied, match="setelah verifikasi dua langkah"):
            api_token_create(user=user, nama="x", actor=user)
        assert not ApiToken.objects.exists()
        api_token_create(user=user, nama="x", actor=user, two_factor_verified=True)
        api_token_create(user=user, nama="konsol", actor=None)
        assert ApiToken.objects.count() == 2

    def test_another_user_may_not_create_my_token(self, make_user):
        with pytest.raises(PermissionDenied):
            api_token_create(user=make_user(), nama="x", actor=make_user())

    @pytest.mark.parametrize("nama", ["", "   ", "x" * 101])
    def test_name_is_required_and_bounded(self, make_user, nama):
        user = make_user()

        with pytest.raises(InvalidInput, match="Nama token wajib diisi"):
            api_token_create(user=user, nama=nama, actor=user)

    def test_inactive_user_gets_no_token(self, make_user):
        user = make_user()
        user.is_active = False
        user.save(update_fields=["is_active"])

        with pytest.raises(InvalidInput):
            api_token_create(user=user, nama="x", actor=None)

    def test_revoke_sets_the_time_and_audits(self, make_user):
        user = make_user()
        token, _ = api_token_create(user=user, nama="x", actor=user)

        api_token_revoke(token=token, actor=user)

        token.refresh_from_db()
        assert token.revoked_at is not None
        assert _last_audit("api_token.revoke").before == {"revoked_at": None}

    def test_revoke_twice_or_by_another_user_is_refused(self, make_user):
        user = make_user()
        token, _ = api_token_create(user=user, nama="x", actor=user)

        with pytest.raises(PermissionDenied):
            api_token_revoke(token=token, actor=make_user())
        api_token_revoke(token=token, actor=None)
        with pytest.raises(InvalidInput, match="sudah dicabut"):
            api_token_revoke(token=token, actor=user)

    def test_touch_writes_at_most_once_a_minute(self, make_user):
        user = make_user()
        token, _ = api_token_create(user=user, nama="x", actor=user)
        now = timezone.now()

        api_token_touch(token=token, now=now)
        api_token_touch(token=token, now=now + timedelta(seconds=30))
        token.refresh_from_db()
        assert token.last_used_at == now

        api_token_touch(token=token, now=now + timedelta(seconds=61))
        token.refresh_from_db()
        assert token.last_used_at == now + timedelta(seconds=61)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


class TestTwoFactor:
    def test_pending_device_is_created_once_and_audited_without_its_key(self, make_user):
        user = make_user("kpu_ri")

        device = totp_device_get_or_create_pending(user=user)
        again = totp_device_get_or_create_pending(user=user)

        assert device.pk == again.pk
        assert device.confirmed is False
        assert AuditLog.objects.filter(action="two_factor.setup").count() == 1
        _no_secret_in_audit(device.key)

    def test_right_code_confirms_the_device(self, make_user):
        user = make_user("kpu_ri")
        device = totp_device_get_or_create_pending(user=user)

        totp_device_confirm(device=device, token=_code(device), actor=user)

        device.refresh_from_db()
        assert device.confirmed is True
        assert _last_audit("two_factor.enable").after == {"device": "default", "confirmed": True}
        _no_secret_in_audit(device.key)

    def test_wrong_code_is_refused(self, make_user):
        user = make_user("kpu_ri")
        device = totp_device_get_or_create_pending(user=user)
        wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

        with pytest.raises(InvalidInput, match="Kode salah"):
            totp_device_confirm(device=device, token=wrong, actor=user)
        device.refresh_from_db()
        assert device.confirmed is False

    def test_device_of_another_user_is_refused(self, make_user):
        device = totp_device_get_or_create_pending(user=make_user())

        with pytest.raises(PermissionDenied):
            totp_device_confirm(device=device, token=_code(device), actor=make_user())

    def test_install_replaces_devices_with_a_known_confirmed_one(self, make_user):
        user = make_user("kpu_ri")
        totp_device_get_or_create_pending(user=user)
        key = "3132333435363738393031323334353637383930"

        device = totp_device_install(user=user, key_hex=key, actor=None, reason="demo")

        assert list(TOTPDevice.objects.filter(user=user)) == [device]
        assert device.confirmed is True
        _no_secret_in_audit(key)


def test_models_read_well(world, make_user):
    user = make_user("kpps_ketua", tps=world.tps[TPS_1], nama="Siti")
    token, _ = api_token_create(user=user, nama="skrip", actor=user)

    assert str(user) == "Siti"
    assert str(user.penugasan.get()) == f"Ketua KPPS {TPS_1}"
    assert str(token) == f"skrip ({token.prefix}…)"
