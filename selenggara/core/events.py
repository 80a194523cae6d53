"""In-process domain events: how a lower app tells a higher one that something happened.

Django signals are banned for business reactions (ADR 0003). A service publishes a small
frozen dataclass; handlers registered with ``subscribe`` (in the subscriber's
``AppConfig.ready``) run after the surrounding transaction commits, so a rolled-back write
never reaches them. A handler that raises is logged and does not undo the committed write.

A handler registered with ``subscribe_in_transaction`` instead runs at once, inside the
publisher's transaction, before ``publish`` returns: it is part of the write, so what it
writes commits or rolls back together with it, and if it raises, the publisher's write is
undone. It is for derived state that must never be seen half-updated (the recap totals of
every region above a TPS, rekap, kept in the same transaction as each C.Hasil version).
Keep such handlers small and free of side effects outside the database.
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
_handlers_in_transaction: defaultdict[type, list[Handler]] = defaultdict(list)


def subscribe(event_type: type, handler: Handler) -> None:
    """Call ``handler(event)`` after commit for every published ``event_type``."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def unsubscribe(event_type: type, handler: Handler) -> None:
    if handler in _handlers[event_type]:
        _handlers[event_type].remove(handler)


def subscribe_in_transaction(event_type: type, handler: Handler) -> None:
    """Call ``handler(event)`` inside the publisher's transaction for every ``event_type``."""
    if handler not in _handlers_in_transaction[event_type]:
        _handlers_in_transaction[event_type].append(handler)


def unsubscribe_in_transaction(event_type: type, handler: Handler) -> None:
    if handler in _handlers_in_transaction[event_type]:
        _handlers_in_transaction[event_type].remove(handler)


def _deliver(event: object) -> None:
    for handler in list(_handlers[type(event)]):
        try:
            handler(event)
        except Exception:
            logger.exception("event handler %r failed for %r", handler, event)


def publish(event: object) -> None:
    """Run the in-transaction handlers of ``event`` now, then deliver it to the other
    subscribers once the current transaction commits. An in-transaction handler's exception
    propagates to the publisher (whose transaction then rolls back)."""
    for handler in list(_handlers_in_transaction[type(event)]):
        handler(event)
    if _handlers[type(event)]:
        transaction.on_commit(lambda: _deliver(event))
