"""WSGI entry point (granian --interface wsgi config.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

# In production mode, refuse to serve with the published default secrets (the message says
# what to set).
from selenggara.core.deployment import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
