"""Airports that flights in the records leave from or go to, with counts: the choices of the airport filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum, Value

from flights.archive_summary import ArchiveYearSummary, summary_records
from flights.models import Airport, Flight
from newsroom import freshness


@dataclass(frozen=True)
class AirportChoice:
    icao: str
    label: str
    count: int


def _in_use(summary_readable: bool | None = None) -> dict[str, list[AirportChoice]]:
    """Both roles in two queries (and the summary check, unless the caller knows the answer): records per
    pickup and per drop-off airport, of the summary and of the records, in one UNION ALL; then the names."""
    # Dataset rows from the archive summary when it is current (tens of thousands of rows pre-summed), the
    # newsroom's own flights from the records; all records when the summary may not be read. No month is
    # needed: the year rows are a fifth as many.
    if summary_readable is None:
        summary = summary_records(yearly=True)
    else:
        summary = ArchiveYearSummary.objects.all() if summary_readable else None
    records = Flight.objects.public()
    parts: list[QuerySet[Any]] = []
    if summary is not None:
        records = records.filter(dataset__isnull=True)
        parts += [_per_airport(summary, role, Sum("n_records")) for role in ROLES]
    parts += [_per_airport(records, role, Count("pk")) for role in ROLES]
    counts: dict[str, dict[int, int]] = {role: {} for role in ROLES}
    for role, pk, n in parts[0].union(*parts[1:], all=True):
        counts[role][pk] = counts[role].get(pk, 0) + n
    ids = set(counts["origin"]) | set(counts["destination"])
    airports = Airport.objects.filter(pk__in=ids).values_list("pk", "icao", "iata", "name", "city")
    choices: dict[str, list[AirportChoice]] = {role: [] for role in ROLES}
    for pk, icao, iata, name, city in airports:
        place = ", ".join(part for part in (name, city) if part)
        codes = f"{icao}/{iata}" if iata else icao
        for role in ROLES:
            if pk in counts[role]:
                choices[role].append(AirportChoice(icao, f"{place} ({codes})" if place else codes, counts[role][pk]))
    return choices


ROLES = ("origin", "destination")


def _per_airport(rows: QuerySet[Any], role: str, count: Any) -> QuerySet[Any]:
    """(role, airport id, count) per airport in that role; grouped by id, the GROUP BY stays on integers."""
    return rows.filter(**{f"{role}__isnull": False}).order_by().values_list(Value(role), f"{role}_id").annotate(n=count)


def airports_in_use(summary_readable: bool | None = None) -> dict[str, list[AirportChoice]]:
    """Origin and destination airports with their flight counts, most used first; kept while a page may be cached.

    ``summary_readable``: whether the archive summary may be read, when the caller has asked already. Kept until
    a record or an airport changes (the flight database's kept listings show them: they must not be older)."""

    def ranked() -> dict[str, list[AirportChoice]]:
        in_use = _in_use(summary_readable)
        return {role: sorted(listed, key=lambda c: (-c.count, c.icao)) for role, listed in in_use.items()}

    return freshness.remember("airports-in-use", summary_readable, IN_USE_TAGS, ranked, settings.PAGE_CACHE_SECONDS)


# What the counts are counted from: every record, and the airports' names.
IN_USE_TAGS = ("flights", "airports")
