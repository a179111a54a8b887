"""A real Chromium (Debian's) driven by Playwright against a live server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Debian's headless shell (package chromium-headless-shell) is the same Chromium without the desktop browser
# around it, as Playwright's own headless runs use; it does the journeys' work in about half the CPU time
# of the full browser. The full browser is the fallback where only it is installed.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or (
    HEADLESS_SHELL if os.path.exists(HEADLESS_SHELL) else "/usr/bin/chromium"
)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium-headless-shell (or chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def close_what_the_test_opened(request: pytest.FixtureRequest) -> Iterator[None]:
    """Closes every browser context a test opened and left open (a signed-in admin page, say).

    An open admin page keeps calling the session's live server (its edit lock's heartbeat), and the
    templates that server renders in its thread reach every later test's response.context in this worker
    through Django's template_rendered signal: a public page's test then read an admin form's errors.
    """
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before:
            context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(browser, site: str, username: str, password: str, *, height: int = 900):
    """A new browser context logged in to the admin as this user: (context, page)."""
    context = browser.new_context(viewport={"width": 1280, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    return context, page
