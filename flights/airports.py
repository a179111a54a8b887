"""Airports from the airportsdata package, and placeholders for codes it lacks."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import airportsdata
from django.db import transaction

from flights.models import Airport

_FIELDS = ["iata", "name", "city", "region", "country", "latitude", "longitude", "time_zone"]


@lru_cache(maxsize=1)
def package_airports() -> dict[str, dict[str, Any]]:
    """The package's airports by ICAO code, read once per process: parsing its 28,000-row file takes a
    fifth of a second, and every import (and every claim naming an airport) asks for it. Read-only."""
    return airportsdata.load("ICAO")


def _from_package(row: dict) -> Airport:
    return Airport(
        icao=row["icao"],
        iata=row["iata"] or "",
        name=row["name"] or "",
        city=row["city"] or "",
        region=row["subd"] or "",
        country=row["country"] if len(row["country"] or "") == 2 else "",
        latitude=row["lat"],
        longitude=row["lon"],
        time_zone=row["tz"] or "",
        known_from=Airport.KnownFrom.AIRPORTSDATA,
    )


def load_airports(batch_size: int = 2000) -> tuple[int, int]:
    """Create or refresh every airport the package knows; returns (created, updated).

    Runs in bulk so the 28,000 rows load in seconds; running it again changes nothing new.
    """
    rows = [row for row in package_airports().values() if len(row["icao"]) == 4]
    existing = {airport.icao: airport for airport in Airport.objects.all()}
    to_create: list[Airport] = []
    to_update: list[Airport] = []
    for row in rows:
        fresh = _from_package(row)
        current = existing.get(fresh.icao)
        if current is None:
            to_create.append(fresh)
        elif any(getattr(current, f) != getattr(fresh, f) for f in _FIELDS) or current.known_from != fresh.known_from:
            for f in [*_FIELDS, "known_from"]:
                setattr(current, f, getattr(fresh, f))
            to_update.append(current)
    with transaction.atomic():
        Airport.objects.bulk_create(to_create, batch_size=batch_size)
        Airport.objects.bulk_update(to_update, [*_FIELDS, "known_from"], batch_size=batch_size)
    return len(to_create), len(to_update)


def ensure_airports(
    codes: Iterable[str], known: dict[str, dict] | None = None, countries: dict[str, str] | None = None
) -> dict[str, Airport]:
    """Airports for the codes, created if missing: from the package, else from what an import file
    says of them (``known``: code → name, latitude, longitude), else as a code-only placeholder.
    ``countries`` places codes the package lacks (an import's AirportBook: coordinates or ICAO prefix)."""
    codes = {code.strip().upper() for code in codes if code and code.strip()}
    found = {airport.icao: airport for airport in Airport.objects.filter(icao__in=codes)}
    known = known or {}
    package = package_airports()
    missing = []
    for code in sorted(codes - found.keys()):
        if code in package:
            missing.append(_from_package(package[code]))
        elif code in known:
            info = {"country": (countries or {}).get(code, ""), **known[code]}
            missing.append(
                Airport(
                    icao=code,
                    name=info.get("name", ""),
                    latitude=info.get("latitude"),
                    longitude=info.get("longitude"),
                    country=info.get("country", ""),
                    known_from=Airport.KnownFrom.DATASET,
                )
            )
        else:
            country = (countries or {}).get(code, "")
            missing.append(Airport(icao=code, country=country, known_from=Airport.KnownFrom.PLACEHOLDER))
    Airport.objects.bulk_create(missing, ignore_conflicts=True)
    found.update({a.icao: a for a in Airport.objects.filter(icao__in=[a.icao for a in missing])})
    return found
