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
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("SELENGGARA_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only for local runs; in production mode the server refuses to start with it
# (selenggara.core.deployment).
SECRET_KEY_INSECURE_DEFAULT = (
    "django-insecure-local-only-selenggara-key-change-me-in-production-0123456789"  # noqa: S105
)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=SECRET_KEY_INSECURE_DEFAULT)
# Personal data (NIK) is encrypted and its digests keyed with this (docs/adr/0009). The default
# is INSECURE: derived from a public string, for local runs and tests only; production sets
# SELENGGARA_DATA_KEY (`check --deploy` warns otherwise) and must never change it afterwards.
SELENGGARA_DATA_KEY_INSECURE_PREFIX = "insecure-local-only-data-key:"
SELENGGARA_DATA_KEY = env.str(
    "SELENGGARA_DATA_KEY", default=SELENGGARA_DATA_KEY_INSECURE_PREFIX + SECRET_KEY
)
# The keyring: SELENGGARA_DATA_KEY encrypts, the retired keys (comma-separated, newest first)
# still decrypt until `selenggara kunci rotasi` has re-encrypted every row under the new key.
SELENGGARA_DATA_KEYS_OLD = env.list("SELENGGARA_DATA_KEYS_OLD", default=[])
SELENGGARA_DATA_KEYS = [SELENGGARA_DATA_KEY, *SELENGGARA_DATA_KEYS_OLD]
# The key of the NIK search digests, never rotated (a rotation would orphan every digest).
# Empty: the data key's own (as before rotation existed); set it to that key before the first
# rotation (docs/adr/0009).
SELENGGARA_DIGEST_KEY = env.str("SELENGGARA_DIGEST_KEY", default="")
# Signed checkpoints of the audit chain's head and their key, outside the database: put it on
# other storage than the database, and copy the file off the machine (docs/adr/0012).
SELENGGARA_AUDIT_DIR = Path(env.str("SELENGGARA_AUDIT_DIR", default=str(VAR_DIR / "audit")))
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
    "csp",
    "django_tasks",
    "django_tasks_db",
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
    # Before anything reads the body (CSRF reads POST): refuse an oversized one unread.
    "selenggara.core.uploads.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A Content-Security-Policy on every response that does not set its own (downloads keep
    # their sandbox header).
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "selenggara.accounts.middleware.RequireTwoFactorMiddleware",
    "selenggara.core.middleware.DomainErrorMiddleware",
    # Limits per URL name on the public forms and token pages (SELENGGARA_BATAS_LAJU).
    "selenggara.core.ratelimit.RateLimitMiddleware",
    # Last, so that lockout applies after authentication backends ran.
    "axes.middleware.AxesMiddleware",
]

# The ceiling on one request body (selenggara.core.uploads), web and API alike; each upload
# path checks its own files below it (a C.Hasil photo 10 MB, a document 2 MB, an incident
# up to 5 photos). 30 MB: five phone photos of 5 MB and the form around them.
SELENGGARA_UNGGAH_MAKS = env.int("SELENGGARA_UNGGAH_MAKS_MB", default=30) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "selenggara.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
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
# attacker cannot lock out a whole polling-night office behind one NAT address; and per address
# across accounts with a larger limit, so one address cannot try a password against every
# account (selenggara.accounts.lockout).
AXES_FAILURE_LIMIT = env.int("SELENGGARA_LOCKOUT_FAILURES", default=5)
SELENGGARA_LOCKOUT_ADDRESS_FAILURES = env.int("SELENGGARA_LOCKOUT_ADDRESS_FAILURES", default=30)
AXES_COOLOFF_TIME = env.float("SELENGGARA_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "selenggara.accounts.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

OTP_TOTP_ISSUER = "Selenggara"
# API tokens expire: the default validity, and the longest a user may choose (days).
SELENGGARA_API_TOKEN_DAYS = env.int("SELENGGARA_API_TOKEN_DAYS", default=90)
SELENGGARA_API_TOKEN_MAX_DAYS = env.int("SELENGGARA_API_TOKEN_MAX_DAYS", default=365)

# The shared cache every server process sees: rate-limit counters (created by `migrate`,
# core/0002). django-ratelimit prefers memcached/redis for atomic increments; the database
# cache's increment is read-then-write, so a flood racing itself may pass a limit by a few
# requests: accepted, against running one more service on every kabupaten server.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "selenggara_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "selenggara.core.ratelimit.client_ip"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Behind a reverse proxy: the META name of the one header it sets to the client's address
# (e.g. HTTP_X_REAL_IP, or HTTP_X_FORWARDED_FOR whose last entry it appends). Empty: the
# socket address; a header the client sent is never believed then.
SELENGGARA_CLIENT_IP_HEADER = env.str("SELENGGARA_CLIENT_IP_HEADER", default="")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    [SELENGGARA_CLIENT_IP_HEADER, "REMOTE_ADDR"] if SELENGGARA_CLIENT_IP_HEADER else ["REMOTE_ADDR"]
)
# Limits per URL name: (rate, key, methods); key "ip" (client address), "target" (this page
# with its URL arguments), "user" (the account, else the address). Sized for a kabupaten on
# polling night: mobile carriers put many phones behind one address (CGNAT), so per-address
# limits are generous and per-target limits stop guessing one token or digest.
SELENGGARA_BATAS_LAJU = {
    "pembentukan:daftar": [("60/h", "ip", "POST")],
    "pembentukan:status_lookup": [("30/h", "ip", "POST")],
    "pembentukan:status": [("300/h", "ip", "GET"), ("30/h", "target", "GET")],
    "pembentukan:tanggapan_create": [("30/h", "ip", "POST"), ("10/h", "target", "POST")],
    "verifikasi:cari": [("300/m", "ip", "GET")],
    "verifikasi:digest": [("300/m", "ip", "GET"), ("60/m", "target", "GET")],
    "verifikasi:teks": [("300/m", "ip", "GET"), ("60/m", "target", "GET")],
    "accounts:api_tokens": [("20/h", "user", "POST")],
    "accounts:api_token_revoke": [("60/h", "user", "POST")],
    "pindai:c_hasil": [("240/h", "user", "POST")],
    "pindai:tinjau": [("1200/h", "user", "POST")],
}

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
# Only this site's own files run or style the pages: no inline script, no eval, no <style>
# element (htmx's injected indicator styles are off, base.html). Inline style *attributes*
# stay allowed (style-src-attr): the bars set their width from data, and an attribute can
# neither run script nor select other elements. img blob:/data: for photo previews and QR.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "style-src-attr": [csp_constants.UNSAFE_INLINE],
        "img-src": [csp_constants.SELF, "data:", "blob:"],
        "connect-src": [csp_constants.SELF],
        "font-src": [csp_constants.SELF],
        "worker-src": [csp_constants.SELF],
        "manifest-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    },
}
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

# Background work (ADR 0004): tasks are rows in the same database, run by
# `selenggara pindai pekerja` (django-tasks-db's worker); any number of workers on any machine
# share them (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL).
TASKS = {
    "default": {
        "BACKEND": env.str("SELENGGARA_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "pindai"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
