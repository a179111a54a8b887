"""Receivers for signals the records send: keep published stories in step with the records."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import receiver

from articles.citations import find_references
from articles.models import Article, Correction
from flights.claim_fields import CLAIM_FIELDS
from flights.derived import DERIVED_FROM, FACT_BASIS
from flights.models import Claim, Flight
from flights.signals import accepted_value_changed


@receiver(accepted_value_changed, dispatch_uid="articles.update_notes_for_changed_record")
def add_update_notes(
    sender: type, *, flight: Flight, field: str, old: str | None, new: str, claim: Claim, **kwargs: Any
) -> None:
    """Each published article citing the flight gets one dated public note saying what changed, on whose word."""
    # The signal is sent on commit of the change, so notes are never written for a change rolled back.
    if not flight.is_public():
        return  # a held record is not public yet: a note would announce it (and its value) early
    changed_at = claim.updated_at
    for article in articles_citing(flight, field):
        # Only stories readers saw before the change need a note; one written or published in the same
        # transaction as the change (a demo load, a bulk import) already shows the new value.
        if article.created_at > changed_at or (article.published_at and article.published_at > changed_at):
            continue
        _note_once(article=article, flight=flight, field=field, old=old, new=new, claim=claim)


def articles_citing(flight: Flight, field: str = "") -> list[Article]:
    """Published articles that cite the flight in their fact box or a shortcode of their body.

    A change to a date or a passenger count also changes the derived facts ({{ fact:SLUG:… }}) of
    every flight to the same country, so articles citing those facts are included for those fields.
    """
    slugs = {flight.slug}
    if field in DERIVED_FROM:
        country = str(flight.destination_country)
        slugs |= set(Flight.objects.filter(destination_country=country).values_list("slug", flat=True))
    query = Q(cited_flights__flight=flight) | Q(body__contains=flight.slug)
    if field in DERIVED_FROM:
        # One OR per flight to the country would grow with the records; the shortcode check below is exact.
        query |= Q(body__contains="fact")
    found = []
    for article in Article.objects.published().filter(query).distinct().order_by("pk"):
        references = find_references(article.body)[0]
        cites_field = any(ref.kind == "flight" and ref.slug == flight.slug for ref in references)
        cites_fact = any(
            ref.kind == "fact" and ref.slug in slugs and field in FACT_BASIS.get(ref.field, ()) for ref in references
        )
        if cites_field or cites_fact or article.cited_flights.filter(flight=flight).exists():
            found.append(article)
    return found


def _note_once(*, article: Article, flight: Flight, field: str, old: str | None, new: str, claim: Claim) -> None:
    lookup = {
        "article": article,
        "claim": claim,
        "field": field,
        "record_value": new,
        "record_changed_at": claim.updated_at,
    }
    if Correction.objects.filter(**lookup).exists():
        return
    try:
        # The unique constraint decides between two workers racing to write the same note.
        with transaction.atomic():
            Correction.objects.create(
                kind=Correction.Kind.UPDATE, flight=flight, text=update_text(flight, field, old, new, claim), **lookup
            )
    except IntegrityError:
        pass


def update_text(flight: Flight, field: str, old: str | None, new: str, claim: Claim) -> str:
    """The public note: "The number of women aboard the June 3, 2025 flight was 26, not 6, according to ICE." """
    spec = CLAIM_FIELDS[field]
    authority = claim.source.publisher
    about = f"the {flight.departed_display} flight to {flight.destination_country.name}"

    def shown(text: str) -> str:
        # Counts in digits, as in "26, not 6": a correction must be exact, not styled.
        value = spec.parse(text)
        return str(value) if spec.is_count else spec.display(value)

    if spec.is_count:
        subject = f"The number of {spec.label} aboard {about}"
        if old is None:
            return f"{subject} is {shown(new)}, according to {authority}; our records had no value before."
        return f"{subject} was {shown(new)}, not {shown(old)}, according to {authority}."
    # Labels of other fields ("all had final orders of removal") do not read as a noun phrase.
    subject = f"On {about}, {spec.label}"
    if old is None:
        return f"{subject}: {shown(new)}, according to {authority}; our records had no value before."
    return f"{subject}: {shown(new)}, not {shown(old)}, according to {authority}."
