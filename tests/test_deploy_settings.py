import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_django_deploy_checks(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "a-production-secret-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "pemilu.example.id",
        "DJANGO_HTTPS": "true",
        "SELENGGARA_DATA_KEY": "a-production-data-key-" + "y" * 50,
        "SELENGGARA_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
