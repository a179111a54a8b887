"""The reader: one sentence into typed statements (counts here; dates, firsts, ordinals, ages in claims.py).

Readers run in a fixed order and each consumes the numbers it reads, so a number is read once:
first-since years → dates → ages → ordinals and counts of flights → counts of people → other fields.
Counts of people are read by shape, in this order: part of a whole ("26 of them were women"), a count
linked to its noun by a verb after it ("96 were men"), a count before its noun ("116 men", "96 male and
26 female deportees"), a count after its noun ("the men numbered 96", "women: 26"), and a count with no
noun after a verb of removal ("ICE deports 122 to China", "the flight carried 122").
"""

from __future__ import annotations

import datetime
import re

from articles.factcheck import claims, counts, sequences, shares
from articles.factcheck.lexicon import (
    PERIOD_PATTERNS,
    SINGLE_FLIGHT,
)
from articles.factcheck.scopes import Region, clauses, regions, segments, stance_for
from articles.factcheck.statements import Statement, StatementKind, Step, SubjectHint, TimeScope
from articles.factcheck.text import Sentence

_ANAPHOR = re.compile(
    r"^\s*(?:it|they|this|that|the\s+(?:flight|charter|plane|aircraft|jet|group|removal|deportation|deportees|"
    r"passengers|detainees)|this\s+(?:flight|charter|plane)|that\s+(?:flight|charter|plane)|of\s+(?:them|those|"
    r"these|the\s+\w+)|among\s+(?:them|those|the\s+\w+)|all\s+of\s+them|those\s+aboard|everyone\s+aboard)\b",
    re.IGNORECASE,
)


# A flight named right after these words is where time is counted from ("six months after the first flight").
_AFTER_REFERENCE = re.compile(
    r"\b(?:after|since|than|unlike|following|until)\s+(?:the\s+|that\s+|its\s+|an?\s+)?$", re.I
)


# Words that join another clause: a date after them may be that clause's, not the phrase's before them.
_JOINED = re.compile(r"\b(?:and|but|while|whereas|then|followed|after\s+which)\b", re.I)


def read_sentence(
    sentence: Sentence, published_on: datetime.date | None, previous_fields: list[str] | None = None
) -> list[Statement]:
    """Every checkable statement in one sentence, each with its stance, time scope and subject hint."""
    text = sentence.text
    found = regions(text, sentence.previous)
    taken: list[tuple[int, int]] = []
    statements: list[Statement] = []
    statements += sequences.first_since(text, published_on, taken)
    date_mentions = claims.dates(text, published_on, taken)
    statements += date_mentions
    statements += claims.ages(text, taken)
    statements += shares.shares(text, taken)
    statements += shares.majorities(text, taken)
    statements += sequences.ordinals_and_flight_counts(text, published_on, taken)
    statements += shares.ranges(text, taken)
    statements += counts.read_counts(text, taken, previous_fields or [], sentence.previous)
    statements += claims.attributes(text, taken, statements)
    statements += claims.superlatives(text)
    for statement in statements:
        if statement.kind == StatementKind.ORDINAL and statement.role == "reference":
            # "the fifth flight, on January 6": the date right after an ordinal names the flight it means.
            near = [d for d in date_mentions if 0 <= d.span[0] - statement.span[1] <= 30 and d.role != "said"]
            statement.near_dates = tuple(d.value for d in near)
            joins = [(d, j) for d in near for j in [_JOINED.search(text[statement.span[1] : d.span[0]])] if j]
            if joins:
                # "a second flight, and a third followed on Nov. 16": the date may belong to the next clause.
                date, join = joins[0]
                statement.doubt(Step.CLAUSE, f"the date {date.text!r} comes after {join.group(0)!r}, in what may be "
                                "another clause")  # fmt: skip
        elif statement.kind == StatementKind.ORDINAL:
            # "Since January's flight, the fifth, …", "The January flight — the fifth —": an ordinal in apposition
            # to a dated flight says that flight's place, even when the date is a reference ("since January").
            statement.near_dates = tuple(
                d.value for d in date_mentions
                if d.role != "said" and re.fullmatch(
                    r"(?:[\u2019']s)?\s+(?:[\w-]+\s+){0,2}?(?:flight|charter|plane|removal)s?\s*[,\u2014\u2013(]\s*(?:the\s+)?",
                    text[d.span[1] : statement.span[0]], re.I)
            )  # fmt: skip
        elif statement.kind == StatementKind.FIRST_SINCE:
            # "the last one before last summer's resumption flew in 2018": the first since 2018 is that resumption.
            statement.near_dates = tuple(
                d.value for d in date_mentions
                if statement.span[0] <= d.span[0] < statement.span[1]
                and re.search(r"\bbefore\s+(?:the\s+|this\s+)?$", text[max(0, d.span[0] - 12) : d.span[0]], re.I)
            )  # fmt: skip
    firsts = [s.span for s in statements if s.kind == StatementKind.FIRST_SINCE]
    statements = [
        s for s in statements
        if not (s.kind == StatementKind.ORDINAL and any(a <= s.span[0] < b for a, b in firsts))
    ]  # fmt: skip
    hints = _hints(text, [s for s in statements if s.kind == StatementKind.DATE], statements)
    # Words of another statement ("first … since 2018", "since June 2024") say nothing of a count's period.
    masked = text
    for other in statements:
        if other.kind == StatementKind.FIRST_SINCE or (other.kind == StatementKind.DATE and other.role == "reference"):
            a, b = other.span
            masked = masked[:a] + " " * (b - a) + masked[b:]
    for statement in statements:
        _finish(statement, text, found, hints, sentence, masked)
    statements.sort(key=lambda s: s.span)
    return statements


def _finish(statement: Statement, text: str, found: list[Region], hints: dict, sentence: Sentence, masked: str) -> None:
    start, end = statement.figure_span
    ignore = statement.ignore_span
    usable = [r for r in found if not (ignore and ignore[0] <= r.start < ignore[1] and r.polarity)]
    statement.stance = stance_for(usable, start, end, statement.value)
    statement.from_record = statement.from_record or sentence.from_record(start, end)
    statement.hint = _hint_for(statement, text, hints)
    if statement.kind in (StatementKind.COUNT,) and statement.scope != TimeScope.PERIOD:
        statement.scope = _time_scope(masked, statement)


def _time_scope(text: str, statement: Statement) -> TimeScope:
    """A count is one flight's unless its own segment speaks of a period or of several flights, or the sentence
    does and names no single flight ("ICE removed 1,200 people this year"; "In total, the flight carried 122"
    is one flight's).
    """
    pos = statement.figure_span[0]
    start, end = _span_of(segments(text), pos)
    own = text[start:end]
    single = [m.start() + start for m in re.finditer(SINGLE_FLIGHT, own, re.IGNORECASE)]
    period = [m.start() + start for p in PERIOD_PATTERNS for m in re.finditer(p, own, re.IGNORECASE)]
    if period and (not single or min(abs(p - pos) for p in period) < min(abs(q - pos) for q in single)):
        return TimeScope.PERIOD
    if single:
        return TimeScope.FLIGHT
    if re.search(SINGLE_FLIGHT, text, re.IGNORECASE) or re.search(r"\b(?:this|that|the)\s+one\b", text, re.I):
        return TimeScope.FLIGHT
    if any(re.search(p, text, re.IGNORECASE) for p in PERIOD_PATTERNS):
        return TimeScope.PERIOD
    return TimeScope.FLIGHT


def _span_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in spans:
        if start <= pos < end:
            return start, end
    return (0, 0)


def _hints(text: str, dates: list[Statement], statements: list[Statement]) -> dict:
    """Subject-naming words per segment, clause and sentence: departure dates, ordinal references, "previous"."""
    naming = [d for d in dates if d.role in {"departure", "date", "attributive"}]
    refs = [
        s for s in statements
        if s.kind == StatementKind.ORDINAL and s.role == "reference" and not _AFTER_REFERENCE.search(text[: s.span[0]])
    ]  # fmt: skip
    relative = [
        (m.start(), m.group(1).lower())
        for m in re.finditer(
            r"\b(previous|prior|preceding|earlier|latest|most\s+recent|newest|next|following|subsequent|last|this|"
            r"last\s+year['\u2019]s|first)\s+(?:such\s+|removal\s+|large\s+|charter\s+|deportation\s+|\w+\s+)?"
            r"(?:flight|charter|one|plane|removal|mission|deportation|departure)s?\b",
            text,
            re.IGNORECASE,
        )
    ]
    firsts = [s.span for s in statements if s.kind == StatementKind.FIRST_SINCE]
    relative = [(p, w) for p, w in relative if not any(a <= p < b for a, b in firsts)]
    # "Six months after the first flight, in December, a fourth charter …": a flight named inside a reference phrase
    # is where the time is counted from, not the flight the sentence is about.
    relative = [
        (p, w) for p, w in relative
        if not _AFTER_REFERENCE.search(text[:p])
    ]  # fmt: skip
    # "the last flight before this one", "before the June 3 departure, the most recent charter": the one before.
    relative = [
        (p, "previous" if w in {"last", "latest", "most recent"} and re.search(r"\bbefore\b", text, re.I) else w)
        for p, w in relative
    ]
    relative = [(p, "latest" if w in {"this", "last"} else w) for p, w in relative]
    plural = [m.start() for m in re.finditer(r"\b(?:flights|charters|missions|planes)\b", text, re.IGNORECASE)]
    # "since June 2024, when DHS announced the first such flight since 2018": the "when" clause is about that date.
    when = [
        (d.span[1] + m.end(), d.value)
        for d in dates
        if d.role != "said"
        for m in [re.match(r"\s*,?\s*when\b", text[d.span[1] :], re.IGNORECASE)]
        if m
    ]
    return {
        "when": when,
        "dates": naming,
        "refs": refs,
        "relative": relative,
        "plural": plural,
        "anaphoric": bool(_ANAPHOR.match(text)),
    }


def _hint_for(statement: Statement, text: str, hints: dict) -> SubjectHint:
    pos = statement.figure_span[0]
    seg = _span_of(segments(text), pos)
    clause = _span_of(clauses(text), pos)
    when = [value for after, value in hints["when"] if seg[0] <= after <= pos or (after <= pos and seg[0] <= after + 2)]
    if when and statement.kind != StatementKind.DATE:
        return SubjectHint(dates=(when[-1],), anaphoric=hints["anaphoric"], level="segment")
    for level, (start, end) in zip(("segment", "clause", "sentence"), (seg, clause, (0, len(text))), strict=True):
        dates = tuple(
            d.value
            for d in hints["dates"]
            if start <= d.figure_span[0] < end and d is not statement and not _inside(d, statement)
        )
        refs = [r for r in hints["refs"] if start <= r.figure_span[0] < end and r is not statement]
        rel = [
            word for p, word in hints["relative"] if start <= p < end and not statement.span[0] <= p < statement.span[1]
        ]
        if statement.kind == StatementKind.FIRST_SINCE:
            rel = [w for w in rel if w != "first"]
        if dates or refs or rel:
            everywhere = _naming_words(statement, hints, 0, len(text))
            return SubjectHint(
                rivals=everywhere - len(dates) - len(refs) - len(rel),
                dates=dates,  # type: ignore[arg-type]
                ordinal=refs[0].value if refs else None,  # type: ignore[arg-type]
                relative=rel[0] if rel and not dates else "",
                plural=any(start <= p < end for p in hints["plural"]),
                anaphoric=hints["anaphoric"],
                level=level,
            )
    return SubjectHint(anaphoric=hints["anaphoric"], plural=any(clause[0] <= p < clause[1] for p in hints["plural"]))


def _naming_words(statement: Statement, hints: dict, start: int, end: int) -> int:
    """How many words between start and end name a flight (dates, ordinal references, "previous"…)."""
    dates = [d for d in hints["dates"] if start <= d.figure_span[0] < end and d is not statement]
    refs = [r for r in hints["refs"] if start <= r.figure_span[0] < end and r is not statement]
    rel = [p for p, _w in hints["relative"] if start <= p < end and not statement.span[0] <= p < statement.span[1]]
    return len(dates) + len(refs) + len(rel)


def _inside(a: Statement, b: Statement) -> bool:
    return b.span[0] <= a.span[0] and a.span[1] <= b.span[1] and a.kind == StatementKind.DATE and b.window is not None
