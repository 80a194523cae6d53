"""Events reach subscribers after commit, never after a rollback, and a failing handler is contained."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from selenggara.core.events import (
    publish,
    subscribe,
    subscribe_in_transaction,
    unsubscribe,
    unsubscribe_in_transaction,
)


@dataclass(frozen=True)
class Happened:
    n: int


@pytest.fixture
def received():
    got: list[Happened] = []
    subscribe(Happened, got.append)
    yield got
    unsubscribe(Happened, got.append)


@pytest.mark.django_db(transaction=True)
def test_an_event_is_delivered_after_commit(received):
    with transaction.atomic():
        publish(Happened(1))
        assert received == []

    assert received == [Happened(1)]


@pytest.mark.django_db(transaction=True)
def test_an_event_of_a_rolled_back_transaction_is_never_delivered(received):
    def publish_then_fail() -> None:
        with transaction.atomic():
            publish(Happened(2))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        publish_then_fail()

    assert received == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_does_not_stop_the_others(received, caplog):
    def boom(event: Happened) -> None:
        raise ValueError(event)

    subscribe(Happened, boom)
    subscribe(Happened, boom)  # subscribing twice delivers once
    try:
        with transaction.atomic():
            publish(Happened(3))
    finally:
        unsubscribe(Happened, boom)
    unsubscribe(Happened, boom)  # unsubscribing what is not there is harmless

    assert received == [Happened(3)]
    assert "failed" in caplog.text


@pytest.mark.django_db
def test_without_subscribers_nothing_is_scheduled(django_capture_on_commit_callbacks, received):
    with django_capture_on_commit_callbacks() as callbacks:
        publish(object())
        publish(Happened(4))

    assert len(callbacks) == 1  # only the event someone subscribed to


@dataclass(frozen=True)
class Written:
    n: int


@pytest.mark.django_db(transaction=True)
def test_an_in_transaction_handler_runs_before_publish_returns():
    got: list[Written] = []
    subscribe_in_transaction(Written, got.append)
    subscribe_in_transaction(Written, got.append)  # subscribing twice runs once
    try:
        with transaction.atomic():
            publish(Written(1))
            assert got == [Written(1)]
    finally:
        unsubscribe_in_transaction(Written, got.append)
    unsubscribe_in_transaction(Written, got.append)  # harmless when not there
    assert got == [Written(1)]


@pytest.mark.django_db(transaction=True)
def test_an_in_transaction_handler_that_raises_undoes_the_write():
    from django.contrib.auth.models import Group

    def boom(event: Written) -> None:
        raise ValueError(event)

    def write_then_publish() -> None:
        with transaction.atomic():
            Group.objects.create(name="x")
            publish(Written(2))

    subscribe_in_transaction(Written, boom)
    try:
        with pytest.raises(ValueError):
            write_then_publish()
    finally:
        unsubscribe_in_transaction(Written, boom)
    assert Group.objects.filter(name="x").exists() is False
