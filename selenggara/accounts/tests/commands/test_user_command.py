import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from selenggara.accounts.models import ApiToken, Penugasan, User
from selenggara.accounts.services import token_digest
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("user", *args, stdout=out)
    return out.getvalue()


def test_create_with_a_generated_password_prints_it_once():
    out = _run("create", "siti", "--nama", "Siti Aminah")

    password = re.search(r"tidak ditampilkan lagi\): (\S+)", out)
    assert password is not None
    assert User.objects.get(username="siti").check_password(password.group(1)) is True
    assert AuditLog.objects.get(action="user.create").actor_label == "sistem"


def test_create_with_a_given_password_does_not_print_it():
    out = _run("create", "budi", "--nama", "Budi", "--password", "Kuat-Sekali-2029")

    assert "Kuat-Sekali-2029" not in out
    assert User.objects.get(username="budi").check_password("Kuat-Sekali-2029") is True


def test_create_reports_every_problem_in_indonesian():
    with pytest.raises(CommandError, match="Data pengguna tidak sah") as info:
        _run("create", "a b", "--nama", "A", "--password", "123")

    assert "kolom password" in str(info.value)


def test_assign_a_region_role(world, make_user):
    user = make_user(username="pps1")

    out = _run("assign", "pps1", "--peran", "pps", "--wilayah", "33.03.01.2001")

    assert "ditambahkan" in out
    assert Penugasan.objects.get(user=user).wilayah_kode == "33.03.01.2001"


def test_assign_a_tps_role_needs_the_election_when_there_are_several(world, make_user):
    make_user(username="ketua")

    with pytest.raises(CommandError, match="Sebutkan --pemilihan"):
        _run("assign", "ketua", "--peran", "kpps_ketua", "--tps", "3303012001001")
    _run(
        "assign",
        "ketua",
        "--peran",
        "kpps_ketua",
        "--tps",
        "3303012001001",
        "--pemilihan",
        "pilkada-uji",
    )

    assert Penugasan.objects.get(user__username="ketua").tps == world.tps_pilkada["3303012001001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--tps", "123", "--pemilihan", "pemilu-uji"], "Kode TPS tidak sah", id="bad-tps"
        ),
        pytest.param(
            ["--tps", "3303012001009", "--pemilihan", "pemilu-uji"],
            "tidak ada dalam pemilihan",
            id="no-tps",
        ),
        pytest.param(
            ["--tps", "3303012001001", "--pemilihan", "x"],
            "Pemilihan x tidak ada",
            id="no-pemilihan",
        ),
        pytest.param(["--wilayah", "33.03"], "tingkat desa/kelurahan", id="wrong-level"),
    ],
)
def test_assign_errors(world, make_user, args, message):
    make_user(username="u")

    with pytest.raises(CommandError, match=message):
        _run("assign", "u", "--peran", "pps", *args)


def test_assign_as_an_actor_is_limited_to_its_scope(world, make_user):
    make_user("kpu_kabkota", wilayah_kode="33.04", username="kab")
    make_user(username="u")

    with pytest.raises(CommandError, match="tidak berwenang"):
        _run("assign", "u", "--peran", "ppk", "--wilayah", "33.03.01", "--actor", "kab")


def test_unknown_user_or_actor(world):
    with pytest.raises(CommandError, match="Pengguna nobody tidak ada"):
        _run("token", "nobody", "--nama", "x")
    with pytest.raises(CommandError, match="Pengguna hantu tidak ada"):
        _run("create", "baru", "--nama", "Baru", "--actor", "hantu")


def test_token_prints_the_plaintext_once(make_user):
    user = make_user(username="mesin")

    out = _run("token", "mesin", "--nama", "skrip")

    plaintext = re.search(r"(sgr_\S+)", out)
    assert plaintext is not None
    assert ApiToken.objects.get(user=user).digest == token_digest(plaintext.group(1))


def test_kpu_token_from_the_console_says_it_bypasses_two_factor(world, make_user):
    make_user("kpu_kabkota", wilayah_kode="33.03", username="kab")
    make_user(username="biasa")

    kpu = _run("token", "kab", "--nama", "skrip", "--berlaku-hari", "30")
    plain = _run("token", "biasa", "--nama", "skrip")

    assert "melewati aturan verifikasi dua langkah" in kpu
    assert "melewati" not in plain
    assert "Berlaku sampai" in kpu


def test_tokens_are_listed_and_revoked_from_the_console(make_user):
    user = make_user(username="mesin")
    assert "belum punya token" in _run("tokens", "mesin")
    _run("token", "mesin", "--nama", "skrip rekap")
    token = ApiToken.objects.get(user=user)

    listed = _run("tokens", "mesin")
    revoked = _run("revoke", "mesin", token.prefix)

    assert token.prefix in listed
    assert "skrip rekap" in listed
    assert "aktif" in listed
    assert "dicabut" in revoked
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "dicabut" in _run("tokens", "mesin")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None, expires_at=token.created_at)
    assert "kedaluwarsa" in _run("tokens", "mesin")
    with pytest.raises(CommandError, match="tidak ada"):
        _run("revoke", "mesin", "sgr_none")


def test_single_election_is_picked_without_the_flag(world, make_user):
    world.pilkada.delete()
    make_user(username="saksi1")

    _run("assign", "saksi1", "--peran", "saksi", "--tps", "33.03.01.2001.002")

    assert Penugasan.objects.get(user__username="saksi1").tps == world.tps["3303012001002"]
