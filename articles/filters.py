"""The article archive's filters: query, dates, topic, author, places and kinds of cited flights, corrections."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from articles import search
from articles.models import Article, ArticleFlight, Author, Correction, Topic
from flights.models import Flight
from newsroom.archive import (
    ArchiveDateFilter,
    CheckboxFilter,
    FacetedFilterSet,
    FastSelect,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    YearsFilter,
    country_choices,
    local_day_start,
)


class SearchTextField(forms.CharField):
    """The words to find; text the database cannot read as a search is a message here, not an error page."""

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and search.refused_query(value):
            raise forms.ValidationError(search.REFUSED_MESSAGE, code="refused")


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


SORT_CHOICES = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]


class ArticleFilterSet(FacetedFilterSet):
    q = SearchTextFilter(
        label="Search",
        method="filter_text",
        max_length=search.MAX_QUERY_LENGTH,
        help_text='Words to find; "a phrase" in quotes, -word to leave out.',
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    date_from = ArchiveDateFilter(label="Published from", method="filter_date_from")
    date_to = ArchiveDateFilter(label="Published to", method="filter_date_to")
    topic = ModelMultipleChoiceFilter(
        label="Topic", queryset=Topic.objects.order_by("name"), to_field_name="slug", method="filter_topic"
    )
    author = ModelMultipleChoiceFilter(
        label="Author", queryset=Author.objects.order_by("name"), to_field_name="slug", method="filter_author"
    )
    country = MultipleChoiceFilter(
        label="Flights to", choices=country_choices, method="filter_country", help_text="Destination country."
    )
    kind = MultipleChoiceFilter(label="Flight kind", choices=Flight.Kind.choices, method="filter_kind")
    year = YearsFilter(label="Year", method="filter_year")
    has_corrections = CheckboxFilter(label="Has corrections", method="filter_has_corrections")
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORT_CHOICES, method="filter_nothing", empty_label=None, widget=FastSelect
    )

    # Set by the facets on PostgreSQL when they also picked the page's articles (see articles.facets).
    page_ids: list[int] | None = None

    class Meta(FacetedFilterSet.Meta):
        model = Article
        fields: list[str] = []

    @property
    def query_text(self) -> str:
        return (self.cleaned.get("q") or "").strip()

    def filter_text(self, queryset: QuerySet[Article], name: str, value: str) -> QuerySet[Article]:
        value = value.strip()
        return search.match_text(queryset, value) if value else queryset

    def filter_date_from(self, queryset: QuerySet[Article], name: str, value: datetime.date) -> QuerySet[Article]:
        return queryset.filter(published_at__gte=local_day_start(value))

    def filter_date_to(self, queryset: QuerySet[Article], name: str, value: datetime.date) -> QuerySet[Article]:
        # "To June 3" includes all of June 3, local time.
        return queryset.filter(published_at__lt=local_day_start(value + datetime.timedelta(days=1)))

    # On PostgreSQL the link filters read the keys copied onto each article (articles.search keeps them):
    # no link table is joined, which at 100,000 stories is most of a search's time, and the list agrees with
    # the facet counts, which read the same keys. Elsewhere a subquery of the links, so an article with two
    # chosen topics is still one result.

    def filter_topic(self, queryset: QuerySet[Article], name: str, value: QuerySet[Topic]) -> QuerySet[Article]:
        if not value:
            return queryset
        if search.uses_postgres():
            return queryset.filter(facet_topics__overlap=[topic.pk for topic in value])
        links = Article.topics.through.objects.filter(topic__in=value)
        return queryset.filter(pk__in=links.values("article_id"))

    def filter_author(self, queryset: QuerySet[Article], name: str, value: QuerySet[Author]) -> QuerySet[Article]:
        if not value:
            return queryset
        if search.uses_postgres():
            return queryset.filter(facet_authors__overlap=[author.pk for author in value])
        links = Article.authors.through.objects.filter(author__in=value)
        return queryset.filter(pk__in=links.values("article_id"))

    def filter_country(self, queryset: QuerySet[Article], name: str, value: list[str]) -> QuerySet[Article]:
        if not value:
            return queryset
        if search.uses_postgres():
            return queryset.filter(facet_countries__overlap=list(value))
        cited = ArticleFlight.objects.filter(flight__destination_country__in=value)
        return queryset.filter(pk__in=cited.values("article_id"))

    def filter_kind(self, queryset: QuerySet[Article], name: str, value: list[str]) -> QuerySet[Article]:
        if not value:
            return queryset
        if search.uses_postgres():
            return queryset.filter(facet_kinds__overlap=list(value))
        cited = ArticleFlight.objects.filter(flight__kind__in=value)
        return queryset.filter(pk__in=cited.values("article_id"))

    def filter_year(self, queryset: QuerySet[Article], name: str, value: list[int]) -> QuerySet[Article]:
        if not value:
            return queryset
        # Ranges on published_at rather than __year, so the (status, published_at) index serves them.
        years = Q()
        for year in value:
            start = local_day_start(datetime.date(year, 1, 1))
            end = local_day_start(datetime.date(year + 1, 1, 1))
            years |= Q(published_at__gte=start, published_at__lt=end)
        return queryset.filter(years)

    def filter_has_corrections(self, queryset: QuerySet[Article], name: str, value: bool) -> QuerySet[Article]:
        if not value:
            return queryset
        public = Correction.objects.filter(article=OuterRef("pk"), published_at__lte=timezone.now())
        return queryset.filter(Exists(public))

    def filter_nothing(self, queryset: QuerySet[Article], name: str, value: Any) -> QuerySet[Article]:
        return queryset  # sort is applied by order_queryset, after every filter

    @property
    def sort_order(self) -> str:
        """The order in effect: relevance only means something with a query."""
        chosen = self.cleaned.get("sort") or ""
        if chosen == "relevance" and not (self.query_text and search.uses_postgres()):
            return "newest"  # SQLite has no rank: its query results read newest first
        return chosen or ("relevance" if self.query_text and search.uses_postgres() else "newest")

    def order_queryset(self, queryset: QuerySet[Article], sort: str) -> QuerySet[Article]:
        sort = self.sort_order
        if sort == "relevance":
            return queryset.order_by("-rank", "-published_at", "-pk")
        if sort == "oldest":
            return queryset.order_by("published_at", "pk")
        return queryset.order_by("-published_at", "-pk")
