"""Facet counts beside the archive's results: topic, author, year and destination country of cited flights."""

# Each facet counts under every active filter except its own, so a count says what choosing that value gives.
# On PostgreSQL all four come from one statement that evaluates the full-text match once and counts the
# facet keys copied onto each article; elsewhere, one ORM query per facet. A text query matching more than
# large_results.EXACT_LIMIT stories is counted from a sample of the table instead, and labelled an estimate.

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django_countries import countries

from articles import large_results
from articles.filters import ArticleFilterSet
from articles.large_results import Tally
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
    hits: int = 0  # rows matching the filters that are not facets (the query, dates, kinds, corrections)
    sample_percent: float | None = None  # set when the counts are of a sample: scale them by 100 / this
    since: datetime.datetime | None = None  # of a sample: where the relevance window starts (Tally.window_since)

    def total(self, chosen_years: list[int]) -> int:
        """The number of results, summed from the year facet, so no separate COUNT is needed."""
        return sum(count for year, count in self.years.items() if not chosen_years or year in chosen_years)

    def scaled(self) -> FacetCounts:
        """The counts of a sample as estimates for the whole table, rounded so as not to look exact."""
        factor = 100.0 / (self.sample_percent or 100.0)
        rough = large_results.rough
        return FacetCounts(
            years={year: rough(n * factor) for year, n in self.years.items()},
            topics=[(slug, name, rough(n * factor)) for slug, name, n in self.topics],
            authors=[(slug, name, rough(n * factor)) for slug, name, n in self.authors],
            countries=[(code, rough(n * factor)) for code, n in self.countries],
            hits=round(self.hits * factor),
            sample_percent=self.sample_percent,
            since=self.since,
        )


def article_facets(filterset: ArticleFilterSet, page: PageWanted | None = None) -> tuple[FacetRows, Tally]:
    """Facets, and the number of results with how it was counted (see articles.large_results).

    With `page` on PostgreSQL, the same statement also picks that page's article ids in order, and puts
    them on `filterset.page_ids`: the full-text match is evaluated once per page view, not twice.
    """
    if connection.vendor == "postgresql":
        rows, tally = _counted_postgres(filterset, page)
        if page is not None and not tally.facets_estimated:
            filterset.page_ids = rows.page_ids
    else:
        rows = _rows_orm(filterset)
        tally = Tally(rows.total(filterset.cleaned.get("year") or []))
    names = dict(countries)
    facets = {
        "topic": _keep_chosen(filterset, "topic", sorted_facet(rows.topics)),
        "author": _keep_chosen(filterset, "author", sorted_facet(rows.authors)),
        "year": sorted(((y, str(y), n) for y, n in rows.years.items()), reverse=True),
        "country": _keep_chosen(
            filterset, "country", sorted_facet([(c, str(names.get(c, c)), n) for c, n in rows.countries])
        ),
    }
    return facets, tally


def _counted_postgres(filterset: ArticleFilterSet, page: PageWanted | None) -> tuple[FacetCounts, Tally]:
    """Exact counts when the query matches at most about EXACT_LIMIT stories; else counts scaled from a sample."""
    chosen_years = filterset.cleaned.get("year") or []
    limit = large_results.EXACT_LIMIT
    if filterset.query_text:
        hits = filterset.filter_queryset_without(filterset.queryset, *FACETS)
        # The planner's guess decides (no rows read); the sample corrects a guess far too high. A guess far too
        # low costs time, never accuracy: the counts are then exact. (A LIMIT to stop early would steer the
        # planner to plans that read the whole table when the matches are fewer than it thought.)
        if large_results.planned_rows(hits) > limit:
            sampled = _rows_postgres(filterset, sample=True).scaled()
            if sampled.hits > limit // 2:
                return sampled, _sampled_tally(filterset, sampled, chosen_years)
    # Browsing without words counts every published story exactly (and is cached, see views.FACET_TAGS).
    rows = _rows_postgres(filterset, page)
    return rows, Tally(rows.total(chosen_years))


def _sampled_tally(filterset: ArticleFilterSet, sampled: FacetCounts, chosen_years: list[int]) -> Tally:
    """The number of results of a search counted from a sample: exact when the facet filters leave few."""
    limit = large_results.EXACT_LIMIT
    estimate = sampled.total(chosen_years)
    if estimate <= limit // 2:
        # A common word by one author: many matches, few results. Those are counted, reading at most limit + 1.
        filtered = filterset.filter_queryset_without(filterset.queryset)
        counted = large_results.count_at_most(filtered, limit)
        if counted <= limit:
            return Tally(counted, facets_estimated=True, window_since=sampled.since)
    # The sum of rounded counts, rounded again: an estimate shows two significant figures, like the facets.
    rough = max(large_results.rough(estimate), 1)
    return Tally(rough, total_estimated=True, facets_estimated=True, window_since=sampled.since)


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


def _rows_postgres(filterset: ArticleFilterSet, page: PageWanted | None = None, *, sample: bool = False) -> FacetCounts:
    """One statement: the articles matching every non-facet filter (query included) once, then four counts.

    Each article row carries its facet keys (topic and author ids, destination countries), so the counts
    unnest arrays of the matching rows instead of joining link tables. With `sample`, only the pages
    large_results.sample_clause picks are read, and `sample_percent` says what share that was.
    """
    columns = ["pk", "published_at", "facet_topics", "facet_authors", "facet_countries"]
    hits = filterset.filter_queryset_without(filterset.queryset, *FACETS).values(*columns)
    hits_sql, hits_params = hits.query.sql_with_params()
    table = Article._meta.db_table
    if sample:
        main = f'FROM "{table}" '
        if main not in hits_sql:
            raise AssertionError(f"no {main!r} to sample in {hits_sql}")
        hits_sql = hits_sql.replace(main, f"{main}{large_results.sample_clause(table)} ", 1)
    conditions = _facet_conditions(filterset)

    def where(facet: str) -> tuple[str, list[Any]]:
        return conditions_except(conditions, facet)

    w_year, w_topic, w_author, w_country = where("year"), where("topic"), where("author"), where("country")
    topics, authors = Topic._meta.db_table, Author._meta.db_table
    extra_sql, extra_params = "", []
    if sample:
        extra_sql, extra_params = _sample_sql(table, where(""))
    elif page is not None:
        extra_sql, extra_params = _page_sql(filterset, page, where(""))
    sql = f"""
        WITH hits (id, published_at, topics, authors, countries) AS MATERIALIZED (
            {hits_sql}
        )
        SELECT 'hits', '', '', count(*) FROM hits
        UNION ALL
        SELECT 'year', EXTRACT(YEAR FROM h.published_at AT TIME ZONE %s)::int::text, '', count(*)
            FROM hits h WHERE {w_year[0]} GROUP BY 2
        UNION ALL
        SELECT 'topic', t.slug, t.name, c.n FROM (
            SELECT k.id, count(*) AS n FROM (SELECT unnest(h.topics) FROM hits h WHERE {w_topic[0]}) AS k(id)
            GROUP BY k.id
        ) c JOIN {topics} t ON t.id = c.id
        UNION ALL
        SELECT 'author', a.slug, a.name, c.n FROM (
            SELECT k.id, count(*) AS n FROM (SELECT unnest(h.authors) FROM hits h WHERE {w_author[0]}) AS k(id)
            GROUP BY k.id
        ) c JOIN {authors} a ON a.id = c.id
        UNION ALL
        SELECT 'country', k.code, '', count(*)
            FROM (SELECT unnest(h.countries) FROM hits h WHERE {w_country[0]}) AS k(code) GROUP BY k.code
        {extra_sql}
    """
    # unnest in the select list rather than FROM hits h, unnest(...): a function scan per row costs twice as much.
    params = [
        *hits_params,
        timezone.get_current_timezone_name(),
        *w_year[1],
        *w_topic[1],
        *w_author[1],
        *w_country[1],
        *extra_params,
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
            elif facet == "hits":
                rows.hits = count
            elif facet == "sample":
                rows.sample_percent = float(value)
            elif facet == "since":
                rows.since = datetime.datetime.fromtimestamp(float(value), tz=datetime.UTC) if value else None
            else:
                rows.countries.append((value, count))
    rows.page_ids[:] = [pk for _, pk in sorted(page_rows)]
    return rows


def _sample_sql(table: str, w_all: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
    """The share of the table sampled; and the publication time of the sampled result that, scaled up, has
    1.5 x RANK_WINDOW results after it: the relevance window is read from that time on (see large_results)."""
    percent = large_results.sample_percent_sql(table)
    sql = f"""
        UNION ALL SELECT 'sample', {percent}::text, '', 0
        UNION ALL SELECT 'since', extract(epoch FROM (
            SELECT h.published_at FROM hits h WHERE {w_all[0]} ORDER BY h.published_at DESC
            OFFSET greatest(ceil(1.5 * %s * {percent} / 100)::bigint - 1, 0) LIMIT 1
        ))::text, '', 0"""
    return sql, [*w_all[1], large_results.RANK_WINDOW]


def _page_sql(filterset: ArticleFilterSet, page: PageWanted, w_all: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
    """The page's ids, in the page's order, from the rows already matched: no second full-text pass.

    By relevance, only the RANK_WINDOW newest results are ranked (all of them when there are no more), each
    vector read by id: ranking every match of a common word would read every matching vector.
    """
    order = _PAGE_ORDER[filterset.sort_order]
    if filterset.sort_order != "relevance":
        sql = f"""
        UNION ALL
        SELECT 'page', p.id::text, '', row_number() OVER (ORDER BY {order}) FROM (
            SELECT * FROM hits h WHERE {w_all[0]} ORDER BY {order} LIMIT %s OFFSET %s
        ) p"""
        return sql, [*w_all[1], page.limit, page.offset]
    query_sql, query_params = large_results.tsquery_sql(filterset.query_text)
    sql = f"""
        UNION ALL
        SELECT 'page', p.id::text, '', row_number() OVER (ORDER BY {order}) FROM (
            SELECT w.id, w.published_at, ts_rank(a.search_vector, {query_sql}) AS rank FROM (
                SELECT h.id, h.published_at FROM hits h WHERE {w_all[0]}
                ORDER BY h.published_at DESC, h.id DESC LIMIT %s
            ) w JOIN {Article._meta.db_table} a ON a.id = w.id
            ORDER BY {order} LIMIT %s OFFSET %s
        ) p"""
    return sql, [*query_params, *w_all[1], large_results.RANK_WINDOW, page.limit, page.offset]


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
