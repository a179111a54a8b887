"""The stored flights the fact check compares against, fetched once per check."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from flights.claim_fields import CLAIM_FIELDS
from flights.models import Claim, Flight, Source

COUNT_FIELDS = ("passengers_total", "passengers_male", "passengers_female", "passengers_juvenile")


@dataclass
class Records:
    """Every stored flight with its claims and their sources (two queries), and lookups over them."""

    flights: list[Flight]
    by_slug: dict[str, Flight] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Records:
        claims = Claim.objects.select_related("source").order_by("source__tier", "pk")
        flights = list(
            Flight.objects.order_by("departed_earliest", "departed_latest", "slug").prefetch_related(
                Prefetch("claims", queryset=claims, to_attr="all_claims")
            )
        )
        return cls(flights=flights, by_slug={f.slug: f for f in flights})

    def claims(self, flight: Flight, field_name: str, status: str = Claim.Status.ACCEPTED) -> list[Claim]:
        return [c for c in getattr(flight, "all_claims", []) if c.field == field_name and c.status == status]

    def unaccepted(self, flight: Flight, field_name: str) -> list[Claim]:
        """Claims of the field still unconfirmed or disputed."""
        pending = (Claim.Status.UNCONFIRMED, Claim.Status.DISPUTED)
        return [c for c in getattr(flight, "all_claims", []) if c.field == field_name and c.status in pending]

    def sources(self, flight: Flight, field_name: str) -> list[Source]:
        """The sources behind a flight's stored value, primary first."""
        return [c.source for c in self.claims(flight, field_name)]

    def all_sources(self, flight: Flight) -> list[Source]:
        seen: dict[int, Source] = {}
        for claim in getattr(flight, "all_claims", []):
            seen.setdefault(claim.source_id, claim.source)
        return list(seen.values())

    def removals_to(self, flight: Flight) -> list[Flight]:
        """Removal flights of any kind to the flight's destination country, oldest first."""
        country = str(flight.destination_country)
        return [f for f in self.flights if f.kind in Flight.REMOVAL_KINDS and str(f.destination_country) == country]

    def flights_on(self, earliest: datetime.date, latest: datetime.date, has_year: bool = True) -> list[Flight]:
        return [f for f in self.flights if departed_overlaps(f, earliest, latest, has_year)]


def departed_overlaps(flight: Flight, earliest: datetime.date, latest: datetime.date, has_year: bool = True) -> bool:
    """Whether a flight may have left within the given days (month and day only when no year is known)."""
    if has_year:
        return flight.departed_earliest <= latest and earliest <= flight.departed_latest
    wanted = set()
    day = earliest
    while day <= latest:
        wanted.add((day.month, day.day))
        day += datetime.timedelta(days=1)
    day = flight.departed_earliest
    while day <= flight.departed_latest:
        if (day.month, day.day) in wanted:
            return True
        day += datetime.timedelta(days=1)
    return False


def field_label(name: str) -> str:
    spec = CLAIM_FIELDS.get(name)
    return spec.label if spec else name


def source_text(sources: list[Source]) -> str:
    """The sources as a finding names them: publisher and title, primary first."""
    unique = list(dict.fromkeys(sources))
    return "; ".join(
        f"{s.publisher}, \u201c{s.title}\u201d" + (f" ({s.published_on.isoformat()})" if s.published_on else "")
        for s in unique
    )
