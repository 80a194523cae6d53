"""Playwright on Debian's Chromium (no browser download), against pytest-django's live_server.

Skipped when /usr/bin/chromium is missing on a developer machine; a failure under CI, which
must have it (``apt-get install chromium``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def _request_threads_join(timeout: float = 10.0) -> None:
    """Wait for the live server's request threads that the closed browser's sockets release."""
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout)


@pytest.fixture(scope="session")
def browser(live_server) -> Iterator[object]:
    # Asking for the live server here makes pytest stop it only after the browser has closed:
    # the other way round, the browser's last keep-alive sockets are closed by request threads
    # after the server stopped sharing the SQLite in-memory connection with them, and those
    # threads fail ("DatabaseWrapper objects created in a thread ...") in whatever test is last.
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django's ORM, used by
    # the tests to build their data, refuses to run there unless told it is safe (it is: the
    # loop only drives the browser).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
        _request_threads_join()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(browser, live_server) -> Iterator[object]:
    """A page on a 360 x 740 phone that refuses every request not aimed at the live server."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.outside_requests = []

    def guard(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $SELENGGARA_SCREENSHOTS to keep them, else the test's tmp dir."""
    target = Path(os.environ.get("SELENGGARA_SCREENSHOTS", tmp_path))
    target.mkdir(parents=True, exist_ok=True)
    return target
