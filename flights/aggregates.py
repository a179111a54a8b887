"""Totals and groupings of records (by dataset, month, year), computed by the database; rankings by country,
airport and route are in flights.rankings.

Every function takes a queryset the caller has already narrowed through ``Flight.objects.public()``, or
the same filters over the archive summary (flights.archive_summary: the records pre-summed per month and
route), and returns plain rows, so what a chart draws is exactly the database's GROUP BY for that filter.
One call is one query; nothing loops over records in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncYear

from flights.archive_summary import ArchiveYearSummary, SummaryRows, is_summary
from flights.models import Flight, Source

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


def record_count(records: Records, where: Q | None = None) -> Any:
    """How many records: counted on the records, summed on the summary (whose rows hold counts)."""
    return _measures(records, where)["records"]


def passenger_sum(records: Records, where: Q | None = None) -> Any:
    return _measures(records, where)["passengers"]


def _day(records: Records) -> str:
    """The date periods are cut by: departed_earliest, or the summary's month (the first of that month)."""
    return "month" if _summed(records) else "departed_earliest"


# Every figure Totals holds: (aggregate, column, the rows it counts) over the summary's pre-summed columns,
# or over the records.
_SUMMARY_MEASURES: dict[str, tuple[Any, str, Q | None]] = {
    "records": (Sum, "n_records", None),
    "passengers": (Sum, "n_passengers", None),
    "counted": (Sum, "n_counted", None),
    "first": (Min, "first_day", None),
    "last": (Max, "last_day", None),
    "juveniles": (Sum, "n_juveniles", None),
    "juvenile_base": (Sum, "n_juvenile_base", None),
    "non_criminal": (Sum, "n_non_criminal", None),
    "non_criminal_base": (Sum, "n_non_criminal_base", None),
}
_RECORD_MEASURES: dict[str, tuple[Any, str, Q | None]] = {
    "records": (Count, "*", None),
    "passengers": (Sum, "passengers_total", None),
    "counted": (Count, "passengers_total", None),
    "first": (Min, "departed_earliest", None),
    "last": (Max, "departed_latest", None),
    "juveniles": (Sum, "passengers_juvenile", None),
    "juvenile_base": (Sum, "passengers_total", Q(passengers_juvenile__isnull=False)),
    "non_criminal": (Sum, "passengers_non_criminal", None),
    "non_criminal_base": (Sum, "passengers_total", Q(passengers_non_criminal__isnull=False)),
}


def _measures(records: Records, where: Q | None = None) -> dict[str, Any]:
    """Every figure Totals holds, as aggregates; ``where`` limits each to a part of the rows (FILTER (WHERE …)),
    so that several parts are summed in one pass."""
    found = {}
    for name, (aggregate, column, rows) in (_SUMMARY_MEASURES if _summed(records) else _RECORD_MEASURES).items():
        condition = rows & where if rows is not None and where is not None else rows or where
        if condition is None:
            found[name] = aggregate(column)
        else:  # COUNT(*) takes no FILTER in Django: the primary key is never NULL, so it counts the same rows
            found[name] = aggregate("pk" if column == "*" else column, filter=condition)
    return found


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
    return _totals(records.order_by().aggregate(**_measures(records)))


def _totals(row: dict[str, Any]) -> Totals:
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


def totals_where(records: Records, parts: dict[str, Q]) -> dict[str, Totals]:
    """Totals of several parts of the records (e.g. picked up here, dropped off here) in one pass: each
    measure once per part, filtered (SUM … FILTER (WHERE …)), instead of one query per part."""
    measures = {
        f"{part}__{name}": measure
        for part, condition in parts.items()
        for name, measure in _measures(records, condition).items()
    }
    row = records.order_by().aggregate(**measures)
    return {part: _totals({name: row[f"{part}__{name}"] for name in _measures(records)}) for part in parts}


def totals_per(records: Records, column: str) -> dict[Any, Totals]:
    """Totals per value of a column (e.g. per destination country), from one GROUP BY."""
    rows = records.order_by().values(column).annotate(**_measures(records))
    return {row.pop(column): _totals(row) for row in rows}


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
        .annotate(period=period_of(records, period))
        .values("period")
        .annotate(records=record_count(records), passengers=passenger_sum(records))
        .order_by("period")
    )
    return _periods({as_date(row["period"]): row for row in rows}, period, covered, within)


def by_period_where(
    records: Records,
    period: str,
    parts: dict[str, Q],
    covered: tuple[datetime.date, datetime.date] | None = None,
) -> dict[str, list[Group]]:
    """by_period() of several parts of the records (picked up here, dropped off here) from one GROUP BY."""
    measures = {}
    for part, condition in parts.items():
        measures[f"{part}__records"] = record_count(records, condition)
        measures[f"{part}__passengers"] = passenger_sum(records, condition)
    rows = list(records.order_by().annotate(period=period_of(records, period)).values("period").annotate(**measures))
    return {
        part: _periods(
            {
                as_date(row["period"]): {"records": row[f"{part}__records"], "passengers": row[f"{part}__passengers"]}
                for row in rows
                if row[f"{part}__records"]  # a period none of this part's rows fall in, as by_period() sees it
            },
            period,
            covered,
        )
        for part in parts
    }


def _periods(
    found: dict[datetime.date, dict[str, Any]],
    period: str,
    covered: tuple[datetime.date, datetime.date] | None,
    within: tuple[datetime.date | None, datetime.date | None] = (None, None),
) -> list[Group]:
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


def period_of(records: Records, period: str) -> Any:
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


def trunc_date(day: datetime.date, period: str) -> datetime.date:
    return datetime.date(day.year, 1, 1) if period == "year" else datetime.date(day.year, day.month, 1)


def as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


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
