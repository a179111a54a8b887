"""Whole public pages for readers who are not logged in, kept until anything they show changes; HTTP caching.

A page is kept only when its URL name is in newsroom.dependencies.PAGE_TAGS, it answered 200 without
setting a cookie, and the cache could be reached. It is served again only while the freshness tokens of
everything it shows are the ones it was rendered under, and not past the next scheduled change (a story
scheduled to appear). Every public answer gets ETag and Last-Modified (a repeat with If-None-Match is a
304), Cache-Control for browsers and a CDN, and a Surrogate-Key header naming its tags for CDN purges.
Logged-in editors bypass the cache and their answers are private.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from newsroom import freshness
from newsroom.dependencies import PAGE_TAGS

CACHEABLE_METHODS = ("GET", "HEAD")


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    tokens: dict[str, str]
    until: float  # epoch seconds after which the entry is not served (a scheduled change, or its lifetime)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class RecentPages:
    """The pages this process served last, kept in its memory: a hit then costs one round trip to the shared
    cache (the tokens, to check the page is current) instead of also fetching and unpickling the page."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, Entry] = OrderedDict()

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def put(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def clear(self) -> None:
        self.entries.clear()


_recent = RecentPages(settings.PAGE_CACHE_LOCAL_ENTRIES)


def page_key(request: HttpRequest) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(url.encode()).hexdigest()


def is_reader(request: HttpRequest) -> bool:
    """Not logged in: no session cookie (reading the session itself would make the answer vary by cookie)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in CACHEABLE_METHODS:
            return self.get_response(request)
        if not is_reader(request):
            return _private(self.get_response(request))
        started = time.time()
        enabled = settings.PAGE_CACHE_ENABLED
        key = page_key(request)
        entry = _recent.get(key) if enabled else None
        if entry is None and enabled:
            entry = cache.get(key)
        if entry is not None and time.time() < entry.until and freshness.current(entry.tokens) == entry.tokens:
            request.page_cache = "hit"  # type: ignore[attr-defined]
            _recent.put(key, entry)
            return _conditional(request, entry.response())
        response = self.get_response(request)
        tags = _page_tags(request, response)
        if tags is None:
            return response
        request.page_cache = "miss"  # type: ignore[attr-defined]
        tokens = freshness.current(tags)
        scheduled = freshness.next_scheduled_change(tags) if tokens is not None else None
        shared_seconds = freshness.seconds_until(scheduled, settings.PUBLIC_CACHE_SECONDS)
        _public_headers(response, tags, tokens, shared_seconds)
        if response.streaming:
            return _conditional(request, response)
        lifetime = freshness.seconds_until(scheduled, settings.PAGE_CACHE_SECONDS)
        if enabled and tokens is not None and lifetime > 0 and freshness.settled_before(tokens, started):
            headers = [(name, value) for name, value in response.items()]
            entry = Entry(response.status_code, headers, response.content, tokens, time.time() + lifetime)
            cache.set(key, entry, lifetime)
            _recent.put(key, entry)
        return _conditional(request, response)


def _page_tags(request: HttpRequest, response: HttpResponseBase) -> set[str] | None:
    """The tags of a public page a reader may share with others; None when it must not be cached."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in PAGE_TAGS or response.status_code != 200:
        return None
    if response.cookies or response.has_header("Set-Cookie"):
        return None
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return None
    return set(PAGE_TAGS[match.view_name]) | getattr(request, "cache_tags", set())


def _public_headers(response: HttpResponseBase, tags: set[str], tokens: dict[str, str] | None, seconds: int) -> None:
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PUBLIC_BROWSER_SECONDS, seconds),
        s_maxage=seconds,
        stale_while_revalidate=settings.PUBLIC_STALE_SECONDS,
        stale_if_error=settings.PUBLIC_STALE_IF_ERROR_SECONDS,
    )
    # A CDN (Fastly's header; others map it) purges every page carrying a tag when that tag changes.
    response["Surrogate-Key"] = " ".join(sorted(tags))
    changed_at = freshness.last_changed(tokens) if tokens else 0.0
    if changed_at:
        response["Last-Modified"] = http_date(changed_at)
    if response.streaming:
        # A download is a stream: its version is the versions of what it shows, not a hash of its bytes.
        if tokens:
            version = hashlib.sha256(repr(sorted(tokens.items())).encode()).hexdigest()[:32]
            response["ETag"] = f'"{version}"'
    elif not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'


def _conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A 304 when the reader's copy is current (If-None-Match first, then If-Modified-Since)."""
    last_modified = response.get("Last-Modified")
    modified = None
    if last_modified:
        from django.utils.http import parse_http_date_safe

        modified = parse_http_date_safe(last_modified)
    return get_conditional_response(request, etag=response.get("ETag"), last_modified=modified, response=response)


def _private(response: HttpResponseBase) -> HttpResponseBase:
    """Logged-in editors may see what readers do not: never kept by a shared cache."""
    if "public" in response.get("Cache-Control", ""):
        del response["Cache-Control"]
        patch_cache_control(response, private=True, no_cache=True)
    return response
