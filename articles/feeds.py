"""The stories feed and the sitemap: what feed readers and search engines see of the public site."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from articles.models import Article
from flights.models import Flight
from newsroom.caching import mark_public

FEED_ITEMS = 30


class LatestStoriesFeed(Feed):
    title = "Latest stories"
    description = "Stories on deportation flights, each number linked to the record and source behind it."

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return mark_public(super().__call__(request, *args, **kwargs))

    def link(self) -> str:
        return reverse("articles:list")

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().with_byline().order_by("-published_at")[:FEED_ITEMS]

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.dek

    def item_pubdate(self, item: Article) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.authors.all())


class StorySitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().order_by("-published_at", "pk")

    def lastmod(self, item: Article) -> datetime.datetime:
        return item.updated_at


class FlightSitemap(Sitemap):
    changefreq = "monthly"
    # An imported archive holds tens of thousands of flights; the sitemap index splits them into pages.
    limit = 5000

    def items(self) -> QuerySet[Flight]:
        return Flight.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item: Flight) -> datetime.datetime:
        return item.updated_at


SITEMAPS = {"stories": StorySitemap, "flights": FlightSitemap}
