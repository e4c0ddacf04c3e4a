"""A real headless Chromium (Debian's package) driven by Playwright against a live server."""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's guard would refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PCMT_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite() -> None:
    """The live server answers one request at a time when the test database is SQLite's.

    SQLite's in-memory test database is one connection that the server's threads share; the
    concurrent requests of a page (its htmx cards) would use it at once and fail ("bad parameter or
    other API misuse"), which logs the browser out mid-test. PostgreSQL gives each thread its own.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = OneAtATime


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required for browser tests and was not found at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    # Assertions wait as long as actions: with the suite on every core, a page may take more
    # than Playwright's default 5 s to show what it will show.
    from playwright.sync_api import expect

    expect.set_options(timeout=15000)
    yield page
    context.close()


def menu_click(page: Any, key: str) -> None:
    """Follow the main menu's entry `key`, opening its group first when it has one."""
    link = page.locator(f"#nav-{key}")
    group = page.locator(f"details.menu-group:has(#nav-{key}) > summary")
    if group.count() and not link.is_visible():
        group.click()
    link.click()
