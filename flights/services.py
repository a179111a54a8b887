"""Work that writes several records at once: recording claims and accepting them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from flights.claim_fields import CLAIM_FIELDS, ClaimField
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


@transaction.atomic
def accept_claim(*, claim: Claim, note: str = "") -> Claim:
    """Make the claim's value the flight's value; claims that disagree become disputed or superseded.

    Afterwards every accepted claim of that field states the flight's stored value.
    """
    spec = claim_field(claim.field)
    try:
        value = spec.parse(claim.value)
    except ValueError as exc:
        raise ClaimError(f"{spec.label}: {exc}") from exc
    # Lock the flight so two editors accepting claims on it at once cannot interleave.
    flight = Flight.objects.select_for_update().get(pk=claim.flight_id)
    old_text = spec.stored_text(flight)
    _apply(flight, spec, value)
    try:
        flight.full_clean(exclude=["slug"], validate_unique=False)
    except ValidationError as exc:
        raise ClaimError(f"accepting {spec.label} = {claim.value} breaks the record: {_messages(exc)}") from exc
    flight.save()
    new_text = spec.serialize(value)

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
        transaction.on_commit(
            lambda: accepted_value_changed.send(
                sender=Flight, flight=flight, field=spec.name, old=old_text, new=new_text, claim=claim
            )
        )
    claim.flight = flight
    return claim


def _status_beside(other: Claim, spec: ClaimField, accepted_text: str) -> str:
    """What another claim of the same field becomes once a value is accepted."""
    try:
        agrees = spec.canonical(other.value) == accepted_text
    except ValueError:
        agrees = False
    if agrees:
        return Claim.Status.ACCEPTED
    if other.status == Claim.Status.ACCEPTED:
        return Claim.Status.SUPERSEDED
    if other.status == Claim.Status.SUPERSEDED:
        return Claim.Status.SUPERSEDED
    return Claim.Status.DISPUTED


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


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
        if stored is not None and stored != text:
            status = Claim.Status.DISPUTED
    claim.status = status
    claim.save()
    return claim


def field_conflicts(flight: Flight) -> dict[str, list[Claim]]:
    """Fields of a flight whose claims disagree and that no editor has settled: each with its claims."""
    by_field: dict[str, list[Claim]] = {}
    for claim in flight.claims.all():
        by_field.setdefault(claim.field, []).append(claim)
    return {
        field: claims
        for field, claims in by_field.items()
        if any(c.status == Claim.Status.DISPUTED for c in claims)
        and not any(c.status == Claim.Status.ACCEPTED for c in claims)
    }
