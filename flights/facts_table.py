"""A flight's values as readers see them: each with the sources that state it and the reports that disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from flights.claim_fields import CLAIM_FIELDS, ClaimField
from flights.models import Claim, Flight


@dataclass
class FactRow:
    spec: ClaimField
    value_text: str | None  # None: no source states it ("not reported")
    sources: list[Claim] = field(default_factory=list)  # accepted claims, primary sources first
    other_reports: list[Claim] = field(default_factory=list)  # disputed or unconfirmed

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def label(self) -> str:
        return self.spec.label


# Fields shown in the fact table, in reading order.
SHOWN_FIELDS = [
    "departed",
    "origin",
    "destination",
    "destination_country",
    "nationality",
    "operator",
    "tail_number",
    "mission_number",
    "passengers_total",
    "passengers_male",
    "passengers_female",
    "passengers_juvenile",
    "age_min",
    "age_max",
    "all_final_orders",
    "first_since_year",
]
# Always shown, so that a missing count reads "not reported" rather than disappearing.
ALWAYS_SHOWN = {"departed", "destination_country", "passengers_total", "passengers_male", "passengers_female"}


def fact_rows(flight: Flight) -> list[FactRow]:
    """Rows for the flight's sourced values; reads flight.claims.all() so a prefetch keeps it query-free."""
    claims_by_field: dict[str, list[Claim]] = {}
    for claim in flight.claims.all():
        claims_by_field.setdefault(claim.field, []).append(claim)
    rows = []
    for name in SHOWN_FIELDS:
        spec = CLAIM_FIELDS[name]
        value = spec.read(flight)
        claims = claims_by_field.get(name, [])
        described = name == "origin" and value is None and bool(flight.origin_description)
        if described:
            # Sources often name the city or field office but not the airport.
            value = f"{flight.origin_description} (airport not named)"
        if value is None and not claims and name not in ALWAYS_SHOWN:
            continue
        accepted = sorted((c for c in claims if c.status == Claim.Status.ACCEPTED), key=lambda c: (c.source.tier, c.pk))
        if value is not None and not accepted and not described:
            # A value no source states is not a fact readers should see; the admin lists it for an editor instead.
            continue
        others = [c for c in claims if c.status in (Claim.Status.DISPUTED, Claim.Status.UNCONFIRMED)]
        rows.append(
            FactRow(
                spec=spec,
                value_text=None if value is None else _display(flight, spec, value),
                sources=accepted,
                other_reports=others,
            )
        )
    return rows


def _display(flight: Flight, spec: ClaimField, value: object) -> str:
    if spec.name == "origin":
        return str(flight.origin) if flight.origin_id else str(value)
    if spec.name == "destination" and flight.destination_id:
        return str(flight.destination)
    return spec.display(value)
