"""How record values read on the page: AP-style numbers and dates."""

from __future__ import annotations

import datetime
from functools import lru_cache

from django_countries import countries

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
# AP style abbreviates these months when a day follows.
_AP_MONTHS = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}


def ap_number(value: int) -> str:
    """One to nine in words, 10 and up in digits with thousands separators (AP style)."""
    if 0 <= value <= 9:
        return _WORDS[value]
    return f"{value:,}"


def ap_month(day: datetime.date) -> str:
    return _AP_MONTHS.get(day.month, day.strftime("%B"))


def format_date(day: datetime.date) -> str:
    """AP style: "June 3, 2025", "Oct. 15, 2024"."""
    return f"{ap_month(day)} {day.day}, {day.year}"


def format_date_range(earliest: datetime.date, latest: datetime.date) -> str:
    """A day, or a range read the way a reporter would write it."""
    if earliest == latest:
        return format_date(earliest)
    if earliest.year == latest.year and earliest.month == latest.month:
        return f"{ap_month(earliest)} {earliest.day}–{latest.day}, {earliest.year}"
    if earliest.year == latest.year:
        return f"{ap_month(earliest)} {earliest.day} – {ap_month(latest)} {latest.day}, {latest.year}"
    return f"{format_date(earliest)} – {format_date(latest)}"


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Code → name, built once: iterating django-countries translates and sorts 250 names each time."""
    return {code: str(name) for code, name in countries}


def country_name(code: str) -> str:
    """A country's name as CountryField's ``.name`` gives it ("" for no country), from the dict: a record
    table asks once per row, and ``.name`` costs a translation lookup each time."""
    return country_names().get(str(code), "")
