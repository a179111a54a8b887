"""Warm a freshly started server before it takes traffic: the first reader after a deploy should not wait."""

from __future__ import annotations

import logging
import time

from django.db import connections

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
    # Nothing above should have connected; if something did, the forked workers must not share the socket.
    connections.close_all()
    logger.info("warm-up done in %.0f ms", (time.perf_counter() - started) * 1000)
