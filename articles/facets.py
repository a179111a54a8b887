"""Facet counts beside the archive's results: topic, author, year and destination country of cited flights."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django_countries import countries

from articles.filters import ArticleFilterSet
from articles.models import Article, ArticleFlight
from newsroom.archive import FacetItem, sorted_facet

# Long tails of authors or countries help nobody; the chosen ones are listed whatever their rank.
FACET_LIMIT = 20


def _base(filterset: ArticleFilterSet, without: str) -> QuerySet[Article]:
    """The results as every other active filter has them: what choosing one more value of `without` narrows."""
    return filterset.filter_queryset_without(filterset.queryset, without).values("pk")


def article_facets(filterset: ArticleFilterSet) -> tuple[dict[str, list[FacetItem]], int]:
    """Facets, and the number of results (summed from the year facet, so no separate COUNT is needed)."""
    years = {
        year: count
        for year, count in filterset.filter_queryset_without(filterset.queryset, "year")
        .annotate(published_year=ExtractYear("published_at"))
        .values_list("published_year")
        .annotate(n=Count("pk"))
        .order_by()
    }
    chosen_years = filterset.cleaned.get("year") or []
    total = sum(count for year, count in years.items() if not chosen_years or year in chosen_years)

    topics = (
        Article.topics.through.objects.filter(article__in=_base(filterset, "topic"))
        .values_list("topic__slug", "topic__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    authors = (
        Article.authors.through.objects.filter(article__in=_base(filterset, "author"))
        .values_list("author__slug", "author__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # An article citing two flights to one country counts once for it.
    places = (
        ArticleFlight.objects.filter(article__in=_base(filterset, "country"))
        .values_list("flight__destination_country")
        .annotate(n=Count("article", distinct=True))
        .order_by()
    )
    names = dict(countries)
    facets = {
        "topic": filterset.facet("topic", _keep_chosen(filterset, "topic", sorted_facet(list(topics)))),
        "author": filterset.facet("author", _keep_chosen(filterset, "author", sorted_facet(list(authors)))),
        "year": filterset.facet("year", sorted(((y, str(y), n) for y, n in years.items()), reverse=True)),
        "country": filterset.facet(
            "country",
            _keep_chosen(filterset, "country", sorted_facet([(c, str(names.get(c, c)), n) for c, n in places])),
        ),
    }
    return facets, total


def _keep_chosen(filterset: ArticleFilterSet, name: str, rows: list[tuple]) -> list[tuple]:
    chosen = set(filterset.selected(name))
    return [row for i, row in enumerate(rows) if i < FACET_LIMIT or str(row[0]) in chosen]
