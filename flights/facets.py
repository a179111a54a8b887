"""Facet counts beside the flight database: kind, destination country, year and operator."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django_countries import countries

from flights.filters import FlightFilterSet
from flights.models import Flight
from newsroom.archive import FacetRows, sorted_facet

FACET_LIMIT = 20


def _counts(queryset: QuerySet[Flight], *group_by: str) -> list[tuple]:
    return list(queryset.values_list(*group_by).annotate(n=Count("pk")).order_by())


def flight_facets(filterset: FlightFilterSet) -> tuple[FacetRows, int]:
    """Facets, each counted under every other active filter, and the number of results (from the year facet)."""

    def base(without: str) -> QuerySet[Flight]:
        return filterset.filter_queryset_without(filterset.queryset, without)

    years = dict(_counts(base("year").annotate(departed_year=ExtractYear("departed_earliest")), "departed_year"))
    chosen_years = filterset.cleaned.get("year") or []
    total = sum(count for year, count in years.items() if not chosen_years or year in chosen_years)

    kinds = dict(Flight.Kind.choices)
    names = dict(countries)
    operators = [row for row in _counts(base("operator"), "operator__slug", "operator__name") if row[0]]
    chosen_operators = set(filterset.selected("operator"))
    chosen_countries = set(filterset.selected("country"))
    by_country = sorted_facet(
        [(c, str(names.get(c, c)), n) for c, n in _counts(base("country"), "destination_country")]
    )
    facets = {
        "kind": sorted_facet([(k, str(kinds.get(k, k)), n) for k, n in _counts(base("kind"), "kind")]),
        "country": [row for i, row in enumerate(by_country) if i < FACET_LIMIT or row[0] in chosen_countries],
        "year": sorted(((y, str(y), n) for y, n in years.items()), reverse=True),
        "operator": [
            row for i, row in enumerate(sorted_facet(operators)) if i < FACET_LIMIT or row[0] in chosen_operators
        ],
    }
    return facets, total
