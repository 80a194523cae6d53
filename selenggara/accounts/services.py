"""Writes about accounts: users, role assignments, API tokens, two-factor devices.

Every function here is atomic and appends one audit row; none stores or audits a secret.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts.domain.peran import (
    InvalidPenugasan,
    Lingkup,
    Peran,
    can_assign,
    lingkup_for,
    peran_label,
)
from selenggara.accounts.models import ApiToken, Penugasan, User
from selenggara.accounts.selectors import penugasan_list_active, user_requires_two_factor
from selenggara.core.audit import audit_record
from selenggara.core.errors import InvalidInput, PermissionDenied, RowError
from selenggara.pemilihan.models import TPS
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeTPS, KodeWilayah
from selenggara.wilayah.models import Wilayah

# Tokens look like ``sgr_<43 url-safe characters>``: 256 random bits, recognisable in logs and
# by secret scanners. The first 8 characters are kept to tell tokens apart on screen.
TOKEN_PREFIX = "sgr_"  # noqa: S105 (a marker, not a secret)
_TOKEN_PREFIX_SHOWN = 8


def token_digest(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


def _invalid(message: str, *, field: str | None = None) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=None, field=field, message=message)])


def _user_fields(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "nama": user.nama,
        "email": user.email,
        "telepon": user.telepon,
        "is_active": user.is_active,
    }


@transaction.atomic
def user_create(
    *,
    username: str,
    nama: str,
    password: str,
    email: str = "",
    telepon: str = "",
    actor: User | None,
    enforce_password_policy: bool = True,
) -> User:
    """Create an active account with ``password`` (hashed, never audited).

    ``enforce_password_policy=False`` is for demo accounts only.
    Raises InvalidInput for a taken or malformed username, a bad email or a weak password.
    """
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise _invalid(
            gettext("Nama pengguna %(username)s sudah dipakai.") % {"username": username},
            field="username",
        )
    user = User(username=username, nama=nama.strip(), email=email.strip(), telepon=telepon.strip())
    errors: list[RowError] = []
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors += [
            RowError(row=None, field=field, message=" ".join(str(m) for m in messages))
            for field, messages in exc.message_dict.items()
        ]
    if enforce_password_policy:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors += [RowError(row=None, field="password", message=str(m)) for m in exc.messages]
    if errors:
        raise InvalidInput(gettext("Data pengguna tidak sah."), errors=errors)
    user.set_password(password)
    user.save()
    audit_record(actor=actor, action="user.create", target=user, after=_user_fields(user))
    return user


def _parse_place(*, peran: str, wilayah_kode: str, tps: TPS | None) -> tuple[Peran, Lingkup, str]:
    """Return the role, its scope and the region code to store, or raise InvalidInput."""
    try:
        parsed_peran = Peran(peran)
    except ValueError:
        raise _invalid(
            gettext("Peran %(peran)s tidak dikenal.") % {"peran": peran}, field="peran"
        ) from None
    try:
        wilayah = KodeWilayah.parse(wilayah_kode) if wilayah_kode.strip() else None
        kode_tps = KodeTPS.parse(tps.kode) if tps is not None else None
        lingkup = lingkup_for(peran=parsed_peran, wilayah=wilayah, tps=kode_tps)
    except (InvalidKodeWilayah, InvalidPenugasan) as exc:
        raise _invalid(str(exc), field="wilayah") from exc
    if wilayah is not None and not Wilayah.objects.filter(kode=wilayah.value).exists():
        raise _invalid(
            gettext("Wilayah %(kode)s tidak ada dalam daftar wilayah.") % {"kode": wilayah.value},
            field="wilayah",
        )
    stored = kode_tps.desa.value if kode_tps is not None else (wilayah.value if wilayah else "")
    return parsed_peran, lingkup, stored


def _check_may_appoint(*, actor: User | None, peran: Peran, lingkup: Lingkup) -> None:
    """Raise PermissionDenied unless ``actor`` (None: the console) may appoint here."""
    if actor is None:
        return
    allowed = actor.is_active and any(
        can_assign(
            assigner=Peran(p.peran), assigner_lingkup=p.lingkup, peran=peran, lingkup=lingkup
        )
        for p in penugasan_list_active(user=actor)
    )
    if not allowed:
        raise PermissionDenied(
            gettext("Anda tidak berwenang menugaskan atau mencabut %(peran)s di tempat ini.")
            % {"peran": peran_label(peran)}
        )


def _penugasan_fields(penugasan: Penugasan) -> dict[str, object]:
    tps = penugasan.tps
    return {
        "user": penugasan.user.username,
        "peran": penugasan.peran,
        "wilayah_kode": penugasan.wilayah_kode,
        "tps": tps.kode if tps is not None else None,
        "pemilihan": tps.pemilihan.kode if tps is not None else None,
        "is_active": penugasan.is_active,
    }


def _check_no_duplicate(*, user: User, peran: Peran, wilayah_kode: str, tps: TPS | None) -> None:
    active = Penugasan.objects.filter(is_active=True, peran=peran, tps=tps)
    if active.filter(user=user, wilayah_kode=wilayah_kode).exists():
        raise _invalid(gettext("Pengguna ini sudah memegang peran tersebut di tempat ini."))
    # PKPU 8/2022 Pasal 28: a KPPS has one ketua.
    if peran is Peran.KPPS_KETUA and active.exists():
        raise _invalid(gettext("TPS ini sudah mempunyai Ketua KPPS aktif."), field="peran")


@transaction.atomic
def penugasan_assign(
    *,
    user: User,
    peran: str,
    wilayah_kode: str = "",
    tps: TPS | None = None,
    actor: User | None,
) -> Penugasan:
    """Give ``user`` the role ``peran`` over region ``wilayah_kode`` ("" = nation) or ``tps``.

    Raises InvalidInput when the place does not fit the role (PKPU 8/2022 levels), the region
    is unknown, the user is inactive or already holds it; PermissionDenied when ``actor`` may
    not appoint this role there (see ``domain.peran.can_assign``).
    """
    parsed_peran, lingkup, stored_kode = _parse_place(
        peran=peran, wilayah_kode=wilayah_kode, tps=tps
    )
    _check_may_appoint(actor=actor, peran=parsed_peran, lingkup=lingkup)
    if not user.is_active:
        raise _invalid(gettext("Akun %(username)s tidak aktif.") % {"username": user.username})
    _check_no_duplicate(user=user, peran=parsed_peran, wilayah_kode=stored_kode, tps=tps)
    penugasan = Penugasan.objects.create(
        user=user, peran=parsed_peran, wilayah_kode=stored_kode, tps=tps
    )
    audit_record(
        actor=actor,
        action="penugasan.assign",
        target=penugasan,
        wilayah_kode=stored_kode,
        after=_penugasan_fields(penugasan),
    )
    return penugasan


@transaction.atomic
def penugasan_revoke(*, penugasan: Penugasan, actor: User | None, reason: str = "") -> Penugasan:
    """End an active assignment; the row stays, inactive, for the record.

    Raises PermissionDenied when ``actor`` could not have made this assignment, InvalidInput
    when it has already ended.
    """
    penugasan = (
        Penugasan.objects.select_for_update(of=("self",))
        .select_related("user", "tps")
        .get(pk=penugasan.pk)
    )
    _check_may_appoint(actor=actor, peran=Peran(penugasan.peran), lingkup=penugasan.lingkup)
    if not penugasan.is_active:
        raise _invalid(gettext("Penugasan ini sudah dicabut."))
    penugasan.is_active = False
    penugasan.revoked_at = timezone.now()
    penugasan.save(update_fields=["is_active", "revoked_at"])
    audit_record(
        actor=actor,
        action="penugasan.revoke",
        target=penugasan,
        wilayah_kode=penugasan.wilayah_kode,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
    )
    return penugasan


def _check_own_token(*, user: User, actor: User | None) -> None:
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(gettext("Token API hanya dapat dikelola oleh pemiliknya."))


@transaction.atomic
def api_token_create(
    *,
    user: User,
    nama: str,
    actor: User | None,
    two_factor_verified: bool = False,
    berlaku_hari: int | None = None,
) -> tuple[ApiToken, str]:
    """Create an API token for ``user`` and return it with its plaintext, shown only once.

    Only the SHA-256 digest and the first characters are stored. The token expires after
    ``berlaku_hari`` days (default ``SELENGGARA_API_TOKEN_DAYS``). A token of a two-factor
    (KPU-level) account is a credential that skips TOTP, so a user may create one only in a
    session that passed two-factor (``two_factor_verified``); the console (``actor`` None)
    bypasses this and says so. Raises PermissionDenied when ``actor`` is another user or
    lacks two-factor, InvalidInput for an empty name, a bad validity or an inactive user.
    """
    _check_own_token(user=user, actor=actor)
    if actor is not None and not two_factor_verified and user_requires_two_factor(user=user):
        raise PermissionDenied(
            gettext(
                "Token API untuk peran tingkat KPU hanya dapat dibuat setelah verifikasi dua "
                "langkah pada sesi ini."
            )
        )
    hari = settings.SELENGGARA_API_TOKEN_DAYS if berlaku_hari is None else berlaku_hari
    if not 1 <= hari <= settings.SELENGGARA_API_TOKEN_MAX_DAYS:
        raise _invalid(
            gettext("Masa berlaku token 1 sampai %(maks)d hari.")
            % {"maks": settings.SELENGGARA_API_TOKEN_MAX_DAYS},
            field="berlaku_hari",
        )
    nama = nama.strip()
    if not nama or len(nama) > ApiToken._meta.get_field("nama").max_length:  # type: ignore[operator]
        raise _invalid(gettext("Nama token wajib diisi, paling banyak 100 karakter."), field="nama")
    if not user.is_active:
        raise _invalid(gettext("Akun %(username)s tidak aktif.") % {"username": user.username})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=hari)
    token = ApiToken.objects.create(
        user=user,
        nama=nama,
        prefix=plaintext[:_TOKEN_PREFIX_SHOWN],
        digest=token_digest(plaintext),
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        target=token,
        after={
            "user": user.username,
            "nama": token.nama,
            "prefix": token.prefix,
            "expires_at": expires_at.astimezone(UTC).isoformat(),
        },
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    """Revoke ``token`` at once. Raises InvalidInput if it is already revoked."""
    token = ApiToken.objects.select_for_update(of=("self",)).select_related("user").get(pk=token.pk)
    _check_own_token(user=token.user, actor=actor)
    if token.revoked_at is not None:
        raise _invalid(gettext("Token ini sudah dicabut."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.astimezone(UTC).isoformat()},
    )
    return token


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Record that ``token`` was used, at most once a minute (not audited: a read, not a change)."""
    if token.last_used_at is not None and (now - token.last_used_at).total_seconds() < 60:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def totp_device_get_or_create_pending(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device, creating one with a fresh secret if needed.

    The secret is never audited; the audit row only says that setup began.
    """
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    )
    if device is not None:
        return device
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    audit_record(
        actor=user, action="two_factor.setup", target=("otp_totp.totpdevice", str(device.pk))
    )
    return device


def totp_check_allowed(*, device: TOTPDevice, now: datetime) -> None:
    """Raise InvalidInput saying how long to wait if ``device`` is throttled after failures.

    django-otp refuses every code, the right one too, for a growing delay after each wrong
    one; saying "code wrong" then would send the user typing correct codes into a wall.
    """
    allowed, data = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (data or {}).get("locked_until")
    seconds = max(int((locked_until - now).total_seconds()) + 1, 1) if locked_until else 0
    raise _invalid(
        ngettext(
            "Terlalu banyak kode salah berturut-turut. Demi keamanan, tunggu %(detik)d detik "
            "lalu masukkan kode yang sedang tampil di aplikasi.",
            "Terlalu banyak kode salah berturut-turut. Demi keamanan, tunggu %(detik)d detik "
            "lalu masukkan kode yang sedang tampil di aplikasi.",
            seconds,
        )
        % {"detik": seconds},
        field="kode",
    )


def totp_verify(*, device: TOTPDevice, token: str, now: datetime) -> None:
    """Check a code against a confirmed device; raise InvalidInput saying why it failed."""
    totp_check_allowed(device=device, now=now)
    if not device.verify_token(token.strip()):
        raise _invalid(gettext("Kode salah atau sudah kedaluwarsa. Coba lagi."), field="kode")


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str, actor: User) -> TOTPDevice:
    """Confirm ``device`` with a code from the authenticator app; two-factor is then on.

    Raises InvalidInput when the code is wrong (or the device is throttled after failures).
    """
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied(gettext("Perangkat ini tidak dapat dikonfirmasi."))
    totp_verify(device=device, token=token, now=timezone.now())
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        action="two_factor.enable",
        target=("otp_totp.totpdevice", str(device.pk)),
        after={"device": device.name, "confirmed": True},
    )
    return device


@transaction.atomic
def totp_device_install(*, user: User, key_hex: str, actor: User | None, reason: str) -> TOTPDevice:
    """Give ``user`` a confirmed TOTP device with a known secret (demo accounts only).

    Replaces any device the user had. The secret is not audited.
    """
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="default", key=key_hex, confirmed=True)
    audit_record(
        actor=actor,
        action="two_factor.enable",
        target=("otp_totp.totpdevice", str(device.pk)),
        after={"device": device.name, "confirmed": True},
        reason=reason,
    )
    return device
