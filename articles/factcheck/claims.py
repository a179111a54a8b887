"""Readers for statements other than head counts: first-since, dates, ages, ordinals, flight counts, other fields."""

from __future__ import annotations

import calendar
import datetime
import re

from django_countries import countries

from articles.factcheck.dates import DATE_PATTERN, RELATIVE_PATTERN, parse_date, parse_relative
from articles.factcheck.lexicon import COUNTRY_ALIASES, DEMONYMS, ORDINALS, REFERENCE_PREPOSITIONS
from articles.factcheck.numbers import NUMBER, number_value, qualifier_before, value_range
from articles.factcheck.statements import Range, Statement, StatementKind

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})\b"
_FLIGHT = r"(?:flights?|charters?|planes?|missions?|airlifts?|removals?|deportations?|operations?|ones?|trips?|jets?)"
_FIRST_SINCE = re.compile(
    rf"\bfirst\b(?P<mid>(?:(?!\bfirst\b|\bsince\b)[^;]){{0,100}}?)\bsince\s+(?:(?:the\s+)?one\s+in\s+|the\s+)?"
    rf"(?:(?:early|late|mid-?)\s*)?(?:(?P<month>{_MONTH})(?:\s+of)?\s*)?(?:{_YEAR}|(?<=[a-z.]\s)|(?<=[a-z.]))",
    re.IGNORECASE,
)
_FIRST_IN_YEARS = re.compile(
    r"\bfirst\b(?P<mid>(?:(?!\bfirst\b)[^;]){0,100}?)\bin\s+(?:(?P<q>more\s+than|over|nearly|almost|about|at\s+least|"
    r"some|roughly|around)\s+)?(?P<n>\d+|[a-z]+(?:[\s-][a-z]+)?|a)\s+(?P<unit>years?|decades?)\b",
    re.IGNORECASE,
)
_LAST_WAS_IN = [
    re.compile(
        rf"\b(?:the\s+)?(?:last|previous|most\s+recent|prior)\b(?P<mid>[^;]{{0,110}}?)\b(?:was|were|had\s+been|came|"
        rf"took\s+place|happened|occurred|flew|left|departed|took\s+off|operated|ran|dates\s+to|dated\s+to|"
        rf"dates\s+back\s+to|\?)\s+(?:back\s+)?(?:in\s+)?(?:(?:early|late|mid-?)\s*)?(?:{_MONTH}\s+)?{_YEAR}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:the\s+)?(?:last|previous)\s+(?:such\s+)?(?P<mid>(?:\w+\s+){{0,3}}?){_FLIGHT}\s*,?\s+in\s+{_YEAR}"
        rf"(?=\s*[,\u2014\u2013)])",
        re.IGNORECASE,
    ),
    re.compile(rf"(?<![\w-]){_YEAR}\s+(?:was|marked)\s+the\s+last\s+time\b(?P<mid>)", re.IGNORECASE),
]
_NOT_SINCE = re.compile(
    rf"\b(?:no|not|never|nor|none)\b|n[\u2019']t\b",
    re.IGNORECASE,
)
_NOT_SINCE_TAIL = re.compile(
    rf"(?P<mid>(?:(?!\bfirst\b)[^;]){{0,90}}?)\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:{_MONTH}\s+)?{_YEAR}",
    re.IGNORECASE,
)
_STALLED_SINCE = re.compile(
    rf"\bsince\s+{_YEAR}[^;]{{0,120}}?\b(?:stalled|halted|stopped|paused|ceased|dried\s+up|were\s+suspended|froze|"
    rf"had\s+not\s+resumed|came\s+to\s+a\s+halt)\b[^;]{{0,60}}?\buntil\b",
    re.IGNORECASE,
)
_FIRST_OF_KIND = re.compile(r"\bfirst\s+(?:(?:such|ever|known)\s+)?(?:[\w-]+\s+){0,3}?of\s+its\s+kind\b", re.I)
_ORDINAL_WORDS = "|".join(ORDINALS)
_ORDINAL_FLIGHT = re.compile(
    rf"\b(?P<ord>{_ORDINAL_WORDS}|\d{{1,2}}(?:st|nd|rd|th))\s+(?:(?:(?:such|large|large-frame|charter|removal|"
    rf"deportation|high-risk|special|known|publicly|announced|(?!(?:to|the|a|an|of|in|on|at|for|from|with|by|and|or|"
    rf"was|were|is|are|time|report|reported|say|said)\b)[\w-]+)\s+){{0,3}}?(?P<noun>{_FLIGHT})\b"
    rf"|(?=(?:such\b|of\s+its\s+kind|of\s+(?:the|these|those|this)\s+(?:series|run|flights|charters|kind)|in\s+the\s+"
    rf"(?:series|run)|in\s+(?:less|fewer|under|just)\b|in\s+a\s+row|since\b|this\s+year|to\s+(?-i:[A-Z])|that\s+we\s+know)))",
    re.IGNORECASE,
)
_NUMBER_CLAIM = re.compile(
    r"\b(?:was|is|became|becomes|marks?|marked|made\s+it)\s+(?:flight\s+|charter\s+)?(?:number|No\.)\s+"
    r"(?P<ord>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    re.IGNORECASE,
)
_FLIGHT_COUNT = re.compile(
    rf"(?P<num>(?<![\d,])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d,])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    rf"eleven|twelve|a\s+dozen|dozens)\b)\s+"
    rf"(?:(?:more|other|such|additional|large|large-frame|charter|removal|deportation|similar|separate|"
    rf"high-risk|prior|previous|earlier|preceding|further|special|known|chartered|government|federal|ICE|DHS|"
    rf"[A-Za-z]+-[\w-]+)\s+){{0,4}}?(?P<noun>flights|charters|planes|missions|airlifts|operations|removal\s+flights|others)\b",
    re.IGNORECASE,
)
_CLAIM_BEFORE = re.compile(
    r"\b(?:is|was|are|were|be|been|being|marks?|marked|marking|became|becomes|as|it[\u2019']s|makes?|made|"
    r"represents?|represented|counts?\s+as|rank(?:s|ed)?\s+as)\s+(?:(?:it|this|that)\s+)?(?:(?:at\s+least|only|just|"
    r"also|now|reportedly|officially|effectively|actually|already|at\s+most|no\s+more\s+than)\s+)?(?:the\s+|a\s+|its\s+)?$",
    re.IGNORECASE,
)
_WINDOW = re.compile(
    rf"\b(?:(?P<since>since|after|from)\s+(?:(?:early|late|mid-?)\s*)?(?P<sm>{_MONTH})?\s*(?P<sy>(?:19|20)\d{{2}})"
    rf"|between\s+(?:(?:early|late|mid-?)\s*)?(?P<bm1>{_MONTH}|last\s+{_MONTH}|last\s+summer)?\s*(?P<by1>(?:19|20)\d{{2}})?"
    rf"\s+and\s+(?:(?:early|late|mid-?)\s*)?(?P<bm2>{_MONTH})?\s*(?P<by2>(?:19|20)\d{{2}})?"
    rf"|since\s+(?P<last>last\s+(?:summer|spring|fall|autumn|winter|year|{_MONTH}))"
    rf"|(?P<this>this|so\s+far\s+this)\s+(?:calendar\s+|fiscal\s+)?year|in\s+(?P<iy>(?:19|20)\d{{2}})"
    rf"|in\s+(?:(?:less|fewer)\s+than\s+|under\s+|the\s+(?:past|last)\s+|about\s+|just\s+)?(?P<n>\d+|[a-z]+)\s+(?P<unit>months|years)"
    rf"|(?:over|in|during)\s+the\s+(?:past|last)\s+(?P<py>year|month))",
    re.IGNORECASE,
)
_ONE_OF = re.compile(
    r"\bone\s+of\s+(?:the\s+)?(?P<num>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"(?P<noun>)(?!\s+(?:people|men|women|passengers|deportees|detainees|nationals|of)\b)",
    re.IGNORECASE,
)
_AGE_RANGE = re.compile(
    r"\b(?:aged|ages|ages\s+of|age\s+range\s+of|ranging\s+in\s+age\s+from|ranged\s+in\s+age\s+from|ranging\s+from|"
    r"ranged\s+from|between\s+the\s+ages\s+of|from\s+ages?|from\s+the\s+ages\s+of|ages\s+ranged\s+from|"
    r"ages\s+ranging\s+from|whose\s+ages\s+ranged\s+from|in\s+age\s+from)\s+(?P<a>\d{1,3})\s*"
    r"(?:to|through|and|-|\u2013|(?:all\s+the\s+way\s+)?(?:up\s+)?to)\s*(?P<b>\d{1,3})\b"
    r"|\b(?:between\s+)?(?P<a2>\d{1,3})\s*(?:to|-|\u2013|through|and)\s*(?P<b2>\d{1,3})[\s-]*years?[\s-]*(?:old|of\s+age)\b"
    r"|\b(?P<a3>\d{1,3})\s*(?:to|-|\u2013)\s*(?P<b3>\d{1,3})[\s-]*year[\s-]*olds\b"
    r"|\b(?:were|was|are|adults|aged)\s+(?:between\s+)?(?P<a4>\d{1,2})\s*(?:to|-|\u2013|and)\s*(?P<b4>\d{2,3})\b"
    r"(?!\s*(?:%|percent|people|men|women|passengers|deportees|detainees|nationals|flights|charters|of\b))",
    re.IGNORECASE,
)
_AGE_EXTREME = re.compile(
    r"\b(?P<which>youngest|oldest|as\s+young\s+as|as\s+old\s+as)\b(?P<mid>[^.;\d]{0,45}?)"
    r"(?P<n>\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))\b"
    r"|\b(?P<n2>\d{1,3})[\s-]*(?:years?[\s-]*old|year[\s-]*olds?)?,?\s+(?:was|were|is)\s+the\s+(?P<which2>youngest|oldest)\b",
    re.IGNORECASE,
)
_AGE_BOUND = re.compile(
    r"\b(?:no|none|not\s+one|no\s+one|nobody)\b[^.;]{0,50}?\b(?:was|were|is)\s+(?P<dir>older|younger)\s+than\s+(?P<n>\d{1,3})\b"
    r"|\b(?:all|everyone|each|every\s+one)\b[^.;]{0,50}?\b(?:was|were)\s+(?:at\s+least|over|under|older\s+than|"
    r"younger\s+than)\s+(?P<n2>\d{1,3})\b",
    re.IGNORECASE,
)
_FINAL_ORDERS = re.compile(
    r"\bfinal\s+(?:removal\s+|deportation\s+)?orders?(?:\s+of\s+(?:removal|deportation))?\b", re.IGNORECASE
)
_DESTINATION = re.compile(
    r"\b(?:flights?|charters?|planes?|deport\w*|remov\w*|flew|flown|fly|flies|sent|sends?|returned|returns?|"
    r"repatriat\w*|expel\w*|bound|destined|headed|home)\b[^.;]{0,40}?\b(?:to|for)\s+(?P<country>(?:the\s+)?"
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


def first_since(text: str, published_on: datetime.date | None, taken: list[tuple[int, int]]) -> list[Statement]:
    """ "first … since 2018", "first … in seven years", "the last … was in 2018", "no such flight since 2018"."""
    found: list[Statement] = []

    def add(start: int, end: int, fig: tuple[int, int], year: int | None, rng: Range | None = None,
            ignore: tuple[int, int] | None = None) -> None:  # fmt: skip
        if not _free(taken, fig[0], fig[1]):
            return
        taken.append(fig)
        found.append(
            Statement(
                StatementKind.FIRST_SINCE,
                "first_since_year",
                year,
                text[start:end],
                (start, end),
                fig,
                range=rng,
                ignore_span=ignore,
            )
        )

    for m in _FIRST_SINCE.finditer(text):
        if text[max(0, m.start() - 3) : m.start()].strip().lower() == "at":
            continue  # "at first"
        if m.group("year"):
            add(m.start(), m.end(), m.span("year"), int(m.group("year")))
        elif m.group("month") and published_on is not None:
            # "the first since January": no removal to the country after that month (the latest before publication).
            from articles.factcheck.dates import _month_number

            number = _month_number(m.group("month"))
            year = published_on.year if number < published_on.month else published_on.year - 1
            after = datetime.date(year + (number == 12), number % 12 + 1, 1)
            before = len(found)
            add(m.start(), m.end(), m.span("month"), None)
            if len(found) > before:
                found[-1].window = (after, None)
    for m in _FIRST_IN_YEARS.finditer(text):
        n = 1 if m.group("n").lower() == "a" else number_value(m.group("n"))
        if n is None or n > 100:
            continue
        if m.group("unit").lower().startswith("decade"):
            n *= 10
        reference = published_on.year if published_on else None
        year = reference - n if reference else None
        add(m.start(), m.end(), m.span("n"), year, Range(year - 1, year + 1, "~") if year else None)
    for pattern in _LAST_WAS_IN:
        for m in pattern.finditer(text):
            mid = m.group("mid") or ""
            if re.search(r"\b\d{1,2}\b", mid) and not re.search(r"\b(?:19|20)\d{2}\b", mid):
                continue  # "the last flight left on Jan. 6 …": a date, read by the date reader
            add(m.start(), m.end(), m.span("year"), int(m.group("year")))
    for m in _NOT_SINCE.finditer(text):
        tail = _NOT_SINCE_TAIL.match(text, m.end())
        if not tail:
            continue
        mid = tail.group("mid")
        if not re.search(
            r"\b(?:flights?|charters?|planes?|happened|occurred|flown|flew|conducted|carried\s+out|seen|such|"
            r"removals?|deportations?|taken\s+place|operated|been)\b",
            mid,
            re.IGNORECASE,
        ):
            continue
        add(m.start(), tail.end(), tail.span("year"), int(tail.group("year")), ignore=(m.start(), tail.end()))
    for m in re.finditer(rf"\bnot\s+since\s+(?:{_MONTH}\s+)?{_YEAR}\s+(?:had|has|have|did|was|were|could)\b", text, re.I):
        add(m.start(), m.end(), m.span("year"), int(m.group("year")), ignore=m.span())
    for m in _STALLED_SINCE.finditer(text):
        add(m.start(), m.end(), m.span("year"), int(m.group("year")), ignore=m.span())
    for m in _FIRST_OF_KIND.finditer(text):
        if _free(taken, m.start(), m.end()) and _free([s.span for s in found], m.start(), m.end()):
            add(m.start(), m.end(), m.span(), None)
    return found


def _date_role(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 40) : start]
    for prep in REFERENCE_PREPOSITIONS:
        if re.search(rf"\b{re.escape(prep)}\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:(?:early|late|mid-?)\s*)?$", before, re.I):
            if prep in {"from", "by", "between", "through"} and not re.search(r"\b(?:19|20)\d{2}\b", text[start:end]):
                continue
            return "reference"
    if _SAID_DATE.search(before) or _SAID_AFTER.match(text[end:]):
        return "said"
    if re.match(rf"(?:[\u2019']s)?\s+(?:[\w-]+\s+){{0,3}}?{_FLIGHT}\b", text[end:], re.IGNORECASE):
        return "attributive"
    if _DEPARTURE_WORDS.search(text) or re.search(r"\b(?:flight|charter|plane|removal)\b", text, re.IGNORECASE):
        return "departure"
    return "date"


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
    for m in re.finditer(r"\b(?:in|of|during)\s+(?:early\s+|late\s+|mid-)?((?:19|20)\d{2})\b(?!\s*(?:flights|charters))", text):
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
        found.append(Statement(StatementKind.DATE, "departed", value, text[start:end], (start, end), (start, end), role=role))
    return found


def ages(text: str, taken: list[tuple[int, int]]) -> list[Statement]:
    found = []
    for m in _AGE_RANGE.finditer(text):
        a_group = next(g for g in ("a", "a2", "a3", "a4") if m.group(g))
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
        if re.search(r"\b(?:flight|charter|since|in)\b", mid, re.I) and not re.search(r"\b(?:was|were|is|at|aged?)\b", mid):
            continue
        field = "age_min" if "young" in which else "age_max"
        value = number_value(m.group(group))
        if value is None:
            continue
        qualifier, _ = qualifier_before(text, start)
        found.append(Statement(StatementKind.AGE, field, value, m.group(0), m.span(), (start, end),
                               range=value_range(value, qualifier)))  # fmt: skip
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
            field, rng = ("age_max", Range(float("-inf"), value, "<=")) if older else ("age_min", Range(value, 200, ">="))
        elif "under" in words or "younger" in words:
            field, rng = "age_max", Range(float("-inf"), value - 1e-9, "<")
        else:
            field, rng = "age_min", Range(value, 200, ">=")
        found.append(Statement(StatementKind.AGE, field, value, m.group(0), m.span(), (start, end), range=rng))
        taken.append((start, end))
    return found


def _window(
    text: str, start: int, end: int, published_on: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None] | None:
    """The time a sequence or count is over: "since June 2024", "between June 2024 and January", "this year"."""
    from articles.factcheck.dates import _month_number

    clause_start = max(text.rfind(";", 0, start), 0)
    clause_end = text.find(";", end)
    clause_end = len(text) if clause_end < 0 else clause_end
    candidates = [m for m in _WINDOW.finditer(text, end, min(clause_end, end + 90))]
    candidates += [m for m in _WINDOW.finditer(text, clause_start, start)]
    for m in candidates:
        if m.group("sy"):
            year = int(m.group("sy"))
            month = _month_number(m.group("sm")) if m.group("sm") else 1
            return datetime.date(year, month, 1), None
        if m.group("by2") or m.group("bm2"):
            first = _month_year(m.group("bm1"), m.group("by1"), published_on, start_of=True)
            last = _month_year(m.group("bm2"), m.group("by2"), published_on, start_of=False, after=first)
            if first or last:
                return first, last
        if m.group("last") and published_on:
            earliest, _latest = _relative_range(m.group("last"), published_on)
            return earliest, None
        if m.group("this") and published_on:
            return datetime.date(published_on.year, 1, 1), None
        if m.group("iy"):
            year = int(m.group("iy"))
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if (m.group("n") or m.group("py")) and published_on:
            n = 1 if m.group("py") else number_value(m.group("n")) or 0
            unit = (m.group("unit") or m.group("py") or "").lower()
            days = n * (365 if unit.startswith("year") else 31)
            return published_on - datetime.timedelta(days=days), None
    return None


def _span_days(text: str, end: int) -> int | None:
    """ "in less than seven months", "in six months": a window that ends at the flight itself."""
    m = re.match(
        r"[^.;]{0,60}?\bin\s+(?:(?:less|fewer)\s+than\s+|under\s+|just\s+|about\s+|the\s+space\s+of\s+)?"
        r"(?P<n>\d+|[a-z]+)\s+(?P<unit>months|years|weeks)\b",
        text[end:],
        re.IGNORECASE,
    )
    if not m:
        return None
    n = number_value(m.group("n"))
    if not n:
        return None
    return n * {"months": 31, "years": 366, "weeks": 7}[m.group("unit").lower()]


def _relative_range(words: str, published_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    match = RELATIVE_PATTERN.search(words)
    if match is None:
        return published_on, published_on
    return parse_relative(match, published_on)


def _month_year(
    month: str | None,
    year: str | None,
    published_on: datetime.date | None,
    *,
    start_of: bool,
    after: datetime.date | None = None,
) -> datetime.date | None:
    from articles.factcheck.dates import _month_number

    if month and month.lower().startswith("last") and published_on:
        earliest, latest = _relative_range(month, published_on)
        return earliest if start_of else latest
    if not month and not year:
        return None
    number = _month_number(month) if month else (1 if start_of else 12)
    if year:
        y = int(year)
    elif after is not None:
        y = after.year if number >= after.month else after.year + 1
    elif published_on is not None:
        y = published_on.year if number <= published_on.month else published_on.year - 1
    else:
        return None
    if start_of:
        return datetime.date(y, number, 1)
    return datetime.date(y, number, calendar.monthrange(y, number)[1])


def country_after(text: str, pos: int) -> str:
    m = re.match(r"[^.;,]{0,40}?\bto\s+((?:the\s+)?[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3})", text[pos:])
    return country_code(m.group(1)) if m else ""


def country_code(name: str) -> str:
    cleaned = re.sub(r"^(?i:the)\s+", "", name.strip().rstrip(".,"))
    words = cleaned.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(".,")
        code = COUNTRY_ALIASES.get(candidate.lower()) or countries.by_name(candidate)
        if code:
            return str(code)
    return ""


def _ordinal_qualifier(text: str, start: int) -> str:
    m = re.search(r"\b(at\s+least|no\s+fewer\s+than|at\s+most|no\s+more\s+than)\s+(?:the\s+)?$", text[:start], re.I)
    return re.sub(r"\s+", " ", m.group(1).lower()) if m else ""


def ordinals_and_flight_counts(
    text: str, published_on: datetime.date | None, taken: list[tuple[int, int]]
) -> list[Statement]:
    found = []
    for m in list(_ORDINAL_FLIGHT.finditer(text)) + list(_NUMBER_CLAIM.finditer(text)):
        start, end = m.span("ord")
        if not _free(taken, start, end):
            continue
        word = m.group("ord").lower()
        value = ORDINALS.get(word) or number_value(word) or int(re.match(r"\d+", word).group(0))
        before = text[max(0, start - 60) : start]
        # "It was the sixth such flight", "The June 3 flight, the sixth since June 2024, …": said of the subject.
        # "The fourth flight left …", "a fourth flight took place", "after the fifth flight": a reference.
        claim = m.re is _NUMBER_CLAIM or bool(_CLAIM_BEFORE.search(before)) or bool(
            re.search(
                r"(?:flight|charter|plane|removal|it|\d{4}|\d)\s*[,\u2014\u2013(]\s*(?:the\s+|[\w.]+[\u2019']s\s+)?$", before, re.I
            )
        )
        if re.search(r"\b(?:on|aboard|in|of|from|with|after|before|since|to|by|than|until)\s+(?:the\s+)?$", before, re.I):
            claim = False
        if value == 1 and m.re is not _NUMBER_CLAIM:
            claim = False  # "the first": read by the first-since reader, or a reference to the series' first flight
        if not claim and m.re is _ORDINAL_FLIGHT and not m.group("noun"):
            continue  # "among the first to report": no flight named, nothing to check
        match_end = m.end() if m.group(0).strip() else end
        window = _window(text, start, match_end, published_on)
        days = _span_days(text, match_end)
        if days:
            window = None
        found.append(
            Statement(
                StatementKind.ORDINAL,
                "flight_ordinal",
                value,
                text[start:match_end],
                (start, match_end),
                (start, end),
                range=value_range(value, _ordinal_qualifier(text, start)),
                role="claim" if claim else "reference",
                window=window,
                country=country_after(text, match_end),
                span_days=days,
            )
        )
        taken.append((start, end))
    for m in list(_FLIGHT_COUNT.finditer(text)) + list(_ONE_OF.finditer(text)):
        start, end = m.span("num")
        if not _free(taken, start, end):
            continue
        raw = m.group("num").lower()
        value = 12 if raw == "a dozen" else (None if raw == "dozens" else number_value(raw))
        if value is None:
            continue
        phrase = m.group(0).lower()
        if m.re is _ONE_OF and not re.search(r"\b(?:flights?|charters?|planes?|removals?|missions?)\b", text, re.I):
            continue
        window = _window(text, start, m.end(), published_on)
        days = _span_days(text, m.end())
        if days:
            window = (None, None)
        existential = re.search(
            r"\b(?:has|have|had)\s+(?:now\s+)?(?:conducted|run|operated|flown|carried\s+out|made|sent|staged|"
            r"completed|organized|chartered)\s+(?:at\s+least\s+|some\s+|about\s+|more\s+than\s+)?$|\bone\s+of\s+(?:the\s+)?$"
            r"|\b(?:there\s+(?:have|had)\s+been|total\s+of|tally\s+of)\s+(?:at\s+least\s+)?$"
            r"|\b(?:altogether|in\s+all|all\s+told)\s*,?\s*$",
            text[max(0, start - 60) : start],
            re.I,
        ) or m.re is _ONE_OF or re.search(r"\b(?:followed|after)\b", text[max(0, start - 30) : start], re.I)
        if window is None and not existential:
            continue
        if m.group("noun").lower() == "others" and window is None:
            continue
        if re.search(r"\b(?:the|these|those|both|its)\s+$", text[max(0, start - 8) : start], re.I):
            continue  # "on the two flights": flights already named, not a count of them
        role = ""
        if re.search(r"\b(?:more|additional|other|others|further)\b", phrase):
            role = "more"  # "five more charters since June 2024": the first of them is not counted
        if re.search(r"\b(?:prior|previous|earlier|preceding)\b", phrase) or re.search(
            r"\b(?:followed|after)\s+$", text[max(0, start - 20) : start], re.I
        ):
            role = "prior"  # "followed five prior flights": those before this one
        if re.search(r"\b(?:worldwide|globally|nationwide|around\s+the\s+world|to\s+all\s+countries)\b", text, re.I):
            role = "worldwide"
        found.append(
            Statement(
                StatementKind.FLIGHT_COUNT,
                "flight_count",
                value,
                text[start : m.end()],
                (start, m.end()),
                (start, end),
                range=value_range(value, qualifier_before(text, start)[0]),
                window=window,
                role=role,
                country=country_after(text, m.end()),
                span_days=days,
            )
        )
        taken.append((start, end))
    return found


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
        found.append(Statement(StatementKind.ATTRIBUTE, "destination_country", code, text[start:end], (start, end), (start, end)))
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
            Statement(StatementKind.ATTRIBUTE, "all_final_orders", value, text[q_span[0] : m.end()], (q_span[0], m.end()),
                      q_span)  # fmt: skip
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


# NUMBER is re-exported for readers that need raw number spans.
__all__ = ["NUMBER", "ages", "attributes", "dates", "first_since", "ordinals_and_flight_counts", "superlatives"]
