import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts.demo import (
    demo_totp_code,
    demo_totp_key_hex,
    demo_totp_secret,
    demo_users_ensure,
)
from selenggara.accounts.models import Penugasan, User
from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_one_account_per_role_in_the_right_places(world):
    rows = demo_users_ensure(pemilihan=world.pemilu, password="demo").logins

    assert [r.username for r in rows] == [
        "kpu-ri", "kpu-provinsi", "kpu-kabkota", "ppk", "pps",
        "kpps-ketua", "kpps-anggota", "saksi", "pengawas",
    ]  # fmt: skip
    places = {
        p.user.username: (p.peran, p.wilayah_kode, p.tps.kode if p.tps else None)
        for p in Penugasan.objects.select_related("user", "tps")
    }
    assert places == {
        "kpu-ri": ("kpu_ri", "", None),
        "kpu-provinsi": ("kpu_provinsi", "33", None),
        "kpu-kabkota": ("kpu_kabkota", "33.03", None),
        "ppk": ("ppk", "33.03.01", None),
        "pps": ("pps", "33.03.01.2001", None),
        "kpps-ketua": ("kpps_ketua", "33.03.01.2001", "3303012001001"),
        "kpps-anggota": ("kpps_anggota", "33.03.01.2001", "3303012001001"),
        "saksi": ("saksi", "33.03.01.2001", "3303012001001"),
        "pengawas": ("pengawas", "33.03", None),
    }
    username, peran, where = rows[5]
    assert (username, peran, where) == (
        "kpps-ketua",
        "Ketua KPPS",
        "TPS 001 Kedunglegok (3303012001001)",
    )
    assert User.objects.get(username="pps").check_password("demo") is True


def test_kpu_accounts_get_a_random_totp_secret_per_run_read_back_from_the_device(world):
    first = demo_users_ensure(pemilihan=world.pemilu, password="demo").totp_key_hex

    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user")
    assert sorted(d.user.username for d in devices) == ["kpu-kabkota", "kpu-provinsi", "kpu-ri"]
    assert {d.key for d in devices} == {first}
    assert demo_totp_key_hex() == first
    assert devices[0].verify_token(demo_totp_code()) is True

    second = demo_users_ensure(pemilihan=world.pemilu, password="demo").totp_key_hex

    assert second != first
    assert len(bytes.fromhex(second)) == 20
    assert set(TOTPDevice.objects.values_list("key", flat=True)) == {second}
    assert demo_totp_key_hex() == second
    assert len(demo_totp_secret(second)) == 32


def test_totp_code_without_a_demo_says_to_build_it():
    with pytest.raises(InvalidInput, match="jalankan `selenggara demo`"):
        demo_totp_code()


def test_known_code_at_a_fixed_time():
    # RFC 6238 style: same key, same time step, same code, on any machine.
    key = b"selenggara-demo-2fa!".hex()
    assert demo_totp_code(key_hex=key, at=59) == demo_totp_code(key_hex=key, at=30)
    assert demo_totp_code(key_hex=key, at=0) == "355684"


def test_second_run_changes_only_the_totp_secrets(world):
    demo_users_ensure(pemilihan=world.pemilu, password="demo")
    # The last seq, not the row count: on PostgreSQL seq comes from a sequence (ADR 0014) and
    # has gaps where earlier tests rolled back.
    last_seq = AuditLog.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    rows = demo_users_ensure(pemilihan=world.pemilu, password="demo").logins

    assert len(rows) == 9
    assert (
        list(AuditLog.objects.filter(seq__gt=last_seq).values_list("action", flat=True))
        == ["two_factor.enable"] * 3
    )


def test_missing_regions_are_reported(world):
    with pytest.raises(InvalidInput, match=r"33\.09"):
        demo_users_ensure(pemilihan=world.pemilu, kabkota_kode="33.09", password="demo")
