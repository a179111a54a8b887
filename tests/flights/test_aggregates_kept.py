"""The flight database's aggregates (totals, chart, grouped view) are kept per query until a record they sum
changes: a new or changed record shows in them on the next request, and a repeated query sums nothing again."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from flights.models import Flight
from newsroom import freshness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_margin(monkeypatch):
    # Records made a moment ago by the test itself may be kept at once (no clock margin between servers here).
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)


def totals(client, url: str) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sums = [q["sql"] for q in queries if "SUM(" in q["sql"]]
    return response.context["agg"]["totals"], len(sums)


def live(**filters: object) -> tuple[int, int]:
    found = Flight.objects.public().flights().filter(**filters).aggregate(n=Count("pk"), people=Sum("passengers_total"))
    return found["n"], found["people"] or 0


def test_a_repeated_query_reuses_its_sums_and_a_new_record_shows_in_them_at_once(client, demo):
    first, summed = totals(client, "/flights/?country=CN")
    assert summed > 0 and (first.records, first.passengers) == live(destination_country="CN")
    again, summed_again = totals(client, "/flights/?country=CN")
    assert summed_again == 0 and again == first

    Flight.objects.create(
        slug="2025-09-09-cn-charter",
        departed_earliest=datetime.date(2025, 9, 9),
        departed_latest=datetime.date(2025, 9, 9),
        destination_country="CN",
        passengers_total=77,
    )
    after, summed_after = totals(client, "/flights/?country=CN")
    assert summed_after > 0
    assert (after.records, after.passengers) == (first.records + 1, first.passengers + 77)
    assert (after.records, after.passengers) == live(destination_country="CN")


def test_each_query_has_its_own_sums_and_links(client, demo):
    china, _ = totals(client, "/flights/?country=CN")
    everything, summed = totals(client, "/flights/")
    assert summed > 0  # not the China query's entry
    assert (everything.records, everything.passengers) == live()
    grouped = client.get("/flights/?country=CN&group=year").context["agg"]
    assert all("country=CN" in link["url"] for link in grouped["group_links"])
    assert china.records <= everything.records
