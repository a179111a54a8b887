"""Receivers for signals the records send: keep published stories in step with the records."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import receiver

from articles.citations import Reference, find_references
from articles.models import Article, Correction
from flights.change_plans import Consequence
from flights.claim_fields import CLAIM_FIELDS
from flights.derived import DERIVED_FROM, FACT_BASIS
from flights.models import Claim, Flight
from flights.signals import accepted_value_changed, accepted_value_preview


@receiver(accepted_value_changed, dispatch_uid="articles.update_notes_for_changed_record")
def add_update_notes(
    sender: type, *, flight: Flight, field: str, old: str | None, new: str, claim: Claim, **kwargs: Any
) -> None:
    """Each published story whose text depends on the changed field gets one dated public note."""
    # The signal is sent on commit of the change, so notes are never written for a change rolled back.
    if not flight.is_public():
        return  # a held record is not public yet: a note would announce it (and its value) early
    for article in stories_to_note(flight, field, old, claim):
        _note_once(article=article, flight=flight, field=field, old=old, new=new, claim=claim)


@receiver(accepted_value_preview, dispatch_uid="articles.preview_update_notes")
def preview_update_notes(
    sender: type, *, flight: Flight, field: str, old: str | None, new: str, claim: Claim, **kwargs: Any
) -> list[Consequence]:
    """The notes add_update_notes will write once the change is committed, for the data editor to confirm."""
    text = update_text(flight, field, old, new, claim)
    return [
        Consequence(title=article.headline, url=article.get_absolute_url(), text=text)
        for article in stories_to_note(flight, field, old, claim)
    ]


def stories_to_note(flight: Flight, field: str, old: str | None, claim: Claim) -> list[Article]:
    changed_at = claim.updated_at
    # Only stories readers saw before the change need a note; one written or published in the same
    # transaction as the change (a demo load, a bulk import) already shows the new value.
    return [
        article
        for article in articles_citing(flight, field, old)
        if not (article.created_at > changed_at or (article.published_at and article.published_at > changed_at))
    ]


# Facts that read only the flights of the cited flight's year.
_YEAR_FACTS = frozenset({"flights_that_year", "passengers_that_year"})


def articles_citing(flight: Flight, field: str, old: str | None = None) -> list[Article]:
    """Published stories whose text depends on this field of the flight.

    A story depends on it when its body cites that field ({{ flight:SLUG:FIELD }}), or cites a derived fact
    ({{ fact:SLUG:NAME }}) that reads the field of this flight: a fact of a removal flight to the same
    country (before or after a change of country) whose basis includes the field, and for the facts of a
    year, a flight of the same year (before or after a change of date). Citing the flight in the fact box,
    or another of its fields, does not make the text depend on this one.
    """
    reads_facts = field in DERIVED_FROM and flight.kind in Flight.REMOVAL_KINDS
    query = Q(body__contains=flight.slug)
    if reads_facts:
        # One OR per flight to the country would grow with the records; the shortcode check below is exact.
        query |= Q(body__contains="fact")
    candidates = [(a, find_references(a.body)[0]) for a in Article.objects.published().filter(query).order_by("pk")]
    fact_slugs = {
        ref.slug
        for _, refs in candidates
        for ref in refs
        if ref.kind == "fact" and field in FACT_BASIS.get(ref.field, ())
    }
    peers = {}
    if reads_facts and fact_slugs:
        peers = {
            f.slug: f
            for f in Flight.objects.flights()
            .removals()
            .filter(slug__in=fact_slugs)
            .only("slug", "kind", "destination_country", "departed_earliest", "departed_latest")
        }
    countries = {str(flight.destination_country)}
    years = set(range(flight.departed_earliest.year, flight.departed_latest.year + 1))
    if old and field == "destination_country":
        countries.add(old)
    if old and field == "departed":
        earliest, latest = CLAIM_FIELDS["departed"].parse(old)
        years |= set(range(earliest.year, latest.year + 1))

    def fact_reads_field(ref: Reference) -> bool:
        peer = peers.get(ref.slug)
        if peer is None or field not in FACT_BASIS.get(ref.field, ()):
            return False
        if str(peer.destination_country) not in countries:
            return False
        return ref.field not in _YEAR_FACTS or peer.departed_earliest.year in years

    return [
        article
        for article, refs in candidates
        if any(
            (ref.kind == "flight" and ref.slug == flight.slug and ref.field == field)
            or (ref.kind == "fact" and fact_reads_field(ref))
            for ref in refs
        )
    ]


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
