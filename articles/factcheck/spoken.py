"""Numbers as they are spoken (podcast and broadcast transcripts), rewritten as digits in the same number of characters.

"twenty eighteen" is a year, "June third" a day, "January twenty-first" a day: the readers of dates, years and
first-since claims expect digits. The rewrite keeps every other character where it was (the digits are right-aligned
in the words' place, the rest padded with spaces), so the spans the readers report still point at the words as
written, and a finding quotes the sentence as the writer typed it.
"""

from __future__ import annotations

import re

from articles.factcheck.lexicon import ORDINALS

_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEEN = "|".join(_TEENS)
_TEN = "|".join(_TENS)
_UNIT = "|".join(_UNITS)
# The last two digits of a spoken year: "eighteen", "twenty-four", "oh five" is rare enough to leave.
_YEAR_TAIL = rf"(?:{_TEEN}|(?:{_TEN})(?:[\s-](?:{_UNIT}))?)"
_SPOKEN_YEAR = re.compile(
    rf"\b(?P<century>twenty|nineteen)[\s-]+(?P<tail>{_YEAR_TAIL})\b"
    rf"|\btwo\s+thousand(?:\s+and)?(?:\s+(?P<small>{_TEEN}|(?:{_TEN})(?:[\s-](?:{_UNIT}))?|{_UNIT}))?\b",
    re.IGNORECASE,
)
# Not a year when what follows makes the words a count or an age: "twenty eighteen-year-olds".
_NOT_A_YEAR = re.compile(r"^[\s-]*(?:years?|year-olds?|dollars?|percent|people|men|women|of\b)", re.IGNORECASE)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_ORDINAL_WORDS = {**ORDINALS, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24,
                  "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28,
                  "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31}  # fmt: skip
_ORDINAL = "|".join(sorted((re.escape(w).replace("\\-", "[\\s-]") for w in _ORDINAL_WORDS), key=len, reverse=True))
# "June third", "January twenty-first", and "the ninth of January": a day of a month spoken as an ordinal.
_SPOKEN_DAY = re.compile(
    rf"\b{_MONTH}\s+(?P<a>{_ORDINAL})\b(?!\s+(?:flight|charter|plane|removal|deportation)s?\b)"
    rf"|\bthe\s+(?P<b>{_ORDINAL})(?=\s+of\s+{_MONTH}\b)",
)


def _year(match: re.Match[str]) -> int | None:
    if match.group("century"):
        words = re.split(r"[\s-]+", match.group("tail").lower())
        tail = _TEENS.get(words[0]) or _TENS.get(words[0], 0) + (_UNITS.get(words[1], 0) if len(words) > 1 else 0)
        return (2000 if match.group("century").lower() == "twenty" else 1900) + tail
    small = (match.group("small") or "").lower()
    words = re.split(r"[\s-]+", small) if small else []
    value = 0
    for word in words:
        value += _TEENS.get(word) or _TENS.get(word) or _UNITS.get(word, 0)
    return 2000 + value


def _in_place(text: str, start: int, end: int, digits: str) -> str:
    return text[:start] + digits.rjust(end - start) + text[end:]


# A transcript's speaker label ("HOST:", "GUEST:") is who speaks in the story's own voice, not a credit such as "ICE:".
_SPEAKER = re.compile(
    r"^\s*(?:HOST|CO-HOST|GUEST|ANCHOR|REPORTER|CORRESPONDENT|INTERVIEWER|CALLER|PRESENTER|NARRATOR|Q|A)\s*:\s",
)


def normalize(text: str) -> str:
    """The text with spoken years and spoken days of a month as digits, every other character where it was."""
    if not re.search(r"[a-z]", text, re.IGNORECASE):
        return text
    label = _SPEAKER.match(text)
    if label:
        text = " " * label.end() + text[label.end() :]
    for match in reversed(list(_SPOKEN_YEAR.finditer(text))):
        if _NOT_A_YEAR.match(text[match.end() :]):
            continue
        if match.group("century") and re.search(r"\b(?:hundred|thousand|and)\s+$", text[: match.start()], re.I):
            continue  # "a hundred and twenty two": part of a count, not a year
        year = _year(match)
        if year is not None and 1900 <= year <= 2099:
            text = _in_place(text, match.start(), match.end(), str(year))
    for match in reversed(list(_SPOKEN_DAY.finditer(text))):
        word = re.sub(r"\s+", "-", (match.group("a") or match.group("b")).lower())
        day = _ORDINAL_WORDS.get(word)
        if day is None or day > 31:
            continue
        start, end = match.span("a") if match.group("a") else match.span("b")
        text = _in_place(text, start, end, str(day))
    return text
