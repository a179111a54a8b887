"""Airports that flights in the records leave from or go to, with counts: the choices of the airport filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone

from flights.archive_summary import ArchiveYearSummary, summary_records
from flights.models import Airport, Flight


@dataclass(frozen=True)
class AirportChoice:
    icao: str
    label: str
    count: int


def _in_use(summary_readable: bool | None = None) -> dict[str, list[AirportChoice]]:
    """Both roles in three queries (and the summary check, unless the caller knows the answer): records per
    pickup → drop-off pair, then names."""
    # Dataset rows from the archive summary when it is current (tens of thousands of rows pre-summed), the
    # newsroom's own flights from the records; all records when the summary may not be read. No month is
    # needed: the year rows are a fifth as many.
    if summary_readable is None:
        summary = summary_records(yearly=True)
    else:
        summary = ArchiveYearSummary.objects.all() if summary_readable else None
    records = Flight.objects.public()
    pairs: list[tuple[int | None, int | None, int]] = []
    if summary is not None:
        records = records.filter(dataset__isnull=True)
        pairs += summary.values_list("origin_id", "destination_id").annotate(n=Sum("n_records")).order_by()
    pairs += records.values_list("origin_id", "destination_id").annotate(n=Count("pk")).order_by()
    counts: dict[str, dict[int, int]] = {"origin": {}, "destination": {}}
    for origin, destination, n in pairs:
        for role, pk in (("origin", origin), ("destination", destination)):
            if pk is not None:
                counts[role][pk] = counts[role].get(pk, 0) + n
    ids = set(counts["origin"]) | set(counts["destination"])
    airports = Airport.objects.filter(pk__in=ids).values_list("pk", "icao", "iata", "name", "city")
    choices: dict[str, list[AirportChoice]] = {"origin": [], "destination": []}
    for pk, icao, iata, name, city in airports:
        place = ", ".join(part for part in (name, city) if part)
        codes = f"{icao}/{iata}" if iata else icao
        for role in choices:
            if pk in counts[role]:
                choices[role].append(AirportChoice(icao, f"{place} ({codes})" if place else codes, counts[role][pk]))
    return choices


def airports_in_use(summary_readable: bool | None = None) -> dict[str, list[AirportChoice]]:
    """Origin and destination airports with their flight counts, most used first; kept while a page may be cached.

    ``summary_readable``: whether the archive summary may be read, when the caller has asked already."""
    key = f"airports-in-use:{timezone.now():%Y-%m-%d}"
    found = cache.get(key)
    if found is None:
        found = {
            role: sorted(listed, key=lambda c: (-c.count, c.icao)) for role, listed in _in_use(summary_readable).items()
        }
        cache.set(key, found, settings.PUBLIC_CACHE_SECONDS)
    return found
