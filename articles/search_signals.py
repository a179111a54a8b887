"""Keep articles' search vectors and facet keys fresh: after an article, its topics, authors or flights change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, ArticleFlight, Author, Topic
from articles.search import refresh_search_vectors, uses_postgres
from flights.models import Flight


def refresh_on_commit(article_ids: Iterable[int]) -> None:
    """Recompute after the transaction commits, so the vector reads the committed flights and text.

    robust: a failed refresh must not turn a saved article into an error page; the next save repairs it.
    """
    if not uses_postgres():
        return
    ids = list(article_ids)
    if ids:
        transaction.on_commit(lambda: refresh_search_vectors(ids), robust=True)


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender: type[Article], instance: Article, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # fixtures load raw rows; rebuild_search_index covers them
        refresh_on_commit([instance.pk])


@receiver(post_save, sender=ArticleFlight, dispatch_uid="search_citation_saved")
@receiver(post_delete, sender=ArticleFlight, dispatch_uid="search_citation_deleted")
def citation_changed(sender: type[ArticleFlight], instance: ArticleFlight, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_on_commit([instance.article_id])


@receiver(m2m_changed, sender=Article.flights.through, dispatch_uid="search_flights_changed")
def cited_flights_changed(
    sender: type[ArticleFlight], instance: Article | Flight, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if isinstance(instance, Article):
        if action.startswith("post_"):
            refresh_on_commit([instance.pk])
    elif action in {"post_add", "post_remove"} and pk_set:
        refresh_on_commit(pk_set)  # flight.articles.add(...): the articles are the pk_set
    elif action == "pre_clear":
        # After the clear the links are gone; read whose vectors change while they still exist.
        refresh_on_commit(ArticleFlight.objects.filter(flight=instance).values_list("article_id", flat=True))


@receiver(post_save, sender=Flight, dispatch_uid="search_flight_saved")
def flight_saved(sender: type[Flight], instance: Flight, raw: bool = False, **kwargs: Any) -> None:
    # A flight's destination or airports are words of the stories citing it.
    if not raw:
        refresh_on_commit(ArticleFlight.objects.filter(flight=instance).values_list("article_id", flat=True))


@receiver(m2m_changed, sender=Article.topics.through, dispatch_uid="search_topics_changed")
@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="search_authors_changed")
def facet_links_changed(
    sender: type[Any], instance: Article | Topic | Author, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Topics and authors are facet keys copied onto the article; keep the copy in step."""
    if isinstance(instance, Article):
        if action.startswith("post_"):
            refresh_on_commit([instance.pk])
    elif action in {"post_add", "post_remove"} and pk_set:
        refresh_on_commit(pk_set)  # topic.articles.add(...): the articles are the pk_set
    elif action == "pre_clear":
        refresh_on_commit(instance.articles.values_list("pk", flat=True))
