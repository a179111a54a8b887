"""Summary pages: indexes of countries, airports, operators and sources; a country; an airport; the route map.

Every figure is a database aggregate (flights/aggregates.py) over ``Flight.objects.public()``. ARTS
passenger movements and the newsroom's flights are totalled apart, and overlapping datasets side by
side: the headline figures come from the reference dataset (the largest covering every nationality).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from flights import aggregates, rankings
from flights.archive_summary import ArchiveSummary, is_summary, records_or_summary
from flights.charts import bar_chart
from flights.formatting import country_names
from flights.holds import public_claims_per_source
from flights.maps import route_map
from flights.models import Airport, Flight, Operator, Source
from flights.table_rows import for_tables
from newsroom.caching import PublicCacheMixin

PER_PAGE = 50
TOP = 10
MAP_ROUTES = 40  # routes a country's map draws


def reference_dataset() -> Source | None:
    """The movement dataset headline figures come from: the largest that covers every nationality.

    Sources are few: each is probed with EXISTS on the dataset index, and only when several qualify are
    their records counted.
    """
    rows = Flight.objects.public().movements().filter(nationality="")
    candidates = list(Source.objects.filter(Exists(rows.filter(dataset=OuterRef("pk")))))
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    sizes = dict(
        rows.filter(dataset__in=candidates)
        .order_by()
        .values("dataset_id")
        .annotate(n=Count("*"))
        .values_list("dataset_id", "n")
    )
    return max(candidates, key=lambda source: (sizes.get(source.pk, 0), -source.pk))


def _source_link(source: Source | None) -> tuple[str, str]:
    if source is None:
        return "", ""
    return source.publisher, source.get_absolute_url()


def _align(first: list[aggregates.Group], second: list[aggregates.Group]) -> tuple[list, list]:
    """Two period series on the same categories (a year with movements out but none in shows 0 in)."""
    keys = sorted({g.key for g in first} | {g.key for g in second})
    a, b = {g.key: g for g in first}, {g.key: g for g in second}
    template = {**b, **a}

    def filled(found: dict[str, aggregates.Group]) -> list[aggregates.Group]:
        return [
            found.get(k)
            or aggregates.Group(k, template[k].label, 0, 0, partial=template[k].partial, start=template[k].start)
            for k in keys
        ]

    return filled(a), filled(b)


def _counted(paginator: Paginator, count: int | None) -> Paginator:
    """The paginator, told its count when the summary knows it (the same rows, summed instead of counted)."""
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never computed
    return paginator


class CountryView(PublicCacheMixin, ListView):
    """A country: totals, passengers per year and month, top airports and routes, map, stories, records."""

    template_name = "flights/country.html"
    context_object_name = "movements"
    paginate_by = PER_PAGE

    def get_queryset(self) -> QuerySet[Flight]:
        code = self.kwargs["code"].upper()
        if code not in country_names():
            raise Http404("No such country")
        self.code = code
        self.to_country = Flight.objects.public().filter(destination_country=code)
        self.reference = reference_dataset()
        movements = self.to_country.movements()
        if self.reference is not None:
            # One dataset's rows: the others repeat the same people (see by_dataset).
            movements = movements.filter(dataset=self.reference)
        # The pager's count from the archive summary when it is current: tens of thousands of rows otherwise.
        # Its year rows serve every figure but the months (month_base).
        public = Flight.objects.public()
        self.summed = records_or_summary(public, yearly=True).filter(destination_country=code)
        self.month_base = (ArchiveSummary.objects.all() if is_summary(self.summed) else public).filter(
            destination_country=code
        )
        # Domestic transfers ending here, and (from the summary) the reference dataset's movements the pager
        # lists, in one pass.
        parts = {"transfers": Q(kind=Flight.Kind.DOMESTIC_TRANSFER)}
        if self.reference is not None and is_summary(self.summed):
            parts["listed"] = Q(dataset=self.reference)
        found = aggregates.totals_where(self.summed.movements(), parts)
        self.transfers = found["transfers"]
        self.listed_count = found["listed"].records if "listed" in found else None
        return for_tables(movements).order_by("-departed_earliest", "slug")

    def get_paginator(self, queryset: QuerySet[Flight], per_page: int, **kwargs: Any) -> Paginator:
        return _counted(super().get_paginator(queryset, per_page, **kwargs), self.listed_count)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        name = country_names()[self.code]
        is_us = self.code == "US"
        # Figures from the archive summary when it is current (the same filters, pre-summed rows), else live.
        summed = self.summed
        removals = summed.movements().filter(kind__in=Flight.REMOVAL_KINDS)
        datasets = aggregates.by_dataset(removals)
        reference = self.reference
        headline = next((d for d in datasets if reference and d.source and d.source.pk == reference.pk), None)
        if headline is None and datasets:
            headline = datasets[0]
        context.update(country_code=self.code, country_name=name, is_us=is_us, datasets=datasets)
        if headline is not None:
            main = removals.filter(dataset=headline.source)
            covered = aggregates.coverage(main, [headline.source.pk if headline.source else None])
            month_rows = self.month_base.movements().filter(kind__in=Flight.REMOVAL_KINDS, dataset=headline.source)
            months = aggregates.by_period(month_rows, "month", covered)
            years = aggregates.years_from_months(months)
            # Every route (the map draws the first 40, origins sum them all) and each year's top pickup airport,
            # then the airports both name, in one query.
            route_rows = rankings.route_rows(main)
            top_rows = rankings.top_rows(main, "year", "origin")
            airports = rankings.airports_named(
                {pk for row in route_rows for pk in row[:2]} | {row["origin_id"] for row in top_rows.values()}
            )
            tops = rankings.top_groups(top_rows, "origin", airports)
            # Groups for the routes the map draws (and the top ten); the origins sum every route's row.
            drawn = rankings.placed_prefix(route_rows, airports, MAP_ROUTES)
            routes = rankings.route_groups(route_rows[:drawn], airports=airports)
            source_name, source_url = _source_link(headline.source)
            what = "People moved to U.S. staging airports" if is_us else f"People removed to {name}"
            context.update(
                headline=headline,
                other_datasets=[d for d in datasets if d is not headline],
                years=[(g, tops.get(g.key)) for g in years],
                juveniles=next((d for d in datasets if d.totals.juvenile_share is not None), None),
                year_chart=bar_chart(
                    years,
                    title=f"{what}, per year",
                    caption="Hatched bars are years the records cover only in part.",
                    width=520,
                    source_name=source_name,
                    source_url=source_url,
                ),
                month_chart=bar_chart(
                    months,
                    title=f"{what}, per month",
                    caption="Hatched bars are months the records cover only in part.",
                    width=760,
                    source_name=source_name,
                    source_url=source_url,
                ),
                top_origins=rankings.origins_from_routes(route_rows, airports, TOP),
                top_routes=routes[:TOP],
                route_map=route_map(
                    routes,
                    title=f"Where {what[0].lower() + what[1:]} were picked up",
                    caption="Each line is a pickup → drop-off route; its width is the number of people.",
                    highlight="" if is_us else self.code,
                    crop=True,
                    limit=MAP_ROUTES,
                    source_name=source_name,
                    source_url=source_url,
                    route_count=len(route_rows),
                ),
            )
        context["transfers"] = self.transfers
        flights = for_tables(self.to_country.flights()).order_by("-departed_earliest", "slug")
        context["flights"] = list(flights[:PER_PAGE])
        # Counted only when the page is full: fewer than a page is all of them.
        full = len(context["flights"]) == PER_PAGE
        context["flight_count"] = flights.count() if full else len(context["flights"])
        # Stories reach the flights through the reverse relation; flights never import articles.
        article_model = Flight._meta.get_field("articles").related_model
        context["stories"] = (
            article_model.objects.published()
            .filter(flights__destination_country=self.code)
            .distinct()
            .order_by("-published_at")[:10]
        )
        return context


class AirportView(PublicCacheMixin, ListView):
    """An airport: people picked up and dropped off per year, top destinations, a small map, records."""

    template_name = "flights/airport.html"
    context_object_name = "flights"
    paginate_by = PER_PAGE

    def get_queryset(self) -> QuerySet[Flight]:
        icao = self.kwargs["icao"].upper()
        if not (icao.isascii() and icao.isalnum()):
            # No airport code has other characters, and PostgreSQL refuses a NUL in a query (a 500, not a 404).
            raise Http404("No such airport")
        self.airport = get_object_or_404(Airport, icao=icao)
        touching = Q(origin=self.airport) | Q(destination=self.airport)
        self.touching = Flight.objects.public().filter(touching)
        self.reference = reference_dataset()
        listed = self.touching
        if self.reference is not None:
            # Flights, and the reference dataset's movements: other datasets repeat the same people.
            listed = listed.filter(Q(record_type=Flight.RecordType.FLIGHT) | Q(dataset=self.reference))
        # Figures, and the pager's count of movements, from the archive summary when it is current.
        self.summed = records_or_summary(Flight.objects.public(), yearly=True).filter(touching)
        self.flight_count = self.touching.flights().count()
        self.datasets = aggregates.by_dataset(self.summed.movements())
        self.listed_count = None
        if self.reference is not None and is_summary(self.summed):
            # The reference dataset's movements here: its row of the split by dataset.
            moved = sum(d.totals.records for d in self.datasets if d.source == self.reference)
            self.listed_count = self.flight_count + moved
        return for_tables(listed).order_by("-departed_earliest", "slug")

    def get_paginator(self, queryset: QuerySet[Flight], per_page: int, **kwargs: Any) -> Paginator:
        return _counted(super().get_paginator(queryset, per_page, **kwargs), self.listed_count)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(airport=self.airport, **kwargs)
        movements = self.summed.movements()
        reference = self.reference
        datasets = self.datasets
        dataset = (
            reference if any(d.source == reference for d in datasets) else (datasets[0].source if datasets else None)
        )
        context["datasets"] = datasets
        context["flight_count"] = self.flight_count
        if dataset is None:
            return context
        main = movements.filter(dataset=dataset)
        out, in_ = Q(origin=self.airport), Q(destination=self.airport)
        out_removals = out & Q(kind__in=Flight.REMOVAL_KINDS)
        covered = aggregates.coverage(main, [dataset.pk])
        # Both directions in one pass each: totals, and people per year.
        totals = aggregates.totals_where(main, {"out": out, "in": in_, "out_removals": out_removals})
        years = aggregates.by_period_where(main, "year", {"out": out, "in": in_}, covered)
        years_out, years_in = _align(years["out"], years["in"])
        source_name, source_url = _source_link(dataset)
        # The rankings' rows first, then every airport they name in one query.
        route_rows = rankings.route_rows(main, limit=20)
        destination_rows = rankings.airport_rows(main.filter(out), "destination", TOP)
        origin_rows = rankings.airport_rows(main.filter(in_), "origin", TOP)
        airports = rankings.airports_named(
            {pk for row in route_rows for pk in row[:2]}
            | {row["destination_id"] for row in destination_rows}
            | {row["origin_id"] for row in origin_rows}
        )
        routes = rankings.route_groups(route_rows, airports=airports)
        context.update(
            dataset=dataset,
            out_totals=totals["out"],
            in_totals=totals["in"],
            out_removals=totals["out_removals"],
            year_chart=bar_chart(
                years_out,
                second=years_in,
                series_names=("picked up here", "dropped off here"),
                title=f"People picked up and dropped off at {self.airport.icao}, per year",
                caption="Dark: picked up here (out). Light: dropped off here (in). Hatched: years covered in part.",
                width=560,
                show_values=False,
                source_name=source_name,
                source_url=source_url,
            ),
            top_destinations=rankings.airport_groups(destination_rows, "destination", airports),
            top_countries=rankings.by_country(main.filter(out_removals).exclude(destination_country="US"), TOP),
            top_origins=rankings.airport_groups(origin_rows, "origin", airports),
            route_map=route_map(
                routes,
                title=f"Routes through {self.airport}",
                caption="Pickup → drop-off routes from and to this airport; width is the number of people.",
                crop=True,
                focus=self.airport.icao,
                limit=20,
                source_name=source_name,
                source_url=source_url,
            ),
        )
        return context


class CountryIndexView(PublicCacheMixin, TemplateView):
    """Every country the records reach, with people removed there and flights recorded."""

    template_name = "flights/country_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reference = reference_dataset()
        records = Flight.objects.public()
        # The reference dataset's removals per country, from the summary's year rows when it may be read.
        removals = records_or_summary(records, yearly=True).movements()
        removed = aggregates.totals_per(
            removals.filter(dataset=reference, kind__in=Flight.REMOVAL_KINDS), "destination_country"
        )
        flights = dict(
            records.flights()
            .order_by()
            .values("destination_country")
            .annotate(n=Count("pk"))
            .values_list("destination_country", "n")
        )
        names = country_names()
        rows = []
        for code in set(removed) | set(flights):
            found = removed.get(code, aggregates.Totals())
            rows.append(
                {
                    "code": code,
                    "name": str(names.get(code, code)),
                    "passengers": found.passengers,
                    "movements": found.records,
                    "first": found.first,
                    "last": found.last,
                    "flights": flights.get(code, 0),
                    "staging": code == "US",
                }
            )
        rows.sort(key=lambda row: (row["staging"], -row["passengers"], -row["flights"], row["name"]))
        context.update(
            rows=rows,
            reference=reference,
            total_passengers=sum(r["passengers"] for r in rows if not r["staging"]),
            countries_reached=sum(1 for r in rows if not r["staging"]),
        )
        return context


class AirportIndexView(PublicCacheMixin, TemplateView):
    template_name = "flights/airport_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reference = reference_dataset()
        records = Flight.objects.public()
        main = records_or_summary(records, yearly=True).movements().filter(dataset=reference)
        sides = {side: rankings.airport_rows(main, side) for side in ("origin", "destination")}
        flights = _flights_per_airport(records.flights())
        # Every airport either list names, in one query.
        airports = rankings.airports_named(
            {row[f"{side}_id"] for side, found in sides.items() for row in found} | set(flights)
        )
        rows: dict[str, dict[str, Any]] = {}
        for side, column in (("origin", "out"), ("destination", "in")):
            for group in rankings.airport_groups(sides[side], side, airports):
                row = rows.setdefault(
                    group.key, {"icao": group.key, "label": group.label, "place": group.detail, "out": 0, "in": 0}
                )
                row[column] = group.passengers
        for pk, count in flights.items():
            icao, name = airports[pk]["icao"], airports[pk]["name"]
            label = rankings.airport_label(icao, name)
            rows.setdefault(icao, {"icao": icao, "label": label, "place": "", "out": 0, "in": 0})["flights"] = count
        ordered = sorted(rows.values(), key=lambda r: (-(r["out"] + r["in"]), r["icao"]))
        context.update(rows=ordered, reference=reference)
        return context


def _flights_per_airport(flights: QuerySet[Flight]) -> dict[int, int]:
    """Flights per airport id, counting a flight at its origin and at its destination (one GROUP BY of pairs)."""
    counts: dict[int, int] = {}
    for origin, destination, n in (
        flights.order_by().values_list("origin_id", "destination_id").annotate(n=Count("pk")).order_by()
    ):
        for pk in (origin, destination):
            if pk is not None:
                counts[pk] = counts.get(pk, 0) + n
    return counts


class OperatorIndexView(PublicCacheMixin, TemplateView):
    template_name = "flights/operator_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        public = Flight.objects.public()
        stats = {
            row["operator_id"]: row
            for row in public.filter(operator__isnull=False)
            .order_by()
            .values("operator_id")
            .annotate(
                flights=Count("pk"),
                passengers=Sum("passengers_total"),
                first=Min("departed_earliest"),
                last=Max("departed_latest"),
            )
        }
        context["rows"] = [
            {"operator": operator, **stats.get(operator.pk, {"flights": 0, "passengers": None})}
            for operator in Operator.objects.order_by("name")
        ]
        return context


class SourceIndexView(PublicCacheMixin, TemplateView):
    template_name = "flights/source_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        claims = public_claims_per_source()
        # Records per dataset from the summary's year rows when it may be read: it then holds every dataset row.
        imported = records_or_summary(Flight.objects.public(), yearly=True).filter(dataset__isnull=False)
        records = dict(
            imported.order_by()
            .values("dataset_id")
            .annotate(n=aggregates.record_count(imported))
            .values_list("dataset_id", "n")
        )
        context["rows"] = [
            {"source": source, "claims": claims.get(source.pk, 0), "records": records.get(source.pk, 0)}
            for source in Source.objects.order_by("-published_on", "title")
        ]
        return context


class IceAirMethodsView(PublicCacheMixin, TemplateView):
    """/data/ice-air/: where the ARTS figures come from, what they can and cannot say, how the site counts."""

    template_name = "flights/ice_air_methods.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Dataset rows: the summary's year rows hold every one of them when it may be read.
        records = records_or_summary(Flight.objects.public(), yearly=True).filter(dataset__isnull=False)
        rows = []
        for record_type, label in Flight.RecordType.choices:
            for entry in aggregates.by_dataset(records.filter(record_type=record_type)):
                rows.append({"type": label, "entry": entry})
        context["datasets"] = rows
        context["reference"] = reference_dataset()
        return context
