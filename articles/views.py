"""Public pages of the journalism: the article, the list, author and topic pages, and the staff preview."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles import large_results, search
from articles.citations import shortcode_values
from articles.facets import PageWanted, article_facets
from articles.filters import ArticleFilterSet
from articles.large_results import Tally
from articles.models import Article, Author, SlugRedirect, Topic
from articles.permissions import can_view
from articles.sharing import LinkRefused, open_share_link
from articles.story_cache import render_story_parts, story_parts
from articles.story_page import corrections_prefetch, story_context
from articles.story_shell import story_shell_tags
from newsroom import shells
from newsroom.archive import FacetItem, FilteredListView, cached_facets
from newsroom.caching import PublicCacheMixin, add_cache_tags
from newsroom.kept_listings import KeptListingMixin

ARTICLES_PER_PAGE = 20
# What the archive's facet counts are counted from: stories, their topics and authors, cited flights' countries.
FACET_TAGS = ("articles", "authors", "topics", "corrections", "flights")


def page_prefetches(*, for_readers: bool) -> tuple[str | Prefetch, ...]:
    """What a story page shows beside the body: authors, topics, corrections (3 queries). A preview shows the
    corrections dated later too, as readers will see them at their time."""
    return ("authors", "topics", corrections_prefetch(dated_only=for_readers))


def article_page_queryset(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The story and what its preview shows beside the body (4 queries)."""
    return articles.prefetch_related(*page_prefetches(for_readers=False))


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
        context.update(story_context(self.request, article, context["corrections"], parts.reviews))
        return context


class ArticleDetailView(PublicCacheMixin, ArticlePageMixin, DetailView):
    """A reader's story: its own HTML from its shell (newsroom/shells.py) while nothing it shows has changed,
    with no database read; read through the public gate, rendered and kept otherwise. The frame renders each
    time."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        # The search vector (the row's largest column) is never shown.
        return Article.objects.published().defer("search_vector")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        shell = shells.cached(request, "story", self.kwargs["slug"])
        if shell is not None:
            return self.render_to_response(reader_context(shell))
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return gone_or_moved(request, self.kwargs["slug"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        first = self.object
        rendering = shells.start(
            self.request, "story", first.slug, first.updated_at.isoformat(), story_shell_tags(first)
        )
        # Read again after the tokens: what is rendered is never older than the tokens it is kept under.
        article = self.get_queryset().filter(pk=first.pk).first()
        if article is None:
            raise Http404("No published story at this address.")
        self.object = kwargs["object"] = article
        prefetch_related_objects([article], *page_prefetches(for_readers=True))
        context = super().get_context_data(**kwargs)
        parts = shells.render_parts(self.template_name, context, self.request)
        revision = article.updated_at.isoformat()
        # Tags of the story as rendered (known already: its parts were keyed by them, so no query).
        tags = story_shell_tags(article)
        shell = shells.keep(rendering, parts, {"og_image": context["og_image"]}, revision=revision, tags=tags)
        context.update(reader_context(shell))
        return context


def reader_context(shell: shells.Shell) -> dict[str, Any]:
    """What the story template reads outside its shell parts. A reader's page is neither a preview nor hidden
    from search engines; saying so spares the template four failed lookups (exceptions inside Django's)."""
    return {"shell": shell, "og_image": shell.values["og_image"], "preview": False, "noindex": False}


def gone_or_moved(request: HttpRequest, slug: str) -> HttpResponse:
    """A withdrawn story answers 410 with its public reason; a story's old address, 301 to its new one."""
    withdrawn = Article.objects.filter(slug=slug, status=Article.Status.WITHDRAWN).first()
    if withdrawn is not None:
        response = render(request, "articles/withdrawn.html", {"article": withdrawn}, status=410)
        add_never_cache_headers(response)  # it may be reinstated; a cache must not keep the notice
        return response
    moved = SlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
    if moved is not None and (moved.article.is_public or moved.article.status == Article.Status.WITHDRAWN):
        return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
    raise Http404("No story at this address.")


class DraftPageMixin(ArticlePageMixin):
    """Pages showing a story's newest text, including what is not live yet: never cached, never indexed."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    cached_parts = False
    public_records = False

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)  # type: ignore[misc]
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        add_never_cache_headers(response)
        return response


@method_decorator([never_cache, staff_member_required], name="dispatch")
class ArticlePreviewView(DraftPageMixin, DetailView):
    """Staff who may view stories see any one as readers will, with its pending revision; never cached."""

    def get_queryset(self) -> QuerySet[Article]:
        if not can_view(self.request.user):
            raise PermissionDenied("Your role cannot read stories before they are published.")
        return article_page_queryset(Article.objects.all())

    def get_object(self, queryset: QuerySet[Article] | None = None) -> Article:
        return super().get_object(queryset).newest_text

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(preview=True, noindex=True, **kwargs)


@method_decorator(never_cache, name="dispatch")
class SharedDraftView(DraftPageMixin, DetailView):
    """A reviewer without an account reads the story's newest text through a signed share link."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.link = open_share_link(self.kwargs["token"])
        except LinkRefused as refused:
            response = render(request, "articles/share_refused.html", {"reason": str(refused)}, status=403)
            response["X-Robots-Tag"] = "noindex, nofollow"
            add_never_cache_headers(response)
            return response
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset: QuerySet[Article] | None = None) -> Article:
        return article_page_queryset(Article.objects.filter(pk=self.link.article_id)).get().newest_text

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(share_link=self.link, noindex=True, **kwargs)


class ArticleListView(KeptListingMixin, FilteredListView):
    """The archive: full-text search and filters over published articles, with facet counts beside them."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    filterset_class = ArticleFilterSet
    filterset: ArticleFilterSet
    tally: Tally

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
            facets, counted = cached_facets(self.filterset, lambda fs: article_facets(fs, wanted), tags=FACET_TAGS)
        else:
            facets, counted = cached_facets(self.filterset, article_facets, tags=FACET_TAGS)
        # Counts cached before they carried how they were reached are plain numbers, and were exact.
        self.tally = counted if isinstance(counted, Tally) else Tally(counted)
        # Past the ranking window, or with counts from a sample, pages stop at the window (see large_results).
        self.known_count = self.tally.pageable(self.filterset.sort_order)
        return facets

    def get_queryset(self) -> QuerySet[Article]:
        results = super().get_queryset()
        return search.with_snippets(results, self.filterset.query_text).prefetch_related("authors")

    def paginate_queryset(self, queryset: QuerySet[Article], page_size: int) -> tuple[Any, Any, Any, bool]:
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        ids = self.filterset.page_ids if page.number == self.wanted_page else None
        if ids is None and self.ranks_in_window:
            # Facets from the cache, or counted from a sample: rank the window for this page alone.
            filtered = self.filterset.filter_queryset_without(self.filterset.queryset)
            offset = (page.number - 1) * page_size
            since = self.tally.window_since
            ids = large_results.window_page_ids(filtered, self.filterset.query_text, offset, page_size, since)
        if ids is not None:
            # The ids were picked under every filter: fetch by id alone. Repeating the full-text match here
            # would have PostgreSQL read every matching row again to intersect it with 20 ids.
            by_id = self.get_base_queryset().filter(pk__in=ids)
            by_id = search.with_snippets(by_id, self.filterset.query_text).prefetch_related("authors")
            found = {article.pk: article for article in by_id}
            page.object_list = articles = [found[pk] for pk in ids if pk in found]
        return paginator, page, articles, is_paginated

    @property
    def ranks_in_window(self) -> bool:
        """Whether relevance ranks only the newest large_results.RANK_WINDOW results, not all of them."""
        return self.filterset.sort_order == "relevance" and not self.tally.ranked_all

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
            tally=self.tally,
            rank_window=large_results.RANK_WINDOW if self.ranks_in_window else None,
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
