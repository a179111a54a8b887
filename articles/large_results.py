"""Searches matching thousands of stories on PostgreSQL: ranking window, sampled estimates, planner row counts."""

# Why: at 100,000 stories a common word matches tens of thousands of them, and every full pass over the matches
# (reading each matching row for its date and facet keys, ranking each one's vector) costs time in proportion.
# Three bounds keep a search's work flat however many stories match:
# - relevance ranks only the RANK_WINDOW newest matches (all of them when there are no more than that);
# - counts (the total and the facets) are exact while the query matches at most about EXACT_LIMIT stories (by the
#   planner's estimate, checked against the sample), and above that are scaled from a fixed sample of the table's
#   pages, and said to be estimates on the page;
# - with estimated counts, pages reach only the first RANK_WINDOW results in any order.

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet

from articles.models import Article
from articles.search import SEARCH_CONFIG

# 1,000 newest matches: 50 pages of 20, and their vectors are ranked in a few milliseconds.
RANK_WINDOW = 1_000
# Up to 10,000 matching rows are read for exact counts; a statement reading that many stays well under 100 ms.
EXACT_LIMIT = 10_000
# About this many rows are read for an estimate (5% of 100,000 stories): a facet value with 2% of the
# matches is then counted from about 100 sampled stories, within some 10 to 20% of the truth.
SAMPLE_ROWS = 5_000
# The same pages every time, so that an estimate does not change between pages or reloads of a search.
SAMPLE_SEED = 1


@dataclass(frozen=True)
class Tally:
    """The number of results and how it was reached; kept with the facet counts it came with."""

    total: int
    total_estimated: bool = False  # scaled from the sample: the page says "about"
    facets_estimated: bool = False  # the facet counts are scaled from the sample too
    # From the sample: a publication time after which some 1.5 x RANK_WINDOW results should lie (see
    # window_page_ids). Kept with the counts: stories published since only widen the range.
    window_since: datetime.datetime | None = None

    @property
    def ranked_all(self) -> bool:
        """Whether relevance can rank every result, or only the RANK_WINDOW newest."""
        return not self.total_estimated and self.total <= RANK_WINDOW

    def pageable(self, sort: str) -> int:
        """How many results the pages reach: all, unless ranked in the window or counted from a sample."""
        if sort == "relevance" or self.facets_estimated:
            return min(self.total, RANK_WINDOW)
        return self.total


def _sample_percent(table: str) -> str:
    # reltuples is -1 before the table's first VACUUM or ANALYZE: then the whole table is read, as for a small one.
    return (
        f"(SELECT least(100, 100.0 * {SAMPLE_ROWS} / greatest(reltuples, 1)) FROM pg_class "
        f"WHERE oid = '{table}'::regclass)"
    )


def sample_clause(table: str) -> str:
    """TABLESAMPLE reading about SAMPLE_ROWS rows of `table` (all of a small table), by its planner statistics."""
    return f"TABLESAMPLE SYSTEM ({_sample_percent(table)}) REPEATABLE ({SAMPLE_SEED})"


def sample_percent_sql(table: str) -> str:
    """The percentage sample_clause reads, as SQL, to scale the sample's counts by."""
    return _sample_percent(table)


def rough(count: float) -> int:
    """An estimate rounded to two significant figures, so it does not look more exact than it is; at least 1."""
    if count <= 0:
        return 0
    digits = max(0, math.floor(math.log10(count)) - 1)
    return max(1, round(count / 10**digits) * 10**digits)


def planned_rows(queryset: QuerySet[Any]) -> float:
    """The planner's estimate of the rows a queryset returns: free, and close for one or two common words."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def count_at_most(queryset: QuerySet[Any], limit: int) -> int:
    """COUNT of a queryset that stops reading after `limit` + 1 rows."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def tsquery_sql(text: str) -> tuple[str, list[Any]]:
    """The reader's query as the SQL the search filter uses (so ranks computed apart are the same ranks)."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    compiler = Article.objects.none().query.get_compiler(connection=connection)
    sql, params = query.as_sql(compiler, connection)
    return sql, list(params)


def window_page_ids(
    filtered: QuerySet[Article], text: str, offset: int, limit: int, since: datetime.datetime | None = None
) -> list[int]:
    """Ids of one page of results by relevance, ranking only the RANK_WINDOW newest of the filtered matches.

    `since` (from the sample, see Tally.window_since) is a publication time after which there should be more
    than RANK_WINDOW matches: PostgreSQL then intersects the full-text index with that date range and reads
    about that many rows, instead of walking the date index past every non-matching story (four per match
    for a word in a quarter of the stories). If the range holds fewer, the window is read again without it.
    """
    if since is not None:
        ids, complete = _window_page(filtered.filter(published_at__gte=since), text, offset, limit)
        if complete:
            return ids
    return _window_page(filtered, text, offset, limit)[0]


def _window_page(filtered: QuerySet[Article], text: str, offset: int, limit: int) -> tuple[list[int], bool]:
    """The page's ids, and whether the newest matches filled the window (so none older could belong in it)."""
    newest = filtered.order_by("-published_at", "-pk").values("pk", "published_at", "search_vector")[:RANK_WINDOW]
    newest_sql, newest_params = newest.query.sql_with_params()
    query_sql, query_params = tsquery_sql(text)
    sql = f"""
        WITH n (id, published_at, search_vector) AS MATERIALIZED ({newest_sql})
        SELECT 0, count(*) FROM n
        UNION ALL
        SELECT * FROM (
            SELECT w.id, row_number() OVER (ORDER BY w.rank DESC, w.published_at DESC, w.id DESC) FROM (
                SELECT n.id, n.published_at, ts_rank(n.search_vector, {query_sql}) AS rank FROM n
            ) w ORDER BY w.rank DESC, w.published_at DESC, w.id DESC LIMIT %s OFFSET %s
        ) p
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*newest_params, *query_params, limit, offset])
        rows = cursor.fetchall()
    found = next(count for pk, count in rows if pk == 0)
    return [pk for pk, _ in sorted(rows[1:], key=lambda row: row[1])], found >= RANK_WINDOW
