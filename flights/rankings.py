"""Rankings of records (by destination country, pickup or drop-off airport, route) and the grouped view's groups.

Like flights.aggregates, every function takes the records (``Flight.objects.public()`` narrowed) or the same
filters over the archive summary, and one call is one GROUP BY (and one query for the airports it names).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, reverse

from flights.aggregates import GROUPS, Group, Records, as_date, by_period, passenger_sum, period_of, record_count
from flights.formatting import country_names
from flights.models import Airport


def origins_from_routes(
    rows: list[tuple[int, int, int, int | None]], airports: Airports, limit: int | None = None
) -> list[Group]:
    """Pickup airports summed from route_rows() (all routes, not a limited list), most people first."""
    found: dict[int, list[int]] = {}
    for origin_id, _, records, passengers in rows:
        sums = found.setdefault(origin_id, [0, 0])
        sums[0] += records
        sums[1] += passengers or 0
    ranked = sorted(found.items(), key=lambda item: (-item[1][1], -item[1][0], airports[item[0]]["icao"]))
    return [
        _airport_group(airports[pk], {"records": records, "passengers": passengers})
        for pk, (records, passengers) in (ranked[:limit] if limit else ranked)
    ]


def placed_prefix(rows: list[tuple[int, int, int, int | None]], airports: Airports, limit: int) -> int:
    """How many of route_rows() a map of ``limit`` routes needs: up to its last drawn one (routes with an
    airport lacking coordinates are listed, not drawn), so only those are made into groups."""
    placed = 0
    for index, (origin_id, destination_id, _, _) in enumerate(rows):
        ends = (airports[origin_id], airports[destination_id])
        placed += all(end["latitude"] is not None and end["longitude"] is not None for end in ends)
        if placed >= limit:
            return index + 1
    return len(rows)


def top_airport_per_period(records: Records, period: str = "year", side: str = "origin") -> dict[str, Group]:
    """The airport with the most people in each period (key as by_period's), from one GROUP BY."""
    return top_groups(top_rows(records, period, side), side)


def top_rows(records: Records, period: str = "year", side: str = "origin") -> dict[str, dict[str, Any]]:
    rows = list(
        records.order_by()
        .filter(**{f"{side}__isnull": False})
        .annotate(period=period_of(records, period))
        .values("period", f"{side}_id")
        .annotate(records=record_count(records), passengers=passenger_sum(records))
    )
    best: dict[str, dict[str, Any]] = {}
    for row in rows:  # one row per period and airport: a few hundred at most
        key = as_date(row["period"]).isoformat()[: 4 if period == "year" else 7]
        if key not in best or (row["passengers"] or 0) > (best[key]["passengers"] or 0):
            best[key] = row
    return best


def top_groups(best: dict[str, dict[str, Any]], side: str, airports: Airports | None = None) -> dict[str, Group]:
    if airports is None:
        airports = airports_named({row[f"{side}_id"] for row in best.values()})
    return {key: _airport_group(airports[row[f"{side}_id"]], row) for key, row in best.items()}


AIRPORT_COLUMNS = ("icao", "name", "city", "country", "latitude", "longitude")


Airports = dict[int, dict[str, Any]]


def airports_named(ids: set[int]) -> Airports:
    """The few airports a grouping names, in one query (grouping by id keeps the GROUP BY on the index). A page
    with several rankings looks up all their airports at once (the rows first, then *_groups(…, airports))."""
    return {row["id"]: row for row in Airport.objects.filter(pk__in=ids).values("id", *AIRPORT_COLUMNS)}


def _airport_group(airport: dict[str, Any], row: dict[str, Any]) -> Group:
    return Group(
        airport["icao"],
        airport_label(airport["icao"], airport["name"]),
        row["records"],
        row["passengers"] or 0,
        url=airport_url(airport["icao"]),
        detail=_place(airport["city"], airport["country"]),
    )


def airport_url(icao: str) -> str:
    return _airport_url(icao, get_script_prefix())


@lru_cache(maxsize=4096)
def _airport_url(icao: str, prefix: str) -> str:
    # A country page links every pickup airport of every route; reverse() costs ~0.1 ms a call.
    return reverse("flights:airport", kwargs={"icao": icao})


def airport_label(icao: str, name: str | None) -> str:
    return f"{name} ({icao})" if name else icao


def _place(city: str | None, country: str | None) -> str:
    names = country_names()
    return ", ".join(part for part in (city, str(names.get(country, "")) if country else "") if part)


def by_country(records: Records, limit: int | None = None) -> list[Group]:
    return _country_groups(_country_rows(records, limit))


def _country_rows(records: Records, limit: int | None = None) -> list[dict[str, Any]]:
    rows = (
        records.order_by()
        .values("destination_country")
        .annotate(records=record_count(records), passengers=passenger_sum(records))
        .order_by("-passengers", "-records", "destination_country")
    )
    return list(rows[:limit] if limit else rows)


def _country_groups(rows: list[dict[str, Any]]) -> list[Group]:
    names, prefix = country_names(), get_script_prefix()
    return [
        Group(
            row["destination_country"],
            str(names.get(row["destination_country"], row["destination_country"])),
            row["records"],
            row["passengers"] or 0,
            url=_country_url(row["destination_country"], prefix),
        )
        for row in rows
    ]


@lru_cache(maxsize=512)
def _country_url(code: str, prefix: str) -> str:
    return reverse("flights:country", kwargs={"code": code})


def by_airport(records: Records, side: str = "origin", limit: int | None = None) -> list[Group]:
    """Per pickup (``origin``) or drop-off (``destination``) airport, most passengers first."""
    return airport_groups(airport_rows(records, side, limit), side)


def airport_rows(records: Records, side: str, limit: int | None = None) -> list[dict[str, Any]]:
    rows = (
        records.order_by()
        .filter(**{f"{side}__isnull": False})
        .values(f"{side}_id")
        .annotate(records=record_count(records), passengers=passenger_sum(records))
        .order_by("-passengers", "-records", f"{side}_id")
    )
    return list(rows[:limit] if limit else rows)


def airport_groups(rows: list[dict[str, Any]], side: str, airports: Airports | None = None) -> list[Group]:
    if airports is None:
        airports = airports_named({row[f"{side}_id"] for row in rows})
    return [_airport_group(airports[row[f"{side}_id"]], row) for row in rows]


def by_route(records: Records, limit: int | None = None, record_type: str = "movement") -> list[Group]:
    """Per pickup → drop-off pair, most passengers first; ``extra`` holds both airports' details and coordinates."""
    return route_groups(route_rows(records, limit), record_type)


def route_rows(records: Records, limit: int | None = None) -> list[tuple[int, int, int, int | None]]:
    """(origin id, drop-off id, records, passengers) per route, most passengers first."""
    rows = (
        records.order_by()
        .filter(origin__isnull=False, destination__isnull=False)
        .values("origin_id", "destination_id")
        .annotate(records=record_count(records), passengers=passenger_sum(records))
        .order_by("-passengers", "-records", "origin_id", "destination_id")
        .values_list("origin_id", "destination_id", "records", "passengers")
    )
    return list(rows[:limit] if limit else rows)


@dataclass(frozen=True)
class _RouteEnd:
    """What a route's groups say about one of its airports, worked out once per airport, not once per route
    (a country's hundreds of routes share a few dozen airports)."""

    icao: str
    label: str
    place: str
    origin_extra: dict[str, Any]
    destination_extra: dict[str, Any]


def _route_end(airport: dict[str, Any]) -> _RouteEnd:
    return _RouteEnd(
        airport["icao"],
        airport_label(airport["icao"], airport["name"]),
        _place(airport["city"], airport["country"]),
        {f"origin__{column}": airport[column] for column in AIRPORT_COLUMNS},
        {f"destination__{column}": airport[column] for column in AIRPORT_COLUMNS},
    )


def route_groups(
    rows: list[tuple[int, int, int, int | None]], record_type: str = "movement", airports: Airports | None = None
) -> list[Group]:
    named = {r[0] for r in rows} | {r[1] for r in rows}
    if airports is None:
        airports = airports_named(named)
    ends = {pk: _route_end(airports[pk]) for pk in named}
    list_url = reverse("flights:list")  # once, not once per route: a country has hundreds
    groups = []
    for origin_id, destination_id, records, passengers in rows:
        origin, destination = ends[origin_id], ends[destination_id]
        groups.append(
            Group(
                f"{origin.icao}-{destination.icao}",
                f"{origin.label} → {destination.label}",
                records,
                passengers or 0,
                url=f"{list_url}?record={record_type}&origin={origin.icao}&destination={destination.icao}",
                detail=f"{origin.place} → {destination.place}",
                extra={**origin.origin_extra, **destination.destination_extra},
            )
        )
    return groups


def group(records: Records, name: str, record_type: str = "movement", **period: Any) -> list[Group]:
    """One of GROUPS, for the flight database's grouped view and its downloads."""
    if name in {"month", "year"}:
        return by_period(records, name, **period)
    if name == "country":
        return by_country(records)
    if name in {"origin", "destination"}:
        return by_airport(records, name)
    if name == "route":
        return by_route(records, record_type=record_type)
    raise ValueError(f"unknown grouping {name!r}; use one of {', '.join(GROUPS)}")


def ranked(records: Records, name: str, shown: int, record_type: str = "movement") -> tuple[list[Group], int]:
    """The first ``shown`` groups of a ranking (country, airport, route) and how many there are: a page shows
    the largest, so only those are labelled and linked; the download has every group (group())."""
    if name == "country":
        rows: list[Any] = _country_rows(records)
        return _country_groups(rows[:shown]), len(rows)
    if name in {"origin", "destination"}:
        rows = airport_rows(records, name)
        return airport_groups(rows[:shown], name), len(rows)
    if name == "route":
        rows = route_rows(records)
        return route_groups(rows[:shown], record_type), len(rows)
    raise ValueError(f"not a ranking: {name!r}; use country, origin, destination or route")
