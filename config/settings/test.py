"""Test settings: the base with fast hashing and plain static storage."""

import tempfile
from pathlib import Path

from config.settings.base import *
from config.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# No collected STATIC_ROOT in tests (a fresh checkout has none, and WhiteNoise warns about a
# missing one); the live server of browser tests serves static files through the finders.
STATIC_ROOT = None
# Uploaded documents of tests go to a throw-away directory, never to var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="selenggara-test-media-"))
# Audit checkpoints of tests go to a throw-away directory too.
SELENGGARA_AUDIT_DIR = Path(tempfile.mkdtemp(prefix="selenggara-test-audit-"))
# Rate-limit counters live in a database table that flushes between tests do not empty: off,
# except in the tests of the limits themselves (tests/test_rate_limits.py turns them on).
RATELIMIT_ENABLE = False
PUBLIK_DIR = MEDIA_ROOT / "publik"
# Tasks run at once, in the request that enqueues them; the "db" backend is the production
# one, for the tests that go through the worker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "pindai"],
    },
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "pindai"]},
}
