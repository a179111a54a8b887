"""Every public page type in a real Chromium, with the demo: no sideways scroll from 320 to 1280 px, no axe-core
violation at 390 and 1280 px, tap targets and form text big enough, the filters usable with and without JavaScript,
the keyboard path to the first result, and screenshots for people to look at (tests/e2e/screenshots/)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.pages import JUNE_2025_STORY, PAGE_TYPES, public_pages
from tests.e2e.readers_support import (
    SCREENSHOTS,
    WIDTHS,
    axe_source,
    axe_source_if_installed,
    axe_violations,
    describe,
    load_demo_with_places,
    overflow,
    served_site,
    small_form_text,
    small_targets,
)

# The data is loaded and committed once for the module (readers_support.served_site); each test only reads it.
# The django_db mark makes pytest-django set the test database up even when this module runs alone.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SCREENSHOT_PAGES = {
    "home": "/",
    "story": f"/articles/{JUNE_2025_STORY}/",
    "archive-with-filters": "/articles/?q=charter&topic=china&year=2025",
    "flight-database-with-filters": "/flights/?country=CN&kind=charter_removal&sort=oldest",
    "country": "/flights/country/CN/",
    "flight": "/flights/2025-06-03-dallas-prc-shrc/",
}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[str]:
    yield from served_site(django_db_blocker, load_demo_with_places)


@pytest.fixture(scope="module")
def pages(site, django_db_blocker) -> dict[str, str]:
    with django_db_blocker.unblock():
        found = public_pages()
    assert len(found) == len(PAGE_TYPES), sorted(set(PAGE_TYPES) - set(found))
    return found


@pytest.fixture(scope="module")
def survey(browser, site, pages) -> dict[str, Any]:
    """One visit per page and width: sideways scroll at every width; axe, tap targets and form text at 390 and 1280."""
    source = axe_source_if_installed()
    found: dict[str, Any] = {"overflow": [], "axe": {}, "small": [], "axe_ran": 0}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, path in pages.items():
            page.goto(site + path)
            if problem := overflow(page):
                found["overflow"].append((width, name, problem))
            if width not in (390, 1280):
                continue
            if source:
                found["axe_ran"] += 1
                if violations := axe_violations(page, source):
                    found["axe"][f"{width} {name}"] = violations
            # Open folded filters and details so their controls are measured too.
            page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })")
            found["small"] += [(width, name, problem) for problem in small_targets(page) + small_form_text(page)]
        context.close()
    return found


def test_no_page_scrolls_sideways_from_320_to_1280_px(survey):
    assert survey["overflow"] == []


def test_no_axe_violations_on_any_page_at_390_and_1280_px(survey, pages):
    axe_source()  # skips (or fails under CI) when axe-core is not installed
    assert survey["axe_ran"] == 2 * len(pages)
    assert not survey["axe"], describe(survey["axe"])  # type: ignore[arg-type]


def test_tap_targets_and_form_text_are_big_enough(survey):
    assert survey["small"] == []


def test_keyboard_reaches_the_first_search_result_within_five_tabs_of_the_skip_link(browser, site):
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(site + "/articles/?q=charter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to results"
        page.keyboard.press("Enter")
        first = page.locator(".result-list a").first
        presses = 0
        while presses < 5 and not first.evaluate("el => el === document.activeElement"):
            page.keyboard.press("Tab")
            presses += 1
        assert first.evaluate("el => el === document.activeElement"), (width, presses)
        page.keyboard.press("Enter")
        page.wait_for_url("**/articles/*/")
        context.close()


def test_on_a_phone_results_come_first_and_filters_fold_behind_their_button(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/flights/?country=CN")
    toggle = page.locator("summary.filters-toggle")
    assert " ".join(toggle.inner_text().split()) == "Filters (1 active)"
    assert not page.locator("details.filters").evaluate("d => d.open")
    # The results heading and the first record are on the first screen.
    assert page.locator("#results-heading").bounding_box()["y"] < 500
    assert page.locator("table.records tbody tr").first.bounding_box()["y"] < 800
    toggle.click()
    page.locator("input[name=kind][value=charter_removal]").check()
    page.locator("button.apply").click()
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert query["country"] == ["CN"] and query["kind"] == ["charter_removal"]
    assert " ".join(page.locator("summary.filters-toggle").inner_text().split()) == "Filters (2 active)"
    context.close()


def test_on_a_wide_screen_filters_sit_beside_the_results(browser, site):
    for javascript in (True, False):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(site + "/articles/?topic=china")
        form = page.locator("#archive-form").bounding_box()
        results = page.locator("#results").bounding_box()
        assert form["x"] + form["width"] <= results["x"], javascript
        checkbox = page.locator("input[name=year][value='2025']")
        assert checkbox.is_visible(), javascript  # open without a click, with or without JavaScript
        assert not page.locator("summary.filters-toggle").is_visible()
        checkbox.check()
        page.locator("button.apply").click()
        page.wait_for_load_state()
        # Empty fields are blank parameters without JavaScript and left out with it; the filters are the same.
        assert parse_qs(urlsplit(page.url).query) == {"topic": ["china"], "year": ["2025"]}, javascript
        if javascript:
            assert urlsplit(page.url).query == "topic=china&year=2025"
        context.close()


def test_sorting_keeps_the_filters_and_the_heading_follows(browser, site):
    for javascript in (True, False):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(site + "/flights/?country=CN")
        assert "newest first" in page.locator("#results-heading").inner_text()
        assert page.locator("#sort-select option:checked").inner_text() == "Newest first"
        page.locator("#sort-select").select_option("oldest")
        if not javascript:
            page.locator("button.sort-apply").click()
        page.wait_for_url(re.compile(r"sort=oldest"))
        assert parse_qs(urlsplit(page.url).query)["country"] == ["CN"]
        assert "oldest first" in page.locator("#results-heading").inner_text()
        assert page.locator("#sort-select").input_value() == "oldest"
        context.close()


def test_footnote_marker_leads_to_the_source_named_once_for_its_values(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site + f"/articles/{JUNE_2025_STORY}/")
    page.locator(".citation", has_text="96").locator("sup a").click()
    target = page.locator("li:target")
    assert "Men, June 3, 2025" in target.inner_text()
    group = target.locator("xpath=ancestor::li[contains(@class, 'source-note')]")
    assert "U.S. Immigration and Customs Enforcement" in group.locator(".source-cite").inner_text()
    # On a phone the fact box follows the text.
    body = page.locator(".story .body").bounding_box()
    side = page.locator(".story-side").bounding_box()
    assert side["y"] > body["y"] + body["height"] - 1
    context.close()


def test_screenshots_of_the_main_pages_at_390_and_1280_px(browser, site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in SCREENSHOT_PAGES.items():
            page.goto(site + path)
            if "with-filters" in name and width < 1000:
                page.locator("summary.filters-toggle").click()  # show the filters open on the phone
            target = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
        context.close()
    assert all(path.stat().st_size > 10_000 for path in written)
