"""What a sentence states that the records can check: counts of people, dates, "first since", "largest"."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from text_to_num import text2num

from articles.factcheck.dates import DATE_PATTERN, RELATIVE_PATTERN, parse_date, parse_relative
from articles.factcheck.text import Sentence

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD = rf"(?:{_TENS}|{_UNITS}|hundred|thousand)"
# "six", "twenty-six", "one hundred sixteen", "one hundred and sixteen": text2num turns the run into a number.
NUMBER = re.compile(
    rf"(?<![\w$£€.,-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD}(?:(?:[\s-]+|\s+and\s+)(?:{_TENS}|{_UNITS}|hundred|thousand))*)"
    r"(?![\w%]|[.,]\d)",
    re.IGNORECASE,
)

# The noun a number counts, and the flight field that count is.
NOUNS: dict[str, str] = {
    **dict.fromkeys(["men", "man", "males", "male"], "passengers_male"),
    **dict.fromkeys(["women", "woman", "females", "female"], "passengers_female"),
    **dict.fromkeys(["juveniles", "juvenile", "children", "child", "minors", "minor", "kids"], "passengers_juvenile"),
    **dict.fromkeys(
        [
            "people",
            "persons",
            "person",
            "passengers",
            "passenger",
            "detainees",
            "detainee",
            "nationals",
            "national",
            "deportees",
            "deportee",
            "migrants",
            "migrant",
            "citizens",
            "citizen",
            "immigrants",
            "immigrant",
            "individuals",
            "individual",
            "noncitizens",
            "noncitizen",
            "aliens",
            "alien",
            "returnees",
            "travelers",
        ],
        "passengers_total",
    ),
}
# An adjective before a general noun narrows it: "26 female detainees" counts women.
_NARROWING = {"male": "passengers_male", "female": "passengers_female", "juvenile": "passengers_juvenile"}
# Words that end the search for the counted noun: past them, the number counts something else.
_STOP = {
    "and",
    "or",
    "of",
    "the",
    "a",
    "an",
    "were",
    "was",
    "are",
    "is",
    "on",
    "in",
    "to",
    "from",
    "with",
    "for",
    "at",
    "by",
    "who",
    "that",
    "which",
    "had",
    "have",
    "has",
    "than",
    "flights",
    "flight",
    "years",
    "year",
    "days",
    "day",
    "percent",
    "times",
    "charters",
    "planes",
    "weeks",
    "months",
    "hours",
}
_NOUN_AFTER = re.compile(
    r"((?:[\s-]+(?!(?:"
    + "|".join(sorted(_STOP))
    + r")\b)[A-Za-z][\w'\u2019]*){0,3}?)[\s-]+("
    + "|".join(sorted(NOUNS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
# "96 were men and 26 were women": the noun after the verb, for the nouns that name a group aboard.
_NOUN_AFTER_VERB = re.compile(
    r"(\s+(?:were|are)(?:\s+all)?)\s+(men|women|children|juveniles|minors|males|females)\b", re.IGNORECASE
)
# How exactly the writer meant the number: "more than 100" is true of 122.
QUALIFIERS = {
    "more than": ">",
    "over": ">",
    "at least": ">=",
    "upward of": ">=",
    "upwards of": ">=",
    "fewer than": "<",
    "less than": "<",
    "under": "<",
    "up to": "<=",
    "as many as": "<=",
    "nearly": "~<",
    "almost": "~<",
    "about": "~",
    "around": "~",
    "roughly": "~",
    "approximately": "~",
    "some": "~",
    "an estimated": "~",
    "close to": "~<",
}
_QUALIFIER_BEFORE = re.compile(r"\b(" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+$", re.IGNORECASE)

FIRST_SINCE = re.compile(r"\bfirst\b(?:[\s,]+[\w'\u2019-]+){0,8}?\s+since\s+(\d{4})\b", re.IGNORECASE)
FIRST_IN_YEARS = re.compile(
    rf"\bfirst\b(?:[\s,]+[\w'\u2019-]+){{0,8}}?\s+in\s+(\d+|{_WORD}(?:[\s-]+{_WORD})*)\s+years\b", re.IGNORECASE
)
FIRST_OF_KIND = re.compile(r"\bfirst\s+(?:(?:such|ever|known)\s+)?(?:flight\s+)?of\s+its\s+kind\b", re.IGNORECASE)
SUPERLATIVE = re.compile(r"\b(largest|biggest)\b(?:[^.;]{0,60}?\bsince\s+(\d{4})\b)?", re.IGNORECASE)
# "was not the first", "wasn't the largest", "rather than 116 men": the writer denies the statement.
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no\s+longer|rather\s+than|instead\s+of)\b(?:\s+\w+){0,2}\s*$|n[\u2019']t(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
# Another report's claim, told as such: the story is not making it.
_ATTRIBUTION = [
    re.compile(r"\b(?:described|called|dubbed|labell?ed|characteri[sz]ed|billed|hailed)\b[^.;]{0,80}?\bas\b", re.I),
    re.compile(
        r"\b(?:some|other|one|several|earlier|an?)\b(?:\s+[\w-]+){0,3}?\s+(?:reports?|outlets?|accounts?|aggregators?"
        r"|posts?|websites?)\s+(?:said|says|claimed|described|called|reported|wrote|put)\b",
        re.I,
    ),
    re.compile(r"\b(?:falsely|wrongly|incorrectly|erroneously|mistakenly)\b", re.I),
]
# Totals over time: "this fiscal year", "so far", "in 2023" (a bare year; "in June 2024" names a month).
_PERIOD = re.compile(
    r"\b(?:this|last|next|the\s+past|the\s+previous)\s+(?:fiscal\s+)?(?:year|years|month|months|decade)\b"
    r"|\bfiscal\s+(?:year\s+)?\d{4}\b|\bso\s+far\b|\bin\s+(?:total|all)\b|\baltogether\b|\bcombined\b"
    r"|\b(?:per|a|each)\s+(?:year|month)\b|\bannually\b|\bin\s+\d{4}\b|\bsince\s+(?:taking\s+office|the\s+start)\b",
    re.IGNORECASE,
)
# A count is about those aboard only when the sentence, or the one before, talks about the removal.
_REMOVAL_CONTEXT = re.compile(
    r"\b(?:flights?|charters?|planes?|aircraft|aboard|on\s?board|deport\w*|remov\w*|repatriat\w*|flown|flew"
    r"|expel\w*|sent\s+back|returned\s+to|passengers?|deportees?|returnees?)\b",
    re.IGNORECASE,
)
# A superlative is about a flight only when the sentence talks about one.
_FLIGHT_WORDS = re.compile(r"\b(flights?|charters?|planes?|deportations?|removals?|airlift)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CountMention:
    value: int
    field: str
    text: str  # as written, e.g. "116 men", "122 Chinese nationals"
    qualifier: str = ""  # "more than", "about"... or "" for an exact count
    from_record: bool = False
    stance: str = ""  # "negated" ("not 116 men"), "attributed" (another report's claim) or ""


@dataclass(frozen=True)
class DateMention:
    earliest: datetime.date
    latest: datetime.date
    text: str
    has_year: bool
    from_record: bool = False


@dataclass(frozen=True)
class FirstMention:
    """ "The first … since 2018" (year given) or "the first of its kind" (year None)."""

    year: int | None
    text: str
    from_record: bool = False
    stance: str = ""


@dataclass(frozen=True)
class SuperlativeMention:
    word: str
    since_year: int | None
    text: str
    stance: str = ""


Mention = CountMention | DateMention | FirstMention | SuperlativeMention


def number_value(text: str) -> int | None:
    """The number a run of digits or number words states; None when the words do not make one."""
    cleaned = text.replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    try:
        return int(text2num(re.sub(r"\s+", " ", text.lower()), "en"))
    except ValueError:
        return None


def find_counts(sentence: Sentence) -> list[CountMention]:
    text = sentence.text
    if not (_REMOVAL_CONTEXT.search(text) or _REMOVAL_CONTEXT.search(sentence.previous)):
        # "Twelve people were arrested at the protest" counts someone else than those aboard.
        return []
    found = []
    for match in NUMBER.finditer(text):
        value = number_value(match.group(0))
        if value is None:
            continue
        noun = _NOUN_AFTER.match(text, match.end()) or _NOUN_AFTER_VERB.match(text, match.end())
        if noun is None:
            continue
        between = [w.lower() for w in re.findall(r"[A-Za-z][\w'\u2019]*", noun.group(1))]
        field = NOUNS[noun.group(2).lower()]
        for word in between:
            field = _NARROWING.get(word, field)
        qualifier = _QUALIFIER_BEFORE.search(text[: match.start()])
        position = qualifier.start() if qualifier else match.start()
        found.append(
            CountMention(
                value=value,
                field=field,
                text=text[match.start() : noun.end()],
                qualifier=qualifier.group(1).lower() if qualifier else "",
                from_record=sentence.from_record(match.start(), match.end()),
                stance=stance(text, position, count=True),
            )
        )
    return found


def find_dates(sentence: Sentence, published_on: datetime.date | None) -> list[DateMention]:
    text = sentence.text
    found = []
    for match in DATE_PATTERN.finditer(text):
        parsed = parse_date(match)
        if parsed is None:
            continue
        earliest, latest, has_year = parsed
        found.append(
            DateMention(earliest, latest, match.group(0), has_year, sentence.from_record(match.start(), match.end()))
        )
    if published_on is not None:
        for match in RELATIVE_PATTERN.finditer(text):
            earliest, latest = parse_relative(match, published_on)
            found.append(DateMention(earliest, latest, match.group(0), True, False))
    return found


def find_firsts(sentence: Sentence, published_on: datetime.date | None = None) -> list[FirstMention]:
    text = sentence.text
    found = [
        FirstMention(int(m.group(1)), m.group(0), sentence.from_record(m.start(1), m.end(1)), stance(text, m.start()))
        for m in FIRST_SINCE.finditer(text)
    ]
    taken = [m.span() for m in FIRST_SINCE.finditer(text)]
    for m in FIRST_IN_YEARS.finditer(text):
        years = number_value(m.group(1))
        if published_on is not None and years is not None:
            # "The first in seven years", said in 2025, is "the first since 2018".
            found.append(FirstMention(published_on.year - years, m.group(0), False, stance(text, m.start())))
            taken.append(m.span())
    for m in FIRST_OF_KIND.finditer(text):
        if not any(start <= m.start() < end for start, end in taken):
            found.append(FirstMention(None, m.group(0), False, stance(text, m.start())))
    return found


def find_superlatives(sentence: Sentence) -> list[SuperlativeMention]:
    if not _FLIGHT_WORDS.search(sentence.text):
        return []
    return [
        SuperlativeMention(
            m.group(1).lower(), int(m.group(2)) if m.group(2) else None, m.group(0), stance(sentence.text, m.start())
        )
        for m in SUPERLATIVE.finditer(sentence.text)
    ]


def stance(text: str, start: int, count: bool = False) -> str:
    """Whether the writer denies the statement ("not the first"), reports another's claim, or makes it.

    A count in a sentence about a period ("this fiscal year", "in 2023") is a total over many
    flights, not one flight's: "period".
    """
    if _NEGATION_BEFORE.search(text[max(0, start - 40) : start]):
        return "negated"
    if any(pattern.search(text) for pattern in _ATTRIBUTION):
        return "attributed"
    if count and _PERIOD.search(text):
        return "period"
    return ""


def mentions(sentence: Sentence, published_on: datetime.date | None) -> list[Mention]:
    """Everything in one sentence the records can speak to, in reading order by kind."""
    return [
        *find_counts(sentence),
        *find_dates(sentence, published_on),
        *find_firsts(sentence, published_on),
        *find_superlatives(sentence),
    ]
