"""Values a flight holds that no accepted claim states: readers never see them as facts, so editors are told."""

from __future__ import annotations

from collections.abc import Iterable

from flights.claim_fields import CLAIM_FIELDS
from flights.models import Claim, Flight


def unsourced_fields(flight: Flight, claims: Iterable[Claim] | None = None) -> list[str]:
    """Names of fields with a stored value but no accepted claim (pass the flight's claims to save a query)."""
    claims = list(flight.claims.all()) if claims is None else list(claims)
    sourced = {claim.field for claim in claims if claim.status == Claim.Status.ACCEPTED}
    return [name for name, spec in CLAIM_FIELDS.items() if spec.read(flight) is not None and name not in sourced]


def unsourced_labels(flight: Flight) -> list[str]:
    """ "tail number (N802TJ)" for each unsourced value, for a message to editors."""
    return [
        f"{CLAIM_FIELDS[name].label} ({CLAIM_FIELDS[name].display(CLAIM_FIELDS[name].read(flight))})"
        for name in unsourced_fields(flight)
    ]
