"""Work on articles that writes several records at once: citing flights, and publishing gated on the fact check."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.citations import cited_slugs
from articles.models import Article, ArticleFlight
from flights.models import Flight


@transaction.atomic
def sync_cited_flights(*, article: Article) -> list[str]:
    """Make every flight the body cites one of the article's cited flights; returns the slugs added.

    Flights an editor linked by hand stay linked even when the body no longer cites them.
    """
    slugs = cited_slugs(article.body)
    linked = set(article.cited_flights.values_list("flight__slug", flat=True))
    missing = Flight.objects.filter(slug__in=slugs - linked).order_by("departed_earliest")
    start = len(linked)
    links = [ArticleFlight(article=article, flight=flight, position=start + i) for i, flight in enumerate(missing)]
    ArticleFlight.objects.bulk_create(links)
    return [link.flight.slug for link in links]


class PublishRefused(ValidationError):
    """Publishing was refused: the fact check found contradictions and no editor recorded why to go ahead."""


def contradiction_messages(article: Article) -> list[str]:
    """The fact check's contradictions for the article as it is stored, one line each."""
    from articles.factcheck import FindingKind, check_article

    return [
        f"\u201c{f.claimed}\u201d: {f.message}" for f in check_article(article) if f.kind == FindingKind.CONTRADICTION
    ]


@transaction.atomic
def publish_article(*, article: Article, override_reason: str = "") -> Article:
    """Publish the article now (or at its scheduled time), unless the fact check finds contradictions.

    With contradictions an editor must give override_reason; it is stored on the article, so the
    article's history keeps who published over which findings and why.
    """
    problems = contradiction_messages(article)
    reason = override_reason.strip()
    if problems and not reason:
        raise PublishRefused(
            [f"The fact check found {len(problems)} contradiction(s); correct the text or give a reason.", *problems]
        )
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or timezone.now()
    if reason:
        article.factcheck_override_reason = reason
    article.save()
    return article
