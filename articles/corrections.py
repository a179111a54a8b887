"""The public corrections page and its feed: every dated correction, clarification and update, newest first."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import ListView

from articles.feeds import TextSafeAtom, TextSafeRss
from articles.models import Correction
from newsroom.caching import PublicCacheMixin, mark_public

CORRECTIONS_PER_PAGE = 50
FEED_ITEMS = 30


def public_corrections() -> QuerySet[Correction]:
    return Correction.objects.published().select_related("article").order_by("-published_at", "-pk")


class CorrectionListView(PublicCacheMixin, ListView):
    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = CORRECTIONS_PER_PAGE

    def get_queryset(self) -> QuerySet[Correction]:
        return public_corrections()


class CorrectionsFeed(Feed):
    # Correction text and headlines are plain text: TextSafeRss escapes them so feed readers show, not run, them.
    feed_type = TextSafeRss
    title = "Corrections and updates"
    description = "Every correction, clarification and update to our stories, including notes on changed records."

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return mark_public(super().__call__(request, *args, **kwargs))

    def link(self) -> str:
        return reverse("corrections")

    def items(self) -> list[Correction]:
        return list(public_corrections()[:FEED_ITEMS])

    def item_title(self, item: Correction) -> str:
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item: Correction) -> str:
        return item.text

    def item_link(self, item: Correction) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Correction) -> datetime.datetime:
        return item.published_at


class CorrectionsAtom(CorrectionsFeed):
    feed_type = TextSafeAtom
    subtitle = CorrectionsFeed.description

    def author_name(self, obj: Any = None) -> str:
        return settings.SITE_NAME

    def item_updateddate(self, item: Correction) -> datetime.datetime:
        return item.published_at
