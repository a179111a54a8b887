"""Warm a freshly started server before it takes traffic: the first reader after a deploy should not wait."""

from __future__ import annotations

import logging
import time

from django.db import connections
from django.urls import URLResolver

logger = logging.getLogger("newsroom.warmup")

# Every template a public page renders, so each is read and compiled once, in the master before forking.
TEMPLATES = [
    "base.html",
    "home.html",
    "404.html",
    "articles/article_detail.html",
    "articles/article_list.html",
    "articles/author.html",
    "articles/topic.html",
    "articles/corrections.html",
    "flights/flight_detail.html",
    "flights/flight_list.html",
    "flights/country.html",
    "flights/airport.html",
    "flights/operator.html",
    "flights/source.html",
]


def warm() -> None:
    """Import every view, compile the templates, build the Markdown parser and filter forms. No database."""
    started = time.perf_counter()
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports every view module)
    _populate_reverse(resolver)
    for name in TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            logger.warning("warm-up: no template %s", name)
    from articles.citations import CitationSet
    from articles.filters import ArticleFilterSet
    from articles.rendering import render_body
    from flights.filters import FlightFilterSet

    render_body("Warming *the* Markdown parser.", CitationSet(flights={}))
    ArticleFilterSet().form  # noqa: B018  (builds the form classes and their country and year choices)
    FlightFilterSet().form  # noqa: B018
    _warm_request_path()
    # Nothing above should have connected; if something did, the forked workers must not share the socket.
    connections.close_all()
    logger.info("warm-up done in %.0f ms", (time.perf_counter() - started) * 1000)


def _populate_reverse(resolver: URLResolver, prefix: str = "") -> None:
    """Build the reverse lookup tables reverse() builds on first use: the root's, and for each namespace the
    wrapper resolver Django makes and keeps (get_ns_resolver) on its first reverse("ns:name"). A cold story
    request spent most of its time building them for its links."""
    from django.urls import NoReverseMatch, reverse

    resolver.reverse_dict  # noqa: B018
    for namespace, (_, child) in list(resolver.namespace_dict.items()):
        try:
            reverse(f"{prefix}{namespace}:no-such-page")  # builds the namespace's tables, then finds nothing
        except NoReverseMatch:
            pass
        _populate_reverse(child, f"{prefix}{namespace}:")


def _warm_request_path() -> None:
    """One request through every middleware (robots.txt reads no database), the SQL of the record pages'
    lookups compiled without running it, and the site's chrome rendered: the regular expressions, lazy
    settings, query compilers and HTML a first reader's request would otherwise build."""
    from django.test import RequestFactory

    from newsroom.wsgi import application

    request = RequestFactory().get("/robots.txt", HTTP_HOST=_a_served_host())
    try:
        application.get_response(request)
    except Exception as exc:  # warming must never stop a server from starting
        logger.warning("warm-up request failed: %s", exc)
    from articles.models import Article
    from flights.models import Flight
    from newsroom.templatetags.chrome import chrome

    Article.objects.published().defer("search_vector").filter(slug="warm-up").query.sql_with_params()
    Flight.objects.public().filter(slug="warm-up").query.sql_with_params()
    for part in ("head", "header", "footer"):
        chrome(part)


def _a_served_host() -> str:
    from django.conf import settings

    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"]
    return hosts[0] if hosts else "localhost"


def connect() -> None:
    """In each worker before it takes requests (gunicorn's post_worker_init): the database and the cache
    connections the first reader would otherwise wait for, and two pages read. A failure is left for the
    request to meet."""
    from django.core.cache import cache

    from newsroom.token_mirror import mirror

    try:
        connections["default"].ensure_connection()
        cache.get("warm-up")
        mirror.lookup([])
    except Exception as exc:  # a database or cache that is down: the pages say so, not the worker's start
        logger.warning("warm-up could not connect: %s", exc)
        return
    _read_pages()


def _read_pages() -> None:
    """The home page and the newest story, read through the whole application once in this worker.

    A forked worker shares the master's memory until it writes to it, and Python writes to every object it
    touches (reference counts): a worker's first request copied thousands of pages of memory, and took five
    times a warm one. Reading two pages here pays that before the first reader arrives.
    """
    from django.test import RequestFactory

    from articles.models import Article
    from newsroom.wsgi import application

    try:
        newest = Article.objects.published().order_by("-published_at").only("slug").first()
        paths = ["/", *([newest.get_absolute_url()] if newest else [])]
        for path in paths:
            response = application.get_response(RequestFactory().get(path, HTTP_HOST=_a_served_host()))
            response.close()
    except Exception as exc:  # warming must never stop a worker from starting
        logger.warning("warm-up pages failed: %s", exc)
