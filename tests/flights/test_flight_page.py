"""The public flight page: every value with its source, disputes shown, nothing invented."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from flights.models import Claim, Flight, Source
from flights.services import record_claim
from newsroom import freshness
from tests.conftest import JUNE_2025

pytestmark = pytest.mark.django_db


def fact_html(html: str, field: str) -> str:
    """The HTML of one fact row of the record, by its anchor."""
    match = re.search(rf'<div class="fact" id="{field}">(.*?)</div>', html, re.DOTALL)
    assert match, f"no fact row for {field}"
    return match.group(1)


def test_june_2025_flight_shows_ice_counts_each_linked_to_the_ice_release(client, demo):
    html = client.get(reverse("flights:detail", kwargs={"slug": JUNE_2025})).content.decode()
    ice = reverse("flights:source", kwargs={"slug": "ice-2025-06-09"})
    for field, value in [("passengers_total", "122"), ("passengers_male", "96"), ("passengers_female", "26")]:
        row = fact_html(html, field)
        assert f'<span class="value">{value}</span>' in row
        assert f'href="{ice}"' in row


def test_116_appears_only_as_the_aggregators_disputed_claim(client, demo):
    html = client.get(reverse("flights:detail", kwargs={"slug": JUNE_2025})).content.decode()
    # The derived-facts box may show 116 as the 2024 total to China; the flight's own record must not.
    record, _, _derived = html.partition('id="derived-facts"')
    assert record.count("116") == 1
    men = fact_html(html, "passengers_male")
    other = men[men.index("Other reports say") :]
    assert "116" in other and "KnowHere News" in other and "disputed" in other


def test_a_count_no_source_states_reads_not_reported_never_zero(client, demo):
    html = client.get(reverse("flights:detail", kwargs={"slug": "2024-10-15-prc-charter"})).content.decode()
    row = fact_html(html, "passengers_total")
    assert "not reported" in row
    assert ">0<" not in row


def test_range_dated_flight_shows_its_range(client, demo):
    html = client.get(reverse("flights:detail", kwargs={"slug": "2024-06-prc-charter"})).content.decode()
    assert "June 29–30, 2024" in html


def test_flight_page_lists_published_articles_that_cite_it(client, demo):
    html = client.get(reverse("flights:detail", kwargs={"slug": JUNE_2025})).content.decode()
    assert "ICE flew 122 Chinese nationals home" in html
    assert "What we know about the fourth China charter" not in html  # a draft


def test_flight_page_runs_the_same_queries_however_many_claims(client, demo, django_assert_num_queries, monkeypatch):
    # Pages rendered right after a change are kept (one server, no replica to wait for).
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)
    url = reverse("flights:detail", kwargs={"slug": JUNE_2025})
    # 1 the flight through the public gate (what it shows: its tags); after their tokens, rendering its page:
    # 2 the flight again, joined to its airports and operator, 3 claims joined to sources, 4 legs (their
    # airports are fetched only when there are legs), 5 published articles citing it, 6 removal flights to the
    # same country and 7 their accepted date and count claims (derived facts), 8 the next scheduled story and
    # 9 the next release of a held record (how long the page may be kept; each asked once until a story, or a
    # flight, changes).
    with django_assert_num_queries(9):
        client.get(url)
    flight = Flight.objects.get(slug=JUNE_2025)
    for i in range(15):
        source = Source.objects.create(
            slug=f"extra-{i}",
            title=f"Report {i}",
            publisher=f"Outlet {i}",
            kind=Source.Kind.NEWS_REPORT,
            tier=Source.Tier.SECONDARY,
        )
        record_claim(flight=flight, field="passengers_total", value=str(100 + i), source=source)
    assert Claim.objects.filter(flight=flight).count() > 25
    with django_assert_num_queries(8):  # the story schedule is known; the flight changed, so holds are asked again
        response = client.get(url)
    assert "Outlet 14" in response.content.decode()
    # Read again with nothing changed: the page's own HTML comes from its shell (newsroom/shells.py), no query.
    with django_assert_num_queries(0):
        assert client.get(url).content == response.content


def test_unknown_flight_is_a_404_page(client, db):
    response = client.get(reverse("flights:detail", kwargs={"slug": "no-such-flight"}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_country_and_source_pages_list_the_records(client, demo):
    country = client.get(reverse("flights:country", kwargs={"code": "cn"})).content.decode()
    assert "Flights to China in our records (6)" in country
    source = client.get(reverse("flights:source", kwargs={"slug": "knowhere-2025-06"})).content.decode()
    assert "Disputed" in source and "116" in source
    assert client.get(reverse("flights:country", kwargs={"code": "XX"})).status_code == 404


def test_origin_named_only_as_a_city_reads_as_such(client, demo):
    html = client.get(reverse("flights:detail", kwargs={"slug": JUNE_2025})).content.decode()
    assert "Dallas, TX (airport not named)" in fact_html(html, "origin")
