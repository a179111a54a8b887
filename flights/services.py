"""Work that writes several records at once: recording claims and accepting them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet

from flights.change_plans import plan_value_change
from flights.claim_fields import CLAIM_FIELDS, ClaimField
from flights.constraint_messages import error_text
from flights.models import Airport, Claim, Flight, Operator, Source
from flights.signals import accepted_value_changed


class ClaimError(ValueError):
    """A claim that cannot be recorded or accepted, with a message an editor can act on."""


def claim_field(name: str) -> ClaimField:
    try:
        return CLAIM_FIELDS[name]
    except KeyError:
        known = ", ".join(CLAIM_FIELDS)
        raise ClaimError(f"unknown field {name!r}; a claim can state one of: {known}") from None


def _apply(flight: Flight, spec: ClaimField, value: Any) -> None:
    """Set the flight's own attributes from a parsed claim value."""
    if spec.name == "departed":
        flight.departed_earliest, flight.departed_latest = value
    elif spec.name in {"origin", "destination"}:
        airport = Airport.objects.filter(icao=value).first()
        if airport is None:
            raise ClaimError(f"no airport with ICAO code {value}; load airports or add it first")
        setattr(flight, spec.name, airport)
    elif spec.name == "operator":
        operator = Operator.objects.filter(name__iexact=value).first()
        if operator is None:
            raise ClaimError(f"no operator named {value!r}; add it first")
        flight.operator = operator
    else:
        setattr(flight, spec.attributes[0], value)


def check_acceptance(*, claim: Claim, flight: Flight) -> Flight:
    """Set the claim's value on this (unsaved) flight and validate it; ClaimError says in words what breaks.

    Forms call it on a copy of the flight to refuse a claim before anything is saved; accept_claim calls it
    on the locked flight it is about to save.
    """
    spec = claim_field(claim.field)
    try:
        value = spec.parse(claim.value)
    except ValueError as exc:
        raise ClaimError(f"{spec.label}: {exc}") from exc
    _apply(flight, spec, value)
    try:
        flight.full_clean(exclude=["slug"], validate_unique=False)
    except ValidationError as exc:
        labels = {f.name: str(f.verbose_name) for f in Flight._meta.fields}
        shown = spec.display(value) if not spec.is_count else str(value)
        raise ClaimError(f"accepting {spec.label} = {shown} breaks the record: {error_text(exc, labels)}") from exc
    return flight


@transaction.atomic
def accept_claim(*, claim: Claim, note: str = "") -> Claim:
    """Make the claim's value the flight's value; claims that disagree become disputed or superseded.

    Afterwards every accepted claim of that field states the flight's stored value.
    """
    spec = claim_field(claim.field)
    # Lock the flight so two editors accepting claims on it at once cannot interleave.
    flight = Flight.objects.select_for_update().get(pk=claim.flight_id)
    if claim.has_hold and claim.own_hold_active() and flight.is_public():
        # The flight's field is what readers see: accepting would publish the held value early.
        raise ClaimError(
            f"the claim of {spec.label} = {claim.value} is held from readers; accepting it would show its value "
            "on the public flight page before the hold ends. Accept it once the hold is over."
        )
    old_text = spec.stored_text(flight)
    check_acceptance(claim=claim, flight=flight)
    flight.save()
    # Read back what was stored rather than the claim's spelling: an operator found by a
    # case-insensitive name stores its own spelling, and accepted claims must state exactly that.
    new_text = spec.stored_text(flight) or spec.canonical(claim.value)

    claim.value = new_text
    claim.status = Claim.Status.ACCEPTED
    if note:
        claim.note = note
    claim.save()
    for other in Claim.objects.filter(flight=flight, field=claim.field).exclude(pk=claim.pk):
        status = _status_beside(other, spec, new_text)
        if status != other.status:
            other.status = status
            other.save(update_fields=["status", "updated_at"])
    if old_text != new_text:
        plan_value_change(flight=flight, field=spec.name, old=old_text, new=new_text, claim=claim)
        transaction.on_commit(
            lambda: accepted_value_changed.send(
                sender=Flight, flight=flight, field=spec.name, old=old_text, new=new_text, claim=claim
            )
        )
    claim.flight = flight
    return claim


def create_source(**fields: Any) -> Source:
    """A new source, checked by the same rules as the admin's form (links http/https only, lengths, kinds).

    Raises ValidationError naming what is wrong.
    """
    source = Source(**fields)
    source.full_clean()
    source.save()
    return source


def values_agree(spec: ClaimField, claimed: str, stored: str | None) -> bool:
    """Whether a claim's value states the same thing as a stored value (names compare without case)."""
    if stored is None:
        return False
    try:
        claimed = spec.canonical(claimed)
    except ValueError:
        return False
    if spec.name in _NAMES_WITHOUT_CASE:
        return claimed.casefold() == stored.casefold()
    return claimed == stored


# Operators are looked up by name without case, so "GlobalX" and "GLOBALX" name the same airline.
_NAMES_WITHOUT_CASE = {"operator"}


def _status_beside(other: Claim, spec: ClaimField, accepted_text: str) -> str:
    """What another claim of the same field becomes once a value is accepted."""
    if values_agree(spec, other.value, accepted_text):
        return Claim.Status.ACCEPTED
    if other.status == Claim.Status.ACCEPTED:
        return Claim.Status.SUPERSEDED
    if other.status == Claim.Status.SUPERSEDED:
        return Claim.Status.SUPERSEDED
    return Claim.Status.DISPUTED


@transaction.atomic
def record_claim(
    *,
    flight: Flight,
    field: str,
    value: str,
    source: Source,
    status: str = Claim.Status.UNCONFIRMED,
    note: str = "",
) -> Claim:
    """Store what a source says of a flight; accept it at once when status is accepted.

    A source states one value per field, so recording again updates that claim.
    """
    spec = claim_field(field)
    try:
        text = spec.canonical(value)
    except ValueError as exc:
        raise ClaimError(f"{spec.label}: {exc}") from exc
    if status not in Claim.Status.values:
        raise ClaimError(f"unknown status {status!r}; use one of {', '.join(Claim.Status.values)}")
    claim = Claim.objects.filter(flight=flight, field=field, source=source).first()
    if claim is not None and claim.value == text and (not note or note == claim.note):
        if status == Claim.Status.ACCEPTED and claim.status != Claim.Status.ACCEPTED:
            return accept_claim(claim=claim)
        # Otherwise recording what is already recorded changes nothing, whatever an editor has since decided.
        return claim
    if claim is not None and claim.value == text and status == Claim.Status.UNCONFIRMED:
        # Only the note is new: keep whatever status an editor gave the claim.
        claim.note = note
        claim.save(update_fields=["note", "updated_at"])
        return claim
    if claim is None:
        claim = Claim(flight=flight, field=field, source=source)
    claim.value = text
    claim.note = note or claim.note
    if status == Claim.Status.ACCEPTED:
        claim.save()
        return accept_claim(claim=claim)
    if status == Claim.Status.UNCONFIRMED:
        # A value that disagrees with the stored one is a dispute a reader should see.
        stored = spec.stored_text(flight)
        if stored is not None and not values_agree(spec, text, stored):
            status = Claim.Status.DISPUTED
    claim.status = status
    claim.save()
    return claim


def field_conflicts(flight: Flight, claims: list[Claim] | None = None) -> dict[str, list[Claim]]:
    """Fields of a flight whose sources disagree and that no editor has settled: each with its claims.

    Sources disagree when the claims still standing (not superseded) and the stored value state two or
    more different values. An editor settles that by accepting one value; a report that disagrees with
    it and is still unconfirmed has not been weighed yet, so the conflict stays open. A lone claim an
    editor disputed, with nothing stored, is a rejected report rather than a conflict.
    Pass claims already fetched (e.g. a prefetch) to avoid a query.
    """
    if claims is None:
        claims = list(flight.claims.all())
    by_field: dict[str, list[Claim]] = {}
    for claim in claims:
        by_field.setdefault(claim.field, []).append(claim)
    conflicts: dict[str, list[Claim]] = {}
    for name, field_claims in by_field.items():
        spec = CLAIM_FIELDS.get(name)
        if spec is None:
            continue
        standing = [c for c in field_claims if c.status != Claim.Status.SUPERSEDED]
        values = {_canonical_or_raw(spec, c.value) for c in standing}
        stored = spec.stored_text(flight)
        if stored is not None:
            values.add(stored)
        if spec.name in _NAMES_WITHOUT_CASE:
            values = {v.casefold() for v in values}
        if len(values) < 2:
            continue
        accepted = [c for c in standing if c.status == Claim.Status.ACCEPTED]
        unweighed = [
            c for c in standing if c.status == Claim.Status.UNCONFIRMED and not values_agree(spec, c.value, stored)
        ]
        if not accepted or unweighed:
            conflicts[name] = field_claims
    return conflicts


def _canonical_or_raw(spec: ClaimField, text: str) -> str:
    try:
        return spec.canonical(text)
    except ValueError:
        return text


def flights_with_conflicts(flights: QuerySet[Flight]) -> QuerySet[Flight]:
    """The flights among these that have at least one unresolved conflict (two queries)."""
    candidates = flights.select_related("origin", "destination", "operator").prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("pk"))
    )
    # Accepted claims always agree with the stored value, so a conflict needs a claim still standing
    # that is not accepted; filtering on that in SQL keeps a bulk-imported, all-accepted archive out.
    open_claims = Claim.objects.filter(status__in=[Claim.Status.DISPUTED, Claim.Status.UNCONFIRMED])
    candidates = candidates.filter(pk__in=open_claims.values("flight_id"))
    ids = [f.pk for f in candidates if field_conflicts(f, list(f.claims.all()))]
    return flights.filter(pk__in=ids)


# Editors read the accepted value first, then reports still to weigh, then the rejected ones.
_STATUS_ORDER = [Claim.Status.ACCEPTED, Claim.Status.UNCONFIRMED, Claim.Status.DISPUTED, Claim.Status.SUPERSEDED]


@dataclass
class FieldClaims:
    """One field of a flight for the admin: its stored value and every claim with its source and tier."""

    name: str
    label: str
    stored: str | None
    claims: list[Claim]
    in_conflict: bool


def claims_by_field(flight: Flight) -> list[FieldClaims]:
    """Per field, every claim with source and tier, accepted and primary first (one query for the claims)."""
    claims = list(flight.claims.select_related("source").order_by("field", "status", "source__tier", "pk"))
    conflicts = field_conflicts(flight, claims)
    by_field: dict[str, list[Claim]] = {}
    for claim in claims:
        by_field.setdefault(claim.field, []).append(claim)
    order = {status: rank for rank, status in enumerate(_STATUS_ORDER)}
    rows = []
    for name, spec in CLAIM_FIELDS.items():
        if name not in by_field:
            continue
        stored = spec.read(flight)
        rows.append(
            FieldClaims(
                name=name,
                label=spec.label,
                stored=None if stored is None else spec.display(stored),
                claims=sorted(by_field[name], key=lambda c: (order.get(c.status, 9), c.source.tier, c.pk)),
                in_conflict=name in conflicts,
            )
        )
    return rows
