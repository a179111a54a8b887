"""Holds (embargoes): records kept from readers until a time, or until a story citing the flight is published.

A held flight or claim is invisible everywhere public: `Flight.objects.public()` and `Claim.objects.public()`
apply released() below, and every public page, download, feed, facet and derived fact reads through them.
Release is decided at read time, so nothing has to run when the time comes or the story goes out.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone


class HeldRecord(models.Model):
    """The hold fields a flight and a claim share; `held_since` dates the hold for "until a story publishes"."""

    held_until = models.DateTimeField(
        "held from readers until",
        null=True,
        blank=True,
        help_text="Embargo: readers see nothing of this record before this time. Leave empty for no time limit.",
    )
    held_for_story = models.BooleanField(
        "held until a story citing the flight is published",
        default=False,
        # A database default too: bulk inserts that name their columns (seeding, COPY) need not know it.
        db_default=False,
        help_text="Embargo: readers see nothing of this record until a story citing the flight is published "
        "(a story published after the hold was placed).",
    )
    held_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        # The story that releases a record must come out after the hold was placed; older stories do not count.
        if self.held_for_story and self.held_since is None:
            # To the second, as publish times are: a story published in the same second as the hold releases it.
            self.held_since = timezone.now().replace(microsecond=0)
        elif not self.held_for_story and not self.held_until:
            self.held_since = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"held_for_story", "held_until"} & set(update_fields):  # type: ignore[arg-type]
            kwargs["update_fields"] = {*update_fields, "held_since"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def has_hold(self) -> bool:
        """Whether a hold is set at all (it may already be released)."""
        return bool(self.held_until) or self.held_for_story


def _published_articles(now: datetime.datetime) -> QuerySet:
    """Published stories, reached through the citation model's relation: flights never imports articles."""
    flight = apps.get_model("flights", "Flight")
    citation = flight._meta.get_field("citing_articles").related_model
    article = citation._meta.get_field("article").related_model
    return article.objects.published(now)


def released(*, prefix: str = "", flight_ref: str = "pk", now: datetime.datetime | None = None) -> Q:
    """Rows whose own hold (fields under `prefix`) is over; `flight_ref` names the cited flight's id."""
    now = now or timezone.now()
    story = _published_articles(now).filter(
        cited_flights__flight=OuterRef(flight_ref), published_at__gte=OuterRef(f"{prefix}held_since")
    )
    time_over = Q(**{f"{prefix}held_until__isnull": True}) | Q(**{f"{prefix}held_until__lte": now})
    story_out = Q(**{f"{prefix}held_for_story": False}) | Exists(story)
    return time_over & story_out


def any_hold(prefix: str = "") -> Q:
    """Rows with a hold set, released or not: few, and found through the partial indexes on this condition."""
    return Q(**{f"{prefix}held_until__isnull": False}) | Q(**{f"{prefix}held_for_story": True})


def public_claims_per_source() -> dict[int, int]:
    """Claims readers can see (Claim.objects.public()), counted per source id.

    Every claim is counted from the source index (an index-only scan of a few hundred thousand entries, not a
    join of them to their flights), less the claims still hidden: those with a hold of their own, or on a held
    flight, that released() does not let through. Held rows are few, and partial indexes find them.
    """
    claim = apps.get_model("flights", "Claim")
    flight = apps.get_model("flights", "Flight")
    counts = dict(claim.objects.order_by().values_list("source_id").annotate(n=Count("*")))
    now = timezone.now()
    public = released(flight_ref="flight_id", now=now) & released(prefix="flight__", flight_ref="flight_id", now=now)
    held_flights = flight.objects.filter(any_hold()).values("pk")
    # Two disjoint sets, each from its own index: held claims, and the other claims of held flights.
    for hidden in (
        claim.objects.filter(any_hold()),
        claim.objects.filter(flight__in=held_flights).exclude(any_hold()),
    ):
        for source_id, n in hidden.exclude(public).order_by().values_list("source_id").annotate(n=Count("*")):
            counts[source_id] -= n
    return {source_id: n for source_id, n in counts.items() if n}
