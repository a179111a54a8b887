"""The one check: read a story into statements, find the flight each is about, compare, and apply the rules."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from django.utils import timezone

from articles.factcheck import comparison, rules, spoken
from articles.factcheck.comparison import Outcome, Truth
from articles.factcheck.findings import BLOCKING_KINDS, Finding, FindingKind
from articles.factcheck.reader import read_sentence
from articles.factcheck.records import Records, departed_overlaps, field_label
from articles.factcheck.statements import Polarity, Statement, StatementKind, Step, TimeScope
from articles.factcheck.text import Sentence, sentences_from_html
from flights.formatting import format_date_range
from flights.models import Flight


@dataclass
class Context:
    """What one check compares against: the loaded records, the cited flights (main first), the publish date."""

    records: Records
    cited: list[Flight]
    published_on: datetime.date | None
    carried: list[Flight] = field(default_factory=list)  # the previous sentence's flight, for "It …"

    @property
    def main(self) -> Flight | None:
        return self.cited[0] if self.cited else None


def check_story(
    *,
    headline: str,
    dek: str,
    body: str,
    cited: list[str],
    published_on: datetime.date | None,
    records: Records | None = None,
) -> list[Finding]:
    """Findings for a story: its headline, dek and Markdown body (shortcodes allowed), against the cited flights.

    The first cited slug is the story's main flight: a sentence that names no flight is about it. Slugs
    no flight has are ignored.
    """
    from articles.rendering import render_body

    parts = [f"## {headline}" if headline else "", dek, body]
    html = render_body("\n\n".join(p for p in parts if p)).html
    # Spoken years and days ("twenty eighteen", "June third") are read as digits; findings quote the words as typed.
    sentences = [
        Sentence(spoken.normalize(s.text), s.record_spans, spoken.normalize(s.previous), s.text)
        for s in sentences_from_html(html)
    ]
    read = []
    previous_fields: list[str] = []
    for sentence in sentences:
        if not sentence.previous:
            previous_fields = []
        found = read_sentence(sentence, published_on, previous_fields)
        previous_fields = [s.field for s in found if s.kind == StatementKind.COUNT] or previous_fields
        read.append((sentence, found))
    statements = [s for _, found in read for s in found]
    if records is None:
        records = Records.for_story(cited, statements, published_on)
    flights = [records.by_slug[slug] for slug in dict.fromkeys(cited) if slug in records.by_slug]
    context = Context(records, flights, published_on)
    findings: list[Finding] = []
    before: list[tuple[Finding, Outcome]] = []
    for sentence, found in read:
        if not sentence.previous:
            context.carried = []
            before = []
        checked = _check_sentence(sentence, found, context)
        _deny_previous(sentence.text, before, checked)
        findings += [f for f, _ in checked]
        before = checked
    return findings


_DENIES_PREVIOUS = re.compile(
    r"^\s*(?:but\s+|and\s+)?(?:that|this|it|which|they|the\s+(?:claim|report|figure|number|count|account)s?|"
    r"that\s+(?:claim|report|figure|number|count|account))\s+(?:is|was|did|does|has|had|were|are)(?:\s*n[\u2019']t|\s+not)"
    r"(?:\s+(?:true|correct|accurate|right|so|the\s+case))?\s*(?:[.:;,!\u2014\u2013]|$)"
    r"|^\s*(?:but\s+)?(?:that|this|which|the\s+[\w,]+\s+(?:figure|number|count|claim)|that\s+(?:figure|number|claim|count|report))\s+"
    r"(?:is|was|proved|turned\s+out\s+to\s+be|has\s+been)\s+(?:\w+ly\s+)?(?:false|wrong|incorrect|untrue|inaccurate|"
    r"mistaken|erroneous|not\s+true|not\s+accurate|not\s+correct|debunked)\b"
    r"|^\s*(?:not\s+so|wrong|false|untrue|not\s+true)\s*[.:;,!\u2014\u2013]",
    re.IGNORECASE,
)


def _deny_previous(text: str, before: list[tuple[Finding, Outcome]], current: list[tuple[Finding, Outcome]]) -> None:
    """ "Some viewers asked whether it carried 116 men. It did not: …": a sentence that denies the one before."""
    m = _DENIES_PREVIOUS.match(text)
    if not m or not before:
        return
    values = {int(v.replace(",", "")) for v in re.findall(r"\d[\d,]*", m.group(0))}
    for finding, outcome in before:
        statement = finding.statement
        if statement is None or finding.kind not in BLOCKING_KINDS:
            continue
        if values and statement.value not in values:
            continue
        statement.stance = replace(statement.stance, polarity=Polarity.DENIED, cue=m.group(0).strip())
        finding.kind, finding.message, finding.reason = rules.decide(statement, outcome)


def check_text(
    body: str,
    flights: list[Flight] | list[str],
    published_on: datetime.date | None = None,
    records: Records | None = None,
) -> list[Finding]:
    """Findings for a Markdown text said to be about these flights (the first is the main one)."""
    slugs = [f if isinstance(f, str) else f.slug for f in flights]
    return check_story(headline="", dek="", body=body, cited=slugs, published_on=published_on, records=records)


def main_flight_order(article: object) -> list[str]:
    """The article's cited slugs, the one its body cites most first (then in the order the editor linked them)."""
    from articles.citations import cited_slugs, find_references

    body = article.body  # type: ignore[attr-defined]
    slugs = [link.flight.slug for link in article.cited_flights.select_related("flight")]  # type: ignore[attr-defined]
    slugs += sorted(s for s in cited_slugs(body) if s not in slugs)
    uses = Counter(ref.slug for ref in find_references(body)[0])
    slugs.sort(key=lambda slug: -uses[slug])
    return slugs


def check_article(article: object, records: Records | None = None) -> list[Finding]:
    """Findings for a stored article: headline, dek and body, against the flights it cites."""
    published_at = article.published_at  # type: ignore[attr-defined]
    published_on = timezone.localdate(published_at) if published_at else timezone.localdate()
    return check_story(
        headline=article.headline,  # type: ignore[attr-defined]
        dek=article.dek,  # type: ignore[attr-defined]
        body=article.body,  # type: ignore[attr-defined]
        cited=main_flight_order(article),
        published_on=published_on,
        records=records,
    )


def _check_sentence(sentence: Sentence, statements: list[Statement], context: Context) -> list[tuple[Finding, Outcome]]:
    findings = []
    subjects_seen: list[Flight] = []
    for statement in statements:
        subjects = _subjects(statement, context)
        outcome = _compare(statement, subjects, context)
        kind, message, reason = rules.decide(statement, outcome)
        flight = outcome.flight or (subjects[0] if subjects else None)
        statement.subject = flight.slug if flight else None
        if statement.hint.explicit and flight is not None and flight not in subjects_seen:
            subjects_seen.append(flight)
        findings.append((
            Finding(
                kind,
                sentence.written or sentence.text,
                statement.text,
                message,
                outcome.recorded,
                field_label(statement.field),
                flight.slug if flight else None,
                outcome.source,
                outcome.flights,
                statement.from_record,
                statement,
                reason,
            ),
            outcome,
        ))  # fmt: skip
    if subjects_seen:
        context.carried = subjects_seen[:1]
    return findings


def _compare(statement: Statement, subjects: list[Flight], context: Context) -> Outcome:
    records = context.records
    kind = statement.kind
    if statement.from_record:
        return Outcome(Truth.TRUE, "Rendered from the record by a citation.", None, subjects[0] if subjects else None)
    if kind == StatementKind.DATE:
        return comparison.compare_date(statement, subjects, _claims_main(statement, context), records)
    if not subjects:
        return Outcome(Truth.UNKNOWN, "No flight is cited to compare with.")
    if kind == StatementKind.COUNT:
        if statement.scope == TimeScope.PERIOD:
            return comparison.compare_period(statement, subjects, records)
        return comparison.compare_value(statement, subjects, records)
    if kind == StatementKind.AGE:
        return comparison.compare_value(statement, subjects, records)
    if kind == StatementKind.FIRST_SINCE:
        return comparison.compare_first_since(statement, subjects[0], records)
    if kind == StatementKind.ORDINAL:
        if statement.role == "reference":
            return _ordinal_reference(statement, subjects, context)
        return comparison.compare_ordinal(statement, subjects[0], records)
    if kind == StatementKind.FLIGHT_COUNT:
        return comparison.compare_flight_count(statement, subjects[0], context.published_on, records)
    if kind == StatementKind.ATTRIBUTE:
        return comparison.compare_attribute(statement, subjects, records)
    return comparison.compare_superlative(statement, subjects[0], records)


def _ordinal_reference(statement: Statement, subjects: list[Flight], context: Context) -> Outcome:
    """ "The fourth flight, on Jan. 6, …": the ordinal names a flight; wrong only when its own date names another."""
    named = _by_ordinal(statement.value, statement, context)  # type: ignore[arg-type]
    if named is None:
        return Outcome(Truth.UNKNOWN, f"The records hold no removal flight number {statement.value} in this series.")
    if statement.near_dates:
        dated = _dated(list(statement.near_dates), context)
        if dated and named not in dated:
            return comparison.compare_ordinal(statement, dated[0], context.records)
    return Outcome(Truth.TRUE, f"{comparison.describe(named)} is number {statement.value} in the series.",
                   str(statement.value), named)  # fmt: skip


def _by_ordinal(position: int, statement: Statement, context: Context) -> Flight | None:
    main = context.main
    if main is None or position < 1:
        return None
    country = statement.country or str(main.destination_country)
    start = statement.window[0] if statement.window and statement.window[0] else None
    if start is None:
        first = context.records.series_start(country, main.departed_latest)
        start = first.departed_earliest if first else None
    return _kept(context, context.records.nth_removal(country, start, position))


def _kept(context: Context, flight: Flight | None) -> Flight | None:
    """A flight a sequence query found, kept with the check's records (and its claims) for the findings."""
    if flight is None:
        return None
    context.records.include([flight])
    return context.records.by_slug.get(flight.slug, flight)


def _claims_main(statement: Statement, context: Context) -> bool:
    """Whether a date is said of the story's own flight ("The flight left on Jan. 6"), so a mismatch is an error."""
    hint = statement.hint
    if hint.explicit or context.carried:
        return False
    return hint.anaphoric and len(context.cited) == 1 and statement.role in {"departure", "attributive", "date"}


def _subjects(statement: Statement, context: Context) -> list[Flight]:
    """The flights a statement may be about: those its own words name, else the previous sentence's, else the main."""
    hint = statement.hint
    main = context.main
    if statement.kind == StatementKind.FLIGHT_COUNT and main is not None:
        return [main]  # its dates are the window it counts over, not the flight it is about
    if statement.near_dates and statement.kind in (StatementKind.FIRST_SINCE, StatementKind.ORDINAL):
        named = _dated(list(statement.near_dates), context)
        if named:
            return _likeliest(statement, named, list(statement.near_dates), main)
    if statement.kind == StatementKind.DATE and statement.role == "attributive":
        return _dated([statement.value], context) or ([main] if main else [])  # type: ignore[list-item]
    if hint.dates:
        named = _dated(list(hint.dates), context)
        if named and statement.kind == StatementKind.DATE and statement.role == "departure":
            # "The November flight, which left on Nov. 18": the day is held against the flight the words name (the
            # likeliest first), not against any flight whose uncertain range happens to contain it.
            return _likeliest(statement, named, list(hint.dates), main)
        if named:
            if len(named) > 1 and statement.kind in _ONE_SUBJECT:
                _likeliest(statement, named, list(hint.dates), main)
            # Other kinds are held against every flight named: wrong for all of them is wrong whichever was meant.
            elif len(named) == 1 and hint.level != "segment" and hint.rivals and main is not None and named[0] != main:
                statement.doubt(
                    Step.CLAUSE,
                    f"the sentence names several flights; {_short(named[0])} is named outside the figure's phrase",
                )
            return named
    if hint.ordinal and statement.kind != StatementKind.ORDINAL:
        flight = _by_ordinal(hint.ordinal, statement, context)
        if flight:
            if flight != main:
                statement.doubt(
                    Step.SUBJECT, f"the flight is taken as number {hint.ordinal} of the series ({_short(flight)})"
                )
            return [flight]
    if hint.relative and main is not None:
        flight = _relative(hint.relative, statement, context)
        if flight:
            if flight != main:
                statement.doubt(Step.SUBJECT, f"the flight is inferred from {hint.relative!r} ({_short(flight)})")
            return [flight]
    if context.carried:
        if main is not None and context.carried[0] != main and not hint.anaphoric:
            statement.doubt(
                Step.SUBJECT, f"the flight is carried over from the sentence before ({_short(context.carried[0])})"
            )
        return list(context.carried)
    if statement.kind == StatementKind.DATE and statement.role != "said":
        return [main] if main else []
    return [main] if main else []


# Kinds held against the first of their flights only (the others compare with every flight the words may name).
_ONE_SUBJECT = {StatementKind.FIRST_SINCE, StatementKind.ORDINAL, StatementKind.SUPERLATIVE, StatementKind.FLIGHT_COUNT}


def _likeliest(statement: Statement, named: list[Flight], dates: list, main: Flight | None) -> list[Flight]:
    """The likeliest of the flights a date names; when several are as likely, which one is a doubt of the reading."""
    tied = [f for f in named if _rank(f, dates, main) == _rank(named[0], dates, main)]
    if len(tied) > 1:
        statement.doubt(Step.SUBJECT, f"{len(tied)} flights fit the date; taken as {_short(named[0])}")
    return named[:1]


def _short(flight: Flight) -> str:
    return f"the {format_date_range(flight.departed_earliest, flight.departed_latest)} flight"


def _dated(dates: list[tuple[datetime.date, datetime.date, bool]], context: Context) -> list[Flight]:
    cited = [f for f in context.cited if any(departed_overlaps(f, a, b, y) for a, b, y in dates)]
    if cited:
        return cited
    named = [f for f in context.records.flights if any(departed_overlaps(f, a, b, y) for a, b, y in dates)]
    main = context.main
    if main is not None:
        # Flights to the story's country first: a mix-up between flights to one country is the likelier story.
        # A flight known to have left within the named days before one whose range of days merely overlaps them
        # ("the January flight" is the one of Jan. 6, not the one of some day from Nov. 17 to Jan. 5).
        named.sort(key=lambda f: (*_rank(f, dates, main), f.departed_earliest))
    return named


def _rank(flight: Flight, dates: list[tuple[datetime.date, datetime.date, bool]], main: Flight | None) -> tuple:
    """How likely a flight a date names is the one meant: to the story's country, known to have left within it."""
    return (
        main is not None and str(flight.destination_country) != str(main.destination_country),
        not any(_within(flight, a, b, y) for a, b, y in dates),
    )


def _within(flight: Flight, earliest: datetime.date, latest: datetime.date, has_year: bool) -> bool:
    if has_year:
        return earliest <= flight.departed_earliest and flight.departed_latest <= latest
    return departed_overlaps(flight, earliest, latest, False) and flight.departed_earliest == flight.departed_latest


def _relative(word: str, statement: Statement, context: Context) -> Flight | None:
    main = context.main
    if main is None:
        return None
    country = str(main.destination_country)
    records = context.records
    if word in {"latest", "most recent", "newest"}:
        return main
    if word in {"previous", "prior", "preceding", "earlier"}:
        return _kept(context, records.last_removal_before(country, main.departed_earliest, exclude=main.pk))
    if word in {"next", "following", "subsequent"}:
        _total, listed = records.removals(country, main.departed_latest + datetime.timedelta(days=1), None, limit=1)
        if listed:
            records.include(listed)
            return records.by_slug.get(listed[0].slug, listed[0])
        return None
    if word == "first":
        return _by_ordinal(1, statement, context)
    if word.startswith("last year"):
        year = main.departed_earliest.year - 1
        _t, listed = records.removals(country, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), limit=1)
        if listed:
            records.include(listed)
            return records.by_slug.get(listed[0].slug, listed[0])
    return None


def summary(findings: list[Finding]) -> str:
    """One line per finding, as the command prints it."""
    lines = []
    for f in findings:
        where = f" [{f.flight}]" if f.flight else ""
        lines.append(f"{f.kind.upper()}{where}: {f.claimed!r}: {f.message}")
    return "\n".join(lines)


def contradictions(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == FindingKind.CONTRADICTION]
