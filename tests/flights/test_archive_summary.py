"""The archive summary (flights.archive_summary) equals the live GROUP BY, for every country, after imports,
editors' saves and hold changes; held records never reach it, and readers sum live whenever it may be wrong."""

from __future__ import annotations

import datetime
import io
from dataclasses import asdict
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from flights import aggregates, archive_summary, rankings
from flights.archive_summary import ArchiveSummary, summary_records
from flights.models import Flight
from tests.flights.import_support import LEGS_HEADER, run_import, write
from tests.flights.test_ice_air_pages import _load

HELD_SLUG = "arts-2012-03-01-r-khrl-mggt"  # 67 people to Guatemala in the legs file


@pytest.fixture
def arts(db, tmp_path, demo_flights):
    cache.clear()
    _load(tmp_path)


def _groups(groups: list[aggregates.Group]) -> list[tuple[str, int, int]]:
    return [(g.key, g.records, g.passengers) for g in groups]


def _figures(base: Any, months: bool = True) -> dict[str, Any]:
    """What the archive pages compute, over the records or over the summary (the same filters on both);
    ``months=False`` for the year rows, which hold none."""
    movements = base.movements()
    out: dict[str, Any] = {
        "countries": _groups(rankings.by_country(movements)),
        "origins": _groups(rankings.by_airport(movements, "origin")),
        "destinations": _groups(rankings.by_airport(movements, "destination")),
        "years": _groups(aggregates.by_period(movements, "year")),
        "datasets": [(d.source.pk, asdict(d.totals)) for d in aggregates.by_dataset(movements)],
    }
    for code in sorted(set(Flight.objects.movements().values_list("destination_country", flat=True))):
        scope = movements.filter(destination_country=code)
        datasets = aggregates.by_dataset(scope)
        out[code] = {
            "datasets": [(d.source.pk, asdict(d.totals)) for d in datasets],
            "coverage": [aggregates.coverage(scope, [d.source.pk]) for d in datasets],
            "months": _groups(aggregates.by_period(scope, "month")) if months else None,
            "routes": _groups(rankings.by_route(scope)),
            "tops": {k: (g.key, g.passengers) for k, g in rankings.top_airport_per_period(scope).items()},
            "totals": asdict(aggregates.totals(scope)),
        }
    return out


def _assert_summary_equals_live() -> None:
    summary = summary_records()
    assert summary is not None, "the summary should be current and readable here"
    live = _figures(Flight.objects.public())
    assert _figures(summary) == live
    # The year rows, rebuilt with the month rows, give every figure but the months.
    assert _figures(summary_records(yearly=True), months=False) == {
        key: {**value, "months": None} if isinstance(value, dict) else value for key, value in live.items()
    }


@pytest.mark.django_db
def test_the_summary_equals_the_live_group_by_for_every_country_after_an_import(arts):
    _assert_summary_equals_live()
    assert (
        ArchiveSummary.objects.aggregate(n=Sum("n_records"))["n"]
        == Flight.objects.filter(dataset__isnull=False).count()
    )


@pytest.mark.django_db
def test_a_later_import_rebuilds_the_summary_in_its_transaction(arts, tmp_path):
    more = write(tmp_path / "more.csv", LEGS_HEADER + "0,2014-05-05,R,KHRL,MSLP,55\n1,2014-05-06,R,KIWA,MGGT,10\n")
    run_import(str(more), "--format", "arts-legs")
    _assert_summary_equals_live()
    assert summary_records().filter(destination_country="SV").aggregate(n=Sum("n_passengers"))["n"] == 55


@pytest.mark.django_db
def test_an_editors_save_marks_the_summary_stale_until_the_rebuild_after_commit(
    arts, django_capture_on_commit_callbacks
):
    flight = Flight.objects.get(slug=HELD_SLUG)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        flight.passengers_total = 70
        flight.save()
    # Until the rebuild runs, readers sum the records: never the old sums with the new value.
    assert summary_records() is None
    assert queued
    for callback in queued:
        callback()
    _assert_summary_equals_live()


@pytest.mark.django_db
def test_held_records_never_reach_the_summary_and_a_hold_sends_readers_to_the_live_sums(
    arts, client, django_capture_on_commit_callbacks
):
    flight = Flight.objects.get(slug=HELD_SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        flight.held_until = timezone.now() + datetime.timedelta(days=1)
        flight.save()
    # Rebuilt, but a dataset row carries a hold: the pages sum live, and the held people are not counted.
    assert summary_records() is None
    assert ArchiveSummary.objects.filter(destination_country="GT").aggregate(n=Sum("n_passengers"))["n"] == 250 + 303
    page = client.get(reverse("flights:country", kwargs={"code": "GT"}))
    assert page.context["headline"].totals.passengers == 250
    legs = "uwchr-arts-legs-fy2011-fy2019"
    grouped = client.get(reverse("flights:list") + f"?record=movement&country=GT&dataset={legs}&group=origin")
    assert {g.key: g.passengers for g in grouped.context["agg"]["grouped"]}.get("KHRL") is None
    # The hold lifted: the rebuild counts the record again and the summary is read.
    with django_capture_on_commit_callbacks(execute=True):
        flight.held_until = None
        flight.save()
    _assert_summary_equals_live()
    cache.clear()
    assert client.get(reverse("flights:country", kwargs={"code": "GT"})).context["headline"].totals.passengers == 317


@pytest.mark.django_db
def test_writes_that_send_no_signals_are_caught_up_by_the_refresh_command(arts):
    Flight.objects.filter(slug=HELD_SLUG).update(passengers_total=1)
    call_command("refresh_ice_air_summary", stdout=io.StringIO())
    _assert_summary_equals_live()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?record=movement&group=route",
        "?record=movement&country=GT&group=origin",
        "?record=movement&year=2013&group=country",
        "?record=movement&kind=removal&group=month",
        "?record=movement&origin=KIWA&group=destination",
        "?record=movement&nationality=GT&group=year",
    ],
)
def test_grouped_views_read_from_the_summary_equal_the_live_sums(arts, client, query):
    assert summary_records() is not None
    url = reverse("flights:list") + query
    summed = client.get(url).context["agg"]
    archive_summary.mark_stale()  # readers now sum the records
    cache.clear()
    live = client.get(url).context["agg"]
    assert _groups(summed["grouped"]) == _groups(live["grouped"]) and summed["grouped"]
    assert asdict(summed["totals"]) == asdict(live["totals"])
    assert [r.values for r in summed["chart"].rows] == [r.values for r in live["chart"].rows]


@pytest.mark.django_db
def test_a_filter_the_summary_cannot_answer_is_summed_live(arts, client):
    from django.http import QueryDict

    from flights.database_views import summed_selection
    from flights.filters import FlightFilterSet

    def selection(query: str) -> Any:
        return summed_selection(FlightFilterSet(QueryDict(query), queryset=Flight.objects.public()))

    assert selection("record=movement&country=GT") is not None
    for query in ("record=movement&date_from=2012-03-02", "record=movement&passengers_min=0", "record=flight"):
        assert selection(query) is None, query


@pytest.mark.django_db
def test_a_newsroom_flight_saved_leaves_the_summary_current_and_one_moved_into_a_dataset_does_not(arts):
    flight = Flight.objects.filter(dataset__isnull=True).first()
    flight.notes = "edited"
    flight.save()
    assert summary_records() is not None  # the summary holds no newsroom flight
    flight.dataset = Flight.objects.filter(dataset__isnull=False).first().dataset
    flight.save()
    assert summary_records() is None
    archive_summary.refresh()
    _assert_summary_equals_live()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "record=movement",
        "record=movement&country=GT&year=2012",
        "record=movement&kind=removal&origin=KIWA",
        "record=flight",
    ],
)
def test_facets_and_airport_choices_from_the_summary_equal_the_live_counts(arts, query):
    from django.http import QueryDict

    from flights.facets import flight_facets
    from flights.filters import FlightFilterSet
    from flights.place_choices import _in_use

    def counted() -> tuple:
        filterset = FlightFilterSet(QueryDict(query), queryset=Flight.objects.public())
        return flight_facets(filterset), {role: sorted(found, key=repr) for role, found in _in_use().items()}

    assert summary_records() is not None
    summed = counted()
    archive_summary.mark_stale()  # the same counts from the records
    assert summed == counted()


@pytest.mark.django_db
def test_country_and_airport_pagers_count_from_the_summary_the_rows_they_list(arts, client):
    from django.db.models import Q

    from flights.summary_views import reference_dataset

    assert summary_records() is not None
    reference = reference_dataset()
    for code in ("GT", "US", "HN"):
        page = client.get(reverse("flights:country", kwargs={"code": code}))
        live = Flight.objects.public().movements().filter(destination_country=code, dataset=reference).count()
        assert page.context["paginator"].count == live and page.context["view"].listed_count == live
    for icao in ("KAEX", "MGGT", "KIWA"):
        page = client.get(reverse("flights:airport", kwargs={"icao": icao}))
        touching = Q(origin__icao=icao) | Q(destination__icao=icao)
        live = Flight.objects.public().filter(touching).filter(Q(record_type="flight") | Q(dataset=reference)).count()
        assert page.context["paginator"].count == live and page.context["view"].listed_count == live


def _page_figures(context: Any) -> dict[str, Any]:
    """The figures a country or airport page shows, comparable between its summary and its live sums."""
    figures: dict[str, Any] = {}
    for name in context.keys():
        value = context[name]
        if isinstance(value, aggregates.Totals):
            figures[name] = asdict(value)
        elif isinstance(value, list) and all(isinstance(item, aggregates.Group) for item in value):
            figures[name] = _groups(value)
        elif name in {"year_chart", "month_chart"}:
            figures[name] = [(row.label, row.values, row.partial) for row in value.rows]
        elif name == "route_map":
            figures[name] = (_groups(value.rows), value.left_out, [p.icao for p in value.points if p.labelled])
        elif name in {"headline", "juveniles"} and value is not None:
            figures[name] = asdict(value.totals)
        elif name == "years":
            figures[name] = [(g.key, g.passengers, top.key if top else None) for g, top in value]
    figures["count"] = context["paginator"].count
    return figures


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [("country", {"code": code}) for code in ("GT", "US", "HN")]
    + [("airport", {"icao": icao}) for icao in ("KAEX", "MGGT", "KIWA")],
)
def test_country_and_airport_pages_from_the_summary_equal_their_live_sums(arts, client, page):
    url = reverse(f"flights:{page[0]}", kwargs=page[1])
    assert summary_records() is not None
    summed = _page_figures(client.get(url).context)
    archive_summary.mark_stale()  # readers now sum the records
    cache.clear()
    live = _page_figures(client.get(url).context)
    assert summed == live
    shown = {"country": {"headline", "years", "month_chart", "top_origins", "top_routes", "transfers"},
             "airport": {"out_totals", "in_totals", "out_removals", "top_destinations", "top_countries"}}  # fmt: skip
    assert {"year_chart", "route_map", "count"} | shown[page[0]] <= set(summed)
