"""The sources index counts each source's claims as Claim.objects.public() would, held ones left out."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import publish_article, sync_cited_flights
from flights.holds import public_claims_per_source
from flights.models import Claim, Flight

pytestmark = pytest.mark.django_db


def _live() -> dict[int, int]:
    rows = Claim.objects.public().order_by().values_list("source_id").annotate(n=Count("pk"))
    return {source_id: n for source_id, n in rows}


def _story_citing(flight: Flight) -> Article:
    article = Article.objects.create(
        headline="The flight, followed up",
        slug="followed-up",
        body=f"It carried {{{{ flight:{flight.slug}:passengers_total }}}} people.",
        status=Article.Status.DRAFT,
    )
    sync_cited_flights(article=article)
    return article


def test_claim_counts_per_source_equal_the_public_gate_through_every_kind_of_hold(client, demo):
    assert public_claims_per_source() == _live()
    flights = list(Flight.objects.filter(claims__isnull=False).distinct().order_by("slug")[:3])
    held_until, held_for_story, claim_holder = flights
    later = timezone.now() + datetime.timedelta(days=3)
    # A flight held until a date (its claims hidden), a flight held for a story, and one claim held on its own.
    Flight.objects.filter(pk=held_until.pk).update(held_until=later)
    held_for_story.held_for_story = True
    held_for_story.save()
    claim = claim_holder.claims.first()
    claim.held_until = later
    claim.save()
    counts = public_claims_per_source()
    assert counts == _live()
    assert sum(counts.values()) < Claim.objects.count()
    page = client.get(reverse("flights:sources"))
    shown = {row["source"].pk: row["claims"] for row in page.context["rows"]}
    assert {pk: n for pk, n in shown.items() if n} == counts
    # A date hold that has passed, and the story out: those claims are public again.
    Flight.objects.filter(pk=held_until.pk).update(held_until=timezone.now() - datetime.timedelta(minutes=1))
    publish_article(article=_story_citing(held_for_story))
    assert public_claims_per_source() == _live()
    assert sum(public_claims_per_source().values()) == Claim.objects.count() - 1
