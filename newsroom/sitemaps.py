"""Every public page type for search engines, each with lastmod, plus a Google News sitemap of the last two days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from articles.corrections import public_corrections
from articles.feeds import FlightSitemap, StorySitemap
from articles.models import Article, Author, Topic
from flights.models import Claim, Flight, Operator, Source

# Google News reads only stories published in the last two days.
NEWS_WINDOW = datetime.timedelta(days=2)


@dataclass(frozen=True)
class Entry:
    """A page that is not one model instance (a list, a country): where it is and when it last changed."""

    path: str
    modified: datetime.datetime | None


class EntrySitemap(Sitemap):
    def location(self, item: Entry) -> str:
        return item.path

    def lastmod(self, item: Entry) -> datetime.datetime | None:
        return item.modified


class ListPageSitemap(EntrySitemap):
    """Home, the archive, the flight database and its indexes, corrections: they change whenever what they list
    changes."""

    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[Entry]:
        stories = Article.objects.published().aggregate(last=Max("updated_at"))["last"]
        flights = Flight.objects.public().aggregate(last=Max("updated_at"))["last"]
        # With no correction yet, the page last changed when the newest story went up.
        corrections = public_corrections().aggregate(last=Max("published_at"))["last"] or stories
        newest = max((d for d in (stories, flights) if d), default=None)
        return [
            Entry(reverse("home"), newest),
            Entry(reverse("articles:list"), stories),
            Entry(reverse("flights:list"), flights),
            Entry(reverse("flights:countries"), flights),
            Entry(reverse("flights:airports"), flights),
            Entry(reverse("flights:operators"), flights),
            Entry(reverse("flights:sources"), flights),
            Entry(reverse("flights:routes"), flights),
            Entry(reverse("ice-air-methods"), flights),
            Entry(reverse("corrections"), corrections),
        ]


class CountrySitemap(EntrySitemap):
    changefreq = "weekly"

    def items(self) -> list[Entry]:
        rows = (
            Flight.objects.public()
            .values_list("destination_country")
            .annotate(last=Max("updated_at"))
            .order_by("destination_country")
        )
        return [Entry(reverse("flights:country", kwargs={"code": code}), last) for code, last in rows if code]


class AirportSitemap(EntrySitemap):
    """Airports some public flight leaves from or goes to (the other 28,000 known airports have empty pages)."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Entry]:
        last: dict[str, datetime.datetime] = {}
        flights = Flight.objects.public()
        for role in ("origin", "destination"):
            rows = (
                flights.filter(**{f"{role}__isnull": False}).values_list(f"{role}__icao").annotate(m=Max("updated_at"))
            )
            for icao, modified in rows.order_by():
                last[icao] = max(modified, last.get(icao, modified))
        return [Entry(reverse("flights:airport", kwargs={"icao": icao}), last[icao]) for icao in sorted(last)]


class OperatorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        public = Flight.objects.public()
        return Operator.objects.filter(flights__in=public).annotate(last=Max("flights__updated_at")).order_by("slug")

    def lastmod(self, item: Operator) -> datetime.datetime | None:
        return item.last  # type: ignore[attr-defined]


class SourceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        # Sources that back at least one public value; one with nothing on its page is not worth a crawl.
        public = Claim.objects.public().filter(flight__in=Flight.objects.public())
        return Source.objects.filter(claims__in=public).annotate(last=Max("claims__updated_at")).order_by("slug")

    def lastmod(self, item: Source) -> datetime.datetime | None:
        return item.last  # type: ignore[attr-defined]


class _StoryGroupSitemap(Sitemap):
    changefreq = "weekly"
    model: type[Topic] | type[Author]

    def items(self) -> Any:
        published = Article.objects.published()
        return (
            self.model.objects.filter(articles__in=published)
            .annotate(last=Max("articles__updated_at", filter=Q(articles__in=published)))
            .order_by("slug")
        )

    def lastmod(self, item: Any) -> datetime.datetime | None:
        return item.last


class TopicSitemap(_StoryGroupSitemap):
    model = Topic


class AuthorSitemap(_StoryGroupSitemap):
    model = Author


class NewsSitemap(Sitemap):
    """Stories of the last two days, with the news: tags (rendered by templates/sitemaps/news.xml)."""

    def items(self) -> Any:
        return (
            Article.objects.published().filter(published_at__gte=timezone.now() - NEWS_WINDOW).order_by("-published_at")
        )

    def lastmod(self, item: Article) -> datetime.datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": ListPageSitemap,
    "stories": StorySitemap,
    "news": NewsSitemap,
    "flights": FlightSitemap,
    "countries": CountrySitemap,
    "airports": AirportSitemap,
    "operators": OperatorSitemap,
    "sources": SourceSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}
