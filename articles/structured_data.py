"""JSON-LD for stories: NewsArticle with its corrections, and ClaimReview for the figures of other outlets a story
corrects from the records (a disputed claim on a value the story cites, rated against the accepted value)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from articles.citations import find_references
from articles.models import Article, Correction
from flights.claim_fields import CLAIM_FIELDS
from flights.models import Claim, Flight
from newsroom.seo import absolute
from newsroom.structured_data import JsonLd, publisher_ref

# ClaimReview's scale: 1 is false, 5 is true. A disputed claim contradicts the accepted value: false.
WORST, BEST = 1, 5


@dataclass(frozen=True)
class Review:
    """A figure another outlet published that the records contradict, and what the records say instead."""

    claim: Claim
    flight: Flight
    accepted: list[Claim]

    @property
    def anchor(self) -> str:
        return f"review-{self.claim.pk}"

    @property
    def claimed(self) -> str:
        """The disputed figure as the outlet put it: "116 men", "six women", "first such flight since 2018"."""
        spec = CLAIM_FIELDS[self.claim.field]
        value = self.claim.value_display
        return f"{value} {spec.label}" if spec.is_count else f"{spec.label} {value}"

    @property
    def record_value(self) -> str:
        spec = CLAIM_FIELDS[self.claim.field]
        value = spec.read(self.flight)
        shown = spec.display(value) if value is not None else "not reported"
        return f"{shown} {spec.label}" if spec.is_count else f"{spec.label} {shown}"

    @property
    def sources_named(self) -> str:
        return " and ".join(dict.fromkeys(claim.source.publisher for claim in self.accepted))

    @property
    def verdict(self) -> str:
        return (
            f"False: {self.sources_named} gives {self.record_value}"
            if self.accepted
            else "Not supported by the records"
        )


def reviews_for(article: Article, cited: list[Flight]) -> list[Review]:
    """Disputed claims on the values the story cites, each with the accepted claims it contradicts.

    `cited` are the story's flights as readers may see them, with `claims` (and their sources) prefetched:
    the story's cached parts compute this once, from the same rows as the fact box.
    """
    cited_values = {(ref.slug, ref.field) for ref in find_references(article.body)[0] if ref.kind == "flight"}
    reviews = []
    for flight in cited:
        claims = list(flight.claims.all())
        for claim in claims:
            if claim.status != Claim.Status.DISPUTED or (flight.slug, claim.field) not in cited_values:
                continue
            accepted = [
                c
                for c in claims
                if c.field == claim.field and c.status == Claim.Status.ACCEPTED and c.source_id != claim.source_id
            ]
            reviews.append(Review(claim=claim, flight=flight, accepted=accepted))
    return reviews


def claim_review(request: HttpRequest, article: Article, review: Review) -> JsonLd:
    outlet = review.claim.source
    appearance: JsonLd = {
        "@type": "CreativeWork",
        "name": outlet.title,
        "publisher": {"@type": "Organization", "name": outlet.publisher},
    }
    if outlet.url or outlet.archive_url:
        appearance["url"] = outlet.url or outlet.archive_url
    item: JsonLd = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": outlet.publisher},
        "appearance": appearance,
        "about": {"@type": "Thing", "name": str(review.flight)},
    }
    if outlet.published_on:
        item["datePublished"] = outlet.published_on.isoformat()
    return {
        "@type": "ClaimReview",
        "url": absolute(request, article.get_absolute_url()) + f"#{review.anchor}",
        "claimReviewed": f"{review.claimed} on the {review.flight}",
        "itemReviewed": item,
        "author": publisher_ref(request),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": WORST,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": review.verdict,
        },
        "reviewBody": (
            f"{outlet.publisher} reported {review.claimed}. "
            + (
                f"{review.sources_named} gives {review.record_value}."
                if review.accepted
                else "No source we hold agrees."
            )
            + (f" Our note: {review.claim.note}" if review.claim.note else "")
        ),
    }


def _date_modified(article: Article, corrections: list[Correction]) -> str:
    latest = max([article.updated_at, *(c.published_at for c in corrections)])
    return latest.isoformat()


def news_article(
    request: HttpRequest, article: Article, corrections: list[Correction], image_urls: list[str]
) -> JsonLd:
    url = absolute(request, article.get_absolute_url())
    data: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": url + "#article",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.headline[:110],
        "description": article.dek or article.headline,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": _date_modified(article, corrections),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(request, author.get_absolute_url())}
            for author in article.authors.all()
        ],
        "publisher": publisher_ref(request),
        "articleSection": [topic.name for topic in article.topics.all()],
        "isAccessibleForFree": True,
        "image": image_urls,
    }
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.published_at.isoformat(),
                "url": absolute(request, correction.get_absolute_url()),
            }
            for correction in corrections
        ]
    return data
