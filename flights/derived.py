"""Facts computed from the stored flights (previous flight, flights per year, largest), each with what it rests on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flights.formatting import ap_number, format_date_range
from flights.models import Claim, Flight, Source

# The claim fields a derived fact rests on: when a flight left and how many were aboard.
_BASIS_FIELDS = ("departed", "passengers_total")
# The fields each fact rests on, for every flight to the country: changing one may change the fact.
FACT_BASIS: dict[str, frozenset[str]] = {
    "previous_flight": frozenset({"departed", "destination_country"}),
    "flights_that_year": frozenset({"departed", "destination_country"}),
    "passengers_that_year": frozenset({"departed", "destination_country", "passengers_total"}),
    "largest_flight": frozenset({"destination_country", "passengers_total"}),
    "largest_flight_passengers": frozenset({"destination_country", "passengers_total"}),
}
DERIVED_FROM = frozenset().union(*FACT_BASIS.values())


@dataclass
class DerivedFact:
    """One computed statement, its value as a reader sees it, and the flights and claims behind it."""

    name: str
    label: str
    value_text: str
    number: int | None = None  # the count a fact check compares, when the fact is a count
    flights: list[Flight] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def sources(self) -> list[Source]:
        seen: dict[int, Source] = {}
        for claim in self.claims:
            seen.setdefault(claim.source_id, claim.source)
        return list(seen.values())


@dataclass
class YearRow:
    """Removal flights to one country in one year: known counts summed, unknown ones counted apart."""

    year: int
    flights: list[Flight] = field(default_factory=list)
    # Flights whose date range spans New Year: they may belong to this year or the next, so kept apart.
    uncertain: list[Flight] = field(default_factory=list)

    @property
    def passengers(self) -> int:
        return sum(f.passengers_total for f in self.flights if f.passengers_total is not None)

    @property
    def without_count(self) -> int:
        return sum(1 for f in self.flights if f.passengers_total is None)


@dataclass
class DerivedFacts:
    """What the records say about one flight beside the others to the same country."""

    flight: Flight
    country_flights: list[Flight]  # every removal flight to that country, oldest first
    claims_by_flight: dict[int, list[Claim]]
    previous: Flight | None
    years: list[YearRow]
    largest: Flight | None

    @property
    def this_year(self) -> YearRow | None:
        return next((row for row in self.years if row.year == self.flight.departed_earliest.year), None)

    def basis(self, flights: Iterable[Flight], fields: Iterable[str] = _BASIS_FIELDS) -> list[Claim]:
        wanted = set(fields)
        return [c for f in flights for c in self.claims_by_flight.get(f.pk, []) if c.field in wanted]

    def fact(self, name: str) -> DerivedFact | None:
        """The fact a shortcode names; None when the records cannot say (no earlier flight, no count)."""
        if name not in FACTS:
            return None
        label = FACTS[name]
        if name == "previous_flight":
            if self.previous is None:
                return None
            return DerivedFact(
                name,
                label,
                self.previous.departed_display,
                None,
                [self.previous],
                self.basis([self.previous], ["departed"]),
            )
        if name in {"flights_that_year", "passengers_that_year"}:
            row = self.this_year
            if row is None:
                return None
            number = len(row.flights) if name == "flights_that_year" else row.passengers
            fields = ["departed"] if name == "flights_that_year" else _BASIS_FIELDS
            return DerivedFact(
                name, label, ap_number(number), number, list(row.flights), self.basis(row.flights, fields)
            )
        if self.largest is None:
            return None
        claims = self.basis(
            [self.largest], ["passengers_total"] if name == "largest_flight_passengers" else _BASIS_FIELDS
        )
        if name == "largest_flight":
            return DerivedFact(name, label, self.largest.departed_display, None, [self.largest], claims)
        count = self.largest.passengers_total
        return DerivedFact(name, label, ap_number(count), count, [self.largest], claims)


# Names a `{{ fact:SLUG:NAME }}` shortcode can use, with what each says.
FACTS: dict[str, str] = {
    "previous_flight": "date of the previous removal flight to the same country",
    "flights_that_year": "removal flights to the same country that year",
    "passengers_that_year": "people removed to the same country that year (known counts)",
    "largest_flight": "date of the largest removal flight to the same country",
    "largest_flight_passengers": "passengers on the largest removal flight to the same country",
}


def derived_facts_for(flights: Iterable[Flight]) -> dict[int, DerivedFacts]:
    """Derived facts for several flights, keyed by flight pk, in two queries whatever their number."""
    flights = list(flights)
    countries = {str(f.destination_country) for f in flights}
    if not flights:
        return {}
    # An imported archive holds thousands of removals to one country: read only the columns the facts
    # need, and the claims of only the flights a fact cites, or a flight page would load them all.
    peers = list(
        # Flights only: an ARTS passenger movement is not a flight, so it is never "the previous flight".
        Flight.objects.public()
        .flights()
        .removals()
        .filter(destination_country__in=countries)
        .order_by("departed_earliest", "departed_latest", "slug")
        .only(*_PEER_COLUMNS)
    )
    claims_by_flight: dict[int, list[Claim]] = {}
    facts = {flight.pk: _facts(flight, peers, claims_by_flight) for flight in flights}
    cited: set[int] = set()
    for fact in facts.values():
        cited |= {f.pk for f in (fact.previous, fact.largest) if f is not None}
        if fact.this_year is not None:
            cited |= {f.pk for f in fact.this_year.flights}
    accepted = (
        Claim.objects.public()
        .accepted()
        .filter(field__in=_BASIS_FIELDS, flight_id__in=cited)
        .select_related("source")
        .order_by("source__tier", "pk")
    )
    for claim in accepted:
        claims_by_flight.setdefault(claim.flight_id, []).append(claim)
    return facts


# What a peer flight needs for the facts and for being named and linked on a page.
_PEER_COLUMNS = ["slug", "kind", "departed_earliest", "departed_latest", "destination_country", "passengers_total"]


def derived_facts(flight: Flight) -> DerivedFacts:
    """Derived facts of one flight (two queries), for its page."""
    return derived_facts_for([flight])[flight.pk]


def _facts(flight: Flight, peers: list[Flight], claims_by_flight: dict[int, list[Claim]]) -> DerivedFacts:
    country = [p for p in peers if str(p.destination_country) == str(flight.destination_country)]
    # Only a flight that surely left before this one can be "the previous flight"; overlapping ranges cannot.
    earlier = [p for p in country if p.pk != flight.pk and p.departed_latest < flight.departed_earliest]
    previous = max(earlier, key=lambda p: (p.departed_latest, p.departed_earliest), default=None)
    counted = [p for p in country if p.passengers_total is not None]
    largest = max(counted, key=lambda p: (p.passengers_total, -p.departed_earliest.toordinal()), default=None)
    return DerivedFacts(
        flight=flight,
        country_flights=country,
        claims_by_flight=claims_by_flight,
        previous=previous,
        years=_years(country),
        largest=largest,
    )


def _years(flights: list[Flight]) -> list[YearRow]:
    rows: dict[int, YearRow] = {}
    for f in flights:
        first, last = f.departed_earliest.year, f.departed_latest.year
        if first == last:
            rows.setdefault(first, YearRow(first)).flights.append(f)
        else:
            for year in range(first, last + 1):
                rows.setdefault(year, YearRow(year)).uncertain.append(f)
    return [rows[year] for year in sorted(rows)]


def describe(flight: Flight) -> str:
    """A flight as a sentence names it: "the June 29-30, 2024 charter removal"."""
    return (
        f"the {format_date_range(flight.departed_earliest, flight.departed_latest)} {flight.get_kind_display().lower()}"
    )


def derived_context(flight: Flight) -> dict[str, object]:
    """Template context for templates/flights/_derived_facts.html, in two queries."""
    facts = derived_facts(flight)
    shown = [f for f in (facts.previous, facts.largest) if f is not None]
    if facts.this_year is not None:
        shown += facts.this_year.flights
    sources: dict[int, object] = {}
    for claim in facts.basis(shown):
        sources.setdefault(claim.source_id, claim.source)
    return {"derived": facts, "derived_sources": list(sources.values())}
