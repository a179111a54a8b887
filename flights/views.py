"""Public pages of the flight records: the list, a flight, and pages per country, airport, operator, source."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import DetailView, ListView

from flights import exchange
from flights.database_views import aggregate_context
from flights.facets import flight_facets
from flights.filters import FlightFilterSet
from flights.models import Flight, Operator, Source
from flights.page_cache import flight_parts
from newsroom.archive import FacetItem, FilteredListView, cached_facets, without_url
from newsroom.caching import PublicCacheMixin, add_cache_tags

FLIGHTS_PER_PAGE = 50


class FlightListView(FilteredListView):
    """The flight database: every record, filtered and counted by facets, with CSV and JSON downloads."""

    template_name = "flights/flight_list.html"
    context_object_name = "flights"
    paginate_by = FLIGHTS_PER_PAGE
    filterset_class = FlightFilterSet

    def get_base_queryset(self) -> QuerySet[Flight]:
        return Flight.objects.public()

    def get_facets(self) -> dict[str, list[FacetItem]]:
        facets, self.known_count = cached_facets(self.filterset, flight_facets, tags=("flights", "operators"))
        return facets

    def get_queryset(self) -> QuerySet[Flight]:
        return super().get_queryset().select_related("origin", "destination", "operator")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The same filters, every page: a download holds all the flights they select.
        query = without_url(self.request.GET).rstrip("?")
        context["csv_url"] = reverse("flights:download_csv") + query
        context["json_url"] = reverse("flights:download_json") + query
        context.update(aggregate_context(self.filterset, self.request))
        return context


class FlightDownloadView(View):
    """Every flight the database page's filters select (not just one page), streamed as CSV or JSON."""

    format = "csv"

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        filterset = FlightFilterSet(request.GET, queryset=Flight.objects.public(), request=request)
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

        # The claims are read only when the record's parts are not cached (flights/page_cache.py).
        return Flight.objects.with_places().prefetch_related(
            Prefetch("legs__origin"),
            Prefetch("legs__destination"),
            Prefetch("articles", queryset=Article.objects.published().order_by("-published_at")),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Its own record, the stories citing it, and the derived facts about every flight to the same country.
        slug, country = self.object.slug, self.object.destination_country
        add_cache_tags(self.request, [f"flight:{slug}", f"flight-stories:{slug}", f"country:{country}"])
        context.update(flight_parts(self.object))
        return context


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
