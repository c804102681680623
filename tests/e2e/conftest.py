"""Browser-test fixtures: Playwright (sync API) driving Debian's Chromium against `live_server`.

Usage in a test module (mark every browser test with `@pytest.mark.e2e`):

    pytestmark = pytest.mark.e2e

    def test_something(page, server_url, personas, login):
        login(page, personas.operator.username)          # PASSWORD is the default
        HomePage(page, server_url).open()

Fixtures:
- `browser` (session): Chromium from /usr/bin/chromium, never a downloaded browser.
- `page`: a fresh context per test (locale id-ID, desktop viewport); `phone_page`: 390x844.
- `server_url`: the live server's address (static files are served by it too).
- `personas`: the same personas as wahana/conftest.py, created for the live server.
- `login(page, username, password=PASSWORD) -> HomePage`.

The live server needs committed data, so these tests run with a transactional database: Django
empties every table after each one. The regions loaded once per session are therefore not to be
relied on; `e2e_wilayah` loads Gunung Mas (62.10, with 62 above it) and Kotawaringin Barat (62.01,
for the other operator) before each test.
"""

import os
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.pages import HomePage, LoginPage
from wahana.conftest import (
    PASSWORD,
    Personas,
    make_personas,
    reload_reference_data,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread; Django would then
    # refuse ORM calls made by tests and fixtures, which are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


_warm: set[str] = set()


@pytest.fixture
def server_url(live_server) -> str:
    # A fresh live server's first request imports the URLconf (every app's API, the report
    # layer with fpdf) and compiles base.html: seconds on a busy machine, which used to land in
    # the first test's login and its 15 s navigation limit. Done once here, with room to spare.
    if live_server.url not in _warm:
        url = live_server.url + LoginPage.path  # http://localhost:port, never a user value
        with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310
            answer.read()
        _warm.add(live_server.url)
    return live_server.url


def _new_page(browser, viewport):
    context = browser.new_context(locale="id-ID", viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser, server_url):
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, server_url):
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def e2e_wilayah(transactional_db):
    reload_reference_data()


@pytest.fixture
def personas(e2e_wilayah) -> Personas:
    """The personas of wahana/conftest.py, committed so the live server sees them."""
    return make_personas()


@pytest.fixture
def login(server_url):
    """Log `page` in through the real login form; answers the home page object."""

    def do_login(page, username: str, password: str = PASSWORD) -> HomePage:
        login_page = LoginPage(page, server_url).open()
        login_page.login(username, password)
        home = HomePage(page, server_url)
        if login_page.errors().count():
            pytest.fail(f"login as {username} failed: {login_page.errors().inner_text()}")
        return home

    return do_login
