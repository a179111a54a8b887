"""Work on articles that writes several records at once."""

from __future__ import annotations

from django.db import transaction

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
