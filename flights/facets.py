"""Facet counts beside the flight database: kind, destination country, year, operator and nationality."""

# Each facet counts under every active filter except its own. Passenger movements whose filters map onto the
# archive summary (flights.summary_filters) are counted from it, one small GROUP BY per facet; otherwise on
# PostgreSQL the five come from one statement that reads the flights once; elsewhere, one ORM query per facet.

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django_countries import countries

from flights.archive_summary import SummaryRows
from flights.filters import FlightFilterSet
from flights.models import Flight, Operator
from flights.summary_filters import summed_selection
from newsroom.archive import FacetRows, conditions_except, sorted_facet

# The filter form lists these as checkboxes with a type-to-narrow box: every value present, up to a bound.
FACET_LIMIT = 300
FACETS = ("kind", "country", "operator", "year", "nationality")

Counts = dict[str, list[tuple[Any, str, int]]]


def flight_facets(filterset: FlightFilterSet) -> tuple[FacetRows, int]:
    """Facets, and the number of results (summed from the year facet, so no separate COUNT is needed)."""
    raw = _counts_summary(filterset)
    if raw is None:
        raw = _counts_postgres(filterset) if connection.vendor == "postgresql" else _counts_orm(filterset)
    years = {int(year): n for year, _, n in raw["year"]}
    chosen_years = filterset.cleaned.get("year") or []
    total = sum(count for year, count in years.items() if not chosen_years or year in chosen_years)
    kinds = dict(Flight.Kind.choices)
    names = dict(countries)
    facets = {
        "kind": sorted_facet([(k, str(kinds.get(k, k)), n) for k, _, n in raw["kind"]]),
        # Every country: the facet shows the first FACET_LIMIT and folds the rest (readers must reach all).
        "country": sorted_facet([(c, str(names.get(c, c)), n) for c, _, n in raw["country"]]),
        "year": sorted(((y, str(y), n) for y, n in years.items()), reverse=True),
        "operator": _keep_chosen(filterset, "operator", sorted_facet([row for row in raw["operator"] if row[0]])),
        "nationality": _keep_chosen(
            filterset,
            "nationality",
            sorted_facet([(c, str(names.get(c, c)), n) for c, _, n in raw["nationality"] if c]),
        ),
    }
    return facets, total


def _keep_chosen(filterset: FlightFilterSet, name: str, rows: list[tuple]) -> list[tuple]:
    chosen = set(filterset.selected(name))
    return [row for i, row in enumerate(rows) if i < FACET_LIMIT or str(row[0]) in chosen]


def _counts_orm(filterset: FlightFilterSet) -> Counts:
    def counts(without: str, *group_by: str) -> list[tuple]:
        queryset = filterset.filter_queryset_without(filterset.queryset, without)
        if without == "year":
            queryset = queryset.annotate(departed_year=ExtractYear("departed_earliest"))
        rows = queryset.values_list(*group_by).annotate(n=Count("pk")).order_by()
        return [(row[0], row[1] if len(row) == 3 else "", row[-1]) for row in rows]

    return {
        "year": counts("year", "departed_year"),
        "kind": counts("kind", "kind"),
        "country": counts("country", "destination_country"),
        "operator": counts("operator", "operator__slug", "operator__name"),
        "nationality": counts("nationality", "nationality"),
    }


def _counts_summary(filterset: FlightFilterSet) -> Counts | None:
    """The facets from the archive summary's pre-summed rows (records summed, not counted), or None."""
    if summed_selection(filterset) is None:
        return None
    if connection.vendor == "postgresql":  # the one-statement form, over the summary's rows
        return _counts_postgres(filterset, summed_selection(filterset, *FACETS))
    operators = {pk: (slug, name) for pk, slug, name in Operator.objects.values_list("pk", "slug", "name")}
    counts: Counts = {}
    for facet, column in (
        ("year", "year"),
        ("kind", "kind"),
        ("country", "destination_country"),
        ("operator", "operator_id"),
        ("nationality", "nationality"),
    ):
        rows = summed_selection(filterset, facet)
        assert rows is not None  # fewer filters than the whole state: still within the summary
        if facet == "year":
            rows = rows.annotate(year=ExtractYear("month"))
        found = rows.values_list(column).annotate(n=Sum("n_records")).order_by()
        if facet == "operator":
            counts[facet] = [(*operators.get(pk, ("", "")), n) for pk, n in found if pk is not None and n]
        else:
            counts[facet] = [(value, "", n) for value, n in found if n]
    return counts


def _counts_postgres(filterset: FlightFilterSet, summary: QuerySet[SummaryRows] | None = None) -> Counts:
    """One statement: flights matching every non-facet filter once, then four GROUP BYs over those rows.

    ``summary``: the archive summary under the same non-facet filters; its rows carry their record count
    (and a month for the date), so each facet sums them instead of counting rows.
    """
    if summary is not None:
        hits = summary.values("pk", "kind", "destination_country", "operator_id", "month", "nationality", "n_records")
        columns, counted = "id, kind, country, operator_id, departed, nationality, n", "sum(h.n)"
    else:
        hits = filterset.filter_queryset_without(filterset.queryset, *FACETS).values(
            "pk", "kind", "destination_country", "operator_id", "departed_earliest", "nationality"
        )
        columns, counted = "id, kind, country, operator_id, departed, nationality", "count(*)"
    hits_sql, hits_params = hits.query.sql_with_params()
    conditions = _facet_conditions(filterset)

    def where(facet: str) -> tuple[str, list[Any]]:
        return conditions_except(conditions, facet)

    w_year, w_kind, w_country, w_operator = where("year"), where("kind"), where("country"), where("operator")
    w_nationality = where("nationality")
    # One pass over the flights: GROUPING SETS groups them four ways, and each facet's count only takes
    # the rows its own WHERE (every other facet filter) lets through.
    sql = f"""
        WITH hits ({columns}) AS ({hits_sql})
        SELECT h.kind, h.country, h.operator_id, EXTRACT(YEAR FROM h.departed)::int AS year, h.nationality,
            GROUPING(h.kind) AS by_kind, GROUPING(h.country) AS by_country, GROUPING(h.operator_id) AS by_operator,
            GROUPING(h.nationality) AS by_nationality,
            {counted} FILTER (WHERE {w_kind[0]}) AS n_kind,
            {counted} FILTER (WHERE {w_country[0]}) AS n_country,
            {counted} FILTER (WHERE {w_operator[0]}) AS n_operator,
            {counted} FILTER (WHERE {w_year[0]}) AS n_year,
            {counted} FILTER (WHERE {w_nationality[0]}) AS n_nationality
        FROM hits h
        GROUP BY GROUPING SETS (
            (h.kind), (h.country), (h.operator_id), (EXTRACT(YEAR FROM h.departed)::int), (h.nationality)
        )
    """
    params = [*hits_params, *w_kind[1], *w_country[1], *w_operator[1], *w_year[1], *w_nationality[1]]
    counts: Counts = {name: [] for name in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    # Operators' names only when an operator is counted: ARTS movements name none.
    operators: dict[int, tuple[str, str]] = {}
    if any(row[2] is not None for row in found):
        operators = {pk: (slug, name) for pk, slug, name in Operator.objects.values_list("pk", "slug", "name")}
    for (
        kind,
        country,
        operator_id,
        year,
        nationality,
        by_kind,
        by_country,
        by_operator,
        by_nat,
        *n,
    ) in found:
        n_kind, n_country, n_operator, n_year, n_nationality = n
        if not by_nat and n_nationality:
            counts["nationality"].append((nationality, "", n_nationality))
        elif not by_kind and n_kind:
            counts["kind"].append((kind, "", n_kind))
        elif not by_country and n_country:
            counts["country"].append((country, "", n_country))
        elif not by_operator and n_operator and operator_id is not None:
            slug, name = operators.get(operator_id, ("", ""))
            counts["operator"].append((slug, name, n_operator))
        elif by_kind and by_country and by_operator and by_nat and n_year:
            counts["year"].append((year, "", n_year))
    return counts


def _facet_conditions(filterset: FlightFilterSet) -> dict[str, tuple[str, list[Any]]]:
    """The facet filters that are active, as SQL over the `hits` rows."""
    cleaned = filterset.cleaned
    conditions: dict[str, tuple[str, list[Any]]] = {}
    if cleaned.get("kind"):
        conditions["kind"] = ("h.kind = ANY(%s)", [list(cleaned["kind"])])
    if cleaned.get("country"):
        conditions["country"] = ("h.country = ANY(%s)", [list(cleaned["country"])])
    if cleaned.get("nationality"):
        conditions["nationality"] = ("h.nationality = ANY(%s)", [list(cleaned["nationality"])])
    if cleaned.get("operator"):
        conditions["operator"] = ("h.operator_id = ANY(%s)", [[operator.pk for operator in cleaned["operator"]]])
    if cleaned.get("year"):
        spans, params = [], []
        for year in cleaned["year"]:
            spans.append("(h.departed >= %s AND h.departed < %s)")
            params += [datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)]
        conditions["year"] = ("(" + " OR ".join(spans) + ")", params)
    return conditions
