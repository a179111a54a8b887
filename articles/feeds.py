"""Story feeds (RSS and Atom: all stories, per topic, per author) with the full rendered body, and the sitemaps of
stories and flights. Plain-text fields stay text in every feed: a dek reading `<img …>` is shown, never run."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.citations import CitationSet, cited_slugs
from articles.models import Article, Author, Topic
from articles.rendering import render_body
from articles.story_page import corrections_prefetch
from flights.models import Flight
from newsroom.caching import mark_public

FEED_ITEMS = 30
_LINK = re.compile(r'(?P<attr>href|src)="(?P<url>[#/][^"]*)"')


class TextSafeRss(Rss201rev2Feed):
    """RSS whose plain-text fields are escaped as HTML before XML-escaping.

    Feed readers treat RSS titles and descriptions as HTML; a headline or dek containing `<img …>` must reach them as
    `&lt;img …&gt;`, i.e. text. The full body goes in content:encoded, as HTML that we sanitized.
    """

    def __init__(self, title: str, link: str, description: str, **kwargs: Any) -> None:
        super().__init__(escape(title), link, escape(description), **kwargs)

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item(self, title: str, link: str, description: str, **kwargs: Any) -> None:
        super().add_item(escape(title), link, escape(description) if description else description, **kwargs)

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class TextSafeAtom(Atom1Feed):
    """Atom with the dek as a text summary (Atom says so explicitly) and the full body as HTML content."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


def absolute_links(html: str, page_url: str, origin: str) -> str:
    """Fragment and site-relative links made absolute: feed readers show the body away from our pages."""

    def fix(match: re.Match[str]) -> str:
        url = match["url"]
        return f'{match["attr"]}="{page_url + url if url.startswith("#") else origin + url}"'

    return _LINK.sub(fix, html)


def full_body(article: Article, citations: CitationSet, origin: str) -> str:
    """The story as readers see it on the page: corrections first, the text, then the sources behind its numbers."""
    from articles.story_page import group_footnotes

    rendered = render_body(article.body, citations)
    page_url = origin + article.get_absolute_url()
    context = {"note_groups": group_footnotes(rendered.footnotes), "corrections": list(article.corrections.all())}
    corrections = render_to_string("articles/_feed_corrections.html", context)
    notes = render_to_string("articles/_source_notes.html", context)
    if context["note_groups"]:
        notes = "<h2>Where the numbers come from</h2>" + notes
    return absolute_links(corrections + rendered.html + notes, page_url, origin)


class StoryFeed(Feed):
    """Latest stories, RSS; subclasses narrow the stories (topic, author) or switch to Atom."""

    feed_type = TextSafeRss
    title = "Latest stories"
    description = "Stories on deportation flights, each number linked to the record and source behind it."

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.origin = request.build_absolute_uri("/").rstrip("/")
        return mark_public(super().__call__(request, *args, **kwargs))

    def link(self, obj: Any = None) -> str:
        return reverse("articles:list")

    def author_name(self, obj: Any = None) -> str:
        return settings.SITE_NAME

    def stories(self, obj: Any) -> QuerySet[Article]:
        return Article.objects.published()

    def items(self, obj: Any = None) -> list[Article]:
        articles = list(
            self.stories(obj)
            .prefetch_related("authors", "topics", corrections_prefetch())
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )
        # Every cited flight of every story in two queries, shared by the stories' footnotes.
        slugs: set[str] = set()
        for article in articles:
            slugs |= cited_slugs(article.body)
        self.cited = CitationSet.for_slugs(slugs).flights if slugs else {}
        return articles

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.dek

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        return {"content_html": full_body(item, CitationSet(flights=self.cited), self.origin)}

    def item_pubdate(self, item: Article) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return max([item.updated_at, *(c.published_at for c in item.corrections.all())])

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.authors.all())

    def item_categories(self, item: Article) -> list[str]:
        return [topic.name for topic in item.topics.all()]


class LatestStoriesFeed(StoryFeed):
    pass


class LatestStoriesAtom(StoryFeed):
    feed_type = TextSafeAtom
    subtitle = StoryFeed.description


class TopicFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return f"{obj.name}: stories"

    def description(self, obj: Topic) -> str:
        return obj.description or f"Stories on {obj.name}."

    def link(self, obj: Topic) -> str:
        return obj.get_absolute_url()

    def stories(self, obj: Topic) -> QuerySet[Article]:
        return Article.objects.published().filter(topics=obj)


class TopicAtom(TopicFeed):
    feed_type = TextSafeAtom

    def subtitle(self, obj: Topic) -> str:
        return self.description(obj)


class AuthorFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Author:
        return get_object_or_404(Author, slug=slug)

    def title(self, obj: Author) -> str:
        return f"Stories by {obj.name}"

    def description(self, obj: Author) -> str:
        return obj.bio or f"Stories by {obj.name}."

    def link(self, obj: Author) -> str:
        return obj.get_absolute_url()

    def stories(self, obj: Author) -> QuerySet[Article]:
        return Article.objects.published().filter(authors=obj)


class AuthorAtom(AuthorFeed):
    feed_type = TextSafeAtom

    def subtitle(self, obj: Author) -> str:
        return self.description(obj)


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
