"""Totals and groupings of records (by month, year, country, airport, route), computed by the database.

Every function takes a queryset the caller has already narrowed through ``Flight.objects.public()``, or
the same filters over the archive summary (flights.archive_summary: the records pre-summed per month and
route), and returns plain rows, so what a chart draws is exactly the database's GROUP BY for that filter.
One call is one query; nothing loops over records in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncYear
from django.urls import get_script_prefix, reverse

from flights.archive_summary import ArchiveYearSummary, SummaryRows, is_summary
from flights.formatting import country_names
from flights.models import Airport, Flight, Source

Records = QuerySet[Flight] | QuerySet[SummaryRows]

GROUPS = {
    "month": "month",
    "year": "year",
    "country": "destination country",
    "origin": "pickup airport",
    "destination": "drop-off airport",
    "route": "route (pickup → drop-off)",
}


def _summed(records: Records) -> bool:
    return is_summary(records)


def record_count(records: Records) -> Any:
    """How many records: counted on the records, summed on the summary (whose rows hold counts)."""
    return Sum("n_records") if _summed(records) else Count("*")


def _passengers(records: Records) -> Any:
    return Sum("n_passengers") if _summed(records) else Sum("passengers_total")


def _day(records: Records) -> str:
    """The date periods are cut by: departed_earliest, or the summary's month (the first of that month)."""
    return "month" if _summed(records) else "departed_earliest"


def _measures(records: Records) -> dict[str, Any]:
    """Every figure Totals holds, as aggregates of the records or of the summary's pre-summed columns."""
    if _summed(records):
        return {
            "records": Sum("n_records"),
            "passengers": Sum("n_passengers"),
            "counted": Sum("n_counted"),
            "first": Min("first_day"),
            "last": Max("last_day"),
            "juveniles": Sum("n_juveniles"),
            "juvenile_base": Sum("n_juvenile_base"),
            "non_criminal": Sum("n_non_criminal"),
            "non_criminal_base": Sum("n_non_criminal_base"),
        }
    return {
        "records": Count("*"),
        "passengers": Sum("passengers_total"),
        "counted": Count("passengers_total"),
        "first": Min("departed_earliest"),
        "last": Max("departed_latest"),
        "juveniles": Sum("passengers_juvenile"),
        "juvenile_base": Sum("passengers_total", filter=Q(passengers_juvenile__isnull=False)),
        "non_criminal": Sum("passengers_non_criminal"),
        "non_criminal_base": Sum("passengers_total", filter=Q(passengers_non_criminal__isnull=False)),
    }


@dataclass
class Totals:
    records: int = 0
    passengers: int = 0
    counted: int = 0  # records with a known passenger count
    first: datetime.date | None = None
    last: datetime.date | None = None
    juveniles: int | None = None
    juvenile_base: int = 0  # passengers on records whose juvenile count is known
    non_criminal: int | None = None
    non_criminal_base: int = 0

    @property
    def juvenile_share(self) -> float | None:
        return self.juveniles / self.juvenile_base if self.juveniles is not None and self.juvenile_base else None

    @property
    def juvenile_percent(self) -> str:
        return _percent(self.juvenile_share)

    @property
    def non_criminal_percent(self) -> str:
        return _percent(self.non_criminal_share)

    @property
    def non_criminal_share(self) -> float | None:
        if self.non_criminal is None or not self.non_criminal_base:
            return None
        return self.non_criminal / self.non_criminal_base


def _percent(share: float | None) -> str:
    if share is None:
        return ""
    return f"{share * 100:.1f} %" if share >= 0.001 else f"{share * 100:.2f} %"


@dataclass
class Group:
    """One row of a grouping: what it is, how many records, how many people."""

    key: str
    label: str
    records: int
    passengers: int
    url: str = ""
    partial: bool = False  # a period the data covers only in part
    start: datetime.date | None = None
    detail: str = ""  # a second line: the airport's place, a route's countries
    extra: dict[str, Any] = field(default_factory=dict)


def totals(records: Records) -> Totals:
    row = records.order_by().aggregate(**_measures(records))
    return Totals(
        records=row["records"] or 0,
        passengers=row["passengers"] or 0,
        counted=row["counted"] or 0,
        first=row["first"],
        last=row["last"],
        juveniles=row["juveniles"],
        juvenile_base=row["juvenile_base"] or 0,
        non_criminal=row["non_criminal"],
        non_criminal_base=row["non_criminal_base"] or 0,
    )


def coverage(records: Records, datasets: list[int | None] | None = None) -> tuple[datetime.date, datetime.date] | None:
    """The dates the selection's datasets cover (all their records, not just the selected ones).

    A month is only complete when its dataset covers all of it: October 2010 starts the ARTS release,
    December 2018 ends it. Records from no dataset (the newsroom's) are complete up to today.
    """
    if datasets is None:  # callers that know the dataset say so, saving a pass over the records
        datasets = list(records.order_by().values_list("dataset_id", flat=True).distinct())
    ids = [d for d in datasets if d is not None]
    narrow = {"dataset_id": ids[0]} if len(ids) == 1 else {"dataset_id__in": ids}
    if _summed(records):  # every never-held dataset row is in the summary: its ends are the dataset's
        # The year rows hold the same ends (MIN and MAX of the month rows) in a fifth as many rows.
        found = ArchiveYearSummary.objects.filter(**narrow).aggregate(
            first=Min("first_day"), last=Max("last_earliest_day")
        )
    else:
        # One dataset (the usual case) as "=", so MIN and MAX each read one end of the dataset index.
        scope = Flight.objects.public().filter(**narrow)
        # Dataset rows are single days (earliest == latest), so both ends come from one indexed column.
        found = scope.order_by().aggregate(first=Min("departed_earliest"), last=Max("departed_earliest"))
    if None in datasets or found["first"] is None:
        return None
    return found["first"], found["last"]


def _period_end(start: datetime.date, period: str) -> datetime.date:
    if period == "year":
        return datetime.date(start.year, 12, 31)
    following = datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _next_period(start: datetime.date, period: str) -> datetime.date:
    return _period_end(start, period) + datetime.timedelta(days=1)


def by_period(
    records: Records,
    period: str = "year",
    covered: tuple[datetime.date, datetime.date] | None = None,
    within: tuple[datetime.date | None, datetime.date | None] = (None, None),
) -> list[Group]:
    """Records and passengers per month or year, every period in range listed (0 where none).

    ``covered``: the dates the data covers (coverage()); ``within``: a date filter the reader chose.
    A period either cuts short is marked partial.
    """
    rows = (
        records.order_by()
        .annotate(period=_period_of(records, period))
        .values("period")
        .annotate(records=record_count(records), passengers=_passengers(records))
        .order_by("period")
    )
    found = {_as_date(row["period"]): row for row in rows}
    if not found:
        return []
    first, last = min(found), max(found)
    if covered:
        first = min(first, trunc_date(covered[0], period))
        last = max(last, trunc_date(covered[1], period))
    today = datetime.date.today()
    starts_at = max(d for d in (covered[0] if covered else None, within[0]) if d) if covered or within[0] else None
    ends_at = min(d for d in (covered[1] if covered else today, within[1], today) if d)
    groups: list[Group] = []
    start = first
    while start <= last:
        row = found.get(start, {"records": 0, "passengers": 0})
        end = _period_end(start, period)
        partial = bool((starts_at and start < starts_at) or end > ends_at)
        label = str(start.year) if period == "year" else start.strftime("%b %Y")
        groups.append(
            Group(
                start.isoformat()[: 4 if period == "year" else 7],
                label,
                row["records"],
                row["passengers"] or 0,
                partial=partial,
                start=start,
            )
        )
        start = _next_period(start, period)
    return groups


def _period_of(records: Records, period: str) -> Any:
    """The expression a period groups by: the summary row's own date when its grain is the period (no DATE_TRUNC
    over thousands of rows: on PostgreSQL it casts each date to a timestamp with time zone first)."""
    grain = getattr(records.model, "grain", None)
    if grain == period:
        return F("month")
    if grain == "year":
        raise ValueError("year rows cannot be grouped by month: read the month rows (summary_records())")
    return (TruncMonth if period == "month" else TruncYear)(_day(records))


def years_from_months(months: list[Group]) -> list[Group]:
    """Per-year rows summed from by_period's month rows (a hundred aggregated rows, not records); a year
    with a partial month is partial."""
    years: dict[int, Group] = {}
    for month in months:
        assert month.start is not None
        year = years.setdefault(
            month.start.year,
            Group(str(month.start.year), str(month.start.year), 0, 0, start=datetime.date(month.start.year, 1, 1)),
        )
        year.records += month.records
        year.passengers += month.passengers
        year.partial = year.partial or month.partial
    return [years[key] for key in sorted(years)]


def origins_from_routes(routes: list[Group], limit: int | None = None) -> list[Group]:
    """Pickup airports summed from by_route's rows (all routes, not a limited list), most people first."""
    found: dict[str, Group] = {}
    for route in routes:
        icao = route.extra["origin__icao"]
        group = found.setdefault(
            icao,
            Group(
                icao,
                _airport_label(icao, route.extra["origin__name"]),
                0,
                0,
                url=airport_url(icao),
                detail=_place(route.extra["origin__city"], route.extra["origin__country"]),
            ),
        )
        group.records += route.records
        group.passengers += route.passengers
    ranked = sorted(found.values(), key=lambda g: (-g.passengers, -g.records, g.key))
    return ranked[:limit] if limit else ranked


def top_airport_per_period(records: Records, period: str = "year", side: str = "origin") -> dict[str, Group]:
    """The airport with the most people in each period (key as by_period's), from one GROUP BY."""
    rows = list(
        records.order_by()
        .filter(**{f"{side}__isnull": False})
        .annotate(period=_period_of(records, period))
        .values("period", f"{side}_id")
        .annotate(records=record_count(records), passengers=_passengers(records))
    )
    best: dict[str, dict[str, Any]] = {}
    for row in rows:  # one row per period and airport: a few hundred at most
        key = _as_date(row["period"]).isoformat()[: 4 if period == "year" else 7]
        if key not in best or (row["passengers"] or 0) > (best[key]["passengers"] or 0):
            best[key] = row
    airports = _airports({row[f"{side}_id"] for row in best.values()})
    return {key: _airport_group(airports[row[f"{side}_id"]], row) for key, row in best.items()}


AIRPORT_COLUMNS = ("icao", "name", "city", "country", "latitude", "longitude")


def _airports(ids: set[int]) -> dict[int, dict[str, Any]]:
    """The few airports a grouping names, in one query (grouping by id keeps the GROUP BY on the index)."""
    return {row["id"]: row for row in Airport.objects.filter(pk__in=ids).values("id", *AIRPORT_COLUMNS)}


def _airport_group(airport: dict[str, Any], row: dict[str, Any]) -> Group:
    return Group(
        airport["icao"],
        _airport_label(airport["icao"], airport["name"]),
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


def trunc_date(day: datetime.date, period: str) -> datetime.date:
    return datetime.date(day.year, 1, 1) if period == "year" else datetime.date(day.year, day.month, 1)


def _as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _airport_label(icao: str, name: str | None) -> str:
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
        .annotate(records=record_count(records), passengers=_passengers(records))
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
    return _airport_groups(_airport_rows(records, side, limit), side)


def _airport_rows(records: Records, side: str, limit: int | None = None) -> list[dict[str, Any]]:
    rows = (
        records.order_by()
        .filter(**{f"{side}__isnull": False})
        .values(f"{side}_id")
        .annotate(records=record_count(records), passengers=_passengers(records))
        .order_by("-passengers", "-records", f"{side}_id")
    )
    return list(rows[:limit] if limit else rows)


def _airport_groups(rows: list[dict[str, Any]], side: str) -> list[Group]:
    airports = _airports({row[f"{side}_id"] for row in rows})
    return [_airport_group(airports[row[f"{side}_id"]], row) for row in rows]


def by_route(records: Records, limit: int | None = None, record_type: str = "movement") -> list[Group]:
    """Per pickup → drop-off pair, most passengers first; ``extra`` holds both airports' details and coordinates."""
    return _route_groups(_route_rows(records, limit), record_type)


def _route_rows(records: Records, limit: int | None = None) -> list[tuple[int, int, int, int | None]]:
    """(origin id, drop-off id, records, passengers) per route, most passengers first."""
    rows = (
        records.order_by()
        .filter(origin__isnull=False, destination__isnull=False)
        .values("origin_id", "destination_id")
        .annotate(records=record_count(records), passengers=_passengers(records))
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
        _airport_label(airport["icao"], airport["name"]),
        _place(airport["city"], airport["country"]),
        {f"origin__{column}": airport[column] for column in AIRPORT_COLUMNS},
        {f"destination__{column}": airport[column] for column in AIRPORT_COLUMNS},
    )


def _route_groups(rows: list[tuple[int, int, int, int | None]], record_type: str) -> list[Group]:
    ends = {pk: _route_end(airport) for pk, airport in _airports({r[0] for r in rows} | {r[1] for r in rows}).items()}
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
        rows = _airport_rows(records, name)
        return _airport_groups(rows[:shown], name), len(rows)
    if name == "route":
        rows = _route_rows(records)
        return _route_groups(rows[:shown], record_type), len(rows)
    raise ValueError(f"not a ranking: {name!r}; use country, origin, destination or route")


@dataclass
class DatasetTotals:
    source: Source | None
    totals: Totals


def by_dataset(records: Records) -> list[DatasetTotals]:
    """Totals per dataset, largest first: datasets overlap (the Guatemala extract repeats legs-file people),
    so they are totalled side by side, never added together."""
    rows = records.order_by().values("dataset_id").annotate(**_measures(records)).order_by("-passengers", "dataset_id")
    rows = list(rows)
    sources = Source.objects.in_bulk([row["dataset_id"] for row in rows if row["dataset_id"]])
    out = []
    for row in rows:
        dataset_id = row.pop("dataset_id")
        row["passengers"] = row["passengers"] or 0
        row["counted"] = row["counted"] or 0
        row["juvenile_base"] = row["juvenile_base"] or 0
        row["non_criminal_base"] = row["non_criminal_base"] or 0
        out.append(DatasetTotals(sources.get(dataset_id) if dataset_id else None, Totals(**row)))
    return out
