"""Public pages of the flight records: the list, a flight, and pages per country, airport, operator, source."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from django_countries import countries

from flights.derived import derived_context
from flights.facts_table import fact_rows
from flights.models import Airport, Claim, Flight, Operator, Source
from newsroom.caching import PublicCacheMixin

FLIGHTS_PER_PAGE = 50


class FlightListView(PublicCacheMixin, ListView):
    template_name = "flights/flight_list.html"
    context_object_name = "flights"
    paginate_by = FLIGHTS_PER_PAGE

    def get_queryset(self) -> QuerySet[Flight]:
        return Flight.objects.with_places()


class FlightDetailView(PublicCacheMixin, DetailView):
    template_name = "flights/flight_detail.html"
    context_object_name = "flight"

    def get_queryset(self) -> QuerySet[Flight]:
        from articles.models import Article  # the flight page reaches articles through the reverse relation

        return Flight.objects.with_places().prefetch_related(
            Prefetch("claims", queryset=Claim.objects.select_related("source")),
            Prefetch("legs__origin"),
            Prefetch("legs__destination"),
            Prefetch("articles", queryset=Article.objects.published().order_by("-published_at")),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = fact_rows(self.object)
        context.update(derived_context(self.object))
        return context


class CountryView(PublicCacheMixin, ListView):
    template_name = "flights/country.html"
    context_object_name = "flights"
    paginate_by = FLIGHTS_PER_PAGE

    def get_queryset(self) -> QuerySet[Flight]:
        code = self.kwargs["code"].upper()
        if code not in dict(countries):
            raise Http404("No such country")
        self.country_code = code
        return Flight.objects.with_places().filter(destination_country=code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["country_code"] = self.country_code
        context["country_name"] = dict(countries)[self.country_code]
        return context


class AirportView(PublicCacheMixin, ListView):
    template_name = "flights/airport.html"
    context_object_name = "flights"
    paginate_by = FLIGHTS_PER_PAGE

    def get_queryset(self) -> QuerySet[Flight]:
        self.airport = get_object_or_404(Airport, icao=self.kwargs["icao"].upper())
        return Flight.objects.with_places().filter(Q(origin=self.airport) | Q(destination=self.airport))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(airport=self.airport, **kwargs)


class OperatorView(PublicCacheMixin, ListView):
    template_name = "flights/operator.html"
    context_object_name = "flights"
    paginate_by = FLIGHTS_PER_PAGE

    def get_queryset(self) -> QuerySet[Flight]:
        self.operator = get_object_or_404(Operator, slug=self.kwargs["slug"])
        return Flight.objects.with_places().filter(operator=self.operator)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(operator=self.operator, **kwargs)


class SourceView(PublicCacheMixin, DetailView):
    template_name = "flights/source.html"
    context_object_name = "source"

    model = Source
    # A dataset source can back hundreds of thousands of claims; the page shows the first ones.
    claims_shown = 200

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        claims = self.object.claims.select_related("flight").order_by("flight__departed_earliest", "flight", "field")
        context["claims"] = claims[: self.claims_shown]
        context["claim_count"] = claims.count()
        return context
