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
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from newsroom import freshness
from newsroom.dependencies import PAGE_TAGS
from newsroom.recent import Recent
from newsroom.request_log import log_request

CACHEABLE_METHODS = ("GET", "HEAD")
# As GZipMiddleware decides whether to compress.
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_log = logging.getLogger("newsroom.requests")


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


# The pages this process served last: a hit then needs no round trip to fetch and unpickle the page.
_recent: Recent[Entry] = Recent(settings.PAGE_CACHE_LOCAL_ENTRIES)


def page_key(request: HttpRequest) -> str:
    """The URL, and whether the reader takes gzip: the stored answer is already compressed, or not."""
    gzip = "gz" if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "id"
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{gzip}:" + hashlib.sha256(url.encode()).hexdigest()


def is_reader(request: HttpRequest) -> bool:
    """Not logged in: no session cookie (reading the session itself would make the answer vary by cookie)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


@dataclass
class Storable:
    """What the inner middleware found out about an answer the outer one may keep."""

    tokens: dict[str, str]
    lifetime: int


class PageCacheMiddleware:
    """First in MIDDLEWARE: a hit is answered before any other middleware runs, with the headers they added
    when the page was rendered (security headers and CSP are the same for every reader, the encoding is
    part of the key). One check of the page's tokens (newsroom.token_mirror: usually no round trip), and no
    gzip, session, CSRF or URL resolving. Misses go through the whole chain; PageHeadersMiddleware, further
    in, decides whether the answer may be kept, and this keeps the answer as the reader got it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.skipped = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/"))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            not settings.PAGE_CACHE_ENABLED
            or request.method not in CACHEABLE_METHODS
            or not is_reader(request)
            or request.path.startswith(self.skipped)
        ):
            return self.get_response(request)
        started = time.time()
        try:
            key = page_key(request)
        except DisallowedHost:
            return self.get_response(request)  # answered by Django's own 400 further in
        entry = _recent.get(key)
        if entry is None:
            entry = cache.get(key)
        if entry is not None and time.time() < entry.until and freshness.current(entry.tokens) == entry.tokens:
            _recent.put(key, entry, entry.until)
            response = _conditional(request, entry.response())
            if _log.isEnabledFor(logging.INFO):
                log_request(request, response, view=None, seconds=time.time() - started, counter=None, page_cache="hit")
            return response
        response = self.get_response(request)
        storable: Storable | None = getattr(request, "page_storable", None)
        if (
            storable is None
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Set-Cookie")
            or not freshness.settled_before(storable.tokens, started)
        ):
            return response
        headers = [(name, value) for name, value in response.items()]
        entry = Entry(response.status_code, headers, response.content, storable.tokens, time.time() + storable.lifetime)
        cache.set(key, entry, storable.lifetime)
        _recent.put(key, entry, entry.until)
        return response


class PageHeadersMiddleware:
    """Where the page cache used to sit (inside GZip, outside sessions): public answers get their cache
    headers, ETag (of the uncompressed page) and Surrogate-Key here, and are marked storable for the
    PageCacheMiddleware; editors' answers are made private."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in CACHEABLE_METHODS:
            return self.get_response(request)
        if not is_reader(request):
            return _private(self.get_response(request))
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
        if tokens is not None and lifetime > 0:
            request.page_storable = Storable(tokens, lifetime)  # type: ignore[attr-defined]
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
