"""Numbers as reporters write them ("116", "1,200", "Ninety-six", "two dozen") and the ranges their qualifiers allow."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from articles.factcheck.lexicon import ORDINALS, QUALIFIERS, QUALIFIERS_AFTER
from articles.factcheck.statements import Range

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD = rf"(?:{_TENS}|{_UNITS}|hundred|thousand)"
# "six", "twenty-six", "one hundred sixteen", "one hundred and sixteen", "a hundred", "two dozen", "1,200".
NUMBER = re.compile(
    rf"(?<![\w$£€.,-])(?:"
    rf"\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?![\d,]\d)"
    rf"|(?:(?:{_UNITS}|a|half\s+a)\s+)?dozen"
    rf"|(?:a\s+)?{_WORD}(?:(?:[\s-]+|\s+and\s+)(?:{_TENS}|{_UNITS}|hundred|thousand))*(?:\s+dozen)?"
    rf")(?![\w%])",
    re.IGNORECASE,
)
ORDINAL = re.compile(
    r"\b(?:" + "|".join(ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+(?:of\s+)?$",
    re.IGNORECASE,
)
_QUALIFIER_AFTER = re.compile(
    r"^(?:\s+|-)(" + "|".join(re.escape(q) for q in sorted(QUALIFIERS_AFTER, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    value: int
    start: int
    end: int
    text: str
    spelled: bool


def number_value(text: str) -> int | None:
    """The number a run of digits or number words states; None when the words do not make one."""
    cleaned = text.replace(",", "").strip()
    if cleaned.isdigit():
        return int(cleaned)
    words = re.sub(r"[\s-]+", " ", cleaned.lower())
    multiplier = 1
    if words.endswith("dozen"):
        words = words[: -len("dozen")].strip()
        multiplier = 12
        if words in {"", "a"}:
            return 12
        if words == "half a":
            return 6
    if words.startswith("a "):
        words = "one " + words[2:]
    if words == "a":
        return None
    try:
        return int(text2num(words, "en")) * multiplier
    except ValueError:
        return None


def find_numbers(text: str) -> list[Number]:
    found = []
    for match in NUMBER.finditer(text):
        raw = match.group(0)
        # A bare "a" or a lone "one" used as a pronoun is not a number ("one of the men" is handled by its reader).
        value = number_value(raw)
        if value is None:
            continue
        if raw.lower().startswith("a ") and "dozen" not in raw.lower() and "hundred" not in raw.lower():
            continue
        found.append(Number(value, match.start(), match.end(), raw, not raw[0].isdigit()))
    return found


def ordinal_value(text: str) -> int | None:
    word = text.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else None


def qualifier_before(text: str, start: int) -> tuple[str, int]:
    """The approximation word written just before position start ("more than"), and where it begins."""
    match = _QUALIFIER_BEFORE.search(text[max(0, start - 40) : start])
    if not match:
        return "", start
    return match.group(1).lower(), max(0, start - 40) + match.start(1)


def qualifier_after(text: str, end: int) -> tuple[str, int]:
    match = _QUALIFIER_AFTER.match(text[end : end + 20])
    if not match:
        return "", end
    return match.group(1).lower(), end + match.end()


def value_range(value: int, qualifier: str = "", after: str = "") -> Range:
    """The values a number with its qualifier allows, as the corpus format defines them."""
    rule = QUALIFIERS.get(qualifier, "=") if qualifier else QUALIFIERS_AFTER.get(after, "=")
    if rule == ">":
        return Range(value + 1e-9, float("inf"), rule)
    if rule == ">=":
        return Range(value, float("inf"), rule)
    if rule == "<":
        return Range(float("-inf"), value - 1e-9, rule)
    if rule == "<=":
        return Range(float("-inf"), value, rule)
    if rule == "~<":
        return Range(value * 0.9, value, rule)
    if rule == "~":
        slack = max(1.0, value * 0.1)
        return Range(value - slack, value + slack, rule)
    return Range(value, value, "=")
