"""Airports that flights in the records leave from or go to, with counts: the choices of the airport filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone

from flights.archive_summary import summary_records
from flights.models import Airport, Flight


@dataclass(frozen=True)
class AirportChoice:
    icao: str
    label: str
    count: int


def _in_use(role: str) -> list[AirportChoice]:
    # Dataset rows from the archive summary when it is current (tens of thousands of rows pre-summed), the
    # newsroom's own flights from the records; all records when the summary may not be read.
    summary = summary_records()
    counts: dict[int, int] = {}
    records = Flight.objects.public().filter(**{f"{role}__isnull": False})
    if summary is not None:
        records = records.filter(dataset__isnull=True)
        summed = summary.filter(**{f"{role}__isnull": False}).values_list(f"{role}_id").annotate(n=Sum("n_records"))
        for pk, n in summed.order_by():
            counts[pk] = counts.get(pk, 0) + n
    for pk, n in records.values_list(f"{role}_id").annotate(n=Count("pk")).order_by():
        counts[pk] = counts.get(pk, 0) + n
    choices = []
    for icao, iata, name, city, pk in Airport.objects.filter(pk__in=counts).values_list(
        "icao", "iata", "name", "city", "pk"
    ):
        place = ", ".join(part for part in (name, city) if part)
        codes = f"{icao}/{iata}" if iata else icao
        choices.append(AirportChoice(icao, f"{place} ({codes})" if place else codes, counts[pk]))
    return choices


def airports_in_use() -> dict[str, list[AirportChoice]]:
    """Origin and destination airports with their flight counts, most used first; kept while a page may be cached."""
    key = f"airports-in-use:{timezone.now():%Y-%m-%d}"
    found = cache.get(key)
    if found is None:
        found = {role: sorted(_in_use(role), key=lambda c: (-c.count, c.icao)) for role in ("origin", "destination")}
        cache.set(key, found, settings.PUBLIC_CACHE_SECONDS)
    return found
