"""The filter forms of the archive and the flight database, as served (the browser tests drive them with and without
JavaScript): checkbox lists of values present in the data with counts, chosen ones first, sort and heading agree."""

from __future__ import annotations

import re

import pytest

from articles.search import refresh_search_vectors
from flights.models import Airport, Flight
from tests.demo_records import make_article

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> list[tuple[str, bool, str]]:
    """(value, checked, count) of a checkbox list, in the order shown."""
    found = re.findall(
        rf'<input type="checkbox" name="{name}" value="([^"]*)"( checked)?[^>]*>\s*'
        r'<span class="option-label">[^<]*</span>'
        r'(?: <span class="count">([\d,]+))?',
        html,
    )
    return [(value, bool(checked), count) for value, checked, count in found]


def test_country_lists_offer_only_countries_in_the_records_with_counts(client, site):
    Flight.objects.filter(slug="2024-10-15-prc-charter").update(destination_country="GT", nationality="GT")
    refresh_search_vectors()  # the stories' facet keys (PostgreSQL) follow the flights they cite
    html = client.get("/flights/").content.decode()
    assert options(html, "country") == [("CN", False, "5"), ("GT", False, "1")]
    assert options(html, "nationality") == [("CN", False, "5"), ("GT", False, "1")]
    assert "Afghanistan" not in html  # not the 250 ISO countries
    stories = client.get("/articles/").content.decode()
    # Stories count by the flights they cite: the 2024 series story cites the (now Guatemalan) October flight too.
    assert options(stories, "country") == [("CN", False, "2"), ("GT", False, "1")]


def test_chosen_values_come_first_and_stay_listed_when_nothing_matches(client, site):
    Flight.objects.filter(slug="2024-10-15-prc-charter").update(destination_country="GT")
    html = client.get("/flights/?country=GT&year=2025").content.decode()
    countries = options(html, "country")
    assert countries[0][:2] == ("GT", True)
    # 2025 has no flight to Guatemala: the chosen year stays listed and ticked so it can be unticked.
    years = options(html, "year")
    assert years[0] == ("2025", True, "0")
    assert "(2 active)" in html


def test_airport_fields_suggest_only_airports_in_use_with_counts(client, site):
    Airport.objects.create(icao="KIAH", iata="IAH", name="George Bush Intercontinental", city="Houston")
    html = client.get("/flights/").content.decode()
    origin = html[html.index('<datalist id="origin-airports">') :]
    origin = origin[: origin.index("</datalist>")]
    assert re.findall(r'<option value="([A-Z]{4})">', origin) == ["KAEX"]
    assert "Alexandria International Airport, Alexandria (KAEX/AEX): 1 flight" in origin
    assert 'list="origin-airports"' in html and 'list="destination-airports"' in html


def test_sort_box_shows_the_order_the_heading_states(client, site):
    html = client.get("/articles/?q=china").content.decode()
    heading = re.search(r'<h2 id="results-heading">(.*?)</h2>', html, re.DOTALL).group(1)
    selected = re.search(r'<option value="(\w*)" selected>([^<]+)</option>', html).group(2)
    if "most relevant first" in heading:
        assert selected == "Relevance"
    else:
        assert "newest first" in heading and selected == "Newest first"
        assert 'value="relevance"' not in html  # no rank to sort by here
    html = client.get("/articles/?sort=oldest").content.decode()
    assert "oldest first" in html and re.search(r'<option value="oldest" selected>', html)
    html = client.get("/flights/?sort=most_passengers").content.decode()
    assert "most passengers first" in html and re.search(r'<option value="most_passengers" selected>', html)
    # The sort box belongs to the filter form, so sorting keeps the filters.
    assert '<select id="sort-select" name="sort" form="archive-form"' in html


def test_skip_to_results_and_the_folded_filters(client, site):
    for path in ("/articles/?topic=china", "/flights/?country=CN"):
        html = client.get(path).content.decode()
        assert html.index('href="#results">Skip to results</a>') < html.index('<header class="site-header">')
        assert '<section class="results" id="results" tabindex="-1"' in html
        assert re.search(
            r'<summary class="filters-toggle">Filters <span class="active-count">\(1 active\)</span>', html
        )
        # Folded by default (site.js opens it on wide screens; CSS shows it there without JavaScript).
        assert '<details class="filters" data-filters>' in html


def test_an_invalid_filter_opens_the_filters_to_show_its_message(client, site):
    html = client.get("/flights/?date_from=2025-13-01").content.decode()
    assert '<details class="filters" data-filters open>' in html


def test_story_counts_in_the_archive_checklists(client, site):
    make_article(slug="guatemala", body="A story.", cites=[], headline="Guatemala flights")
    html = client.get("/articles/").content.decode()
    years = dict((value, count) for value, _, count in options(html, "year"))
    assert sum(int(count) for count in years.values()) == 3
