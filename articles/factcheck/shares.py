"""Counts that state a span of values rather than one number: shares of those aboard ("about 80 percent were men",
"a fifth were women", "four in five of the deportees", "most were women", "women outnumbered men") and ranges
("between 100 and 130 people").

Both are read before the single-number readers, so that "five" in "one in five" or "130" in "between 100 and 130"
is never taken for a count of its own (a share read as a count is a false contradiction waiting to happen).
"""

from __future__ import annotations

import re

from articles.factcheck.lexicon import QUALIFIERS
from articles.factcheck.numbers import Number, find_numbers, number_value, qualifier_before
from articles.factcheck.statements import Range, Statement, StatementKind

# Only a part of the group has a share: men, women, minors. A share of "people" says nothing checkable.
_PART_NOUNS: dict[str, str] = {
    **dict.fromkeys(["men", "man", "males", "male"], "passengers_male"),
    **dict.fromkeys(["women", "woman", "females", "female"], "passengers_female"),
    **dict.fromkeys(["children", "child", "minors", "minor", "juveniles", "juvenile"], "passengers_juvenile"),
}
_PART = "|".join(sorted(_PART_NOUNS, key=len, reverse=True))
_SMALL = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten"
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
              "tenth": 10, "tenths": 10}  # fmt: skip
_SHARE = re.compile(
    rf"(?<![\w.])(?:(?P<pct>\d{{1,3}}(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b)"
    rf"|(?P<num>{_SMALL})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<den>{_SMALL})\b"
    rf"|(?:(?P<fnum>an?|one|two|three|four)[\s-]+)?(?P<frac>halves|half|thirds?|quarters?|fifths?|tenths?)\b)",
    re.IGNORECASE,
)
# What ties a share to a part of those aboard, written after it ("… of those removed were men") or before it
# ("Women were a third of…", "women, who made up a fifth of…", "What share were women? About 21 percent").
_PART_AFTER = re.compile(
    rf"^\s*(?:of\s+)?[^.;:?\d]{{0,45}}?\b(?:were|was|are|is)\s+(?:an?\s+|adult\s+)?(?P<noun>{_PART})\b", re.I
)
_PART_BEFORE = re.compile(
    rf"\b(?P<noun>{_PART})\b[^.;\d]{{0,30}}?\b(?:were|was|are|is|made\s+up|make\s+up|makes\s+up|accounted\s+for|"
    rf"account\s+for|comprised|represented|formed|constituted)\s+(?:[a-z]+\s+){{0,3}}$"
    rf"|\b(?:share|percentage|proportion|fraction)\s+(?:of\s+(?P<noun2>{_PART})|(?:were|was)\s+(?P<noun3>{_PART}))"
    rf"\b[^.;\d]{{0,25}}$",
    re.IGNORECASE,
)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in taken)


def shares(text: str, taken: list[tuple[int, int]]) -> list[Statement]:
    """ "About 90 percent of those removed were men", "a fifth were women", "Roughly four in five … were men"."""
    found = []
    for m in _SHARE.finditer(text):
        if not _free(taken, m.start(), m.end()):
            continue
        if m.group("frac") and not m.group("fnum") and m.group("frac").lower() != "half":
            continue  # "the fifth flight", "thirds": an ordinal or a plural, not a share
        before = text[max(0, m.start() - 70) : m.start()]
        tie = _PART_AFTER.match(text[m.end() :]) or _PART_BEFORE.search(before)
        if tie is None:
            continue  # a percentage of something else ("a 5 percent raise"): left unread
        noun = next(g for g in (tie.groupdict().get(k) for k in ("noun", "noun2", "noun3")) if g)
        share = _share(m)
        if share is None or not 0 < share <= 1:
            continue
        qualifier, q_start = qualifier_before(text, m.start())
        exact = bool(m.group("pct")) and not qualifier
        rng = _share_range(share, qualifier, exact, decimals=len((m.group("pct") or "").partition(".")[2]))
        start = q_start if qualifier else m.start()
        found.append(
            Statement(
                StatementKind.COUNT, _PART_NOUNS[noun.lower()], round(share * 100, 1), text[start : m.end()],
                (start, m.end()), m.span(), range=rng, share=rng,
            )
        )  # fmt: skip
        taken.append(m.span())
    return found


def _share(m: re.Match[str]) -> float | None:
    if m.group("pct"):
        return float(m.group("pct")) / 100
    if m.group("num"):
        num, den = number_value(m.group("num")), number_value(m.group("den"))
        return num / den if num and den else None
    den = _FRACTIONS[m.group("frac").lower()]
    fnum = (m.group("fnum") or "a").lower()
    num = 1 if fnum in {"a", "an"} else number_value(fnum)
    return num / den if num else None


def _share_range(share: float, qualifier: str, exact: bool, decimals: int = 0) -> Range:
    """A written percentage holds to its rounding; a fraction in words ("a fifth", "four in five") is approximate."""
    rule = QUALIFIERS.get(qualifier, "=") if qualifier else "=" if exact else "~"
    if rule == "=":
        slack = 0.5 / 100 / (10**decimals)
        return Range(share - slack, share + slack, rule)
    if rule == ">":
        return Range(share + 1e-9, 1.0, rule)
    if rule == ">=":
        return Range(share, 1.0, rule)
    if rule == "<":
        return Range(0.0, share - 1e-9, rule)
    if rule == "<=":
        return Range(0.0, share, rule)
    if rule == "~<":
        return Range(share * 0.9, share, rule)
    return Range(share * 0.9, share * 1.1, "~")


# Majorities and comparisons between parts, with no number: "Most of those aboard were women", "Women made up the
# majority", "Men were in the minority", "Women outnumbered men", "more men than women". A majority is more than
# half of all aboard; a minority less; outnumbering compares the two parts' own counts (children may be aboard too).
_MOST = r"most|the\s+majority|a\s+majority|the\s+bulk|the\s+greater\s+part"
_FEWEST = r"a\s+minority|the\s+minority"
_MAJORITY_BEFORE = re.compile(
    rf"\b(?P<q>{_MOST}|{_FEWEST})\s+(?:of\s+)?[^.;:?\d]{{0,45}}?\b(?:were|was)\s+(?:adult\s+)?(?P<noun>{_PART})\b"
    rf"(?!\s+(?:and|or|&)\s+(?:{_PART})\b)",  # "most were women and children" is a majority of both together
    re.IGNORECASE,
)
_MAJORITY_AFTER = re.compile(
    rf"\b(?P<noun>{_PART})\b[^.;\d]{{0,30}}?\b(?:were|was|made\s+up|make\s+up|makes\s+up|formed|comprised|"
    rf"accounted\s+for)\s+(?:in\s+)?(?P<q>{_MOST}|{_FEWEST})\b",
    re.IGNORECASE,
)
_OUTNUMBERED = re.compile(
    rf"\b(?P<a>{_PART})\b[^.;\d]{{0,20}}?\bout-?number(?:ed|s)?\s+(?:the\s+)?(?P<b>{_PART})\b"
    rf"|\b(?P<b2>{_PART})\b[^.;\d]{{0,20}}?\b(?:were|was)\s+out-?numbered\s+by\s+(?:the\s+)?(?P<a2>{_PART})\b"
    rf"|\b(?P<more>more|fewer|less)\s+(?P<a3>{_PART})\s+than\s+(?P<b3>{_PART})\b",
    re.IGNORECASE,
)


def majorities(text: str, taken: list[tuple[int, int]]) -> list[Statement]:
    """ "Most of those aboard were women", "Men were in the minority", "Women outnumbered men"."""
    found = []
    for pattern in (_MAJORITY_BEFORE, _MAJORITY_AFTER):
        for m in pattern.finditer(text):
            if not _free(taken, m.start(), m.end()):
                continue
            fewest = re.fullmatch(_FEWEST, m.group("q"), re.IGNORECASE) is not None
            rng = Range(0.0, 0.5 - 1e-9, "<") if fewest else Range(0.5 + 1e-9, 1.0, ">")
            q = m.span("q")
            found.append(
                Statement(
                    StatementKind.COUNT, _PART_NOUNS[m.group("noun").lower()], m.group("q").lower(), m.group(0),
                    m.span(), q, range=rng, share=rng,
                )
            )  # fmt: skip
            taken.append(m.span())
    for m in _OUTNUMBERED.finditer(text):
        if not _free(taken, m.start(), m.end()):
            continue
        more, less = (m.group("a") or m.group("a2") or m.group("a3")), (m.group("b") or m.group("b2") or m.group("b3"))
        if (m.group("more") or "").lower() in {"fewer", "less"}:
            more, less = less, more
        field, other = _PART_NOUNS[more.lower()], _PART_NOUNS[less.lower()]
        if field == other:
            continue
        # The figure is the comparing words, after any "did not" ("Women did not outnumber men": denied).
        verb = re.search(r"out-?number|more|fewer|less", m.group(0), re.IGNORECASE)
        figure = (m.start() + verb.start(), m.end()) if verb else m.span()
        found.append(
            Statement(
                StatementKind.COUNT, field, f"more than {other}", m.group(0), m.span(), figure,
                range=Range(0.0, 1.0, ">"), than=other,
            )
        )  # fmt: skip
        taken.append(m.span())
    return found


_RANGE = re.compile(
    r"\b(?:between\s+(?P<a>[\w,]+)\s+and|from\s+(?P<b>[\w,]+)\s+to|(?P<c>[\d,]+)\s*(?:to|-|\u2013))\s*$", re.I
)


def ranges(text: str, taken: list[tuple[int, int]]) -> list[Statement]:
    """ "Between 100 and 130 people", "from 120 to 125 deportees", "100-130 passengers": a count with two ends.

    The second number carries the noun; the first is read with it, so neither is held as a count of its own.
    """
    from articles.factcheck.counts import before_noun

    found = []
    numbers = find_numbers(text)
    for number in numbers:
        if not _free(taken, number.start, number.end):
            continue
        head = _RANGE.search(text[max(0, number.start - 40) : number.start])
        if head is None:
            continue
        low_text = head.group("a") or head.group("b") or head.group("c")
        low = number_value(low_text)
        if low is None or low >= number.value or 1900 <= number.value <= 2100:
            continue
        statement = before_noun(text, number)
        if statement is None:
            continue
        start = max(0, number.start - 40) + head.start()
        low_start = text.rfind(low_text, start, number.start)
        statement.span = (start, statement.span[1])
        statement.figure_span = (low_start, number.end)
        statement.text = text[start : statement.span[1]]
        statement.range = Range(low, number.value, "between")
        statement.value = f"{low}\u2013{number.value}"  # both ends, as the editor reads them in a finding
        taken.append(statement.figure_span)
        found.append(statement)
    return found


__all__ = ["Number", "majorities", "ranges", "shares"]
