"""The Content-Security-Policy in a real browser: public pages and the admin work under it with no violation,
and a script link that slipped into the records runs nothing when a reader clicks it (issue 13, items 2, 11)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from flights.models import Flight, Source

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JUNE_2025 = "2025-06-03-dallas-prc-shrc"


@pytest.fixture
def demo_site(live_server) -> str:
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_public_pages_and_the_admin_run_without_a_policy_violation(page, demo_site):
    violations = watch_csp(page)
    for path in [
        "/",
        "/articles/",
        "/articles/ice-dallas-charter-china-june-2025/",
        "/flights/",
        f"/flights/{JUNE_2025}/",
    ]:
        page.goto(demo_site + path)
    get_user_model().objects.create_superuser("csp-editor", "e@example.org", "a-long-test-password")
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    flight = Flight.objects.get(slug=JUNE_2025)
    page.goto(f"{demo_site}/admin/flights/flight/{flight.pk}/change/")
    # The admin's scripts work under the policy: the claim source's autocomplete opens and searches.
    page.locator(".select2-selection").first.click()
    page.keyboard.type("ICE")
    page.locator(".select2-results__option").first.wait_for()
    page.goto(demo_site + "/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("A headline typed here")
    assert page.input_value("#id_slug") == "a-headline-typed-here"  # prepopulated by the admin's script
    page.goto(demo_site + "/admin/flights/flight/import/")
    assert violations == []


def test_a_script_link_that_slipped_into_the_records_does_not_run(page, demo_site):
    # Written around every validator, as an old import or a database console could have.
    Source.objects.filter(slug="ice-2025-06-09").update(url="javascript:document.title='pwned'")
    violations = watch_csp(page)
    page.goto(f"{demo_site}/flights/sources/ice-2025-06-09/")
    page.goto(f"{demo_site}/flights/{JUNE_2025}/")
    title = page.title()
    page.locator("a[href^='javascript:']").first.click()
    page.wait_for_timeout(500)
    assert page.title() == title != "pwned"
    assert any("script-src" in message for message in violations), violations
