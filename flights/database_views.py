"""Aggregates of whatever the flight database's filters select: the chart, the grouped view, their downloads,
and the route map.

Totals never mix flights with passenger movements (the record filter keeps one kind), nor overlapping
datasets: when movements from several datasets match, the largest is totalled and the others linked.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import TemplateView

from flights import aggregates, rankings
from flights.archive_summary import ArchiveYearSummary
from flights.charts import bar_chart
from flights.filters import GROUP_CHOICES, FlightFilterSet
from flights.maps import route_map
from flights.models import Flight
from flights.summary_filters import summary_readable, summed_selection
from flights.summary_views import reference_dataset
from newsroom import freshness
from newsroom.archive import without_url
from newsroom.caching import PublicCacheMixin

CAVEAT = (
    "ARTS rows are passenger movements between a pickup and a drop-off airport on one date, as ICE recorded "
    "them from October 2010 to December 2018; a movement is not a flight, and later years are missing. "
    "Methods: /data/ice-air/"
)


GROUPS_SHOWN = 200


def _query(data: QueryDict, **changes: str) -> str:
    params = data.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value:
            params[name] = value
        else:
            params.pop(name, None)
    return "?" + params.urlencode() if params else ""


class Selection:
    """The records a filter state selects, narrowed to one dataset when movements from several match.

    Figures come from the archive summary when the filters map onto it (flights.archive_summary), else
    from the records.
    """

    def __init__(self, filterset: FlightFilterSet) -> None:
        self.filterset = filterset
        cleaned = filterset.cleaned
        self.record_type = cleaned.get("record") or Flight.RecordType.FLIGHT.value
        # The summary's year rows serve every figure but months (month_records()).
        summed = summed_selection(filterset)
        self.records: aggregates.Records = (
            summed if summed is not None else filterset.filter_queryset_without(filterset.queryset)
        )
        self.datasets = aggregates.by_dataset(self.records) if self.record_type == Flight.RecordType.MOVEMENT else []
        self.others: list[aggregates.DatasetTotals] = []
        self.dataset = None
        self.narrowed = len(self.datasets) > 1
        if self.narrowed:
            self.dataset = self.datasets[0].source
            self.others = self.datasets[1:]
            self.records = self.records.filter(dataset=self.dataset)
        elif self.datasets:
            self.dataset = self.datasets[0].source
        self.within = (cleaned.get("date_from"), cleaned.get("date_to"))

    def month_records(self) -> aggregates.Records:
        """The records, or the summary's month rows under the same filters (the year rows hold no months)."""
        if getattr(self.records.model, "grain", "") != "year":
            return self.records
        monthly = summed_selection(self.filterset, monthly=True)
        assert monthly is not None  # the year rows were readable under the same filters
        return monthly.filter(dataset=self.dataset) if self.narrowed else monthly

    def totals(self) -> aggregates.Totals:
        """Totals of the records: the largest dataset's row of by_dataset() when movements were split by
        dataset (the records are then that dataset's, or all of one), saving the same sums a second time."""
        if self.record_type == Flight.RecordType.MOVEMENT:
            return self.datasets[0].totals if self.datasets else aggregates.Totals()
        return aggregates.totals(self.records)

    def groups(self, name: str) -> list[aggregates.Group]:
        # Movements are complete within their dataset's dates; flights (the newsroom's) up to today.
        movement = self.record_type == Flight.RecordType.MOVEMENT
        known = [self.dataset.pk] if self.dataset is not None else None
        covered = aggregates.coverage(self.records, known) if movement and name in {"month", "year"} else None
        extra = {"covered": covered, "within": self.within} if name in {"month", "year"} else {}
        records = self.month_records() if name == "month" else self.records
        return rankings.group(records, name, self.record_type, **extra)

    def shown_groups(self, name: str, shown: int) -> tuple[list[aggregates.Group], int]:
        """The groups a page lists (every period; the ``shown`` largest of a ranking) and how many there are."""
        if name in {"month", "year"}:
            groups = self.groups(name)
            return groups, len(groups)
        return rankings.ranked(self.records, name, shown, self.record_type)


def aggregate_context(filterset: FlightFilterSet, request: HttpRequest) -> dict[str, Any]:
    """Context for templates/flights/_aggregates.html: totals, a chart and (if asked) a grouped table."""
    selection = Selection(filterset)
    totals = selection.totals()
    if not totals.records:
        return {"agg": None}
    span_years = (totals.last.year - totals.first.year) if totals.first and totals.last else 0
    period = "month" if span_years <= 3 else "year"
    group_name = filterset.cleaned.get("group") or ""
    grouped, group_count = selection.shown_groups(group_name, GROUPS_SHOWN) if group_name else (None, 0)
    # The chart's periods, from the grouped rows when they are the same (or months summed to years).
    if group_name == period and grouped is not None:
        groups = grouped
    elif group_name == "month" and period == "year" and grouped is not None:
        groups = aggregates.years_from_months(grouped)
    else:
        groups = selection.groups(period)
    movement = selection.record_type == Flight.RecordType.MOVEMENT
    noun = "passenger movements" if movement else "flights"
    source_name = selection.dataset.publisher if selection.dataset else ""
    source_url = selection.dataset.get_absolute_url() if selection.dataset else ""
    chart = bar_chart(
        groups,
        title=f"People in the selected {noun}, per {period}",
        caption=(
            "Hatched bars are periods the records cover only in part."
            if movement
            else "Known passenger counts only; a flight whose count no source states adds nothing."
        ),
        width=760 if period == "month" else 560,
        source_name=source_name or "the newsroom's flight records",
        source_url=source_url or reverse("flights:sources"),
    )
    data = request.GET
    return {
        "agg": {
            "totals": totals,
            "movement": movement,
            "noun": noun,
            "chart": chart,
            "dataset": selection.dataset,
            "others": [
                {"entry": other, "url": _query(data, dataset=other.source.slug if other.source else "")}
                for other in selection.others
            ],
            "group": group_name,
            "group_label": dict(GROUP_CHOICES).get(group_name, ""),
            # A page shows the largest groups; the download has every one.
            "grouped": grouped[:GROUPS_SHOWN] if grouped is not None else None,
            "group_count": group_count,
            "group_links": [
                {"name": name, "label": label, "url": _query(data, group=name), "current": name == group_name}
                for name, label in GROUP_CHOICES
            ],
            "ungroup_url": _query(data, group=""),
            "csv_url": reverse("flights:aggregates_csv") + _query(data, group=group_name or period),
            "json_url": reverse("flights:aggregates_json") + _query(data, group=group_name or period),
        }
    }


# What the flight database's aggregates sum: records and their claims, operators, airports, datasets' sources.
AGGREGATE_TAGS = ("flights", "operators", "airports", "sources")
AGGREGATE_LIFETIME_SECONDS = 7 * 24 * 3600


def cached_aggregate_context(filterset: FlightFilterSet, request: HttpRequest) -> dict[str, Any]:
    """aggregate_context for this query, kept until a record it sums changes, as the facets are
    (newsroom.archive.cached_facets): the unfiltered database and popular filters are asked for far more often
    than the records change, and summing 43,000 rows per request is the page's largest cost."""
    # The links carry the query (less its page), so the key is the query itself.
    params = sorted((name, value) for name, values in request.GET.lists() if name != "page" for value in values)
    return freshness.remember(
        "aggregates", params, AGGREGATE_TAGS, lambda: aggregate_context(filterset, request), AGGREGATE_LIFETIME_SECONDS
    )


class AggregateDownloadView(View):
    """The grouped figures (``group``: month, year, country, origin, destination, route) of any filter."""

    format = "csv"

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = FlightFilterSet(request.GET, queryset=Flight.objects.public(), request=request)
        selection = Selection(filterset)
        name = filterset.cleaned.get("group") or "year"
        groups = selection.groups(name)
        dataset = selection.dataset.slug if selection.dataset else ""
        filters = without_url(request.GET, "group").lstrip("?")
        if self.format == "json":
            body = json.dumps(
                {
                    "group_by": name,
                    "record_type": selection.record_type,
                    "dataset": dataset or None,
                    "filters": filters,
                    "note": CAVEAT if selection.record_type == Flight.RecordType.MOVEMENT else "",
                    "groups": [
                        {
                            "key": g.key,
                            "label": g.label,
                            "records": g.records,
                            "passengers": g.passengers,
                            "partial_period": g.partial,
                        }
                        for g in groups
                    ],
                },
                ensure_ascii=False,
                indent=1,
            )
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(
                ["group_by", "key", "label", "record_type", "dataset", "records", "passengers", "partial_period"]
            )
            for g in groups:
                writer.writerow(
                    [
                        name,
                        g.key,
                        g.label,
                        selection.record_type,
                        dataset,
                        g.records,
                        g.passengers,
                        str(g.partial).lower(),
                    ]
                )
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="flight-aggregates-by-{name}.{self.format}"'
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response


class RouteMapView(PublicCacheMixin, TemplateView):
    """The route map: ARTS removal routes (by default), for any year, country or direction the reader picks."""

    template_name = "flights/routes.html"
    limit = 60

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        data = self.request.GET.copy()
        for key in list(data):  # the form's "All years" and "Every country" send empty values
            data.setlist(key, [value for value in data.getlist(key) if value])
        data.setdefault("record", Flight.RecordType.MOVEMENT.value)
        if "kind" not in data:
            data.setlist("kind", list(Flight.REMOVAL_KINDS))
        reference = reference_dataset()
        if "dataset" not in data and reference is not None and data["record"] == Flight.RecordType.MOVEMENT:
            data["dataset"] = reference.slug
        filterset = FlightFilterSet(data, queryset=Flight.objects.public(), request=self.request)
        summed = summed_selection(filterset)
        records: aggregates.Records = (
            summed if summed is not None else filterset.filter_queryset_without(filterset.queryset)
        )
        # Every route's row, but groups only for the routes the map draws and lists.
        rows = rankings.route_rows(records)
        airports = rankings.airports_named({pk for row in rows for pk in row[:2]})
        routes = rankings.route_groups(
            rows[: rankings.placed_prefix(rows, airports, self.limit)], data["record"], airports
        )
        totals = aggregates.totals(records)
        source = filterset.cleaned.get("dataset")
        # Choices for the form: the years and countries this dataset has, not every year and country there is.
        scope: aggregates.Records = Flight.objects.public()
        if data["record"] == Flight.RecordType.MOVEMENT and summary_readable(filterset):
            # The summary holds every movement (none held) when it may be read, asked once for the filters.
            scope = ArchiveYearSummary.objects.all()
        scope = scope.filter(record_type=data["record"])
        if source is not None:
            scope = scope.filter(dataset=source)
        context.update(
            years=[g.key for g in aggregates.by_period(scope, "year")],
            countries=rankings.by_country(scope.filter(kind__in=Flight.REMOVAL_KINDS)),
            chosen_years=[str(y) for y in filterset.cleaned.get("year") or []],
            chosen_countries=filterset.cleaned.get("country") or [],
            chosen_kinds=filterset.cleaned.get("kind") or [],
            kinds=Flight.Kind.choices,
        )
        context.update(
            filterset=filterset,
            form=filterset.form,
            totals=totals,
            route_map=route_map(
                routes,
                title="ICE Air routes" if data["record"] == Flight.RecordType.MOVEMENT else "Flight routes",
                caption=f"The {min(self.limit, len(rows)):,} busiest pickup → drop-off routes of "
                f"{len(rows):,} in this selection; line width is the number of people.",
                limit=self.limit,
                crop=True,
                source_name=source.publisher if source else "",
                source_url=source.get_absolute_url() if source else "",
                route_count=len(rows),
            ),
            movement=data["record"] == Flight.RecordType.MOVEMENT,
        )
        return context
