"""The public page types, as one list: every reader-facing test (reflow, axe, headings, meta tags) walks it.

To cover a new page type, add one line to PAGE_TYPES: a name and a function giving its path from the data loaded.
A page type whose data is missing (no airport in the records, say) gives None and is reported as skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Q
from django.urls import reverse

JUNE_2025 = "2025-06-03-dallas-prc-shrc"
JUNE_2025_STORY = "ice-dallas-charter-china-june-2025"
JUNE_2024 = "2024-06-prc-charter"


def _story() -> str | None:
    from articles.models import Article

    story = Article.objects.published().filter(slug=JUNE_2025_STORY).first() or Article.objects.published().first()
    return story.get_absolute_url() if story else None


def _flight() -> str | None:
    from flights.models import Flight

    flight = Flight.objects.public().filter(slug=JUNE_2025).first() or Flight.objects.public().first()
    return flight.get_absolute_url() if flight else None


def _busiest(model: str) -> str | None:
    """The airport or operator with the most flights: the longest page of its kind."""
    from flights.models import Airport, Flight, Operator

    if model == "airport":
        used = Flight.objects.public()
        airport = (
            Airport.objects.annotate(n=Count("departures", filter=Q(departures__in=used)))
            .filter(n__gt=0)
            .order_by("-n", "icao")
            .first()
        )
        return airport.get_absolute_url() if airport else None
    operator = Operator.objects.annotate(n=Count("flights")).filter(n__gt=0).order_by("-n", "slug").first()
    return operator.get_absolute_url() if operator else None


def _first(model_path: str) -> str | None:
    from django.apps import apps

    model = apps.get_model(model_path)
    instance = model.objects.order_by("pk").first()
    return instance.get_absolute_url() if instance else None


def _country() -> str | None:
    from flights.models import Flight

    codes = set(Flight.objects.public().order_by().values_list("destination_country", flat=True).distinct())
    if not codes:
        return None
    return reverse("flights:country", kwargs={"code": "CN" if "CN" in codes else sorted(codes)[0]})


PAGE_TYPES: dict[str, Callable[[], str | None]] = {
    "home": lambda: reverse("home"),
    "archive": lambda: reverse("articles:list"),
    "archive with filters": lambda: reverse("articles:list") + "?q=charter&topic=china&year=2025",
    "story": _story,
    "topic": lambda: _first("articles.Topic"),
    "author": lambda: _first("articles.Author"),
    "corrections": lambda: reverse("corrections"),
    "flight database": lambda: reverse("flights:list"),
    "flight database with filters": lambda: reverse("flights:list") + "?country=CN&kind=charter_removal&sort=oldest",
    "flight": _flight,
    "country": _country,
    "airport": lambda: _busiest("airport"),
    "operator": lambda: _busiest("operator"),
    "source": lambda: _first("flights.Source"),
    "countries index": lambda: reverse("flights:countries"),
    "airports index": lambda: reverse("flights:airports"),
    "operators index": lambda: reverse("flights:operators"),
    "sources index": lambda: reverse("flights:sources"),
    "route map": lambda: reverse("flights:routes"),
    "flight database, movements grouped by month": lambda: reverse("flights:list") + "?record=movement&group=month",
    "ICE Air methods": lambda: reverse("ice-air-methods"),
    "page not found": lambda: "/no-such-page/",
}


def public_pages() -> dict[str, str]:
    """Name → path of every page type the loaded data can show."""
    found = {name: path() for name, path in PAGE_TYPES.items()}
    return {name: path for name, path in found.items() if path}
