"""Citation shortcodes: find them in an article body, check them, and render them with footnotes.

An editor writes ``{{ flight:SLUG:FIELD }}`` in the Markdown body, for example
``{{ flight:2025-06-03-dallas-prc-shrc:passengers_female }}``. The public page shows the
record's current value (AP style) with a numbered footnote naming the source and linking to
the flight page's entry for that value.

A second form, ``{{ fact:SLUG:NAME }}``, cites a fact computed from all the stored flights
(flights.derived.FACTS), e.g. ``{{ fact:2025-06-03-dallas-prc-shrc:previous_flight }}``; its
footnote names the flights and sources the fact rests on. See docs/shortcodes.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from flights.claim_fields import CLAIM_FIELDS, ClaimField
from flights.derived import DerivedFacts, derived_facts_for
from flights.models import Claim, Flight

# Anything between double braces is meant as a shortcode; a malformed one is reported, not ignored.
ANY_SHORTCODE = re.compile(r"\{\{(?P<inner>.*?)\}\}", re.DOTALL)
SHORTCODE = re.compile(r"\{\{\s*flight\s*:\s*(?P<slug>[-a-zA-Z0-9_]+)\s*:\s*(?P<field>[a-z_]+)\s*\}\}")
# Either form: a flight's field, or a fact derived from the stored flights.
CITATION = re.compile(r"\{\{\s*(?P<kind>flight|fact)\s*:\s*(?P<slug>[-a-zA-Z0-9_]+)\s*:\s*(?P<field>[a-z_]+)\s*\}\}")


@dataclass(frozen=True)
class Reference:
    """One shortcode as written: which flight and which field."""

    slug: str
    field: str
    text: str
    kind: str = "flight"  # or "fact": field then names a derived fact

    @property
    def key(self) -> tuple[str, str]:
        return (self.slug, self.field)


def find_references(body: str) -> tuple[list[Reference], list[str]]:
    """Every shortcode in the body, and a message for each one that is malformed."""
    references: list[Reference] = []
    problems: list[str] = []
    for match in ANY_SHORTCODE.finditer(body):
        good = CITATION.fullmatch(match.group(0))
        if good is None:
            problems.append(
                f"{match.group(0)!s} is not a citation; write {{{{ flight:SLUG:FIELD }}}} or {{{{ fact:SLUG:FACT }}}}, "
                "e.g. {{ flight:2025-06-03-dallas-prc-shrc:passengers_total }}"
            )
            continue
        references.append(Reference(good["slug"], good["field"], match.group(0), good["kind"]))
    return references, problems


def check_references(body: str) -> list[str]:
    """Messages naming every citation that cannot be rendered (malformed, unknown flight, unknown field),
    each ending with the shortcodes the writer probably meant ("did you mean …?") when there are any."""
    from articles.citation_suggestions import reference_problems

    return [problem.sentence for problem in reference_problems(body)]


def cited_slugs(body: str) -> set[str]:
    references, _ = find_references(body)
    return {ref.slug for ref in references}


@dataclass
class Footnote:
    number: int
    flight: Flight
    spec: ClaimField
    value_text: str
    claims: list[Claim]

    @property
    def anchor(self) -> str:
        return f"{self.flight.get_absolute_url()}#{self.spec.name}"


@dataclass(frozen=True)
class FactLabel:
    """Stands in for a ClaimField in a derived fact's footnote: a name and a label."""

    name: str
    label: str


@dataclass
class FactFootnote:
    """The footnote of a derived fact: shaped like Footnote, naming every flight the fact rests on."""

    number: int
    flight: Flight  # the flight the fact is about
    spec: FactLabel
    value_text: str
    claims: list[Claim]
    flights: list[Flight]
    number_value: int | None = None

    @property
    def anchor(self) -> str:
        return f"{self.flight.get_absolute_url()}#derived-facts"

    @property
    def is_fact(self) -> bool:
        return True


@dataclass
class CitationSet:
    """The flights an article's shortcodes need, fetched in a fixed number of queries."""

    flights: dict[str, Flight]
    footnotes: list[Footnote] = field(default_factory=list)
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    _marked: set[int] = field(default_factory=set)
    _unsourced: dict[tuple[str, str], Footnote] = field(default_factory=dict)
    _derived: dict[int, DerivedFacts] | None = None

    @classmethod
    def for_slugs(cls, slugs: Iterable[str], *, public: bool = True) -> CitationSet:
        """Public pages see only records readers may (held ones read "citation unavailable"); a preview sees all."""
        claims = Claim.objects.public() if public else Claim.objects.all()
        accepted = claims.accepted().select_related("source").order_by("source__tier", "pk")
        flights = (
            (Flight.objects.public() if public else Flight.objects.all())
            .filter(slug__in=set(slugs))
            .select_related("origin", "destination", "operator")
            .prefetch_related(Prefetch("claims", queryset=accepted, to_attr="accepted_claims"))
        )
        return cls(flights={flight.slug: flight for flight in flights})

    def footnote_for(self, slug: str, field_name: str) -> Footnote | None:
        """The footnote of a reference, numbered on first use; None when it cannot be rendered."""
        flight = self.flights.get(slug)
        spec = CLAIM_FIELDS.get(field_name)
        if flight is None or spec is None:
            return None
        key = (slug, field_name)
        if key in self._numbers:
            return self.footnotes[self._numbers[key] - 1]
        if key in self._unsourced:
            return self._unsourced[key]
        value = spec.read(flight)
        note = Footnote(
            number=len(self.footnotes) + 1,
            flight=flight,
            spec=spec,
            value_text="not reported" if value is None else spec.display(value),
            claims=[c for c in getattr(flight, "accepted_claims", []) if c.field == field_name],
        )
        if not note.claims:
            # No source states it: readers get the words without a footnote; the admin flags the citation.
            note.number = 0
            self._unsourced[key] = note
            return note
        self.footnotes.append(note)
        self._numbers[key] = note.number
        return note

    def derived_for(self, slug: str) -> DerivedFacts | None:
        """Derived facts of a cited flight; the first call fetches them for every flight in two queries."""
        if self._derived is None:
            self._derived = derived_facts_for(self.flights.values())
        flight = self.flights.get(slug)
        return None if flight is None else self._derived.get(flight.pk)

    def fact_footnote_for(self, slug: str, name: str) -> FactFootnote | None:
        """The footnote of a derived fact, numbered on first use; None when the records cannot say."""
        key = (f"fact:{slug}", name)
        if key in self._numbers:
            return self.footnotes[self._numbers[key] - 1]  # type: ignore[return-value]
        facts = self.derived_for(slug)
        fact = facts.fact(name) if facts is not None else None
        if fact is None:
            return None
        note = FactFootnote(
            number=len(self.footnotes) + 1,
            flight=facts.flight,
            spec=FactLabel(name, fact.label),
            value_text=fact.value_text,
            claims=fact.claims,
            flights=fact.flights,
            number_value=fact.number,
        )
        self.footnotes.append(note)  # type: ignore[arg-type]
        self._numbers[key] = note.number
        return note


def render_citation(citations: CitationSet, slug: str, field_name: str, kind: str = "flight") -> str:
    """The inline HTML of one citation: the value and its footnote marker, or a visible marker if broken."""
    if kind == "fact":
        note: Footnote | FactFootnote | None = citations.fact_footnote_for(slug, field_name)
    else:
        note = citations.footnote_for(slug, field_name)
    if note is None:
        return format_html(
            '<span class="citation-unavailable" title="{}">citation unavailable</span>',
            # Readers see this page: naming the slug would announce a record still held from them.
            "The record behind this value is not available",
        )
    if note.number == 0:
        return format_html('<span class="citation citation-unsourced">{}</span>', note.value_text)
    # Only the first mention carries the id the footnote's back link points to; ids stay unique.
    back_id = "" if note.number in citations._marked else f' id="fnref-{note.number}"'
    citations._marked.add(note.number)
    return format_html(
        '<span class="citation">{}<sup class="footnote-ref"><a href="#fn-{}"{}>{}</a></sup></span>',
        note.value_text,
        note.number,
        mark_safe(back_id),
        note.number,
    )


def shortcode_values(bodies: Iterable[str]) -> Callable[[str], str]:
    """For snippets and other plain text: a function from a shortcode to the value a reader would see.

    Fetches the cited flights once for all the bodies (two queries, none when nothing is cited).
    Derived facts and broken references read as an ellipsis rather than as braces.
    """
    slugs: set[str] = set()
    for body in bodies:
        slugs |= cited_slugs(body)
    citations = CitationSet.for_slugs(slugs) if slugs else CitationSet(flights={})

    def value_of(text: str) -> str:
        match = CITATION.fullmatch(text.strip())
        if match is None or match["kind"] != "flight":
            return "…"
        note = citations.footnote_for(match["slug"], match["field"])
        return note.value_text if note is not None else "…"

    return value_of
