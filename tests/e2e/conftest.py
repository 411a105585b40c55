"""Browser tests: Playwright drives Debian's Chromium against a live server.

Never a browser download: the executable is /usr/bin/chromium (apt-get install chromium).
Without it the tests are skipped with a message, unless REQUIRE_BROWSER=1 (CI), where a missing
browser is a failure. Screenshots land in artifacts/e2e/, which git ignores.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; the live server's database work
# happens in its own thread, and the test's own ORM calls are synchronous by design.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    # An English browser: the portal must still open in Vietnamese.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: CI runs the browser beside two test workers measuring coverage.
    page.set_default_timeout(30000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}-final.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def shot(page, request):
    """Save a named screenshot of the current page under artifacts/e2e/."""

    def _shot(label):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", f"{request.node.name}-{label}")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return _shot


@pytest.fixture
def demo(transactional_db):
    """Load the demo agency into the live server's database."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username, password="demo"):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit].btn-primary")
        page.wait_for_url(f"{live_server.url}/")

    return _sign_in
