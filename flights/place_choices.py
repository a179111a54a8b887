"""Airports that flights in the records leave from or go to, with counts: the choices of the airport filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from flights.models import Flight


@dataclass(frozen=True)
class AirportChoice:
    icao: str
    label: str
    count: int


def _in_use(role: str) -> list[AirportChoice]:
    rows = (
        Flight.objects.public()
        .filter(**{f"{role}__isnull": False})
        .values_list(f"{role}__icao", f"{role}__iata", f"{role}__name", f"{role}__city")
        .annotate(n=Count("pk"))
        .order_by()
    )
    choices = []
    for icao, iata, name, city, count in rows:
        place = ", ".join(part for part in (name, city) if part)
        codes = f"{icao}/{iata}" if iata else icao
        choices.append(AirportChoice(icao, f"{place} ({codes})" if place else codes, count))
    return choices


def airports_in_use() -> dict[str, list[AirportChoice]]:
    """Origin and destination airports with their flight counts, most used first; kept while a page may be cached."""
    key = f"airports-in-use:{timezone.now():%Y-%m-%d}"
    found = cache.get(key)
    if found is None:
        found = {role: sorted(_in_use(role), key=lambda c: (-c.count, c.icao)) for role in ("origin", "destination")}
        cache.set(key, found, settings.PUBLIC_CACHE_SECONDS)
    return found
