"""Public pages of the journalism: the article, the list, author and topic pages, and the staff preview."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles import search
from articles.citations import shortcode_values
from articles.facets import PageWanted, article_facets
from articles.filters import ArticleFilterSet
from articles.models import Article, Author, Correction, Topic
from articles.story_cache import render_story_parts, story_parts
from articles.story_page import story_context
from newsroom.archive import FacetItem, FilteredListView, cached_facets
from newsroom.caching import PublicCacheMixin, add_cache_tags

ARTICLES_PER_PAGE = 20
# What the archive's facet counts are counted from: stories, their topics and authors, cited flights' countries.
FACET_TAGS = ("articles", "authors", "topics", "corrections", "flights")


def article_page_queryset(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The story and what its page shows beside the body: authors, topics, corrections (4 queries)."""
    return articles.prefetch_related(
        "authors", "topics", Prefetch("corrections", queryset=Correction.objects.order_by("published_at"))
    )


class ArticlePageMixin:
    """Renders the body, its footnotes and the fact box of the cited flights."""

    object: Article
    request: HttpRequest
    # Readers' pages reuse the rendered parts while nothing they show has changed; previews render afresh.
    cached_parts = True
    public_records = True  # a preview shows held records too, as readers will see them once it publishes

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        article = self.object
        if self.cached_parts:
            parts = story_parts(article)
            add_cache_tags(self.request, [f"article:{article.pk}", *parts.tags])
        else:
            parts = render_story_parts(article, public=self.public_records)
        context.update(
            body_html=parts.body_html,
            footnotes_html=parts.footnotes_html,
            fact_box_html=parts.fact_box_html,
            corrections=list(article.corrections.all()),
        )
        context.update(story_context(self.request, article, context["corrections"]))
        return context


class ArticleDetailView(PublicCacheMixin, ArticlePageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        return article_page_queryset(Article.objects.published())


@method_decorator([never_cache, staff_member_required], name="dispatch")
class ArticlePreviewView(ArticlePageMixin, DetailView):
    """Staff see any article as readers will, drafts included; never cached."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    cached_parts = False
    public_records = False

    def get_queryset(self) -> QuerySet[Article]:
        return article_page_queryset(Article.objects.all())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(preview=True, **kwargs)


class ArticleListView(FilteredListView):
    """The archive: full-text search and filters over published articles, with facet counts beside them."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    filterset_class = ArticleFilterSet
    filterset: ArticleFilterSet

    def get_base_queryset(self) -> QuerySet[Article]:
        # The vector is large and only the database reads it.
        return Article.objects.published().defer("search_vector")

    def get_facets(self) -> dict[str, list[FacetItem]]:
        self.wanted_page = None
        if search.uses_postgres() and self.filterset.query_text:
            # Ranking every match is the costly part of a search: let the facet statement, which matches
            # once anyway, pick the page too. A page number that turns out invalid falls back below.
            raw = self.request.GET.get(self.page_kwarg) or "1"
            self.wanted_page = int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) < 100_000 else 1
            wanted = PageWanted(offset=(self.wanted_page - 1) * self.paginate_by, limit=self.paginate_by)
            facets, self.known_count = cached_facets(
                self.filterset, lambda fs: article_facets(fs, wanted), tags=FACET_TAGS
            )
        else:
            facets, self.known_count = cached_facets(self.filterset, article_facets, tags=FACET_TAGS)
        return facets

    def get_queryset(self) -> QuerySet[Article]:
        results = super().get_queryset()
        return search.with_snippets(results, self.filterset.query_text).prefetch_related("authors")

    def paginate_queryset(self, queryset: QuerySet[Article], page_size: int) -> tuple[Any, Any, Any, bool]:
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        ids = self.filterset.page_ids
        if ids is not None and page.number == self.wanted_page:
            # The same filters and order, fetched by the ids the facet statement picked.
            found = {article.pk: article for article in queryset.order_by().filter(pk__in=ids)}
            page.object_list = articles = [found[pk] for pk in ids if pk in found]
        return paginator, page, articles, is_paginated

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        text = self.filterset.query_text
        articles = context["articles"]
        # Snippets show citations as the values readers see on the page, fetched once for the page.
        # On PostgreSQL the body is left unread and the database's passage (headline_raw) is used.
        passages = (getattr(article, "headline_raw", None) or article.body for article in articles) if text else ()
        value_of = shortcode_values(passages)
        context.update(
            query=text,
            sort=self.filterset.sort_order,
            results=[(article, search.snippet(article, text, value_of)) for article in articles],
            postgres_search=search.uses_postgres(),
        )
        return context


class AuthorView(PublicCacheMixin, ListView):
    template_name = "articles/author.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self) -> QuerySet[Article]:
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().with_byline().filter(authors=self.author)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)


class TopicView(PublicCacheMixin, ListView):
    template_name = "articles/topic.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self) -> QuerySet[Article]:
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return Article.objects.published().with_byline().filter(topics=self.topic)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(topic=self.topic, **kwargs)
