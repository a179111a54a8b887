"""Facts derived from the stored flights, as they show on a flight page."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from flights.derived import derived_context, derived_facts, derived_facts_for
from flights.models import Flight
from tests.demo_records import FOURTH, JAN_2025, JUNE_2024, JUNE_2025, NOV_2024, OCT_2024


@pytest.mark.django_db
def test_previous_flight_to_china_before_june_2025_is_the_january_flight(demo_flights):
    facts = derived_facts(demo_flights[JUNE_2025])

    assert facts.previous.slug == JAN_2025
    fact = facts.fact("previous_flight")
    assert fact.value_text == "Jan. 6, 2025"
    assert [s.publisher for s in fact.sources] == ["The Federal Newswire"]


@pytest.mark.django_db
def test_a_flight_known_only_to_a_date_range_is_previous_only_when_it_surely_came_first(demo_flights):
    assert derived_facts(demo_flights[JAN_2025]).previous.slug == FOURTH
    assert derived_facts(demo_flights[FOURTH]).previous.slug == NOV_2024
    assert derived_facts(demo_flights[JUNE_2024]).previous is None


@pytest.mark.django_db
def test_flights_and_known_passengers_per_year_say_how_many_have_no_count(demo_flights):
    years = {row.year: row for row in derived_facts(demo_flights[JUNE_2025]).years}

    assert [f.slug for f in years[2024].flights] == [JUNE_2024, OCT_2024, NOV_2024]
    assert years[2024].passengers == 116  # only June 2024 has an accepted count
    assert years[2024].without_count == 2
    assert [f.slug for f in years[2024].uncertain] == [FOURTH]
    assert [f.slug for f in years[2025].flights] == [JAN_2025, JUNE_2025]
    assert years[2025].passengers == 122 and years[2025].without_count == 1


@pytest.mark.django_db
def test_largest_flight_to_china_is_june_2025_with_122(demo_flights):
    facts = derived_facts(demo_flights[OCT_2024])

    assert facts.largest.slug == JUNE_2025
    assert facts.fact("largest_flight_passengers").value_text == "122"
    assert facts.fact("largest_flight").value_text == "June 3, 2025"
    assert "U.S. Immigration and Customs Enforcement" in [s.publisher for s in facts.fact("largest_flight").sources]


@pytest.mark.django_db
def test_derived_facts_for_many_flights_take_two_queries(demo_flights, django_assert_num_queries):
    flights = list(Flight.objects.all())
    # 1: removal flights to those countries; 2: their accepted date and count claims with sources.
    with django_assert_num_queries(2):
        facts = derived_facts_for(flights)
        assert len(facts) == 6


@pytest.mark.django_db
def test_flight_page_snippet_shows_previous_flight_year_table_and_sources(demo_flights):
    html = render_to_string("flights/_derived_facts.html", derived_context(demo_flights[JUNE_2025]))

    assert "Previous removal flight to China" in html
    assert 'href="/flights/2025-01-06-prc-charter/"' in html
    assert "1 flight with no reported count" in html  # 2025: January has no count
    assert "2 flights with no reported count" in html  # 2024: October and November
    assert "spans the new year" in html
    assert "The Federal Newswire" in html and "Los Angeles Times" not in html.split("Sources:")[0]


@pytest.mark.django_db
def test_flight_page_shows_the_previous_flight_and_the_years_to_china(client, demo_flights):
    html = client.get(f"/flights/{JUNE_2025}/").content.decode()

    box = html[html.index('id="derived-facts"') :]
    assert "Previous removal flight to China" in box
    assert 'href="/flights/2025-01-06-prc-charter/">Jan. 6, 2025' in box
    assert "(this flight)" in box  # the largest recorded count to China is this flight's 122
