"""Each kind of statement held against the records: counts, dates, "first since", "largest"."""

from __future__ import annotations

import re

from articles.factcheck.extraction import QUALIFIERS, CountMention, DateMention, FirstMention, SuperlativeMention
from articles.factcheck.findings import Context, Finding, FindingKind
from articles.factcheck.records import COUNT_FIELDS, departed_overlaps, field_label, source_text
from flights.formatting import format_date_range
from flights.models import Claim, Flight

# A count under ten that equals some other flight's count says little: small numbers recur everywhere.
MIX_UP_MINIMUM = 10
# Departure words make a wrong date a contradiction; other dates may be when something was said.
_DEPARTURE_WORDS = ("left", "departed", "flew", "took off", "took place", "carried", "removed", "deported", "flight on")
_MAX_LISTED = 8
# "The previous charter left on Jan. 6": the sentence says itself that it names another flight.
_OTHER_FLIGHT = re.compile(
    r"\b(?:previous|earlier|prior|last|first|second|third|fourth|fifth|sixth|next|another|other|before|also)\b", re.I
)


def satisfies(qualifier: str, claimed: int, recorded: int) -> bool:
    """Whether the recorded count makes the writer's (possibly approximate) number true."""
    rule = QUALIFIERS.get(qualifier, "=")
    return {
        "=": recorded == claimed,
        ">": recorded > claimed,
        ">=": recorded >= claimed,
        "<": recorded < claimed,
        "<=": recorded <= claimed,
        # "nearly 100" is 85 to 100; "about 100" is within a tenth either way.
        "~<": claimed * 0.85 <= recorded <= claimed,
        "~": abs(recorded - claimed) <= max(1, claimed * 0.1),
    }[rule]


def _describe(flight: Flight) -> str:
    return f"the {format_date_range(flight.departed_earliest, flight.departed_latest)} flight ({flight.slug})"


def _sentence_case(text: str) -> str:
    # str.capitalize() would lowercase the month: "The june 3" reads as a typo.
    return text[:1].upper() + text[1:]


def check_count(sentence: str, mention: CountMention, subjects: list[Flight], context: Context) -> list[Finding]:
    label = field_label(mention.field)
    claimed = mention.text
    if mention.from_record:
        return [
            Finding(
                FindingKind.CONSISTENT,
                sentence,
                claimed,
                "Rendered from the record by a citation.",
                str(mention.value),
                label,
                subjects[0].slug if subjects else None,
                from_record=True,
            )
        ]
    records = context.records
    with_value = [f for f in subjects if getattr(f, mention.field) is not None]
    for flight in with_value:
        recorded = getattr(flight, mention.field)
        if satisfies(mention.qualifier, mention.value, recorded):
            sources = records.sources(flight, mention.field)
            return [
                Finding(
                    FindingKind.CONSISTENT,
                    sentence,
                    claimed,
                    f"The records give the number of {label} aboard {_describe(flight)} as {recorded}.",
                    str(recorded),
                    label,
                    flight.slug,
                    source_text(sources),
                )
            ]
    findings = []
    if with_value:
        flight = with_value[0]
        recorded = getattr(flight, mention.field)
        sources = records.sources(flight, mention.field)
        message = (
            f"The records give the number of {label} aboard {_describe(flight)} as {recorded}, not {mention.value}, "
            f"according to {sources[0].publisher if sources else 'an editor'}."
        )
        disputed = [
            c for c in records.claims(flight, mention.field, Claim.Status.DISPUTED) if c.value == str(mention.value)
        ]
        if disputed:
            message += f" {disputed[0].source.publisher} reported {mention.value}; editors dispute it."
        findings.append(
            Finding(
                FindingKind.CONTRADICTION,
                sentence,
                claimed,
                message,
                str(recorded),
                label,
                flight.slug,
                source_text(sources),
            )
        )
    if not mention.qualifier and (mention.value >= MIX_UP_MINIMUM or not with_value):
        findings += _mix_ups(sentence, mention, subjects, context)
    if not findings:
        for flight in subjects:
            # A report the editors have not accepted is worth naming: the writer may have used it.
            pending = [c for c in records.unaccepted(flight, mention.field) if c.value == str(mention.value)]
            if pending:
                claim = pending[0]
                return [
                    Finding(
                        FindingKind.UNSUPPORTED,
                        sentence,
                        claimed,
                        f"Only a report the editors have not accepted says so: {claim.source.publisher} gives "
                        f"{label} of {_describe(flight)} as {claim.value} ({claim.get_status_display().lower()}).",
                        None,
                        label,
                        flight.slug,
                        source_text([claim.source]),
                    )
                ]
        about = subjects[0].slug if subjects else None
        findings.append(
            Finding(
                FindingKind.UNSUPPORTED,
                sentence,
                claimed,
                f"No record states {label} = {mention.value} for the flight{'s' if len(subjects) != 1 else ''} cited.",
                None,
                label,
                about,
            )
        )
    return findings


def _mix_ups(sentence: str, mention: CountMention, subjects: list[Flight], context: Context) -> list[Finding]:
    """The number as a count of some other flight: the likeliest source of a wrong figure."""
    subject_pks = {f.pk for f in subjects}
    matches = [
        (flight, name)
        for flight in context.records.flights
        if flight.pk not in subject_pks
        for name in COUNT_FIELDS
        if getattr(flight, name) == mention.value
    ]
    if not matches:
        return []
    country = str(subjects[0].destination_country) if subjects else ""
    # The same destination first: a mix-up between flights to one country is the likelier story.
    matches.sort(key=lambda m: (str(m[0].destination_country) != country, m[0].departed_earliest))
    flight, name = matches[0]
    sources = context.records.sources(flight, name)
    also = f" Also {len(matches) - 1} other match(es)." if len(matches) > 1 else ""
    return [
        Finding(
            FindingKind.MATCHES_OTHER_FLIGHT,
            sentence,
            mention.text,
            f"{mention.value} is the number of {field_label(name)} recorded for {_describe(flight)}, "
            f"according to {sources[0].publisher if sources else 'an editor'}: a likely mix-up.{also}",
            str(mention.value),
            field_label(name),
            flight.slug,
            source_text(sources),
            flights=[m[0].slug for m in matches[:_MAX_LISTED]],
        )
    ]


def check_date(sentence: str, mention: DateMention, context: Context) -> list[Finding]:
    claimed = mention.text
    if mention.from_record:
        return [
            Finding(
                FindingKind.CONSISTENT, sentence, claimed, "Rendered from the record by a citation.", from_record=True
            )
        ]
    records = context.records
    for flight in context.cited:
        if departed_overlaps(flight, mention.earliest, mention.latest, mention.has_year):
            return [
                Finding(
                    FindingKind.CONSISTENT,
                    sentence,
                    claimed,
                    f"{_sentence_case(_describe(flight))} left on a day this covers.",
                    flight.departed_display,
                    "departure date",
                    flight.slug,
                    source_text(records.sources(flight, "departed")),
                )
            ]
        for source in records.all_sources(flight):
            if source.published_on and _same_day(mention, source.published_on):
                return [
                    Finding(
                        FindingKind.CONSISTENT,
                        sentence,
                        claimed,
                        f"The day {source.publisher} published its report on {_describe(flight)}.",
                        source.published_on.isoformat(),
                        None,
                        flight.slug,
                        source_text([source]),
                    )
                ]
    others = [
        f for f in records.flights_on(mention.earliest, mention.latest, mention.has_year) if f not in context.cited
    ]
    subject = context.cited[0] if context.cited else None
    recorded = subject.departed_display if subject else None
    departure = any(word in sentence.lower() for word in _DEPARTURE_WORDS)
    if others:
        other = others[0]
        sources = source_text(records.sources(other, "departed"))
        named = [f.slug for f in others[:_MAX_LISTED]]
        if departure and len(context.cited) == 1 and not _OTHER_FLIGHT.search(sentence):
            # "The flight left on June 29" in a story about another flight: the likeliest mix-up.
            message = f"{_sentence_case(_describe(other))} left then; the cited flight left {recorded}."
            kind = FindingKind.MATCHES_OTHER_FLIGHT
        else:
            # A story that cites several flights, or lists dates, may well be naming this one.
            message, kind = f"{_sentence_case(_describe(other))} left then.", FindingKind.CONSISTENT
        return [
            Finding(
                kind,
                sentence,
                claimed,
                message,
                other.departed_display,
                "departure date",
                other.slug,
                sources,
                flights=named,
            )
        ]
    if subject and departure:
        return [
            Finding(
                FindingKind.CONTRADICTION,
                sentence,
                claimed,
                f"The records give the departure date of {_describe(subject)} as {recorded}.",
                recorded,
                "departure date",
                subject.slug,
                source_text(records.sources(subject, "departed")),
            )
        ]
    return [
        Finding(
            FindingKind.UNSUPPORTED,
            sentence,
            claimed,
            "No cited flight or source is dated then.",
            None,
            "departure date",
            subject.slug if subject else None,
        )
    ]


def _same_day(mention: DateMention, day: object) -> bool:
    if mention.has_year:
        return mention.earliest == mention.latest == day
    return mention.earliest == mention.latest and (mention.earliest.month, mention.earliest.day) == (day.month, day.day)  # type: ignore[attr-defined]


def check_first(sentence: str, mention: FirstMention, subjects: list[Flight], context: Context) -> list[Finding]:
    if not subjects:
        return [Finding(FindingKind.UNSUPPORTED, sentence, mention.text, "No flight is cited to compare with.")]
    subject = subjects[0]
    records = context.records
    earlier = [
        f for f in records.removals_to(subject) if f.pk != subject.pk and f.departed_latest < subject.departed_earliest
    ]
    country = subject.destination_country.name
    if mention.year is not None:
        earlier = [f for f in earlier if f.departed_earliest.year > mention.year]
    findings = []
    if earlier:
        since = f"after {mention.year}" if mention.year is not None else "before it"
        listed = "; ".join(f"{f.departed_display} ({f.slug})" for f in earlier[:_MAX_LISTED])
        more = f" and {len(earlier) - _MAX_LISTED} more" if len(earlier) > _MAX_LISTED else ""
        sources = [s for f in earlier for s in records.sources(f, "departed")]
        findings.append(
            Finding(
                FindingKind.CONTRADICTION,
                sentence,
                mention.text,
                f"The records hold {len(earlier)} removal flight(s) to {country} {since} "
                f"and before {_describe(subject)}: {listed}{more}.",
                f"{len(earlier)} earlier flight(s)",
                "first such flight since",
                subject.slug,
                source_text(list(dict.fromkeys(sources))),
                flights=[f.slug for f in earlier],
            )
        )
    if mention.year is not None:
        same_claim = [f for f in records.flights if f.first_since_year == mention.year and f.pk != subject.pk]
        if same_claim and subject.first_since_year != mention.year:
            other = same_claim[0]
            sources = records.sources(other, "first_since_year")
            findings.append(
                Finding(
                    FindingKind.MATCHES_OTHER_FLIGHT,
                    sentence,
                    mention.text,
                    f"Sources call {_describe(other)} the first since {mention.year}: a likely mix-up.",
                    str(mention.year),
                    "first such flight since",
                    other.slug,
                    source_text(sources),
                    flights=[f.slug for f in same_claim],
                )
            )
        if not earlier and subject.first_since_year == mention.year:
            findings.append(
                Finding(
                    FindingKind.CONSISTENT,
                    sentence,
                    mention.text,
                    f"Sources call {_describe(subject)} the first since {mention.year}.",
                    str(mention.year),
                    "first such flight since",
                    subject.slug,
                    source_text(records.sources(subject, "first_since_year")),
                )
            )
    if not findings:
        findings.append(
            Finding(
                FindingKind.UNSUPPORTED,
                sentence,
                mention.text,
                f"No stored flight contradicts it, but no source says {_describe(subject)} was the first.",
                None,
                "first such flight since",
                subject.slug,
            )
        )
    return findings


def check_superlative(
    sentence: str, mention: SuperlativeMention, subjects: list[Flight], context: Context
) -> list[Finding]:
    if not subjects:
        return [Finding(FindingKind.UNSUPPORTED, sentence, mention.text, "No flight is cited to compare with.")]
    subject = subjects[0]
    # "The largest" is judged as of that flight: a bigger one flown later does not make it false.
    pool = [
        f
        for f in context.records.removals_to(subject)
        if f.passengers_total is not None and f.departed_earliest <= subject.departed_latest
    ]
    if mention.since_year is not None:
        pool = [f for f in pool if f.departed_earliest.year > mention.since_year or f.pk == subject.pk]
    if subject.passengers_total is None:
        return [
            Finding(
                FindingKind.UNSUPPORTED,
                sentence,
                mention.text,
                f"No passenger count is recorded for {_describe(subject)}.",
                None,
                "passengers",
                subject.slug,
            )
        ]
    larger = sorted(
        (f for f in pool if f.passengers_total > subject.passengers_total), key=lambda f: -f.passengers_total
    )
    if larger:
        top = larger[0]
        return [
            Finding(
                FindingKind.CONTRADICTION,
                sentence,
                mention.text,
                f"{_sentence_case(_describe(top))} carried {top.passengers_total}, more than the "
                f"{subject.passengers_total} of {_describe(subject)}.",
                str(top.passengers_total),
                "passengers",
                top.slug,
                source_text(context.records.sources(top, "passengers_total")),
                flights=[f.slug for f in larger],
            )
        ]
    return [
        Finding(
            FindingKind.CONSISTENT,
            sentence,
            mention.text,
            f"Largest of {len(pool)} removal flight(s) to {subject.destination_country.name} with a recorded count.",
            str(subject.passengers_total),
            "passengers",
            subject.slug,
            source_text(context.records.sources(subject, "passengers_total")),
        )
    ]
