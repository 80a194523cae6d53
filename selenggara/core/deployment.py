"""What kind of deployment this is, and the refusals that follow from it.

Production mode is ``DJANGO_HTTPS`` on, or ``DJANGO_DEBUG`` off while serving a host that is
not this machine. In production mode the server refuses to start with the published default
``DJANGO_SECRET_KEY`` or a data key derived from it (``production_secrets_check``, run by
``config.wsgi`` at start and by every management command's system checks), and
`selenggara demo` refuses to plant its published logins (``demo_allowed``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

# Hosts that only this machine can reach; "testserver" is Django's test client.
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1", "testserver"})


def production_mode() -> bool:
    """Return whether the settings describe a deployment that real users reach."""
    if settings.HTTPS:
        return True
    return not settings.DEBUG and any(host not in _LOCAL_HOSTS for host in settings.ALLOWED_HOSTS)


def demo_allowed(*, throwaway_database: bool) -> bool:
    """Return whether `selenggara demo` may write its public accounts into this database."""
    return throwaway_database or not production_mode()


@register()
def production_secrets_check(**_kwargs: object) -> list[CheckMessage]:
    """Refuse production mode with the default secret key or a data key derived from it."""
    if not production_mode():
        return []
    errors: list[CheckMessage] = []
    if settings.SECRET_KEY == settings.SECRET_KEY_INSECURE_DEFAULT:
        errors.append(
            Error(
                "DJANGO_SECRET_KEY masih bawaan yang dipublikasikan; server tidak dijalankan.",
                hint="Setel DJANGO_SECRET_KEY ke rahasia acak yang panjang (mis. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`).",
                id="selenggara.E001",
            )
        )
    data_keys = [str(key) for key in settings.SELENGGARA_DATA_KEYS]
    if any(key.startswith(settings.SELENGGARA_DATA_KEY_INSECURE_PREFIX) for key in data_keys):
        errors.append(
            Error(
                "SELENGGARA_DATA_KEY tidak disetel: kunci data diturunkan dari kunci rahasia; "
                "server tidak dijalankan.",
                hint="Setel SELENGGARA_DATA_KEY ke rahasia acak yang panjang, berbeda dari "
                "DJANGO_SECRET_KEY, dan simpan baik-baik (docs/adr/0009).",
                id="selenggara.E002",
            )
        )
    return errors


def refuse_unsafe_start() -> None:
    """Raise ImproperlyConfigured, naming what to set, if production runs on default secrets."""
    errors = production_secrets_check()
    if errors:
        raise ImproperlyConfigured(
            "\n".join(f"{error.msg} {error.hint}" for error in errors if isinstance(error, Error))
        )
