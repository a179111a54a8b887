"""Readers for dates, ages and other fields (nationality, destination, final orders), and the largest flight."""

from __future__ import annotations

import datetime
import functools
import re

from django_countries import countries

from articles.factcheck.dates import DATE_PATTERN, RELATIVE_PATTERN, parse_date, parse_relative
from articles.factcheck.lexicon import COUNTRY_ALIASES, DEMONYMS, REFERENCE_PREPOSITIONS
from articles.factcheck.numbers import number_value, qualifier_before, value_range
from articles.factcheck.statements import Range, Statement, StatementKind

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})\b"
_FLIGHT = r"(?:flights?|charters?|planes?|missions?|airlifts?|removals?|deportations?|operations?|ones?|trips?|jets?)"
_AGE_RANGE = re.compile(
    r"\b(?:aged|ages|ages\s+of|age\s+range\s+of|ranging\s+in\s+age\s+from|ranged\s+in\s+age\s+from|ranging\s+from|"
    r"ranged\s+from|between\s+the\s+ages\s+of|from\s+ages?|from\s+the\s+ages\s+of|ages\s+ranged\s+from|"
    r"ages\s+ranging\s+from|whose\s+ages\s+ranged\s+from|in\s+age\s+from)\s+(?P<a>\d{1,3})\s*"
    r"(?:to|through|and|-|\u2013|(?:all\s+the\s+way\s+)?(?:up\s+)?to)\s*(?P<b>\d{1,3})\b"
    r"|\b(?:between\s+)?(?P<a2>\d{1,3})\s*(?:to|-|\u2013|through|and)\s*(?P<b2>\d{1,3})[\s-]*years?[\s-]*(?:old|of\s+age)\b"
    r"|\b(?P<a3>\d{1,3})\s*(?:to|-|\u2013)\s*(?P<b3>\d{1,3})[\s-]*year[\s-]*olds\b"
    r"|\b(?:were|was|are|adults|aged)\s+(?:between\s+)?(?P<a4>\d{1,2})\s*(?:to|-|\u2013|and)\s*(?P<b4>\d{2,3})\b"
    r"(?!\s*(?:%|percent|people|men|women|passengers|deportees|detainees|nationals|flights|charters|of\b))"
    # "The ages ran from 21 to 68", "How old were they? Between 18 and 70": the words say the numbers are ages.
    r"|\b(?:ages?|how\s+old)\b[^.;\d]{0,30}?\b(?:from|between)\s+(?P<a5>\d{1,3})\s*(?:to|and|through|-|\u2013)\s*"
    r"(?P<b5>\d{1,3})\b",
    re.IGNORECASE,
)
_AGE_EXTREME = re.compile(
    r"\b(?P<which>youngest|oldest|as\s+young\s+as|as\s+old\s+as)\b(?P<mid>[^.;\d]{0,45}?)"
    r"(?P<n>\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))\b"
    r"|\b(?P<n2>\d{1,3})[\s-]*(?:years?[\s-]*old|year[\s-]*olds?)?(?:\s+[a-z]+){0,2},?\s+(?:was|were|is)\s+the\s+"
    r"(?P<which2>youngest|oldest)\b",
    re.IGNORECASE,
)
_AGE_BOUND = re.compile(
    r"\b(?:no|none|not\s+one|no\s+one|nobody)\b[^.;]{0,50}?\b(?:was|were|is)\s+(?P<dir>older|younger)\s+than\s+(?P<n>\d{1,3})\b"
    r"|\b(?:all|everyone|each|every\s+one)\b[^.;]{0,50}?\b(?:was|were)\s+(?:at\s+least|over|under|older\s+than|"
    r"younger\s+than)\s+(?P<n2>\d{1,3})\b",
    re.IGNORECASE,
)
# "No one older than 68 was aboard", "nobody younger than nineteen or older than seventy": the bound comes right after
# the quantifier. A bound on everyone's age is a claim on the youngest or oldest, never a count of people.
_AGE_NUMBER = r"\d{1,3}|[a-z]+(?:-[a-z]+)?"
_AGE_BOUND_FIRST = re.compile(
    r"\b(?:no|none|not\s+one|no\s+one|nobody|no-one|no\s+(?:passenger|deportee|detainee|person|adult|man|woman)"
    r"(?:\s+(?:aboard|on\s+board))?)\s+(?:(?:aboard|on\s+board|on\s+the\s+(?:flight|plane))\s+)?(?:(?:was|is|were)\s+)?"
    rf"(?P<d1>older\s+than|younger\s+than|over|under|above|below)\s+(?:the\s+age\s+of\s+|age\s+)?(?P<n1>{_AGE_NUMBER})\b"
    r"(?:\s+(?:or|nor)\s+(?:(?:was|is)\s+)?"
    rf"(?P<d2>older\s+than|younger\s+than|over|under|above|below)\s+(?:the\s+age\s+of\s+|age\s+)?(?P<n2>{_AGE_NUMBER})\b)?",
    re.IGNORECASE,
)
# "Mr. Chen, 72, who was on the plane": the age of one person aboard lies between the youngest and the oldest. The
# relative clause must put that person aboard ("Li Wei, 42, who came in 2016, said his cousin was aboard" does not).
_PASSENGER_AGE = re.compile(
    r"\b[A-Z][\w.'\u2019-]*,\s*(?:aged\s+|age\s+)?(?P<n>\d{1,3}),\s*(?:"
    r"who\s+(?:(?:was|were)\s+(?:on\s+(?:the|that|this)\s+(?:plane|flight|charter|jet)|aboard|on\s+board|among\s+(?:those|the))"
    r"|(?:was|were)\s+(?:deported|removed|expelled|sent\s+back|flown)|boarded|flew)"
    r"|one\s+of\s+(?:those|the\s+\w+)\s+(?:deported|removed|expelled|aboard|on\s+board|on\s+the\s+(?:plane|flight)))\b",
)
_FINAL_ORDERS = re.compile(
    r"\bfinal\s+(?:removal\s+|deportation\s+)?orders?(?:\s+of\s+(?:removal|deportation))?\b", re.IGNORECASE
)
_DESTINATION = re.compile(
    r"\b(?:flights?|charters?|planes?|deport\w*|remov\w*|flew|flown|fly|flies|sent|sends?|returned|returns?|"
    r"repatriat\w*|expel\w*|bound|destined|headed|home|landed|arrived|touched\s+down)\b[^.;]{0,40}?"
    r"\b(?:(?<=landed\s)|(?<=arrived\s)|(?<=down\s)|(?<=to\s)|(?<=for\s)|to\s+|for\s+|in\s+(?=[A-Z]))"
    r"(?P<country>(?:the\s+)?"
    r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|of|and))*)",
)
_DEPARTURE_WORDS = re.compile(
    r"\b(?:left|leave|leaves|departed|departs|depart|took\s+off|takes\s+off|flew|flown|fly|flies|landed|arrived|"
    r"took\s+place|happened|occurred|conducted|carried|removed|deported|lifted\s+off|wheels\s+up|launched|operated|"
    r"went\s+out|expelled|returned|repatriated|sent|flew\s+out)\b",
    re.IGNORECASE,
)
_SAID_DATE = re.compile(
    r"\b(?:said|announced|reported|stated|confirmed|released|published|told|wrote|posted|issued|statement|release|"
    r"announcement|report)\s+(?:(?:on|last|this|late|early)\s+)?$",
    re.IGNORECASE,
)
_SAID_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:(?:news|press)\s+)?(?:release|statement|announcement|report|post|briefing|news\s+conference)\b",
    re.I,
)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in taken)


def _date_role(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 40) : start]
    for prep in REFERENCE_PREPOSITIONS:
        if re.search(
            rf"\b{re.escape(prep)}\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:(?:early|late|mid-?)\s*)?$", before, re.I
        ):
            if prep in {"from", "by", "between", "through"} and not re.search(r"\b(?:19|20)\d{2}\b", text[start:end]):
                continue
            return "reference"
    # "reported the January flight left …": a date that names a flight is attributive even right after a speech verb.
    if re.match(rf"(?:[\u2019']s)?\s+(?:[\w-]+\s+){{0,3}}?{_FLIGHT}\b", text[end:], re.IGNORECASE):
        return "attributive"
    if _SAID_DATE.search(before) or _SAID_AFTER.match(text[end:]):
        return "said"
    if re.search(r"\b(?:landed|arrived|touched\s+down)\b", text, re.I) and not re.search(
        r"\b(?:left|departed|took\s+off|lifted\s+off)\b", text, re.I
    ):
        return "arrival"  # a day or two after the departure on record
    # "Li Wei, who came to the U.S. in 2016, …": a date inside a clause about a person tells that person's story.
    who = re.search(r"\bwho(?:\s+had|\s+have|\s+has)?\s+([a-z]+)\b[^,;\u2014()]*$", text[:start], re.I)
    if who and _PAST_VERB.fullmatch(who.group(1)) and not _DEPARTURE_WORDS.fullmatch(who.group(1)):
        return "event"
    verb = _governing_verb(text, start, end)
    if verb and not _DEPARTURE_WORDS.fullmatch(verb) and verb.lower() not in _FLIGHT_EVENT_VERBS:
        return "event"  # "a contract signed in 2019", "On May 27, … lawyers filed": when something else happened
    if _DEPARTURE_WORDS.search(text) or re.search(
        r"\b(?:flight|charter|plane|removal|jet|aircraft|airplane|airlift)\b", text, re.IGNORECASE
    ):
        return "departure"
    return "date"


# Past participles that still say when the flight happened ("the flight scheduled for June 3").
_FLIGHT_EVENT_VERBS = {
    "took",
    "scheduled",
    "planned",
    "slated",
    "chartered",
    "boarded",
    "loaded",
    "escorted",
    "put",
    "booked",
}
_PAST_VERB = re.compile(
    r"\b(?:[a-z]+ed|left|flew|took|sent|went|ran|held|made|met|began|wrote|told|said|brought|came|fled|got|became|"
    r"grew|bought|sold|won|lost|gave|found|built|fell|paid|spent|saw|knew|taught|wed|moved)\b",
    re.I,
)


def _governing_verb(text: str, start: int, end: int) -> str:
    """The verb a date says the time of: the past verb just before it ("signed in 2019"), or for a date that opens the
    sentence ("On May 27, a week before the flight, ICE lawyers filed …") the first past verb of the main clause."""
    before = re.search(
        r"\b([a-z]+)\s+(?:(?:in|on|of|during)\s+)?(?:(?:early|late|mid-?)\s*)?$", text[max(0, start - 30) : start]
    )
    if before and _PAST_VERB.fullmatch(before.group(1)) and before.group(1).lower() not in {"need", "red"}:
        return before.group(1)
    if re.fullmatch(r"\s*(?:on|in)?\s*", text[:start], re.I) and re.match(r"\s*,", text[end:]):
        clause = re.split(r"[;.]", text[end:], maxsplit=1)[0]
        main = clause.rsplit(",", 1)[-1] if clause.count(",") >= 2 else clause
        verb = _PAST_VERB.search(main)
        return verb.group(0) if verb else ""
    return ""


def dates(text: str, published_on: datetime.date | None, taken: list[tuple[int, int]]) -> list[Statement]:
    found = []
    matches: list[tuple[int, int, tuple[datetime.date, datetime.date, bool]]] = []
    for m in DATE_PATTERN.finditer(text):
        parsed = parse_date(m)
        if parsed is not None:
            matches.append((m.start(), m.end(), parsed))
    if published_on is not None:
        for m in RELATIVE_PATTERN.finditer(text):
            if any(s <= m.start() < e for s, e, _ in matches):
                continue
            earliest, latest = parse_relative(m, published_on)
            matches.append((m.start(), m.end(), (earliest, latest, True)))
    # A bare year names the flights of that year ("In 2024, DHS flew 116 people to China").
    for m in re.finditer(
        r"\b(?:in|of|during)\s+(?:early\s+|late\s+|mid-)?((?:19|20)\d{2})\b(?!\s*(?:flights|charters))", text
    ):
        if not any(s <= m.start(1) < e for s, e, _ in matches):
            year = int(m.group(1))
            matches.append((m.start(1), m.end(1), (datetime.date(year, 1, 1), datetime.date(year, 12, 31), True)))
    for m in re.finditer(r"\b((?:19|20)\d{2})\s+(?:flight|charter|removal|deportation|one|mission)\b", text, re.I):
        year = int(m.group(1))
        matches.append((m.start(1), m.end(1), (datetime.date(year, 1, 1), datetime.date(year, 12, 31), True)))
    for start, end, value in sorted(matches):
        if not _free(taken, start, end):
            continue
        taken.append((start, end))
        role = _date_role(text, start, end)
        found.append(
            Statement(StatementKind.DATE, "departed", value, text[start:end], (start, end), (start, end), role=role)
        )
    return found


def ages(text: str, taken: list[tuple[int, int]]) -> list[Statement]:
    found = []
    for m in _AGE_RANGE.finditer(text):
        a_group = next(g for g in ("a", "a2", "a3", "a4", "a5") if m.group(g))
        b_group = a_group.replace("a", "b")
        if int(m.group(a_group)) >= int(m.group(b_group)) or int(m.group(b_group)) > 115:
            continue
        for group, field in ((a_group, "age_min"), (b_group, "age_max")):
            start, end = m.span(group)
            if _free(taken, start, end):
                value = int(m.group(group))
                found.append(Statement(StatementKind.AGE, field, value, m.group(0), m.span(), (start, end),
                                       range=value_range(value)))  # fmt: skip
                taken.append((start, end))
    for m in _AGE_EXTREME.finditer(text):
        which = (m.group("which") or m.group("which2") or "").lower()
        group = "n" if m.group("n") else "n2"
        start, end = m.span(group)
        if not _free(taken, start, end):
            continue
        mid = m.group("mid") or ""
        if re.search(r"\b(?:flight|charter|since|in)\b", mid, re.I) and not re.search(
            r"\b(?:was|were|is|at|aged?)\b", mid
        ):
            continue
        if re.search(r"\b(?:her|his|their|my|our)\b|\b(?:children|kids|sons|daughters|grandchildren)\b", mid, re.I):
            continue  # "the youngest of her three children": not the people aboard
        field = "age_min" if "young" in which else "age_max"
        value = number_value(m.group(group))
        if value is None:
            continue
        qualifier, _ = qualifier_before(text, start)
        found.append(Statement(StatementKind.AGE, field, value, m.group(0), m.span(), (start, end),
                               range=value_range(value, qualifier)))  # fmt: skip
        taken.append((start, end))
    for m in _PASSENGER_AGE.finditer(text):
        start, end = m.span("n")
        value = int(m.group("n"))
        if not _free(taken, start, end) or not 0 < value < 130:
            continue
        # Two claims on one figure: the oldest was at least this old, and the youngest no older.
        for field, rng in (("age_max", Range(value, 200, ">=")), ("age_min", Range(float("-inf"), value, "<="))):
            found.append(Statement(StatementKind.AGE, field, value, m.group(0), m.span(), (start, end), range=rng))
        taken.append((start, end))
    for m in _AGE_BOUND_FIRST.finditer(text):
        for d, n in (("d1", "n1"), ("d2", "n2")):
            if not m.group(n):
                continue
            value = number_value(m.group(n))
            start, end = m.span(n)
            if value is None or not 0 < value < 130 or not _free(taken, start, end):
                continue
            # Nobody above N: the oldest was at most N; nobody below N: the youngest was at least N.
            if m.group(d).lower().split()[0] in {"older", "over", "above"}:
                field, rng = "age_max", Range(float("-inf"), value, "<=")
            else:
                field, rng = "age_min", Range(value, 200, ">=")
            found.append(Statement(StatementKind.AGE, field, value, m.group(0), m.span(), (start, end), range=rng))
            taken.append((start, end))
    for m in _AGE_BOUND.finditer(text):
        group = "n" if m.group("n") else "n2"
        start, end = m.span(group)
        if not _free(taken, start, end):
            continue
        value = int(m.group(group))
        words = m.group(0).lower()
        if m.group("dir"):
            older = m.group("dir").lower() == "older"
            field, rng = (
                ("age_max", Range(float("-inf"), value, "<=")) if older else ("age_min", Range(value, 200, ">="))
            )
        elif "under" in words or "younger" in words:
            field, rng = "age_max", Range(float("-inf"), value - 1e-9, "<")
        else:
            field, rng = "age_min", Range(value, 200, ">=")
        found.append(Statement(StatementKind.AGE, field, value, m.group(0), m.span(), (start, end), range=rng))
        taken.append((start, end))
    return found


def country_after(text: str, pos: int) -> str:
    m = re.match(r"[^.;,]{0,40}?\bto\s+((?:the\s+)?[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3})", text[pos:])
    return country_code(m.group(1)) if m else ""


@functools.lru_cache(maxsize=512)
def country_code(name: str) -> str:
    cleaned = re.sub(r"^(?i:the)\s+", "", name.strip().rstrip(".,"))
    words = cleaned.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,")
        code = COUNTRY_ALIASES.get(candidate.lower()) or countries.by_name(candidate)
        if code:
            return str(code)
    return ""


_NATIONALITY = re.compile(
    r"\b(?P<word>[A-Z][a-z]+)\s+(?:nationals?|citizens?|migrants?|deportees?|people|men|women|detainees|immigrants|"
    r"returnees|aliens|prisoners)\b|\ba\s+national\s+of\s+(?P<country>(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})"
)
_QUANTIFIER = re.compile(
    r"\b(?P<q>not\s+all|not\s+every(?:one)?|none|no\s+one|nobody|not\s+one|all|every(?:one|body)?|each|only|"
    r"some|several|many|most|few|half|a\s+handful)\b",
    re.IGNORECASE,
)


def attributes(text: str, taken: list[tuple[int, int]], read: list[Statement]) -> list[Statement]:
    """Nationality ("122 Chinese nationals"), destination ("to China"), final orders ("all had final orders")."""
    found = []
    seen: set[int] = set()
    for m in _NATIONALITY.finditer(text):
        if m.group("word"):
            code = DEMONYMS.get(m.group("word").lower())
            span = m.span("word")
        else:
            code = country_code(m.group("country"))
            span = m.span("country")
            while span[1] > span[0] and text[span[1] - 1] in ".,":
                span = (span[0], span[1] - 1)
        if not code or span[0] in seen:
            continue
        seen.add(span[0])
        found.append(Statement(StatementKind.ATTRIBUTE, "nationality", code, text[span[0] : span[1]], span, span))
    for m in _DESTINATION.finditer(text):
        code = country_code(m.group("country"))
        if not code or code == "US":
            continue
        start, end = m.span("country")
        while end > start and text[end - 1] in ".,'\u2019":
            end -= 1
        if re.match(r"\s+(?:since|in\s+(?:19|20)\d\d|this\s+year|last\s+year)", text[end:]) and re.search(
            r"\bflights\b|\bcharters\b", text[:start]
        ):
            continue  # "flights to China since 2024": a series, not this flight's destination
        found.append(
            Statement(StatementKind.ATTRIBUTE, "destination_country", code, text[start:end], (start, end), (start, end))
        )
    for m in _FINAL_ORDERS.finditer(text):
        clause_start = max(text.rfind(";", 0, m.start()), text.rfind(". ", 0, m.start()), 0)
        before = text[clause_start : m.start()]
        quantifiers = list(_QUANTIFIER.finditer(before))
        negated_noun = re.search(r"\bno\s+$", before, re.I)
        if negated_noun:
            value = False
            q_span = (clause_start + negated_noun.start(), clause_start + negated_noun.start() + 2)
            if quantifiers:
                q = quantifiers[-1]
                q_span = (clause_start + q.start(), clause_start + q.end())
        elif quantifiers:
            q = quantifiers[-1]
            word = re.sub(r"\s+", " ", q.group("q").lower())
            q_span = (clause_start + q.start(), clause_start + q.end())
            if word in {"none", "no one", "nobody", "not one"}:
                value = False
            elif word in {"some", "several", "many", "most", "few", "half", "a handful"}:
                value = False
            elif word.startswith("not "):
                value = True  # "not all had final orders": the denial is read from the text's stance
            else:
                value = True
        elif re.search(r"\b(?:with|had|have|held|subject\s+to|carrying)\s+(?:an?\s+)?$", before, re.I):
            value = True
            q_span = m.span()
        else:
            continue
        found.append(
            Statement(
                StatementKind.ATTRIBUTE,
                "all_final_orders",
                value,
                text[q_span[0] : m.end()],
                (q_span[0], m.end()),
                q_span,
            )
        )
    return found


def superlatives(text: str) -> list[Statement]:
    if not re.search(r"\b(?:flights?|charters?|planes?|deportations?|removals?|airlift)\b", text, re.IGNORECASE):
        return []
    found = []
    for m in re.finditer(r"\b(largest|biggest)\b(?:[^.;]{0,60}?\bsince\s+(\d{4})\b)?", text, re.IGNORECASE):
        since = int(m.group(2)) if m.group(2) else None
        found.append(Statement(StatementKind.SUPERLATIVE, "passengers_total", since, m.group(0), m.span(), m.span(1)))
    return found
