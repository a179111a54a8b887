"""Full-text search of articles: weighted vectors and ranking on PostgreSQL, a word-by-word match on SQLite."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries

from articles.citations import ANY_SHORTCODE
from articles.models import SEARCH_COLUMNS, Article

# One text-search configuration for vectors and queries alike; a mismatch would match nothing.
SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Private-use characters mark matches inside ts_headline output, so the text can be escaped before <mark> goes in.
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
# Markdown a reader should not see in a snippet: emphasis, headings, quotes, code, link targets.
_MARKDOWN = re.compile(r"(?m)^[ \t]*(?:#{1,6}|>)[ \t]*|[*_`]+|!?\[([^\]]*)\]\([^)]*\)")
SNIPPET_CHARS = 240

# setweight(...) per part: headline A, dek B, body C, and the places its cited flights went (D).
# The places are names, not codes, so "China" or "Dallas" finds stories whose flights went there.
# The same statement copies the facet keys (topic and author ids, destination countries and kinds of cited
# flights) onto the row.
# Joins rather than a subquery per article, so refreshing every article is one pass over each table.
_VECTOR_SQL = """
WITH names (code, name) AS (SELECT * FROM unnest(%(codes)s::text[], %(names)s::text[])),
places AS (
    SELECT af.article_id, string_agg(concat_ws(' ', names.name, o.name, o.city, d.name, d.city), ' ') AS words,
        array_agg(DISTINCT f.destination_country::varchar) AS countries,
        array_agg(DISTINCT f.kind::varchar) AS kinds
    FROM articles_articleflight AS af
    JOIN flights_flight AS f ON f.id = af.flight_id
    LEFT JOIN names ON names.code = f.destination_country
    LEFT JOIN flights_airport AS o ON o.id = f.origin_id
    LEFT JOIN flights_airport AS d ON d.id = f.destination_id
    {where_article_id}
    GROUP BY af.article_id
),
topics AS (
    SELECT article_id, array_agg(topic_id ORDER BY topic_id) AS ids FROM articles_article_topics
    {where_article_id} GROUP BY article_id
),
authors AS (
    SELECT article_id, array_agg(author_id ORDER BY author_id) AS ids FROM articles_article_authors
    {where_article_id} GROUP BY article_id
)
UPDATE articles_article AS a SET
    search_vector = setweight(to_tsvector(%(config)s, coalesce(a.headline, '')), 'A')
        || setweight(to_tsvector(%(config)s, coalesce(a.dek, '')), 'B')
        || setweight(to_tsvector(%(config)s, coalesce(a.body, '')), 'C')
        || setweight(to_tsvector(%(config)s, coalesce(places.words, '')), 'D'),
    facet_topics = coalesce(topics.ids, '{{}}'),
    facet_authors = coalesce(authors.ids, '{{}}'),
    facet_countries = coalesce(places.countries, '{{}}'),
    facet_kinds = coalesce(places.kinds, '{{}}')
FROM articles_article AS same
    LEFT JOIN places ON places.article_id = same.id
    LEFT JOIN topics ON topics.article_id = same.id
    LEFT JOIN authors ON authors.article_id = same.id
WHERE same.id = a.id {where}
"""


# Columns with a GIN index on PostgreSQL, each named article_<column>_gin (migrations 0002 and 0009): the words,
# and the facet keys the archive filters by, so filters and words intersect index bitmaps.
GIN_INDEXED = SEARCH_COLUMNS


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vectors(article_ids: Iterable[int] | None = None, using: str = DEFAULT_DB_ALIAS) -> int:
    """Recompute search vectors and facet keys in one UPDATE: of the given articles, or of all when None.

    Returns the number of articles. On SQLite there is nothing to keep; the search reads the text directly.
    """
    database = connections[using]
    if database.vendor != "postgresql":
        return 0
    codes, names = zip(*((code, str(name)) for code, name in countries), strict=True)
    params: dict[str, object] = {"config": SEARCH_CONFIG, "codes": list(codes), "names": list(names)}
    sql = _VECTOR_SQL.format(where_article_id="", where="")
    if article_ids is not None:
        ids = sorted(set(article_ids))
        if not ids:
            return 0
        sql = _VECTOR_SQL.format(where_article_id="WHERE article_id = ANY(%(ids)s)", where="AND a.id = ANY(%(ids)s)")
        params["ids"] = ids
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query split the way the SQLite fallback uses it: words or "phrases" to find, and -excluded."""

    include: tuple[str, ...]
    exclude: tuple[str, ...]


_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


_SYNTAX = re.compile(r"[^\w\s]")
REFUSED_MESSAGE = (
    "We could not run this search as written: it has more symbols such as - or quotation marks than "
    "the search can read. Remove some and try again."
)


def refused_query(text: str) -> str | None:
    """Why the database would refuse this query text (e.g. 33 dashes overflow PostgreSQL's tsquery stack).

    Asked of the database itself, so every input it cannot read is caught, not only the ones known today.
    Words alone always parse, so only text with other characters (operators, quotes, punctuation) is asked.
    None when the text can be searched (always on SQLite, whose search reads the words itself).
    """
    if not uses_postgres() or not _SYNTAX.search(text):
        return None
    try:
        # A savepoint when inside a transaction (the admin, tests): a refused statement must not poison it.
        with transaction.atomic(savepoint=connection.in_atomic_block), connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)", [SEARCH_CONFIG, text])
    except DatabaseError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def parse_query(text: str) -> ParsedQuery:
    include: list[str] = []
    exclude: list[str] = []
    for match in _TOKEN.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        term = (match.group(2) if match.group(2) is not None else match.group(4)).strip().strip('"')
        # A bare "or" is web-search syntax on PostgreSQL; the fallback requires every word, so it drops it.
        if not term or term.lower() == "or" or term == "-":
            continue
        (exclude if negated else include).append(term)
    return ParsedQuery(tuple(dict.fromkeys(include)), tuple(dict.fromkeys(exclude)))


def match_text(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """Articles matching the query; on PostgreSQL annotated with `rank` for relevance ordering."""
    if uses_postgres():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    parsed = parse_query(text)
    for term in parsed.include:
        queryset = queryset.filter(Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term))
    for term in parsed.exclude:
        queryset = queryset.exclude(Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term))
    return queryset


def with_snippets(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """On PostgreSQL, let the database cut the snippet (`headline_raw`) for the rows of the page only."""
    if not text or not uses_postgres():
        return queryset
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # The body stays in the database: ts_headline reads it there and sends back only the passage.
    return queryset.defer("body").annotate(
        headline_raw=SearchHeadline(
            "body",
            query,
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def plain_text(body: str, value_of: Callable[[str], str] | None = None) -> str:
    """The body as a reader would skim it: citations as their values (see shortcode_values), no Markdown."""
    text = ANY_SHORTCODE.sub(lambda m: value_of(_unmarked(m.group(0))) if value_of else "…", body)
    text = _MARKDOWN.sub(lambda m: m.group(1) or "", text)
    return re.sub(r"\s+", " ", text).strip()


def marked_html(raw: str) -> SafeString:
    """Escape the text, then turn the database's match markers into <mark>; stray markers are dropped."""
    parts: list[str] = []
    position = 0
    for match in _MARKED.finditer(raw):
        parts.append(escape(_unmarked(raw[position : match.start()])))
        parts.append(f"<mark>{escape(_unmarked(match.group(1)))}</mark>")
        position = match.end()
    parts.append(escape(_unmarked(raw[position:])))
    return mark_safe("".join(parts))  # every piece of text above is escaped


def _unmarked(text: str) -> str:
    return text.replace(_START, "").replace(_STOP, "")


def snippet(article: Article, text: str, value_of: Callable[[str], str] | None = None) -> SafeString:
    """A passage of the body around the first match, matches in <mark>; the start of the body when none."""
    if not text:
        return mark_safe("")
    raw = getattr(article, "headline_raw", None)
    if raw is not None:
        return marked_html(plain_text(raw, value_of))
    body = plain_text(article.body, value_of)
    terms = parse_query(text).include
    # Phrases first, then longer words, so "removal flight" wins over "flight" inside it.
    terms = tuple(sorted(terms, key=len, reverse=True))
    if not terms:
        return marked_html(_shorten(body, 0))
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(body)
    start = max(0, first.start() - SNIPPET_CHARS // 3) if first else 0
    passage = _shorten(body, start)
    return marked_html(pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", passage))


def _shorten(text: str, start: int) -> str:
    if start:
        # Begin at a word boundary so the snippet does not open mid-word.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 40 else start
    end = start + SNIPPET_CHARS
    passage = text[start:end]
    if end < len(text):
        cut = passage.rfind(" ")
        passage = (passage[:cut] if cut > SNIPPET_CHARS // 2 else passage) + " …"
    return ("… " if start else "") + passage
