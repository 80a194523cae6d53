"""In-process domain events: how a lower app tells a higher one that something happened.

Django signals are banned for business reactions (ADR 0003). A service publishes a small
frozen dataclass; handlers registered with ``subscribe`` (in the subscriber's
``AppConfig.ready``) run after the surrounding transaction commits, so a rolled-back write
never reaches them. A handler that raises is logged and does not undo the committed write.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[[Any], None]
_handlers: defaultdict[type, list[Handler]] = defaultdict(list)


def subscribe(event_type: type, handler: Handler) -> None:
    """Call ``handler(event)`` after commit for every published ``event_type``."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def unsubscribe(event_type: type, handler: Handler) -> None:
    if handler in _handlers[event_type]:
        _handlers[event_type].remove(handler)


def _deliver(event: object) -> None:
    for handler in list(_handlers[type(event)]):
        try:
            handler(event)
        except Exception:
            logger.exception("event handler %r failed for %r", handler, event)


def publish(event: object) -> None:
    """Deliver ``event`` to its subscribers once the current transaction commits."""
    if _handlers[type(event)]:
        transaction.on_commit(lambda: _deliver(event))
