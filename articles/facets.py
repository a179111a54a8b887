"""Facet counts beside the archive's results: topic, author, year and destination country of cited flights."""

# Each facet counts under every active filter except its own, so a count says what choosing that value gives.
# On PostgreSQL all four come from one statement that evaluates the full-text match once and counts the
# facet keys copied onto each article; elsewhere, one ORM query per facet.

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django_countries import countries

from articles.filters import ArticleFilterSet
from articles.models import Article, ArticleFlight, Author, Topic
from newsroom.archive import FacetRows, conditions_except, local_day_start, sorted_facet

# The chosen ones are listed whatever their rank.
# The filter form lists these as checkboxes with a type-to-narrow box: every value present, up to a bound.
FACET_LIMIT = 300
FACETS = ("topic", "author", "country", "year")


@dataclass(frozen=True)
class PageWanted:
    offset: int
    limit: int


@dataclass
class FacetCounts:
    page_ids: list[int] = field(default_factory=list)
    years: dict[int, int] = field(default_factory=dict)
    topics: list[tuple[str, str, int]] = field(default_factory=list)
    authors: list[tuple[str, str, int]] = field(default_factory=list)
    countries: list[tuple[str, int]] = field(default_factory=list)


def article_facets(filterset: ArticleFilterSet, page: PageWanted | None = None) -> tuple[FacetRows, int]:
    """Facets, and the number of results (summed from the year facet, so no separate COUNT is needed).

    With `page` on PostgreSQL, the same statement also picks that page's article ids in order, and puts
    them on `filterset.page_ids`: the full-text match is evaluated once per page view, not twice.
    """
    if connection.vendor == "postgresql":
        rows = _rows_postgres(filterset, page)
        if page is not None:
            filterset.page_ids = rows.page_ids
    else:
        rows = _rows_orm(filterset)
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
    return FacetCounts(years=dict(years.order_by()), topics=list(topics), authors=list(authors), countries=list(places))


_PAGE_ORDER = {
    "relevance": "rank DESC, published_at DESC, id DESC",
    "newest": "published_at DESC, id DESC",
    "oldest": "published_at ASC, id ASC",
}


def _rows_postgres(filterset: ArticleFilterSet, page: PageWanted | None = None) -> FacetCounts:
    """One statement: the articles matching every non-facet filter (query included) once, then four counts.

    Each article row carries its facet keys (topic and author ids, destination countries), so the counts
    unnest arrays of the matching rows instead of joining link tables.
    """
    columns = ["pk", "published_at", "facet_topics", "facet_authors", "facet_countries"]
    ranked = filterset.sort_order == "relevance"
    if ranked:
        columns.append("rank")  # annotated by the query filter
    hits = filterset.filter_queryset_without(filterset.queryset, *FACETS).values(*columns)
    hits_sql, hits_params = hits.query.sql_with_params()
    conditions = _facet_conditions(filterset)

    def where(facet: str) -> tuple[str, list[Any]]:
        return conditions_except(conditions, facet)

    w_year, w_topic, w_author, w_country = where("year"), where("topic"), where("author"), where("country")
    topics, authors = Topic._meta.db_table, Author._meta.db_table
    page_sql, page_params = "", []
    if page is not None:
        # The page's ids, in the page's order, from the rows already matched: no second full-text pass.
        w_all, order = where(""), _PAGE_ORDER[filterset.sort_order]
        page_sql = f"""
        UNION ALL
        SELECT 'page', p.id::text, '', row_number() OVER (ORDER BY {order}) FROM (
            SELECT * FROM hits h WHERE {w_all[0]} ORDER BY {order} LIMIT %s OFFSET %s
        ) p"""
        page_params = [*w_all[1], page.limit, page.offset]
    sql = f"""
        WITH hits (id, published_at, topics, authors, countries{", rank" if ranked else ""}) AS MATERIALIZED (
            {hits_sql}
        )
        SELECT 'year', EXTRACT(YEAR FROM h.published_at AT TIME ZONE %s)::int::text, '', count(*)
            FROM hits h WHERE {w_year[0]} GROUP BY 2
        UNION ALL
        SELECT 'topic', t.slug, t.name, c.n FROM (
            SELECT k.id, count(*) AS n FROM hits h, unnest(h.topics) AS k(id) WHERE {w_topic[0]} GROUP BY k.id
        ) c JOIN {topics} t ON t.id = c.id
        UNION ALL
        SELECT 'author', a.slug, a.name, c.n FROM (
            SELECT k.id, count(*) AS n FROM hits h, unnest(h.authors) AS k(id) WHERE {w_author[0]} GROUP BY k.id
        ) c JOIN {authors} a ON a.id = c.id
        UNION ALL
        SELECT 'country', k.code, '', count(*)
            FROM hits h, unnest(h.countries) AS k(code) WHERE {w_country[0]} GROUP BY k.code
        {page_sql}
    """
    params = [
        *hits_params,
        timezone.get_current_timezone_name(),
        *w_year[1],
        *w_topic[1],
        *w_author[1],
        *w_country[1],
        *page_params,
    ]
    page_rows: list[tuple[int, int]] = []
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
            elif facet == "page":
                page_rows.append((count, int(value)))
            else:
                rows.countries.append((value, count))
    rows.page_ids[:] = [pk for _, pk in sorted(page_rows)]
    return rows


def _facet_conditions(filterset: ArticleFilterSet) -> dict[str, tuple[str, list[Any]]]:
    """The facet filters that are active, as SQL over the `hits` rows and their facet keys."""
    cleaned = filterset.cleaned
    conditions: dict[str, tuple[str, list[Any]]] = {}
    if cleaned.get("topic"):
        conditions["topic"] = ("h.topics && %s::bigint[]", [[topic.pk for topic in cleaned["topic"]]])
    if cleaned.get("author"):
        conditions["author"] = ("h.authors && %s::bigint[]", [[author.pk for author in cleaned["author"]]])
    if cleaned.get("country"):
        conditions["country"] = ("h.countries && %s::varchar[]", [list(cleaned["country"])])
    if cleaned.get("year"):
        spans = []
        params: list[Any] = []
        for year in cleaned["year"]:
            spans.append("(h.published_at >= %s AND h.published_at < %s)")
            params += [local_day_start(datetime.date(year, 1, 1)), local_day_start(datetime.date(year + 1, 1, 1))]
        conditions["year"] = ("(" + " OR ".join(spans) + ")", params)
    return conditions
