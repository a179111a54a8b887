"""Readers of sequences: "first … since 2018" (and "the last … was in 2018"), ordinals, counts of flights, windows."""

from __future__ import annotations

import calendar
import datetime
import re

from articles.factcheck.claims import _FLIGHT, _MONTH, _YEAR, _free, country_after
from articles.factcheck.dates import RELATIVE_PATTERN, parse_relative
from articles.factcheck.lexicon import ORDINALS
from articles.factcheck.numbers import number_value, qualifier_before, value_range
from articles.factcheck.statements import Range, Statement, StatementKind

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
# "after a seven-year pause", "ending a six-year hiatus": the first in that many years.
_YEARS_PAUSE = re.compile(
    r"\b(?:after|ending|ended|ends|breaking|broke|following)\s+(?:an?|a\s+nearly|a\s+roughly|an\s+almost)?\s*"
    r"(?P<n>\d+|[a-z]+)[\s-]+years?[\s-]+(?:long\s+)?(?:pause|hiatus|gap|lull|break|halt|freeze|suspension|absence)\b",
    re.IGNORECASE,
)
_LAST_WAS_IN = [
    re.compile(
        rf"\b(?:the\s+)?(?:last|previous|most\s+recent|prior)\b(?P<mid>[^;]{{0,110}}?)\b(?:was|were|had\s+been|came|"
        rf"took\s+place|happened|occurred|flew|left|departed|took\s+off|operated|ran|dates\s+to|dated\s+to|seen|used|"
        rf"conducted|flown|done|carried\s+out|staged|"
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
    r"\b(?:no|not|never|nor|none)\b|n[\u2019']t\b",
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
    rf"\b(?P<ord>{_ORDINAL_WORDS}|\d{{1,2}}(?:st|nd|rd|th))(?=\s*[.,;:)\u2014\u2013]|\s*$)|\b(?P<ord2>{_ORDINAL_WORDS}|"
    rf"\d{{1,2}}(?:st|nd|rd|th))\s+(?:(?:(?:such|large|large-frame|charter|removal|"
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
    r"(?P<num>(?<![\d,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|a\s+dozen|dozens)\b)\s+(?:of\s+(?:these|those|the|its|such)\s+)?"
    r"(?:(?:more|other|such|additional|large|large-frame|charter|removal|deportation|similar|separate|"
    r"high-risk|prior|previous|earlier|preceding|further|special|known|chartered|government|federal|ICE|DHS|"
    r"[A-Za-z]+-[\w-]+)\s+){0,4}?(?P<noun>flights|charters|planes|missions|airlifts|operations|removal\s+flights|others)\b",
    re.IGNORECASE,
)
_CLAIM_BEFORE = re.compile(
    r"\b(?:is|was|are|were|be|been|being|marks?|marked|marking|became|becomes|as|it[\u2019']s|makes?|made|"
    r"represents?|represented|counts?\s+as|rank(?:s|ed)?\s+as)\s+(?:(?:it|this|that)\s+)?(?:(?:at\s+least|only|just|"
    r"also|now|reportedly|officially|effectively|actually|already|at\s+most|no\s+more\s+than)\s+)?"
    r"(?:the\s+|a\s+|its\s+|[\w.]+[\u2019']s\s+)?$",
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
    for m in _YEARS_PAUSE.finditer(text):
        n = number_value(m.group("n"))
        if n and n < 100 and published_on is not None:
            year = published_on.year - n
            add(m.start(), m.end(), m.span("n"), year, Range(year - 1, year + 1, "~"))
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
    for m in re.finditer(
        rf"\bnot\s+since\s+(?:{_MONTH}\s+)?{_YEAR}\s+(?:had|has|have|did|was|were|could)\b", text, re.I
    ):
        add(m.start(), m.end(), m.span("year"), int(m.group("year")), ignore=m.span())
    for m in _STALLED_SINCE.finditer(text):
        add(m.start(), m.end(), m.span("year"), int(m.group("year")), ignore=m.span())
    for m in _FIRST_OF_KIND.finditer(text):
        if _free(taken, m.start(), m.end()) and _free([s.span for s in found], m.start(), m.end()):
            add(m.start(), m.end(), m.span(), None)
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
        r"(?P<n>\d+|[a-z]+)\s+(?P<unit>months?|years?|weeks?)\b",
        text[end:],
        re.IGNORECASE,
    )
    if not m:
        return None
    n = 1 if m.group("n").lower() in {"a", "one"} else number_value(m.group("n"))
    if not n:
        return None
    unit = m.group("unit").lower().rstrip("s")
    return n * {"month": 31, "year": 366, "week": 7}[unit]


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


def _ordinal_qualifier(text: str, start: int) -> str:
    m = re.search(r"\b(at\s+least|no\s+fewer\s+than|at\s+most|no\s+more\s+than)\s+(?:the\s+)?$", text[:start], re.I)
    return re.sub(r"\s+", " ", m.group(1).lower()) if m else ""


def ordinals_and_flight_counts(
    text: str, published_on: datetime.date | None, taken: list[tuple[int, int]]
) -> list[Statement]:
    found = []
    for m in list(_ORDINAL_FLIGHT.finditer(text)) + list(_NUMBER_CLAIM.finditer(text)):
        group = "ord2" if m.re is _ORDINAL_FLIGHT and m.group("ord2") else "ord"
        start, end = m.span(group)
        if not _free(taken, start, end):
            continue
        word = m.group(group).lower()
        value = ORDINALS.get(word) or number_value(word) or int(re.match(r"\d+", word).group(0))
        before = text[max(0, start - 60) : start]
        # "It was the sixth such flight", "The June 3 flight, the sixth since June 2024, …": said of the subject.
        # "The fourth flight left …", "a fourth flight took place", "after the fifth flight": a reference.
        claim = (
            m.re is _NUMBER_CLAIM
            or bool(_CLAIM_BEFORE.search(before))
            or bool(
                re.search(
                    r"(?:flight|charter|plane|removal|it|\d{4}|\d)\s*[,\u2014\u2013(]\s*(?:the\s+|[\w.]+[\u2019']s\s+)?$",
                    before,
                    re.I,
                )
            )
        )
        # "The charter was, ICE said Monday, the seventh such flight": the copula's claim runs past the aside;
        # "— not the sixth —": a denied claim; "and the fourth since June 2024": a position counted over a window
        # says where the subject stands, whatever precedes it.
        claim = claim or bool(
            re.search(r"\b(?:is|was|are|were|became|marks?|marked)\s*[,\u2014\u2013][^,\u2014\u2013]{1,60}[,\u2014\u2013]\s*"
                      r"(?:the\s+)?$|\bnot\s+(?:the\s+)?$", before, re.I)
            or (m.re is _ORDINAL_FLIGHT and not m.group("noun")
                and re.match(r"\s+(?:since\b|of\s+its\s+kind|in\s+(?:less|fewer|under)\b)", text[end:], re.I))
        )  # fmt: skip
        if re.search(
            r"\b(?:on|aboard|in|of|from|with|after|before|since|to|by|than|until)\s+(?:the\s+)?$", before, re.I
        ):
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
        existential = (
            re.search(
                r"\b(?:has|have|had)\s+(?:now\s+)?(?:conducted|run|operated|flown|carried\s+out|made|sent|staged|"
                r"completed|organized|chartered)\s+(?:at\s+least\s+|some\s+|about\s+|more\s+than\s+)?$|\bone\s+of\s+(?:the\s+)?$"
                r"|\b(?:there\s+(?:have|had)\s+been|total\s+of|tally\s+of)\s+(?:at\s+least\s+)?$"
                r"|\b(?:altogether|in\s+all|all\s+told)\s*,?\s*$",
                text[max(0, start - 60) : start],
                re.I,
            )
            or m.re is _ONE_OF
            or re.search(r"\b(?:followed|after)\b", text[max(0, start - 30) : start], re.I)
        )
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
