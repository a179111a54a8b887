"""The flight database's filters over the archive summary (flights.archive_summary), where they map onto it.

The grouped view, its downloads, the route map and the facet counts read the summary when every active
filter is one of its columns; anything else (dates, passenger bounds, a source's claims, disputes, a city
name, the newsroom's flights) reads the records.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from flights.archive_summary import ArchiveSummary, ArchiveYearSummary, SummaryRows, summary_records
from flights.filters import FlightFilterSet
from flights.models import Flight
from newsroom.archive import filled

# Filters the archive summary holds a column for; any other active filter (dates, which may cut a month;
# passenger bounds, which apply per record; a source's claims; disputes) needs the records themselves.
SUMMARY_FILTERS = {"record", "dataset", "kind", "country", "nationality", "year", "origin", "destination", "operator"}


def _active(value: Any) -> bool:
    """Whether a cleaned filter value narrows anything (0 passengers does; an empty choice does not)."""
    if value is None or value is False or value == "":
        return False
    if isinstance(value, (list, tuple, QuerySet)):
        return filled(value)  # an empty model choice is queryset.none(), told apart without compiling it
    return True


def summed_selection(filterset: FlightFilterSet, *without: str, monthly: bool = False) -> QuerySet[SummaryRows] | None:
    """The filter state (but the filters named in ``without``) over the archive summary, when every active
    filter maps onto its columns; None when the records must be read. The year rows unless ``monthly`` (for
    figures per month): the same filters hold on both, as the year filter compares whole years."""
    cleaned = filterset.cleaned
    if cleaned.get("record") != Flight.RecordType.MOVEMENT:
        return None  # the newsroom's own flights are not in the summary
    active = {name for name, value in cleaned.items() if _active(value)}
    if active - SUMMARY_FILTERS - set(filterset.ordering_filters):
        return None
    if any(getattr(cleaned.get(side), "name", "") for side in ("origin", "destination")):
        return None  # a city name also matches the records' free-text place, which the summary lacks
    if not summary_readable(filterset):
        return None
    summary = (ArchiveSummary if monthly else ArchiveYearSummary).objects.all()
    summary = filterset.filter_queryset_without(summary, "year", *without)
    if cleaned.get("year") and "year" not in without:
        # A record counts under the year of its earliest date; the summary's month is that date's month.
        years = Q()
        for year in cleaned["year"]:
            years |= Q(month__gte=datetime.date(year, 1, 1), month__lt=datetime.date(year + 1, 1, 1))
        summary = summary.filter(years)
    return summary


def summary_readable(filterset: FlightFilterSet) -> bool:
    """Whether the archive summary may be read (summary_records()), asked once per filter state: the facets
    ask again for each facet, and the page's airport suggestions ask too."""
    if not hasattr(filterset, "_archive_summary"):
        filterset._archive_summary = summary_records() is not None  # type: ignore[attr-defined]
    return filterset._archive_summary  # type: ignore[attr-defined]
