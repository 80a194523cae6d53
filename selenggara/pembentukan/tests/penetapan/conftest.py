from __future__ import annotations

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import User
from selenggara.accounts.services import penugasan_assign, user_create


def _user(username: str, peran: Peran, wilayah_kode: str) -> User:
    user = user_create(
        username=username,
        nama=username,
        password="Rahasia-Uji-2029!",
        actor=None,
        enforce_password_policy=False,
    )
    penugasan_assign(user=user, peran=peran, wilayah_kode=wilayah_kode, actor=None)
    return user


@pytest.fixture
def pps(wilayah_tree) -> User:
    """The PPS of desa 33.03.01.2001 (Kedungbenda: TPS 001 and 002)."""
    return _user("pps_kedungbenda", Peran.PPS, "33.03.01.2001")


@pytest.fixture
def pps_bokol(wilayah_tree) -> User:
    return _user("pps_bokol", Peran.PPS, "33.03.01.2002")


@pytest.fixture
def ppk(wilayah_tree) -> User:
    return _user("ppk_kemangkon", Peran.PPK, "33.03.01")


@pytest.fixture
def kpu_kab(wilayah_tree) -> User:
    return _user("kpu_purbalingga", Peran.KPU_KABKOTA, "33.03")


@pytest.fixture
def pengawas(wilayah_tree) -> User:
    return _user("panwas_purbalingga", Peran.PENGAWAS, "33.03")


@pytest.fixture
def desa_a(wilayah_tree):
    return wilayah_tree.desa_list[0]


@pytest.fixture
def desa_b(wilayah_tree):
    return wilayah_tree.desa_list[1]


@pytest.fixture
def tps_a1(wilayah_tree):
    return wilayah_tree.tps_list[0]


@pytest.fixture
def tps_a2(wilayah_tree):
    return wilayah_tree.tps_list[1]


@pytest.fixture
def tps_b1(wilayah_tree):
    return wilayah_tree.tps_list[2]


def login(client, user):
    """Log ``user`` in, past the TOTP step when one of its roles requires it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from selenggara.accounts.domain.peran import requires_two_factor

    client.force_login(user)
    if any(requires_two_factor(Peran(p.peran)) for p in user.penugasan.filter(is_active=True)):
        device = TOTPDevice.objects.create(user=user, name="uji", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def kpps(wilayah_tree) -> User:
    user = user_create(
        username="kpps_a1",
        nama="KPPS A1",
        password="Rahasia-Uji-2029!",
        actor=None,
        enforce_password_policy=False,
    )
    penugasan_assign(
        user=user, peran=Peran.KPPS_KETUA, wilayah_kode="", tps=wilayah_tree.tps_list[0], actor=None
    )
    return user
