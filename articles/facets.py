"""Facet counts beside the archive's results: topic, author, year and destination country of cited flights."""

# Each facet counts under every active filter except its own, so a count says what choosing that value gives.
# On PostgreSQL all four come from one statement that evaluates the full-text match once; elsewhere, one
# ORM query per facet.

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django_countries import countries

from articles.filters import ArticleFilterSet
from articles.models import Article, ArticleFlight, Author, Topic
from flights.models import Flight
from newsroom.archive import FacetRows, local_day_start, sorted_facet

# Long tails of authors or countries help nobody; the chosen ones are listed whatever their rank.
FACET_LIMIT = 20
FACETS = ("topic", "author", "country", "year")
# Above this many matching articles, hashing a whole link table beats looking each article's links up.
MANY_HITS = 5000


@dataclass
class FacetCounts:
    years: dict[int, int] = field(default_factory=dict)
    topics: list[tuple[str, str, int]] = field(default_factory=list)
    authors: list[tuple[str, str, int]] = field(default_factory=list)
    countries: list[tuple[str, int]] = field(default_factory=list)


def article_facets(filterset: ArticleFilterSet) -> tuple[FacetRows, int]:
    """Facets, and the number of results (summed from the year facet, so no separate COUNT is needed)."""
    rows = _rows_postgres(filterset) if connection.vendor == "postgresql" else _rows_orm(filterset)
    chosen_years = filterset.cleaned.get("year") or []
    total = sum(count for year, count in rows.years.items() if not chosen_years or year in chosen_years)
    names = dict(countries)
    facets = {
        "topic": _keep_chosen(filterset, "topic", sorted_facet(rows.topics)),
        "author": _keep_chosen(filterset, "author", sorted_facet(rows.authors)),
        "year": sorted(((y, str(y), n) for y, n in rows.years.items()), reverse=True),
        "country": _keep_chosen(
            filterset, "country", sorted_facet([(c, str(names.get(c, c)), n) for c, n in rows.countries])
        ),
    }
    return facets, total


def _keep_chosen(filterset: ArticleFilterSet, name: str, rows: list[tuple]) -> list[tuple]:
    chosen = set(filterset.selected(name))
    return [row for i, row in enumerate(rows) if i < FACET_LIMIT or str(row[0]) in chosen]


def _rows_orm(filterset: ArticleFilterSet) -> FacetCounts:
    def base(without: str) -> QuerySet[Article]:
        return filterset.filter_queryset_without(filterset.queryset, without)

    years = (
        base("year")
        .annotate(published_year=ExtractYear("published_at"))
        .values_list("published_year")
        .annotate(n=Count("pk"))
    )
    topics = (
        Article.topics.through.objects.filter(article__in=base("topic").values("pk"))
        .values_list("topic__slug", "topic__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    authors = (
        Article.authors.through.objects.filter(article__in=base("author").values("pk"))
        .values_list("author__slug", "author__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # An article citing two flights to one country counts once for it.
    places = (
        ArticleFlight.objects.filter(article__in=base("country").values("pk"))
        .values_list("flight__destination_country")
        .annotate(n=Count("article", distinct=True))
        .order_by()
    )
    return FacetCounts(dict(years.order_by()), list(topics), list(authors), list(places))


def _rows_postgres(filterset: ArticleFilterSet) -> FacetCounts:
    """One statement: the articles matching every non-facet filter (query included) once, then four GROUP BYs."""
    hits = filterset.filter_queryset_without(filterset.queryset, *FACETS).values("pk", "published_at")
    hits_sql, hits_params = hits.query.sql_with_params()
    conditions = _facet_conditions(filterset)

    def where(facet: str) -> tuple[str, list[Any]]:
        parts = [(sql, params) for name, (sql, params) in conditions.items() if name != facet]
        if not parts:
            return "TRUE", []
        return " AND ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]

    tables = {
        "article_topics": Article.topics.through._meta.db_table,
        "topic": Topic._meta.db_table,
        "article_authors": Article.authors.through._meta.db_table,
        "author": Author._meta.db_table,
        "article_flight": ArticleFlight._meta.db_table,
        "flight": Flight._meta.db_table,
    }
    w_year, w_topic, w_author, w_country = where("year"), where("topic"), where("author"), where("country")
    # Few hits: find their link rows through the article_id index (ANY(ARRAY(...)) makes that plan certain).
    # Many hits: join, so the planner hashes the link table instead of probing the index thousands of times.
    # The planner's own estimate of the hits (GIN statistics are good at this) decides which.
    if _estimated_rows(hits_sql, hits_params) < MANY_HITS:
        links = "JOIN (SELECT 1) AS one ON x.article_id = ANY(ARRAY(SELECT h.id FROM hits h WHERE {}))"
    else:
        links = "JOIN hits h ON h.id = x.article_id AND {}"
    # Counting by id and naming the few groups afterwards keeps the aggregation on integers.
    sql = f"""
        WITH hits (id, published_at) AS MATERIALIZED ({hits_sql})
        SELECT 'year', EXTRACT(YEAR FROM h.published_at AT TIME ZONE %s)::int::text, '', count(*)
            FROM hits h WHERE {w_year[0]} GROUP BY 2
        UNION ALL
        SELECT 'topic', t.slug, t.name, c.n FROM (
            SELECT x.topic_id, count(*) AS n FROM {tables["article_topics"]} x
            {links.format(w_topic[0])} GROUP BY x.topic_id
        ) c JOIN {tables["topic"]} t ON t.id = c.topic_id
        UNION ALL
        SELECT 'author', a.slug, a.name, c.n FROM (
            SELECT x.author_id, count(*) AS n FROM {tables["article_authors"]} x
            {links.format(w_author[0])} GROUP BY x.author_id
        ) c JOIN {tables["author"]} a ON a.id = c.author_id
        UNION ALL
        SELECT 'country', f.destination_country, '', count(DISTINCT x.article_id)
            FROM {tables["article_flight"]} x {links.format(w_country[0])}
            JOIN {tables["flight"]} f ON f.id = x.flight_id GROUP BY f.destination_country
    """
    params = [*hits_params, timezone.get_current_timezone_name(), *w_year[1], *w_topic[1], *w_author[1], *w_country[1]]
    rows = FacetCounts()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, label, count in cursor.fetchall():
            if facet == "year":
                rows.years[int(value)] = count
            elif facet == "topic":
                rows.topics.append((value, label, count))
            elif facet == "author":
                rows.authors.append((value, label, count))
            else:
                rows.countries.append((value, count))
    return rows


def _estimated_rows(sql: str, params: list[Any] | tuple[Any, ...]) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def _facet_conditions(filterset: ArticleFilterSet) -> dict[str, tuple[str, list[Any]]]:
    """The facet filters that are active, as SQL over the `hits` rows (h.id, h.published_at)."""
    cleaned = filterset.cleaned
    conditions: dict[str, tuple[str, list[Any]]] = {}
    if cleaned.get("topic"):
        table = Article.topics.through._meta.db_table
        ids = [topic.pk for topic in cleaned["topic"]]
        conditions["topic"] = (f"h.id IN (SELECT article_id FROM {table} WHERE topic_id = ANY(%s))", [ids])
    if cleaned.get("author"):
        table = Article.authors.through._meta.db_table
        ids = [author.pk for author in cleaned["author"]]
        conditions["author"] = (f"h.id IN (SELECT article_id FROM {table} WHERE author_id = ANY(%s))", [ids])
    if cleaned.get("country"):
        links, flights = ArticleFlight._meta.db_table, Flight._meta.db_table
        conditions["country"] = (
            f"h.id IN (SELECT l.article_id FROM {links} l JOIN {flights} f ON f.id = l.flight_id "
            "WHERE f.destination_country = ANY(%s))",
            [list(cleaned["country"])],
        )
    if cleaned.get("year"):
        spans = []
        params: list[Any] = []
        for year in cleaned["year"]:
            spans.append("(h.published_at >= %s AND h.published_at < %s)")
            params += [local_day_start(datetime.date(year, 1, 1)), local_day_start(datetime.date(year + 1, 1, 1))]
        conditions["year"] = ("(" + " OR ".join(spans) + ")", params)
    return conditions
