"""Settings for Selenggara: one base, every deployment difference from the environment.

Environment variables (all optional for local use):
- DATABASE_URL: e.g. postgres://user:pass@127.0.0.1:5432/selenggara. Default: SQLite in WAL mode
  at var/selenggara.sqlite3.
- DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS.
- SELENGGARA_VAR_DIR: where the SQLite database, uploaded files and collected static files live.
- SELENGGARA_DATA_KEY: the key that encrypts NIKs at rest and keys their search digests
  (docs/adr/0009). Default: derived from the secret key, for local use only.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("SELENGGARA_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    # Only for local runs; production sets DJANGO_SECRET_KEY (check --deploy warns otherwise).
    default="django-insecure-local-only-selenggara-key-change-me-in-production-0123456789",
)
# Personal data (NIK) is encrypted and its digests keyed with this (docs/adr/0009). The default
# is INSECURE: derived from a public string, for local runs and tests only; production sets
# SELENGGARA_DATA_KEY (`check --deploy` warns otherwise) and must never change it afterwards.
SELENGGARA_DATA_KEY_INSECURE_PREFIX = "insecure-local-only-data-key:"
SELENGGARA_DATA_KEY = env.str(
    "SELENGGARA_DATA_KEY", default=SELENGGARA_DATA_KEY_INSECURE_PREFIX + SECRET_KEY
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the Swagger UI assets locally instead of from a CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "selenggara.core",
    "selenggara.wilayah",
    "selenggara.pemilihan",
    "selenggara.accounts",
    "selenggara.pembentukan",
    "selenggara.tungsura",
    "selenggara.bimtek",
    "selenggara.pindai",
    "selenggara.rekap",
    "selenggara.publik",
    "selenggara.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "selenggara.accounts.middleware.RequireTwoFactorMiddleware",
    "selenggara.core.middleware.DomainErrorMiddleware",
    # Last, so that lockout applies after authentication backends ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'selenggara.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" half-way (Django 5.1+).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # Parameters bound by the server and statements prepared on a connection's second use:
    # PostgreSQL then plans a hot query once per connection instead of on every request
    # (measured: half its CPU per C.Hasil submission, docs/performance.md). Put a pooler in
    # front only in session mode, which keeps prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes): per username and address together, so one
# attacker cannot lock out a whole polling-night office behind one NAT address.
AXES_FAILURE_LIMIT = env.int("SELENGGARA_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = env.float("SELENGGARA_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

OTP_TOTP_ISSUER = "Selenggara"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
# Behind TLS in production (DJANGO_HTTPS=true): secure cookies, HSTS, redirect to HTTPS, trust
# the proxy's X-Forwarded-Proto. Off by default because the demo serves plain HTTP on loopback.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "selenggara" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# Publik: the election's signing keys (publik/kunci/) and the demo's publication (publikasi/).
PUBLIK_DIR = VAR_DIR / "publik"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
