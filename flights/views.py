"""Public pages of the flight records: the list, a flight, and pages per country, airport, operator, source."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import DetailView, ListView

from flights import exchange
from flights.database_views import cached_aggregate_context
from flights.facets import flight_facets
from flights.filters import FlightFilterSet
from flights.models import Claim, Flight, Operator, Source
from flights.page_cache import flight_parts, flight_tags
from flights.place_choices import airports_in_use
from flights.summary_filters import summary_readable
from flights.table_rows import for_tables
from newsroom import shells
from newsroom.archive import FacetItem, FilteredListView, cached_facets, without_url
from newsroom.caching import PublicCacheMixin
from newsroom.dbfaults import stream_or_fail
from newsroom.kept_listings import KeptListingMixin

FLIGHTS_PER_PAGE = 50
# What a download that the database cut short ends with: a CSV line no importer accepts, broken JSON.
_CUT = "The download stopped part-way because the database failed; this file is INCOMPLETE. Download it again."
CSV_CUT = f"\n# ERROR: {_CUT}\n"
JSON_CUT = f'\n"ERROR: {_CUT}"\n'


class FlightListView(KeptListingMixin, FilteredListView):
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
        return for_tables(super().get_queryset())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The same filters, every page: a download holds all the flights they select.
        query = without_url(self.request.GET).rstrip("?")
        context["csv_url"] = reverse("flights:download_csv") + query
        context["json_url"] = reverse("flights:download_json") + query
        context.update(cached_aggregate_context(self.filterset, self.request))
        # The filters have asked whether the archive summary may be read when they read movements.
        readable = summary_readable(self.filterset) if self.filterset.cleaned.get("record") == "movement" else None
        context["airport_choices"] = airports_in_use(readable)
        return context


class FlightDownloadView(View):
    """Every flight the database page's filters select (not just one page), streamed as CSV or JSON."""

    format = "csv"

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        # A database that is down now is a 503 page now, not a 200 whose body breaks after the header.
        connection.ensure_connection()
        filterset = FlightFilterSet(request.GET, queryset=Flight.objects.public(), request=request)
        # The newsroom's own format (docs/flight-data-format.md): what is downloaded can be imported back.
        base_url = request.build_absolute_uri("/").rstrip("/")
        # A database failure part-way ends the file with a notice and aborts the transfer (newsroom.dbfaults).
        if self.format == "json":
            chunks = stream_or_fail(exchange.newsroom_json_chunks(filterset.qs, base_url), incomplete_notice=JSON_CUT)
            response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
        else:
            chunks = stream_or_fail(exchange.newsroom_csv_chunks(filterset.qs, base_url), incomplete_notice=CSV_CUT)
            response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="flights.{self.format}"'
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response


class FlightDetailView(PublicCacheMixin, DetailView):
    """A reader's flight page: its own HTML from its shell (newsroom/shells.py) while nothing the page shows has
    changed, with no database read; read through the public gate, rendered and kept otherwise."""

    template_name = "flights/flight_detail.html"
    context_object_name = "flight"

    def get_queryset(self) -> QuerySet[Flight]:
        return Flight.objects.public()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        shell = shells.cached(request, "flight", self.kwargs["slug"])
        if shell is not None:
            return self.render_to_response({"shell": shell})
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        first = self.object
        # Its own record, the stories citing it, and the derived facts about every flight to the same country.
        tags = [f"flight-stories:{first.slug}", *flight_tags(first)]
        rendering = shells.start(self.request, "flight", first.slug, first.updated_at.isoformat(), tags)
        # Read again after the tokens, with its airports and operator: never older than the tokens.
        flight = self.get_queryset().with_places().filter(pk=first.pk).first()
        if flight is None:
            raise Http404("No public flight record at this address.")
        self.object = kwargs["object"] = flight
        self._read_page_records(flight)
        context = super().get_context_data(**kwargs)
        context.update(flight_parts(flight))
        parts = shells.render_parts(self.template_name, context, self.request)
        context["shell"] = shells.keep(rendering, parts, revision=flight.updated_at.isoformat())
        return context

    @staticmethod
    def _read_page_records(flight: Flight) -> None:
        from articles.models import Article  # the flight page reaches articles through the reverse relation

        # The claims are read by flight_parts, and only when its parts are not cached (flights/page_cache.py).
        prefetch_related_objects(
            [flight],
            Prefetch("legs__origin"),
            Prefetch("legs__destination"),
            Prefetch("articles", queryset=Article.objects.published().order_by("-published_at")),
        )


class OperatorView(PublicCacheMixin, ListView):
    template_name = "flights/operator.html"
    context_object_name = "flights"
    paginate_by = FLIGHTS_PER_PAGE

    def get_queryset(self) -> QuerySet[Flight]:
        self.operator = get_object_or_404(Operator, slug=self.kwargs["slug"])
        return Flight.objects.public().with_places().filter(operator=self.operator)

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
        claims = (
            Claim.objects.public()
            .filter(source=self.object)
            .select_related("flight")
            .order_by("flight__departed_earliest", "flight", "field")
        )
        context["claims"] = claims[: self.claims_shown]
        context["claim_count"] = claims.count()
        if not context["claim_count"] and self.object.claims.exists():
            # Every value it backs is held: the source itself would tell readers what is coming.
            raise Http404("No such source")
        return context
