"""Cache headers: public pages may be cached for a while; drafts, previews and admin never.

The page cache and the final headers of public pages are newsroom.page_cache.PageCacheMiddleware's;
views say what single records a page shows with add_cache_tags (the kinds are in newsroom.dependencies).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PublicCacheMixin:
    """For class-based public views: let browsers and shared caches keep the page briefly."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        mark_public(response)
        return response


def mark_public(response: HttpResponse) -> HttpResponse:
    if response.status_code == 200 and not response.has_header("Cache-Control"):
        seconds = settings.PUBLIC_CACHE_SECONDS
        patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
    return response


def add_cache_tags(request: HttpRequest, tags: Iterable[str]) -> None:
    """Name single records this page shows ("article:12", "flight:SLUG", "country:CN")."""
    found: set[str] = request.__dict__.setdefault("cache_tags", set())
    found.update(tags)
