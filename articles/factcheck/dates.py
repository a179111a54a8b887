"""Dates as reporters write them ("June 3", "3 June 2025", "Jan. 6") and relative ones ("last week")."""

from __future__ import annotations

import calendar
import datetime
import re

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Capitalised only: "may" the verb is not May the month.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
DATE_PATTERN = re.compile(
    rf"\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b"
    rf"|\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:[\u2013-](?P<d1b>\d{{1,2}}))?(?:,?\s+(?P<y1>\d{{4}}))?(?!\d)"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?(?!\d)"
    rf"|\b(?i:in\s+|early\s+|late\s+|mid-)(?P<m3>{_MONTH})(?:,?\s+(?P<y3>\d{{4}}))?\b"
    rf"|\b(?P<m4>{_MONTH})\s+(?P<y4>\d{{4}})\b"
    # "the November flight" names a month as surely as "in November" does.
    rf"|\b(?i:the|that|this|last|its)\s+(?P<m5>{_MONTH})(?=(?:[\u2019']s)?\s+(?:flight|charter|removal|deportation)s?\b)"
    # "January's flight", "since November's charter": a month in the possessive names the flight it owns.
    rf"|\b(?P<m6>{_MONTH})(?=[\u2019']s\s+(?:flight|charter|removal|deportation)s?\b)"
)
_AGO_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "a few": 3,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RELATIVE_PATTERN = re.compile(
    # "over the weekend" is relative; "the weekend flight" and "the weekend of June 29" are not.
    r"\b(?P<rel>yesterday|last\s+week|this\s+week|earlier\s+this\s+week|(?:over|during|on)\s+the\s+weekend(?!\s+of\b)"
    r"|this\s+weekend(?!\s+of\b)|last\s+weekend|last\s+month|earlier\s+this\s+month"
    r"|last\s+year|a\s+year\s+ago|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|a\s+few|\d{1,2})\s+(?:weeks?|days?)\s+ago(?:\s+today)?|(?:last|this\s+past|this)\s+(?:summer|spring|fall|autumn|winter)"
    r"|(?:last|this\s+past)\s+(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?-i:January|February|March|April|May|June|July|August|September|October|November|December)\s+of\s+last\s+year"
    r"|this\s+month|earlier\s+this\s+year|this\s+past\s+week|the\s+past\s+week|days\s+ago"
    r"|(?:on\s+|last\s+|this\s+past\s+|earlier\s+on\s+)?(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:on\s+|last\s+)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)


def _month_number(text: str) -> int:
    return _MONTHS[text.rstrip(".").lower()]


def parse_date(match: re.Match[str]) -> tuple[datetime.date, datetime.date, bool] | None:
    """(earliest, latest, has_year) for a DATE_PATTERN match; None when it is not a real day.

    A date written without a year ("June 3") is compared by month and day only: the story may be
    published long after the flight, and guessing the year from the publish date would invent a
    contradiction. Such dates carry the leap year 2000 and has_year False.
    """
    groups = match.groupdict()
    try:
        if groups["iso"]:
            day = datetime.date.fromisoformat(groups["iso"])
            return day, day, True
        month_only = groups["m3"] or groups["m4"] or groups["m5"] or groups["m6"]
        if month_only:
            month = _month_number(month_only)
            year_text = groups["y3"] or groups["y4"]
            year = int(year_text) if year_text else _ANY_YEAR
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last), bool(year_text)
        month = _month_number(groups["m1"] or groups["m2"])
        year_text = groups["y1"] or groups["y2"]
        first = int(groups["d1"] or groups["d2"])
        last = int(groups["d1b"]) if groups["d1b"] else first
        year = int(year_text) if year_text else _ANY_YEAR
        return datetime.date(year, month, first), datetime.date(year, month, last), bool(year_text)
    except ValueError:
        return None


# A leap year, so that "Feb. 29" without a year is still a day.
_ANY_YEAR = 2000


def parse_relative(match: re.Match[str], published_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days a relative expression covers, counted back from the publish date."""
    rel = re.sub(r"\s+", " ", match.group("rel").lower())
    day = datetime.timedelta(days=1)
    monday = published_on - published_on.weekday() * day
    if rel == "yesterday":
        return published_on - day, published_on - day
    if rel == "last week":
        return monday - 7 * day, monday - day
    if rel in {"this week", "earlier this week"}:
        return monday, published_on
    if rel.endswith("weekend"):
        # The latest Saturday-Sunday begun by publication; "last weekend" said on a weekend means the one before.
        saturday = published_on - ((published_on.weekday() - 5) % 7) * day
        if rel == "last weekend" and published_on.weekday() >= 5:
            saturday -= 7 * day
        return saturday, min(saturday + day, published_on)
    if rel == "last month":
        last = published_on.replace(day=1) - day
        return last.replace(day=1), last
    if rel == "last year":
        year = published_on.year - 1
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if rel == "a year ago":
        return published_on - 400 * day, published_on - 330 * day
    season = re.fullmatch(r"(last|this past|this) (summer|spring|fall|autumn|winter)", rel)
    if season:
        first_month = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}[season.group(2)]
        year = published_on.year
        if season.group(1) != "this" and published_on < datetime.date(year, first_month, 1) + 92 * day:
            year -= 1  # "last summer" said in June 2025 is the summer of 2024
        # Seasons are loose in news copy ("this spring" for a June 3 flight): three weeks either side.
        start = datetime.date(year, first_month, 1)
        return start - 21 * day, start + 112 * day
    month = re.fullmatch(r"(?:last |this past )?([a-z]+)(?: of last year)?", rel)
    if month and month.group(1) in _MONTHS:
        number = _MONTHS[month.group(1)]
        year = (
            published_on.year - 1 if rel.endswith("of last year") or number >= published_on.month else published_on.year
        )
        return datetime.date(year, number, 1), datetime.date(year, number, calendar.monthrange(year, number)[1])
    if rel in {"earlier this month", "this month"}:
        return published_on.replace(day=1), published_on
    if rel == "earlier this year":
        return published_on.replace(month=1, day=1), published_on
    if rel in {"this past week", "the past week"}:
        return published_on - 10 * day, published_on - day
    ago = re.fullmatch(r"(.+) (weeks?|days?) ago( today)?", rel)
    if ago and (ago.group(1) in _AGO_WORDS or ago.group(1).isdigit()):
        n = _AGO_WORDS.get(ago.group(1)) or int(ago.group(1))
        weeks = ago.group(2).startswith("week")
        back = n * (7 if weeks else 1) * day
        # "N days ago" counts days exactly, so a day off is a different day; "two weeks ago" is looser, but
        # "a week ago today" names one weekday and is exact again.
        slack = (3 if weeks and not ago.group(3) else 0) * day
        if ago.group(1) in {"a few", "several"}:
            slack = (4 if weeks else 1) * day
        return published_on - back - slack, published_on - back + slack
    if rel == "days ago":
        return published_on - 9 * day, published_on - day
    weekday = _WEEKDAYS.index(rel.split()[-1])
    back = (published_on.weekday() - weekday) % 7 or 7
    target = published_on - back * day
    return target, target
