"""The public pages with the full ICE Air legs import (42,979 flights) on top of the demo: no sideways scroll from 320
to 1280 px on any page type, no axe-core violation on the data pages, and the long filter lists narrow as you type."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.e2e.pages import public_pages
from tests.e2e.readers_support import (
    WIDTHS,
    axe_source,
    axe_violations,
    describe,
    load_demo_with_places,
    overflow,
    served_site,
)
from tests.flights.import_support import AIRPORTS, LEGS, run_import

# Layout does not depend on the database, and the import takes minutes on PostgreSQL: within CI's time budget this
# module runs on SQLite only (READERS_E2E_ALL_DATABASES=1 runs it on PostgreSQL as well).
on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
once_per_ci_run = pytest.mark.skipif(
    on_postgres and not os.environ.get("READERS_E2E_ALL_DATABASES"),
    reason="layout with the full import is checked on SQLite (READERS_E2E_ALL_DATABASES=1 to run it here too)",
)
pytestmark = [pytest.mark.e2e, pytest.mark.django_db, once_per_ci_run]


def load_demo_and_ice_air() -> None:
    load_demo_with_places()
    run_import(str(LEGS), "--format", "arts-legs", "--airports", str(AIRPORTS), "--skip-invalid")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[str]:
    yield from served_site(django_db_blocker, load_demo_and_ice_air)


@pytest.fixture(scope="module")
def pages(site, django_db_blocker) -> dict[str, str]:
    from flights.models import Flight

    with django_db_blocker.unblock():
        found = public_pages()
        # The imported flight with the most people aboard: the longest record page the import makes.
        imported = Flight.objects.exclude(passengers_total=None).order_by("-passengers_total", "pk").first()
    found |= {
        "imported flight": imported.get_absolute_url(),
        "country with thousands of flights": "/flights/country/GT/",
    }
    return found


def test_no_page_scrolls_sideways_with_the_full_import(browser, site, pages, django_db_blocker):
    from flights.models import Flight

    with django_db_blocker.unblock():
        assert Flight.objects.count() > 42_000
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, path in pages.items():
            page.goto(site + path)
            found = overflow(page)
            if found:
                problems.append((width, name, found))
        context.close()
    assert problems == []


def test_no_axe_violations_on_the_flight_database_with_the_full_import(browser, site):
    """The heaviest page: hundreds of checkboxes, airport suggestions and a full page of records."""
    source = axe_source()
    problems = {}
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(site + "/flights/?country=GT&sort=most_passengers")
        if violations := axe_violations(page, source):
            problems[width] = violations
        context.close()
    assert not problems, describe(problems)  # type: ignore[arg-type]


def test_long_checkbox_lists_narrow_as_you_type_and_keep_the_chosen(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # ICE's passenger movements: the records with the most countries.
    page.goto(site + "/flights/?record=movement&country=HN")
    countries = page.locator("fieldset.checklist", has=page.locator("legend", has_text="To country"))
    options = countries.locator("li")
    assert options.count() > 100  # only countries some flight went to, but many of them
    assert options.first.locator("input").is_checked()  # the chosen one first
    box = countries.get_by_label("Narrow the To country list")
    box.fill("guat")
    visible = [item.inner_text().split("\n")[0].strip() for item in options.all() if item.is_visible()]
    assert visible[0].startswith("Honduras") and any(v.startswith("Guatemala") for v in visible)
    assert len(visible) == 2
    box.press("Enter")  # narrowing, not submitting
    assert page.url.endswith("/flights/?record=movement&country=HN")
    countries.get_by_label("Guatemala").check()
    page.locator("button.apply").click()
    page.wait_for_url("**country=GT**")
    assert sorted(page.url.split("?")[1].split("&")) == ["country=GT", "country=HN", "record=movement"]
    context.close()
