import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from selenggara.wilayah.domain.kode import InvalidKodeWilayah


@pytest.mark.django_db
def test_demo_refuses_in_production_mode_unless_the_database_is_a_throwaway(settings):
    settings.HTTPS = True

    with pytest.raises(CommandError, match="--basis-data-sekali-pakai"):
        call_command("demo", "--kabkota", "bukan-kode")
    # Past the guard, it reaches the demo itself, which refuses the code before writing.
    with pytest.raises(InvalidKodeWilayah):
        call_command("demo", "--kabkota", "bukan-kode", "--basis-data-sekali-pakai")


@pytest.mark.django_db
def test_demo_totp_code_without_a_demo_is_a_clear_error():
    with pytest.raises(CommandError, match="jalankan `selenggara demo`"):
        call_command("demo", "--kode-totp")
