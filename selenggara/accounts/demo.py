"""Demo accounts: one per role inside one kabupaten, for `selenggara demo` and browser tests.

The KPU-level accounts need TOTP. Every run of the demo gives them a fresh random secret (one
for the three accounts), which the demo prints; ``demo_totp_code()`` reads it back from the
``kpu-ri`` device, so `selenggara demo --kode-totp` prints the current code. A fixed secret
would be a published second factor. Never use these accounts outside a demo.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts.domain.peran import Peran, peran_label, requires_two_factor
from selenggara.accounts.models import Penugasan, User
from selenggara.accounts.services import penugasan_assign, totp_device_install, user_create
from selenggara.core.errors import InvalidInput
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import Wilayah

# The account whose device holds the run's secret, read back by ``demo_totp_code``.
DEMO_TOTP_HOLDER = "kpu-ri"
# 20 bytes, as RFC 6238 recommends.
DEMO_TOTP_KEY_BYTES = 20


def demo_totp_secret(key_hex: str) -> str:
    """Return the base32 form of ``key_hex`` that authenticator apps take."""
    return base64.b32encode(bytes.fromhex(key_hex)).decode()


def demo_totp_key_hex() -> str:
    """Return the demo secret of the current run (hex), as stored on the demo device.

    Raises InvalidInput if the demo has not been built in this database.
    """
    device = (
        TOTPDevice.objects.filter(user__username=DEMO_TOTP_HOLDER, confirmed=True)
        .order_by("-pk")
        .first()
    )
    if device is None:
        raise InvalidInput(
            f"Akun demo {DEMO_TOTP_HOLDER} belum ada: jalankan `selenggara demo` dahulu."
        )
    return str(device.key)


def demo_totp_code(*, key_hex: str | None = None, at: float | None = None) -> str:
    """Return the six-digit code of the demo secret now (or at Unix time ``at``).

    ``key_hex`` defaults to the stored secret of the current run (``demo_totp_key_hex``).
    """
    key = bytes.fromhex(key_hex if key_hex is not None else demo_totp_key_hex())
    generator = TOTP(key, step=30, t0=0, digits=6)
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"


@dataclass(frozen=True, slots=True)
class _Place:
    wilayah_kode: str = ""
    tps: TPS | None = None


class DemoUsers(NamedTuple):
    """The demo accounts as the demo prints them, and this run's TOTP secret (hex)."""

    logins: list[DemoUser]
    totp_key_hex: str


class DemoUser(NamedTuple):
    """One demo account as the demo prints it: ``for username, peran, where in ...``."""

    username: str
    peran: str
    where: str


def _places(
    pemilihan: Pemilihan, kabkota_kode: str
) -> tuple[Wilayah, Wilayah, Wilayah, Wilayah, TPS]:
    versi = pemilihan.versi_wilayah_id
    kab = Wilayah.objects.filter(versi_id=versi, kode=kabkota_kode).first()
    kec = Wilayah.objects.filter(versi_id=versi, induk_kode=kabkota_kode).order_by("kode").first()
    desa = (
        Wilayah.objects.filter(versi_id=versi, induk_kode=kec.kode).order_by("kode").first()
        if kec is not None
        else None
    )
    tps = (
        TPS.objects.filter(pemilihan=pemilihan, desa=desa).order_by("nomor").first()
        if desa is not None
        else None
    )
    prov = Wilayah.objects.filter(versi_id=versi, kode=kabkota_kode[:2]).first()
    if prov is None or kab is None or kec is None or desa is None or tps is None:
        raise InvalidInput(
            f"Wilayah {kabkota_kode} beserta kecamatan, desa dan TPS-nya belum dimuat untuk "
            f"pemilihan {pemilihan.kode}."
        )
    return prov, kab, kec, desa, tps


# username, full name, role; the place is filled in from the loaded regions.
_ACCOUNTS = [
    ("kpu-ri", "Ahmad Hidayat", Peran.KPU_RI),
    ("kpu-provinsi", "Sri Wahyuni", Peran.KPU_PROVINSI),
    ("kpu-kabkota", "Bambang Setiawan", Peran.KPU_KABKOTA),
    ("ppk", "Dewi Lestari", Peran.PPK),
    ("pps", "Agus Salim", Peran.PPS),
    ("kpps-ketua", "Siti Rahmawati", Peran.KPPS_KETUA),
    ("kpps-anggota", "Joko Susilo", Peran.KPPS_ANGGOTA),
    ("saksi", "Rina Marlina", Peran.SAKSI),
    ("pengawas", "Hendra Gunawan", Peran.PENGAWAS),
]


@transaction.atomic
def demo_users_ensure(
    *, pemilihan: Pemilihan, kabkota_kode: str = "33.03", password: str
) -> DemoUsers:
    """Create the demo accounts that are missing and return all of them, ready to print.

    An existing account keeps its password and gets only the role it lacks; the KPU-level
    accounts get a new random TOTP secret on every run (audited, the secret itself is not).
    Raises InvalidInput if the kabupaten, its first kecamatan, desa or TPS are not loaded.
    """
    key_hex = secrets.token_bytes(DEMO_TOTP_KEY_BYTES).hex()
    prov, kab, kec, desa, tps = _places(pemilihan, kabkota_kode)
    places = {
        Peran.KPU_RI: (_Place(), "Nasional"),
        Peran.KPU_PROVINSI: (_Place(wilayah_kode=prov.kode), str(prov)),
        Peran.KPU_KABKOTA: (_Place(wilayah_kode=kab.kode), str(kab)),
        Peran.PPK: (_Place(wilayah_kode=kec.kode), str(kec)),
        Peran.PPS: (_Place(wilayah_kode=desa.kode), str(desa)),
        Peran.PENGAWAS: (_Place(wilayah_kode=kab.kode), str(kab)),
    }
    tps_place = (_Place(tps=tps), f"TPS {tps.nomor:03d} {desa.nama} ({tps.kode})")
    result = []
    for username, nama, peran in _ACCOUNTS:
        place, where = places.get(peran, tps_place)
        user = _user_ensure(username=username, nama=f"{nama} (demo)", password=password)
        _penugasan_ensure(user=user, peran=peran, place=place)
        if requires_two_factor(peran):
            totp_device_install(user=user, key_hex=key_hex, actor=None, reason="akun demo")
        result.append(DemoUser(username=username, peran=peran_label(peran), where=where))
    return DemoUsers(logins=result, totp_key_hex=key_hex)


def _user_ensure(*, username: str, nama: str, password: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    return user_create(
        username=username, nama=nama, password=password, actor=None, enforce_password_policy=False
    )


def _penugasan_ensure(*, user: User, peran: Peran, place: _Place) -> None:
    held = Penugasan.objects.filter(user=user, peran=peran, is_active=True, tps=place.tps)
    if place.tps is None:
        held = held.filter(wilayah_kode=place.wilayah_kode)
    if not held.exists():
        penugasan_assign(
            user=user, peran=peran, wilayah_kode=place.wilayah_kode, tps=place.tps, actor=None
        )
