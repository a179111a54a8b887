"""Public pages of the flight records: the list, a flight, and pages per country, airport, operator, source."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import DetailView, ListView
from django_countries import countries

from flights import exchange
from flights.derived import derived_context
from flights.facets import flight_facets
from flights.facts_table import fact_rows
from flights.filters import FlightFilterSet
from flights.models import Airport, Claim, Flight, Operator, Source
from flights.place_choices import airports_in_use
from newsroom.archive import FacetItem, FilteredListView, cached_facets, without_url
from newsroom.caching import PublicCacheMixin

FLIGHTS_PER_PAGE = 50


class FlightListView(FilteredListView):
    """The flight database: every record, filtered and counted by facets, with CSV and JSON downloads."""

    template_name = "flights/flight_list.html"
    context_object_name = "flights"
    paginate_by = FLIGHTS_PER_PAGE
    filterset_class = FlightFilterSet

    def get_base_queryset(self) -> QuerySet[Flight]:
        return Flight.objects.all()

    def get_facets(self) -> dict[str, list[FacetItem]]:
        facets, self.known_count = cached_facets(self.filterset, flight_facets)
        return facets

    def get_queryset(self) -> QuerySet[Flight]:
        return super().get_queryset().select_related("origin", "destination", "operator")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The same filters, every page: a download holds all the flights they select.
        query = without_url(self.request.GET).rstrip("?")
        context["csv_url"] = reverse("flights:download_csv") + query
        context["json_url"] = reverse("flights:download_json") + query
        context["airport_choices"] = airports_in_use()
        return context


class FlightDownloadView(View):
    """Every flight the database page's filters select (not just one page), streamed as CSV or JSON."""

    format = "csv"

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        filterset = FlightFilterSet(request.GET, queryset=Flight.objects.all(), request=request)
        # The newsroom's own format (docs/flight-data-format.md): what is downloaded can be imported back.
        base_url = request.build_absolute_uri("/").rstrip("/")
        if self.format == "json":
            chunks = exchange.newsroom_json_chunks(filterset.qs, base_url)
            response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
        else:
            chunks = exchange.newsroom_csv_chunks(filterset.qs, base_url)
            response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="flights.{self.format}"'
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response


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
