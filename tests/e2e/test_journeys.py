"""Two journeys in a real browser: a reader checking a number, and an editor publishing a cited story."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article
from flights.models import Flight

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server) -> str:
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def test_reader_follows_a_footnote_from_the_story_to_the_ice_source(page, demo_site):
    page.goto(demo_site + "/")
    page.get_by_role("link", name=re.compile("ICE flew 122 Chinese nationals")).first.click()
    page.wait_for_url("**/articles/ice-dallas-charter-china-june-2025/")
    # The number in the text is the record's value, with a footnote marker.
    men = page.locator(".citation", has_text="96")
    men.locator("sup a").click()
    footnote = page.locator("li:target")
    # Footnotes sit under the source that states them, named once for all its values.
    source = footnote.locator("xpath=ancestor::li[contains(@class, 'source-note')]").locator(".source-cite")
    assert "U.S. Immigration and Customs Enforcement" in source.inner_text()
    footnote.get_by_role("link", name=re.compile("^Men, June 3, 2025")).click()
    page.wait_for_url("**/flights/2025-06-03-dallas-prc-shrc/#passengers_male")
    row = page.locator("#passengers_male")
    assert "96" in row.locator(".value").inner_text()
    assert "116" in row.locator(".other-reports").inner_text()
    row.get_by_role("link", name="U.S. Immigration and Customs Enforcement").click()
    page.wait_for_url("**/flights/sources/ice-2025-06-09/")
    assert "ICE Dallas leads DHS effort" in page.locator("h1").inner_text()


def test_editor_adds_a_flight_with_a_claim_then_publishes_a_story_citing_it(page, demo_site):
    get_user_model().objects.create_superuser("desk", "desk@example.org", "a-long-e2e-password")
    page.goto(demo_site + "/admin/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "a-long-e2e-password")
    page.click("input[type=submit]")

    page.goto(demo_site + "/admin/flights/flight/add/")
    page.fill("#id_slug", "2025-07-01-guatemala-test")
    page.select_option("#id_kind", "removal")
    page.fill("#id_departed_earliest", "2025-07-01")
    page.fill("#id_departed_latest", "2025-07-01")
    page.select_option("#id_destination_country", "GT")
    page.select_option("#id_claims-0-field", "passengers_total")
    page.fill("#id_claims-0-value", "87")
    page.locator("#id_claims-0-source + span.select2").click()
    page.fill(".select2-search__field", "Immigration and Customs")
    page.locator(".select2-results__option", has_text="ICE Dallas leads").click()
    page.select_option("#id_claims-0-status", "accepted")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Flight.objects.get(slug="2025-07-01-guatemala-test").passengers_total == 87

    page.goto(demo_site + "/admin/articles/article/add/")
    page.fill("#id_headline", "Removal flight to Guatemala")
    page.fill("#id_body", "The flight carried {{ flight:2025-07-01-guatemala-test:passengers_total }} people.")
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(headline="Removal flight to Guatemala")
    assert article.slug == "removal-flight-to-guatemala"  # prepopulated from the headline

    page.goto(demo_site + article.get_absolute_url())
    citation = page.locator(".citation").first
    assert citation.inner_text().startswith("87")
    footnote = page.locator("#fn-1")
    source = footnote.locator("xpath=ancestor::li[contains(@class, 'source-note')]").locator(".source-cite")
    assert "U.S. Immigration and Customs Enforcement" in source.inner_text()
    assert footnote.locator("a").first.get_attribute("href") == "/flights/2025-07-01-guatemala-test/#passengers_total"
